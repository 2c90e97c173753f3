// `orgforces sweep FILE --grid PATH=FROM:TO:STEPS ... | --sample latin N --vary PATH[=MIN:MAX] ...`:
// runs every design point as a stored run linked to a sweep; `--resume ID` continues a sweep
// that was interrupted. Started under mpirun, points and replicate blocks spread over the ranks.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <fstream>
#include <optional>
#include <stdexcept>

#include "app/cli/command.hpp"
#include "app/cli/db_common.hpp"
#include "app/cli/interrupt.hpp"
#include "app/cli/memory_budget.hpp"
#include "app/cli/mpi_cluster.hpp"
#include "model/loader.hpp"
#include "model/schema.hpp"
#include "model/registry.hpp"
#include "sim/run_plan.hpp"
#include "sim/sweep.hpp"

namespace orgforces::cli {
namespace {

struct SweepOptions {
    std::string file;
    std::vector<std::string> grid;
    std::vector<std::string> sample;   // {"latin", "N"}
    std::vector<std::string> vary;
    std::vector<std::string> sets;
    int replicates = 0;
    std::uint64_t seed_value = 0;
    CLI::Option* seed = nullptr;   ///< given when seed->count() > 0
    int threads = 0;
    std::int64_t resume = 0;
    std::string csv;
    DbOptions db;
};

std::string overrides_json(const std::vector<model::Override>& v) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& o : v) j.push_back({{"path", o.path}, {"value", o.value}});
    return j.dump();
}

std::vector<model::Override> overrides_from(const nlohmann::json& j) {
    std::vector<model::Override> out;
    for (const auto& e : j) out.push_back(model::Override{e.at("path").get<std::string>(), e.at("value").get<double>(), {}});
    return out;
}

// The design points (each with the common --set overrides first), and a description of them.
std::vector<sim::DesignPoint> make_design(const SweepOptions& o, const model::Scenario& s, std::uint64_t seed,
                                          nlohmann::json& design) {
    std::vector<model::Override> sets;
    for (const auto& text : o.sets) sets.push_back(model::parse_override(text));
    design["set"] = nlohmann::json::parse(overrides_json(sets));
    std::vector<sim::DesignPoint> points;
    try {
        if (!o.grid.empty()) {
            if (!o.sample.empty()) throw UsageError("sweep: give either --grid or --sample, not both");
            std::vector<sim::GridAxis> axes;
            for (const auto& text : o.grid) {
                axes.push_back(sim::parse_grid_axis(text));
                model::find_parameter(s, axes.back().path);   // a clear error for an unknown path
                design["grid"].push_back({{"path", axes.back().path}, {"from", axes.back().from},
                                          {"to", axes.back().to}, {"steps", axes.back().steps}});
            }
            points = sim::grid_points(axes);
        } else if (!o.sample.empty()) {
            if (o.sample.size() != 2 || o.sample[0] != "latin")
                throw UsageError("sweep: --sample takes `latin N`, e.g. --sample latin 20");
            int n = 0;
            try {
                n = std::stoi(o.sample[1]);
            } catch (const std::exception&) {
                n = 0;
            }
            if (n < 1) throw UsageError("sweep: --sample latin N needs a whole number of points N >= 1");
            if (o.vary.empty()) throw UsageError("sweep: --sample latin N needs parameters to vary: --vary PATH[=MIN:MAX]");
            std::vector<sim::SampleRange> ranges;
            for (const auto& text : o.vary) {
                bool has_range = false;
                auto r = sim::parse_sample_range(text, has_range);
                const auto p = model::find_parameter(s, r.path);
                if (!has_range) {
                    r.min = p.min;
                    r.max = p.max;
                }
                r.integer = p.kind != model::ParamKind::Real;
                ranges.push_back(r);
                design["latin"]["vary"].push_back({{"path", r.path}, {"min", r.min}, {"max", r.max}, {"integer", r.integer}});
            }
            design["latin"]["points"] = n;
            design["latin"]["seed"] = seed;
            points = sim::latin_hypercube(ranges, n, seed);
        } else {
            throw UsageError("sweep: give the design with --grid PATH=FROM:TO:STEPS (repeatable) or "
                             "--sample latin N --vary PATH[=MIN:MAX]");
        }
    } catch (const std::invalid_argument& e) {
        throw UsageError(std::string("sweep: ") + e.what());
    }
    for (auto& p : points) p.insert(p.begin(), sets.begin(), sets.end());
    return points;
}

