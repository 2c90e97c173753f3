#include "viz/svg.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <string_view>

#include "viz/escape.hpp"

namespace orgforces::viz {

namespace {

std::string num(double v) {
    if (!std::isfinite(v)) v = 0.0;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    std::string s = buf;
    if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
    if (s == "-0") s = "0";
    return s;
}

// Opacity needs three decimals, not the one that coordinates get.
std::string fill(Rgba c) {
    std::string s = " fill=\"" + to_hex(c) + "\"";
    if (c.a < 255) {
        char buf[32];
        std::snprintf(buf, sizeof buf, " fill-opacity=\"%.3f\"", opacity(c));
        s += buf;
    }
    return s;
}

std::string stroke(Rgba c, double width, Dash dash = Dash::Solid) {
    std::string s = " stroke=\"" + to_hex(c) + "\" stroke-width=\"" + num(width) + "\"";
    if (c.a < 255) {
        char buf[32];
        std::snprintf(buf, sizeof buf, " stroke-opacity=\"%.3f\"", opacity(c));
        s += buf;
    }
    if (dash == Dash::Dashed) s += " stroke-dasharray=\"6 4\"";
    if (dash == Dash::Dotted) s += " stroke-dasharray=\"1.5 3\" stroke-linecap=\"round\"";
    return s;
}

struct Writer {
    const Chart& chart;
    const Layout& L;
    std::function<double(std::string_view, double)> width;
    std::string out;

    double cx(double x) const { return std::clamp(L.sx(x), L.plot.x, L.plot.right()); }
    double cy(double y) const { return std::clamp(L.sy(y), L.plot.y, L.plot.bottom()); }

    void text(double x, double y, const std::string& s, double size, Rgba color,
              const char* anchor = "start", const char* extra = "") {
        out += "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" font-size=\"" + num(size) + "\"" +
               fill(color);
        if (std::string_view(anchor) != "start") out += std::string(" text-anchor=\"") + anchor + "\"";
        out += extra;
        out += ">" + html_escape(s) + "</text>\n";
    }

    void line(double x0, double y0, double x1, double y1, Rgba c, double w, Dash d = Dash::Solid) {
        out += "<line x1=\"" + num(x0) + "\" y1=\"" + num(y0) + "\" x2=\"" + num(x1) + "\" y2=\"" +
               num(y1) + "\"" + stroke(c, w, d) + "/>\n";
    }

    void rect(double x, double y, double w, double h, Rgba c, const std::string& extra = "") {
        if (w < 0) { x += w; w = -w; }
        if (h < 0) { y += h; h = -h; }
        out += "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(w) + "\" height=\"" +
               num(h) + "\"" + fill(c) + extra + "/>\n";
    }

    std::string points(const std::vector<Point>& pts) const {
        std::string s;
        for (const auto& p : pts) {
            if (!s.empty()) s += ' ';
            s += num(cx(p.x)) + "," + num(cy(p.y));
        }
        return s;
    }

    void marker_shape(MarkerShape shape, double x, double y, double size, Rgba c) {
        const double r = size / 2;
        switch (shape) {
            case MarkerShape::Circle:
                out += "<circle cx=\"" + num(x) + "\" cy=\"" + num(y) + "\" r=\"" + num(r) + "\"" +
                       fill(c) + " stroke=\"#ffffff\" stroke-width=\"1\"/>\n";
                break;
            case MarkerShape::Ring:
                out += "<circle cx=\"" + num(x) + "\" cy=\"" + num(y) + "\" r=\"" + num(r) +
                       "\" fill=\"none\"" + stroke(c, 2.0) + "/>\n";
                break;
            case MarkerShape::Square:
                rect(x - r, y - r, size, size, c, " stroke=\"#ffffff\" stroke-width=\"1\"");
                break;
            case MarkerShape::Diamond:
                out += "<polygon points=\"" + num(x) + "," + num(y - r * 1.3) + " " + num(x + r * 1.3) +
                       "," + num(y) + " " + num(x) + "," + num(y + r * 1.3) + " " + num(x - r * 1.3) +
                       "," + num(y) + "\"" + fill(c) + " stroke=\"#ffffff\" stroke-width=\"1\"/>\n";
                break;
            case MarkerShape::Triangle:
                out += "<polygon points=\"" + num(x) + "," + num(y - r * 1.2) + " " + num(x + r * 1.1) +
                       "," + num(y + r * 0.8) + " " + num(x - r * 1.1) + "," + num(y + r * 0.8) + "\"" +
                       fill(c) + " stroke=\"#ffffff\" stroke-width=\"1\"/>\n";
                break;
            case MarkerShape::Cross:
                line(x - r, y - r, x + r, y + r, c, 2.2);
                line(x - r, y + r, x + r, y - r, c, 2.2);
                break;
        }
    }

