#include "viz/dash/app.hpp"

#include <imgui.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "model/diagnostics.hpp"
#include "store/store_error.hpp"

#include "viz/report.hpp"

namespace orgforces::dash {

namespace {

/// `act()`, or false with a notice "Could not WHAT: why" when it throws (a database or file error).
template <class Act>
bool or_notify(App& app, const char* what, Act act) {
    try {
        return act();
    } catch (const std::exception& e) {
        app.notify(std::string("Could not ") + what + ": " + e.what(), true);
        return false;
    }
}

}  // namespace

const char* panel_title(Panel p) {
    switch (p) {
        case Panel::Drift: return "Drift";
        case Panel::Map: return "Practice map";
        case Panel::Friction: return "Friction";
        case Panel::Ventures: return "Ventures";
        case Panel::Gifts: return "Gifts of failure";
        case Panel::Forces: return "Hidden forces";
        case Panel::Worlds: return "Plausible worlds";
        case Panel::Causal: return "Causal loops";
        case Panel::Runs: return "Runs";
    }
    return "?";
}

const char* panel_key(Panel p) {
    switch (p) {
        case Panel::Drift: return "drift";
        case Panel::Map: return "map";
        case Panel::Friction: return "friction";
        case Panel::Ventures: return "ventures";
        case Panel::Gifts: return "gifts";
        case Panel::Forces: return "forces";
        case Panel::Worlds: return "worlds";
        case Panel::Causal: return "causal";
        case Panel::Runs: return "runs";
    }
    return "?";
}

std::optional<Panel> parse_panel(const std::string& key) {
    for (Panel p : kPanels)
        if (key == panel_key(p)) return p;
    return std::nullopt;
}

App::App(Session& s, std::string db) : session(s), db_path(std::move(db)), snap(s.snapshot()) {
    // The focal team: the first the scenario focuses on, else the first that runs a venture, else
    // the first team.
    const auto& base = s.base();
    const auto focus = model::focus_teams(base);
    if (!focus.empty()) ui.focal_team = std::max(0, base.team_index(focus.front()));
    for (const auto& v : base.ventures) {
        if (!focus.empty()) break;
        const int t = base.team_index(v.team);
        if (t >= 0) {
            ui.focal_team = t;
            break;
        }
    }
    ui.map_y = base.dimensions.size() > 1 ? 1 : 0;
}

void App::begin_frame() {
    snap = session.snapshot();
    if (snap->complete() && !snap->preview && snap->error.empty() && snap->scenario == session.variant() &&
        session.overrides().empty())
        as_loaded_ = snap->result;
    // The analytic preview follows the current setting at once, ahead of the simulated result.
    const auto variant = session.variant();
    if (variant && variant != oracle_for_) {
        oracle_for_ = variant;
        try {
            oracle_ = model::analyze_teams(*variant);
        } catch (const std::exception&) {
            oracle_.clear();  // the oracle is a preview; the charts work without it
        }
    }
}

int App::horizon() const { return scenario().horizon; }

int App::tick() const {
    return ui.scrub_tick < 0 ? horizon() : std::min(ui.scrub_tick, horizon());
}

const model::Scenario& App::scenario() const {
    return snap && snap->scenario ? *snap->scenario : session.base();
}

std::shared_ptr<const model::Scenario> App::scenario_ptr() const {
    return snap && snap->scenario ? snap->scenario : session.variant();
}

const CausalView& App::causal(const NodeSizer& node_size, float aspect) {
    return causal_.get(scenario_ptr(), node_size("Mg").h, node_size, aspect);
}

const PracticeTrails& App::trails() {
    return trails_.get(scenario_ptr(), snap->result, ui.map_x, ui.map_y);
}

const std::vector<sim::RobustComparison>& App::worlds() {
    const int per_world = session.per_world();
    if (per_world <= 0 || !snap->complete() || snap->preview || !snap->baseline) {
        worlds_.clear();
        worlds_result_ = worlds_baseline_ = nullptr;
        return worlds_;
    }
    if (snap->result != worlds_result_ || snap->baseline != worlds_baseline_) {
        worlds_ = sim::compare_over_worlds(*snap->scenario, *snap->baseline, *snap->result, per_world);
        worlds_result_ = snap->result;
        worlds_baseline_ = snap->baseline;
    }
    return worlds_;
}

void App::refresh_runs() {
    ui.runs_stale = false;
    ui.runs.clear();
    sweeps_.clear();
    std::error_code ec;
    if (!std::filesystem::exists(db_path, ec)) return;
    try {
        store::ResultsStore db(db_path, store::ResultsStore::OpenMode::MustExist);
        ui.runs = db.list_runs(200);
        sweeps_ = db.list_sweeps();
    } catch (const std::exception& e) {
        notify(std::string("Could not read the database: ") + e.what(), true);
    }
    sweep_loaded_ = 0;  // a resumed sweep may have more points now
}

const SweepData* App::sweep() {
    if (ui.sweep_for <= 0) return nullptr;
    if (sweep_loaded_ == ui.sweep_for) return &sweep_data_;
    sweep_data_ = SweepData{};
    sweep_loaded_ = ui.sweep_for;
    try {
        store::ResultsStore db(db_path, store::ResultsStore::OpenMode::MustExist);
        std::vector<std::vector<model::Override>> overrides;
        std::vector<sim::EnsembleResult> results;
        for (const auto& p : db.sweep_points(ui.sweep_for)) {
            if (p.run_id <= 0 || p.run_status != store::RunStatus::Complete) continue;
            overrides.push_back(p.overrides);
            results.push_back(db.load_run(p.run_id).result);
        }
        std::vector<const sim::EnsembleResult*> ptrs;
        for (const auto& r : results) ptrs.push_back(&r);
        sweep_data_ = sweep_data(overrides, ptrs);
        // The focal team's drift first, when the sweep records it.
        const auto& base = session.base();
        if (ui.focal_team >= 0 && ui.focal_team < int(base.teams.size())) {
            const auto it = std::find(sweep_data_.measures.begin(), sweep_data_.measures.end(),
                                      "drift:" + base.teams[std::size_t(ui.focal_team)].name);
            if (it != sweep_data_.measures.end()) ui.sweep_measure = int(it - sweep_data_.measures.begin());
        }
    } catch (const std::exception& e) {
        notify(std::string("Could not load sweep ") + std::to_string(ui.sweep_for) + ": " + e.what(), true);
    }
    return &sweep_data_;
}

bool App::update_analyses() {
    const auto current = scenario_ptr();
    auto& att = jobs_.attribution;
    auto& lev = jobs_.levers;
    auto& glev = jobs_.global_levers;
    att.poll();
    lev.poll();
    glev.poll();
    // A changed setting makes a running analysis stale: stop it and free its core.
    if (att.running() && att.running_for() != current) att.cancel();
    if (lev.running() && lev.running_for() != current) lev.cancel();
    if (glev.running() && glev.running_for() != current) glev.cancel();
    // One analysis thread: the live what-if keeps the other core. The progress callback runs
    // after each ensemble; throwing Cancelled there stops the remaining ones.
    if (ui.request_attribution && !att.running()) {
        ui.request_attribution = false;
        att.start(runner_, current, [](const model::Scenario& s, auto progress) {
            sim::AttributionOptions o;
            o.replicates = kAnalysisReplicates;
            o.threads = 1;
            o.on_progress = std::move(progress);
            return sim::attribute(s, o);
        });
    }
    if (ui.request_levers && !ui.local_levers && !glev.running()) {
        ui.request_levers = false;
        glev.start(runner_, current, [](const model::Scenario& s, auto progress) {
            sim::SensitivityOptions o = sim::global_lever_options(s);
            o.samples = kGlobalSamples;
            o.replicates = kGlobalReplicates;
            o.bootstrap = 100;
            o.threads = 1;
            o.on_progress = std::move(progress);
            return sim::sensitivity(s, o);
        });
    }
    if (ui.request_levers && ui.local_levers && !lev.running()) {
        ui.request_levers = false;
        lev.start(runner_, current, [](const model::Scenario& s, auto progress) {
            sim::LeverOptions o;
            o.replicates = kAnalysisReplicates;
            o.threads = 1;
            o.on_progress = std::move(progress);
            return sim::levers(s, o);
        });
    }
    return jobs_.running();
}

void App::notify(std::string message, bool error) {
    ui.status = std::move(message);
    ui.status_is_error = error;
    ui.status_until = ImGui::GetTime() + (error ? 8.0 : 4.0);
}

bool App::save_variant(const std::string& name) {
    if (name.empty()) {
        notify("Name the variant before saving it", true);
        return false;
    }
    if (!snap->complete() || snap->preview) {
        notify("The run is not complete yet: save when the charts stop updating", true);
        return false;
    }
    return or_notify(*this, "save the variant", [&] {
        store::ResultsStore db(db_path);
        const auto& base = session.base();
        store::RunSpec spec;
        spec.scenario_name = base.name;
        spec.scenario_text = base.source_text;
        spec.overrides = session.override_list();
        spec.events = session.variant()->events;   // a chosen what-if's own events too
        for (const auto& d : base.dimensions) spec.dimensions.push_back(d.name);
        spec.seed = snap->result->info.seed;
        spec.replicates = snap->replicates_done;
        spec.horizon = base.horizon;
        spec.threads = snap->result->info.threads;
        spec.command = "dash";
        spec.label = name;
        const auto id = db.begin_run(spec);
        db.finish_run(id, *snap->result);
        ui.runs_stale = true;
        notify("Saved variant '" + name + "' as run " + std::to_string(id) + " in " + db_path);
        return true;
    });
}

bool App::export_report(const std::string& path) {
    if (!snap->result || !snap->complete() || snap->preview) {
        notify("The run is not complete yet: export when the charts stop updating", true);
        return false;
    }
    return or_notify(*this, "export the report", [&] {
        viz::ReportInputs in;
        in.scenario = *snap->scenario;
        in.result = *snap->result;
        in.overrides = session.override_list();
        in.source = session.base().source_path + (in.overrides.empty() ? "" : " (dashboard variant)");
        const std::string html = viz::render_html(in);
        std::ofstream out(path, std::ios::binary);
        out << html;
        if (!out) throw std::runtime_error("cannot write " + path);
        // The Markdown twin next to it: review.html -> review.md.
        std::string md = path;
        const auto dot = md.rfind('.');
        md = (dot == std::string::npos || md.find('/', dot) != std::string::npos ? md : md.substr(0, dot)) + ".md";
        std::ofstream out_md(md, std::ios::binary);
        out_md << viz::render_markdown(in);
        notify("Wrote " + path + " and " + md);
        return true;
    });
}

bool App::load_run(std::int64_t id) {
    return or_notify(*this, "load the run", [&] {
        store::ResultsStore db(db_path, store::ResultsStore::OpenMode::MustExist);
        const auto rec = db.find_run(id);
        if (!rec) {
            notify("No run " + std::to_string(id), true);
            return false;
        }
        if (rec->spec.scenario_name != session.base().name) {
            notify("Run " + std::to_string(id) + " is of another scenario ('" + rec->spec.scenario_name +
                       "'): use Compare instead",
                   true);
            return false;
        }
        // A stored what-if's own events follow the scenario's (model::apply_variant); a run stored
        // before events were kept whole has only their assignments, so it brings none.
        std::vector<model::Event> own;
        const auto& scenario_events = session.base().events;
        if (rec->events_whole && rec->spec.events.size() > scenario_events.size())
            own.assign(rec->spec.events.begin() + std::ptrdiff_t(scenario_events.size()), rec->spec.events.end());
        if (!session.assign(rec->spec.overrides, own)) {
            notify("Run " + std::to_string(id) + ": " + session.error(), true);
            return false;
        }
        notify("Loaded the overrides of run " + std::to_string(id) +
               (rec->spec.label.empty() ? "" : " ('" + rec->spec.label + "')"));
        return true;
    });
}

bool App::compare_with_run(std::int64_t id) {
    return or_notify(*this, "compare", [&] {
        store::ResultsStore db(db_path, store::ResultsStore::OpenMode::MustExist);
        auto stored = db.load_run(id);
        std::string label = "run " + std::to_string(id);
        if (!stored.record.spec.label.empty()) label += " (" + stored.record.spec.label + ")";
        session.worker().pin_baseline(
            std::make_shared<const sim::EnsembleResult>(std::move(stored.result)), label);
        notify("Baseline overlay: " + label);
        return true;
    });
}

}  // namespace orgforces::dash
