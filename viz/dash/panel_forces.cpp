// Hidden forces: Shapley attribution of each force (sim/attribution.hpp) and the levers, the
// sensitivities of the measures to each parameter (global Sobol indices, sim/sensitivity.hpp, or
// local differences, sim/levers.hpp). Both are costly (many
// ensembles), so they run on request on the App's analysis thread (App::update_analyses), with
// fewer replicates than a full run. Which measure each chart shows is kept in UiState.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "sim/attribution.hpp"
#include "sim/ensemble.hpp"
#include "sim/levers.hpp"
#include "sim/sensitivity.hpp"
#include "viz/dash/chart_draw.hpp"
#include "viz/dash/panels.hpp"
#include "viz/report_charts.hpp"

namespace orgforces::dash {

namespace {

// The start button, or the progress of a running job with its Cancel button; the job's state.
template <class T>
bool controls(const char* label, Job<T>& job, const std::shared_ptr<const model::Scenario>& current) {
    bool clicked = false;
    if (job.running()) {
        const auto [done, total] = job.progress();
        const float frac = total > 0 ? float(done) / float(total) : 0.0f;
        ImGui::ProgressBar(frac, ImVec2(260, 0), total > 0 ? nullptr : "starting…");
        ImGui::SameLine();
        ImGui::PushID(label);
        if (ImGui::SmallButton("Cancel")) job.cancel();
        ImGui::PopID();
    } else {
        clicked = ImGui::Button(label);
        if (job.value() && job.computed_for() != current) {
            ImGui::SameLine();
            ImGui::TextDisabled("computed for an earlier setting: run again to update");
        } else if (job.cancelled()) {
            ImGui::SameLine();
            ImGui::TextDisabled("stopped before it finished");
        }
    }
    if (!job.error().empty()) ImGui::TextWrapped("Failed: %s", job.error().c_str());
    return clicked;
}

// A combo over measure names writing the chosen index (kept in UiState).
void measure_combo(const char* label, const std::vector<std::string>& names, int& chosen) {
    chosen = std::clamp(chosen, 0, int(names.size()) - 1);
    ImGui::SetNextItemWidth(320);
    if (ImGui::BeginCombo(label, names[std::size_t(chosen)].c_str())) {
        for (int m = 0; m < int(names.size()); ++m)
            if (ImGui::Selectable(names[std::size_t(m)].c_str(), m == chosen)) chosen = m;
        ImGui::EndCombo();
    }
}

// A measure in words ("drift from intent of frontier"), for combos and chart titles.
std::string words(const sim::Measure& m) { return viz::measure_of(m.kind, m.entity); }

std::vector<std::string> names_of(const std::vector<sim::Measure>& measures) {
    std::vector<std::string> out;
    for (const auto& m : measures) out.push_back(words(m));
    return out;
}

}  // namespace

void draw_forces_panel(App& app) {
    const auto scenario = app.scenario_ptr();
    auto& att = app.jobs().attribution;
    auto& lev = app.jobs().levers;
    auto& glev = app.jobs().global_levers;
    auto& ui = app.ui;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float half_w = (avail.x - 10) / 2;

    ImGui::BeginChild("##attribution", ImVec2(half_w, avail.y), false);
    heading("Hidden forces",
            "The Shapley share of the outcome due to each force and to the teams' links, leadership and "
            "hiring: every coalition runs with the same random numbers. Answers \"what is our gravity, what "
            "is our water?\"");
    if (controls("Compute attribution", att, scenario)) ui.request_attribution = true;
    if (att.value() && !att.value()->measures.empty()) {
        const auto& a = *att.value();
        measure_combo("measure", names_of(a.measures), ui.attribution_measure);
        const int att_measure = ui.attribution_measure;
        std::vector<viz::Contribution> parts;
        for (const auto& f : a.forces) {
            const double v = f.value[std::size_t(att_measure)];
            const double se = f.se.empty() || !std::isfinite(f.se[std::size_t(att_measure)]) ? 0.0 : f.se[std::size_t(att_measure)];
            parts.push_back({f.force, f.group, v, v - 1.96 * se, v + 1.96 * se});
        }
        const std::string mname = words(a.measures[std::size_t(att_measure)]);
        viz::Chart chart = viz::ranked_bars(viz::contribution_bars(parts), "Attribution of " + mname, "contribution", "");
        chart.legend = viz::group_legend(parts);
        chart_widget("##att", chart, ImVec2(-FLT_MIN, std::max(220.0f, ImGui::GetContentRegionAvail().y - 30)));
        ImGui::TextDisabled("%s, %d replicates, %s", a.exact ? "exact" : "sampled", a.replicates,
                            ("± 95% from " + a.se_kind).c_str());
    } else if (!att.running()) {
        ImGui::TextDisabled("Not computed yet (%d replicates per coalition).", kAnalysisReplicates);
    }
    ImGui::EndChild();

    ImGui::SameLine(0, 10);
    ImGui::BeginChild("##levers", ImVec2(half_w, avail.y), false);
    heading("Levers", ui.local_levers
                          ? "How much each parameter moves the outcome per +10% change (finite differences "
                            "with common random numbers), largest first."
                          : "How much of the outcome's variation each setting accounts for over its range (total "
                            "Sobol index; settings vary by half their value, uncertain parameters over their priors).");
    if (ui.local_levers ? controls("Compute levers", lev, scenario) : controls("Compute levers", glev, scenario))
        ui.request_levers = true;
    ImGui::SameLine();
    ImGui::Checkbox("local (±10%)", &ui.local_levers);
    if (!ui.local_levers && glev.value() && !glev.value()->measures.empty()) {
        const auto& r = *glev.value();
        std::vector<std::string> names;
        for (const auto& m : r.measures) names.push_back(words(m.measure));
        measure_combo("measure##lev", names, ui.levers_measure);
        const int lev_measure = ui.levers_measure;
        const auto& ms = r.measures[std::size_t(lev_measure)];
        std::vector<std::size_t> order(r.priors.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return ms.sobol[a].st > ms.sobol[b].st; });
        std::vector<viz::RankedValue> rows;
        for (std::size_t k = 0; k < order.size() && rows.size() < 12; ++k) {
            const std::size_t i = order[k];
            const auto& x = ms.sobol[i];
            rows.push_back({viz::parameter_label(r.priors[i].path), std::clamp(x.st, 0.0, 1.0), std::clamp(x.st_lo, 0.0, 1.0),
                            std::clamp(x.st_hi, 0.0, 1.0), viz::categorical(ms.correlation[i] >= 0 ? 5 : 0)});
        }
        chart_widget("##glev", viz::ranked_bars(rows, "Levers of " + words(ms.measure), "total Sobol index", ""),
                     ImVec2(-FLT_MIN, std::max(220.0f, ImGui::GetContentRegionAvail().y - 50)));
        ImGui::TextDisabled("%d settings x %d replicates, seed %llu", r.points, r.replicates,
                            static_cast<unsigned long long>(r.seed));
        ImGui::TextDisabled("orange: raising the setting raises the measure; blue: lowers it");
    } else if (ui.local_levers && lev.value() && !lev.value()->measures.empty()) {
        const auto& r = *lev.value();
        measure_combo("measure##lev", names_of(r.measures), ui.levers_measure);
        const int lev_measure = ui.levers_measure;
        std::vector<viz::RankedValue> rows;
        const auto order = sim::ranked(r, std::size_t(lev_measure));
        for (std::size_t k = 0; k < order.size() && rows.size() < 12; ++k) {
            const auto& l = r.levers[order[k]];
            const std::size_t m = std::size_t(lev_measure);
            rows.push_back({viz::parameter_label(l.path), l.effect[m], l.lo[m], l.hi[m], viz::categorical(l.effect[m] >= 0 ? 5 : 0)});
        }
        chart_widget("##lev",
                     viz::ranked_bars(rows, "Levers of " + words(r.measures[std::size_t(lev_measure)]),
                                      "change per +10%", ""),
                     ImVec2(-FLT_MIN, std::max(220.0f, ImGui::GetContentRegionAvail().y - 30)));
        ImGui::TextDisabled("%d replicates, seed %llu", r.replicates, static_cast<unsigned long long>(r.seed));
    } else if (!(ui.local_levers ? lev.running() : glev.running())) {
        if (ui.local_levers)
            ImGui::TextDisabled("Not computed yet (%d replicates per point).", kAnalysisReplicates);
        else
            ImGui::TextDisabled("Not computed yet (%d base points of a Sobol design, %d replicates per setting).",
                                kGlobalSamples, kGlobalReplicates);
    }
    ImGui::EndChild();
}

}  // namespace orgforces::dash
