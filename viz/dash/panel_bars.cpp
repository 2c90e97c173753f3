// The top bar (scenario, run status, save variant, export report), the time scrubber at the
// bottom, and the frame layout that places every panel.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "viz/chart.hpp"
#include "viz/dash/panels.hpp"
#include "viz/dash/theme.hpp"

namespace orgforces::dash {

void draw_top_bar(App& app) {
    const auto& base = app.session.base();
    const Snapshot& snap = *app.snap;
    ImGui::PushFont(fonts().heading);
    ImGui::TextUnformatted(base.name.c_str());
    ImGui::PopFont();
    ImGui::SameLine(0, 16);

    // Run status: what the charts show now.
    ImGui::AlignTextToFramePadding();
    if (!snap.error.empty()) {
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(to_imgui(theme::kWarning)), "run failed: %s",
                           snap.error.c_str());
    } else if (!snap.result) {
        ImGui::TextDisabled("running the first ensemble…");
    } else {
        const float frac = snap.replicates_total > 0 ? float(snap.replicates_done) / float(snap.replicates_total) : 1.0f;
        ImGui::PushStyleColor(ImGuiCol_PlotHistogram,
                              ImGui::ColorConvertU32ToFloat4(to_imgui(snap.running ? theme::kAccent : theme::kGood)));
        char label[96];
        std::snprintf(label, sizeof label, "%d / %d replicates%s", snap.replicates_done, snap.replicates_total,
                      snap.preview ? " (preview)" : "");
        ImGui::ProgressBar(frac, ImVec2(230, 0), label);
        ImGui::PopStyleColor();
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("First result %s ms after the change; this one after %s ms.\n"
                              "While a slider moves, %d replicates; on release, %d.\n"
                              "Drawing at %.0f frames per second.",
                              viz::format_number(snap.first_result_ms).c_str(),
                              viz::format_number(snap.elapsed_ms).c_str(), app.session.drag_replicates(),
                              app.session.full_replicates(), double(ImGui::GetIO().Framerate));
        ImGui::SameLine();
        ImGui::TextDisabled("seed %llu%s", static_cast<unsigned long long>(base.seed),
                            snap.baseline ? (" · overlay: " + snap.baseline_label).c_str() : "");
        if (!app.session.drawn_from().empty()) {
            ImGui::SameLine();
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(to_imgui(theme::kAccent)), "bands: chance and ignorance");
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("Each block of 8 replicates is one plausible world with its parameters drawn from\n%s.",
                                  app.session.drawn_from().c_str());
        }
    }

    // Right-aligned actions.
    const float actions_w = 470.0f;
    // After the last item of the status line (the cursor is already on the next line here).
    const float status_end = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x;
    const float right = ImGui::GetWindowContentRegionMax().x - actions_w;
    if (status_end + 10 <= right)
        ImGui::SameLine(right);
    else
        ImGui::SetCursorPosX(right);  // no room beside the status line: on a line of their own
    ImGui::SetNextItemWidth(150);
    ImGui::InputTextWithHint("##variant", "variant name", app.ui.variant_name, sizeof app.ui.variant_name);
    ImGui::SameLine();
    if (ImGui::Button("Save variant")) app.save_variant(app.ui.variant_name);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Store the current overrides and result in %s", app.db_path.c_str());
    ImGui::SameLine();
    if (ImGui::Button("Export report…")) ImGui::OpenPopup("export");
    if (ImGui::BeginPopup("export")) {
        ImGui::TextUnformatted("HTML report of the current result");
        ImGui::SetNextItemWidth(300);
        ImGui::InputText("##path", app.ui.report_path, sizeof app.ui.report_path);
        if (ImGui::Button("Write")) {
            app.export_report(app.ui.report_path);
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }

    // Second line: the question, or a transient status message.
    if (!app.ui.status.empty() && ImGui::GetTime() < app.ui.status_until) {
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(to_imgui(app.ui.status_is_error ? theme::kWarning : theme::kGood)),
                           "%s", app.ui.status.c_str());
    } else {
        std::string q = base.question;
        std::replace(q.begin(), q.end(), '\n', ' ');
        while (!q.empty() && q.back() == ' ') q.pop_back();
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
        ImGui::TextUnformatted(q.c_str());
        ImGui::PopStyleColor();
        if (ImGui::IsItemHovered() && ImGui::CalcTextSize(q.c_str()).x > ImGui::GetContentRegionAvail().x)
            ImGui::SetTooltip("%s", q.c_str());
    }
}

