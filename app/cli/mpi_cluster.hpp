#pragma once
// Scale-out: the processes started by mpirun or srun, and ensembles spread over them.
//
// Work is cut into (job, block range) tasks dealt round-robin to the ranks by the runner
// (sim::deal_blocks); rank 0 merges the partial summaries of each job in block order, so the result is bit-identical to one process
// with the same seed (sim/ensemble.hpp). Only rank 0 prints and writes the database. Without MPI
// (built without it, or started without a launcher) everything runs in this one process.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/scenario.hpp"
#include "sim/ensemble.hpp"

namespace orgforces::cli {

class Cluster {
public:
    /// The cluster of this process; initializes MPI on first use when started by a launcher.
    static Cluster& get();
    int rank() const { return rank_; }
    int size() const { return size_; }
    bool is_root() const { return rank_ == 0; }
    bool distributed() const { return size_ > 1; }
    /// Copies rank 0's `text` to every rank (no-op on one process).
    void broadcast(std::string& text);
    /// Ends every rank at once after a failure on one of them (plain exit on one process).
    [[noreturn]] void abort(int code);
    /// A one-line hint on how to scale out, for --help texts and logs.
    static std::string scale_out_hint();

    Cluster(const Cluster&) = delete;
    Cluster& operator=(const Cluster&) = delete;
    ~Cluster();

private:
    Cluster();
    int rank_ = 0;
    int size_ = 1;
    bool initialized_ = false;
};

/// One ensemble to run: a scenario (already with its overrides), seed and replicates.
struct EnsembleJob {
    const model::Scenario* scenario = nullptr;
    std::uint64_t seed = 0;
    int replicates = 0;
    sim::ReplicateOverrides replicate_overrides;   ///< parameters drawn per replicate (empty: none)
};

/// Runs every job over the cluster. On rank 0 `on_start(j)` is called before job j's results are
/// gathered and `on_done(j, result)` after, in job order; other ranks only compute their share.
/// A failure on any rank ends all of them (Cluster::abort) when distributed.
void run_ensembles(Cluster& cluster, const std::vector<EnsembleJob>& jobs, const sim::EnsembleOptions& options,
                   const std::function<void(std::size_t)>& on_start,
                   const std::function<void(std::size_t, sim::EnsembleResult&&)>& on_done);

/// One ensemble of `s` over the cluster (`orgforces run` under mpirun): the result on rank 0,
/// nullopt on the other ranks. On one process this is sim::run_ensemble with its progress callback.
std::optional<sim::EnsembleResult> run_ensemble_on_cluster(Cluster& cluster, const model::Scenario& s,
                                                           const sim::EnsembleOptions& options);

}  // namespace orgforces::cli
