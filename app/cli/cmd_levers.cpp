// `orgforces levers FILE [--measure M]... [--param PATH]...`: tunable parameters ranked by their
// effect on chosen measures (finite differences on common random numbers) beside the analytic
// oracle's instant ranking for drift.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <stdexcept>
#include <unistd.h>

#include "app/cli/command.hpp"
#include "app/cli/measures.hpp"
#include "model/loader.hpp"
#include "model/registry.hpp"
#include "sim/levers.hpp"

namespace orgforces::cli {
namespace {

struct LeversOptions {
    std::string file;
    std::vector<std::string> measures;
    std::vector<std::string> params;
    int replicates = 0;
    std::optional<std::uint64_t> seed;
    int threads = 0;
    int top = 0;
    bool oracle_only = false;
    bool json = false;
};

nlohmann::json number(double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr); }

std::string fmt_interval(double e, double lo, double hi) {
    if (!std::isfinite(e)) return "-";
    if (!std::isfinite(lo)) return fmt::format("{:+.3g}", e);
    return fmt::format("{:+.3g} [{:+.3g}, {:+.3g}]{}", e, lo, hi, (lo > 0 || hi < 0) ? " *" : "");
}

// The levers: simulated central differences, or with --oracle-only the analytic oracle's alone.
sim::LeverReport compute_levers(const LeversOptions& o, const model::Scenario& s) {
    sim::LeverOptions l;
    l.measures = parse_measures(s, o.measures);
    for (const auto& p : o.params) l.paths.push_back(model::find_parameter(s, p).path);
    l.replicates = o.replicates;
    l.seed = o.seed;
    l.threads = o.threads;
    if (isatty(fileno(stderr)))
        l.on_progress = [](int done, int total) {
            std::fprintf(stderr, "\rlevers: %d/%d runs", done, total);
            if (done == total) std::fprintf(stderr, "\n");
        };

    sim::LeverReport r;
    if (o.oracle_only) {
        r.measures = l.measures.empty() ? sim::default_measures(s) : l.measures;
        for (const auto& m : r.measures)
            if (!m.venture && m.kind == "drift") { r.oracle_team = m.entity; break; }
        const auto paths = l.paths.empty() ? sim::default_lever_paths(s, r.measures) : l.paths;
        r.levers = sim::oracle_levers(s, r.oracle_team, paths);
        r.measures.clear();
    } else {
        r = sim::levers(s, l);
    }
    return r;
}

void print_json(const model::Scenario& s, const sim::LeverReport& r, const std::vector<std::size_t>& oracle_rank) {
    nlohmann::json j;
    j["scenario"] = s.name;
    j["seed"] = r.seed;
    j["replicates"] = r.replicates;
    j["batches"] = r.batches;
    j["oracle_team"] = r.oracle_team;
    j["unit"] = "change of the measure for +10% of the parameter's value (+10% of its range when it is 0)";
    j["measures"] = nlohmann::json::array();
    for (const auto& m : r.measures) j["measures"].push_back(m.name());
    j["levers"] = nlohmann::json::array();
    for (std::size_t i = 0; i < r.levers.size(); ++i) {
        const auto& lv = r.levers[i];
        nlohmann::json effects = nlohmann::json::object();
        for (std::size_t k = 0; k < r.measures.size(); ++k)
            effects[r.measures[k].name()] = {{"effect", number(lv.effect[k])}, {"ci", {number(lv.lo[k]), number(lv.hi[k])}}};
        j["levers"].push_back({{"path", lv.path}, {"value", lv.value}, {"low", lv.low}, {"high", lv.high},
                               {"unit", lv.unit}, {"oracle_drift", lv.has_oracle ? number(lv.oracle_drift) : nlohmann::json(nullptr)},
                               {"oracle_rank", lv.has_oracle ? nlohmann::json(oracle_rank[i]) : nlohmann::json(nullptr)},
                               {"effects", effects}});
    }
    std::printf("%s\n", j.dump(2).c_str());
}

void print_text(const LeversOptions& o, const model::Scenario& s, const sim::LeverReport& r,
                const std::vector<std::size_t>& oracle_order, const std::vector<std::size_t>& oracle_rank) {
    std::printf("%s: %zu levers, effect of +10%% of each parameter's value", s.name.c_str(), r.levers.size());
    if (!o.oracle_only)
        std::printf(" (central differences, %d replicates per side on common random numbers, seed %llu; 95%% "
                    "intervals from %d paired batches)",
                    r.replicates, static_cast<unsigned long long>(r.seed), r.batches);
    std::printf("\n");
    const std::string oracle_head = r.oracle_team.empty() ? "ORACLE" : "ORACLE drift:" + r.oracle_team;
    auto print_table = [&](const std::vector<std::size_t>& order, std::optional<std::size_t> k) {
        std::printf("  %-4s %-44s %9s  %-34s %-26s\n", "RANK", "PARAMETER", "VALUE",
                    k ? ("SIMULATED " + r.measures[*k].name()).c_str() : "", oracle_head.c_str());
        int rank = 0;
        for (std::size_t i : order) {
            const auto& lv = r.levers[i];
            if (o.top > 0 && rank >= o.top) break;
            const std::string sim = k ? fmt_interval(lv.effect[*k], lv.lo[*k], lv.hi[*k]) : "";
            const std::string orc = lv.has_oracle ? fmt::format("{:+.3g} (#{})", lv.oracle_drift, oracle_rank[i]) : "-";
            std::printf("  %-4d %-44s %9.4g  %-34s %-26s\n", ++rank, lv.path.c_str(), lv.value, sim.c_str(), orc.c_str());
        }
    };
    if (o.oracle_only) {
        std::printf("\nanalytic oracle only (no simulation): steady drift of %s\n",
                    r.oracle_team.empty() ? "(no team)" : r.oracle_team.c_str());
        print_table(oracle_order, std::nullopt);
    }
    for (std::size_t k = 0; k < r.measures.size(); ++k) {
        std::printf("\n%s\n", r.measures[k].name().c_str());
        print_table(sim::ranked(r, k), k);
    }
    std::printf("\n* the 95%% interval excludes 0. ORACLE: the analytic steady drift's change and its rank (instant,\n"
                "no turnover or noise); it ranks drift only. See docs/surfacing.md.\n");
}

void run_levers(const LeversOptions& o) {
    const model::Scenario s = model::load_scenario_file(o.file);
    if (s.classic) throw UsageError(o.file + " is a bundled classic model: use `orgforces sweep` on it instead");
    const sim::LeverReport r = compute_levers(o, s);
    const auto oracle_order = sim::oracle_ranked(r.levers);
    std::vector<std::size_t> oracle_rank(r.levers.size(), 0);
    for (std::size_t i = 0; i < oracle_order.size(); ++i) oracle_rank[oracle_order[i]] = i + 1;
    if (o.json)
        print_json(s, r, oracle_rank);
    else
        print_text(o, s, r, oracle_order, oracle_rank);
}

void setup(CLI::App& app) {
    auto opts = std::make_shared<LeversOptions>();
    auto* cmd = app.add_subcommand("levers", "Rank tunable parameters by their effect on chosen measures "
                                             "(sensitivity with common random numbers)");
    cmd->add_option("FILE", opts->file, "Scenario file")->required()->check(CLI::ExistingFile);
    cmd->add_option("--measure,-m", opts->measures,
                    "KIND:NAME, repeatable: drift|friction|capacity|headcount|distance_to_default:TEAM or "
                    "p_success|expected_value:VENTURE (default: the focal teams and their ventures)")
        ->type_name("M");
    cmd->add_option("--param,-p", opts->params,
                    "A registry path to vary, repeatable (default: force strengths and water settings, the focal "
                    "teams' leadership, shielding, attrition, hiring and trip-wire; see `orgforces params`)")
        ->type_name("PATH");
    cmd->add_option("--replicates,-n", opts->replicates,
                    "Replicates per side, rounded up to whole batches of 8 (default: the scenario's)")
        ->check(CLI::Range(1, 1000000));
    cmd->add_option("--seed", opts->seed, "Seed shared by every run (default: the scenario's)");
    cmd->add_option("--threads,-j", opts->threads, "Worker threads (default: all cores)")->check(CLI::Range(0, 4096));
    cmd->add_option("--top", opts->top, "Show only the first N levers of each ranking")->check(CLI::Range(1, 100000));
    cmd->add_flag("--oracle-only", opts->oracle_only, "Only the analytic oracle's ranking for drift (instant)");
    cmd->add_flag("--json", opts->json, "Print the levers as JSON on stdout");
    cmd->callback([opts] { run_levers(*opts); });
}

const bool registered = register_command({"levers", 42, setup});

}  // namespace
}  // namespace orgforces::cli
