// The practice map: two chosen dimensions, team trails up to the scrubbed tick, intents, gravity
// targets as wells and the net pull on each team as an arrow.
#include <imgui.h>

#include <algorithm>

#include "viz/dash/chart_draw.hpp"
#include "viz/dash/figures.hpp"
#include "viz/dash/panels.hpp"

namespace orgforces::dash {

void draw_map_panel(App& app) {
    const auto& s = app.scenario();
    const int D = int(s.dimensions.size());
    if (D < 2) {
        empty_state("The practice map needs at least two practice dimensions.");
        return;
    }
    auto combo = [&](const char* label, int& dim) {
        ImGui::SetNextItemWidth(170);
        if (ImGui::BeginCombo(label, s.dimensions[std::size_t(dim)].name.c_str())) {
            for (int d = 0; d < D; ++d)
                if (ImGui::Selectable(s.dimensions[std::size_t(d)].name.c_str(), d == dim)) dim = d;
            ImGui::EndCombo();
        }
    };
    app.ui.map_x = std::clamp(app.ui.map_x, 0, D - 1);
    app.ui.map_y = std::clamp(app.ui.map_y, 0, D - 1);
    combo("x axis", app.ui.map_x);
    ImGui::SameLine(0, 20);
    combo("y axis", app.ui.map_y);
    ImGui::SameLine(0, 20);
    ImGui::SetNextItemWidth(140);
    ImGui::SliderFloat("arrow scale", &app.ui.arrow_scale, 1.0f, 60.0f, "×%.0f");
    help_marker("Net pull per tick on the team's mean practice (gravity after shielding, leadership toward "
                "intent, cultural leans), multiplied by the arrow scale to be visible.");

    // The App caches the trails per result and dimensions (keyed by shared ownership).
    const PracticeTrails& trails = app.trails();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    chart_widget("##map",
                 practice_map(s, trails, app.ui.map_x, app.ui.map_y, app.tick(), app.ui.focal_team,
                              app.ui.arrow_scale),
                 avail);
}

}  // namespace orgforces::dash
