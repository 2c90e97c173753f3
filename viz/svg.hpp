#pragma once
// Renders a Chart (viz/chart.hpp) to a standalone SVG element: no scripts, no external
// references, no ids (so any number of charts can be inlined into one HTML page), every text
// escaped.

#include <string>

#include "viz/chart.hpp"

namespace orgforces::viz {

struct SvgOptions {
    double width = 0.0;    ///< pixels; 0: the chart's preferred_width
    double height = 0.0;   ///< pixels; 0: the chart's preferred_height
    LayoutStyle style;     ///< set style.show_title = false when the page prints title and caption
    std::string font_family = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
};

/// `<svg …>…</svg>` for `chart`, scaled to its container's width by CSS (viewBox set).
std::string render_svg(const Chart& chart, const SvgOptions& options = {});

}  // namespace orgforces::viz
