// `orgforces run FILE [--replicates N] [--seed S] [--threads T] [--variant NAME] [--set P=V]... [--json] [--csv DIR]`:
// run a scenario's Monte Carlo ensemble and print what happened to each team and venture.
//
// Steps (each its own function, so later options such as a results store slot in between):
//   load -> run (with a progress bar on a terminal) -> print (text or JSON) -> export (CSV)
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "app/cli/command.hpp"
#include "app/cli/progress.hpp"
#include "app/cli/db_common.hpp"
#include "app/cli/db_export.hpp"
#include "app/cli/interrupt.hpp"
#include "app/cli/memory_budget.hpp"
#include "app/cli/mpi_cluster.hpp"
#include "app/cli/posterior.hpp"
#include "model/loader.hpp"
#include "model/oracle.hpp"
#include "model/registry.hpp"
#include "model/schema.hpp"
#include "model/uncertain.hpp"
#include "sim/ensemble.hpp"
#include "store/sha256.hpp"
#include "sim/results_json.hpp"
#include "sim/run_plan.hpp"
#include "sim/uncertainty.hpp"
#include "viz/text_summary.hpp"
#include "viz/text_ventures.hpp"

namespace orgforces::cli {
namespace {

struct RunOptions {
    std::string file;
    int replicates = 0;
    std::uint64_t seed = 0;
    bool seed_given = false;
    int threads = 0;
    std::vector<std::string> sets;
    std::string variant;
    bool json = false;
    std::string csv_dir;
    DbOptions db;
    bool uncertain = false;
    std::int64_t posterior = 0;
};

sim::RunRequest request_of(const RunOptions& o) {
    sim::RunRequest r{o.replicates, o.seed_given ? std::optional(o.seed) : std::nullopt, o.threads, {}};
    for (const auto& text : o.sets) r.overrides.push_back(model::parse_override(text));
    return r;
}

/// The what-if variant --variant names (nullptr without it); a usage error lists the variants.
const model::Variant* chosen_variant(const model::Scenario& s, const RunOptions& o) {
    if (o.variant.empty()) return nullptr;
    for (const auto& v : s.variants)
        if (v.name == o.variant) return &v;
    std::string known;
    for (const auto& v : s.variants) known += (known.empty() ? "" : ", ") + v.name;
    throw UsageError(fmt::format("no what_if variant `{}` in {} (variants: {})", o.variant, o.file, known.empty() ? "none" : known));
}

model::Scenario load(const RunOptions& o, const sim::RunRequest& request) {
    model::Scenario s = model::load_scenario_file(o.file);
    if (const auto* v = chosen_variant(s, o)) s = model::apply_variant(s, *v);
    return request.overrides.empty() ? s : model::apply_overrides(s, request.overrides);
}

// The result on rank 0; nullopt on the other ranks of an MPI job (mpi_cluster.hpp).
std::optional<sim::EnsembleResult> simulate(const model::Scenario& s, const sim::RunPlan& plan, sim::ReplicateOverrides draws) {
    sim::EnsembleOptions opts = plan.ensemble_options();
    opts.cancel = install_interrupt_handler();
    opts.replicate_overrides = std::move(draws);
    ProgressBar bar;
    opts.on_progress = [&bar](int done, int total) { bar.update(done, total); };
    auto r = run_ensemble_on_cluster(Cluster::get(), s, opts);
    bar.finish();
    return r;
}

/// Per-replicate parameter draws for --uncertain or --posterior (empty: none). A parameter fixed
/// with --set stays fixed.
sim::ReplicateOverrides draws_for(const model::Scenario& s, const RunOptions& o, std::optional<PosteriorSample>& posterior) {
    std::vector<std::string> fixed;
    for (const auto& text : o.sets) fixed.push_back(model::parse_override(text).path);
    auto is_fixed = [&](const std::string& path) { return std::find(fixed.begin(), fixed.end(), path) != fixed.end(); };
    if (o.uncertain) {
        auto priors = s.uncertain;
        std::erase_if(priors, [&](const model::UncertainParam& p) { return is_fixed(p.path); });
        return sim::prior_draws(s, priors);
    }
    if (o.posterior > 0) {
        posterior = load_posterior(o.db, o.posterior, s);
        std::vector<model::Override> then;
        for (const auto& text : o.sets) then.push_back(model::parse_override(text));
        return sim::sample_draws(posterior->paths, posterior->values, posterior->weights, 1, then);
    }
    return {};
}

/// Says what the bands cover when the parameters were drawn.
std::string uncertainty_note(const model::Scenario& s) {
    std::string out = fmt::format("Bands cover chance and ignorance: each replicate drew its {} uncertain parameters from "
                                  "the priors:\n",
                                  s.uncertain.size());
    for (const auto& p : s.uncertain) out += fmt::format("  {:<44} ~ {}\n", p.path, model::describe(p));
    return out;
}

void print_text(const model::Scenario& s, const sim::EnsembleResult& r) {
    if (!s.question.empty())
        std::printf("%s\n%s\n", terminal_text(s.name).c_str(), viz::wrap_text(terminal_text(s.question, true), 100).c_str());
    if (s.classic) {
        std::printf("%s", viz::series_horizon_table(r).c_str());
        std::printf("\nThe whole series per tick: --json or --csv DIR.\n");
    } else {
        const auto oracle = model::analyze_teams(s);
        std::printf("%s", viz::team_summary_table(s, r, &oracle).c_str());
        const std::string ventures = viz::ventures_table(s, r);
        if (!ventures.empty()) std::printf("\n%s", ventures.c_str());
    }
    const double rate = r.info.wall_seconds > 0 ? r.info.person_ticks / r.info.wall_seconds : 0.0;
    std::printf("\n%d replicates in %.2f s on %d threads (%.3g person-ticks/s)\n", r.info.replicates,
                r.info.wall_seconds, r.info.threads, rate);
}

void run_run(const RunOptions& o) {
    const sim::RunRequest request = request_of(o);
    const model::Scenario s = load(o, request);
    const sim::RunPlan plan = sim::RunPlan::resolve(s, request);
    if (o.uncertain && s.uncertain.empty())
        throw UsageError(o.file + " has no `uncertain:` block to draw from (see docs/uncertainty.md)");
    if ((o.uncertain || o.posterior > 0) && s.classic)
        throw UsageError("--uncertain and --posterior need an organization scenario, not a classic model");
    if (o.uncertain && o.posterior > 0) throw UsageError("--uncertain and --posterior exclude each other");
    std::optional<PosteriorSample> posterior;
    sim::ReplicateOverrides draws = draws_for(s, o, posterior);
    require_memory_for(s, plan.replicates, plan.threads);
    // The run row is committed as 'running' first; its results and 'complete' come in one commit.
    std::optional<RunRecorder> recorder;
    store::RunSpec spec;
    std::int64_t run_id = 0;
    if (Cluster::get().is_root()) {
        recorder.emplace(o.db);
        spec = store::run_spec(s, plan);
        spec.ranks = Cluster::get().size();
        if (const auto* v = chosen_variant(s, o)) {
            // As `whatif` stores a variant's run: its assignments first, then --set.
            spec.overrides.insert(spec.overrides.begin(), v->set.begin(), v->set.end());
            spec.label = v->name;
        }
        if (o.uncertain) spec.label = fmt::format("uncertain ({} priors)", s.uncertain.size());
        if (posterior) spec.label = fmt::format("posterior of calibration {}", posterior->id);
        run_id = recorder->begin(spec);
    }
    std::optional<sim::EnsembleResult> result;
    try {
        result = simulate(s, plan, draws);
    } catch (const sim::Cancelled&) {
        exit_interrupted(recorder ? recorder->db() : nullptr, {run_id});
    } catch (const std::exception& e) {
        if (recorder) recorder->abandon(run_id, store::RunStatus::Failed, e.what());
        throw;
    }
    if (!result) return;   // another rank of an MPI job: rank 0 prints and stores
    const sim::EnsembleResult& r = *result;
    const bool stored = recorder->finish(run_id, spec, r);
    if (o.json) {
        // The stored record when there is one, else what was asked: the shape of show and export.
        store::RunRecord rec;
        if (recorder->db() && run_id > 0)
            if (auto found = recorder->db()->find_run(run_id)) rec = *found;
        if (rec.id == 0) {
            rec.status = store::RunStatus::Complete;
            rec.spec = spec;
            rec.scenario_hash = store::sha256_hex(spec.scenario_text);
            rec.engine_version = r.info.engine_version;
            rec.wall_seconds = r.info.wall_seconds;
            rec.person_ticks = r.info.person_ticks;
        }
        auto j = result_json(rec, &r);
        if (posterior) {
            j["uncertainty"] = {{"covers", "chance and the posterior of a calibration"}, {"calibration_id", posterior->id},
                                {"parameters", posterior->paths}};
        } else if (o.uncertain) {
            j["uncertainty"] = {{"covers", "chance and the priors of the uncertain parameters"}, {"priors", nlohmann::json::array()}};
            for (const auto& p : s.uncertain)
                j["uncertainty"]["priors"].push_back({{"path", p.path}, {"prior", model::describe(p)}});
        }
        std::printf("%s\n", json_text(j).c_str());
    } else {
        print_text(s, r);
        if (o.uncertain) std::printf("\n%s", uncertainty_note(s).c_str());
        if (posterior) std::printf("\n%s", posterior_note(*posterior).c_str());
    }
    if (!o.csv_dir.empty()) {
        std::vector<std::filesystem::path> written;
        write_result_csv(r, o.csv_dir, written);
        for (const auto& f : written) std::fprintf(stderr, "wrote %s\n", f.string().c_str());
    }
    if (!stored) throw Exit{kExitFailure};
}

void setup_run(CLI::App& parent) {
    auto options = std::make_shared<RunOptions>();
    auto* cmd = parent.add_subcommand("run", "Run a scenario's Monte Carlo ensemble and summarize teams and ventures");
    cmd->footer(
        "Prints, per team, the drift from intent at the horizon with its 5-95% band, friction, leavers,\n"
        "dismissed ideas and the share of intent surviving (simulated and analytic), then the ventures.\n"
        "The same seed gives identical results for any --threads. A progress bar appears on stderr when\n"
        "it is a terminal. Exit status: 0 ok, 1 runtime failure, 2 usage error or invalid scenario.\n\n"
        "Examples:\n"
        "  orgforces run scenarios/innovation-in-a-keeping-org.yaml\n"
        "  orgforces run scenarios/innovation-in-a-keeping-org.yaml --replicates 1000 --threads 2\n"
        "  orgforces run scenarios/innovation-in-a-keeping-org.yaml --set teams.frontier.shielding=0.8 --json");
    cmd->add_option("file", options->file, "Scenario file (YAML)")->required()->check(CLI::ExistingFile);
    cmd->add_option("-n,--replicates", options->replicates, "Replicates (default: the scenario's `replicates`)")
        ->check(CLI::Range(1, orgforces::model::Limits::max_replicates));
    cmd->add_option_function<std::uint64_t>(
           "--seed",
           [options](const std::uint64_t& v) {
               options->seed = v;
               options->seed_given = true;
           },
           "Random seed (default: the scenario's `seed`)")
        ->type_name("UINT");
    cmd->add_option("-j,--threads", options->threads, "Worker threads (default: all cores)")->check(CLI::NonNegativeNumber);
    cmd->add_option("--set", options->sets, "Override a parameter: PATH=VALUE (repeatable; see `orgforces params`)")
        ->type_name("PATH=VALUE");
    cmd->add_option("--variant", options->variant,
                    "Run what-if variant NAME of the scenario alone (its assignments and events), before any --set")
        ->type_name("NAME");
    cmd->add_flag("--json", options->json, "Write the whole result as JSON to stdout instead of the tables");
    cmd->add_option("--csv", options->csv_dir, "Also write series.csv, scalars.csv, outcomes.csv, survival.csv and replicate_values.csv into DIR "
                                              "(the columns of `orgforces export --csv`)")
        ->type_name("DIR");
    cmd->add_flag("--uncertain", options->uncertain,
                  "Draw the `uncertain:` parameters per replicate (from the seed), so bands cover ignorance too");
    cmd->add_option("--posterior", options->posterior,
                    "Draw the parameters per replicate from calibration ID's posterior (`orgforces calibrate`)")
        ->type_name("ID")
        ->check(CLI::Range(std::int64_t{1}, std::int64_t{1} << 62));
    add_db_options(*cmd, options->db, true);
    cmd->callback([options] { run_run(*options); });
}

const bool registered = register_command({"run", 20, setup_run});

}  // namespace
}  // namespace orgforces::cli