    void grid_and_axes() {
        const Axis& xa = chart.x;
        const Axis& ya = chart.y;
        // Grid first, under everything.
        if (xa.grid)
            for (double t : xa.ticks)
                if (t >= xa.domain.lo - 1e-9 && t <= xa.domain.hi + 1e-9)
                    line(L.sx(t), L.plot.y, L.sx(t), L.plot.bottom(), palette::kGrid, 1);
        if (ya.grid && !chart.categorical_y())
            for (double t : ya.ticks)
                if (t >= ya.domain.lo - 1e-9 && t <= ya.domain.hi + 1e-9)
                    line(L.plot.x, L.sy(t), L.plot.right(), L.sy(t), palette::kGrid, 1);
    }

    void axis_labels() {
        const Axis& xa = chart.x;
        const Axis& ya = chart.y;
        const double f = L.font_size;
        line(L.plot.x, L.plot.bottom(), L.plot.right(), L.plot.bottom(), palette::kMuted, 1);
        for (std::size_t i = 0; i < xa.ticks.size(); ++i) {
            const double t = xa.ticks[i];
            if (t < xa.domain.lo - 1e-9 || t > xa.domain.hi + 1e-9) continue;
            const double x = L.sx(t);
            line(x, L.plot.bottom(), x, L.plot.bottom() + 4, palette::kMuted, 1);
            text(x, L.plot.bottom() + f * 1.3, xa.tick_label(i), f, palette::kMuted, "middle");
        }
        if (chart.categorical_y()) {
            for (std::size_t i = 0; i < chart.rows.size(); ++i)
                text(L.plot.x - 6, L.sy(i + 0.5) + f * 0.35, chart.rows[i], f, palette::kInk, "end");
        } else {
            line(L.plot.x, L.plot.y, L.plot.x, L.plot.bottom(), palette::kMuted, 1);
            for (std::size_t i = 0; i < ya.ticks.size(); ++i) {
                const double t = ya.ticks[i];
                if (t < ya.domain.lo - 1e-9 || t > ya.domain.hi + 1e-9) continue;
                text(L.plot.x - 6, L.sy(t) + f * 0.35, ya.tick_label(i), f, palette::kMuted, "end");
            }
        }
        if (!xa.title().empty()) text(L.x_title_at.x, L.x_title_at.y, xa.title(), f, palette::kInk, "middle");
        if (!ya.title().empty()) {
            const std::string rot = " transform=\"rotate(-90 " + num(L.y_title_at.x) + " " +
                                    num(L.y_title_at.y) + ")\"";
            text(L.y_title_at.x, L.y_title_at.y, ya.title(), f, palette::kInk, "middle", rot.c_str());
        }
    }

