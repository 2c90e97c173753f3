// The run plan: one place resolves a run's settings against its scenario.
#include <doctest/doctest.h>

#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/loader.hpp"
#include "model/uncertain.hpp"
#include "orgforces/source_dir.hpp"
#include "orgforces/version.hpp"
#include "scenarios.hpp"
#include "sim/attribution.hpp"
#include "sim/ensemble.hpp"
#include "sim/levers.hpp"
#include "sim/optimize.hpp"
#include "sim/pareto.hpp"
#include "sim/run_plan.hpp"
#include "sim/sensitivity.hpp"

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

// [analyses] -----------------------------------------------------------------------------------
// Every analysis resolves its seed and replicates through the plan: an asked seed wins, the
// scenario's fills in, and the runs it makes are on that seed.

namespace {

model::Scenario hello_world() {
    model::Scenario s = model::load_scenario_file(std::string(ORGFORCES_SOURCE_DIR) + "/scenarios/hello-world.yaml");
    s.horizon = 26;
    s.seed = 42;
    return s;
}

// An evaluator that runs nothing and records the seeds it is asked for.
struct SeedSpy {
    std::shared_ptr<std::mutex> mutex = std::make_shared<std::mutex>();
    std::shared_ptr<std::set<std::uint64_t>> seeds = std::make_shared<std::set<std::uint64_t>>();
    std::size_t measures = 1;
    sim::Evaluator evaluator() const {
        return [*this](const model::Scenario&, std::uint64_t seed, int, int) {
            std::lock_guard lock(*mutex);
            seeds->insert(seed);
            return std::vector<double>(measures, double(seed % 97));
        };
    }
};

}  // namespace

TEST_CASE("attribution, levers and sensitivity run on the plan's seed") {
    const model::Scenario s = hello_world();
    const auto measures = sim::default_measures(s);
    for (const std::optional<std::uint64_t> asked : {std::optional<std::uint64_t>{}, std::optional<std::uint64_t>{7}}) {
        const std::uint64_t want = asked.value_or(42);
        CAPTURE(want);
        SeedSpy a{.measures = measures.size()}, l{.measures = measures.size()}, g{.measures = measures.size()};

        sim::AttributionOptions ao;
        ao.measures = measures;
        ao.replicates = 8;
        ao.seed = asked;
        ao.threads = 1;
        CHECK(sim::attribute(s, ao, a.evaluator()).seed == want);
        CHECK(*a.seeds == std::set<std::uint64_t>{want});

        sim::LeverOptions lo;
        lo.measures = measures;
        lo.paths = {"teams.explorers.shielding"};
        lo.replicates = 8;
        lo.seed = asked;
        lo.threads = 1;
        CHECK(sim::levers(s, lo, l.evaluator()).seed == want);
        CHECK(*l.seeds == std::set<std::uint64_t>{want});

        sim::SensitivityOptions so;
        so.measures = measures;
        so.priors = {model::parse_vary(s, "teams.explorers.shielding=0:0.8", "--vary")};
        so.samples = 4;
        so.replicates = 0;   // the scenario's
        so.bootstrap = 0;
        so.seed = asked;
        so.threads = 1;
        const auto r = sim::sensitivity(s, so, g.evaluator());
        CHECK(r.seed == want);
        CHECK(r.replicates == std::max(1, s.replicates));
        CHECK(*g.seeds == std::set<std::uint64_t>{want});
    }
}

TEST_CASE("optimize and pareto run on the plan's seed: an asked seed equals a scenario with that seed") {
    const model::Scenario s = hello_world();
    model::Scenario s7 = s;
    s7.seed = 7;

    sim::OptimizeOptions oo;
    oo.decisions = {model::parse_vary(s, "teams.explorers.shielding=0:0.8", "--decide")};
    oo.objective = sim::parse_measure(s, "drift:explorers");
    oo.maximize = false;
    oo.replicates = 8;
    oo.evaluations = 3;
    oo.threads = 1;
    const auto own = sim::optimize(s, oo);       // the scenario's seed, 42
    const auto own7 = sim::optimize(s7, oo);     // the scenario's seed, 7
    oo.seed = 7;
    const auto asked = sim::optimize(s, oo);     // asked for 7
    CHECK(own.seed == 42);
    CHECK(asked.seed == 7);
    CHECK(asked.start_objective == own7.start_objective);
    CHECK(asked.best == own7.best);
    CHECK(own.start_objective != own7.start_objective);   // the seed matters here

    sim::ParetoOptions po;
    po.decisions = oo.decisions;
    po.objectives = {sim::parse_measure(s, "drift:explorers"), sim::parse_measure(s, "leader_load:explorers")};
    po.maximize = {false, false};
    po.replicates = 8;
    po.population = 8;
    po.generations = 1;
    po.threads = 1;
    const auto front_own7 = sim::pareto(s7, po);
    po.seed = 7;
    const auto front_asked = sim::pareto(s, po);
    CHECK(front_asked.seed == 7);
    CHECK(front_own7.seed == 7);
    REQUIRE(front_asked.front.size() == front_own7.front.size());
    for (std::size_t i = 0; i < front_asked.front.size(); ++i) {
        CHECK(front_asked.front[i].decision == front_own7.front[i].decision);
        CHECK(front_asked.front[i].objectives == front_own7.front[i].objectives);
    }
}
