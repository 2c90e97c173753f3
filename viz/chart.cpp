#include "viz/chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "viz/labels.hpp"

namespace orgforces::viz {

// [scales and ticks] --------------------------------------------------------------------------

double LinearScale::operator()(double v) const {
    if (d1 == d0) return (r0 + r1) / 2.0;
    return r0 + (v - d0) / (d1 - d0) * (r1 - r0);
}

double LinearScale::invert(double px) const {
    if (r1 == r0) return (d0 + d1) / 2.0;
    return d0 + (px - r0) / (r1 - r0) * (d1 - d0);
}

namespace {

// A zero-width interval gets a sensible width around its value so that it can be drawn.
void widen_degenerate(double& lo, double& hi) {
    if (lo > hi) std::swap(lo, hi);
    if (hi - lo > 0.0) return;
    const double pad = lo == 0.0 ? 1.0 : std::abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
}

}  // namespace

double nice_step(double lo, double hi, int target) {
    if (!std::isfinite(lo) || !std::isfinite(hi)) return 0.0;
    widen_degenerate(lo, hi);
    target = std::max(1, target);
    const double raw = (hi - lo) / target;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (m * mag >= raw * (1.0 - 1e-9)) return m * mag;
    }
    return 10.0 * mag;
}

std::vector<double> nice_ticks(double lo, double hi, int target) {
    if (!std::isfinite(lo) || !std::isfinite(hi)) return {};
    widen_degenerate(lo, hi);
    const double step = nice_step(lo, hi, target);
    const double first = std::floor(lo / step + 1e-9);
    const double last = std::ceil(hi / step - 1e-9);
    // k * mantissa / 10^n is the double nearest the decimal tick (3 * 0.2 would give 0.6000000000000001).
    const int exponent = static_cast<int>(std::floor(std::log10(step) + 1e-9)) - 1;
    const double unit = std::pow(10.0, std::abs(exponent));
    const double mant = exponent < 0 ? std::round(step * unit * 10.0) / 10.0 : step / unit;
    std::vector<double> ticks;
    for (double k = first; k <= last + 0.5; k += 1.0) {
        double t = exponent < 0 ? k * mant / unit : k * mant * unit;
        if (std::abs(t) < step * 1e-9) t = 0.0;  // no "-0"
        ticks.push_back(t);
    }
    return ticks;
}

Range nice_domain(double lo, double hi, int target) {
    const auto ticks = nice_ticks(lo, hi, target);
    if (ticks.empty()) return {0.0, 1.0};
    return {ticks.front(), ticks.back()};
}

namespace {
int decimals_for(double step) {
    step = std::abs(step);
    if (step == 0.0 || !std::isfinite(step)) return 0;
    for (int d = 0; d <= 9; ++d) {
        const double scaled = step * std::pow(10.0, d);
        if (std::abs(scaled - std::round(scaled)) < 1e-6 * std::max(1.0, scaled)) return d;
    }
    return 9;
}

std::string with_thousands(const std::string& digits) {
    // digits: optional '-', integer part, optional fraction.
    std::size_t start = digits[0] == '-' ? 1 : 0;
    std::size_t end = digits.find('.');
    if (end == std::string::npos) end = digits.size();
    std::string out = digits.substr(0, start);
    const std::size_t n = end - start;
    for (std::size_t i = 0; i < n; ++i) {
        out += digits[start + i];
        const std::size_t left = n - i - 1;
        if (left > 0 && left % 3 == 0) out += ',';
    }
    out += digits.substr(end);
    return out;
}

std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    std::string s = buf;
    if (s == "-0" || (s.rfind("-0.", 0) == 0 && s.find_first_not_of("-0.") == std::string::npos))
        s.erase(0, 1);
    return s;
}
}  // namespace

std::string format_tick(double value, double step) {
    if (!std::isfinite(value)) return "–";
    const std::string s = fixed(value, decimals_for(step));
    return std::abs(value) >= 10000 ? with_thousands(s) : s;
}

// [chart] -------------------------------------------------------------------------------------