    void marks() {
        for (const auto& c : chart.cells) {
            const double x0 = cx(c.x0), x1 = cx(c.x1), y0 = cy(c.y0), y1 = cy(c.y1);
            // Overlap by a fraction of a pixel so anti-aliasing leaves no seams between cells.
            rect(std::min(x0, x1), std::min(y0, y1), std::abs(x1 - x0) + 0.4, std::abs(y1 - y0) + 0.4,
                 c.color);
        }
        for (const auto& b : chart.bands) {
            auto upper = polyline(b.x, b.hi, b.step);
            auto lower = polyline(b.x, b.lo, b.step);
            if (upper.empty()) continue;
            std::reverse(lower.begin(), lower.end());
            upper.insert(upper.end(), lower.begin(), lower.end());
            out += "<polygon points=\"" + points(upper) + "\"" + fill(b.color) + "/>\n";
        }
        for (const auto& r : chart.refs) {
            if (r.vertical) {
                const double x = cx(r.value);
                line(x, L.plot.y, x, L.plot.bottom(), r.color, 1.2, r.dash);
                if (!r.label.empty())
                    text(x + 4, L.plot.y + L.font_size, r.label, L.font_size * 0.9, r.color);
            } else {
                const double y = cy(r.value);
                line(L.plot.x, y, L.plot.right(), y, r.color, 1.2, r.dash);
                if (!r.label.empty())
                    text(L.plot.right() - 4, y - 4, r.label, L.font_size * 0.9, r.color, "end");
            }
        }
        for (const auto& s : chart.lines) {
            const auto pts = polyline(s.x, s.y, s.step);
            if (pts.empty()) continue;
            out += "<polyline points=\"" + points(pts) + "\" fill=\"none\"" + stroke(s.color, s.width, s.dash) +
                   " stroke-linejoin=\"round\"/>\n";
        }
        for (std::size_t i = 0; i < chart.bar_rows.size(); ++i) {
            const double y0 = L.sy(i + 0.2), y1 = L.sy(i + 0.8), ym = L.sy(i + 0.5);
            for (const auto& b : chart.bar_rows[i].bars) {
                const double x0 = cx(b.from), x1 = cx(b.to);
                rect(std::min(x0, x1), y0, std::abs(x1 - x0), y1 - y0, b.color);
                double end = x1;
                if (b.lo && b.hi) {
                    const double wl = cx(*b.lo), wh = cx(*b.hi);
                    line(wl, ym, wh, ym, palette::kInk, 1.2);
                    line(wl, ym - 4, wl, ym + 4, palette::kInk, 1.2);
                    line(wh, ym - 4, wh, ym + 4, palette::kInk, 1.2);
                    end = x1 >= x0 ? std::max(x1, wh) : std::min(x1, wl);
                }
                if (!b.value_label.empty()) {
                    const bool right = x1 >= x0;
                    text(end + (right ? 5 : -5), ym + L.font_size * 0.35, b.value_label, L.font_size * 0.9,
                         palette::kInk, right ? "start" : "end");
                }
            }
        }
        for (const auto& a : chart.arrows) {
            const double x0 = cx(a.x0), y0 = cy(a.y0), x1 = cx(a.x1), y1 = cy(a.y1);
            line(x0, y0, x1, y1, a.color, a.width);
            const double len = std::hypot(x1 - x0, y1 - y0);
            if (len > 1e-6) {
                const double ux = (x1 - x0) / len, uy = (y1 - y0) / len, h = 6.0 + a.width * 2;
                const Point p1{x1 - ux * h - uy * h * 0.5, y1 - uy * h + ux * h * 0.5};
                const Point p2{x1 - ux * h + uy * h * 0.5, y1 - uy * h - ux * h * 0.5};
                out += "<polygon points=\"" + num(x1) + "," + num(y1) + " " + num(p1.x) + "," + num(p1.y) +
                       " " + num(p2.x) + "," + num(p2.y) + "\"" + fill(a.color) + "/>\n";
            }
        }
        for (const auto& m : chart.markers) marker_shape(m.shape, cx(m.x), cy(m.y), m.size, m.color);
        // Labels after every mark, placed so that none covers another (viz/chart.hpp).
        const auto placed = place_marker_labels(chart, L, width);
        for (std::size_t i = 0; i < chart.markers.size(); ++i) {
            const auto& m = chart.markers[i];
            const auto& pl = placed[i];
            if (!pl.shown) continue;
            if (pl.leader) {
                const double ex = pl.anchor_end ? pl.box.right() + 1 : pl.box.x - 1;
                line(pl.leader->x, pl.leader->y, ex, pl.box.y + pl.box.h / 2, palette::kMuted, 0.8);
            }
            text(pl.at.x, pl.at.y, m.label, L.font_size * 0.92, palette::kInk, pl.anchor_end ? "end" : "start",
                 " paint-order=\"stroke\" stroke=\"#ffffff\" stroke-width=\"3\"");
        }
    }

