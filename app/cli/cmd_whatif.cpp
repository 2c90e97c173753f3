// `orgforces whatif FILE [--variant NAME | --all] [--set P=V]...`: the baseline and what-if
// variants on common random numbers, side by side with the change and its 95% interval.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>

#include "app/cli/command.hpp"
#include "app/cli/db_common.hpp"
#include "app/cli/interrupt.hpp"
#include "app/cli/memory_budget.hpp"
#include "app/cli/mpi_cluster.hpp"
#include "app/cli/posterior.hpp"
#include "model/loader.hpp"
#include "model/registry.hpp"
#include "model/uncertain.hpp"
#include "sim/uncertainty.hpp"
#include "sim/run_plan.hpp"
#include "model/schema.hpp"
#include "sim/whatif.hpp"
#include "viz/numbers.hpp"

namespace orgforces::cli {
namespace {

struct WhatIfOptions {
    std::string file;
    std::vector<std::string> variants;
    bool all = false;
    std::vector<std::string> sets;
    int replicates = 0;
    std::uint64_t seed_value = 0;
    CLI::Option* seed = nullptr;   ///< given when seed->count() > 0
    int threads = 0;
    bool json = false;
    DbOptions db;
    bool uncertain = false;
    std::int64_t posterior = 0;
    std::vector<std::string> teams, measures;   ///< --team, --measure: the rows shown
};

struct Arm {
    std::string name;
    std::vector<model::Override> overrides;
    model::Scenario scenario;
    std::optional<sim::EnsembleResult> result;
    std::int64_t run_id = 0;
    store::RunSpec spec;
};

std::string measure_label(const std::string& m) {
    if (m == "p_success") return "P(success)";
    if (m == "expected_value") return "E[value]";
    if (m == "drift") return "drift";
    if (m == "friction") return "friction";
    return m;
}

void print_robust(const std::string& drawn_from, const std::vector<Arm>& arms,
                  const std::vector<std::vector<sim::RobustComparison>>& robust) {
    std::printf("\nUnder uncertainty: each block of %d replicates is one plausible world, %s;\n"
                "every arm saw the same worlds and random numbers. Intervals above cover chance and ignorance.\n\n",
                sim::kBlockSize, drawn_from.c_str());
    TextTable t({"VARIANT", "ENTITY", "MEASURE", "BETTER IN", "WORSE IN", "EXPECTED REGRET", "WORLDS"});
    for (std::size_t v = 0; v < robust.size(); ++v)
        for (const auto& c : robust[v])
            t.add({arms[v + 1].name, c.entity, measure_label(c.measure) + (c.higher_is_better ? " (higher)" : " (lower)"),
                   fmt::format("{:.0f}%", 100 * c.share_better), fmt::format("{:.0f}%", 100 * c.share_worse),
                   fmt::format("{:.3g}", c.regret_variant), std::to_string(c.worlds)});
    std::fputs(t.render(100).c_str(), stdout);
    for (std::size_t v = 0; v < robust.size(); ++v)
        for (const auto& c : robust[v])
            if (c.measure == "p_success")
                std::printf("%s %s P(success) of %s in %.0f%% of plausible worlds (lowers it in %.0f%%).\n",
                            arms[v + 1].name.c_str(), c.share_better >= c.share_worse ? "raises" : "lowers",
                            c.entity.c_str(), 100 * std::max(c.share_better, c.share_worse),
                            100 * std::min(c.share_better, c.share_worse));
    std::printf("Expected regret: the mean loss, over worlds, from choosing the variant where the baseline was better.\n");
}

// The baseline, then the named (or every) what_if variant once each, then the custom --set variant.
std::vector<Arm> make_arms(const WhatIfOptions& o, const model::Scenario& base) {
    std::vector<Arm> arms;
    arms.push_back({"baseline", {}, base, {}, 0, {}});
    std::vector<std::string> names = o.variants;
    if (o.all || (names.empty() && o.sets.empty())) {
        if (base.variants.empty() && o.sets.empty())
            throw UsageError(fmt::format("{} has no what_if variants; add a `what_if:` section or give --set PATH=VALUE",
                                         o.file));
        for (const auto& v : base.variants) names.push_back(v.name);
    }
    for (const auto& name : names) {
        const auto it = std::find_if(base.variants.begin(), base.variants.end(),
                                     [&](const model::Variant& v) { return v.name == name; });
        if (it == base.variants.end()) {
            std::string known;
            for (const auto& v : base.variants) known += (known.empty() ? "" : ", ") + v.name;
            throw UsageError(fmt::format("no what_if variant `{}` in {} (variants: {})", name, o.file,
                                         known.empty() ? "none" : known));
        }
        if (std::any_of(arms.begin(), arms.end(), [&](const Arm& a) { return a.name == name; })) continue;
        arms.push_back({name, it->set, model::apply_variant(base, *it), {}, 0, {}});
    }
    if (!o.sets.empty()) {
        std::vector<model::Override> sets;
        for (const auto& text : o.sets) sets.push_back(model::parse_override(text));
        arms.push_back({"custom", sets, model::apply_overrides(base, sets), {}, 0, {}});
    }
    return arms;
}

// The --team/--measure filter, checked against the rows the comparison will have
// (sim::compare_key_measures) before anything runs.
RowFilter make_filter(const WhatIfOptions& o, const model::Scenario& base) {
    sim::EnsembleResult key_rows;
    for (const auto& t : base.teams)
        for (const char* m : {"drift", "friction"}) key_rows.series.push_back({t.name, m, {}});
    for (const auto& v : base.ventures)
        for (const char* m : {"p_success", "expected_value"}) key_rows.scalars.push_back({v.name, m, 0, 0, 0, 0});
    return make_row_filter(base.source_text, key_rows, o.teams, o.measures);
}

// One ensemble per arm; under --uncertain or --posterior every arm draws the same worlds and the arm's
// own settings are applied after the draw.
std::vector<EnsembleJob> make_jobs(const WhatIfOptions& o, const std::vector<Arm>& arms, const model::Scenario& base,
                                   const sim::RunPlan& plan, const std::optional<PosteriorSample>& posterior) {
    std::vector<EnsembleJob> jobs;
    for (const auto& a : arms) {
        jobs.push_back({&a.scenario, plan.seed, plan.replicates, {}});
        if (o.uncertain) jobs.back().replicate_overrides = sim::prior_draws(base, base.uncertain, sim::kBlockSize, a.overrides);
        if (posterior)
            jobs.back().replicate_overrides =
                sim::sample_draws(posterior->paths, posterior->values, posterior->weights, sim::kBlockSize, a.overrides);
    }
    return jobs;
}

// Runs every arm over the cluster, storing each as a run; false when a run could not be stored.
bool run_arms(Cluster& cluster, std::vector<Arm>& arms, const std::vector<EnsembleJob>& jobs,
              const model::Scenario& base, const sim::RunPlan& plan, const WhatIfOptions& o,
              std::optional<RunRecorder>& recorder) {
    bool all_stored = true;
    sim::EnsembleOptions options;
    options.threads = o.threads;
    options.cancel = install_interrupt_handler();
    try {
        run_ensembles(
            cluster, jobs, options,
            [&](std::size_t j) {
                std::fprintf(stderr, "whatif: %s (%zu/%zu), %d replicates, seed %llu\n", arms[j].name.c_str(), j + 1,
                             arms.size(), plan.replicates, static_cast<unsigned long long>(plan.seed));
                if (!recorder) return;
                store::RunSpec& spec = arms[j].spec;
                spec = store::run_spec(base, plan, "whatif", arms[j].name);
                spec.overrides = arms[j].overrides;
                spec.events = arms[j].scenario.events;  // a variant's own events too
                spec.ranks = cluster.size();
                arms[j].run_id = recorder->begin(spec);
            },
            [&](std::size_t j, sim::EnsembleResult&& r) {
                if (recorder) all_stored = recorder->finish(arms[j].run_id, arms[j].spec, r) && all_stored;
                arms[j].result = std::move(r);
            });
    } catch (const sim::Cancelled&) {
        std::vector<std::int64_t> started;
        for (const auto& a : arms) started.push_back(a.run_id);
        exit_interrupted(recorder ? recorder->db() : nullptr, started);
    }
    return all_stored;
}

// The comparisons, per variant against the baseline: rows keyed by (entity, measure) in the
// baseline's order, the focus first and only those the filters keep (like show and diff).
struct Comparisons {
    std::vector<std::vector<sim::Comparison>> per_variant;
    std::vector<std::vector<sim::RobustComparison>> robust;   ///< over plausible worlds, when drawn
};

Comparisons compare_arms(const model::Scenario& base, const std::vector<Arm>& arms, const RowFilter& filter,
                         bool worlds) {
    auto shown = [&filter](auto rows) {
        std::erase_if(rows, [&](const auto& c) { return !filter.keep(c.entity, c.measure); });
        std::stable_sort(rows.begin(), rows.end(),
                         [&](const auto& x, const auto& y) { return filter.rank(x.entity) < filter.rank(y.entity); });
        return rows;
    };
    Comparisons out;
    for (std::size_t v = 1; v < arms.size(); ++v)
        out.per_variant.push_back(shown(sim::compare_key_measures(base, *arms[0].result, *arms[v].result)));
    if (worlds)
        for (std::size_t v = 1; v < arms.size(); ++v)
            out.robust.push_back(shown(sim::compare_over_worlds(base, *arms[0].result, *arms[v].result, sim::kBlockSize)));
    return out;
}

void print_json(const WhatIfOptions& o, const model::Scenario& base, const sim::RunPlan& plan,
                const std::vector<Arm>& arms, const Comparisons& cmp, bool worlds, const std::string& drawn_from,
                const std::optional<PosteriorSample>& posterior) {
    nlohmann::json j;
    j["scenario"] = base.name;
    j["seed"] = plan.seed;
    j["replicates"] = plan.replicates;
    j["arms"] = nlohmann::json::array();
    for (const auto& a : arms) {
        nlohmann::json ov = nlohmann::json::array();
        for (const auto& x : a.overrides) ov.push_back({{"path", x.path}, {"value", x.value}});
        j["arms"].push_back({{"name", a.name}, {"overrides", ov}, {"run_id", a.run_id}});
    }
    j["comparisons"] = nlohmann::json::array();
    for (std::size_t v = 0; v < cmp.per_variant.size(); ++v)
        for (const auto& c : cmp.per_variant[v])
            j["comparisons"].push_back({{"variant", arms[v + 1].name}, {"entity", c.entity}, {"measure", c.measure},
                                        {"baseline", c.d.baseline}, {"value", c.d.variant}, {"difference", c.d.diff},
                                        {"ci", {c.d.lo, c.d.hi}}, {"paired", c.d.paired}, {"n", c.d.n}});
    if (worlds) {
        j["uncertainty"] = {{"covers", "chance and ignorance: " + drawn_from},
                            {"replicates_per_world", sim::kBlockSize},
                            {"priors", nlohmann::json::array()}};
        if (posterior) j["uncertainty"]["calibration_id"] = posterior->id;
        for (const auto& p : base.uncertain)
            if (o.uncertain) j["uncertainty"]["priors"].push_back({{"path", p.path}, {"prior", model::describe(p)}});
        j["robust"] = nlohmann::json::array();
        for (std::size_t v = 0; v < cmp.robust.size(); ++v)
            for (const auto& c : cmp.robust[v])
                j["robust"].push_back({{"variant", arms[v + 1].name}, {"entity", c.entity}, {"measure", c.measure},
                                       {"higher_is_better", c.higher_is_better}, {"worlds", c.worlds},
                                       {"share_better", c.share_better}, {"share_worse", c.share_worse},
                                       {"mean_difference", c.mean_diff}, {"expected_regret", c.regret_variant},
                                       {"expected_regret_of_baseline", c.regret_baseline}});
    }
    std::printf("%s\n", json_text(j).c_str());
}

// The title and each variant's settings: one line per variant when it fits 100 columns; else one line
// per override beneath its name.
void print_arms(const model::Scenario& base, const sim::RunPlan& plan, const std::vector<Arm>& arms) {
    std::printf("%s: baseline and %zu variant%s,\n%d replicates each on common random numbers (seed %llu)\n",
                terminal_text(base.name).c_str(), arms.size() - 1, arms.size() == 2 ? "" : "s", plan.replicates,
                static_cast<unsigned long long>(plan.seed));
    for (std::size_t v = 1; v < arms.size(); ++v) {
        const std::string sets = format_overrides(arms[v].overrides);
        if (23 + sets.size() <= 100) {
            std::printf("  %-20s %s\n", arms[v].name.c_str(), sets.c_str());
        } else {
            std::printf("  %s\n", arms[v].name.c_str());
            for (const auto& x : arms[v].overrides) std::printf("    %s\n", format_overrides({x}).c_str());
        }
    }
    std::printf("\n");
}

// One table with every variant side by side when it fits 100 columns; else one block per variant.
// Returns whether any interval is unpaired.
bool print_comparison_table(const std::vector<Arm>& arms, const std::vector<std::vector<sim::Comparison>>& per_variant) {
    std::vector<std::string> header = {"ENTITY", "MEASURE", "BASELINE"};
    for (std::size_t v = 1; v < arms.size(); ++v) {
        header.push_back(arms[v].name);
        header.push_back("CHANGE (95% CI)");
    }
    TextTable t(header);
    std::vector<TextTable> blocks;
    for (std::size_t v = 1; v < arms.size(); ++v)
        blocks.emplace_back(std::vector<std::string>{"ENTITY", "MEASURE", "BASELINE", arms[v].name, "CHANGE (95% CI)"});
    bool any_unpaired = false;
    if (!per_variant.empty()) {
        for (std::size_t row = 0; row < per_variant[0].size(); ++row) {
            const auto& first = per_variant[0][row];
            // The report's number format: probabilities in percent, changes of them in points.
            const bool prob = viz::is_probability(first.measure);
            auto value = [prob](double v) { return prob ? viz::format_percent(v) : viz::format_number(v); };
            std::vector<std::string> cells = {first.entity, measure_label(first.measure), value(first.d.baseline)};
            for (std::size_t v = 0; v < per_variant.size(); ++v) {
                const auto& d = per_variant[v][row].d;
                const bool clear = d.lo > 0 || d.hi < 0;
                any_unpaired = any_unpaired || !d.paired;
                const std::string change = viz::format_change(d.diff, d.lo, d.hi, prob) + (d.paired ? "" : "~") + (clear ? " *" : "");
                cells.push_back(value(d.variant));
                cells.push_back(change);
                blocks[v].add({first.entity, measure_label(first.measure), value(first.d.baseline), value(d.variant), change});
            }
            t.add(std::move(cells));
        }
    }
    const std::string wide = t.render();
    std::size_t longest = 0, line = 0;
    for (unsigned char c : wide) {
        if (c == '\n') longest = std::max(longest, line), line = 0;
        else if ((c & 0xC0) != 0x80) ++line;
    }
    if (longest <= 100) {
        std::fputs(wide.c_str(), stdout);
    } else {
        for (std::size_t v = 0; v < blocks.size(); ++v)
            std::printf("%s%s\n%s", v ? "\n" : "", arms[v + 1].name.c_str(), blocks[v].render(100).c_str());
    }
    return any_unpaired;
}

void run_whatif(const WhatIfOptions& o) {
    Cluster& cluster = Cluster::get();
    const model::Scenario base = model::load_scenario_file(o.file);
    std::vector<Arm> arms = make_arms(o, base);
    const RowFilter filter = make_filter(o, base);

    const sim::RunPlan plan = sim::RunPlan::resolve(
        base, {o.replicates, o.seed->count() ? std::optional(o.seed_value) : std::nullopt, o.threads, {}});
    for (const auto& a : arms) require_memory_for(a.scenario, plan.replicates, o.threads);
    std::optional<RunRecorder> recorder;
    if (cluster.is_root()) recorder.emplace(o.db);

    if (o.uncertain && base.uncertain.empty())
        throw UsageError(o.file + " has no `uncertain:` block to draw from (see docs/uncertainty.md)");
    if (o.uncertain && o.posterior > 0) throw UsageError("--uncertain and --posterior exclude each other");
    std::optional<PosteriorSample> posterior;
    if (o.posterior > 0) posterior = load_posterior(o.db, o.posterior, base);
    const bool worlds = o.uncertain || posterior.has_value();
    const std::vector<EnsembleJob> jobs = make_jobs(o, arms, base, plan, posterior);
    std::string drawn_from = fmt::format("its {} uncertain parameters drawn from the priors", base.uncertain.size());
    if (posterior) drawn_from = fmt::format("its {} parameters drawn from the posterior of calibration {}",
                                            posterior->paths.size(), posterior->id);
    const bool all_stored = run_arms(cluster, arms, jobs, base, plan, o, recorder);
    if (!cluster.is_root()) return;

    const Comparisons cmp = compare_arms(base, arms, filter, worlds);
    if (o.json) {
        print_json(o, base, plan, arms, cmp, worlds, drawn_from, posterior);
        if (!all_stored) throw Exit{kExitFailure};
        return;
    }
    print_arms(base, plan, arms);
    const bool any_unpaired = print_comparison_table(arms, cmp.per_variant);
    std::printf("\nDrift and friction are at the horizon; P(success) changes in percentage points (pts).\n"
                "* the interval excludes 0: the variant changes this measure.\n");
    if (any_unpaired)
        std::printf("~ interval from the two runs' own intervals (no per-replicate values): wider than a paired one.\n");
    if (worlds) print_robust(drawn_from, arms, cmp.robust);
    if (!all_stored) throw Exit{kExitFailure};
    if (recorder && recorder->db()) {
        std::string ids;
        for (const auto& a : arms) ids += (ids.empty() ? "" : ", ") + std::to_string(a.run_id);
        std::fprintf(stderr, "stored as runs %s in %s (`orgforces diff %lld %lld` compares two of them)\n", ids.c_str(),
                     recorder->db()->path().c_str(), static_cast<long long>(arms[0].run_id),
                     static_cast<long long>(arms.size() > 1 ? arms[1].run_id : arms[0].run_id));
    }
}

void setup(CLI::App& app) {
    auto opts = std::make_shared<WhatIfOptions>();
    auto* cmd = app.add_subcommand("whatif", "Run the baseline and what-if variants on common random numbers and "
                                             "compare them side by side");
    cmd->add_option("FILE", opts->file, "Scenario file")->required()->check(CLI::ExistingFile);
    cmd->add_option("--variant", opts->variants, "A what_if variant of the scenario (repeatable)")->type_name("NAME");
    cmd->add_flag("--all", opts->all, "Every what_if variant of the scenario (the default without --variant/--set)");
    cmd->add_option("--set", opts->sets, "A custom variant: PATH=VALUE overrides (repeatable; see `orgforces params`)")
        ->type_name("PATH=VALUE");
    cmd->add_option("--replicates,-n", opts->replicates, "Replicates per arm (default: the scenario's)")
        ->check(CLI::Range(1, orgforces::model::Limits::max_replicates));
    opts->seed = cmd->add_option("--seed", opts->seed_value, "Seed shared by every arm (default: the scenario's)");
    cmd->add_option("--threads,-j", opts->threads, "Worker threads (default: all cores)")->check(CLI::NonNegativeNumber);
    cmd->add_flag("--json", opts->json, "Print the comparison as JSON on stdout");
    cmd->add_option("--team", opts->teams, "Only this team and its ventures (repeatable)")->type_name("NAME");
    cmd->add_option("--measure", opts->measures, "Only this measure: drift, friction, p_success or expected_value (repeatable)")
        ->type_name("KIND");
    cmd->add_flag("--uncertain", opts->uncertain,
                  "Draw the `uncertain:` parameters per world of 8 replicates, the same for every arm, and report the "
                  "share of plausible worlds where each variant is better and its expected regret");
    cmd->add_option("--posterior", opts->posterior,
                    "Like --uncertain, drawing from calibration ID's posterior (`orgforces calibrate`)")
        ->type_name("ID")
        ->check(CLI::Range(std::int64_t{1}, std::int64_t{1} << 62));
    add_db_options(*cmd, opts->db, true);
    cmd->footer("Every arm runs with the same seed, so replicate r of each arm draws the same random streams and\n"
                "differences come from the variant, not from chance. Intervals are of the difference.\n" +
                Cluster::scale_out_hint());
    cmd->callback([opts] { run_whatif(*opts); });
}

const bool registered = register_command({"whatif", 25, setup});

}  // namespace
}  // namespace orgforces::cli
