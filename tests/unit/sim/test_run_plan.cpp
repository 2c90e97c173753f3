// The run plan: one place resolves a run's settings against its scenario.
#include <doctest/doctest.h>

#include "orgforces/version.hpp"
#include "scenarios.hpp"
#include "sim/ensemble.hpp"
#include "sim/run_plan.hpp"

using namespace orgforces;

TEST_CASE("a run plan takes what was asked and the scenario's settings for the rest") {
    model::Scenario s = test::quiet_scenario();
    s.seed = 11;
    s.replicates = 24;
    const sim::RunPlan plan = sim::RunPlan::resolve(s);
    CHECK(plan.seed == 11);
    CHECK(plan.replicates == 24);
    CHECK(plan.threads == 0);
    CHECK(plan.worker_threads() == sim::hardware_threads());
    CHECK(plan.scenario_name == s.name);
    CHECK(plan.horizon == s.horizon);

    const sim::RunPlan asked = sim::RunPlan::resolve(s, {40, 5, 3, {{"teams.frontier.size", 12.0, {}}}});
    CHECK(asked.seed == 5);
    CHECK(asked.replicates == 40);
    CHECK(asked.threads == 3);
    CHECK(asked.worker_threads() == 3);
    REQUIRE(asked.overrides.size() == 1);
    CHECK(asked.overrides[0].path == "teams.frontier.size");
}

TEST_CASE("a run plan runs at least one replicate and refuses negative settings") {
    model::Scenario s = test::quiet_scenario();
    s.replicates = 0;
    CHECK(sim::RunPlan::resolve(s).replicates == 1);
    CHECK_THROWS_AS(sim::RunPlan::resolve(s, {-1, std::nullopt, 0, {}}), sim::RunSettingsError);
    CHECK_THROWS_AS(sim::RunPlan::resolve(s, {0, std::nullopt, -2, {}}), sim::RunSettingsError);
}

TEST_CASE("a run plan's info is what an ensemble reports about itself") {
    const model::Scenario s = test::quiet_scenario(6, 10);
    sim::EnsembleOptions o;
    o.replicates = 16;
    o.seed = 3;
    o.threads = 2;
    const sim::RunInfo expected = sim::RunPlan::resolve(s, {16, 3, 2, {}}).info();
    const sim::RunInfo got = sim::run_ensemble(s, o).info;
    CHECK(got.scenario_name == expected.scenario_name);
    CHECK(got.seed == expected.seed);
    CHECK(got.replicates == expected.replicates);
    CHECK(got.horizon == expected.horizon);
    CHECK(got.threads == expected.threads);
    CHECK(got.engine_version == std::string(kVersion));
    CHECK(got.wall_seconds >= 0.0);
}
