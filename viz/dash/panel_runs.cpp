// Runs history from the results database: load a run's overrides, or overlay it as the baseline.
#include <imgui.h>

#include <filesystem>

#include "viz/chart.hpp"
#include "viz/dash/panels.hpp"
#include "viz/dash/theme.hpp"

namespace orgforces::dash {

void draw_runs_panel(App& app) {
    heading("Runs in the database",
            "Every `orgforces run`, what-if and saved dashboard variant. Load puts a run's overrides "
            "on the sliders (same scenario); Compare overlays its result as the baseline.");
    ImGui::TextDisabled("%s", app.db_path.c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton("refresh")) app.ui.runs_stale = true;
    ImGui::SameLine();
    if (ImGui::SmallButton("baseline: before the latest change")) {
        app.session.worker().pin_baseline(nullptr, "");
        app.notify("Baseline: the result before the latest change");
    }
    if (app.ui.runs_stale) {
        app.ui.runs_stale = false;
        app.ui.runs.clear();
        std::error_code ec;
        if (std::filesystem::exists(app.db_path, ec)) {
            try {
                store::ResultsStore db(app.db_path, store::ResultsStore::OpenMode::MustExist);
                app.ui.runs = db.list_runs(200);
            } catch (const std::exception& e) {
                app.notify(std::string("Could not read the database: ") + e.what(), true);
            }
        }
    }
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
