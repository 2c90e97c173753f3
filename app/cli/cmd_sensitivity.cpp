// `orgforces sensitivity FILE [--method sobol|morris] [--vary PATH=LO:HI]... [--measure M]...`:
// global sensitivity of chosen measures to the uncertain parameters (sim/sensitivity.hpp), run on
// common random numbers and stored as a run of kind "sensitivity".
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <stdexcept>

#include "app/cli/command.hpp"
#include "app/cli/measures.hpp"
#include "app/cli/db_common.hpp"
#include "app/cli/progress.hpp"
#include "model/loader.hpp"
#include "model/uncertain.hpp"
#include "orgforces/version.hpp"
#include "sim/run_plan.hpp"
#include "sim/sensitivity.hpp"

namespace orgforces::cli {
namespace {

struct SensitivityCliOptions {
    std::string file;
    std::string method = "sobol";
    std::vector<std::string> vary;
    std::vector<std::string> measures;
    int samples = 0;
    int replicates = 8;
    std::optional<std::uint64_t> seed;
    int threads = 0;
    int bootstrap = 200;
    bool json = false;
    DbOptions db;
};

nlohmann::json num(double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr); }

/// The indices as scalars of a stored run: entity = parameter path, measure = "S1:drift:frontier".
sim::EnsembleResult as_stored(const sim::SensitivityResult& r, const model::Scenario& s, double seconds) {
    sim::EnsembleResult out;
    out.info.scenario_name = s.name;
    out.info.seed = r.seed;
    out.info.replicates = r.replicates;
    out.info.horizon = s.horizon;
    out.info.wall_seconds = seconds;
    out.info.engine_version = orgforces::kVersion;
    for (const auto& m : r.measures)
        for (std::size_t i = 0; i < r.priors.size(); ++i) {
            const std::string& path = r.priors[i].path;
            const std::string name = m.measure.name();
            if (r.method == sim::SensitivityMethod::Sobol) {
                const auto& x = m.sobol[i];
                out.scalars.push_back({path, "S1:" + name, x.s1, x.s1_lo, x.s1_hi, r.samples});
                out.scalars.push_back({path, "ST:" + name, x.st, x.st_lo, x.st_hi, r.samples});
            } else {
                const auto& x = m.morris[i];
                out.scalars.push_back({path, "mu_star:" + name, x.mu_star, x.mu_star_lo, x.mu_star_hi, r.samples});
                out.scalars.push_back({path, "mu:" + name, x.mu, x.mu, x.mu, r.samples});
                out.scalars.push_back({path, "sigma:" + name, x.sigma, x.sigma, x.sigma, r.samples});
            }
        }
    return out;
}

void print_json(const sim::SensitivityResult& r, const model::Scenario& s, std::int64_t run_id) {
    nlohmann::json j;
    j["method"] = sim::to_string(r.method);
    j["scenario"] = s.name;
    j["seed"] = r.seed;
    j["samples"] = r.samples;
    j["points"] = r.points;
    j["replicates_per_point"] = r.replicates;
    j["bootstrap"] = r.bootstrap;
    if (run_id > 0) j["run_id"] = run_id;
    j["priors"] = nlohmann::json::array();
    for (const auto& p : r.priors) j["priors"].push_back({{"path", p.path}, {"prior", model::describe(p)}});
    j["measures"] = nlohmann::json::array();
    for (const auto& m : r.measures) {
        nlohmann::json params = nlohmann::json::array();
        for (std::size_t i = 0; i < r.priors.size(); ++i) {
            if (r.method == sim::SensitivityMethod::Sobol) {
                const auto& x = m.sobol[i];
                params.push_back({{"path", r.priors[i].path},
                                  {"S1", num(x.s1)},
                                  {"S1_ci", {num(x.s1_lo), num(x.s1_hi)}},
                                  {"ST", num(x.st)},
                                  {"ST_ci", {num(x.st_lo), num(x.st_hi)}}});
            } else {
                const auto& x = m.morris[i];
                params.push_back({{"path", r.priors[i].path},
                                  {"mu_star", num(x.mu_star)},
                                  {"mu_star_ci", {num(x.mu_star_lo), num(x.mu_star_hi)}},
                                  {"mu", num(x.mu)},
                                  {"sigma", num(x.sigma)}});
            }
        }
        j["measures"].push_back({{"measure", m.measure.name()}, {"mean", num(m.mean)}, {"variance", num(m.variance)},
                                 {"parameters", params}});
    }
    std::printf("%s\n", j.dump(2).c_str());
}

void print_text(const sim::SensitivityResult& r, const model::Scenario& s) {
    const bool sobol = r.method == sim::SensitivityMethod::Sobol;
    std::printf("%s: %s sensitivity over %zu uncertain parameters, %d design points x %d replicates on common random "
                "numbers (seed %llu)\n",
                s.name.c_str(), sim::to_string(r.method), r.priors.size(), r.points, r.replicates,
                static_cast<unsigned long long>(r.seed));
    for (const auto& p : r.priors) std::printf("  %-44s ~ %s\n", p.path.c_str(), model::describe(p).c_str());
    for (const auto& m : r.measures) {
        std::printf("\n%s (mean %.4g, sd %.3g over the priors)\n", m.measure.name().c_str(), m.mean, std::sqrt(m.variance));
        TextTable t(sobol ? std::vector<std::string>{"parameter", "S1", "95% CI", "ST", "95% CI"}
                          : std::vector<std::string>{"parameter", "mu*", "95% CI", "mu", "sigma"});
        for (std::size_t i = 0; i < r.priors.size(); ++i) {
            if (sobol) {
                const auto& x = m.sobol[i];
                t.add({r.priors[i].path, fmt::format("{:.3f}", x.s1), fmt::format("[{:.3f}, {:.3f}]", x.s1_lo, x.s1_hi),
                       fmt::format("{:.3f}", x.st), fmt::format("[{:.3f}, {:.3f}]", x.st_lo, x.st_hi)});
            } else {
                const auto& x = m.morris[i];
                t.add({r.priors[i].path, fmt::format("{:.4g}", x.mu_star),
                       fmt::format("[{:.4g}, {:.4g}]", x.mu_star_lo, x.mu_star_hi), fmt::format("{:+.4g}", x.mu),
                       fmt::format("{:.4g}", x.sigma)});
            }
        }
        std::printf("%s", t.render().c_str());
    }
    if (sobol)
        std::printf("\nS1: share of the measure's variance over the priors due to the parameter alone; ST: including its\n"
                    "interactions. ST near 0: the parameter does not matter for the measure. 95%% bootstrap intervals.\n"
                    "The variance includes the chance left in the mean of %d replicates per point.\n",
                    r.replicates);
    else
        std::printf("\nmu*: mean absolute elementary effect, the change of the measure per whole prior range (in\n"
                    "quantiles) from steps of 2/3 of it; mu: the same with signs; sigma: the spread of the effects\n"
                    "(nonlinearity or interactions). For screening; use --method sobol for variance shares.\n");
}

void run_sensitivity(const SensitivityCliOptions& o) {
    const model::Scenario s = model::load_scenario_file(o.file);
    if (s.classic) throw UsageError(o.file + " is a bundled classic model: use `orgforces sweep` on it instead");
    sim::SensitivityOptions opts;
    if (o.method == "sobol")
        opts.method = sim::SensitivityMethod::Sobol;
    else if (o.method == "morris")
        opts.method = sim::SensitivityMethod::Morris;
    else
        throw UsageError("--method must be sobol or morris, got '" + o.method + "'");
    for (const auto& v : o.vary) opts.priors.push_back(model::parse_vary(s, v, "--vary"));
    if (opts.priors.empty() && s.uncertain.empty())
        throw UsageError(o.file + " has no `uncertain:` block; add one or pass --vary PATH=LO:HI (repeatable)");
    opts.measures = parse_measures(s, o.measures);
    opts.samples = o.samples;
    opts.replicates = o.replicates;
    opts.seed = o.seed;
    opts.threads = o.threads;
    opts.bootstrap = o.bootstrap;
    ProgressBar bar("sensitivity");
    opts.on_progress = [&bar, &o](int done, int total) { bar.update(done * o.replicates, total * o.replicates); };

    std::optional<store::ResultsStore> db = open_for_writing(o.db);
    std::int64_t run_id = 0;
    if (db) {
        const auto plan = sim::RunPlan::resolve(s, {o.replicates, o.seed, o.threads, {}});
        run_id = db->begin_run(store::run_spec(s, plan, "sensitivity", o.method));
    }
    sim::SensitivityResult r;
    const double seconds = run_or_abandon(db ? &*db : nullptr, run_id, bar, [&] { r = sim::sensitivity(s, opts); });
    if (db) {
        db->finish_run(run_id, as_stored(r, s, seconds));
        std::fprintf(stderr, "stored as run %lld in %s (%s)\n", static_cast<long long>(run_id), db->path().c_str(),
                     format_seconds(seconds).c_str());
    }
    if (o.json)
        print_json(r, s, run_id);
    else
        print_text(r, s);
}

void setup(CLI::App& app) {
    auto o = std::make_shared<SensitivityCliOptions>();
    auto* cmd = app.add_subcommand("sensitivity", "Global sensitivity of chosen measures to the uncertain parameters "
                                                   "(Sobol indices or Morris screening)");
    cmd->footer(
        "Varies the scenario's `uncertain:` priors (or --vary ranges) over a Saltelli design on a Sobol\n"
        "sequence (sobol: N (k + 2) points) or Morris trajectories (morris: r (k + 1) points); every point runs\n"
        "the same replicates with the same seed. See docs/uncertainty.md.\n\n"
        "Examples:\n"
        "  orgforces sensitivity scenarios/hello-world.yaml\n"
        "  orgforces sensitivity scenarios/hello-world.yaml --method morris --samples 30 --json\n"
        "  orgforces sensitivity FILE --vary teams.frontier.shielding=0:0.8 --measure p_success:moonshot");
    cmd->add_option("FILE", o->file, "Scenario file")->required()->check(CLI::ExistingFile);
    cmd->add_option("--method", o->method, "sobol (variance shares, default) or morris (screening)");
    cmd->add_option("--vary", o->vary, "PATH=LO:HI, repeatable: vary these uniformly instead of the `uncertain:` block")
        ->type_name("PATH=LO:HI");
    cmd->add_option("--measure,-m", o->measures,
                    "KIND:NAME, repeatable: drift|friction|capacity|headcount|distance_to_default:TEAM or "
                    "p_success|expected_value:VENTURE (default: the focal teams and their ventures)")
        ->type_name("M");
    cmd->add_option("--samples,-N", o->samples, "Sobol base points N (default 512) or Morris trajectories r (default 20)")
        ->check(CLI::Range(2, 1000000));
    cmd->add_option("--replicates,-n", o->replicates, "Replicates per design point (default 8)")->check(CLI::Range(1, 1000000));
    cmd->add_option("--seed", o->seed, "Seed shared by every point (default: the scenario's)");
    cmd->add_option("--threads,-j", o->threads, "Worker threads (default: all cores)")->check(CLI::Range(0, 4096));
    cmd->add_option("--bootstrap", o->bootstrap, "Bootstrap resamples for the intervals (default 200; 0: none)")
        ->check(CLI::Range(0, 100000));
    cmd->add_flag("--json", o->json, "Print the indices as JSON on stdout");
    add_db_options(*cmd, o->db, true);
    cmd->callback([o] { run_sensitivity(*o); });
}

const bool registered = register_command({"sensitivity", 43, setup});

}  // namespace
}  // namespace orgforces::cli
