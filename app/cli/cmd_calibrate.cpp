// `orgforces calibrate FILE --observed OBS.csv [--fit PATH=LO:HI]...`: fits the uncertain
// parameters to observations of one organization by ABC-SMC (sim/calibration.hpp), checks the
// fit against a posterior predictive run, and stores the posterior sample as a run of kind
// "calibrate" whose id `run --posterior` and `whatif --posterior` take.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>

#include "app/cli/command.hpp"
#include "app/cli/db_common.hpp"
#include "app/cli/progress.hpp"
#include "model/diagnostics.hpp"
#include "model/loader.hpp"
#include "model/uncertain.hpp"
#include "orgforces/version.hpp"
#include "sim/calibration.hpp"
#include "sim/ensemble.hpp"
#include "sim/run_plan.hpp"
#include "sim/uncertainty.hpp"

namespace orgforces::cli {
namespace {

struct CalibrateCliOptions {
    std::string file;
    std::string observed;
    std::vector<std::string> fit;
    int particles = 200;
    int generations = 8;
    double min_acceptance = 0.03;
    int replicates = 1;
    int predictive = 200;
    std::optional<std::uint64_t> seed;
    int threads = 0;
    bool json = false;
    DbOptions db;
};

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw model::ScenarioError({model::Diagnostic{model::SourcePos{path, 0, 0}, "cannot open the file"}});
    std::stringstream ss;
    ss << in.rdbuf();
    if (ss.str().size() > 64u << 20)
        throw model::ScenarioError({model::Diagnostic{model::SourcePos{path, 0, 0}, "file is larger than 64 MiB"}});
    return ss.str();
}

/// The posterior predictive band (5-95%) of each observation, from one replicate per draw.
struct Check {
    double q05 = 0.0, q50 = 0.0, q95 = 0.0;
    bool inside = false;
};

// The ABC-SMC settings: the priors (--fit ranges, else the scenario's `uncertain:` block) and the budget.
sim::CalibrationOptions calibration_options(const CalibrateCliOptions& o, const model::Scenario& s,
                                            const sim::RunPlan& plan) {
    sim::CalibrationOptions opts;
    for (const auto& f : o.fit) opts.priors.push_back(model::parse_vary(s, f, "--fit"));
    if (opts.priors.empty() && s.uncertain.empty())
        throw UsageError(o.file + " has no `uncertain:` block; add one or pass --fit PATH=LO:HI (repeatable)");
    opts.particles = o.particles;
    opts.generations = o.generations;
    opts.min_acceptance = o.min_acceptance;
    opts.replicates = o.replicates;
    opts.seed = plan.seed;
    opts.threads = o.threads;
    return opts;
}

// Posterior predictive: one replicate per posterior draw, on streams of its own seed.
sim::EnsembleResult run_predictive(const model::Scenario& s, const sim::Calibration& c, const CalibrateCliOptions& o,
                                   std::uint64_t seed) {
    std::vector<std::string> paths;
    for (const auto& p : c.priors) paths.push_back(p.path);
    sim::EnsembleOptions eo;
    eo.replicates = o.predictive;
    eo.seed = seed + 1;
    eo.threads = o.threads;
    eo.replicate_overrides = sim::sample_draws(paths, c.values, c.weights);
    return sim::run_ensemble(s, eo);
}

// Where each observation falls in the predictive bands.
std::vector<Check> predictive_checks(const std::vector<sim::Observation>& observations,
                                     const sim::EnsembleResult& predictive) {
    std::vector<Check> checks;
    for (const auto& ob : observations) {
        Check k;
        if (ob.measure == "succeeded") {   // a venture: the predictive share of organizations where it had succeeded
            double done = 0.0;
            for (const auto& v : predictive.outcomes)
                if (v.venture == ob.entity && v.status == sim::VentureStatus::Succeeded && v.end_tick <= ob.tick) done += 1.0;
            const double p = done / std::max(1, predictive.info.replicates);
            k = {p > 0.95 ? 1.0 : 0.0, p, p >= 0.05 ? 1.0 : 0.0, false};
            k.inside = ob.value >= k.q05 && ob.value <= k.q95;
        } else if (const auto* series = predictive.find_series(ob.entity, ob.measure)) {
            const auto& b = series->ticks.at(static_cast<std::size_t>(ob.tick));
            k = {b.q05, b.q50, b.q95, ob.value >= b.q05 && ob.value <= b.q95};
        }
        checks.push_back(k);
    }
    return checks;
}

// The posterior sample as per-particle values, its summary as scalars, the predictive run as series.
void store_calibration(store::ResultsStore& db, std::int64_t run_id, const sim::Calibration& c,
                       const sim::EnsembleResult& predictive, const std::vector<sim::Observation>& observations,
                       double seconds) {
    sim::EnsembleResult stored = predictive;
    stored.info.wall_seconds = seconds;
    sim::PosteriorSample sample;
    for (std::size_t d = 0; d < c.priors.size(); ++d) {
        const auto& p = c.parameters[d];
        stored.scalars.push_back({p.path, "posterior_median", p.median, p.lo, p.hi, static_cast<std::int64_t>(c.values.size())});
        sample.paths.push_back(p.path);
    }
    sample.values = c.values;
    sample.weights = c.weights;
    for (const auto& ob : observations) sample.observed.push_back({ob.entity, ob.measure, ob.tick, ob.value});
    sim::store_posterior(sample, stored);
    db.finish_run(run_id, stored);
    std::fprintf(stderr, "posterior stored as run %lld in %s (use --posterior %lld on run and whatif)\n",
                 static_cast<long long>(run_id), db.path().c_str(), static_cast<long long>(run_id));
}

struct Outcome {
    const model::Scenario& scenario;
    const std::vector<sim::Observation>& observations;
    const sim::Calibration& calibration;
    const std::vector<Check>& checks;
    int inside = 0;   ///< observations inside their 5-95% predictive band
    std::uint64_t seed = 0;
    std::int64_t run_id = 0;
    double seconds = 0.0;
};

void print_json(const CalibrateCliOptions& o, const Outcome& out) {
    const auto& c = out.calibration;
    const auto& observations = out.observations;
    const auto& checks = out.checks;
    nlohmann::json j;
    j["scenario"] = out.scenario.name;
    j["observed"] = o.observed;
    j["seed"] = out.seed;
    if (out.run_id > 0) j["calibration_id"] = out.run_id;
    j["interval"] = 0.9;
    j["parameters"] = nlohmann::json::array();
    for (const auto& p : c.parameters)
        j["parameters"].push_back({{"path", p.path}, {"median", p.median}, {"lo", p.lo}, {"hi", p.hi},
                                   {"prior_lo", p.prior_lo}, {"prior_hi", p.prior_hi}});
    nlohmann::json gens = nlohmann::json::array();
    for (const auto& g : c.generations)
        gens.push_back({{"tolerance", std::isfinite(g.tolerance) ? nlohmann::json(g.tolerance) : nlohmann::json(nullptr)},
                        {"simulations", g.simulations}, {"acceptance", g.acceptance}, {"ess", g.ess}});
    j["diagnostics"] = {{"method", "ABC-SMC (population Monte Carlo weights, adaptive quantile tolerances)"},
                        {"particles", c.values.size()},
                        {"simulations", c.simulations},
                        {"replicates_per_simulation", o.replicates},
                        {"generations", gens},
                        {"stopped", c.stopped},
                        {"seconds", out.seconds}};
    nlohmann::json ppc = nlohmann::json::array();
    for (std::size_t i = 0; i < observations.size(); ++i)
        ppc.push_back({{"entity", observations[i].entity}, {"measure", observations[i].measure},
                       {"tick", observations[i].tick}, {"observed", observations[i].value},
                       {"q05", checks[i].q05}, {"q50", checks[i].q50}, {"q95", checks[i].q95},
                       {"inside", checks[i].inside}});
    j["predictive_check"] = {{"draws", o.predictive}, {"inside_90", out.inside}, {"observations", ppc}};
    std::printf("%s\n", j.dump(2).c_str());
}

void print_text(const CalibrateCliOptions& o, const Outcome& out) {
    const auto& c = out.calibration;
    const auto& observations = out.observations;
    const auto& checks = out.checks;
    std::printf("%s: calibrated %zu parameters to %zu observations from %s\n", out.scenario.name.c_str(), c.priors.size(),
                observations.size(), o.observed.c_str());
    TextTable t({"parameter", "prior", "posterior median", "90% interval", "prior 90%"});
    for (std::size_t d = 0; d < c.priors.size(); ++d) {
        const auto& p = c.parameters[d];
        t.add({p.path, model::describe(c.priors[d]), fmt::format("{:.4g}", p.median), fmt::format("[{:.4g}, {:.4g}]", p.lo, p.hi),
               fmt::format("[{:.4g}, {:.4g}]", p.prior_lo, p.prior_hi)});
    }
    std::printf("\n%s", t.render().c_str());
    std::printf("\nABC-SMC: %zu particles, %d simulations of %d replicate%s each, %s.\n", c.values.size(), c.simulations,
                o.replicates, o.replicates == 1 ? "" : "s", c.stopped.c_str());
    TextTable g({"generation", "tolerance", "simulations", "acceptance", "ESS"});
    for (std::size_t i = 0; i < c.generations.size(); ++i) {
        const auto& x = c.generations[i];
        g.add({std::to_string(i), std::isfinite(x.tolerance) ? fmt::format("{:.4g}", x.tolerance) : "prior",
               std::to_string(x.simulations), fmt::format("{:.3f}", x.acceptance), fmt::format("{:.0f}", x.ess)});
    }
    std::printf("%s", g.render().c_str());
    std::printf("\nPosterior predictive check (%d draws, one replicate each): %d of %zu observations inside the 5-95%% band.\n",
                o.predictive, out.inside, observations.size());
    TextTable k({"entity", "measure", "tick", "observed", "5%", "median", "95%", ""});
    for (std::size_t i = 0; i < observations.size(); ++i)
        k.add({observations[i].entity, observations[i].measure, std::to_string(observations[i].tick),
               fmt::format("{:.4g}", observations[i].value), fmt::format("{:.4g}", checks[i].q05),
               fmt::format("{:.4g}", checks[i].q50), fmt::format("{:.4g}", checks[i].q95), checks[i].inside ? "" : "outside"});
    std::printf("%s", k.render().c_str());
    std::printf("(%s)\n", format_seconds(out.seconds).c_str());
}

void run_calibrate(const CalibrateCliOptions& o) {
    const model::Scenario s = model::load_scenario_file(o.file);
    if (s.classic) throw UsageError("calibrate needs an organization scenario, not a classic model");
    const auto observations = sim::read_observations(read_text(o.observed), o.observed, s);
    const sim::RunPlan plan = sim::RunPlan::resolve(s, {o.predictive, o.seed, o.threads, {}});
    sim::CalibrationOptions opts = calibration_options(o, s, plan);
    ProgressBar bar("calibrate");
    const int expected = o.particles * (o.generations + 1) * 4;   // a rough scale for the bar
    opts.on_progress = [&](int, int sims) { bar.update(std::min(sims, expected - 1), expected); };

    std::optional<store::ResultsStore> db = open_for_writing(o.db);
    std::int64_t run_id = 0;
    if (db) run_id = db->begin_run(store::run_spec(s, plan, "calibrate", o.observed));
    sim::Calibration c;
    sim::EnsembleResult predictive;
    const double seconds = run_or_abandon(db ? &*db : nullptr, run_id, bar, [&] {
        c = sim::calibrate(s, observations, opts);
        predictive = run_predictive(s, c, o, opts.seed);
    });
    const std::vector<Check> checks = predictive_checks(observations, predictive);
    if (db) store_calibration(*db, run_id, c, predictive, observations, seconds);

    const auto inside = static_cast<int>(std::count_if(checks.begin(), checks.end(), [](const Check& k) { return k.inside; }));
    const Outcome out{s, observations, c, checks, inside, opts.seed, run_id, seconds};
    if (o.json)
        print_json(o, out);
    else
        print_text(o, out);
}

void setup(CLI::App& app) {
    auto o = std::make_shared<CalibrateCliOptions>();
    auto* cmd = app.add_subcommand("calibrate", "Fit the uncertain parameters to observations (ABC-SMC) and store the "
                                                "posterior");
    cmd->footer(
        "OBS.csv has the header entity,measure,tick,value and an optional sd column; entity is a team and\n"
        "measure one of its series in `orgforces run --json` (drift, friction, headcount, leavers, ...), or\n"
        "entity is a venture and measure `succeeded` (1 if it had succeeded by the tick, else 0).\n"
        "Prints each parameter's posterior median and 90% interval, the tolerance schedule, and a posterior\n"
        "predictive check. Bad observations: file:line:col errors, exit 2. See docs/uncertainty.md.\n\n"
        "Examples:\n"
        "  orgforces calibrate scenarios/hello-world.yaml --observed survey.csv\n"
        "  orgforces calibrate FILE --observed survey.csv --fit teams.frontier.shielding=0:0.8 --json");
    cmd->add_option("FILE", o->file, "Scenario file")->required()->check(CLI::ExistingFile);
    cmd->add_option("--observed", o->observed, "CSV of observations: entity,measure,tick,value[,sd]")
        ->required()
        ->check(CLI::ExistingFile);
    cmd->add_option("--fit", o->fit, "PATH=LO:HI, repeatable: fit these (uniform priors) instead of the `uncertain:` block")
        ->type_name("PATH=LO:HI");
    cmd->add_option("--particles", o->particles, "Population size (default 200)")->check(CLI::Range(10, 100000));
    cmd->add_option("--generations", o->generations, "At most this many generations after the prior (default 8)")
        ->check(CLI::Range(0, 100));
    cmd->add_option("--min-acceptance", o->min_acceptance, "Stop when a generation would accept less than this (default 0.03)")
        ->check(CLI::Range(0.0001, 1.0));
    cmd->add_option("--replicates,-n", o->replicates,
                    "Replicates averaged per simulation (default 1: the data are one organization)")
        ->check(CLI::Range(1, 1000));
    cmd->add_option("--predictive", o->predictive, "Posterior draws in the predictive check (default 200)")
        ->check(CLI::Range(8, 1000000));
    cmd->add_option("--seed", o->seed, "Seed (default: the scenario's)");
    cmd->add_option("--threads,-j", o->threads, "Worker threads (default: all cores)")->check(CLI::Range(0, 4096));
    cmd->add_flag("--json", o->json, "Print the posterior and diagnostics as JSON on stdout");
    add_db_options(*cmd, o->db, true);
    cmd->callback([o] { run_calibrate(*o); });
}

const bool registered = register_command({"calibrate", 44, setup});

}  // namespace
}  // namespace orgforces::cli
