#pragma once
// Charts as data, independent of any renderer.
//
// A Chart holds everything a reader needs (title, one-line caption, axes with units, legend) and
// its marks in DATA coordinates. `layout()` maps a chart into a pixel rectangle: it computes the
// plot area, the scales and where the legend and colour bar go, so the SVG renderer (viz/svg.hpp)
// and the Dear ImGui dashboard draw the same picture from the same numbers.
//
// Conventions: pixel y grows downward (as in SVG and ImGui). When `Chart::rows` is non-empty the
// y axis is categorical: row i occupies data y in [i, i+1] and row 0 is drawn at the top (heatmap
// rows, bar and tornado rows).
//
// Sections: [scales and ticks] [marks] [chart] [layout]

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "viz/numbers.hpp"
#include "viz/palette.hpp"

namespace orgforces::viz {

// [scales and ticks] --------------------------------------------------------------------------

/// A closed interval of data values.
struct Range {
    double lo = 0.0;
    double hi = 1.0;
    double span() const { return hi - lo; }
    friend bool operator==(const Range&, const Range&) = default;
};

/// Maps [d0, d1] linearly onto [r0, r1] (either may be reversed). A zero-width domain maps to the
/// middle of the range.
struct LinearScale {
    double d0 = 0.0, d1 = 1.0;
    double r0 = 0.0, r1 = 1.0;
    double operator()(double v) const;  ///< data to range
    double invert(double px) const;     ///< range to data
};

/// Ticks at 1, 2, 2.5 or 5 times a power of ten, about `target` of them, covering [lo, hi]
/// (the first tick <= lo, the last >= hi). Empty only when lo or hi is not finite.
std::vector<double> nice_ticks(double lo, double hi, int target = 5);

/// The step between the ticks nice_ticks(lo, hi, target) returns.
double nice_step(double lo, double hi, int target = 5);

/// [first tick, last tick] of nice_ticks: a domain that starts and ends on a tick.
Range nice_domain(double lo, double hi, int target = 5);

/// A tick label with as many decimals as `step` needs ("0.25", "40", "1.5k" never: plain numbers).
std::string format_tick(double value, double step);


// [marks] -------------------------------------------------------------------------------------

enum class Dash { Solid, Dashed, Dotted };

/// A polyline through (x[i], y[i]); `step` draws a post-step curve (horizontal, then vertical),
/// as for Kaplan–Meier survival.
struct LineSeries {
    std::string name;     ///< legend label ("" = not in the legend)
    Rgba color = palette::kInk;
    std::vector<double> x, y;
    double width = 1.8;   ///< pixels
    Dash dash = Dash::Solid;
    bool step = false;
};

/// A filled area between lo[i] and hi[i] over x[i] (quantile bands, confidence intervals).
struct BandSeries {
    std::string name;     ///< legend label ("" = not in the legend)
    Rgba color;           ///< fill, alpha included
    std::vector<double> x, lo, hi;
    bool step = false;
};

enum class MarkerShape { Circle, Square, Diamond, Cross, Ring, Triangle };

/// A point mark, optionally labelled next to it.
struct Marker {
    double x = 0.0, y = 0.0;
    MarkerShape shape = MarkerShape::Circle;
    Rgba color = palette::kInk;
    double size = 7.0;    ///< pixels across
    std::string label;    ///< drawn beside the mark ("" = none)
    bool label_left = false;  ///< prefer the label on the left (place_marker_labels may still move it)
};

/// An arrow from (x0,y0) to (x1,y1) in data space (net force on the practice map).
struct Arrow {
    double x0 = 0.0, y0 = 0.0, x1 = 0.0, y1 = 0.0;
    Rgba color = palette::kInk;
    double width = 1.5;
};

/// A filled rectangle [x0,x1] × [y0,y1] with its value (heatmap cells); `color` precomputed.
struct HeatCell {
    double x0 = 0.0, x1 = 1.0, y0 = 0.0, y1 = 1.0;
    double value = 0.0;
    Rgba color;
};

/// A horizontal bar from `from` to `to` on a categorical row, with an optional interval whisker.
struct Bar {
    double from = 0.0, to = 0.0;
    Rgba color;
    std::optional<double> lo, hi;  ///< interval of `to` (whisker)
    std::string value_label;       ///< drawn past the bar's end ("" = none)
};

/// One categorical row of bars (attribution bars: one bar; tornado: a low and a high bar).
struct BarRow {
    std::vector<Bar> bars;
};

/// A straight reference line across the plot at x = value (vertical) or y = value.
struct RefLine {
    bool vertical = true;
    double value = 0.0;
    std::string label;
    Rgba color = palette::kMuted;
    Dash dash = Dash::Dashed;
};

enum class LegendKind { Line, Band, Marker, Swatch };

/// One legend item: what the swatch looks like and what it means.
struct LegendEntry {
    std::string label;
    LegendKind kind = LegendKind::Swatch;
    Rgba color;
    Dash dash = Dash::Solid;
    MarkerShape shape = MarkerShape::Circle;
};

/// A continuous colour legend for heatmaps.
struct ColorBar {
    std::string label;              ///< with unit, e.g. "friction (0–1)"
    Range domain;
    std::vector<ColorStop> stops;   ///< ramp over domain (t = 0 at domain.lo)
    std::vector<double> ticks;
};

// [chart] -------------------------------------------------------------------------------------

/// An axis: its label, unit, domain and tick positions (tick labels derived unless given).
struct Axis {
    std::string label;
    std::string unit;                       ///< shown as "label (unit)"; "" = none
    Range domain;
    std::vector<double> ticks;
    std::vector<std::string> tick_labels;   ///< same length as ticks, or empty: format_tick
    bool grid = true;

