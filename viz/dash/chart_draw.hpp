#pragma once
// Draws a viz::Chart (the same chart data the SVG report renders) with an ImDrawList.

#include <imgui.h>

#include "viz/chart.hpp"

namespace orgforces::dash {

/// Draws `chart` into the screen rectangle [pos, pos + size] and returns its layout (scales for
/// hit-testing). Long polylines are drawn in chunks (16-bit vertex indices).
viz::Layout draw_chart(ImDrawList* dl, const viz::Chart& chart, ImVec2 pos, ImVec2 size,
                       bool show_title = true);

/// Where the mouse is over a chart's plot area, in data coordinates (categorical y: row + fraction).
struct ChartHover {
    bool active = false;
    double x = 0.0, y = 0.0;
};

/// Reserves `size` at the cursor, draws the chart on a paper card and, while the mouse is over the
/// plot, a crosshair; returns where the mouse is.
ChartHover chart_widget(const char* id, const viz::Chart& chart, ImVec2 size, bool show_title = true);

/// Draws text rotated by -90° (reading bottom to top) centred at `center`.
void add_vertical_text(ImDrawList* dl, ImFont* font, float size, ImVec2 center, ImU32 color,
                       const char* text);

}  // namespace orgforces::dash
