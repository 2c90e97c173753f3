#pragma once
// The dashboard application: the Session (model side), the snapshot taken at the start of the
// frame, and the UI's own state. Panels get an App& and draw one frame of themselves.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/oracle.hpp"
#include "sim/attribution.hpp"
#include "sim/levers.hpp"
#include "sim/sensitivity.hpp"
#include "sim/uncertainty.hpp"
#include "store/results_store.hpp"
#include "viz/dash/causal_view.hpp"
#include "viz/dash/figures.hpp"
#include "viz/dash/jobs.hpp"
#include "viz/dash/session.hpp"
#include "viz/dash/snapshot.hpp"

namespace orgforces::dash {

enum class Panel { Drift, Map, Friction, Ventures, Gifts, Forces, Worlds, Causal, Runs };
inline constexpr Panel kPanels[] = {Panel::Drift,  Panel::Map,    Panel::Friction,
                                    Panel::Ventures, Panel::Gifts, Panel::Forces,
                                    Panel::Worlds, Panel::Causal, Panel::Runs};

/// The tab title of a panel, and its short name for scripts ("drift", "map", ...).
const char* panel_title(Panel p);
const char* panel_key(Panel p);
std::optional<Panel> parse_panel(const std::string& key);

/// State that belongs to the UI alone (never to the model or the results).
struct UiState {
    Panel panel = Panel::Drift;
    bool panel_requested = false;   ///< select `panel` on the next frame (script, shortcut)
    int scrub_tick = -1;            ///< -1: follow the horizon
    bool playing = false;
    double play_ticks_per_second = 20.0;
    double play_accumulator = 0.0;
    int focal_team = 0;
    int map_x = 0, map_y = 1;
    float arrow_scale = 10.0f;
    bool small_multiples = true;
    bool independent_scales = false; ///< small multiples: each its own y-scale (default: one shared)
    char variant_name[64] = "";
    char param_filter[64] = "";
    char report_path[256] = "orgforces-report.html";
    std::string status;             ///< a one-line message in the top bar
    double status_until = 0.0;      ///< ImGui time when it fades
    bool status_is_error = false;
    // Runs history.
    std::vector<store::RunRecord> runs;
    bool runs_stale = true;
    std::int64_t selected_run = 0;
    std::int64_t sweep_for = 0;     ///< the stored sweep the Runs panel charts (0: none)
    int sweep_measure = 0;          ///< its chosen measure (index into the sweep's measures)
    // Causal loops.
    int selected_loop = -1;
    float causal_zoom = 1.0f;       ///< the graph's scale as last drawn (fit to the area)
    // Hidden forces: start the analysis on the next frame (a button, or a script's `compute`).
    bool request_attribution = false;
    bool request_levers = false;
    int attribution_measure = 0;    ///< index into the attribution's measures
    int levers_measure = 0;         ///< index into the levers' measures
    bool local_levers = false;      ///< levers as local ±10% differences instead of Sobol indices
    // Plausible worlds.
    int worlds_measure = 0;         ///< index into the observed series of the predictive check
};

/// The background analyses of the Hidden forces panel, run on the App's JobRunner.
struct AnalysisJobs {
    Job<sim::Attribution> attribution;
    Job<sim::LeverReport> levers;             ///< local ±10% differences
    Job<sim::SensitivityResult> global_levers; ///< total Sobol indices
    bool running() const { return attribution.running() || levers.running() || global_levers.running(); }
};

/// Attribution and levers run with fewer replicates than a full run (they are many ensembles).
inline constexpr int kAnalysisReplicates = 48;
/// The global levers' small design: base points of a Sobol design, replicates per setting.
inline constexpr int kGlobalSamples = 8;
inline constexpr int kGlobalReplicates = 8;

struct App {
    App(Session& session, std::string db_path);

    Session& session;
    std::string db_path;
    std::shared_ptr<const Snapshot> snap;  ///< taken once at the start of each frame
    UiState ui;

    /// Called at the start of each frame: takes the snapshot, refreshes derived caches.
    void begin_frame();
    /// The tick the charts show (the scrubber's, or the horizon).
    int tick() const;
    int horizon() const;
    /// The scenario the current snapshot ran (the base scenario before the first result).
    const model::Scenario& scenario() const;
    /// The same, shared: caches key on it (a shared key keeps its object alive, so a new
    /// scenario never takes a freed one's address and its place in a cache).
    std::shared_ptr<const model::Scenario> scenario_ptr() const;

    /// Starts requested analyses and collects finished ones (every frame, whichever panel is
    /// open); true while one runs. A running analysis of a setting no longer shown is stopped.
    bool update_analyses();
    AnalysisJobs& jobs() { return jobs_; }

    /// The causal graph, loops, leverage and layout of the current variant (computed on change;
    /// `node_size` measures a node's label box in pixels; `aspect` is the drawing area's width/height).
    const CausalView& causal(const NodeSizer& node_size, float aspect);
    /// The practice trails of the current result on the map's dimensions (computed on change).
    const PracticeTrails& trails();
    /// The stored sweeps (refreshed with the runs list) and the chosen one's data, loaded once per
    /// choice; false with a message when the database cannot be read.
    const std::vector<store::SweepRecord>& sweeps() const { return sweeps_; }
    const SweepData* sweep();
    void refresh_runs();
    /// The current result against the baseline world by world (sim::compare_over_worlds), when
    /// parameters are drawn per world and both results are complete; empty otherwise.
    const std::vector<sim::RobustComparison>& worlds();
    /// The last complete result of the scenario as loaded (no override set), for the posterior
    /// predictive check: the observations speak of the organization as calibrated. Null until one.
    const std::shared_ptr<const sim::EnsembleResult>& as_loaded() const { return as_loaded_; }
    /// The analytic oracle of the current variant, one entry per team (computed on change).
    const std::vector<model::TeamOracle>& oracle() const { return oracle_; }

    /// Shows `message` in the top bar for a few seconds.
    void notify(std::string message, bool error = false);
    /// Stores the current complete result as a run labelled `name`; false with a message if the
    /// result is not complete yet or the database fails.
    bool save_variant(const std::string& name);
    /// Writes the HTML report of the current result to `path` (when the report module exists).
    bool export_report(const std::string& path);
    /// Loads a stored run's overrides into the session (same scenario) or pins it as baseline.
    bool load_run(std::int64_t id);
    bool compare_with_run(std::int64_t id);

private:
    std::shared_ptr<const model::Scenario> oracle_for_;
    std::vector<model::TeamOracle> oracle_;
    CausalCache causal_;
    TrailsCache trails_;
    std::shared_ptr<const sim::EnsembleResult> worlds_result_, worlds_baseline_;  // what worlds_ compares
    std::vector<sim::RobustComparison> worlds_;
    std::shared_ptr<const sim::EnsembleResult> as_loaded_;
    std::vector<store::SweepRecord> sweeps_;
    std::int64_t sweep_loaded_ = 0;   // the sweep sweep_data_ holds (0: none)
    SweepData sweep_data_;
    JobRunner runner_;   // before jobs_: destroyed after them, stopping whatever still runs
    AnalysisJobs jobs_;
};

}  // namespace orgforces::dash
