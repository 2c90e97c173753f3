// Ensembles: determinism for any thread count, exact merges and byte images of partials.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <vector>

#include "scenarios.hpp"
#include "sim/ensemble.hpp"
#include "sim/whatif.hpp"

using namespace orgforces;
using test::gravity;
using test::quiet_scenario;
using test::water;

namespace {

// Every mechanism on, small enough to run in well under a second.
model::Scenario busy_scenario() {
    auto s = quiet_scenario(15, 40);
    s.organization.noise = 0.02;
    s.organization.idea_rate = 0.2;
    s.organization.idea_mix = {{"design", 1.0}, {"engineering", 2.0}};
    s.organization.peer_conformity = 0.05;
    s.organization.network_influence = 0.02;
    s.organization.friction_attrition = 0.05;
    s.organization.intent_erosion = 0.01;
    s.teams[0].base_attrition = 0.02;
    s.teams[0].initial_spread = 0.05;
    auto other = s.teams[0];
    other.name = "core";
    other.intent = {0.3, 0.2};
    other.links = {{"frontier", 1.0, {}}};
    s.teams.push_back(other);
    s.teams[0].links = {{"core", 0.5, {}}};
    s.teams[0].hiring.growth = 0.1;
    s.gravity.push_back(gravity("okrs", {0.2, 0.1}, 0.05));
    auto w = water("ship-it", 0.8, 0.05);
    w.code_learning = 0.1;
    w.leans = {0.1, 0.2};
    w.lean_weight = 0.02;
    w.filters = {{"design", 0.6}};
    s.water.push_back(w);
    return s;
}

std::uint64_t fnv(std::uint64_t h, const void* p, std::size_t n) {
    const auto* b = static_cast<const unsigned char*>(p);
    for (std::size_t i = 0; i < n; ++i) h = (h ^ b[i]) * 1099511628211ull;
    return h;
}

std::uint64_t hash(const sim::EnsembleResult& r) {
    std::uint64_t h = 1469598103934665603ull;
    for (const auto& s : r.series) {
        h = fnv(h, s.entity.data(), s.entity.size());
        h = fnv(h, s.measure.data(), s.measure.size());
        for (const auto& b : s.ticks) h = fnv(h, &b, sizeof b);
    }
    for (const auto& s : r.scalars) h = fnv(h, &s.value, sizeof s.value);
    return h;
}

}  // namespace

TEST_CASE("summaries are bit-identical for 1, 2 and 4 threads") {
    const auto s = busy_scenario();
    sim::EnsembleOptions o;
    o.replicates = 37;  // a partial last block
    o.threads = 1;
    const auto one = sim::run_ensemble(s, o);
    o.threads = 2;
    const auto two = sim::run_ensemble(s, o);
    o.threads = 4;
    const auto four = sim::run_ensemble(s, o);
    CHECK(one.info.replicates == 37);
    CHECK(hash(one) == hash(two));
    CHECK(hash(one) == hash(four));
    CHECK(one.info.person_ticks == four.info.person_ticks);
    // A different seed gives a different result (the hash is sensitive).
    o.seed = 99;
    CHECK(hash(sim::run_ensemble(s, o)) != hash(one));
}

TEST_CASE("partials merge exactly and survive a byte image") {
    const auto s = busy_scenario();
    sim::EnsembleOptions o;
    o.threads = 2;
    sim::RunInfo info;
    auto whole = sim::run_replicates(s, 5, 0, 24, o);
    auto a = sim::run_replicates(s, 5, 0, 16, o);
    auto b = sim::run_replicates(s, 5, 16, 8, o);
    auto b_copy = sim::PartialEnsemble::deserialize(b.serialize());
    CHECK(b_copy.serialize() == b.serialize());
    a.merge(std::move(b_copy));
    CHECK(a.serialize() == whole.serialize());
    CHECK(hash(sim::finish(s, std::move(a), info)) == hash(sim::finish(s, std::move(whole), info)));
    // Out-of-order merges are refused.
    auto c = sim::run_replicates(s, 5, 0, 8, o);
    auto d = sim::run_replicates(s, 5, 16, 8, o);
    CHECK_THROWS(c.merge(std::move(d)));
    CHECK_THROWS(sim::PartialEnsemble::deserialize({1, 2, 3}));
}

