// Causal loops: the signed causal graph of the variant (model/causal.hpp), its feedback loops and
// leverage points, laid out in layers (viz/dash/causal_view.hpp: Graphviz's dot, or a built-in
// layering by mechanism); a selected loop is highlighted.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "model/causal.hpp"
#include "viz/chart.hpp"
#include "viz/dash/chart_draw.hpp"
#include "viz/dash/panels.hpp"
#include "viz/dash/theme.hpp"

namespace orgforces::dash {

namespace {

// Greedy word wrap at spaces only (names such as "self-serve-insights" are never split).
std::vector<std::string> wrap_words(ImFont* font, float size, const std::string& text, float width) {
    std::vector<std::string> out;
    std::string line, word;
    auto fits = [&](const std::string& s) { return font->CalcTextSizeA(size, 1e9f, 0.0f, s.c_str()).x <= width; };
    std::size_t i = 0;
    while (i <= text.size()) {
        if (i == text.size() || text[i] == ' ') {
            if (!word.empty()) {
                const std::string joined = line.empty() ? word : line + " " + word;
                if (line.empty() || fits(joined)) {
                    line = joined;
                } else {
                    out.push_back(line);
                    line = word;
                }
                word.clear();
            }
        } else {
            word += text[i];
        }
        ++i;
    }
    if (!line.empty()) out.push_back(line);
    return out;
}

constexpr float kLabelWidth = 120.0f;  // a node's label wraps at this width (pixels)
constexpr float kMinZoom = 0.72f;      // smaller text is no longer read comfortably

// A node's box: its wrapped label plus padding.
Size2 node_box(const std::vector<std::string>& lines, ImFont* font, float fs) {
    float w = 0;
    for (const auto& line : lines) w = std::max(w, font->CalcTextSizeA(fs, 1e9f, 0.0f, line.c_str()).x);
    return {w + 12, fs * float(lines.size()) + 6};
}

ImVec2 at(ImVec2 o, Point2 p, float sx, float sy) { return ImVec2(o.x + p.x * sx, o.y + p.y * sy); }

void draw_graph(App& app, const CausalView& a) {
    const auto& nodes = a.graph.nodes();
    const auto& edges = a.graph.edges();
    const auto& L = a.layout;
    const Fonts& f = fonts();
    const float fs = f.small->FontSize;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 area = ImGui::GetContentRegionAvail();
    // The whole graph is scaled to fit the area (text included, so boxes keep fitting their
    // labels), down to a legible minimum; past that the view scrolls.
    const float zoom = std::clamp(std::min(area.x / std::max(L.extent.w, 1.0f), area.y / std::max(L.extent.h, 1.0f)),
                                  kMinZoom, 1.5f);
    const float sx = zoom, sy = zoom;
    const float tfs = fs * zoom;
    const ImVec2 o(ImGui::GetCursorScreenPos().x + std::max(0.0f, (area.x - L.extent.w * zoom) / 2),
                   ImGui::GetCursorScreenPos().y + std::max(0.0f, (area.y - L.extent.h * zoom) / 2));
    ImGui::Dummy(ImVec2(L.extent.w * zoom, L.extent.h * zoom));
    app.ui.causal_zoom = zoom;

    std::vector<bool> on_loop(nodes.size(), false);
    std::vector<std::pair<int, int>> loop_edges;
    if (app.ui.selected_loop >= 0 && app.ui.selected_loop < int(a.loops.loops.size())) {
        const auto& loop = a.loops.loops[std::size_t(app.ui.selected_loop)].nodes;
        for (std::size_t k = 0; k < loop.size(); ++k) {
            on_loop[std::size_t(loop[k])] = true;
            loop_edges.push_back({loop[k], loop[(k + 1) % loop.size()]});
        }
    }
    const bool highlighting = !loop_edges.empty();
    double wmax = 1e-12;
    for (const auto& e : edges) wmax = std::max(wmax, std::abs(e.weight));
    for (std::size_t k = 0; k < edges.size() && k < L.curve.size(); ++k) {
        const auto& e = edges[k];
        const auto& c = L.curve[k];
        const bool hot = std::find(loop_edges.begin(), loop_edges.end(), std::make_pair(e.from, e.to)) != loop_edges.end();
        viz::Rgba col = e.weight > 0 ? viz::palette::kOkabeIto[0] : viz::palette::kOkabeIto[5];
        col = viz::with_alpha(col, highlighting ? (hot ? 0.95 : 0.08) : 0.4);
        const float width = 1.0f + 2.5f * float(std::sqrt(std::abs(e.weight) / wmax)) + (hot ? 1.0f : 0.0f);
        for (std::size_t i = 0; i + 3 < c.size(); i += 3)
            dl->AddBezierCubic(at(o, c[i], sx, sy), at(o, c[i + 1], sx, sy), at(o, c[i + 2], sx, sy),
                               at(o, c[i + 3], sx, sy), to_imgui(col), width);
        // The arrowhead along the curve's last direction.
        const ImVec2 tip = at(o, c.back(), sx, sy);
        ImVec2 from = at(o, c[c.size() - 2], sx, sy);
        for (std::size_t i = c.size() - 1; i-- > 0 && std::abs(from.x - tip.x) + std::abs(from.y - tip.y) < 1.0f;)
            from = at(o, c[i], sx, sy);
        const float dx = tip.x - from.x, dy = tip.y - from.y, len = std::max(std::sqrt(dx * dx + dy * dy), 1e-3f);
        const float ux = dx / len, uy = dy / len;
        dl->AddTriangleFilled(tip, ImVec2(tip.x - 8 * ux - 4 * uy, tip.y - 8 * uy + 4 * ux),
                              ImVec2(tip.x - 8 * ux + 4 * uy, tip.y - 8 * uy - 4 * ux), to_imgui(col));
    }
    const int top_levers = 5;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        bool lever = false;
        for (int k = 0; k < std::min<int>(top_levers, int(a.lev.ranking.size())); ++k)
            lever |= a.lev.ranking[std::size_t(k)].node == int(i);
        const ImVec2 c = at(o, L.centre[i], sx, sy);
        const Size2 half{L.size[i].w * zoom / 2, L.size[i].h * zoom / 2};
        const ImVec2 p0(c.x - half.w, c.y - half.h), p1(c.x + half.w, c.y + half.h);
        const bool dim = highlighting && !on_loop[i];
        const viz::Rgba fill = nodes[i].kind == model::CausalKind::Outcome ? viz::Rgba{0xfd, 0xf1, 0xdc, 255}
                                                                            : viz::palette::kPaper;
        dl->AddRectFilled(p0, p1, to_imgui(viz::with_alpha(fill, dim ? 0.6 : 1.0)), 4.0f);
        dl->AddRect(p0, p1, to_imgui(lever ? viz::palette::kOkabeIto[1] : viz::with_alpha(viz::palette::kMuted, dim ? 0.3 : 0.8)),
                    4.0f, 0, lever ? 2.5f : 1.0f);
        const auto lines = wrap_words(f.small, fs, nodes[i].label, kLabelWidth);
        for (std::size_t k = 0; k < lines.size(); ++k)
            dl->AddText(f.small, tfs, ImVec2(p0.x + 6 * zoom, p0.y + 3 * zoom + tfs * float(k)),
                        to_imgui(viz::with_alpha(viz::palette::kInk, dim ? 0.35 : 1.0)), lines[k].c_str());
        if (ImGui::IsMouseHoveringRect(p0, p1) && ImGui::IsWindowHovered()) {
            std::string tip = nodes[i].label + "\n" + model::to_string(nodes[i].kind);
            for (const auto& e : edges)
                if (e.to == int(i))
                    tip += "\n← " + nodes[std::size_t(e.from)].label + " (" + viz::format_number(e.weight) + ", " + e.why + ")";
            ImGui::SetTooltip("%s", tip.c_str());
        }
    }
}

// The loop list: each loop a selectable row whose text wraps (never cut off).
void draw_loop_list(App& app, const CausalView& a) {
    const auto& nodes = a.graph.nodes();
    const float wrap = ImGui::GetContentRegionAvail().x - 8;
    for (int k = 0; k < int(a.loops.loops.size()); ++k) {
        const auto& loop = a.loops.loops[std::size_t(k)];
        std::string text = loop.reinforcing ? "R  " : "B  ";
        for (std::size_t j = 0; j < loop.nodes.size(); ++j)
            text += (j ? " → " : "") + nodes[std::size_t(loop.nodes[j])].label;
        const ImVec2 size = ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap);
        const ImVec2 p = ImGui::GetCursorScreenPos();
        ImGui::PushID(k);
        if (ImGui::Selectable("##loop", app.ui.selected_loop == k, 0, ImVec2(0, size.y)))
            app.ui.selected_loop = app.ui.selected_loop == k ? -1 : k;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("loop gain %s", viz::format_number(loop.gain).c_str());
        ImGui::GetWindowDrawList()->AddText(ImGui::GetFont(), ImGui::GetFontSize(), p, ImGui::GetColorU32(ImGuiCol_Text),
                                            text.c_str(), nullptr, wrap);
        ImGui::PopID();
    }
    if (a.loops.truncated) ImGui::TextDisabled("… more loops exist (search capped at %zu)", a.loops.cap);
}

}  // namespace

