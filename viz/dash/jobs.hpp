#pragma once
// The dashboard's analysis jobs (attribution, levers): one lane (sim::Lane) owned by the App runs
// them one at a time, so panels start no threads and the live what-if keeps the other core. A job
// remembers the variant it was computed for; a job asked to stop ends after its current ensemble.
//
// Free of ImGui, so the unit tests drive it directly.

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "model/scenario.hpp"
#include "sim/ensemble.hpp"
#include "sim/runner.hpp"

namespace orgforces::dash {

/// The App's lane for analyses (sim::Lane): its destructor stops every job still queued or
/// running (their progress callbacks throw sim::Cancelled) and joins.
using JobRunner = sim::Lane;

/// A costly analysis of one variant: started on a JobRunner, polled each frame.
template <class T>
class Job {
public:
    using Progress = std::function<void(int done, int total)>;
    using Compute = std::function<T(const model::Scenario&, Progress)>;

    /// Queues `compute` for `scenario` on `runner`, keeping the last answer on screen until the new
    /// one arrives. A job still running is asked to stop first.
    void start(JobRunner& runner, std::shared_ptr<const model::Scenario> scenario, Compute compute) {
        cancel();
        auto st = std::make_shared<State>();
        st->scenario = scenario;
        state_ = st;
        cancelled_ = false;
        error_.clear();
        auto stopping = runner.stopping();
        runner.post([st, stopping, compute = std::move(compute)] {
            if (st->stop.load() || stopping->load()) {  // replaced or stopped while queued
                {
                    std::lock_guard lock(st->mutex);
                    st->cancelled = true;
                }
                st->finished.store(true);
                return;
            }
            try {
                T value = compute(*st->scenario, [st, stopping](int d, int t) {
                    if (st->stop.load() || stopping->load()) throw sim::Cancelled();
                    st->done.store(d);
                    st->total.store(t);
                });
                std::lock_guard lock(st->mutex);
                st->value = std::move(value);
            } catch (const sim::Cancelled&) {
                std::lock_guard lock(st->mutex);
                st->cancelled = true;
            } catch (const std::exception& e) {
                std::lock_guard lock(st->mutex);
                st->error = e.what();
                if (st->error.empty()) st->error = "unknown error";
            }
            st->finished.store(true);
        });
    }

    /// Collects a finished computation (call once per frame); true when a new answer arrived.
    bool poll() {
        if (!state_ || !state_->finished.load()) return false;
        auto st = std::move(state_);
        std::lock_guard lock(st->mutex);
        if (st->value) {
            value_ = std::move(st->value);
            computed_for_ = st->scenario;
            return true;
        }
        cancelled_ = st->cancelled;
        error_ = st->error;
        return false;
    }
    /// Asks a running computation to stop after its current ensemble; nobody waits for it.
    void cancel() {
        if (state_) state_->stop.store(true);
    }

    bool running() const { return state_ != nullptr; }
    /// The variant being computed now (null when idle).
    std::shared_ptr<const model::Scenario> running_for() const { return state_ ? state_->scenario : nullptr; }
    /// Progress of the running computation: ensembles done and in all (0, 0 before the first).
    std::pair<int, int> progress() const {
        return state_ ? std::pair{state_->done.load(), state_->total.load()} : std::pair{0, 0};
    }
    /// The last answer and the variant it was computed for.
    const std::optional<T>& value() const { return value_; }
    const std::shared_ptr<const model::Scenario>& computed_for() const { return computed_for_; }
    /// True when the last computation stopped before it finished.
    bool cancelled() const { return cancelled_; }
    /// The last computation's failure ("" = none).
    const std::string& error() const { return error_; }

private:
    struct State {
        std::shared_ptr<const model::Scenario> scenario;
        std::atomic<int> done{0}, total{0};
        std::atomic<bool> stop{false}, finished{false};
        std::mutex mutex;
        std::optional<T> value;
        bool cancelled = false;
        std::string error;
    };
    std::shared_ptr<State> state_;   ///< the running computation (shared with the runner's task)
    std::optional<T> value_;
    std::shared_ptr<const model::Scenario> computed_for_;
    bool cancelled_ = false;
    std::string error_;
};

}  // namespace orgforces::dash