TEST_CASE("bands bracket the mean and quantiles are ordered") {
    const auto s = busy_scenario();
    sim::EnsembleOptions o;
    o.replicates = 40;
    o.threads = 2;
    const auto r = sim::run_ensemble(s, o);
    const auto* drift = r.find_series("frontier", "drift");
    REQUIRE(drift != nullptr);
    REQUIRE(drift->ticks.size() == 41);
    for (const auto& b : drift->ticks) {
        CHECK(b.q05 <= b.q25);
        CHECK(b.q25 <= b.q50);
        CHECK(b.q50 <= b.q75);
        CHECK(b.q75 <= b.q95);
        CHECK(b.ci_lo <= b.mean);
        CHECK(b.mean <= b.ci_hi);
    }
    // A constant measure has a degenerate band at its value.
    const auto* head = r.find_series("core", "headcount");
    REQUIRE(head != nullptr);
    CHECK(head->ticks.back().q05 == 15.0);
    CHECK(head->ticks.back().q95 == 15.0);
    CHECK(r.find_scalar("frontier", "intent_surviving") != nullptr);
    CHECK(r.info.person_ticks > 40 * 40 * 30);
}

TEST_CASE("a cancelled run stops with Cancelled") {
    const auto s = busy_scenario();
    std::atomic<bool> cancel{true};
    sim::EnsembleOptions o;
    o.replicates = 64;
    o.cancel = &cancel;
    CHECK_THROWS_AS(sim::run_ensemble(s, o), sim::Cancelled);
}

namespace {

// A trace model whose replicate r has the value ((r * 37 + t * 11) % 100 + 0.5) / 100 at tick t:
// every replicate count sees a known spread of values, and a replicate costs nothing.
class GridWorker final : public sim::TraceWorker {
public:
    void run(std::uint64_t, int replicate, double* out, sim::ReplicateExtras& extras) override {
        for (int t = 0; t < 4; ++t) out[t] = ((replicate * 37 + t * 11) % 100 + 0.5) / 100.0;
        extras.person_ticks += 1;
    }
};

sim::TraceModel grid_model() {
    sim::TraceModel m;
    m.series = {sim::SeriesSpec{"grid", "value", 0.0, 1.0, true}};
    m.ticks = 4;
    m.make_worker = [] { return std::make_unique<GridWorker>(); };
    return m;
}

}  // namespace

TEST_CASE("quantiles follow the data for small, medium and large replicate counts") {
    // 24 replicates are summarized from sorted bins, 200 by counting, 1100 from the histogram
    // itself (past 4 × bins replicates); all three must track the grid's own quantiles.
    for (int n : {24, 200, 1100}) {
        CAPTURE(n);
        sim::EnsembleOptions o;
        o.threads = 2;
        auto r = sim::finish_traces(sim::run_trace_replicates(grid_model(), 1, 0, n, o), {});
        REQUIRE(r.series.size() == 1);
        std::vector<double> v;
        for (int i = 0; i < n; ++i) v.push_back(((i * 37 + 3 * 11) % 100 + 0.5) / 100.0);
        std::sort(v.begin(), v.end());
        const auto& b = r.series[0].ticks[3];
        auto empirical = [&](double p) { return v[std::min<std::size_t>(v.size() - 1, std::size_t(p * v.size()))]; };
        const double tol = 0.02 + 1.0 / n;  // bin width and the interpolation within a bin
        CHECK(std::abs(b.q05 - empirical(0.05)) < tol);
        CHECK(std::abs(b.q25 - empirical(0.25)) < tol);
        CHECK(std::abs(b.q50 - empirical(0.50)) < tol);
        CHECK(std::abs(b.q75 - empirical(0.75)) < tol);
        CHECK(std::abs(b.q95 - empirical(0.95)) < tol);
        double mean = 0.0;
        for (double x : v) mean += x;
        CHECK(b.mean == doctest::Approx(mean / n).epsilon(1e-12));
    }
}

