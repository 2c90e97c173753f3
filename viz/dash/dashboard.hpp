#pragma once
// Running the dashboard: a window (or an invisible one, headless), the frame loop, scripted
// actions and screenshots. The only header of the project that speaks of windows.

#include <cstdint>
#include <string>
#include <vector>

#include "model/scenario.hpp"

namespace orgforces::dash {

struct DashOptions {
    std::string db_path = "orgforces.db";
    bool headless = false;        ///< render into an invisible window
    int frames = -1;              ///< stop after this many frames (-1: when the window closes)
    std::string screenshot;       ///< write the last frame as PNG here ("" = none)
    std::string script;           ///< timed actions (viz/dash/script.hpp), "" = none
    int width = 1440, height = 900;
    int replicates = 0;           ///< full-size runs (0: the scenario's)
    int drag_replicates = 16;     ///< runs while a slider moves
    int threads = 0;              ///< engine threads (0: all cores)
    float font_scale = 1.0f;
    std::vector<model::Override> overrides;  ///< applied before the first run (--set)
    bool uncertain = false;       ///< draw the scenario's `uncertain:` priors per world of 8 replicates
    std::int64_t posterior = 0;   ///< draw calibration ID's posterior (from db_path) instead
};

/// Opens the dashboard on `scenario` and runs until the window closes, the frame count is
/// reached or the script quits. Returns the process exit code: 0 ok, 1 runtime failure (no
/// display, OpenGL failure, a script action that failed), 2 bad script or override.
int run_dashboard(model::Scenario scenario, const DashOptions& options);

}  // namespace orgforces::dash