void draw_causal_panel(App& app) {
    const Fonts& f = fonts();
    const float fs = f.small->FontSize;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float side_w = std::min(340.0f, avail.x * 0.3f);
    const ImVec2 graph_size(avail.x - side_w - 8, avail.y - ImGui::GetTextLineHeightWithSpacing() * 2);
    const CausalView& a = app.causal(
        [&](const std::string& label) { return node_box(wrap_words(f.small, fs, label, kLabelWidth), f.small, fs); },
        graph_size.x / std::max(graph_size.y, 1.0f));
    if (!a.error.empty()) {
        empty_state(("The causal analysis failed: " + a.error).c_str());
        return;
    }
    const auto& nodes = a.graph.nodes();
    if (nodes.empty()) {
        empty_state("No causal links in this scenario.");
        return;
    }
    // Left: the graph, scrolling when its layout is larger than the area.
    ImGui::BeginGroup();
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImGui::ColorConvertU32ToFloat4(to_imgui(viz::palette::kPaper)));
    ImGui::BeginChild("##graph", graph_size, true, ImGuiWindowFlags_HorizontalScrollbar);
    draw_graph(app, a);
    ImGui::EndChild();
    ImGui::PopStyleColor();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + graph_size.x);
    ImGui::TextDisabled("Layout: %s%s, shown at %d%%. Blue links raise, vermillion links lower; orange boxes: the top "
                        "leverage points.",
                        a.layout.engine.c_str(), a.layout.note.empty() ? "" : (" (" + a.layout.note + ")").c_str(),
                        int(std::lround(app.ui.causal_zoom * 100)));
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();

    // Right: loops and leverage.
    ImGui::SameLine(0, 8);
    ImGui::BeginChild("##loops", ImVec2(side_w, avail.y), false);
    heading("Feedback loops", "R reinforces a change, B balances it. Select one to trace it.");
    if (a.loops.loops.empty()) ImGui::TextDisabled("No feedback loops.");
    const float list_h = std::max(120.0f, ImGui::GetContentRegionAvail().y * 0.5f);
    ImGui::BeginChild("##looplist", ImVec2(0, list_h), true);
    draw_loop_list(app, a);
    ImGui::EndChild();
    heading("Leverage points", "Total effect on the outcomes, (I − W)⁻¹ of the linearized links.");
    if (!a.lev.valid) {
        ImGui::TextWrapped("%s", a.lev.note.c_str());
    } else if (ImGui::BeginTable("##leverage", 3, ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("rank", ImGuiTableColumnFlags_WidthFixed, 22);
        ImGui::TableSetupColumn("node", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("score", ImGuiTableColumnFlags_WidthFixed, 64);
        for (int k = 0; k < std::min<int>(8, int(a.lev.ranking.size())); ++k) {
            const auto& p = a.lev.ranking[std::size_t(k)];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::Text("%d.", k + 1);
            ImGui::TableNextColumn();
            ImGui::TextWrapped("%s", nodes[std::size_t(p.node)].label.c_str());
            ImGui::TableNextColumn();
            ImGui::TextDisabled("%s", viz::format_number(p.score).c_str());
        }
        ImGui::EndTable();
    }
    ImGui::EndChild();
}

}  // namespace orgforces::dash