void draw_scrubber(App& app) {
    const auto& s = app.scenario();
    const int horizon = s.horizon;
    ImGuiIO& io = ImGui::GetIO();
    if (app.ui.playing) {
        app.ui.play_accumulator += double(io.DeltaTime) * app.ui.play_ticks_per_second;
        const int step = int(app.ui.play_accumulator);
        if (step > 0) {
            app.ui.play_accumulator -= step;
            int t = app.tick() + step;
            if (t >= horizon) {
                t = horizon;
                app.ui.playing = false;
            }
            app.ui.scrub_tick = t;
        }
    }
    ImGui::AlignTextToFramePadding();
    if (ImGui::Button(app.ui.playing ? "Pause" : "Play", ImVec2(64, 0))) {
        if (!app.ui.playing && app.tick() >= horizon) app.ui.scrub_tick = 0;
        app.ui.playing = !app.ui.playing;
        app.ui.play_accumulator = 0;
    }
    ImGui::SameLine();
    int t = app.tick();
    const float label_w = 190.0f;
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - label_w);
    const ImVec2 slider_pos = ImGui::GetCursorScreenPos();
    const float slider_w = ImGui::GetContentRegionAvail().x - label_w;
    if (ImGui::SliderInt("##tick", &t, 0, horizon, "")) {
        app.ui.scrub_tick = t;
        app.ui.playing = false;
    }
    // Events as ticks on the scrubber, with their labels on hover.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float grab = ImGui::GetStyle().GrabMinSize;
    for (const auto& e : s.events) {
        const float x = slider_pos.x + grab / 2 + (slider_w - grab) * float(e.tick) / float(std::max(horizon, 1));
        dl->AddTriangleFilled(ImVec2(x - 4, slider_pos.y - 1), ImVec2(x + 4, slider_pos.y - 1), ImVec2(x, slider_pos.y + 5),
                              to_imgui(viz::palette::kOkabeIto[1]));
        if (ImGui::IsMouseHoveringRect(ImVec2(x - 5, slider_pos.y - 2), ImVec2(x + 5, slider_pos.y + 22)))
            ImGui::SetTooltip("%s %d: %s", s.tick_unit.c_str(), e.tick, e.label.c_str());
    }
    ImGui::SameLine();
    ImGui::Text("%s %d of %d", s.tick_unit.c_str(), t, horizon);
    if (app.ui.scrub_tick >= 0) {
        ImGui::SameLine();
        if (ImGui::SmallButton("end")) app.ui.scrub_tick = -1;
    }
}

void draw_dashboard(App& app) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    const ImGuiWindowFlags root = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                  ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::Begin("orgforces", nullptr, root);
    draw_top_bar(app);
    ImGui::Separator();

    const float scrub_h = ImGui::GetFrameHeightWithSpacing() + 12;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float side_w = std::clamp(avail.x * 0.26f, 300.0f, 420.0f);
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImGui::ColorConvertU32ToFloat4(to_imgui(theme::kPanel)));
    ImGui::BeginChild("##side", ImVec2(side_w, avail.y), true);
    draw_parameters_panel(app);
    ImGui::EndChild();
    ImGui::PopStyleColor();
    ImGui::SameLine();

    ImGui::BeginGroup();
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0, 0, 0, 0));
    ImGui::BeginChild("##main", ImVec2(0, avail.y - scrub_h), false);
    if (ImGui::BeginTabBar("panels")) {
        for (Panel p : kPanels) {
            ImGuiTabItemFlags flags = 0;
            if (app.ui.panel_requested && app.ui.panel == p) flags |= ImGuiTabItemFlags_SetSelected;
            if (ImGui::BeginTabItem(panel_title(p), nullptr, flags)) {
                if (!app.ui.panel_requested) app.ui.panel = p;
                ImGui::Spacing();
                switch (p) {
                    case Panel::Drift: draw_drift_panel(app); break;
                    case Panel::Map: draw_map_panel(app); break;
                    case Panel::Friction: draw_friction_panel(app); break;
                    case Panel::Ventures: draw_ventures_panel(app); break;
                    case Panel::Gifts: draw_gifts_panel(app); break;
                    case Panel::Forces: draw_forces_panel(app); break;
                    case Panel::Worlds: draw_worlds_panel(app); break;
                    case Panel::Causal: draw_causal_panel(app); break;
                    case Panel::Runs: draw_runs_panel(app); break;
                }
                ImGui::EndTabItem();
            }
        }
        app.ui.panel_requested = false;
        ImGui::EndTabBar();
    }
    ImGui::EndChild();
    ImGui::PopStyleColor();
    ImGui::Separator();
    draw_scrubber(app);
    ImGui::EndGroup();
    ImGui::End();
}

}  // namespace orgforces::dash
