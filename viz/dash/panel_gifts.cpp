// Gifts of failure: what a failed venture still leaves (stones by expected salvage given failure)
// and which secondary benefits tend to be promoted to new ventures.
#include <imgui.h>

#include <algorithm>

#include "viz/dash/chart_draw.hpp"
#include "viz/dash/figures.hpp"
#include "viz/dash/panels.hpp"

namespace orgforces::dash {

void draw_gifts_panel(App& app) {
    const auto& s = app.scenario();
    if (s.ventures.empty()) {
        empty_state("This scenario has no ventures, so nothing can fail and nothing is salvaged.");
        return;
    }
    if (!app.snap->result) {
        empty_state("Running the first ensemble…");
        return;
    }
    const Gifts g = gifts_of_failure(s, *app.snap->result);
    if (g.failures == 0) {
        empty_state("No venture failed in any replicate: there is nothing to salvage yet.");
        return;
    }
    ImGui::TextDisabled("From %d failed venture runs across %d replicates.", g.failures,
                        app.snap->replicates_done);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float h1 = std::max(200.0f, 90.0f + 30.0f * float(g.stones.size()));
    const float h2 = std::max(160.0f, 90.0f + 34.0f * float(g.benefits.size()));
    const float scale = std::min(1.0f, (avail.y - 10.0f) / (h1 + h2));
    chart_widget("##salvage", salvage_chart(g), ImVec2(avail.x, h1 * scale));
    ImGui::Spacing();
    const ChartHover hover = chart_widget("##promotion", promotion_chart(g), ImVec2(avail.x, h2 * scale));
    if (hover.active) {
        const int row = int(hover.y);
        if (row >= 0 && row < int(g.benefits.size())) {
            const auto& b = g.benefits[std::size_t(row)];
            ImGui::SetTooltip("%s (from %s)\nvalue %s\npromoted in %s of failures\nrecovery: %s", b.benefit.c_str(),
                              b.venture.c_str(), viz::format_number(b.value).c_str(),
                              viz::format_percent(b.p_promoted_given_failure).c_str(),
                              b.mean_recovery_ticks >= 0
                                  ? (viz::format_number(b.mean_recovery_ticks) + " " + s.tick_unit + "s on average").c_str()
                                  : "no realized value yet");
        }
    }
}

}  // namespace orgforces::dash