// Key figures of a point for the summary table: drift at the horizon per team, P(success) per venture.
std::vector<std::pair<std::string, double>> key_figures(const model::Scenario& s, const sim::EnsembleResult& r) {
    std::vector<std::pair<std::string, double>> out;
    for (const auto& t : s.teams)
        if (const auto* series = r.find_series(t.name, "drift"); series && !series->ticks.empty())
            out.emplace_back("drift:" + t.name, series->ticks.back().mean);
    for (const auto& v : s.ventures)
        if (const auto* p = r.find_scalar(v.name, "p_success")) out.emplace_back("p_success:" + v.name, p->value);
    return out;
}

// The plan of a resumed sweep: its stored scenario, seed and replicates, and the points not yet complete.
nlohmann::json resume_plan(const SweepOptions& o, store::ResultsStore& db, std::int64_t& sweep_id) {
    if (!o.grid.empty() || !o.sample.empty() || !o.sets.empty())
        throw UsageError("sweep: --resume continues a stored sweep as it was designed; drop --grid/--sample/--set");
    const auto rec = db.find_sweep(o.resume);
    if (!rec) throw UsageError(fmt::format("no sweep {} in {} (see `orgforces runs --sweeps`)", o.resume, db.path()));
    if (!o.file.empty()) {
        const auto now = model::load_scenario_file(o.file);
        if (now.source_text != rec->scenario_text)
            throw UsageError(fmt::format("sweep {}: {} changed since the sweep started; resume without FILE "
                                         "to use the stored text, or start a new sweep", o.resume, o.file));
    }
    sweep_id = rec->id;
    nlohmann::json plan;
    plan["text"] = rec->scenario_text;
    plan["origin"] = o.file.empty() ? fmt::format("sweep {}", rec->id) : o.file;
    plan["seed"] = rec->seed;
    plan["replicates"] = rec->replicates;
    plan["points"] = nlohmann::json::array();
    const auto pending = db.pending_points(sweep_id);
    const auto all = db.sweep_points(sweep_id);
    for (int p : pending)
        plan["points"].push_back({{"point", p}, {"overrides", nlohmann::json::parse(overrides_json(all[std::size_t(p)].overrides))}});
    std::fprintf(stderr, "sweep %lld: resuming, %zu of %d points left\n", static_cast<long long>(sweep_id),
                 pending.size(), rec->points);
    return plan;
}

// The plan of a new sweep: its design points, each checked to make a valid scenario, stored as a sweep
// when there is a database.
nlohmann::json new_sweep_plan(const SweepOptions& o, store::ResultsStore* db, std::int64_t& sweep_id) {
    if (o.file.empty()) throw UsageError("sweep: FILE is required (or --resume SWEEP_ID)");
    const auto s = model::load_scenario_file(o.file);
    const sim::RunPlan asked = sim::RunPlan::resolve(
        s, {o.replicates, o.seed->count() ? std::optional(o.seed_value) : std::nullopt, o.threads, {}});
    const std::uint64_t seed = asked.seed;
    const int replicates = asked.replicates;
    nlohmann::json design;
    auto points = make_design(o, s, seed, design);
    // Every point must make a valid scenario before anything is stored.
    for (const auto& p : points) (void)model::apply_overrides(s, p);
    require_memory_for(s, replicates, o.threads);   // before the sweep is stored
    if (db) {
        store::SweepSpec spec{s.name, s.source_text, design.dump(), seed, replicates, points};
        sweep_id = db->create_sweep(spec);
        std::fprintf(stderr, "sweep %lld: %zu points x %d replicates, seed %llu\n",
                     static_cast<long long>(sweep_id), points.size(), replicates,
                     static_cast<unsigned long long>(seed));
    }
    nlohmann::json plan;
    plan["text"] = s.source_text;
    plan["origin"] = o.file;
    plan["seed"] = seed;
    plan["replicates"] = replicates;
    for (std::size_t i = 0; i < points.size(); ++i)
        plan["points"].push_back({{"point", i}, {"overrides", nlohmann::json::parse(overrides_json(points[i]))}});
    return plan;
}

struct SweepPoint {
    int index;
    std::vector<model::Override> overrides;
    model::Scenario scenario;
    std::int64_t run_id = 0;
    store::RunSpec spec;
};

// One line of the summary table.
struct SummaryRow {
    int point;
    std::vector<model::Override> overrides;
    std::int64_t run_id;
    std::vector<std::pair<std::string, double>> figures;
};

