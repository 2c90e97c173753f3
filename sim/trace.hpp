#pragma once
// "A replicate yields named per-tick series": the small interface between anything that simulates
// replicates (the engine, a bundled classic such as March 1991) and the ensemble summaries.
//
// A TraceModel lists its series and makes one TraceWorker per thread; a worker fills a flat
// buffer out[series * ticks + t] for one replicate. run_trace_replicates (sim/ensemble.hpp) turns
// those buffers into bounded, exactly mergeable summaries (quantile histograms, means with CIs),
// and its `finish` hook adds what only the model knows how to read from them.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sim/results.hpp"

namespace orgforces::sim {

/// One named per-tick series and the range its quantile histogram spans. Values outside
/// [lo, hi] are still summarized exactly in the mean and min/max; their quantiles are clamped
/// to the observed range.
struct SeriesSpec {
    std::string entity;    ///< team name, or "" for the whole model
    std::string measure;
    double lo = 0.0;
    double hi = 1.0;
    /// Also keep each replicate's value at the last tick (EnsembleResult::horizon_values), so
    /// runs on common random numbers can be compared replicate by replicate.
    bool per_replicate = false;
};

/// What one replicate leaves besides its series.
struct ReplicateExtras {
    std::int64_t person_ticks = 0;           ///< work done, for throughput figures
    std::vector<VentureOutcome> outcomes;    ///< appended by the worker (may stay empty)
};

/// Simulates replicates on one thread; made once per thread, reused for many replicates.
class TraceWorker {
public:
    virtual ~TraceWorker() = default;
    /// Fills out[series * ticks + t] for `replicate` of a run seeded with `seed`.
    virtual void run(std::uint64_t seed, int replicate, double* out, ReplicateExtras& extras) = 0;
};

/// A source of replicates with named per-tick series.
struct TraceModel {
    std::vector<SeriesSpec> series;
    int ticks = 0;   ///< values per series (ticks 0..horizon: horizon + 1)
    std::function<std::unique_ptr<TraceWorker>()> make_worker;
    /// The model's own views of a finished ensemble (scalars, dropped series); may be empty.
    std::function<void(EnsembleResult&)> finish;
};

}  // namespace orgforces::sim
