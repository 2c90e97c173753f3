// Claims about friction, the leaders' load and what both cost (docs/model.md#friction, claims
// ledger rows 3 and 5). Each case runs two settings of one scenario on common random numbers (the
// same seed) and checks the direction and a minimum size of the effect; the figures in the ledger
// are what these cases measure (printed with --success).

#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "claims.hpp"

using namespace orgforces;

namespace {

// An exploring team under a planning force, far from its target; turnover with inside transfers,
// noise and peers on; friction costs capacity and people.
const std::string kScenario =
    claims::preamble("friction claims", 104, 5, 32, "[{name: eng}]") + R"(
  noise: 0.01
  peer_conformity: 0.05
  friction_capacity_cost: 0.5
  friction_attrition: 0.02
  friction_scale: 0.02
  leader_wear: 0.02
gravity:
  - {name: planning, target: {horizon: 0.1, exploration: 0.2}, strength: 0.02}
teams:
  - name: explorers
    unit: eng
    size: 30
    intent: {horizon: 0.8, exploration: 0.8}
    leadership: 0.04
    shielding: 0.2
    attrition: 0.005
    hiring: {external_fraction: 0.5}
)";

model::Scenario with(const claims::Sets& sets) { return claims::scenario_with(kScenario, "friction-claims.yaml", sets); }

struct Horizon {
    double friction, load, drift, capacity, leavers;
};

/// Ensemble means at the horizon (leavers: summed over the run).
Horizon run(const model::Scenario& s) {
    const sim::EnsembleResult r = sim::run_ensemble(s);
    const auto last = [&](const char* m) { return claims::mean_at(r, "explorers", m); };
    return {last("friction"), last("leader_load"), last("drift"), last("capacity"),
            claims::mean_over_run(r, "explorers", "leavers")};
}

}  // namespace

TEST_CASE("claim: a stronger environmental pull means more felt friction") {
    const Horizon weak = run(with({{"forces.planning.strength", 0.01}}));
    const Horizon strong = run(with({{"forces.planning.strength", 0.04}}));
    MESSAGE("friction at the horizon: " << weak.friction << " at strength 0.01, " << strong.friction << " at 0.04");
    CHECK(strong.friction > weak.friction + 0.1);
}

TEST_CASE("claim: leaders who shield their team lower its friction and carry the load themselves") {
    const Horizon open = run(with({{"teams.explorers.shielding", 0.2}}));
    const Horizon shielded = run(with({{"teams.explorers.shielding", 0.8}}));
    MESSAGE("shielding 0.2: friction " << open.friction << ", leaders' load " << open.load << "; shielding 0.8: friction "
                                       << shielded.friction << ", leaders' load " << shielded.load);
    CHECK(shielded.friction < open.friction - 0.1);
    CHECK(shielded.load > open.load + 0.1);
}

TEST_CASE("claim: friction and the leaders' load are continuous as shielding reaches 1") {
    const Horizon near = run(with({{"teams.explorers.shielding", 0.99}}));
    const Horizon full = run(with({{"teams.explorers.shielding", 1.0}}));
    const Horizon high = run(with({{"teams.explorers.shielding", 0.9}}));
    MESSAGE("friction " << high.friction << " at shielding 0.9, " << near.friction << " at 0.99, " << full.friction
                        << " at 1; leaders' load " << near.load << " at 0.99, " << full.load << " at 1");
    CHECK(full.friction == 0.0);
    CHECK(near.friction < 0.02);
    CHECK(near.friction < high.friction);
    CHECK(std::abs(near.load - full.load) < 0.02);
}

TEST_CASE("claim: shielding wears leadership down, so the team drifts more than unworn leaders would allow") {
    const Horizon fresh = run(with({{"teams.explorers.shielding", 0.8}, {"organization.leader_wear", 0.0}}));
    const Horizon worn = run(with({{"teams.explorers.shielding", 0.8}, {"organization.leader_wear", 0.05}}));
    MESSAGE("drift at shielding 0.8: " << fresh.drift << " without wear, " << worn.drift << " with leader_wear 0.05");
    CHECK(worn.drift > fresh.drift + 0.02);
}

TEST_CASE("claim: friction costs capacity and people") {
    const Horizon weak = run(with({{"forces.planning.strength", 0.01}}));
    const Horizon strong = run(with({{"forces.planning.strength", 0.04}}));
    const Horizon free = run(with({{"forces.planning.strength", 0.04},
                                   {"organization.friction_capacity_cost", 0.0},
                                   {"organization.friction_attrition", 0.0}}));
    MESSAGE("capacity at the horizon " << weak.capacity << " at strength 0.01, " << strong.capacity << " at 0.04 ("
                                       << free.capacity << " when friction costs nothing); leavers over the run "
                                       << weak.leavers << " against " << strong.leavers << " (" << free.leavers << ")");
    CHECK(strong.capacity < weak.capacity - 0.05);
    CHECK(strong.leavers > weak.leavers + 1.0);
    CHECK(free.capacity == 1.0);
    CHECK(strong.leavers > free.leavers + 1.0);
}
