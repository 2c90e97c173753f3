#pragma once
// The runner: the one place that starts threads and decides who computes which replicates.
//
// Work is cut into jobs (for ensembles, ranges of whole blocks of kBlockSize replicates). A job's
// result goes to the job's own slot and slots are combined in job order, so which thread or
// process ran a job, and when, never changes a result. Three schedules share this cut:
// - the pool (run_jobs, parallel_for, map_jobs): one call's jobs on up to N threads of this process;
// - stages (stage_ends): a small first batch, then refinement, for the dashboard's live runs;
// - ranks (deal_blocks): the same blocks dealt to the processes of an MPI run.
// A Lane is one background thread running tasks in order (the dashboard's runs and analyses).

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace orgforces::sim {

/// Replicates per block, the unit of scheduling; fixed, so no thread count or rank layout moves a
/// replicate to another block.
inline constexpr int kBlockSize = 8;

/// Thrown by a runner call (and by ensembles) whose cancel flag was raised.
struct Cancelled : std::exception {
    const char* what() const noexcept override { return "run cancelled"; }
};

/// How a runner call reports progress and is stopped.
struct RunControl {
    /// Raised: no further job starts and the call throws Cancelled.
    const std::atomic<bool>* cancel = nullptr;
    /// Called after each finished job with (jobs done, jobs), serialized; the last call has done == jobs.
    std::function<void(int, int)> on_progress;
};

/// Calls work(worker, job) once for every job in [0, jobs) on up to `threads` threads (0: all
/// cores); `worker` in [0, threads) names the calling thread, for per-thread scratch. Rethrows the
/// first exception (no further job starts), or throws Cancelled. Jobs write only their own slots.
void run_jobs(int jobs, int threads, const std::function<void(int worker, int job)>& work,
              const RunControl& control = {});

/// The threads run_jobs uses for `jobs` jobs when asked for `threads` (0: all cores): 1 to jobs.
int pool_threads(int threads, int jobs);

/// run_jobs without the worker index.
void parallel_for(int jobs, int threads, const std::function<void(int job)>& work, const RunControl& control = {});

/// make(job) for every job in [0, jobs), returned in job order whatever order they finished in;
/// nothing is returned when a job fails or the call is cancelled.
template <class R, class Make>
std::vector<R> map_jobs(int jobs, int threads, Make&& make, const RunControl& control = {}) {
    std::vector<std::optional<R>> slots(static_cast<std::size_t>(std::max(jobs, 0)));
    parallel_for(jobs, threads, [&](int j) { slots[static_cast<std::size_t>(j)].emplace(make(j)); }, control);
    std::vector<R> out;
    out.reserve(slots.size());
    for (auto& s : slots) out.push_back(std::move(*s));
    return out;
}

/// Replicates [first, first + count): whole blocks, except that the last may end early.
struct BlockRange {
    int first = 0;
    int count = 0;
};

/// Cumulative replicate counts of a staged run of `total`: the first at least `first_stage`
/// (whole blocks), each next one about double, the last `total`.
std::vector<int> stage_ends(int total, int first_stage);

/// One piece of a distributed run: replicates `range` of job `job`.
struct RankTask {
    std::size_t job = 0;
    BlockRange range;
};

/// Cuts jobs of `replicates[j]` replicates into ranges of whole blocks, in job then block order,
/// enough that each of `ranks` processes gets work; task t runs on rank task_owner(t, ranks).
std::vector<RankTask> deal_blocks(const std::vector<int>& replicates, int ranks);
inline int task_owner(std::size_t task, int ranks) { return static_cast<int>(task % static_cast<std::size_t>(ranks)); }

/// One background thread running posted tasks in order. The destructor raises stopping(), lets
/// the queued tasks run (they should end at once when they see it) and joins.
class Lane {
public:
    Lane();
    ~Lane();
    Lane(const Lane&) = delete;
    Lane& operator=(const Lane&) = delete;

    /// Queues `task` after the tasks queued before it.
    void post(std::function<void()> task);
    /// Raised once the lane is being destroyed.
    std::shared_ptr<const std::atomic<bool>> stopping() const { return stopping_; }

private:
    void loop();

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> queue_;
    bool stop_ = false;
    std::shared_ptr<std::atomic<bool>> stopping_ = std::make_shared<std::atomic<bool>>(false);
    std::thread thread_;  // last: starts after the members above
};

}  // namespace orgforces::sim
