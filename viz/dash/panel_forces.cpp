// Hidden forces: Shapley attribution of each force (sim/attribution.hpp) and the levers, the
// sensitivities of the measures to each parameter (global Sobol indices, sim/sensitivity.hpp, or
// local differences, sim/levers.hpp). Both are costly (many
// ensembles), so they run on request in the background, with fewer replicates than a full run.
// A job whose setting is changed while it runs is cancelled: its answer would be stale, and the
// core it holds is needed by the live what-if.
#include <imgui.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <future>
#include <memory>
#include <optional>

#include "sim/attribution.hpp"
#include "sim/ensemble.hpp"
#include "sim/levers.hpp"
#include "sim/sensitivity.hpp"
#include "viz/dash/chart_draw.hpp"
#include "viz/dash/panels.hpp"
#include "viz/report_charts.hpp"

namespace orgforces::dash {

namespace {

constexpr int kAnalysisReplicates = 48;

template <class T>
struct Job {
    std::shared_ptr<const model::Scenario> scenario;  ///< the variant `value` was computed for
    std::shared_ptr<const model::Scenario> running_for;  ///< the variant being computed now
    std::future<T> future;
    std::optional<T> value;
    std::string error;
    bool cancelled = false;                 ///< the last run was stopped before it finished
    std::shared_ptr<std::atomic<int>> done = std::make_shared<std::atomic<int>>(0);
    std::shared_ptr<std::atomic<int>> total = std::make_shared<std::atomic<int>>(0);
    std::shared_ptr<std::atomic<bool>> stop = std::make_shared<std::atomic<bool>>(false);

