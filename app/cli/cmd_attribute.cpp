// `orgforces attribute FILE [--measure M]... [--replicates N] [--json]`: the Shapley value of each
// contributor (forces, links, leadership, hiring) on chosen measures, every coalition run with
// common random numbers.
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
#include "sim/attribution.hpp"

namespace orgforces::cli {
namespace {

struct AttributeOptions {
    std::string file;
    std::vector<std::string> measures;
    int replicates = 0;
    std::optional<std::uint64_t> seed;
    int threads = 0;
    int exact_limit = 10;
    int permutations = 32;
    bool json = false;
};

nlohmann::json number(double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr); }

void run_attribute(const AttributeOptions& o) {
    const model::Scenario s = model::load_scenario_file(o.file);
    if (s.classic) throw UsageError(o.file + " is a bundled classic model: it has nothing to attribute");
    sim::AttributionOptions a;
    a.measures = parse_measures(s, o.measures);
    a.replicates = o.replicates;
    a.seed = o.seed;
    a.threads = o.threads;
    a.exact_limit = o.exact_limit;
    a.permutations = o.permutations;
    if (isatty(fileno(stderr)))
        a.on_progress = [](int done, int total) {
            std::fprintf(stderr, "\rattribute: %d/%d coalition runs", done, total);
            if (done == total) std::fprintf(stderr, "\n");
        };
    const sim::Attribution r = sim::attribute(s, a);
    const auto groups = sim::group_totals(r);

    if (o.json) {
        nlohmann::json j;
        j["scenario"] = s.name;
        j["seed"] = r.seed;
        j["replicates"] = r.replicates;
        j["exact"] = r.exact;
        j["coalitions"] = r.coalitions;
        j["permutations"] = r.permutations;
        j["standard_error_from"] = r.se_kind;
        j["measures"] = nlohmann::json::array();
        for (std::size_t k = 0; k < r.measures.size(); ++k) {
            nlohmann::json forces = nlohmann::json::array();
            for (std::size_t i : sim::ranked(r, k)) {
                const auto& f = r.forces[i];
                forces.push_back({{"force", f.force}, {"kind", f.group},
                                  {"shapley", number(f.value[k])}, {"se", number(f.se[k])}, {"share", number(f.share[k])}});
            }
            const double diff = r.full[k] - r.empty[k];
            nlohmann::json by_group = nlohmann::json::array();
            for (const auto& g : groups)
                by_group.push_back({{"group", g.group}, {"shapley", number(g.value[k])},
                                    {"share", std::abs(diff) > 1e-12 ? number(g.value[k] / diff) : nlohmann::json(nullptr)}});
            j["measures"].push_back({{"measure", r.measures[k].name()}, {"all_forces", number(r.full[k])},
                                     {"no_forces", number(r.empty[k])},
                                     {"difference", number(diff)}, {"forces", forces}, {"groups", by_group}});
        }
        std::printf("%s\n", j.dump(2).c_str());
        return;
    }

    std::printf("%s: Shapley attribution of %zu contributor%s, %d replicates per coalition on common random "
                "numbers (seed %llu)\n",
                s.name.c_str(), r.forces.size(), r.forces.size() == 1 ? "" : "s", r.replicates,
                static_cast<unsigned long long>(r.seed));
    if (r.exact)
        std::printf("exact: all %d coalitions run; errors (+-) are standard errors over replicate batches\n", r.coalitions);
    else
        std::printf("sampled: %d random orders of the contributors (%d coalitions); errors (+-) are standard errors over "
                    "the orders\n",
                    r.permutations, r.coalitions);
    for (std::size_t k = 0; k < r.measures.size(); ++k) {
        const double diff = r.full[k] - r.empty[k];
        std::printf("\n%s: %.4g with every contributor, %.4g with none (difference %+.4g)\n",
                    r.measures[k].name().c_str(), r.full[k], r.empty[k], diff);
        std::string by_group;
        for (const auto& g : groups)
            by_group += fmt::format("{}{} {:+.4g}{}", by_group.empty() ? "" : ", ", g.group, g.value[k],
                                    std::abs(diff) > 1e-12 ? fmt::format(" ({:.0f}%)", 100.0 * g.value[k] / diff) : "");
        std::printf("  by group: %s\n", by_group.c_str());
        std::printf("  %-4s %-28s %-10s %10s %9s %7s\n", "RANK", "CONTRIBUTOR", "GROUP", "SHAPLEY", "+-", "SHARE");
        int rank = 0;
        for (std::size_t i : sim::ranked(r, k)) {
            const auto& f = r.forces[i];
            const std::string share = std::isfinite(f.share[k]) ? fmt::format("{:.0f}%", 100.0 * f.share[k]) : "-";
            const std::string se = std::isfinite(f.se[k]) ? fmt::format("{:.2g}", f.se[k]) : "-";
            std::printf("  %-4d %-28s %-10s %+10.4g %9s %7s\n", ++rank, f.force.c_str(), f.group.c_str(),
                        f.value[k], se.c_str(), share.c_str());
        }
    }
    std::printf("\nShapley values add up to the difference between everything on and everything off; SHARE is "
                "each contributor's part of it.\nSee docs/surfacing.md for how to read them.\n");
}

void setup(CLI::App& app) {
    auto opts = std::make_shared<AttributeOptions>();
    auto* cmd = app.add_subcommand("attribute", "Attribute measures to what the user can change: the Shapley "
                                                "value of each force, and of the teams' links, leadership and hiring");
    cmd->add_option("FILE", opts->file, "Scenario file")->required()->check(CLI::ExistingFile);
    cmd->add_option("--measure,-m", opts->measures,
                    "KIND:NAME, repeatable: drift|friction|capacity|headcount|distance_to_default:TEAM or "
                    "p_success|expected_value:VENTURE (default: the focal teams and their ventures)")
        ->type_name("M");
    cmd->add_option("--replicates,-n", opts->replicates,
                    "Replicates per coalition, rounded up to whole batches of 8 (default: the scenario's)")
        ->check(CLI::Range(1, 1000000));
    cmd->add_option("--seed", opts->seed, "Seed shared by every coalition (default: the scenario's)");
    cmd->add_option("--threads,-j", opts->threads, "Worker threads (default: all cores)")->check(CLI::Range(0, 4096));
    cmd->add_option("--exact-limit", opts->exact_limit,
                    "Exact Shapley values up to this many contributors (2^n coalitions)")
        ->check(CLI::Range(0, 16))
        ->capture_default_str();
    cmd->add_option("--permutations", opts->permutations, "Random orders sampled beyond the exact limit")
        ->check(CLI::Range(2, 100000))
        ->capture_default_str();
    cmd->add_flag("--json", opts->json, "Print the attribution as JSON on stdout");
    cmd->footer("Each coalition is the scenario with the absent contributors switched off: a force disabled\n"
                "(forces.NAME.enabled = false), every link at weight 0, every team's leadership and shielding at 0,\n"
                "or nobody hired. All coalitions share the seed and replicates, so differences are the\n"
                "contributors', not chance's.");
    cmd->callback([opts] { run_attribute(*opts); });
}

const bool registered = register_command({"attribute", 40, setup});

}  // namespace
}  // namespace orgforces::cli
