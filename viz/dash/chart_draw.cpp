#include "viz/dash/chart_draw.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "viz/dash/theme.hpp"
#include "viz/labels.hpp"

namespace orgforces::dash {

namespace {

constexpr int kChunk = 8192;  // points per polyline: stays far below 65,535 vertices

/// Calls `draw(t, label)` for each of the axis's ticks inside its domain.
template <class Draw>
void for_each_tick(const viz::Axis& a, Draw draw) {
    const double step = a.ticks.size() > 1 ? a.ticks[1] - a.ticks[0] : 1.0;
    for (std::size_t i = 0; i < a.ticks.size(); ++i) {
        const double t = a.ticks[i];
        if (t < std::min(a.domain.lo, a.domain.hi) - 1e-9 || t > std::max(a.domain.lo, a.domain.hi) + 1e-9) continue;
        draw(t, a.tick_labels.empty() ? viz::format_tick(t, step) : a.tick_label(i));
    }
}

ImVec2 px(const viz::Layout& l, double x, double y) {
    return ImVec2(float(l.sx(x)), float(l.sy(y)));
}

float ascent(ImFont* font, float size) { return font->Ascent * size / font->FontSize; }

// Text whose baseline starts at `p`.
void text_at_baseline(ImDrawList* dl, ImFont* font, float size, viz::Point p, ImU32 col,
                      const std::string& s, float align = 0.0f) {
    const float w = font->CalcTextSizeA(size, 1e9f, 0.0f, s.c_str()).x;
    dl->AddText(font, size, ImVec2(float(p.x) - w * align, float(p.y) - ascent(font, size)), col,
                s.c_str());
}

void dashed_line(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float width, viz::Dash dash) {
    if (dash == viz::Dash::Solid) {
        dl->AddLine(a, b, col, width);
        return;
    }
    const float on = dash == viz::Dash::Dashed ? 6.0f : 1.5f;
    const float off = dash == viz::Dash::Dashed ? 4.0f : 3.0f;
    const float dx = b.x - a.x, dy = b.y - a.y;
    const float len = std::sqrt(dx * dx + dy * dy);
    if (len <= 0) return;
    for (float t = 0; t < len; t += on + off) {
        const float t1 = std::min(t + on, len);
        dl->AddLine(ImVec2(a.x + dx * t / len, a.y + dy * t / len),
                    ImVec2(a.x + dx * t1 / len, a.y + dy * t1 / len), col, width);
    }
}

void polyline(ImDrawList* dl, const std::vector<ImVec2>& pts, ImU32 col, float width, viz::Dash dash) {
    if (pts.size() < 2) return;
    if (dash != viz::Dash::Solid) {
        for (std::size_t i = 1; i < pts.size(); ++i) dashed_line(dl, pts[i - 1], pts[i], col, width, dash);
        return;
    }
    for (std::size_t start = 0; start + 1 < pts.size(); start += kChunk - 1) {
        const int n = int(std::min<std::size_t>(kChunk, pts.size() - start));
        dl->AddPolyline(pts.data() + start, n, col, 0, width);
    }
}

void marker(ImDrawList* dl, ImVec2 c, const viz::Marker& m) {
    const ImU32 col = to_imgui(m.color);
    const float r = float(m.size) / 2;
    switch (m.shape) {
        case viz::MarkerShape::Circle: dl->AddCircleFilled(c, r, col, 16); break;
        case viz::MarkerShape::Ring: dl->AddCircle(c, r, col, 16, 2.0f); break;
        case viz::MarkerShape::Square: dl->AddRectFilled(ImVec2(c.x - r, c.y - r), ImVec2(c.x + r, c.y + r), col); break;
        case viz::MarkerShape::Diamond:
            dl->AddQuadFilled(ImVec2(c.x, c.y - r), ImVec2(c.x + r, c.y), ImVec2(c.x, c.y + r),
                              ImVec2(c.x - r, c.y), col);
            break;
        case viz::MarkerShape::Triangle:
            dl->AddTriangleFilled(ImVec2(c.x, c.y - r), ImVec2(c.x + r, c.y + r * 0.8f),
                                  ImVec2(c.x - r, c.y + r * 0.8f), col);
            break;
        case viz::MarkerShape::Cross:
            dl->AddLine(ImVec2(c.x - r, c.y - r), ImVec2(c.x + r, c.y + r), col, 2.0f);
            dl->AddLine(ImVec2(c.x - r, c.y + r), ImVec2(c.x + r, c.y - r), col, 2.0f);
            break;
    }
}

void arrow(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float width) {
    const float dx = b.x - a.x, dy = b.y - a.y;
    const float len = std::sqrt(dx * dx + dy * dy);
    if (len < 1.0f) {
        dl->AddCircleFilled(a, width * 1.5f, col);
        return;
    }
    const float head = std::min(9.0f, len * 0.5f);
    const float ux = dx / len, uy = dy / len;
    const ImVec2 base(b.x - ux * head, b.y - uy * head);
    dl->AddLine(a, base, col, width);
    dl->AddTriangleFilled(b, ImVec2(base.x - uy * head * 0.45f, base.y + ux * head * 0.45f),
                          ImVec2(base.x + uy * head * 0.45f, base.y - ux * head * 0.45f), col);
}

void band(ImDrawList* dl, const viz::Layout& l, const viz::BandSeries& b) {
    const std::size_t n = std::min({b.x.size(), b.lo.size(), b.hi.size()});
    if (n < 2) return;
    const ImU32 col = to_imgui(b.color);
    // Adjacent anti-aliased quads would leave light seams: fill without anti-aliasing.
    const ImDrawListFlags saved = dl->Flags;
    dl->Flags &= ~ImDrawListFlags_AntiAliasedFill;
    for (std::size_t i = 1; i < n; ++i) {
        const double x0 = b.x[i - 1], x1 = b.x[i];
        const double lo0 = b.lo[i - 1], hi0 = b.hi[i - 1];
        const double lo1 = b.step ? lo0 : b.lo[i], hi1 = b.step ? hi0 : b.hi[i];
        dl->AddQuadFilled(px(l, x0, hi0), px(l, x1, hi1), px(l, x1, lo1), px(l, x0, lo0), col);
    }
    dl->Flags = saved;
}

}  // namespace

void add_vertical_text(ImDrawList* dl, ImFont* font, float size, ImVec2 center, ImU32 color,
                       const char* text) {
    const ImVec2 ts = font->CalcTextSizeA(size, 1e9f, 0.0f, text);
    const int first = dl->VtxBuffer.Size;
    // AddText culls glyphs outside the clip rectangle before we rotate them: lift the clip.
    dl->PushClipRectFullScreen();
    dl->AddText(font, size, ImVec2(center.x - ts.x / 2, center.y - ts.y / 2), color, text);
    dl->PopClipRect();
    // Rotate the glyph quads just emitted by -90° about the centre.
    for (int i = first; i < dl->VtxBuffer.Size; ++i) {
        ImDrawVert& v = dl->VtxBuffer[i];
        const float dx = v.pos.x - center.x, dy = v.pos.y - center.y;
        v.pos = ImVec2(center.x + dy, center.y - dx);
    }
}

viz::Layout draw_chart(ImDrawList* dl, const viz::Chart& chart, ImVec2 pos, ImVec2 size,
                       bool show_title) {
    const Fonts& f = fonts();
    viz::LayoutStyle style;
    style.font_size = f.small->FontSize;
    style.title_size = f.bold->FontSize;
    style.show_title = show_title;
    style.text_width = [&f](std::string_view text, double sz) {
        ImFont* font = sz > f.small->FontSize + 0.5 ? f.bold : f.small;
        const std::string s(text);
        return double(font->CalcTextSizeA(float(sz), 1e9f, 0.0f, s.c_str()).x);
    };
    const viz::Layout l = viz::layout(chart, viz::Rect{pos.x, pos.y, size.x, size.y}, style);
    const float fs = float(l.font_size);
    const ImU32 ink = to_imgui(viz::palette::kInk);
    const ImU32 muted = to_imgui(viz::palette::kMuted);
    const ImU32 grid = to_imgui(viz::palette::kGrid);
    const ImVec2 p0(float(l.plot.x), float(l.plot.y));
    const ImVec2 p1(float(l.plot.right()), float(l.plot.bottom()));

    if (show_title) {
        text_at_baseline(dl, f.bold, float(l.title_size), l.title_at, ink, chart.title);
        if (!chart.caption.empty())
            text_at_baseline(dl, f.small, fs, l.caption_at, muted, chart.caption);
    }

    // Grid and ticks.
    for_each_tick(chart.x, [&](double t, const std::string& label) {
        const float x = float(l.sx(t));
        if (chart.x.grid) dl->AddLine(ImVec2(x, p0.y), ImVec2(x, p1.y), grid);
        dl->AddLine(ImVec2(x, p1.y), ImVec2(x, p1.y + 4), muted);
        text_at_baseline(dl, f.small, fs, {x, p1.y + 5 + fs}, muted, label, 0.5f);
    });
    if (chart.categorical_y()) {
        for (std::size_t r = 0; r < chart.rows.size(); ++r) {
            const float yc = float(l.sy(double(r) + 0.5));
            const std::string& label = chart.rows[r];
            const float w = f.small->CalcTextSizeA(fs, 1e9f, 0.0f, label.c_str()).x;
            dl->AddText(f.small, fs, ImVec2(p0.x - 6 - w, yc - fs / 2), ink, label.c_str());
        }
    } else {
        for_each_tick(chart.y, [&](double t, const std::string& label) {
            const float y = float(l.sy(t));
            if (chart.y.grid) dl->AddLine(ImVec2(p0.x, y), ImVec2(p1.x, y), grid);
            const float w = f.small->CalcTextSizeA(fs, 1e9f, 0.0f, label.c_str()).x;
            dl->AddText(f.small, fs, ImVec2(p0.x - 6 - w, y - fs / 2), muted, label.c_str());
        });
    }

    dl->PushClipRect(ImVec2(p0.x - 1, p0.y - 1), ImVec2(p1.x + 1, p1.y + 1), true);
    for (const auto& c : chart.cells)
        dl->AddRectFilled(px(l, c.x0, c.y1), px(l, c.x1, c.y0), to_imgui(c.color));
    for (const auto& b : chart.bands) band(dl, l, b);
    for (const auto& r : chart.refs) {
        const ImU32 col = to_imgui(r.color);
        if (r.vertical) {
            const float x = float(l.sx(r.value));
            dashed_line(dl, ImVec2(x, p0.y), ImVec2(x, p1.y), col, 1.2f, r.dash);
            if (!r.label.empty()) dl->AddText(f.small, fs, ImVec2(x + 4, p0.y + 2), col, r.label.c_str());
        } else {
            const float y = float(l.sy(r.value));
            dashed_line(dl, ImVec2(p0.x, y), ImVec2(p1.x, y), col, 1.2f, r.dash);
            if (!r.label.empty()) {
                const float w = f.small->CalcTextSizeA(fs, 1e9f, 0.0f, r.label.c_str()).x;
                dl->AddText(f.small, fs, ImVec2(p1.x - w - 4, y - fs - 2), col, r.label.c_str());
            }
        }
    }
    struct ValueLabel {
        float x, y, w;
        std::string text;
    };
    std::vector<ValueLabel> value_labels;
    std::vector<ImVec2> pts;
    for (const auto& s : chart.lines) {
        pts.clear();
        for (const auto& p : viz::polyline(s.x, s.y, s.step)) pts.push_back(px(l, p.x, p.y));
        polyline(dl, pts, to_imgui(s.color), float(s.width), s.dash);
    }
    for (std::size_t r = 0; r < chart.bar_rows.size(); ++r) {
        const auto& row = chart.bar_rows[r];
        const double n = double(std::max<std::size_t>(row.bars.size(), 1));
        for (std::size_t k = 0; k < row.bars.size(); ++k) {
            const auto& b = row.bars[k];
            // Several bars in a row share it side by side (a tornado's low and high bar overlap
            // in x, so they are stacked thinly instead).
            const double top = double(r) + 0.18 + 0.64 * double(k) / n;
            const double bottom = double(r) + 0.18 + 0.64 * double(k + 1) / n;
            ImVec2 a = px(l, std::min(b.from, b.to), top), c = px(l, std::max(b.from, b.to), bottom);
            if (a.y > c.y) std::swap(a.y, c.y);
            dl->AddRectFilled(a, c, to_imgui(b.color), 2.0f);
            const float ym = (a.y + c.y) / 2;
            if (b.lo && b.hi) {
                const float x0 = float(l.sx(*b.lo)), x1 = float(l.sx(*b.hi));
                dl->AddLine(ImVec2(x0, ym), ImVec2(x1, ym), ink, 1.2f);
                dl->AddLine(ImVec2(x0, ym - 4), ImVec2(x0, ym + 4), ink, 1.2f);
                dl->AddLine(ImVec2(x1, ym - 4), ImVec2(x1, ym + 4), ink, 1.2f);
            }
            if (!b.value_label.empty()) {
                const bool right = b.to >= b.from;
                const float xe = float(l.sx(b.hi && right ? std::max(b.to, *b.hi)
                                            : b.lo && !right ? std::min(b.to, *b.lo) : b.to));
                const float w = f.small->CalcTextSizeA(fs, 1e9f, 0.0f, b.value_label.c_str()).x;
                value_labels.push_back({right ? xe + 5 : xe - 5 - w, ym - fs / 2, w, b.value_label});
            }
        }
    }
    for (const auto& a : chart.arrows)
        arrow(dl, px(l, a.x0, a.y0), px(l, a.x1, a.y1), to_imgui(a.color), float(a.width));
    dl->PopClipRect();
    // A bar's value label past the plot's edge moves back inside it, on a paper patch over the bar,
    // rather than being cut off.
    for (const auto& v : value_labels) {
        const float x = std::clamp(v.x, p0.x + 2, std::max(p0.x + 2, p1.x - v.w - 2));
        if (x != v.x)
            dl->AddRectFilled(ImVec2(x - 3, v.y - 1), ImVec2(x + v.w + 3, v.y + fs + 1),
                              to_imgui(viz::with_alpha(viz::palette::kPaper, 0.85)), 3.0f);
        dl->AddText(f.small, fs, ImVec2(x, v.y), ink, v.text.c_str());
    }
    // Markers may sit on the plot's edge (a steady state at the horizon): not clipped. Their labels
    // are placed so that none overlaps another label or a mark (the larger marks' labels first).
    std::vector<std::size_t> labelled;
    for (std::size_t i = 0; i < chart.markers.size(); ++i) {
        marker(dl, px(l, chart.markers[i].x, chart.markers[i].y), chart.markers[i]);
        if (!chart.markers[i].label.empty()) labelled.push_back(i);
    }
    if (!labelled.empty()) {
        std::stable_sort(labelled.begin(), labelled.end(), [&](std::size_t a, std::size_t b) {
            return chart.markers[a].size > chart.markers[b].size;
        });
        // The labelled marks first, then the unlabelled ones, which block as marks only.
        std::vector<viz::LabelRequest> requests;
        const auto request = [&](std::size_t i, ImVec2 text) {
            const auto& m = chart.markers[i];
            const ImVec2 c = px(l, m.x, m.y);
            requests.push_back({{c.x, c.y}, m.size / 2, text.x, text.y, m.label_left});
        };
        for (std::size_t i : labelled) request(i, f.small->CalcTextSizeA(fs, 1e9f, 0.0f, chart.markers[i].label.c_str()));
        for (std::size_t i = 0; i < chart.markers.size(); ++i)
            if (chart.markers[i].label.empty()) request(i, ImVec2(0, 0));
        // Inside the plot, clear of the axes' tick labels; a label with no free place is hidden.
        const auto places = viz::place_labels(requests, {p0.x, p0.y, p1.x - p0.x, p1.y - p0.y}, viz::WhenCrowded::Hide);
        for (std::size_t k = 0; k < labelled.size(); ++k) {
            if (!places[k].shown) continue;
            const auto& m = chart.markers[labelled[k]];
            const viz::Rect& box = places[k].box;
            if (places[k].leader) {
                // A leader from the mark to the nearest point of its label.
                const ImVec2 c = px(l, m.x, m.y);
                const ImVec2 q(std::clamp(c.x, float(box.x), float(box.right())),
                               std::clamp(c.y, float(box.y), float(box.bottom())));
                dl->AddLine(c, q, to_imgui(viz::with_alpha(viz::palette::kMuted, 0.6)), 1.0f);
            }
            dl->AddText(f.small, fs, ImVec2(float(box.x), float(box.y)), ink, m.label.c_str());
        }
    }

    // Axes frame, titles.
    dl->AddLine(ImVec2(p0.x, p1.y), ImVec2(p1.x, p1.y), muted);
    if (!chart.categorical_y()) dl->AddLine(p0, ImVec2(p0.x, p1.y), muted);
    const std::string xt = chart.x.title();
    if (!xt.empty()) {
        const float w = f.small->CalcTextSizeA(fs, 1e9f, 0.0f, xt.c_str()).x;
        dl->AddText(f.small, fs, ImVec2(float(l.x_title_at.x) - w / 2, float(l.x_title_at.y) - fs / 2),
                    ink, xt.c_str());
    }
    const std::string yt = chart.y.title();
    if (!yt.empty())
        add_vertical_text(dl, f.small, fs, ImVec2(float(l.y_title_at.x), float(l.y_title_at.y)), ink,
                          yt.c_str());

    // Legend.
    for (std::size_t i = 0; i < chart.legend.size() && i < l.legend.size(); ++i) {
        const auto& e = chart.legend[i];
        const auto& slot = l.legend[i];
        const ImVec2 a(float(slot.swatch.x), float(slot.swatch.y));
        const ImVec2 b(float(slot.swatch.right()), float(slot.swatch.bottom()));
        const ImU32 col = to_imgui(e.color);
        switch (e.kind) {
            case viz::LegendKind::Line:
                dashed_line(dl, ImVec2(a.x, (a.y + b.y) / 2), ImVec2(b.x, (a.y + b.y) / 2), col, 2.0f, e.dash);
                break;
            case viz::LegendKind::Marker: {
                viz::Marker m;
                m.shape = e.shape;
                m.color = e.color;
                m.size = std::min(b.x - a.x, b.y - a.y);
                marker(dl, ImVec2((a.x + b.x) / 2, (a.y + b.y) / 2), m);
                break;
            }
            case viz::LegendKind::Band:
            case viz::LegendKind::Swatch: dl->AddRectFilled(a, b, col, 2.0f); break;
        }
        text_at_baseline(dl, f.small, fs, slot.text, ink, e.label);
    }

    // Colour bar.
    if (chart.colorbar && l.colorbar) {
        const auto& cb = *chart.colorbar;
        const auto& r = *l.colorbar;
        const bool horizontal = r.w >= r.h;
        const int steps = 48;
        for (int i = 0; i < steps; ++i) {
            const double t0 = double(i) / steps, t1 = double(i + 1) / steps;
            const ImU32 c0 = to_imgui(viz::ramp(cb.stops, t0)), c1 = to_imgui(viz::ramp(cb.stops, t1));
            if (horizontal)
                dl->AddRectFilledMultiColor(ImVec2(float(r.x + r.w * t0), float(r.y)),
                                            ImVec2(float(r.x + r.w * t1) + 0.5f, float(r.bottom())),
                                            c0, c1, c1, c0);
            else
                dl->AddRectFilledMultiColor(ImVec2(float(r.x), float(r.bottom() - r.h * t1)),
                                            ImVec2(float(r.right()), float(r.bottom() - r.h * t0) + 0.5f),
                                            c1, c1, c0, c0);
        }
        dl->AddRect(ImVec2(float(r.x), float(r.y)), ImVec2(float(r.right()), float(r.bottom())), muted);
        const double span = cb.domain.span() != 0 ? cb.domain.span() : 1.0;
        const double step = cb.ticks.size() > 1 ? cb.ticks[1] - cb.ticks[0] : 1.0;
        for (double t : cb.ticks) {
            const double u = (t - cb.domain.lo) / span;
            if (u < -1e-9 || u > 1 + 1e-9) continue;
            const std::string label = viz::format_tick(t, step);
            if (horizontal) {
                const float x = float(r.x + r.w * u);
                dl->AddLine(ImVec2(x, float(r.bottom())), ImVec2(x, float(r.bottom()) + 3), muted);
                text_at_baseline(dl, f.small, fs, {x, r.bottom() + 4 + fs}, muted, label, 0.5f);
            } else {
                const float y = float(r.bottom() - r.h * u);
                dl->AddLine(ImVec2(float(r.right()), y), ImVec2(float(r.right()) + 3, y), muted);
                dl->AddText(f.small, fs, ImVec2(float(r.right()) + 5, y - fs / 2), muted, label.c_str());
            }
        }
        if (!cb.label.empty()) {
            // viz::layout leaves the label's width (+8 px) to the left of the ramp.
            const float w = f.small->CalcTextSizeA(fs, 1e9f, 0.0f, cb.label.c_str()).x;
            if (horizontal)
                dl->AddText(f.small, fs, ImVec2(float(r.x) - w - 8, float(r.y + r.h / 2) - fs / 2), ink,
                            cb.label.c_str());
            else
                text_at_baseline(dl, f.small, fs, {r.x, r.y - 6}, ink, cb.label);
        }
    }
    return l;
}

ChartHover chart_widget(const char* id, const viz::Chart& chart, ImVec2 size, bool show_title) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    // Sizes <= 0 mean "the available space minus that much", as for ImGui's own widgets.
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    if (size.x <= 0.0f) size.x = std::max(avail.x + size.x, 40.0f);
    if (size.y <= 0.0f) size.y = std::max(avail.y + size.y, 40.0f);
    ImGui::InvisibleButton(id, size);
    const bool hovered = ImGui::IsItemHovered();
    dl->AddRectFilled(pos, ImVec2(pos.x + size.x, pos.y + size.y), to_imgui(viz::palette::kPaper), 6.0f);
    dl->AddRect(pos, ImVec2(pos.x + size.x, pos.y + size.y), to_imgui(theme::kBorder), 6.0f);
    const float pad = 6.0f;
    const viz::Layout l = draw_chart(dl, chart, ImVec2(pos.x + pad, pos.y + pad),
                                     ImVec2(size.x - 2 * pad, size.y - 2 * pad), show_title);
    if (!hovered) return {};
    const ImVec2 m = ImGui::GetIO().MousePos;
    if (m.x < l.plot.x || m.x > l.plot.right() || m.y < l.plot.y || m.y > l.plot.bottom())
        return {};
    dl->AddLine(ImVec2(m.x, float(l.plot.y)), ImVec2(m.x, float(l.plot.bottom())),
                to_imgui(viz::with_alpha(viz::palette::kInk, 0.35)));
    return {true, l.sx.invert(m.x), l.sy.invert(m.y)};
}

}  // namespace orgforces::dash