// Runs the plan's points over the cluster, storing each as a run of the sweep; returns the summary rows
// of the points run here and counts the runs that could not be stored.
std::vector<SummaryRow> run_points(Cluster& cluster, std::vector<SweepPoint>& points, const model::Scenario& base,
                                   const sim::RunPlan& settings, const SweepOptions& o, store::ResultsStore* db,
                                   std::int64_t sweep_id, int& unsaved) {
    std::vector<EnsembleJob> jobs;
    for (const auto& p : points) jobs.push_back({&p.scenario, settings.seed, settings.replicates, {}});
    std::vector<SummaryRow> rows;
    sim::EnsembleOptions options;
    options.threads = o.threads;
    options.cancel = install_interrupt_handler();
    std::size_t done = 0;
    try {
        run_ensembles(
            cluster, jobs, options,
            [&](std::size_t j) {
                if (!db) return;
                store::RunSpec& spec = points[j].spec;
                spec = store::run_spec(base, settings, "sweep", fmt::format("sweep {} point {}", sweep_id, points[j].index));
                spec.overrides = points[j].overrides;
                spec.ranks = cluster.size();
                spec.sweep_point = store::SweepPointRef{sweep_id, points[j].index};
                points[j].run_id = begin_or_defer(*db, spec);
            },
            [&](std::size_t j, sim::EnsembleResult&& r) {
                if (db && finish_or_save(*db, points[j].run_id, points[j].spec, r) == 0) ++unsaved;
                ++done;
                std::fprintf(stderr, "sweep %lld: point %d done (%zu/%zu) in %s  %s\n", static_cast<long long>(sweep_id),
                             points[j].index, done, points.size(), format_seconds(r.info.wall_seconds).c_str(),
                             format_overrides(points[j].overrides).c_str());
                rows.push_back({points[j].index, points[j].overrides, points[j].run_id, key_figures(points[j].scenario, r)});
            });
    } catch (const sim::Cancelled&) {
        std::vector<std::int64_t> started;
        for (const auto& p : points) started.push_back(p.run_id);
        if (db && sweep_id)
            std::fprintf(stderr, "sweep %lld: %zu of %zu points done; continue with `orgforces sweep --resume %lld`\n",
                         static_cast<long long>(sweep_id), done, points.size(), static_cast<long long>(sweep_id));
        exit_interrupted(db, started);
    }
    return rows;
}

// Adds the rows of the points finished before a resume, from the database, and sorts by point.
void add_stored_points(std::vector<SummaryRow>& rows, store::ResultsStore& db, std::int64_t sweep_id,
                       const model::Scenario& base) {
    for (const auto& p : db.sweep_points(sweep_id)) {
        if (p.run_status != store::RunStatus::Complete || p.run_id == 0) continue;
        if (std::any_of(rows.begin(), rows.end(), [&](const SummaryRow& r) { return r.point == p.point; })) continue;
        const auto run = db.load_run(p.run_id);
        rows.push_back({p.point, p.overrides, p.run_id, key_figures(model::apply_overrides(base, p.overrides), run.result)});
    }
    std::sort(rows.begin(), rows.end(), [](const SummaryRow& a, const SummaryRow& b) { return a.point < b.point; });
}

// Prints the summary table on stdout and, when asked, writes it as CSV.
void print_summary(const std::vector<SummaryRow>& rows, const std::string& csv) {
    std::vector<std::string> header = {"POINT", "RUN"};
    if (!rows.empty()) {
        for (const auto& ov : rows[0].overrides) header.push_back(ov.path);
        for (const auto& f : rows[0].figures) header.push_back(f.first);
    }
    TextTable t(header);
    for (const auto& r : rows) {
        std::vector<std::string> cells = {std::to_string(r.point), r.run_id ? std::to_string(r.run_id) : "-"};
        for (const auto& ov : r.overrides) cells.push_back(format_number(ov.value));
        for (const auto& f : r.figures) cells.push_back(fmt::format("{:.4g}", f.second));
        t.add(std::move(cells));
    }
    std::fputs(t.render().c_str(), stdout);
    if (csv.empty()) return;
    std::ofstream out(csv, std::ios::binary);
    if (!out) throw std::runtime_error("cannot write " + csv);
    for (std::size_t c = 0; c < header.size(); ++c) out << (c ? "," : "") << csv_field(header[c]);
    out << '\n';
    for (const auto& r : rows) {
        out << r.point << ',' << r.run_id;
        for (const auto& ov : r.overrides) out << ',' << fmt::format("{}", ov.value);
        for (const auto& f : r.figures) out << ',' << fmt::format("{}", f.second);
        out << '\n';
    }
    std::fprintf(stderr, "wrote %s\n", csv.c_str());
}

