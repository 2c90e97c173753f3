#pragma once
// The dashboard's model-side state: the loaded scenario, the user's overrides, and the worker
// that runs the current variant. No ImGui here: the panels read and call into a Session.

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "model/registry.hpp"
#include "model/scenario.hpp"
#include "sim/uncertainty.hpp"
#include "viz/dash/worker.hpp"

namespace orgforces::dash {

struct SessionOptions {
    int replicates = 0;        ///< full-size runs (0: the scenario's `replicates`)
    int drag_replicates = 16;  ///< reduced runs while a control is being dragged
    int threads = 0;           ///< engine threads (0: all cores)
    /// Per-world parameter draws (--uncertain, --posterior) with the user's overrides applied
    /// after each draw; empty: every run uses the scenario's values.
    std::function<sim::ReplicateOverrides(std::vector<model::Override> then)> draws;
    std::string drawn_from;    ///< what the draws come from, for the bands' note ("" = none)
    /// The observations a loaded posterior was fitted to (the posterior predictive check).
    std::vector<sim::ObservedValue> observed;
};

class Session {
public:
    /// Starts the first full run of `base` at once.
    Session(model::Scenario base, SessionOptions options);

    const model::Scenario& base() const { return *base_; }
    /// The variant the latest request ran (base with the overrides applied).
    const std::shared_ptr<const model::Scenario>& variant() const { return variant_; }
    /// Every tunable parameter of the base scenario, values as in the file.
    const std::vector<model::Param>& parameters() const { return params_; }
    /// The user's overrides, by path.
    const std::map<std::string, double>& overrides() const { return overrides_; }
    /// As a list in parameter order (for apply_overrides, the database and `--set`).
    std::vector<model::Override> override_list() const;

    /// The value in effect for `path` (override or file value).
    double value(const std::string& path) const;
    /// Sets a parameter and re-runs: reduced size while `dragging`, full size otherwise.
    /// Returns false (and keeps the last valid variant) when the value is invalid; see error().
    bool set(const std::string& path, double value, bool dragging);
    /// Re-runs at full size if the latest request was a reduced preview (a slider was released).
    void release();
    /// Drops the override of `path` (or all overrides and a what-if's events when `path` is empty) and re-runs.
    void reset(const std::string& path = {});
    /// Replaces every override at once (loading a stored variant) and re-runs at full size; `events`
    /// are added to the scenario's (a what-if's own: a move, a new leader), as model::apply_variant does.
    bool assign(const std::vector<model::Override>& overrides, const std::vector<model::Event>& events = {});
    /// Puts what-if `name` of the scenario on the controls: its assignments and its events.
    bool choose_variant(const std::string& name);
    /// The events the current variant adds to the scenario's (empty: none).
    const std::vector<model::Event>& events() const { return events_; }

    /// The message of the last rejected change ("" after a valid one).
    const std::string& error() const { return error_; }
    int full_replicates() const { return full_replicates_; }
    /// What the runs' parameters are drawn from ("" = the scenario's values: bands cover chance only).
    const std::string& drawn_from() const { return options_.drawn_from; }
    /// Replicates per plausible world when parameters are drawn (0 when they are not).
    int per_world() const { return options_.draws ? sim::kBlockSize : 0; }
    /// The loaded posterior's observations (empty without --posterior).
    const std::vector<sim::ObservedValue>& observed() const { return options_.observed; }
    int drag_replicates() const { return drag_replicates_; }

    EnsembleWorker& worker() { return worker_; }
    std::shared_ptr<const Snapshot> snapshot() const { return worker_.snapshot(); }

private:
    bool rerun(bool dragging);

    std::shared_ptr<const model::Scenario> base_;
    std::shared_ptr<const model::Scenario> variant_;
    std::vector<model::Param> params_;
    std::map<std::string, double> overrides_;
    std::vector<model::Event> events_;
    int full_replicates_;
    int drag_replicates_;
    bool last_was_preview_ = false;
    std::string error_;
    SessionOptions options_;
    EnsembleWorker worker_;
};

}  // namespace orgforces::dash
