#pragma once
// One function per panel; each draws one frame of itself from App (snapshot + UI state).
// Files: panel_<name>.cpp.

#include "viz/dash/app.hpp"

namespace orgforces::dash {

void draw_top_bar(App& app);          ///< scenario, run status, save variant, export report
void draw_parameters_panel(App& app); ///< scenario tree and parameter sliders
void draw_scrubber(App& app);         ///< time scrubber with play
void draw_drift_panel(App& app);
void draw_map_panel(App& app);
void draw_friction_panel(App& app);
void draw_ventures_panel(App& app);
void draw_gifts_panel(App& app);
void draw_forces_panel(App& app);     ///< attribution and levers
void draw_worlds_panel(App& app);     ///< plausible-world shares and the posterior predictive check
void draw_causal_panel(App& app);
void draw_runs_panel(App& app);

/// The whole dashboard for one frame: bars, side panel and the selected panel's tab.
void draw_dashboard(App& app);

// Small shared widgets (widgets.cpp).
/// A bold heading with a muted one-line explanation under it.
void heading(const char* title, const char* subtitle = nullptr);
/// A centred muted message for panels with nothing to show yet.
void empty_state(const char* message);
/// A "(?)" marker with a wrapped tooltip.
void help_marker(const char* text);

}  // namespace orgforces::dash
