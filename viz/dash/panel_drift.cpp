// Drift fan charts: the focal team large, every team as a small multiple; the baseline (the
// result before the latest change) as a faint overlay, the analytic steady state as a marker.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "model/oracle.hpp"
#include "viz/dash/chart_draw.hpp"
#include "viz/dash/figures.hpp"
#include "viz/dash/panels.hpp"
#include "viz/dash/theme.hpp"

namespace orgforces::dash {

namespace {

std::optional<double> steady_drift(const App& app, int team) {
    const auto& o = app.oracle();
    if (team < 0 || std::size_t(team) >= o.size()) return std::nullopt;
    return o[std::size_t(team)].steady_drift;
}

void summary_line(App& app, const std::string& team) {
    const auto& r = *app.snap->result;
    const int t = app.tick();
    const auto now = median_at(r, team, "drift", t);
    if (!now) return;
    const auto kept = median_at(r, team, "intent_kept", t);
    ImGui::Text("%s: median drift at %s %d is %s · intent kept %s", team.c_str(), app.scenario().tick_unit.c_str(), t,
                viz::format_number(*now).c_str(), kept ? viz::format_percent(*kept).c_str() : "–");
    if (app.snap->baseline) {
        if (const auto before = median_at(*app.snap->baseline, team, "drift", t)) {
            const double d = *now - *before;
            ImGui::SameLine();
            ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(
                                                     to_imgui(d > 0 ? theme::kWarning : theme::kGood)));
            ImGui::Text("(%s%s vs %s)", d >= 0 ? "+" : "−", viz::format_number(std::abs(d)).c_str(),
                        app.snap->baseline_label.c_str());
            ImGui::PopStyleColor();
        }
    }
    const int ti = app.scenario().team_index(team);
    if (ti >= 0 && std::size_t(ti) < app.oracle().size()) {
        const auto& o = app.oracle()[std::size_t(ti)];
        std::string half = std::isfinite(o.half_life) ? viz::format_number(o.half_life) + " " +
                                                            app.scenario().tick_unit + "s"
                                                      : "never";
        std::string surviving = std::isfinite(o.intent_surviving) ? viz::format_percent(o.intent_surviving)
                                                                  : "–";
        ImGui::TextDisabled("Analytic preview: steady drift %s · half-life %s · intent kept %s",
                            viz::format_number(o.steady_drift).c_str(), half.c_str(), surviving.c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", std::string(model::oracle_scope()).c_str());
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextDisabled("%s", std::string(model::oracle_scope()).c_str());
        ImGui::PopTextWrapPos();
    }
}

}  // namespace

void draw_drift_panel(App& app) {
    if (!app.snap->result) {
        empty_state("Running the first ensemble…");
        return;
    }
    const auto& s = app.scenario();
    const auto& r = *app.snap->result;
    const sim::EnsembleResult* base = app.snap->baseline.get();
    if (s.teams.empty()) return;
    const std::string focal = s.teams[std::size_t(std::clamp(app.ui.focal_team, 0, int(s.teams.size()) - 1))].name;

    summary_line(app, focal);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("Intent kept: %s.", viz::measure_meaning("intent_kept").c_str());
    ImGui::PopTextWrapPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float big_h = std::clamp(avail.y * 0.52f, 240.0f, 460.0f);
    const ChartHover hover = chart_widget("##drift-focal",
                                   drift_chart(s, r, base, focal, steady_drift(app, app.ui.focal_team),
                                               app.tick(), false),
                                   ImVec2(avail.x, big_h));
    if (hover.active) {
        const int t = std::clamp(int(std::lround(hover.x)), 0, s.horizon);
        const sim::Series* series = r.find_series(focal, "drift");
        if (series && std::size_t(t) < series->ticks.size()) {
            const auto& b = series->ticks[std::size_t(t)];
            ImGui::SetTooltip("%s %d\nmedian %s\n25–75%%: %s – %s\n5–95%%: %s – %s", s.tick_unit.c_str(), t,
                              viz::format_number(b.q50).c_str(), viz::format_number(b.q25).c_str(),
                              viz::format_number(b.q75).c_str(), viz::format_number(b.q05).c_str(),
                              viz::format_number(b.q95).c_str());
        }
        if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) app.ui.scrub_tick = t;
    }

    ImGui::Spacing();
    ImGui::Checkbox("All teams", &app.ui.small_multiples);
    help_marker("Small multiples of every team's drift on a shared time axis. Click one to make it the focal team.");
    if (!app.ui.small_multiples) return;
    ImGui::SameLine(0, 20);
    ImGui::Checkbox("independent y-scales", &app.ui.independent_scales);
    help_marker("By default every small multiple shares one drift scale, so teams compare at a glance; "
                "independent scales show each team's own shape.");
    std::optional<viz::Range> shared;
    if (!app.ui.independent_scales) {
        std::vector<double> steady;
        for (const auto& o : app.oracle()) steady.push_back(o.steady_drift);
        shared = shared_drift_domain(s, r, base, steady);
    }
    ImGui::BeginChild("##multiples", ImVec2(0, 0), false);
    const float cell_w = 230.0f;
    const int cols = std::max(1, int((ImGui::GetContentRegionAvail().x + 8) / (cell_w + 8)));
    const float w = (ImGui::GetContentRegionAvail().x - 8.0f * float(cols - 1)) / float(cols);
    for (int ti = 0; ti < int(s.teams.size()); ++ti) {
        if (ti % cols != 0) ImGui::SameLine(0, 8);
        ImGui::PushID(ti);
        const auto& name = s.teams[std::size_t(ti)].name;
        chart_widget("##m", drift_chart(s, r, base, name, steady_drift(app, ti), app.tick(), true, shared),
                     ImVec2(w, 150));
        if (ImGui::IsItemClicked()) app.ui.focal_team = ti;
        ImGui::PopID();
    }
    ImGui::EndChild();
}

}  // namespace orgforces::dash
