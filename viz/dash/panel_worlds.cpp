// Plausible worlds: under --uncertain or --posterior, the share of plausible worlds in which the
// current setting beats the baseline and the expected regret of choosing it (the report's figures,
// sim::compare_over_worlds); with a posterior, its predictive check against the observations.
#include <imgui.h>

#include <algorithm>
#include <string>
#include <vector>

#include "viz/dash/chart_draw.hpp"
#include "viz/dash/figures.hpp"
#include "viz/dash/panels.hpp"
#include "viz/report_charts.hpp"

namespace orgforces::dash {

namespace {

// The rows a planner asks about: the focal team's drift and friction, every venture's chance of
// success and expected value.
std::vector<sim::RobustComparison> chosen_rows(const App& app, const std::vector<sim::RobustComparison>& all) {
    const auto& s = app.scenario();
    const std::string focal = s.teams.empty() ? "" : s.teams[std::size_t(std::clamp(app.ui.focal_team, 0, int(s.teams.size()) - 1))].name;
    std::vector<sim::RobustComparison> out;
    for (const auto& c : all)
        if (c.entity == focal || c.measure == "p_success" || c.measure == "expected_value") out.push_back(c);
    return out;
}

void predictive_check(App& app) {
    const auto& observed = app.session.observed();
    if (observed.empty()) return;
    const auto series = viz::observed_series(observed);
    std::vector<std::string> names;
    for (const auto& [entity, measure] : series) names.push_back(viz::measure_of(measure, entity));
    heading("Posterior predictive check",
            "The runs drawn from the posterior against the observations the calibration was fitted to: a "
            "good fit keeps about nine in ten observations inside the 5–95% band.");
    int& chosen = app.ui.worlds_measure;
    chosen = std::clamp(chosen, 0, int(names.size()) - 1);
    ImGui::SetNextItemWidth(320);
    if (ImGui::BeginCombo("observed series", names[std::size_t(chosen)].c_str())) {
        for (int k = 0; k < int(names.size()); ++k)
            if (ImGui::Selectable(names[std::size_t(k)].c_str(), k == chosen)) chosen = k;
        ImGui::EndCombo();
    }
    const auto& [entity, measure] = series[std::size_t(chosen)];
    // The scenario as loaded (as calibrated), not the current what-if: the observations are of it.
    const auto& loaded = app.as_loaded();
    if (!loaded) {
        ImGui::TextDisabled("Waiting for a full run of the scenario as loaded (reset the settings to start one).");
        return;
    }
    const sim::Series* sim_series = loaded->find_series(entity, measure);
    if (!sim_series || sim_series->ticks.empty()) {
        ImGui::TextDisabled("The result has no %s series for %s.", measure.c_str(), entity.c_str());
        return;
    }
    if (!app.session.overrides().empty()) {
        ImGui::SameLine(0, 16);
        ImGui::TextDisabled("(the scenario as calibrated, without the settings changed here)");
    }
    int inside = 0, total = 0;
    chart_widget("##ppc", viz::predictive_chart(*sim_series, observed, app.scenario().tick_unit, inside, total),
                 ImVec2(-FLT_MIN, std::max(240.0f, ImGui::GetContentRegionAvail().y - 8)));
}

}  // namespace

void draw_worlds_panel(App& app) {
    const auto& from = app.session.drawn_from();
    if (from.empty()) {
        empty_state("Every run uses the scenario's own values, so bands cover chance only. Start the dashboard with "
                    "--uncertain (the scenario's priors) or --posterior ID (a calibration) to see in how many "
                    "plausible worlds a change is better.");
        return;
    }
    const bool ppc = !app.session.observed().empty();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    ImGui::BeginChild("##worlds", ImVec2(avail.x, ppc ? avail.y * 0.5f : avail.y), false);
    heading("Across plausible worlds",
            ("Each block of " + std::to_string(app.session.per_world()) + " runs is one plausible world drawn from " +
             from + "; the current setting and the baseline (" + app.snap->baseline_label +
             ") saw the same worlds and random numbers, and in each world their averages are compared.")
                .c_str());
    const auto& all = app.worlds();
    if (all.empty()) {
        ImGui::TextDisabled(app.snap->baseline
                                ? "Waiting for the full run of the current setting…"
                                : "Change a setting (or Compare with a stored run) to see in how many worlds it is better.");
    } else {
        const auto rows = chosen_rows(app, all);
        ImGui::TextDisabled("%d worlds. Regret: what choosing the change loses, on average over the worlds where the "
                            "baseline was better (percentage points for chances).",
                            all.front().worlds);
        chart_widget("##shares", worlds_chart(rows, "The current setting against " + app.snap->baseline_label),
                     ImVec2(-FLT_MIN, std::max(200.0f, ImGui::GetContentRegionAvail().y - 8)));
    }
    ImGui::EndChild();
    if (ppc) predictive_check(app);
}

}  // namespace orgforces::dash
