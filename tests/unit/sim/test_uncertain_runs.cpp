// Runs with parameters drawn per replicate: deterministic for any thread count and block split,
// wider than runs on the point values, and paired what-ifs over plausible worlds.
#include <doctest/doctest.h>

#include <string>

#include "model/loader.hpp"
#include "model/registry.hpp"
#include "sim/ensemble.hpp"
#include "sim/uncertainty.hpp"
#include "sim/whatif.hpp"
#include "scenarios.hpp"

using namespace orgforces;

namespace {

model::Scenario hello() { return test::hello_world(); }

sim::EnsembleResult run(const model::Scenario& s, int threads, bool uncertain, int replicates = 32,
                        std::vector<model::Override> then = {}) {
    sim::EnsembleOptions o;
    o.threads = threads;
    o.replicates = replicates;
    if (uncertain) o.replicate_overrides = sim::prior_draws(s, s.uncertain, sim::kBlockSize, std::move(then));
    return sim::run_ensemble(s, o);
}

const sim::Band& horizon_band(const sim::EnsembleResult& r, const std::string& team, const std::string& measure) {
    return r.find_series(team, measure)->ticks.back();
}

}  // namespace

TEST_CASE("world draws depend on (seed, world) alone") {
    CHECK(sim::world_point(5, 3, 4) == sim::world_point(5, 3, 4));
    CHECK(sim::world_point(5, 3, 4) != sim::world_point(5, 4, 4));
    CHECK(sim::world_point(5, 3, 4) != sim::world_point(6, 3, 4));
    for (double u : sim::world_point(1, 0, 16)) CHECK((u > 0.0 && u < 1.0));
}

TEST_CASE("uncertain runs are bit-identical for 1 and 2 threads and for any split of blocks") {
    const model::Scenario s = hello();
    REQUIRE(s.uncertain.size() == 3);
    const auto a = run(s, 1, true);
    const auto b = run(s, 2, true);
    REQUIRE(a.series.size() == b.series.size());
    for (std::size_t i = 0; i < a.series.size(); ++i)
        for (std::size_t t = 0; t < a.series[i].ticks.size(); ++t) {
            CHECK(a.series[i].ticks[t].mean == b.series[i].ticks[t].mean);
            CHECK(a.series[i].ticks[t].q95 == b.series[i].ticks[t].q95);
        }
    // Two ranks' shares merged in block order give the one-process bytes.
    sim::EnsembleOptions o;
    o.threads = 2;
    o.replicate_overrides = sim::prior_draws(s, s.uncertain);
    auto whole = sim::run_replicates(s, 1, 0, 32, o);
    auto first = sim::run_replicates(s, 1, 0, 16, o);
    first.merge(sim::run_replicates(s, 1, 16, 16, o));
    CHECK(whole.serialize() == first.serialize());
}

TEST_CASE("drawing the priors widens the bands: they cover ignorance as well as chance") {
    const model::Scenario s = hello();
    const auto point = run(s, 2, false, 64);
    const auto drawn = run(s, 2, true, 64);
    const auto& p = horizon_band(point, "explorers", "drift");
    const auto& d = horizon_band(drawn, "explorers", "drift");
    CHECK(d.q95 - d.q05 > 1.5 * (p.q95 - p.q05));
}

TEST_CASE("a what-if over plausible worlds: same worlds for both arms, shares and regret") {
    const model::Scenario s = hello();
    const auto base = run(s, 2, true, 64);
    SUBCASE("a variant equal to the baseline is never better or worse") {
        const auto same = run(s, 2, true, 64);
        for (const auto& c : sim::compare_over_worlds(s, base, same, sim::kBlockSize)) {
            CHECK(c.worlds == 8);
            CHECK(c.share_better == 0.0);
            CHECK(c.share_worse == 0.0);
            CHECK(c.regret_variant == 0.0);
        }
    }
    SUBCASE("more leadership lowers the explorers' drift in most worlds") {
        const std::vector<model::Override> more{{"teams.explorers.leadership", 0.12, {}}};
        const auto variant = run(model::apply_overrides(s, more), 2, true, 64, more);
        bool found = false;
        for (const auto& c : sim::compare_over_worlds(s, base, variant, sim::kBlockSize))
            if (c.entity == "explorers" && c.measure == "drift") {
                found = true;
                CHECK_FALSE(c.higher_is_better);
                CHECK(c.share_better >= 0.875);
                CHECK(c.mean_diff < 0.0);
                CHECK(c.regret_baseline > c.regret_variant);
            }
        CHECK(found);
    }
}

TEST_CASE("a stored posterior reads back with its weights and the observations it was fitted to") {
    sim::PosteriorSample p;
    p.paths = {"teams.explorers.leadership", "teams.explorers.shielding"};
    p.values = {{0.01, 0.2}, {0.05, 0.4}, {0.09, 0.6}};
    p.weights = {0.2, 0.5, 0.3};
    p.observed = {{"explorers", "drift", 26, 0.25}, {"explorers", "drift", 52, 0.35}, {"explorers", "headcount", 52, 9}};
    sim::EnsembleResult stored;
    stored.horizon_values.push_back({"explorers", "drift", {0.1, 0.2}});   // the run's own values stay apart
    sim::store_posterior(p, stored);
    const sim::PosteriorSample q = sim::stored_posterior(stored);
    CHECK(q.paths == p.paths);
    CHECK(q.values == p.values);
    CHECK(q.weights == p.weights);
    REQUIRE(q.observed.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(q.observed[i].entity == p.observed[i].entity);
        CHECK(q.observed[i].measure == p.observed[i].measure);
        CHECK(q.observed[i].tick == p.observed[i].tick);
        CHECK(q.observed[i].value == p.observed[i].value);
    }
    // A result without a posterior reads as empty.
    CHECK(sim::stored_posterior(sim::EnsembleResult{}).paths.empty());
}