std::string Axis::title() const {
    if (unit.empty()) return label;
    if (label.empty()) return unit;
    return label + " (" + unit + ")";
}

std::string Axis::tick_label(std::size_t i) const {
    if (i < tick_labels.size()) return tick_labels[i];
    if (i >= ticks.size()) return "";
    const double step = ticks.size() > 1 ? std::abs(ticks[1] - ticks[0]) : 1.0;
    return format_tick(ticks[i], step);
}

Axis make_axis(std::string label, std::string unit, double lo, double hi, bool exact,
               int target_ticks) {
    Axis a;
    a.label = std::move(label);
    a.unit = std::move(unit);
    if (!std::isfinite(lo) || !std::isfinite(hi)) {
        lo = 0.0;
        hi = 1.0;
    }
    widen_degenerate(lo, hi);
    auto ticks = nice_ticks(lo, hi, target_ticks);
    if (exact) {
        a.domain = {lo, hi};
        std::erase_if(ticks, [&](double t) {
            const double eps = (hi - lo) * 1e-9;
            return t < lo - eps || t > hi + eps;
        });
    } else {
        a.domain = {ticks.front(), ticks.back()};
    }
    a.ticks = std::move(ticks);
    return a;
}

// [layout] ------------------------------------------------------------------------------------

double estimate_text_width(std::string_view text, double size) {
    // Count UTF-8 code points; narrow glyphs (digits, punctuation, i, l) are about half an em.
    double units = 0.0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if ((c & 0xC0) == 0x80) continue;
        if (c == ' ' || c == '.' || c == ',' || c == ':' || c == ';' || c == 'i' || c == 'l' ||
            c == 'j' || c == '|' || c == '\'' || c == '(' || c == ')' || c == 't' || c == 'f')
            units += 0.33;
        else if (c >= 'A' && c <= 'Z')
            units += 0.68;
        else if (c == 'm' || c == 'w' || c == 'M' || c == 'W')
            units += 0.85;
        else
            units += 0.6;   // DejaVu Sans, the widest common fallback, averages 0.6 em
    }
    return units * size;
}

