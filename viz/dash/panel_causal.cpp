// Causal loops: the signed causal graph of the variant (model/causal.hpp), its feedback loops and
// leverage points. Nodes are placed in columns by mechanism (forces → practice → friction and
// supply → venture hazard and progress → outcomes); a selected loop is highlighted.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

#include "model/causal.hpp"
#include "viz/chart.hpp"
#include "viz/dash/chart_draw.hpp"
#include "viz/dash/panels.hpp"
#include "viz/dash/theme.hpp"

namespace orgforces::dash {

namespace {

int column_of(model::CausalKind k) {
    using K = model::CausalKind;
    switch (k) {
        case K::Gravity: case K::Water: return 0;
        case K::Practice: case K::Assumption: return 1;
        case K::Friction: case K::IdeaSupply: case K::Hiring: case K::Qualitative: return 2;
        case K::Capacity: case K::Attrition: case K::Fit: return 3;
        case K::Hazard: case K::Progress: return 4;
        case K::Outcome: return 5;
    }
    return 2;
}

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

struct Analysis {
    std::shared_ptr<const model::Scenario> scenario;
    model::CausalGraph graph;
    model::LoopSearch loops;
    model::LeverageAnalysis lev;
    std::string error;
};

const Analysis& analysis_for(const std::shared_ptr<const model::Scenario>& s) {
    static Analysis a;
    if (a.scenario == s) return a;
    a = Analysis{};
    a.scenario = s;
    try {
        a.graph = model::build_causal_graph(*s);
        a.loops = model::find_loops(a.graph, 200);
        a.lev = model::leverage(a.graph, model::default_outcomes(a.graph));
    } catch (const std::exception& e) {
        a.error = e.what();
    }
    return a;
}

}  // namespace

void draw_causal_panel(App& app) {
    const auto scenario = app.snap->scenario ? app.snap->scenario : app.session.variant();
    const Analysis& a = analysis_for(scenario);
    if (!a.error.empty()) {
        empty_state(("The causal analysis failed: " + a.error).c_str());
        return;
    }
    const auto& nodes = a.graph.nodes();
    const auto& edges = a.graph.edges();
    if (nodes.empty()) {
        empty_state("No causal links in this scenario.");
        return;
    }
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float side_w = std::min(380.0f, avail.x * 0.34f);

    // Left: the graph.
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImGui::ColorConvertU32ToFloat4(to_imgui(viz::palette::kPaper)));
    ImGui::BeginChild("##graph", ImVec2(avail.x - side_w - 8, avail.y), true);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 o = ImGui::GetCursorScreenPos();
    const ImVec2 area = ImGui::GetContentRegionAvail();
    const Fonts& f = fonts();
    const float fs = f.small->FontSize;
    std::map<int, std::vector<int>> columns;
    for (int i = 0; i < int(nodes.size()); ++i) columns[column_of(nodes[std::size_t(i)].kind)].push_back(i);
    const int ncols = 6;
    const float col_w = area.x / ncols;
    std::vector<ImVec2> pos(nodes.size());
    std::vector<ImVec2> half(nodes.size());
    std::vector<std::vector<std::string>> lines(nodes.size());
    for (auto& [c, list] : columns) {
        const float step = area.y / float(list.size() + 1);
        for (std::size_t k = 0; k < list.size(); ++k) {
            const int i = list[k];
            pos[std::size_t(i)] = ImVec2(o.x + col_w * (float(c) + 0.5f), o.y + step * float(k + 1));
            lines[std::size_t(i)] = wrap_words(f.small, fs, nodes[std::size_t(i)].label, col_w - 16);
            float w = 0;
            for (const auto& line : lines[std::size_t(i)])
                w = std::max(w, f.small->CalcTextSizeA(fs, 1e9f, 0.0f, line.c_str()).x);
            half[std::size_t(i)] = ImVec2(w / 2 + 6, fs * float(lines[std::size_t(i)].size()) / 2 + 3);
        }
    }
    // Loop membership for highlighting.
    std::vector<bool> on_loop(nodes.size(), false);
    std::vector<std::pair<int, int>> loop_edges;
    if (app.ui.selected_loop >= 0 && app.ui.selected_loop < int(a.loops.loops.size())) {
        const auto& L = a.loops.loops[std::size_t(app.ui.selected_loop)].nodes;
        for (std::size_t k = 0; k < L.size(); ++k) {
            on_loop[std::size_t(L[k])] = true;
            loop_edges.push_back({L[k], L[(k + 1) % L.size()]});
        }
    }
    const bool highlighting = !loop_edges.empty();
    double wmax = 1e-12;
    for (const auto& e : edges) wmax = std::max(wmax, std::abs(e.weight));
    for (const auto& e : edges) {
        const bool hot = std::find(loop_edges.begin(), loop_edges.end(), std::make_pair(e.from, e.to)) != loop_edges.end();
        viz::Rgba col = e.weight > 0 ? viz::palette::kOkabeIto[0] : viz::palette::kOkabeIto[5];
        col = viz::with_alpha(col, highlighting ? (hot ? 0.95 : 0.08) : 0.35);
        const ImVec2 a0 = pos[std::size_t(e.from)], a1 = pos[std::size_t(e.to)];
        const float width = 1.0f + 2.5f * float(std::sqrt(std::abs(e.weight) / wmax)) + (hot ? 1.0f : 0.0f);
        const float bend = (a1.x >= a0.x) ? (a1.x - a0.x) * 0.45f : col_w * 0.8f;
        const ImVec2 start(a0.x + half[std::size_t(e.from)].x, a0.y);
        const ImVec2 end(a1.x - half[std::size_t(e.to)].x, a1.y);
        dl->AddBezierCubic(start, ImVec2(start.x + bend, start.y), ImVec2(end.x - bend, end.y), end,
                           to_imgui(col), width);
        dl->AddTriangleFilled(end, ImVec2(end.x - 7, end.y - 4), ImVec2(end.x - 7, end.y + 4), to_imgui(col));
    }
    const int top_levers = 5;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        bool lever = false;
        for (int k = 0; k < std::min<int>(top_levers, int(a.lev.ranking.size())); ++k)
            lever |= a.lev.ranking[std::size_t(k)].node == int(i);
        const ImVec2 p0(pos[i].x - half[i].x, pos[i].y - half[i].y), p1(pos[i].x + half[i].x, pos[i].y + half[i].y);
        const bool dim = highlighting && !on_loop[i];
        const viz::Rgba fill = nodes[i].kind == model::CausalKind::Outcome ? viz::Rgba{0xfd, 0xf1, 0xdc, 255}
                                                                            : viz::palette::kPaper;
        dl->AddRectFilled(p0, p1, to_imgui(viz::with_alpha(fill, dim ? 0.5 : 1.0)), 4.0f);
        dl->AddRect(p0, p1, to_imgui(lever ? viz::palette::kOkabeIto[1] : viz::with_alpha(viz::palette::kMuted, dim ? 0.3 : 0.8)),
                    4.0f, 0, lever ? 2.5f : 1.0f);
        for (std::size_t k = 0; k < lines[i].size(); ++k)
            dl->AddText(f.small, fs, ImVec2(p0.x + 6, p0.y + 3 + fs * float(k)),
                        to_imgui(viz::with_alpha(viz::palette::kInk, dim ? 0.35 : 1.0)), lines[i][k].c_str());
        if (ImGui::IsMouseHoveringRect(p0, p1)) {
            std::string tip = nodes[i].label + "\n" + model::to_string(nodes[i].kind);
            for (const auto& e : edges)
                if (e.to == int(i))
                    tip += "\n← " + nodes[std::size_t(e.from)].label + " (" + viz::format_number(e.weight) + ", " + e.why + ")";
            ImGui::SetTooltip("%s", tip.c_str());
        }
    }
    static const char* col_titles[ncols] = {"forces", "practice & culture", "friction & supply",
                                            "capacity & fit", "hazard & progress", "outcomes"};
    for (int c = 0; c < ncols; ++c) {
        const ImVec2 ts = f.small->CalcTextSizeA(fs, 1e9f, 0.0f, col_titles[c]);
        dl->AddText(f.small, fs, ImVec2(o.x + col_w * (float(c) + 0.5f) - ts.x / 2, o.y), to_imgui(viz::palette::kMuted),
                    col_titles[c]);
    }
    ImGui::EndChild();
    ImGui::PopStyleColor();

    // Right: loops and leverage.
    ImGui::SameLine(0, 8);
    ImGui::BeginChild("##loops", ImVec2(side_w, avail.y), false);
    heading("Feedback loops", "R reinforces a change, B balances it. Select one to trace it.");
    if (a.loops.loops.empty()) ImGui::TextDisabled("No feedback loops.");
    const float list_h = std::max(120.0f, ImGui::GetContentRegionAvail().y * 0.5f);
    ImGui::BeginChild("##looplist", ImVec2(0, list_h), true);
    for (int k = 0; k < int(a.loops.loops.size()); ++k) {
        const auto& L = a.loops.loops[std::size_t(k)];
        std::string text = L.reinforcing ? "R  " : "B  ";
        for (std::size_t j = 0; j < L.nodes.size(); ++j)
            text += (j ? " → " : "") + nodes[std::size_t(L.nodes[j])].label;
        ImGui::PushID(k);
        if (ImGui::Selectable(text.c_str(), app.ui.selected_loop == k))
            app.ui.selected_loop = app.ui.selected_loop == k ? -1 : k;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\nloop gain %s", text.c_str(), viz::format_number(L.gain).c_str());
        ImGui::PopID();
    }
    if (a.loops.truncated) ImGui::TextDisabled("… more loops exist (search capped at %zu)", a.loops.cap);
    ImGui::EndChild();
    heading("Leverage points", "Total effect on the outcomes, (I − W)⁻¹ of the linearized links.");
    if (!a.lev.valid) {
        ImGui::TextWrapped("%s", a.lev.note.c_str());
    } else {
        for (int k = 0; k < std::min<int>(8, int(a.lev.ranking.size())); ++k) {
            const auto& p = a.lev.ranking[std::size_t(k)];
            ImGui::Text("%d.", k + 1);
            ImGui::SameLine(28);
            ImGui::TextUnformatted(nodes[std::size_t(p.node)].label.c_str());
            ImGui::SameLine(side_w - 70);
            ImGui::TextDisabled("%s", viz::format_number(p.score).c_str());
        }
    }
    ImGui::EndChild();
}

}  // namespace orgforces::dash
