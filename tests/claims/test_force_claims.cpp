// Claims about forces, leaders, culture and turnover in docs/model.md's claims ledger. Each case
// runs two settings of one scenario on common random numbers (the same seed, so replicate r of
// both starts from the same people and draws the same noise) and checks the direction and a
// minimum size of the effect at the horizon; the figures in the ledger are what these cases
// measure (printed with --success).

#include <doctest/doctest.h>

#include <string>

#include "claims.hpp"

using namespace orgforces;

namespace {

// An exploring team under a planning force, beside an operations team it collaborates with; every
// stochastic mechanism of practice is on (noise, spread, peers, turnover with inside transfers).
const std::string kScenario =
    claims::preamble("claims", 104, 11, 32, "[{name: eng}]") + R"(
  idea_mix: {engineering: 0.7, design: 0.3}
  idea_rate: 0.2
  noise: 0.01
  peer_conformity: 0.05
  network_influence: 0
  friction_attrition: 0
gravity:
  - {name: planning, target: {horizon: 0.1, exploration: 0.2}, strength: 0.02}
water:
  - name: engineering-first
    prevalence: 0.8
    socialization: 0.05
    filters: {design: 0.6}
teams:
  - name: explorers
    unit: eng
    size: 20
    intent: {horizon: 0.8, exploration: 0.8}
    leadership: 0.04
    shielding: 0.2
    attrition: 0.01
    hiring: {external_fraction: 0}
    links: {operators: 1}
  - name: operators
    unit: eng
    size: 30
    intent: {horizon: 0.2, exploration: 0.2}
)";

model::Scenario base() { return claims::scenario_with(kScenario, "claims.yaml"); }

model::Scenario with(const claims::Sets& sets) { return claims::scenario_with(kScenario, "claims.yaml", sets); }

/// The ensemble mean of `measure` for `team` at the horizon.
double at_horizon(const model::Scenario& s, const std::string& team, const std::string& measure) {
    return claims::mean_at(sim::run_ensemble(s), team, measure);
}

/// The ensemble mean of `measure` for `team` summed over every tick.
double over_run(const model::Scenario& s, const std::string& team, const std::string& measure) {
    return claims::mean_over_run(sim::run_ensemble(s), team, measure);
}

}  // namespace

TEST_CASE("claim: a stronger environmental pull means more drift from intent") {
    const double weak = at_horizon(with({{"forces.planning.strength", 0.01}}), "explorers", "drift");
    const double strong = at_horizon(with({{"forces.planning.strength", 0.04}}), "explorers", "drift");
    MESSAGE("drift at the horizon: " << weak << " at strength 0.01, " << strong << " at 0.04");
    CHECK(strong > weak + 0.05);
}

TEST_CASE("claim: leaders who shield their team slow its drift") {
    const double open = at_horizon(with({{"teams.explorers.shielding", 0.0}}), "explorers", "drift");
    const double shielded = at_horizon(with({{"teams.explorers.shielding", 0.6}}), "explorers", "drift");
    MESSAGE("drift at the horizon: " << open << " unshielded, " << shielded << " at shielding 0.6");
    CHECK(shielded < open - 0.04);
}

TEST_CASE("claim: strong leadership keeps a team nearer its intent") {
    const double weak = at_horizon(with({{"teams.explorers.leadership", 0.01}}), "explorers", "drift");
    const double strong = at_horizon(with({{"teams.explorers.leadership", 0.08}}), "explorers", "drift");
    MESSAGE("drift at the horizon: " << weak << " at leadership 0.01, " << strong << " at 0.08");
    CHECK(strong < weak - 0.05);
}

TEST_CASE("claim: an engineering culture filters out other kinds of ideas") {
    const model::Scenario s = base();
    const double design_made = over_run(s, "explorers", "ideas_produced:design");
    const double design_lost = over_run(s, "explorers", "ideas_dismissed:design");
    const double eng_lost = over_run(s, "explorers", "ideas_dismissed:engineering");
    const double off_lost = over_run(with({{"forces.engineering-first.enabled", 0}}), "explorers",
                                     "ideas_dismissed:design");
    MESSAGE("design ideas dismissed: " << design_lost / design_made << " of those produced; engineering ideas dismissed: "
                                        << eng_lost << "; design dismissed with the culture off: " << off_lost);
    CHECK(design_made > 10.0);
    CHECK(design_lost / design_made > 0.3);
    CHECK(eng_lost == 0.0);
    CHECK(off_lost == 0.0);
}

TEST_CASE("claim: inside hires bring the organization's culture back into a team") {
    // Outside hires arrive at the team's intent with no assumption; inside transfers at the
    // environment default with the organization's prevalence.
    const auto inside = with({{"teams.explorers.attrition", 0.03}, {"teams.explorers.hiring.external_fraction", 0}});
    const auto outside = with({{"teams.explorers.attrition", 0.03}, {"teams.explorers.hiring.external_fraction", 1}});
    const double drift_in = at_horizon(inside, "explorers", "drift");
    const double drift_out = at_horizon(outside, "explorers", "drift");
    const double culture_in = at_horizon(inside, "explorers", "assumption:engineering-first");
    const double culture_out = at_horizon(outside, "explorers", "assumption:engineering-first");
    MESSAGE("drift " << drift_in << " with inside transfers, " << drift_out << " with outside hires; assumption level "
                     << culture_in << " against " << culture_out);
    CHECK(drift_in > drift_out + 0.03);
    CHECK(culture_in > culture_out + 0.1);
}

TEST_CASE("claim: turnover pulls a team back toward the organization's default") {
    const double stable = at_horizon(with({{"teams.explorers.attrition", 0.0}}), "explorers", "distance_to_default");
    const double churning = at_horizon(with({{"teams.explorers.attrition", 0.04}}), "explorers", "distance_to_default");
    MESSAGE("distance to the default at the horizon: " << stable << " without turnover, " << churning
                                                        << " at attrition 0.04 per week");
    CHECK(churning < stable - 0.03);
}

TEST_CASE("claim: goals erode toward what the team actually does") {
    const double firm = at_horizon(with({{"organization.intent_erosion", 0.0}}), "explorers", "drift");
    const double eroding = at_horizon(with({{"organization.intent_erosion", 0.02}}), "explorers", "drift");
    MESSAGE("drift from the declared intent: " << firm << " without erosion, " << eroding << " at erosion 0.02");
    CHECK(eroding > firm + 0.03);
}

TEST_CASE("claim: collaboration links pull teams toward each other") {
    const double apart = at_horizon(with({{"organization.network_influence", 0.0}}), "explorers", "drift");
    const double linked = at_horizon(with({{"organization.network_influence", 0.05}}), "explorers", "drift");
    MESSAGE("explorers' drift: " << apart << " without link influence, " << linked
                                  << " when linked to operators at influence 0.05");
    CHECK(linked > apart + 0.03);
}
