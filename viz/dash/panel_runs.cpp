// Runs history from the results database: load a run's overrides, or overlay it as the baseline.
#include <imgui.h>

#include <filesystem>

#include <algorithm>
#include <string>
#include <vector>

#include "viz/chart.hpp"
#include "viz/dash/chart_draw.hpp"
#include "viz/dash/figures.hpp"
#include "viz/dash/panels.hpp"
#include "viz/dash/theme.hpp"

namespace orgforces::dash {

namespace {

// A stored sweep as pictures: the chosen measure against each swept parameter, with its bands.
void draw_sweep_charts(App& app) {
    const auto& sweeps = app.sweeps();
    if (sweeps.empty()) return;
    auto name = [](const store::SweepRecord& w) {
        return "sweep " + std::to_string(w.id) + " · " + std::to_string(w.done) + " of " + std::to_string(w.points) +
               " points · " + w.scenario_name;
    };
    std::string current = "choose a sweep to chart";
    for (const auto& w : sweeps)
        if (w.id == app.ui.sweep_for) current = name(w);
    ImGui::SetNextItemWidth(460);
    if (ImGui::BeginCombo("##sweep", current.c_str())) {
        if (ImGui::Selectable("none", app.ui.sweep_for == 0)) app.ui.sweep_for = 0;
        for (const auto& w : sweeps)
            if (ImGui::Selectable(name(w).c_str(), w.id == app.ui.sweep_for)) app.ui.sweep_for = w.id;
        ImGui::EndCombo();
    }
    const SweepData* d = app.sweep();
    if (!d) return;
    if (d->measures.empty() || d->parameters.empty()) {
        ImGui::SameLine();
        ImGui::TextDisabled("no complete point to chart yet");
        return;
    }
    ImGui::SameLine(0, 16);
    std::vector<std::string> labels;
    for (const auto& m : d->measures) {
        const auto colon = m.find(':');
        labels.push_back(viz::measure_of(m.substr(0, colon), m.substr(colon + 1)));
    }
    int& chosen = app.ui.sweep_measure;
    chosen = std::clamp(chosen, 0, int(labels.size()) - 1);
    ImGui::SetNextItemWidth(300);
    if (ImGui::BeginCombo("measure##sweep", labels[std::size_t(chosen)].c_str())) {
        for (int k = 0; k < int(labels.size()); ++k)
            if (ImGui::Selectable(labels[std::size_t(k)].c_str(), k == chosen)) chosen = k;
        ImGui::EndCombo();
    }
    const int n = int(d->parameters.size());
    const float h = std::clamp(ImGui::GetContentRegionAvail().y * 0.5f, 220.0f, 340.0f);
    const float w = (ImGui::GetContentRegionAvail().x - 8.0f * float(n - 1)) / float(n);
    for (int p = 0; p < n; ++p) {
        if (p) ImGui::SameLine(0, 8);
        ImGui::PushID(p);
        chart_widget("##sweepchart", sweep_chart(*d, std::size_t(chosen), std::size_t(p)), ImVec2(std::max(w, 260.0f), h));
        ImGui::PopID();
    }
}

}  // namespace

void draw_runs_panel(App& app) {
    heading("Runs in the database",
            "Every `orgforces run`, what-if and saved dashboard variant. Load puts a run's overrides "
            "on the sliders (same scenario); Compare overlays its result as the baseline. A stored sweep "
            "(`orgforces sweep`) is charted against each swept parameter.");
    ImGui::TextDisabled("%s", app.db_path.c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton("refresh")) app.ui.runs_stale = true;
    ImGui::SameLine();
    if (ImGui::SmallButton("baseline: before the latest change")) {
        app.session.worker().pin_baseline(nullptr, "");
        app.notify("Baseline: the result before the latest change");
    }
    if (app.ui.runs_stale) app.refresh_runs();
    draw_sweep_charts(app);
    if (app.ui.runs.empty()) {
        empty_state("No runs stored yet. Save a variant (top bar) or run `orgforces run FILE`.");
        return;
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_BordersOuter |
                                  ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("runs", 8, flags, ImGui::GetContentRegionAvail())) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("id", ImGuiTableColumnFlags_WidthFixed, 44);
    ImGui::TableSetupColumn("scenario", ImGuiTableColumnFlags_WidthStretch, 2.0f);
    ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthStretch, 1.4f);
    ImGui::TableSetupColumn("overrides", ImGuiTableColumnFlags_WidthStretch, 2.6f);
    ImGui::TableSetupColumn("replicates", ImGuiTableColumnFlags_WidthFixed, 80);
    ImGui::TableSetupColumn("status", ImGuiTableColumnFlags_WidthFixed, 86);
    ImGui::TableSetupColumn("started", ImGuiTableColumnFlags_WidthFixed, 150);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, 130);
    ImGui::TableHeadersRow();
    for (const auto& run : app.ui.runs) {
        ImGui::PushID(int(run.id));
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::Text("%lld", static_cast<long long>(run.id));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(run.spec.scenario_name.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(run.spec.label.empty() ? run.spec.command.c_str() : run.spec.label.c_str());
        ImGui::TableNextColumn();
        std::string ov;
        for (const auto& o : run.spec.overrides)
            ov += (ov.empty() ? "" : ", ") + o.path + "=" + viz::format_number(o.value);
        ImGui::TextUnformatted(ov.empty() ? "–" : ov.c_str());
        if (!ov.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", ov.c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%d", run.spec.replicates);
        ImGui::TableNextColumn();
        const bool complete = run.status == store::RunStatus::Complete;
        if (!complete) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(to_imgui(theme::kWarning)));
        ImGui::TextUnformatted(store::to_string(run.status));
        if (!complete) ImGui::PopStyleColor();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(run.started_at.c_str());
        ImGui::TableNextColumn();
        if (complete) {
            if (ImGui::SmallButton("Load")) app.load_run(run.id);
            ImGui::SameLine();
            if (ImGui::SmallButton("Compare")) app.compare_with_run(run.id);
        }
        ImGui::PopID();
    }
    ImGui::EndTable();
}

}  // namespace orgforces::dash
