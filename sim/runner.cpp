#include "sim/runner.hpp"

#include <algorithm>

#include "sim/run_plan.hpp"

namespace orgforces::sim {

// [pool] ---------------------------------------------------------------------------------------
// Threads pull the next job index from one counter; a failure or a cancel stops the counter for
// everyone. The threads live for one call: a call's jobs are long (whole blocks of replicates).

void run_jobs(int jobs, int threads, const std::function<void(int, int)>& work, const RunControl& control) {
    if (jobs <= 0) return;
    threads = pool_threads(threads, jobs);
    std::atomic<int> next{0};
    std::mutex mutex;
    std::exception_ptr failure;
    int done = 0;
    auto run = [&](int worker) {
        for (;;) {
            if (control.cancel && control.cancel->load()) next = jobs;
            const int j = next++;
            if (j >= jobs) return;
            try {
                work(worker, j);
                std::lock_guard lock(mutex);
                ++done;
                if (control.on_progress) control.on_progress(done, jobs);
            } catch (...) {
                std::lock_guard lock(mutex);
                if (!failure) failure = std::current_exception();
                next = jobs;
            }
        }
    };
    if (threads == 1) {
        run(0);
    } else {
        std::vector<std::thread> pool;
        pool.reserve(static_cast<std::size_t>(threads));
        for (int i = 0; i < threads; ++i) pool.emplace_back(run, i);
        for (auto& t : pool) t.join();
    }
    if (failure) std::rethrow_exception(failure);
    if (done < jobs) throw Cancelled();  // stopped by the cancel flag
}

int pool_threads(int threads, int jobs) {
    return std::clamp(threads > 0 ? threads : hardware_threads(), 1, std::max(jobs, 1));
}

void parallel_for(int jobs, int threads, const std::function<void(int)>& work, const RunControl& control) {
    run_jobs(jobs, threads, [&work](int, int job) { work(job); }, control);
}

// [stages] -------------------------------------------------------------------------------------

std::vector<int> stage_ends(int total, int first_stage) {
    std::vector<int> ends;
    if (total <= 0) return ends;
    const int first_blocks = (std::max(first_stage, kBlockSize) + kBlockSize - 1) / kBlockSize;
    int stage = std::min(total, first_blocks * kBlockSize);
    ends.push_back(stage);
    while (stage < total) {
        // Double, rounded down to whole blocks (at least one more block), capped at the total.
        stage = std::min(total, std::max(stage * 2, stage + kBlockSize) / kBlockSize * kBlockSize);
        ends.push_back(stage);
    }
    return ends;
}

// [ranks] --------------------------------------------------------------------------------------
// About two tasks per rank in all: few jobs are split finer so that every rank has work.

std::vector<RankTask> deal_blocks(const std::vector<int>& replicates, int ranks) {
    std::vector<RankTask> tasks;
    if (replicates.empty()) return tasks;
    const std::size_t n = replicates.size();
    const int wanted = std::max(1, static_cast<int>((2 * std::size_t(std::max(ranks, 1)) + n - 1) / n));
    for (std::size_t j = 0; j < n; ++j) {
        const int blocks = (std::max(replicates[j], 0) + kBlockSize - 1) / kBlockSize;
        const int per_task = std::max(1, (blocks + wanted - 1) / wanted);
        for (int b = 0; b < blocks; b += per_task) {
            const int first = b * kBlockSize;
            tasks.push_back({j, {first, std::min(per_task * kBlockSize, replicates[j] - first)}});
        }
    }
    return tasks;
}

// [lane] ---------------------------------------------------------------------------------------

Lane::Lane() : thread_([this] { loop(); }) {}

Lane::~Lane() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    stopping_->store(true);
    wake_.notify_all();
    thread_.join();
}

void Lane::post(std::function<void()> task) {
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(task));
    }
    wake_.notify_all();
}

void Lane::loop() {
    for (;;) {
        std::function<void()> task;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stop_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping with nothing left (queued tasks end quickly)
            task = std::move(queue_.front());
            queue_.pop_front();
        }
        task();
    }
}

}  // namespace orgforces::sim
