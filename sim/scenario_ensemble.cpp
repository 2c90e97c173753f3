// The ensembles of a scenario: which model its replicates run on (the organization engine, or
// the bundled classic it names) and that model's own views of a finished ensemble. The summaries
// themselves are generic (ensemble.cpp).

#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <string_view>
#include <unordered_map>

#include "model/dynamics.hpp"
#include "model/oracle.hpp"
#include "sim/ensemble.hpp"
#include "sim/march1991.hpp"
#include "sim/run_plan.hpp"
#include "sim/uncertainty.hpp"
#include "sim/venture_stats.hpp"
#include "sim/world.hpp"

namespace orgforces::sim {

namespace {

// The engine's views of a finished ensemble: intent kept per team as a scalar, the ventures.
void engine_views(const model::Scenario& s, EnsembleResult& r) {
    // Intent kept at the horizon (docs/model.md#measures): the mean of the intent_kept series,
    // against the regime in force at the horizon as the series and the oracle measure it (events
    // may change the forces and the declared intents). Where a team's intent is within
    // kMinIntentGap of its default the share means nothing: its series is dropped and its scalar
    // is undefined (NaN over no replicate: null in JSON, "–" in text), never a number.
    const auto versions = model::scenario_versions(s);
    const model::Scenario& last = versions.back().scenario;
    const auto defaults = model::environment_defaults(last);  // T × D
    const std::size_t D = s.dimensions.size();
    std::unordered_map<std::string_view, int> team_of;
    for (int t = 0; t < static_cast<int>(s.teams.size()); ++t) team_of.emplace(s.teams[t].name, t);
    std::vector<Series> kept;
    kept.reserve(r.series.size());
    for (auto& series : r.series) {
        const auto found = series.measure == "intent_kept" ? team_of.find(series.entity) : team_of.end();
        if (found == team_of.end()) {
            kept.push_back(std::move(series));
            continue;
        }
        const int t = found->second;
        const auto& intent = last.teams[std::size_t(t)].intent;
        const double* e = defaults.data() + std::size_t(t) * D;
        if (series.ticks.empty() || intent.size() != D) continue;
        if (std::isnan(model::intent_kept(e, intent.data(), e, D))) {
            const double nan = std::numeric_limits<double>::quiet_NaN();
            r.scalars.push_back({series.entity, "intent_surviving", nan, nan, nan, 0});
            continue;
        }
        const Band& b = series.ticks.back();
        r.scalars.push_back({series.entity, "intent_surviving", b.mean, b.ci_lo, b.ci_hi, r.info.replicates});
        kept.push_back(std::move(series));
    }
    r.series = std::move(kept);
    if (!s.ventures.empty()) summarize_ventures(s, r.outcomes, r);
}

}  // namespace

TraceModel trace_model_for(const model::Scenario& s, ReplicateOverrides draws) {
    // Another classic would be picked here by its kind; March (1991) is the one bundled.
    if (s.classic) return march1991_trace_model(s);
    auto world = std::make_shared<const World>(s);
    TraceModel m = draws ? varying_trace_model(*world, std::move(draws)) : world->trace_model();
    // The workers and the views refer to the world; the model keeps it alive.
    m.make_worker = [world, make = std::move(m.make_worker)] { return make(); };
    m.finish = [world](EnsembleResult& r) { engine_views(world->scenario(), r); };
    return m;
}

PartialEnsemble run_replicates(const model::Scenario& s, std::uint64_t seed, int first, int count,
                               const EnsembleOptions& options) {
    return run_trace_replicates(trace_model_for(s, options.replicate_overrides), seed, first, count, options);
}

EnsembleResult finish(const model::Scenario& s, PartialEnsemble&& all, const RunInfo& info) {
    EnsembleResult r = finish_traces(std::move(all), info);
    if (!s.classic) engine_views(s, r);
    return r;
}

EnsembleResult run_ensemble(const model::Scenario& s, const EnsembleOptions& options) {
    const auto started = std::chrono::steady_clock::now();
    const RunPlan plan = RunPlan::resolve(s, {options.replicates, options.seed, options.threads, {}});
    EnsembleOptions opts = options;
    opts.threads = plan.worker_threads();
    const TraceModel model = trace_model_for(s, options.replicate_overrides);
    EnsembleResult r = finish_traces(model, run_trace_replicates(model, plan.seed, 0, plan.replicates, opts), plan.info());
    r.info.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return r;
}

void run_staged(const model::Scenario& s, const EnsembleOptions& options, int first_stage,
                const std::function<void(EnsembleResult&&, int)>& on_stage) {
    const auto started = std::chrono::steady_clock::now();
    RunPlan plan = RunPlan::resolve(s, {options.replicates, options.seed, options.threads, {}});
    EnsembleOptions opts = options;
    opts.threads = plan.worker_threads();
    const TraceModel model = trace_model_for(s, options.replicate_overrides);
    const int total = plan.replicates;
    PartialEnsemble merged;
    int done = 0;
    for (const int end : stage_ends(total, first_stage)) {
        merged.merge(run_trace_replicates(model, plan.seed, done, end - done, opts));
        done = end;
        // finish consumes its input: summarize a copy so the next stage can extend the original.
        PartialEnsemble copy = done < total ? merged.clone() : std::move(merged);
        plan.replicates = done;
        EnsembleResult r = finish_traces(model, std::move(copy), plan.info());
        r.info.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        on_stage(std::move(r), done);
        if (options.cancel && options.cancel->load()) throw Cancelled();
    }
}

}  // namespace orgforces::sim