void run_sweep(const SweepOptions& o) {
    Cluster& cluster = Cluster::get();
    // Rank 0 decides the work (new sweep or resume) and sends it to every rank as one JSON text.
    std::string plan_text;
    std::optional<store::ResultsStore> db;
    std::int64_t sweep_id = 0;
    if (cluster.is_root()) {
        if (o.db.disabled && o.resume) throw UsageError("sweep: --resume needs the database (drop --no-db)");
        db = open_for_writing(o.db);
        const auto plan = o.resume ? resume_plan(o, *db, sweep_id) : new_sweep_plan(o, db ? &*db : nullptr, sweep_id);
        plan_text = plan.dump();
    }
    cluster.broadcast(plan_text);
    const auto plan = nlohmann::json::parse(plan_text);
    const auto base = model::load_scenario_text(plan.at("text").get<std::string>(), plan.at("origin").get<std::string>());
    const auto seed = plan.at("seed").get<std::uint64_t>();
    const int replicates = plan.at("replicates").get<int>();
    const sim::RunPlan settings = sim::RunPlan::resolve(base, {replicates, seed, o.threads, {}});
    require_memory_for(base, replicates, o.threads);   // every rank, also on --resume

    std::vector<SweepPoint> points;
    for (const auto& p : plan.at("points")) {
        auto ov = overrides_from(p.at("overrides"));
        points.push_back({p.at("point").get<int>(), ov, model::apply_overrides(base, ov), 0, {}});
    }
    int unsaved = 0;
    auto rows = run_points(cluster, points, base, settings, o, db ? &*db : nullptr, sweep_id, unsaved);
    if (!cluster.is_root()) return;

    if (db && sweep_id) add_stored_points(rows, *db, sweep_id, base);
    print_summary(rows, o.csv);
    if (db && sweep_id)
        std::fprintf(stderr, "sweep %lld stored in %s (`orgforces runs --sweeps`)\n", static_cast<long long>(sweep_id),
                     db->path().c_str());
    if (unsaved > 0) throw Exit{kExitFailure};
}

void setup(CLI::App& app) {
    auto opts = std::make_shared<SweepOptions>();
    auto* cmd = app.add_subcommand("sweep", "Run a parameter grid or Latin hypercube; every point is stored; resumable; "
                                            "distributed under mpirun");
    cmd->add_option("FILE", opts->file, "Scenario file (optional with --resume)")->check(CLI::ExistingFile);
    cmd->add_option("--grid", opts->grid, "Full-factorial axis PATH=FROM:TO:STEPS (repeatable)")->type_name("AXIS");
    cmd->add_option("--sample", opts->sample, "`latin N`: a Latin hypercube of N points over the --vary parameters")
        ->expected(2)->type_name("latin N");
    cmd->add_option("--vary", opts->vary, "A parameter of the sample, PATH (its registry range) or PATH=MIN:MAX")
        ->type_name("PATH[=MIN:MAX]");
    cmd->add_option("--set", opts->sets, "An override applied to every point (repeatable)")->type_name("PATH=VALUE");
    cmd->add_option("--replicates,-n", opts->replicates, "Replicates per point (default: the scenario's)")
        ->check(CLI::Range(1, orgforces::model::Limits::max_replicates));
    opts->seed = cmd->add_option("--seed", opts->seed_value, "Seed of every point and of the sample (default: the scenario's)");
    cmd->add_option("--threads,-j", opts->threads, "Worker threads per process (default: all cores)")->check(CLI::NonNegativeNumber);
    cmd->add_option("--resume", opts->resume, "Continue sweep SWEEP_ID, skipping points already complete")->type_name("SWEEP_ID");
    cmd->add_option("--csv", opts->csv, "Also write the summary table as CSV to FILE")->type_name("FILE");
    add_db_options(*cmd, opts->db, true);
    cmd->footer("Every point runs with the same seed (common random numbers), so neighbouring points differ by\n"
                "their parameters, not by chance. Progress goes to stderr, the summary table to stdout.\n" +
                Cluster::scale_out_hint());
    cmd->callback([opts] { run_sweep(*opts); });
}

const bool registered = register_command({"sweep", 26, setup});

}  // namespace
}  // namespace orgforces::cli
