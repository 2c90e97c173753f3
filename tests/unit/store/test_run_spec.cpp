// A stored run's spec comes from the run plan: one assembly for every command.
#include <doctest/doctest.h>

#include "sim/run_plan.hpp"
#include "store/results_store.hpp"

using namespace orgforces;

TEST_CASE("a run spec carries the scenario's text and events and the plan's settings") {
    model::Scenario s;
    s.name = "spec";
    s.source_text = "name: spec\n";
    s.horizon = 30;
    s.seed = 4;
    s.replicates = 10;
    s.events.push_back({});
    s.events.back().tick = 7;
    const auto plan = sim::RunPlan::resolve(s, {0, 99, 2, {{"organization.noise", 0.25, {}}}});
    const store::RunSpec spec = store::run_spec(s, plan, "whatif", "variant");
    CHECK(spec.scenario_name == "spec");
    CHECK(spec.scenario_text == s.source_text);
    REQUIRE(spec.events.size() == 1);
    CHECK(spec.events[0].tick == 7);
    CHECK(spec.seed == 99);
    CHECK(spec.replicates == 10);
    CHECK(spec.horizon == 30);
    CHECK(spec.threads == 2);
    CHECK(spec.ranks == 1);
    CHECK(spec.command == "whatif");
    CHECK(spec.label == "variant");
    REQUIRE(spec.overrides.size() == 1);
    CHECK(spec.overrides[0].path == "organization.noise");
    CHECK(spec.overrides[0].value == 0.25);
}