TEST_CASE("a histogram made by merging bin rows equals one made directly") {
    // 1032 replicates pass the row limit (4 × 256 bins): the whole run fills the histogram
    // directly, the merged run converts its rows; both, and any thread count, give the same bits.
    sim::EnsembleOptions o;
    o.threads = 1;
    auto whole = sim::run_trace_replicates(grid_model(), 1, 0, 1032, o);
    o.threads = 3;
    auto whole3 = sim::run_trace_replicates(grid_model(), 1, 0, 1032, o);
    CHECK(whole.serialize() == whole3.serialize());
    auto a = sim::run_trace_replicates(grid_model(), 1, 0, 1024, o);
    auto b = sim::run_trace_replicates(grid_model(), 1, 1024, 8, o);
    a.merge(std::move(b));
    CHECK(a.serialize() == whole.serialize());
    auto copy = sim::PartialEnsemble::deserialize(whole.serialize());
    const auto ra = sim::finish_traces(std::move(a), {});
    const auto rw = sim::finish_traces(std::move(whole), {});
    const auto rc = sim::finish_traces(std::move(copy), {});
    CHECK(hash(ra) == hash(rw));
    CHECK(hash(rc) == hash(rw));
    CHECK(rw.info.replicates == 1032);
    CHECK(rw.info.person_ticks == 1032);
}

TEST_CASE("horizon values are kept per replicate, in replicate order, for any thread count") {
    const auto s = busy_scenario();
    sim::EnsembleOptions o;
    o.replicates = 21;
    o.threads = 1;
    const auto one = sim::run_ensemble(s, o);
    o.threads = 3;
    const auto three = sim::run_ensemble(s, o);
    REQUIRE(one.horizon_values.size() == 2 * s.teams.size());  // drift and friction per team
    for (std::size_t i = 0; i < one.horizon_values.size(); ++i) {
        const auto& hv = one.horizon_values[i];
        CHECK(hv.values.size() == 21);
        CHECK(hv.values == three.horizon_values[i].values);
        // Their mean is the band's mean at the horizon.
        const auto* series = one.find_series(hv.entity, hv.measure);
        REQUIRE(series != nullptr);
        double sum = 0.0;
        for (double x : hv.values) sum += x;
        CHECK(sum / 21.0 == doctest::Approx(series->ticks.back().mean).epsilon(1e-9));
    }
    // A clone summarizes like the original, and leaves the original intact.
    auto part = sim::run_replicates(s, 3, 0, 16, o);
    auto copy = part.clone();
    CHECK(copy.serialize() == part.serialize());
    CHECK(hash(sim::finish(s, std::move(copy), {})) == hash(sim::finish(s, std::move(part), {})));
}

TEST_CASE("what-if comparisons of drift and friction are paired by replicate") {
    const auto s = busy_scenario();
    auto v = s;
    v.teams[0].shielding = 0.9;
    sim::EnsembleOptions o;
    o.replicates = 16;
    o.threads = 2;
    const auto base = sim::run_ensemble(s, o);
    const auto same = sim::run_ensemble(s, o);
    const auto variant = sim::run_ensemble(v, o);
    int rows = 0;
    for (const auto& c : sim::compare_key_measures(s, base, same)) {
        if (c.measure != "drift" && c.measure != "friction") continue;
        ++rows;
        CHECK(c.d.paired);
        CHECK(c.d.diff == 0.0);  // common random numbers: the same run, draw for draw
        CHECK(c.d.lo == 0.0);
        CHECK(c.d.hi == 0.0);
    }
    CHECK(rows == 2 * static_cast<int>(s.teams.size()));
    for (const auto& c : sim::compare_key_measures(s, base, variant))
        if (c.entity == "frontier" && c.measure == "drift") {
            CHECK(c.d.paired);
            CHECK(c.d.n == 16);
            CHECK(c.d.lo <= c.d.diff);
            CHECK(c.d.diff <= c.d.hi);
        }
}
