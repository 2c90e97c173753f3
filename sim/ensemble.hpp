#pragma once
// Monte Carlo ensembles: many independent replicates of one scenario, summarized as streaming
// statistics whose memory does not grow with the number of replicates.
//
// Determinism contract: replicates are grouped in fixed blocks of kBlockSize (independent of the
// thread count); a block's partial summary is computed in replicate order, and partial summaries
// are merged in block order. Any thread count, and any split of blocks across MPI ranks, therefore
// gives bit-identical results for the same seed.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/scenario.hpp"
#include "sim/results.hpp"
#include "sim/runner.hpp"
#include "sim/trace.hpp"

namespace orgforces::sim {

/// Parameter values for one replicate, a function of (seed, replicate) alone (sim/uncertainty.hpp),
/// so that runs with drawn parameters stay bit-identical for any thread count and MPI split.
using ReplicateOverrides = std::function<std::vector<model::Override>(std::uint64_t seed, int replicate)>;

/// How to run an ensemble; zero or empty means "as the scenario says" or "all cores".
struct EnsembleOptions {
    int replicates = 0;                 ///< 0: the scenario's `replicates`
    std::optional<std::uint64_t> seed;  ///< empty: the scenario's `seed`
    int threads = 0;                    ///< 0: all hardware threads
    /// Called from worker threads (serialized) with (replicates done, total).
    std::function<void(int, int)> on_progress;
    /// When set to true the run stops before its next replicate and throws Cancelled.
    const std::atomic<bool>* cancel = nullptr;
    /// When set, each replicate runs the scenario with these overrides applied on top.
    ReplicateOverrides replicate_overrides;
};

/// The summary of some whole blocks of replicates; mergeable, serializable (for MPI).
class PartialEnsemble {
public:
    PartialEnsemble();
    ~PartialEnsemble();
    PartialEnsemble(PartialEnsemble&&) noexcept;
    PartialEnsemble& operator=(PartialEnsemble&&) noexcept;

    /// Appends `next`, whose blocks must directly follow this one's.
    void merge(PartialEnsemble&& next);
    /// An exact copy (finish consumes its input; a copy lets a run keep extending the original).
    PartialEnsemble clone() const;
    /// A byte image for sending between processes; `deserialize` restores it exactly.
    std::vector<std::uint8_t> serialize() const;
    static PartialEnsemble deserialize(const std::vector<std::uint8_t>& bytes);

private:
    struct Impl;
    std::unique_ptr<Impl> impl;
    friend PartialEnsemble run_trace_replicates(const TraceModel&, std::uint64_t, int, int, const EnsembleOptions&);
    friend EnsembleResult finish_traces(PartialEnsemble&&, const RunInfo&);
};

// Scenarios (scenario_ensemble.cpp): the organization engine, or the bundled classic a scenario
// names, behind the generic trace models below.

/// The model `s` runs on, with `draws` applied per replicate when set (classics take none).
TraceModel trace_model_for(const model::Scenario& s, ReplicateOverrides draws = {});

/// Runs replicates [first, first + count) of `s` (first a multiple of kBlockSize).
PartialEnsemble run_replicates(const model::Scenario& s, std::uint64_t seed, int first, int count,
                               const EnsembleOptions& options);

/// Turns merged partials covering replicates [0, n) into the final result.
EnsembleResult finish(const model::Scenario& s, PartialEnsemble&& all, const RunInfo& info);

/// Runs a whole ensemble on this machine: run_replicates over all blocks, then finish.
EnsembleResult run_ensemble(const model::Scenario& s, const EnsembleOptions& options = {});

/// The staged mode (live runs): the ensemble `options` resolve to (sim/run_plan.hpp), run in stages
/// of `stage_ends(replicates, first_stage)`; after each, `on_stage(result so far, replicates done)`.
/// The last stage's result is run_ensemble's. A raised `options.cancel` ends it with Cancelled.
void run_staged(const model::Scenario& s, const EnsembleOptions& options, int first_stage,
                const std::function<void(EnsembleResult&&, int)>& on_stage);

// Generic trace models (sim/trace.hpp): the engine is one, a bundled classic another. Summaries
// hold only exact integers (histogram counts, fixed-point sums), so merging is exact in any order.

/// Runs replicates [first, first + count) of `model` (first a multiple of kBlockSize).
PartialEnsemble run_trace_replicates(const TraceModel& model, std::uint64_t seed, int first, int count,
                                     const EnsembleOptions& options);

/// The series of merged partials (quantile bands, means with 95% CIs), their venture outcomes in
/// replicate order and person-ticks; `info` is copied with replicates and person_ticks filled in.
EnsembleResult finish_traces(PartialEnsemble&& all, const RunInfo& info);

/// finish_traces, then the model's own finish hook.
EnsembleResult finish_traces(const TraceModel& model, PartialEnsemble&& all, const RunInfo& info);

}  // namespace orgforces::sim