    void legend() {
        for (std::size_t i = 0; i < chart.legend.size() && i < L.legend.size(); ++i) {
            const auto& e = chart.legend[i];
            const auto& s = L.legend[i].swatch;
            const double my = s.y + s.h / 2;
            switch (e.kind) {
                case LegendKind::Line:
                    line(s.x, my, s.right(), my, e.color, 2.2, e.dash);
                    break;
                case LegendKind::Band:
                    rect(s.x, s.y, s.w, s.h, e.color);
                    break;
                case LegendKind::Marker:
                    marker_shape(e.shape, s.x + s.w / 2, my, 8, e.color);
                    break;
                case LegendKind::Swatch:
                    rect(s.x, s.y, s.w, s.h, e.color);
                    break;
            }
            text(L.legend[i].text.x, L.legend[i].text.y, e.label, L.font_size, palette::kInk);
        }
        if (chart.colorbar && L.colorbar) {
            const auto& cb = *chart.colorbar;
            const Rect& r = *L.colorbar;
            text(r.x - 8, r.y + r.h - 1, cb.label, L.font_size, palette::kInk, "end");
            const int n = 48;
            for (int k = 0; k < n; ++k)
                rect(r.x + r.w * k / n, r.y, r.w / n + 0.4, r.h, ramp(cb.stops, (k + 0.5) / n));
            out += "<rect x=\"" + num(r.x) + "\" y=\"" + num(r.y) + "\" width=\"" + num(r.w) + "\" height=\"" +
                   num(r.h) + "\" fill=\"none\"" + stroke(palette::kMuted, 0.8) + "/>\n";
            const LinearScale s{cb.domain.lo, cb.domain.hi, r.x, r.right()};
            const double step = cb.ticks.size() > 1 ? cb.ticks[1] - cb.ticks[0] : 1.0;
            for (double t : cb.ticks) {
                if (t < cb.domain.lo - 1e-9 || t > cb.domain.hi + 1e-9) continue;
                line(s(t), r.bottom(), s(t), r.bottom() + 3, palette::kMuted, 1);
                text(s(t), r.bottom() + L.font_size * 1.2, format_tick(t, step), L.font_size * 0.9,
                     palette::kMuted, "middle");
            }
        }
    }
};

}  // namespace

std::string render_svg(const Chart& chart, const SvgOptions& options) {
    const double w = options.width > 0 ? options.width : chart.preferred_width;
    const double h = options.height > 0 ? options.height : chart.preferred_height;
    const Layout L = layout(chart, Rect{0, 0, w, h}, options.style);
    Writer wr{chart, L, options.style.text_width ? options.style.text_width : estimate_text_width, {}};
    std::string& o = wr.out;
    o.reserve(16384);
    o += "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + num(w) + " " + num(h) +
         "\" width=\"" + num(w) + "\" height=\"" + num(h) + "\" role=\"img\" font-family=\"" +
         html_escape(options.font_family) + "\" class=\"chart\">\n";
    std::string label = chart.title;
    if (!chart.caption.empty()) label += label.empty() ? chart.caption : ". " + chart.caption;
    o += "<title>" + html_escape(label) + "</title>\n";
    wr.rect(0, 0, w, h, palette::kPaper);
    if (options.style.show_title && !chart.title.empty())
        wr.text(L.title_at.x, L.title_at.y, chart.title, L.title_size, palette::kInk, "start",
                " font-weight=\"600\"");
    if (options.style.show_title && !chart.caption.empty())
        wr.text(L.caption_at.x, L.caption_at.y, chart.caption, L.font_size, palette::kMuted);
    wr.grid_and_axes();
    wr.marks();
    wr.axis_labels();
    wr.legend();
    o += "</svg>\n";
    return o;
}

}  // namespace orgforces::viz
