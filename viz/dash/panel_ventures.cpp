// Ventures: Kaplan–Meier survival curves and an outcome table per venture.
#include <imgui.h>

#include <algorithm>
#include <map>

#include "sim/whatif.hpp"
#include "viz/dash/chart_draw.hpp"
#include "viz/dash/figures.hpp"
#include "viz/dash/panels.hpp"
#include "viz/dash/theme.hpp"

namespace orgforces::dash {

namespace {

struct VentureRow {
    int n = 0, succeeded = 0, failed = 0, running = 0, dormant = 0, framed = 0, tripped = 0, promoted = 0;
    double value = 0, salvage = 0;
    std::map<std::string, int> causes;
};

// One "change" cell: the paired difference with its interval, green or amber when it excludes zero.
void change_cell(const std::map<std::pair<std::string, std::string>, sim::Difference>& change, const std::string& venture,
                 const std::string& measure) {
    ImGui::TableNextColumn();
    const auto it = change.find({venture, measure});
    if (it == change.end()) {
        ImGui::TextDisabled("–");
        return;
    }
    const auto& d = it->second;
    const std::string text = viz::format_change(d.diff, d.lo, d.hi, measure == "p_success");
    const bool clear = d.lo > 0 || d.hi < 0;
    if (clear)
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(to_imgui(d.diff > 0 ? theme::kGood : theme::kWarning)));
    ImGui::TextUnformatted(text.c_str());
    if (clear) ImGui::PopStyleColor();
}

}  // namespace

void draw_ventures_panel(App& app) {
    const auto& s = app.scenario();
    if (s.ventures.empty()) {
        empty_state("This scenario has no ventures.");
        return;
    }
    if (!app.snap->result) {
        empty_state("Running the first ensemble…");
        return;
    }
    const auto& r = *app.snap->result;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float table_h = 96.0f + 44.0f * float(s.ventures.size());
    chart_widget("##survival", survival_chart(s, r, app.snap->baseline.get(), app.tick()),
                 ImVec2(avail.x, std::max(220.0f, avail.y - table_h - 30.0f)));
    ImGui::Spacing();

    std::map<std::string, VentureRow> rows;
    for (const auto& o : r.outcomes) {
        auto& v = rows[o.venture];
        ++v.n;
        switch (o.status) {
            case sim::VentureStatus::Succeeded: ++v.succeeded; v.value += o.value; break;
            case sim::VentureStatus::Failed:
                ++v.failed;
                v.salvage += o.salvage;
                if (!o.failure_cause.empty()) ++v.causes[o.failure_cause];
                if (!o.promoted.empty()) ++v.promoted;
                break;
            case sim::VentureStatus::Running: ++v.running; break;
            case sim::VentureStatus::Dormant: ++v.dormant; break;
            case sim::VentureStatus::Framed: ++v.framed; break;
        }
        if (o.tripwire_tick >= 0) ++v.tripped;
    }
    // Before and after: the paired change against the baseline (common random numbers; the same
    // Student t interval as `whatif` and the report).
    std::map<std::pair<std::string, std::string>, sim::Difference> change;
    const sim::EnsembleResult* base = app.snap->baseline.get();
    if (base && app.snap->complete() && !app.snap->preview)
        for (const auto& c : sim::compare_key_measures(s, *base, r))
            if (c.measure == "p_success" || c.measure == "expected_value") change[{c.entity, c.measure}] = c.d;
    const bool diffs = !change.empty();
    // Columns as wide as their contents (headers included: nothing cut off); the cause wraps.
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                  ImGuiTableFlags_BordersOuter | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("outcomes", diffs ? 10 : 8, flags)) return;
    ImGui::TableSetupColumn("venture");
    ImGui::TableSetupColumn("succeeded");
    if (diffs) ImGui::TableSetupColumn("change (95%)");
    ImGui::TableSetupColumn("failed");
    ImGui::TableSetupColumn("open");
    ImGui::TableSetupColumn("E[value]");
    if (diffs) ImGui::TableSetupColumn("change (95%)##value");
    ImGui::TableSetupColumn("salvage | failed");
    ImGui::TableSetupColumn("promoted | failed");
    ImGui::TableSetupColumn("main cause", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    for (std::size_t vi = 0; vi < s.ventures.size(); ++vi) {
        const auto& name = s.ventures[vi].name;
        const auto& v = rows[name];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::GetWindowDrawList()->AddRectFilled(
            ImVec2(ImGui::GetCursorScreenPos().x, ImGui::GetCursorScreenPos().y + 4),
            ImVec2(ImGui::GetCursorScreenPos().x + 10, ImGui::GetCursorScreenPos().y + 14),
            to_imgui(viz::categorical(vi)), 2.0f);
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + 16);
        ImGui::TextUnformatted(name.c_str());
        if (ImGui::IsItemHovered() && !s.ventures[vi].description.empty())
            ImGui::SetTooltip("%s", s.ventures[vi].description.c_str());
        const double n = std::max(v.n, 1);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(viz::format_percent(v.succeeded / n).c_str());
        if (diffs) change_cell(change, name, "p_success");
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(viz::format_percent(v.failed / n).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(viz::format_percent((v.running + v.dormant + v.framed) / n).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(viz::format_number(v.value / n).c_str());
        if (diffs) change_cell(change, name, "expected_value");
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(v.failed ? viz::format_number(v.salvage / v.failed).c_str() : "–");
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(v.failed ? viz::format_percent(double(v.promoted) / v.failed).c_str() : "–");
        ImGui::TableNextColumn();
        if (v.causes.empty()) {
            ImGui::TextDisabled("–");
        } else {
            const auto top = std::max_element(v.causes.begin(), v.causes.end(),
                                               [](const auto& a, const auto& b) { return a.second < b.second; });
            ImGui::TextWrapped("%s (%s of failures)", top->first.c_str(),
                               viz::format_percent(double(top->second) / v.failed).c_str());
        }
    }
    ImGui::EndTable();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%d replicates%s.%s", app.snap->replicates_done, app.snap->running ? " so far" : "",
                        diffs ? (" Changes: the current setting minus " + app.snap->baseline_label +
                                 ", paired on common random numbers, with 95% intervals; coloured when the interval "
                                 "excludes zero.")
                                    .c_str()
                              : (base ? " Changes against the baseline appear when the run is complete." : ""));
    ImGui::PopTextWrapPos();
}

}  // namespace orgforces::dash
