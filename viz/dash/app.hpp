#pragma once
// The dashboard application: the Session (model side), the snapshot taken at the start of the
// frame, and the UI's own state. Panels get an App& and draw one frame of themselves.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/oracle.hpp"
#include "store/results_store.hpp"
#include "viz/dash/session.hpp"
#include "viz/dash/snapshot.hpp"

namespace orgforces::dash {

enum class Panel { Drift, Map, Friction, Ventures, Gifts, Forces, Causal, Runs };
inline constexpr Panel kPanels[] = {Panel::Drift,    Panel::Map,   Panel::Friction,
                                    Panel::Ventures, Panel::Gifts, Panel::Forces,
                                    Panel::Causal,   Panel::Runs};

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
    // Causal loops.
    int selected_loop = -1;
    // Hidden forces: start the analysis on the next frame (a button, or a script's `compute`).
    bool request_attribution = false;
    bool request_levers = false;
};

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
};

}  // namespace orgforces::dash
