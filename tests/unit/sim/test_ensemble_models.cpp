// The ensemble is generic over its model: a trace model brings its series, its workers and its
// own views of the finished ensemble (the finish hook).
#include <doctest/doctest.h>

#include <cstring>
#include <memory>

#include "scenarios.hpp"
#include "sim/ensemble.hpp"
#include "sim/run_plan.hpp"

using namespace orgforces;

namespace {

// Replicate r has the value r at every tick.
class CountWorker final : public sim::TraceWorker {
public:
    void run(std::uint64_t, int replicate, double* out, sim::ReplicateExtras&) override {
        for (int t = 0; t < 3; ++t) out[t] = replicate;
    }
};

sim::TraceModel count_model() {
    sim::TraceModel m;
    m.series = {sim::SeriesSpec{"count", "value", 0.0, 64.0, false}};
    m.ticks = 3;
    m.make_worker = [] { return std::make_unique<CountWorker>(); };
    return m;
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

}  // namespace

TEST_CASE("a trace model's finish hook sees the finished bands and adds its own views") {
    sim::TraceModel m = count_model();
    m.finish = [](sim::EnsembleResult& r) {
        r.scalars.push_back({"count", "last_mean", r.series.at(0).ticks.back().mean, 0.0, 0.0, r.info.replicates});
    };
    sim::EnsembleOptions o;
    o.threads = 2;
    const auto with_hook = sim::finish_traces(m, sim::run_trace_replicates(m, 1, 0, 16, o), {});
    const auto* x = with_hook.find_scalar("count", "last_mean");
    REQUIRE(x != nullptr);
    CHECK(x->value == doctest::Approx(7.5));   // the mean of 0..15
    CHECK(x->n == 16);
    const auto bare = sim::finish_traces(sim::run_trace_replicates(m, 1, 0, 16, o), {});
    CHECK(bare.find_scalar("count", "last_mean") == nullptr);
}

TEST_CASE("the engine's ensemble is its trace model run through the generic path") {
    const model::Scenario s = test::quiet_scenario(8, 12);
    sim::EnsembleOptions o;
    o.replicates = 16;
    o.threads = 2;
    const sim::EnsembleResult direct = sim::run_ensemble(s, o);
    const sim::TraceModel model = sim::trace_model_for(s);
    REQUIRE(static_cast<bool>(model.finish));   // the engine's views: intent kept, ventures
    const sim::RunPlan plan = sim::RunPlan::resolve(s, {16, std::nullopt, 2, {}});
    const sim::EnsembleResult generic =
        sim::finish_traces(model, sim::run_trace_replicates(model, plan.seed, 0, plan.replicates, o), plan.info());
    REQUIRE(generic.series.size() == direct.series.size());
    for (std::size_t i = 0; i < direct.series.size(); ++i) {
        CAPTURE(direct.series[i].entity);
        CAPTURE(direct.series[i].measure);
        const auto& a = direct.series[i].ticks.back();
        const auto& b = generic.series[i].ticks.back();
        CHECK(same_bits(a.mean, b.mean));
        CHECK(same_bits(a.q50, b.q50));
    }
    REQUIRE(direct.scalars.size() == generic.scalars.size());
    CHECK(generic.find_scalar("frontier", "intent_surviving") != nullptr);
    // The same partials finished through the scenario agree too (MPI and attribution finish so).
    const sim::EnsembleResult via_scenario =
        sim::finish(s, sim::run_replicates(s, plan.seed, 0, plan.replicates, o), plan.info());
    REQUIRE(via_scenario.scalars.size() == generic.scalars.size());
    for (std::size_t i = 0; i < generic.scalars.size(); ++i)
        CHECK(same_bits(via_scenario.scalars[i].value, generic.scalars[i].value));
}
