#include "app/cli/mpi_cluster.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>

#include "sim/run_plan.hpp"
#include "sim/runner.hpp"

#if defined(ORGFORCES_HAVE_MPI)
#include <mpi.h>
#endif

namespace orgforces::cli {

namespace {

// Set by Open MPI's mpirun, by PMI-1/PMI-2 and by PMIx (srun --mpi=pmix).
int launcher_size() {
    for (const char* var : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE", "SLURM_NTASKS"}) {
        if (const char* v = std::getenv(var)) return std::max(1, std::atoi(v));
    }
    if (std::getenv("PMIX_RANK")) return 2;   // PMIx without a size variable: ask MPI
    return 1;
}

[[maybe_unused]] int launcher_rank() {
    for (const char* var : {"OMPI_COMM_WORLD_RANK", "PMI_RANK", "PMIX_RANK", "SLURM_PROCID"})
        if (const char* v = std::getenv(var)) return std::max(0, std::atoi(v));
    return 0;
}

[[maybe_unused]] sim::RunInfo info_for(const EnsembleJob& job, int threads) {
    return sim::RunPlan::resolve(*job.scenario, {job.replicates, job.seed, threads, {}}).info();
}

}  // namespace

Cluster& Cluster::get() {
    static Cluster cluster;
    return cluster;
}

Cluster::Cluster() {
    const int size = launcher_size();
    if (size <= 1) return;
#if defined(ORGFORCES_HAVE_MPI)
    int provided = 0;
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
    initialized_ = true;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
#else
    // Started by a launcher but built without MPI: rank 0 does all the work, the others leave.
    rank_ = launcher_rank();
    if (rank_ != 0) std::exit(0);
    std::fprintf(stderr, "orgforces: started as one of %d processes, but this build has no MPI support; "
                         "running everything in process 0 (%s)\n", size, scale_out_hint().c_str());
#endif
}

Cluster::~Cluster() {
#if defined(ORGFORCES_HAVE_MPI)
    if (initialized_) {
        int finalized = 0;
        MPI_Finalized(&finalized);
        if (!finalized) MPI_Finalize();
    }
#endif
}

void Cluster::broadcast(std::string& text) {
#if defined(ORGFORCES_HAVE_MPI)
    if (!distributed()) return;
    unsigned long long n = text.size();
    MPI_Bcast(&n, 1, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
    text.resize(static_cast<std::size_t>(n));
    if (n) MPI_Bcast(text.data(), static_cast<int>(n), MPI_CHAR, 0, MPI_COMM_WORLD);
#else
    (void)text;
#endif
}

void Cluster::abort(int code) {
    std::fflush(stdout);
    std::fflush(stderr);
#if defined(ORGFORCES_HAVE_MPI)
    if (initialized_) MPI_Abort(MPI_COMM_WORLD, code);
#endif
    std::exit(code);
}

std::string Cluster::scale_out_hint() {
#if defined(ORGFORCES_HAVE_MPI)
    return "to spread the work over more machines: mpirun -np K orgforces ... (see docs/scaling.md)";
#else
    return "this build has no MPI; install Open MPI (libopenmpi-dev) and rebuild to run under mpirun "
           "(see docs/scaling.md)";
#endif
}

void run_ensembles(Cluster& cluster, const std::vector<EnsembleJob>& jobs, const sim::EnsembleOptions& options,
                   const std::function<void(std::size_t)>& on_start,
                   const std::function<void(std::size_t, sim::EnsembleResult&&)>& on_done) {
    if (!cluster.distributed()) {
        for (std::size_t j = 0; j < jobs.size(); ++j) {
            on_start(j);
            sim::EnsembleOptions o = options;
            o.replicates = jobs[j].replicates;
            o.seed = jobs[j].seed;
            if (jobs[j].replicate_overrides) o.replicate_overrides = jobs[j].replicate_overrides;
            on_done(j, sim::run_ensemble(*jobs[j].scenario, o));
        }
        return;
    }
#if defined(ORGFORCES_HAVE_MPI)
    // The runner deals block ranges of every job to the ranks (sim::deal_blocks); rank 0 merges
    // each job's ranges in block order.
    std::vector<int> replicates;
    for (const auto& job : jobs) replicates.push_back(job.replicates);
    const std::vector<sim::RankTask> tasks = sim::deal_blocks(replicates, cluster.size());
    std::vector<std::vector<std::size_t>> tasks_of_job(jobs.size());
    for (std::size_t t = 0; t < tasks.size(); ++t) tasks_of_job[tasks[t].job].push_back(t);
    auto owner = [&](std::size_t t) { return sim::task_owner(t, cluster.size()); };
    sim::EnsembleOptions o = options;
    o.on_progress = nullptr;   // progress is reported per job by the caller on rank 0
    auto compute = [&](const sim::RankTask& t) {
        sim::EnsembleOptions job_options = o;
        if (jobs[t.job].replicate_overrides) job_options.replicate_overrides = jobs[t.job].replicate_overrides;
        return sim::run_replicates(*jobs[t.job].scenario, jobs[t.job].seed, t.range.first, t.range.count, job_options);
    };
    constexpr int kTag = 0;   // messages from one rank arrive in the order sent (MPI non-overtaking)

    try {
        if (!cluster.is_root()) {
            std::deque<std::vector<std::uint8_t>> buffers;
            std::vector<MPI_Request> requests;
            for (std::size_t t = 0; t < tasks.size(); ++t) {
                if (owner(t) != cluster.rank()) continue;
                buffers.push_back(compute(tasks[t]).serialize());
                requests.emplace_back();
                MPI_Isend(buffers.back().data(), static_cast<int>(buffers.back().size()), MPI_BYTE, 0, kTag,
                          MPI_COMM_WORLD, &requests.back());
            }
            MPI_Waitall(static_cast<int>(requests.size()), requests.data(), MPI_STATUSES_IGNORE);
            return;
        }
        for (std::size_t j = 0; j < jobs.size(); ++j) {
            on_start(j);
            const auto started = std::chrono::steady_clock::now();
            sim::PartialEnsemble merged;
            bool first = true;
            for (std::size_t t : tasks_of_job[j]) {
                sim::PartialEnsemble part;
                if (owner(t) == 0) {
                    part = compute(tasks[t]);
                } else {
                    MPI_Status status;
                    MPI_Probe(owner(t), kTag, MPI_COMM_WORLD, &status);
                    int bytes = 0;
                    MPI_Get_count(&status, MPI_BYTE, &bytes);
                    std::vector<std::uint8_t> buffer(static_cast<std::size_t>(bytes));
                    MPI_Recv(buffer.data(), bytes, MPI_BYTE, owner(t), kTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
                    part = sim::PartialEnsemble::deserialize(buffer);
                }
                if (first) merged = std::move(part);
                else merged.merge(std::move(part));
                first = false;
            }
            auto result = sim::finish(*jobs[j].scenario, std::move(merged), info_for(jobs[j], options.threads));
            result.info.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            on_done(j, std::move(result));
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "orgforces: error on rank %d of %d: %s\n", cluster.rank(), cluster.size(), e.what());
        cluster.abort(1);
    }
#endif
}

std::optional<sim::EnsembleResult> run_ensemble_on_cluster(Cluster& cluster, const model::Scenario& s,
                                                           const sim::EnsembleOptions& options) {
    if (!cluster.distributed()) return sim::run_ensemble(s, options);
    const auto plan = sim::RunPlan::resolve(s, {options.replicates, options.seed, options.threads, {}});
    const EnsembleJob job{&s, plan.seed, plan.replicates, options.replicate_overrides};
    std::optional<sim::EnsembleResult> out;
    run_ensembles(cluster, {job}, options, [](std::size_t) {},
                  [&](std::size_t, sim::EnsembleResult&& r) { out = std::move(r); });
    return out;
}

}  // namespace orgforces::cli
