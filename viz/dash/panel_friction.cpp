// Friction heatmap: teams (rows) × time (columns), median friction per cell.
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "viz/dash/chart_draw.hpp"
#include "viz/dash/figures.hpp"
#include "viz/dash/panels.hpp"

namespace orgforces::dash {

void draw_friction_panel(App& app) {
    if (!app.snap->result) {
        empty_state("Running the first ensemble…");
        return;
    }
    const auto& s = app.scenario();
    const auto& r = *app.snap->result;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float h = std::max(avail.y, 120.0f + 18.0f * float(s.teams.size()));
    const ChartHover hover = chart_widget("##friction", friction_heatmap(s, r, app.tick()), ImVec2(avail.x, h));
    if (!hover.active) return;
    const int t = std::clamp(int(std::lround(hover.x)), 0, s.horizon);
    const int row = int(std::floor(hover.y));
    if (row >= 0 && row < int(s.teams.size())) {
        const auto& team = s.teams[std::size_t(row)].name;
        const sim::Series* f = r.find_series(team, "friction");
        const sim::Series* c = r.find_series(team, "capacity");
        std::string text = team + ", " + s.tick_unit + " " + std::to_string(t);
        if (f && std::size_t(t) < f->ticks.size())
            text += "\nfriction: median " + viz::format_number(f->ticks[std::size_t(t)].q50) + " (25–75%: " +
                    viz::format_number(f->ticks[std::size_t(t)].q25) + " – " +
                    viz::format_number(f->ticks[std::size_t(t)].q75) + ")";
        if (c && std::size_t(t) < c->ticks.size())
            text += "\ncapacity: median " + viz::format_percent(c->ticks[std::size_t(t)].q50);
        text += "\nclick: scrub here and focus this team";
        ImGui::SetTooltip("%s", text.c_str());
        if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
            app.ui.scrub_tick = t;
            app.ui.focal_team = row;
        }
    }
}

}  // namespace orgforces::dash