    bool running() const { return future.valid(); }
    /// Asks the running computation to stop after its current ensemble; the UI does not wait.
    void cancel() {
        if (stop) stop->store(true);
    }
    void poll() {
        if (!future.valid() || future.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
        try {
            value = future.get();
            scenario = running_for;
        } catch (const sim::Cancelled&) {
            cancelled = true;
        } catch (const std::exception& e) {
            error = e.what();
        }
    }
    Job() = default;
    Job(Job&&) noexcept = default;
    Job& operator=(Job&&) noexcept = default;
    ~Job() {
        // The future's destructor waits for the computation: make that wait short.
        cancel();
    }
};

Job<sim::Attribution>& attribution_job() {
    static Job<sim::Attribution> job;
    return job;
}
Job<sim::LeverReport>& levers_job() {
    static Job<sim::LeverReport> job;
    return job;
}
Job<sim::SensitivityResult>& global_levers_job() {
    static Job<sim::SensitivityResult> job;
    return job;
}

// The levers panel ranks globally (Sobol indices over each setting's range) unless the user asks
// for the local ±10% differences. A small design: 8 base points of 8 replicates on one thread.
bool g_local_levers = false;
constexpr int kGlobalSamples = 8;
constexpr int kGlobalReplicates = 8;

template <class T, class F>
void start(Job<T>& job, std::shared_ptr<const model::Scenario> s, F run) {
    // Keep the last answer on screen (marked as computed for an earlier setting) until the new one.
    std::optional<T> previous = std::move(job.value);
    std::shared_ptr<const model::Scenario> previous_scenario = std::move(job.scenario);
    job = Job<T>{};
    job.value = std::move(previous);
    job.scenario = std::move(previous_scenario);
    job.running_for = s;
    auto done = job.done, total = job.total, stop = job.stop;
    // One engine thread: the live what-if keeps the other core. The progress callback runs after
    // each ensemble of the computation; throwing Cancelled there stops the remaining ones.
    job.future = std::async(std::launch::async, [s, run, done, total, stop] {
        return run(*s, [done, total, stop](int d, int t) {
            if (stop->load()) throw sim::Cancelled();
            done->store(d);
            total->store(t);
        });
    });
}

template <class T>
bool controls(const char* label, Job<T>& job, const std::shared_ptr<const model::Scenario>& current) {
    bool clicked = false;
    if (job.running()) {
        const int t = job.total->load();
        const float frac = t > 0 ? float(job.done->load()) / float(t) : 0.0f;
        ImGui::ProgressBar(frac, ImVec2(260, 0), t > 0 ? nullptr : "starting…");
        ImGui::SameLine();
        ImGui::PushID(label);
        if (ImGui::SmallButton("Cancel")) job.cancel();
        ImGui::PopID();
    } else {
        clicked = ImGui::Button(label);
        if (job.value && job.scenario != current) {
            ImGui::SameLine();
            ImGui::TextDisabled("computed for an earlier setting: run again to update");
        } else if (job.cancelled) {
            ImGui::SameLine();
            ImGui::TextDisabled("stopped before it finished");
        }
    }
    if (!job.error.empty()) ImGui::TextWrapped("Failed: %s", job.error.c_str());
    return clicked;
}

}  // namespace

bool update_analyses(App& app) {
    const auto scenario = app.snap->scenario ? app.snap->scenario : app.session.variant();
    auto& att = attribution_job();
    auto& lev = levers_job();
    auto& glev = global_levers_job();
    att.poll();
    lev.poll();
    glev.poll();
    // A changed setting makes a running analysis stale: stop it and free its core.
    if (att.running() && att.running_for != scenario) att.cancel();
    if (lev.running() && lev.running_for != scenario) lev.cancel();
    if (glev.running() && glev.running_for != scenario) glev.cancel();
    if (app.ui.request_attribution && !att.running()) {
        app.ui.request_attribution = false;
        start(att, scenario, [](const model::Scenario& s, std::function<void(int, int)> progress) {
            sim::AttributionOptions o;
            o.replicates = kAnalysisReplicates;
            o.threads = 1;
            o.on_progress = std::move(progress);
            return sim::attribute(s, o);
        });
    }
    if (app.ui.request_levers && !g_local_levers && !glev.running()) {
        app.ui.request_levers = false;
        start(glev, scenario, [](const model::Scenario& s, std::function<void(int, int)> progress) {
            sim::SensitivityOptions o = sim::global_lever_options(s);
            o.samples = kGlobalSamples;
            o.replicates = kGlobalReplicates;
            o.bootstrap = 100;
            o.threads = 1;
            o.on_progress = std::move(progress);
            return sim::sensitivity(s, o);
        });
    }
    if (app.ui.request_levers && g_local_levers && !lev.running()) {
        app.ui.request_levers = false;
        start(lev, scenario, [](const model::Scenario& s, std::function<void(int, int)> progress) {
            sim::LeverOptions o;
            o.replicates = kAnalysisReplicates;
            o.threads = 1;
            o.on_progress = std::move(progress);
            return sim::levers(s, o);
        });
    }
    return att.running() || lev.running() || glev.running();
}

void draw_forces_panel(App& app) {
    const auto scenario = app.snap->scenario ? app.snap->scenario : app.session.variant();
    auto& att = attribution_job();
    auto& lev = levers_job();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float half_w = (avail.x - 10) / 2;

    ImGui::BeginChild("##attribution", ImVec2(half_w, avail.y), false);
    heading("Hidden forces",
            "The Shapley share of the outcome due to each force and to the teams' links, leadership and "
            "hiring: every coalition runs with the same random numbers. Answers \"what is our gravity, what "
            "is our water?\"");
    if (controls("Compute attribution", att, scenario)) app.ui.request_attribution = true;
    static int att_measure = 0;
    if (att.value && !att.value->measures.empty()) {
        const auto& a = *att.value;
        att_measure = std::clamp(att_measure, 0, int(a.measures.size()) - 1);
        ImGui::SetNextItemWidth(260);
        if (ImGui::BeginCombo("measure", a.measures[std::size_t(att_measure)].name().c_str())) {
            for (int m = 0; m < int(a.measures.size()); ++m)
                if (ImGui::Selectable(a.measures[std::size_t(m)].name().c_str(), m == att_measure)) att_measure = m;
            ImGui::EndCombo();
        }
        std::vector<viz::Contribution> parts;
        for (const auto& f : a.forces) {
            const double v = f.value[std::size_t(att_measure)];
            const double se = f.se.empty() || !std::isfinite(f.se[std::size_t(att_measure)]) ? 0.0 : f.se[std::size_t(att_measure)];
            parts.push_back({f.force, f.group, v, v - 1.96 * se, v + 1.96 * se});
        }
        const std::string mname = a.measures[std::size_t(att_measure)].name();
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
    auto& glev = global_levers_job();
    heading("Levers", g_local_levers
                          ? "How much each parameter moves the outcome per +10% change (finite differences "
                            "with common random numbers), largest first."
                          : "How much of the outcome's variation each setting accounts for over its range (total "
                            "Sobol index; settings vary by half their value, uncertain parameters over their priors).");
    if (g_local_levers ? controls("Compute levers", lev, scenario) : controls("Compute levers", glev, scenario))
        app.ui.request_levers = true;
    ImGui::SameLine();
    ImGui::Checkbox("local (±10%)", &g_local_levers);
    static int lev_measure = 0;
    auto measure_combo = [](const std::vector<sim::Measure>& measures) {
        lev_measure = std::clamp(lev_measure, 0, int(measures.size()) - 1);
        ImGui::SetNextItemWidth(260);
        if (ImGui::BeginCombo("measure##lev", measures[std::size_t(lev_measure)].name().c_str())) {
            for (int m = 0; m < int(measures.size()); ++m)
                if (ImGui::Selectable(measures[std::size_t(m)].name().c_str(), m == lev_measure)) lev_measure = m;
            ImGui::EndCombo();
        }
    };
    if (!g_local_levers && glev.value && !glev.value->measures.empty()) {
        const auto& r = *glev.value;
        std::vector<sim::Measure> names;
        for (const auto& m : r.measures) names.push_back(m.measure);
        measure_combo(names);
        const auto& ms = r.measures[std::size_t(lev_measure)];
        std::vector<std::size_t> order(r.priors.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return ms.sobol[a].st > ms.sobol[b].st; });
        std::vector<viz::RankedValue> rows;
        for (std::size_t k = 0; k < order.size() && rows.size() < 12; ++k) {
            const std::size_t i = order[k];
            const auto& x = ms.sobol[i];
            rows.push_back({r.priors[i].path, std::clamp(x.st, 0.0, 1.0), std::clamp(x.st_lo, 0.0, 1.0),
                            std::clamp(x.st_hi, 0.0, 1.0), viz::categorical(ms.correlation[i] >= 0 ? 5 : 0)});
        }
        chart_widget("##glev", viz::ranked_bars(rows, "Levers of " + ms.measure.name(), "total Sobol index", ""),
                     ImVec2(-FLT_MIN, std::max(220.0f, ImGui::GetContentRegionAvail().y - 50)));
        ImGui::TextDisabled("%d settings x %d replicates, seed %llu", r.points, r.replicates,
                            static_cast<unsigned long long>(r.seed));
        ImGui::TextDisabled("orange: raising the setting raises the measure; blue: lowers it");
    } else if (g_local_levers && lev.value && !lev.value->measures.empty()) {
        const auto& r = *lev.value;
        measure_combo(r.measures);
        std::vector<viz::RankedValue> rows;
        const auto order = sim::ranked(r, std::size_t(lev_measure));
        for (std::size_t k = 0; k < order.size() && rows.size() < 12; ++k) {
            const auto& l = r.levers[order[k]];
            const std::size_t m = std::size_t(lev_measure);
            rows.push_back({l.path, l.effect[m], l.lo[m], l.hi[m], viz::categorical(l.effect[m] >= 0 ? 5 : 0)});
        }
        chart_widget("##lev",
                     viz::ranked_bars(rows, "Levers of " + r.measures[std::size_t(lev_measure)].name(),
                                      "change per +10%", ""),
                     ImVec2(-FLT_MIN, std::max(220.0f, ImGui::GetContentRegionAvail().y - 30)));
        ImGui::TextDisabled("%d replicates, seed %llu", r.replicates, static_cast<unsigned long long>(r.seed));
    } else if (!(g_local_levers ? lev.running() : glev.running())) {
        if (g_local_levers)
            ImGui::TextDisabled("Not computed yet (%d replicates per point).", kAnalysisReplicates);
        else
            ImGui::TextDisabled("Not computed yet (%d base points of a Sobol design, %d replicates per setting).",
                                kGlobalSamples, kGlobalReplicates);
    }
    ImGui::EndChild();
}

}  // namespace orgforces::dash