    /// "label (unit)" or "label".
    std::string title() const;
    /// The label of tick i.
    std::string tick_label(std::size_t i) const;
};

/// Sets a numeric axis: domain widened to nice ticks around [lo, hi] (or exactly [lo, hi] when
/// `exact`), ticks from nice_ticks.
Axis make_axis(std::string label, std::string unit, double lo, double hi, bool exact = false,
               int target_ticks = 5);

struct Chart {
    std::string title;
    std::string caption;              ///< one line: what to look at
    Axis x, y;
    std::vector<std::string> rows;    ///< categorical y labels, top to bottom (empty: numeric y)

    // Drawn in this order: cells, bands, reference lines, lines, bars, arrows, markers.
    std::vector<HeatCell> cells;
    std::vector<BandSeries> bands;
    std::vector<RefLine> refs;
    std::vector<LineSeries> lines;
    std::vector<BarRow> bar_rows;     ///< one per entry of `rows`
    std::vector<Arrow> arrows;
    std::vector<Marker> markers;

    std::vector<LegendEntry> legend;
    std::optional<ColorBar> colorbar;

    double preferred_width = 640;     ///< pixels: a hint for renderers without their own size
    double preferred_height = 320;
    bool equal_aspect = false;        ///< one data unit equally long on x and y (practice map)

    bool categorical_y() const { return !rows.empty(); }
};

// [layout] ------------------------------------------------------------------------------------

struct Point {
    double x = 0.0, y = 0.0;
};

/// A pixel rectangle: top-left corner and size.
struct Rect {
    double x = 0.0, y = 0.0, w = 0.0, h = 0.0;
    double right() const { return x + w; }
    double bottom() const { return y + h; }
};

/// Typography and spacing of a rendered chart.
struct LayoutStyle {
    double font_size = 12.0;       ///< tick and legend text
    double title_size = 14.0;
    double padding = 8.0;
    bool show_title = true;        ///< false when the page prints the title and caption itself
    /// Width in pixels of `text` at `size`; default: an estimate for a sans-serif font.
    std::function<double(std::string_view text, double size)> text_width;
};

/// Estimated width of `text` in a sans-serif font of `size` pixels.
double estimate_text_width(std::string_view text, double size);

/// Where a legend item goes: its swatch box and the baseline start of its label.
struct LegendSlot {
    Rect swatch;
    Point text;
};

/// A chart placed into a pixel rectangle.
struct Layout {
    Rect outer;
    Rect plot;                         ///< the data area
    LinearScale sx, sy;                ///< data to pixels
    Point title_at, caption_at;        ///< text baselines (valid when style.show_title)
    Point x_title_at, y_title_at;      ///< centres of the axis titles (y title is rotated -90°)
    std::vector<LegendSlot> legend;    ///< one per Chart::legend entry
    std::optional<Rect> colorbar;      ///< the ramp's box, when the chart has one
    double font_size = 12.0, title_size = 14.0;

    Point to_px(double x, double y) const { return {sx(x), sy(y)}; }
};

/// Lays `chart` out inside `outer`: margins fit the tick labels, axis titles, legend and colour bar.
Layout layout(const Chart& chart, Rect outer, const LayoutStyle& style = {});

/// Where one marker's label goes: the start (or end, `anchor_end`) of its baseline, its box, and,
/// when it had to move away from its mark, the point a thin leader line joins it from.
struct PlacedLabel {
    Point at;
    bool anchor_end = false;
    Rect box;
    std::optional<Point> leader;
    bool shown = false;  ///< false for an empty label, or one with no place clear of the others
};

/// Places the labels of `chart.markers` (one entry per marker, in marker order) by viz/labels.hpp's
/// rules with leader lines: no label overlaps another; each stays inside the plot and off the
/// marks when it can, beside its mark first (the side `label_left` prefers).
std::vector<PlacedLabel> place_marker_labels(const Chart& chart, const Layout& L,
                                             const std::function<double(std::string_view, double)>& width);

/// The post-step polyline of a step series: (x0,y0),(x1,y0),(x1,y1),… ; returns x,y unchanged
/// when `step` is false.
std::vector<Point> polyline(const std::vector<double>& x, const std::vector<double>& y, bool step);

}  // namespace orgforces::viz
