#pragma once
// The dashboard's live runs: the latest requested ensemble runs in the runner's staged mode
// (sim::run_staged: a few blocks first, then more) on a lane of its own (sim::Lane), and a Snapshot
// is published after each stage, so partial results stream in. A new request cancels the stale
// run before its next replicate.
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
#include <utility>

#include "orgforces/version.hpp"
#include "sim/ensemble.hpp"
#include "sim/runner.hpp"
#include "viz/dash/snapshot.hpp"

namespace orgforces::dash {

class EnsembleWorker {
public:
    using Clock = std::chrono::steady_clock;

    /// `threads`: engine threads per run (0 = all cores); `first_stage`: replicates in the first
    /// published stage (sim::stage_ends).
    explicit EnsembleWorker(int threads = 0, int first_stage = 16) : threads_(threads), first_stage_(first_stage) {}

    ~EnsembleWorker() {
        {
            std::lock_guard lock(mutex_);
            stop_ = true;
            cancel_ = true;
        }
        // lane_ is destroyed first (declared last): it runs what is queued, which returns at once.
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
        lane_.post([this] { take(); });
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

    // On the lane: runs the latest request, if a newer task has not taken it already.
    void take() {
        Request request;
        {
            std::lock_guard lock(mutex_);
            if (stop_ || !pending_) return;
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
        sim::EnsembleOptions options;
        options.replicates = request.replicates;
        options.threads = threads_;
        options.cancel = &cancel_;
        options.replicate_overrides = request.draws;
        double first_ms = -1.0;
        try {
            sim::run_staged(*request.scenario, options, first_stage_, [&](sim::EnsembleResult&& r, int done) {
                r.info.wall_seconds = ms_since(request.submitted) / 1000.0;
                if (first_ms < 0) first_ms = ms_since(request.submitted);
                publish(request, std::make_shared<const sim::EnsembleResult>(std::move(r)), done,
                        done < request.replicates, first_ms);
            });
        } catch (const sim::Cancelled&) {
            // A newer request replaced this one; it publishes its own snapshots.
        } catch (const std::exception& e) {
            publish(request, nullptr, 0, false, first_ms, e.what());
        }
    }

    const int threads_;
    const int first_stage_;
    mutable std::mutex mutex_;
    std::condition_variable idle_;
    std::optional<Request> pending_;
    std::uint64_t generation_ = 0;
    bool stop_ = false;
    bool busy_ = false;
    std::atomic<bool> cancel_{false};
    std::shared_ptr<const sim::EnsembleResult> baseline_;
    std::string baseline_label_ = "before the latest change";
    bool baseline_pinned_ = false;
    SnapshotBox box_;
    sim::Lane lane_;  // last: destroyed first, so no task outlives the members above
};

}  // namespace orgforces::dash
