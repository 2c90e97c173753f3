#pragma once
// The dashboard's background runner: one thread that runs the latest requested ensemble in
// stages (a few blocks first, then more) and publishes a Snapshot after each stage, so partial
// results stream in. A new request cancels the stale run before its next replicate.
//
// Header-only (and free of ImGui, GLFW and OpenGL) so the latency benchmark can use the same
// code without linking the dashboard.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "orgforces/version.hpp"
#include "sim/ensemble.hpp"
#include "viz/dash/snapshot.hpp"

namespace orgforces::dash {

class EnsembleWorker {
public:
    using Clock = std::chrono::steady_clock;

    /// `threads`: engine threads per run (0 = all cores); `first_stage`: replicates in the first
    /// published stage (each later stage doubles the count).
    explicit EnsembleWorker(int threads = 0, int first_stage = 16)
        : threads_(threads), first_stage_(std::max(first_stage, sim::kBlockSize)),
          thread_([this] { loop(); }) {}

    ~EnsembleWorker() {
        {
            std::lock_guard lock(mutex_);
            stop_ = true;
            cancel_ = true;
        }
        wake_.notify_all();
        thread_.join();
    }
    EnsembleWorker(const EnsembleWorker&) = delete;
    EnsembleWorker& operator=(const EnsembleWorker&) = delete;

    /// Runs `scenario` with `replicates` replicates, cancelling whatever runs now. `preview` marks
    /// a reduced run while a control is being dragged: it never becomes the baseline. `draws`
    /// (optional) gives each replicate its parameter draws. Returns the request's generation.
    std::uint64_t submit(std::shared_ptr<const model::Scenario> scenario, int replicates,
                         bool preview, sim::ReplicateOverrides draws = {}) {
        std::uint64_t generation;
        {
            std::lock_guard lock(mutex_);
            const auto last = box_.get();
            // The baseline is the last full result of a different request: what the user saw
            // before the latest change. Previews and partial runs never replace it.
            if (last->complete() && !last->preview && last->result && !baseline_pinned_) {
                baseline_ = last->result;
                baseline_label_ = "before the latest change";
            }
            generation = ++generation_;
            pending_ = Request{generation, std::move(scenario), std::max(replicates, 1), preview,
                               Clock::now(), std::move(draws)};
            cancel_ = true;
            busy_ = true;
        }
        wake_.notify_all();
        return generation;
    }

    /// Shows `baseline` as the overlay until unpinned (comparing with a stored run); nullptr
    /// returns to "the result before the latest change".
    void pin_baseline(std::shared_ptr<const sim::EnsembleResult> baseline, std::string label) {
        std::lock_guard lock(mutex_);
        baseline_pinned_ = baseline != nullptr;
        baseline_ = std::move(baseline);
        baseline_label_ = baseline_pinned_ ? std::move(label) : std::string("before the latest change");
        auto next = std::make_shared<Snapshot>(*box_.get());
        next->baseline = baseline_;
        next->baseline_label = baseline_label_;
        box_.set(std::move(next));
    }

    /// The latest published state (never null).
    std::shared_ptr<const Snapshot> snapshot() const { return box_.get(); }

    /// True while a request is queued or running.
    bool busy() const {
        std::lock_guard lock(mutex_);
        return busy_;
    }

    /// Waits until no request is queued or running; false on timeout.
    bool wait_idle(std::chrono::milliseconds timeout) {
        std::unique_lock lock(mutex_);
        return idle_.wait_for(lock, timeout, [this] { return !busy_; });
    }

private:
    struct Request {
        std::uint64_t generation = 0;
        std::shared_ptr<const model::Scenario> scenario;
        int replicates = 0;
        bool preview = false;
        Clock::time_point submitted;
        sim::ReplicateOverrides draws;   ///< per-world parameter draws (--uncertain, --posterior)
    };

    void loop() {
        for (;;) {
            Request request;
            {
                std::unique_lock lock(mutex_);
                wake_.wait(lock, [this] { return stop_ || pending_.has_value(); });
                if (stop_) return;
                request = std::move(*pending_);
                pending_.reset();
                cancel_ = false;
            }
            run(request);
            {
                std::lock_guard lock(mutex_);
                if (!pending_) busy_ = false;
            }
            idle_.notify_all();
        }
    }

    void publish(const Request& request, std::shared_ptr<const sim::EnsembleResult> result,
                 int done, bool running, double first_ms, std::string error = {}) {
        auto next = std::make_shared<Snapshot>();
        next->generation = request.generation;
        next->scenario = request.scenario;
        next->result = std::move(result);
        next->replicates_done = done;
        next->replicates_total = request.replicates;
        next->preview = request.preview;
        next->running = running;
        next->first_result_ms = first_ms;
        next->elapsed_ms = ms_since(request.submitted);
        next->error = std::move(error);
        std::lock_guard lock(mutex_);
        if (request.generation != generation_) return;  // a newer request owns the screen
        if (!next->result) {
            // A failed request keeps showing the last result, marked with the error.
            const auto last = box_.get();
            next->result = last->result;
            next->replicates_done = last->replicates_done;
        }
        next->baseline = baseline_;
        next->baseline_label = baseline_label_;
        box_.set(std::move(next));
    }

    static double ms_since(Clock::time_point t) {
        return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
    }

    void run(const Request& request) {
        const model::Scenario& s = *request.scenario;
        sim::EnsembleOptions options;
        options.threads = threads_;
        options.cancel = &cancel_;
        options.replicate_overrides = request.draws;
        const std::uint64_t seed = s.seed;
        const int total = request.replicates;
        double first_ms = -1.0;
        try {
            sim::PartialEnsemble merged;
            int done = 0;
            int stage = std::min(total, first_stage_);
            while (done < total) {
                merged.merge(sim::run_replicates(s, seed, done, stage - done, options));
                done = stage;
                // finish() consumes its input: summarize a copy so the next stage can extend it
                // (the last stage needs no copy).
                sim::PartialEnsemble copy = done < total ? merged.clone() : std::move(merged);
                sim::RunInfo info;
                info.scenario_name = s.name;
                info.seed = seed;
                info.replicates = done;
                info.horizon = s.horizon;
                info.threads = threads_;
                info.wall_seconds = ms_since(request.submitted) / 1000.0;
                info.engine_version = kVersion;
                auto result = std::make_shared<const sim::EnsembleResult>(
                    sim::finish(s, std::move(copy), info));
                if (first_ms < 0) first_ms = ms_since(request.submitted);
                publish(request, std::move(result), done, done < total, first_ms);
                if (cancel_) throw sim::Cancelled{};
                // Next stage: double, rounded to whole blocks, capped at the total.
                stage = std::min(total, std::max(stage * 2, stage + sim::kBlockSize) /
                                            sim::kBlockSize * sim::kBlockSize);
            }
        } catch (const sim::Cancelled&) {
            // A newer request replaced this one; it publishes its own snapshots.
        } catch (const std::exception& e) {
            publish(request, nullptr, 0, false, first_ms, e.what());
        }
    }

    const int threads_;
    const int first_stage_;
    mutable std::mutex mutex_;
    std::condition_variable wake_, idle_;
    std::optional<Request> pending_;
    std::uint64_t generation_ = 0;
    bool stop_ = false;
    bool busy_ = false;
    std::atomic<bool> cancel_{false};
    std::shared_ptr<const sim::EnsembleResult> baseline_;
    std::string baseline_label_ = "before the latest change";
    bool baseline_pinned_ = false;
    SnapshotBox box_;
    std::thread thread_;  // last: starts after every member above is initialized
};

}  // namespace orgforces::dash
