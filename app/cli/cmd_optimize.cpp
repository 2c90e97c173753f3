// `orgforces optimize FILE --decide PATH=LO:HI... --objective KIND:NAME... [--constraint M<=X]...
// [--uncertain]`: the settings a director controls that best meet one objective (sim/optimize.hpp),
// or the Pareto front of two or more (sim/pareto.hpp).
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>

#include "app/cli/command.hpp"
#include "app/cli/measures.hpp"
#include "app/cli/db_common.hpp"
#include "app/cli/files.hpp"
#include "app/cli/progress.hpp"
#include "model/loader.hpp"
#include "model/uncertain.hpp"
#include "sim/attribution.hpp"
#include "sim/optimize.hpp"
#include "sim/pareto.hpp"
#include "viz/pareto.hpp"

namespace orgforces::cli {
namespace {

struct OptimizeCliOptions {
    std::string file;
    std::vector<std::string> decide;
    std::vector<std::string> objectives;
    bool maximize = false, minimize = false;
    std::vector<std::string> constraints;
    bool uncertain = false;
    int replicates = 64;
    int evaluations = 40;
    int population = 16;
    int generations = 8;
    std::string report;   ///< two or more objectives: write the Pareto chart here (HTML)
    std::optional<std::uint64_t> seed;
    int threads = 0;
    bool json = false;
};

/// --uncertain: the scenario's priors, drawn per world for every candidate alike.
std::vector<model::UncertainParam> robust_priors(const OptimizeCliOptions& o, const model::Scenario& s) {
    if (!o.uncertain) return {};
    if (s.uncertain.empty()) throw UsageError(o.file + " has no `uncertain:` block to draw from");
    return s.uncertain;
}

/// Two or more objectives: the Pareto front by NSGA-II.
void run_pareto(const OptimizeCliOptions& o, const model::Scenario& s) {
    if (o.maximize || o.minimize) throw UsageError("--maximize and --minimize apply to one objective; with several, drift "
                                                   "and friction are minimized and the rest maximized");
    if (!o.constraints.empty()) throw UsageError("--constraint applies to one objective (COBYLA), not to a Pareto front");
    sim::ParetoOptions opts;
    for (const auto& d : o.decide) opts.decisions.push_back(model::parse_vary(s, d, "--decide"));
    opts.objectives = parse_measures(s, o.objectives);
    for (const auto& m : opts.objectives) opts.maximize.push_back(!sim::lower_is_better(m.kind));
    opts.priors = robust_priors(o, s);
    opts.replicates = o.replicates;
    opts.seed = o.seed;
    opts.threads = o.threads;
    opts.population = o.population;
    opts.generations = o.generations;
    ProgressBar bar("optimize");
    opts.on_progress = [&](int done, int total) { bar.update(std::min(done, total - 1), total); };
    const sim::ParetoResult r = sim::pareto(s, opts);
    bar.finish();

    std::vector<std::string> paths, names;
    for (const auto& d : opts.decisions) paths.push_back(d.path);
    for (const auto& m : opts.objectives) names.push_back(m.name());
    if (!o.report.empty()) {
        viz::ParetoInputs in{s.name, paths, names, opts.maximize, r.front, r.evaluations, o.replicates,
                             o.uncertain ? fmt::format("the priors of {} uncertain parameters", s.uncertain.size()) : "",
                             r.seed};
        const std::filesystem::path out = o.report;
        if (out.has_parent_path()) std::filesystem::create_directories(out.parent_path());
        write_file_atomically(out, viz::render_pareto_html(in));
        std::fprintf(stderr, "Pareto chart written to %s\n", out.string().c_str());
    }
    if (o.json) {
        nlohmann::json j;
        j["scenario"] = s.name;
        j["method"] = "NSGA-II";
        j["objectives"] = nlohmann::json::array();
        for (std::size_t m = 0; m < names.size(); ++m)
            j["objectives"].push_back({{"measure", names[m]}, {"goal", opts.maximize[m] ? "max" : "min"}});
        j["decisions"] = nlohmann::json::array();
        for (const auto& d : opts.decisions) j["decisions"].push_back({{"path", d.path}, {"lo", d.lo}, {"hi", d.hi}});
        j["front"] = nlohmann::json::array();
        for (const auto& p : r.front) {
            nlohmann::json dec, obj;
            for (std::size_t i = 0; i < paths.size(); ++i) dec[paths[i]] = p.decision[i];
            for (std::size_t m = 0; m < names.size(); ++m) obj[names[m]] = p.objectives[m];
            j["front"].push_back({{"decision", dec}, {"objectives", obj}});
        }
        j["evaluations"] = r.evaluations;
        j["population"] = opts.population;
        j["generations"] = opts.generations;
        j["replicates_per_evaluation"] = o.replicates;
        j["robust_over_priors"] = o.uncertain;
        j["seed"] = r.seed;
        std::printf("%s\n", j.dump(2).c_str());
        return;
    }
    std::printf("%s: Pareto front of %zu objectives over %zu decision%s (NSGA-II, %d evaluations of %d replicates on "
                "common random numbers%s)\n",
                s.name.c_str(), names.size(), paths.size(), paths.size() == 1 ? "" : "s", r.evaluations, o.replicates,
                o.uncertain ? ", parameters drawn from the priors per world of 8" : "");
    std::vector<std::string> header = paths;
    for (std::size_t m = 0; m < names.size(); ++m) header.push_back(names[m] + (opts.maximize[m] ? " (max)" : " (min)"));
    TextTable t(header);
    for (const auto& p : r.front) {
        std::vector<std::string> row;
        for (double v : p.decision) row.push_back(fmt::format("{:.4g}", v));
        for (double v : p.objectives) row.push_back(fmt::format("{:.4g}", v));
        t.add(std::move(row));
    }
    std::printf("\n%s", t.render().c_str());
    std::printf("\nEach row is a setting no other evaluated setting beats on every objective: choosing among them is "
                "choosing a trade-off.\n");
}

void run_optimize(const OptimizeCliOptions& o) {
    const model::Scenario s = model::load_scenario_file(o.file);
    if (s.classic) throw UsageError("optimize needs an organization scenario, not a classic model");
    if (o.objectives.size() >= 2) return run_pareto(o, s);
    if (!o.report.empty()) throw UsageError("--report draws a Pareto front: give two or more --objective");
    if (o.maximize && o.minimize) throw UsageError("--maximize and --minimize exclude each other");
    sim::OptimizeOptions opts;
    for (const auto& d : o.decide) opts.decisions.push_back(model::parse_vary(s, d, "--decide"));
    try {
        opts.objective = sim::parse_measure(s, o.objectives.at(0));
        for (const auto& c : o.constraints) opts.constraints.push_back(sim::parse_constraint(s, c));
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
    opts.maximize = o.maximize || (!o.minimize && !sim::lower_is_better(opts.objective.kind));
    opts.priors = robust_priors(o, s);
    opts.replicates = o.replicates;
    opts.evaluations = o.evaluations;
    opts.seed = o.seed;
    opts.threads = o.threads;
    ProgressBar bar("optimize");
    opts.on_progress = [&](int done, int total) { bar.update(std::min(done, total) * o.replicates, total * o.replicates); };
    const sim::OptimizeResult r = sim::optimize(s, opts);
    bar.finish();

    if (o.json) {
        nlohmann::json j;
        j["scenario"] = s.name;
        j["objective"] = {{"measure", opts.objective.name()}, {"goal", opts.maximize ? "max" : "min"},
                          {"start", r.start_objective}, {"best", r.best_objective}};
        j["decisions"] = nlohmann::json::array();
        for (std::size_t i = 0; i < r.best.size(); ++i)
            j["decisions"].push_back({{"path", opts.decisions[i].path}, {"lo", opts.decisions[i].lo}, {"hi", opts.decisions[i].hi},
                                      {"start", r.start[i]}, {"best", r.best[i]}});
        j["constraints"] = nlohmann::json::array();
        for (std::size_t i = 0; i < opts.constraints.size(); ++i)
            j["constraints"].push_back({{"measure", opts.constraints[i].measure.name()},
                                        {"bound", opts.constraints[i].bound},
                                        {"at_least", opts.constraints[i].at_least},
                                        {"value", r.best_constraints[i]},
                                        {"met", static_cast<bool>(r.met[i])}});
        j["feasible"] = r.feasible;
        j["evaluations"] = r.evaluations;
        j["replicates_per_evaluation"] = o.replicates;
        j["robust_over_priors"] = o.uncertain;
        j["stopped"] = r.stopped;
        std::printf("%s\n", j.dump(2).c_str());
        return;
    }
    std::printf("%s: %s %s over %zu decision%s (COBYLA, %d evaluations of %d replicates on common random numbers%s; %s)\n",
                s.name.c_str(), opts.maximize ? "maximize" : "minimize", opts.objective.name().c_str(),
                opts.decisions.size(), opts.decisions.size() == 1 ? "" : "s", r.evaluations, o.replicates,
                o.uncertain ? ", parameters drawn from the priors per world of 8" : "", r.stopped.c_str());
    TextTable t({"decision", "range", "now", "best"});
    for (std::size_t i = 0; i < r.best.size(); ++i)
        t.add({opts.decisions[i].path, fmt::format("[{:g}, {:g}]", opts.decisions[i].lo, opts.decisions[i].hi),
               fmt::format("{:.4g}", r.start[i]), fmt::format("{:.4g}", r.best[i])});
    std::printf("\n%s", t.render().c_str());
    std::printf("\n%s: %.4g now, %.4g at the best settings\n", opts.objective.name().c_str(), r.start_objective, r.best_objective);
    for (std::size_t i = 0; i < opts.constraints.size(); ++i)
        std::printf("constraint %s %s %g: %.4g%s\n", opts.constraints[i].measure.name().c_str(),
                    opts.constraints[i].at_least ? ">=" : "<=", opts.constraints[i].bound, r.best_constraints[i],
                    r.met[i] ? "" : " (violated)");
    if (!r.feasible) std::printf("No setting found meets every constraint; the closest is shown.\n");
}

void setup(CLI::App& app) {
    auto o = std::make_shared<OptimizeCliOptions>();
    auto* cmd = app.add_subcommand("optimize", "Find the settings a director controls that best meet an objective "
                                               "(COBYLA, robust over the priors with --uncertain)");
    cmd->footer(
        "Every candidate runs the same replicates with the same seed (and, with --uncertain, the same\n"
        "parameter draws), so differences between candidates are the decisions'. One objective: COBYLA\n"
        "with constraints; two or more: the Pareto front by NSGA-II (--population, --generations), with\n"
        "--report OUT.html drawing it. See docs/uncertainty.md.\n\n"
        "Examples:\n"
        "  orgforces optimize scenarios/hello-world.yaml --decide teams.explorers.shielding=0:0.8 \\\n"
        "      --objective drift:explorers --constraint friction:explorers<=0.25 --uncertain\n"
        "  orgforces optimize scenarios/hello-world.yaml --decide teams.explorers.shielding=0:0.8 \\\n"
        "      --objective drift:explorers --objective friction:explorers --uncertain --report front.html");
    cmd->add_option("FILE", o->file, "Scenario file")->required()->check(CLI::ExistingFile);
    cmd->add_option("--decide", o->decide, "PATH=LO:HI, repeatable: a setting to choose within a range")
        ->required()
        ->type_name("PATH=LO:HI");
    cmd->add_option("--objective", o->objectives,
                    "KIND:NAME (drift and friction are minimized, the rest maximized); repeat it for a Pareto front")
        ->required()
        ->type_name("M");
    cmd->add_flag("--maximize", o->maximize, "Maximize the objective");
    cmd->add_flag("--minimize", o->minimize, "Minimize the objective");
    cmd->add_option("--constraint", o->constraints, "KIND:NAME<=X or KIND:NAME>=X, repeatable")->type_name("M<=X");
    cmd->add_flag("--uncertain", o->uncertain, "Average over worlds drawn from the `uncertain:` priors (robust settings)");
    cmd->add_option("--replicates,-n", o->replicates, "Replicates per evaluation (default 64)")->check(CLI::Range(1, 1000000));
    cmd->add_option("--evaluations", o->evaluations, "At most this many evaluations (default 40)")->check(CLI::Range(2, 100000));
    cmd->add_option("--seed", o->seed, "Seed shared by every evaluation (default: the scenario's)");
    cmd->add_option("--threads,-j", o->threads, "Worker threads (default: all cores)")->check(CLI::Range(0, 4096));
    cmd->add_option("--population", o->population, "Two or more objectives: NSGA-II population (default 16)")
        ->check(CLI::Range(8, 10000));
    cmd->add_option("--generations", o->generations, "Two or more objectives: NSGA-II generations (default 8)")
        ->check(CLI::Range(0, 10000));
    cmd->add_option("--report", o->report, "Two or more objectives: write the Pareto chart as an HTML page")
        ->type_name("OUT.html");
    cmd->add_flag("--json", o->json, "Print the result as JSON on stdout");
    cmd->callback([o] { run_optimize(*o); });
}

const bool registered = register_command({"optimize", 45, setup});

}  // namespace
}  // namespace orgforces::cli
