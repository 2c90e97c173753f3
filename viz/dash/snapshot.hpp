#pragma once
// What the dashboard draws each frame: an immutable snapshot of the latest ensemble result,
// swapped in whole by the background worker. The UI takes the pointer once per frame and never
// sees a half-written result; the worker never waits for the UI.

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "model/scenario.hpp"
#include "sim/results.hpp"

namespace orgforces::dash {

/// One published state of the background run.
struct Snapshot {
    std::uint64_t generation = 0;      ///< the request it answers (0: nothing requested yet)
    std::shared_ptr<const model::Scenario> scenario;       ///< the variant that ran
    std::shared_ptr<const sim::EnsembleResult> result;     ///< latest (possibly partial) result
    std::shared_ptr<const sim::EnsembleResult> baseline;   ///< the result before the latest change
    std::string baseline_label;        ///< what the baseline is ("before the change", "run 12")
    int replicates_done = 0;           ///< replicates summarized in `result`
    int replicates_total = 0;          ///< replicates requested
    bool preview = false;              ///< a reduced-size run requested while a slider moves
    bool running = false;              ///< the worker is still adding replicates to this request
    double first_result_ms = -1.0;     ///< request to first published result (-1: none yet)
    double elapsed_ms = 0.0;           ///< request to this snapshot
    std::string error;                 ///< the run failed with this message ("" = fine)

    /// True when `result` holds every replicate requested.
    bool complete() const { return result && !running && replicates_done >= replicates_total; }
};

/// A mutex-guarded pointer swap: writers publish whole snapshots, readers take a reference.
class SnapshotBox {
public:
    std::shared_ptr<const Snapshot> get() const {
        std::lock_guard lock(mutex_);
        return current_;
    }
    void set(std::shared_ptr<const Snapshot> next) {
        std::lock_guard lock(mutex_);
        current_ = std::move(next);
    }

private:
    mutable std::mutex mutex_;
    std::shared_ptr<const Snapshot> current_ = std::make_shared<const Snapshot>();
};

}  // namespace orgforces::dash