Layout layout(const Chart& chart, Rect outer, const LayoutStyle& style) {
    Layout L;
    L.outer = outer;
    L.font_size = style.font_size;
    L.title_size = style.title_size;
    const double f = style.font_size;
    const double pad = style.padding;
    auto width = [&](std::string_view s, double size) {
        return style.text_width ? style.text_width(s, size) : estimate_text_width(s, size);
    };

    double top = outer.y + pad;
    if (style.show_title && !chart.title.empty()) {
        L.title_at = {outer.x + pad, top + style.title_size};
        top += style.title_size * 1.35;
    }
    if (style.show_title && !chart.caption.empty()) {
        L.caption_at = {outer.x + pad, top + f};
        top += f * 1.5;
    }

    // Left margin: the widest y tick or row label, plus the rotated y title.
    double label_w = 0.0;
    if (chart.categorical_y()) {
        for (const auto& r : chart.rows) label_w = std::max(label_w, width(r, f));
    } else {
        for (std::size_t i = 0; i < chart.y.ticks.size(); ++i)
            label_w = std::max(label_w, width(chart.y.tick_label(i), f));
    }
    const bool y_title = !chart.y.title().empty();
    const double left = pad + (y_title ? f * 1.6 : 0.0) + label_w + 6.0;

    // Right margin: half the last x tick label, so it is not clipped.
    double right = pad;
    if (!chart.x.ticks.empty())
        right = std::max(right, width(chart.x.tick_label(chart.x.ticks.size() - 1), f) / 2 + 2);

    // Legend: items flow left to right in rows, aligned with the plot's left edge.
    const double item_h = f * 1.5;
    const double swatch_w = 18.0;
    double lx = outer.x + left;
    const double legend_right = outer.right() - right;
    if (!chart.legend.empty()) {
        top += 2.0;
        for (const auto& e : chart.legend) {
            const double w = swatch_w + 5.0 + width(e.label, f) + 14.0;
            if (lx + w > legend_right && lx > outer.x + left) {
                lx = outer.x + left;
                top += item_h;
            }
            LegendSlot slot;
            slot.swatch = {lx, top + (item_h - f * 0.8) / 2, swatch_w, f * 0.8};
            slot.text = {lx + swatch_w + 5.0, top + item_h / 2 + f * 0.35};
            L.legend.push_back(slot);
            lx += w;
        }
        top += item_h + 4.0;
    }
    if (chart.colorbar) {
        // Label on the left, ramp beside it, tick labels under the ramp.
        const double label_w2 = width(chart.colorbar->label, f) + 8.0;
        const double bar_w = std::clamp(outer.w * 0.3, 80.0, 220.0);
        L.colorbar = Rect{outer.x + left + label_w2, top + 2.0, bar_w, 10.0};
        top += 12.0 + f * 1.3 + 4.0;
    }
    top += 4.0;

    const bool x_title = !chart.x.title().empty();
    const double bottom = pad + f * 1.4 + (x_title ? f * 1.5 : 0.0) + 2.0;

    Rect plot{outer.x + left, top, outer.w - left - right, outer.bottom() - bottom - top};
    plot.w = std::max(plot.w, 10.0);
    plot.h = std::max(plot.h, 10.0);
    if (chart.equal_aspect && !chart.categorical_y()) {
        const double ux = plot.w / std::max(chart.x.domain.span(), 1e-12);
        const double uy = plot.h / std::max(chart.y.domain.span(), 1e-12);
        if (ux > uy) {
            const double w = chart.x.domain.span() * uy;
            plot.x += (plot.w - w) / 2;
            plot.w = w;
        } else {
            plot.h = chart.y.domain.span() * ux;
        }
    }
    L.plot = plot;
    L.sx = {chart.x.domain.lo, chart.x.domain.hi, plot.x, plot.right()};
    if (chart.categorical_y())
        L.sy = {0.0, static_cast<double>(chart.rows.size()), plot.y, plot.bottom()};
    else
        L.sy = {chart.y.domain.lo, chart.y.domain.hi, plot.bottom(), plot.y};

    L.x_title_at = {plot.x + plot.w / 2, plot.bottom() + f * 1.4 + f * 1.3};
    L.y_title_at = {outer.x + pad + f * 0.7, plot.y + plot.h / 2};
    return L;
}

std::vector<PlacedLabel> place_marker_labels(const Chart& chart, const Layout& L,
                                             const std::function<double(std::string_view, double)>& width) {
    const double fs = L.font_size * 0.92, h = fs * 1.2;
    std::vector<LabelRequest> requests;
    for (const auto& m : chart.markers) {
        const double w = m.label.empty() ? 0.0 : width(m.label, fs);
        requests.push_back({L.to_px(m.x, m.y), m.size / 2, w, m.label.empty() ? 0.0 : h, m.label_left});
    }
    const auto spots = place_labels(requests, L.plot, WhenCrowded::Leader);
    std::vector<PlacedLabel> out(chart.markers.size());
    for (std::size_t i = 0; i < spots.size(); ++i) {
        PlacedLabel& pl = out[i];
        pl.shown = spots[i].shown;
        if (!pl.shown) continue;
        pl.box = spots[i].box;
        pl.anchor_end = pl.box.right() <= requests[i].anchor.x;
        pl.at = {pl.anchor_end ? pl.box.right() : pl.box.x, pl.box.y + h * 0.72};
        pl.leader = spots[i].leader;
    }
    return out;
}

std::vector<Point> polyline(const std::vector<double>& x, const std::vector<double>& y, bool step) {
    const std::size_t n = std::min(x.size(), y.size());
    std::vector<Point> pts;
    pts.reserve(step ? 2 * n : n);
    for (std::size_t i = 0; i < n; ++i) {
        if (step && i > 0) pts.push_back({x[i], y[i - 1]});
        pts.push_back({x[i], y[i]});
    }
    return pts;
}

}  // namespace orgforces::viz
