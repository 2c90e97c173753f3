// Levers: finite differences on common random numbers against a known response and the oracle.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "model/loader.hpp"
#include "model/registry.hpp"
#include "sim/levers.hpp"

using namespace orgforces;

namespace {

/// One team under one strong planning force: long enough to sit near its steady state.
const char* kScenario = R"(
name: levers test
horizon: 80
seed: 11
replicates: 16
dimensions:
  - {name: horizon, low: short, high: long}
  - {name: exploration, low: keep, high: explore}
organization:
  name: L
  units:
    - name: eng
  baseline: {horizon: 0.3, exploration: 0.3}
gravity:
  - {name: planning, target: {horizon: 0.1, exploration: 0.1}, strength: 0.08}
  - {name: minor, target: {exploration: 0.2}, strength: 0.005}
teams:
  - {name: explorers, unit: eng, size: 6, intent: {horizon: 0.9, exploration: 0.9}, leadership: 0.04, shielding: 0.2}
)";

}  // namespace

TEST_CASE("finite differences recover a known linear response with exact intervals") {
    const model::Scenario s = model::load_scenario_text(kScenario, "levers-test.yaml");
    // measure = 3 * leadership + 0.5 * shielding: effects per +10% of value are 3 * 0.004 and 0.5 * 0.02.
    const sim::Evaluator linear = [](const model::Scenario& x, std::uint64_t, int, int) {
        return std::vector<double>{3.0 * x.teams[0].leadership + 0.5 * x.teams[0].shielding};
    };
    sim::LeverOptions o;
    o.measures = {{"drift", "explorers", false}};
    o.paths = {"teams.explorers.leadership", "teams.explorers.shielding"};
    const sim::LeverReport r = sim::levers(s, o, linear);
    REQUIRE(r.levers.size() == 2);
    CHECK(r.levers[0].effect[0] == doctest::Approx(3.0 * 0.004));
    CHECK(r.levers[1].effect[0] == doctest::Approx(0.5 * 0.02));
    CHECK(r.levers[0].lo[0] == doctest::Approx(r.levers[0].effect[0]));   // no noise, no width
    CHECK(sim::ranked(r, 0).front() == 0);
}

TEST_CASE("the lever the oracle ranks first is confirmed by the simulated ranking") {
    const model::Scenario s = model::load_scenario_text(kScenario, "levers-test.yaml");
    sim::LeverOptions o;
    o.measures = {{"drift", "explorers", false}};
    o.replicates = 64;
    o.threads = 2;
    o.paths = {"forces.minor.strength", "forces.planning.strength", "teams.explorers.shielding",
               "teams.explorers.leadership"};
    const sim::LeverReport r = sim::levers(s, o);
    REQUIRE(r.levers.size() == 4);
    CHECK(r.oracle_team == "explorers");
    const auto by_oracle = sim::oracle_ranked(r.levers);
    const auto by_sim = sim::ranked(r, 0);
    CHECK(by_sim.front() == by_oracle.front());
    const auto& top = r.levers[by_sim.front()];
    CAPTURE(top.path);
    // Same direction, and the simulated interval excludes zero.
    CHECK((top.effect[0] > 0.0) == (top.oracle_drift > 0.0));
    CHECK((top.lo[0] > 0.0 || top.hi[0] < 0.0));
    // A stronger planning force raises drift; more leadership lowers it (both in oracle and engine).
    CHECK(r.levers[1].oracle_drift > 0.0);
    CHECK(r.levers[1].effect[0] > 0.0);
    CHECK(r.levers[3].oracle_drift < 0.0);
    CHECK(r.levers[3].effect[0] < 0.0);
}

TEST_CASE("default levers are the registry's tunables for the focal team and enabled forces") {
    const model::Scenario s = model::load_scenario_text(kScenario, "levers-test.yaml");
    const auto paths = sim::default_lever_paths(s, {});
    auto has = [&](const std::string& p) { return std::find(paths.begin(), paths.end(), p) != paths.end(); };
    CHECK(has("forces.planning.strength"));
    CHECK(has("teams.explorers.shielding"));
    CHECK(has("teams.explorers.leadership"));
    CHECK(has("teams.explorers.hiring.external_fraction"));
    CHECK_FALSE(has("forces.planning.enabled"));
    for (const auto& p : paths) CHECK_NOTHROW(model::find_parameter(s, p));
}
