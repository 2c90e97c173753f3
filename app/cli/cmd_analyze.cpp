// `orgforces analyze FILE [--set P=V]... [--json]`: the analytic figures of a scenario, without
// simulating (docs/model.md#the-analytic-oracle): per team the steady state of its mean practice, the share of intent
// surviving and the drift half-life.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "app/cli/command.hpp"
#include "model/causal.hpp"
#include "model/loader.hpp"
#include "model/oracle.hpp"
#include "model/registry.hpp"
#include "viz/text_summary.hpp"

namespace orgforces::cli {
namespace {

struct AnalyzeOptions {
    std::string file;
    std::vector<std::string> sets;
    bool json = false;
    std::string dot;   ///< write the causal graph as Graphviz DOT here
};

nlohmann::json number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

// The analytic figures of a scenario: the oracle per team and the causal graph with its loops
// and leverage (docs/surfacing.md).
struct Analysis {
    std::vector<model::TeamOracle> oracle;
    model::CausalGraph graph;
    model::LoopSearch loops;
    model::LeverageAnalysis lev;
};

void print_json(const model::Scenario& s, const Analysis& analysis) {
    const auto& oracle = analysis.oracle;
    const auto& graph = analysis.graph;
    const auto& loops = analysis.loops;
    const auto& lev = analysis.lev;
    nlohmann::json teams = nlohmann::json::array();
    for (std::size_t t = 0; t < oracle.size(); ++t) {
        const auto& x = oracle[t];
        teams.push_back({{"team", s.teams[t].name},
                         {"steady_state", x.steady_state},
                         {"environment_default", x.environment_default},
                         {"steady_drift", number(x.steady_drift)},
                         {"intent_surviving", number(x.intent_surviving)},
                         {"spectral_radius", number(x.spectral_radius)},
                         {"half_life", number(x.half_life)},
                         {"turnover", number(x.turnover)},
                         {"period", x.period}});
    }
    nlohmann::json jl = nlohmann::json::array(), jr = nlohmann::json::array(), outs = nlohmann::json::array();
    for (const auto& l : loops.loops) {
        nlohmann::json ids = nlohmann::json::array();
        for (int n : l.nodes) ids.push_back(graph.nodes()[static_cast<std::size_t>(n)].id);
        jl.push_back({{"nodes", ids}, {"gain", l.gain}, {"kind", l.reinforcing ? "reinforcing" : "balancing"}});
    }
    for (int n : lev.outcomes) outs.push_back(graph.nodes()[static_cast<std::size_t>(n)].id);
    for (const auto& p : lev.ranking)
        jr.push_back({{"node", graph.nodes()[static_cast<std::size_t>(p.node)].id}, {"score", p.score}, {"effects", p.effect}});
    nlohmann::json causal = {{"nodes", graph.nodes().size()}, {"edges", graph.edges().size()}, {"loops", jl},
                             {"loops_truncated", loops.truncated}, {"outcomes", outs},
                             {"spectral_radius", number(lev.spectral_radius)}, {"leverage_valid", lev.valid},
                             {"leverage_note", lev.note}, {"leverage", jr}};
    std::printf("%s\n", nlohmann::json{{"scenario", s.name},
                                       {"teams", teams},
                                       {"analytic_scope", std::string(model::oracle_scope())},
                                       {"causal", causal}}
                            .dump(2)
                            .c_str());
}

void print_text(const model::Scenario& s, const Analysis& analysis) {
    const auto& oracle = analysis.oracle;
    const auto& graph = analysis.graph;
    const auto& loops = analysis.loops;
    const auto& lev = analysis.lev;
    auto label = [&](int n) { return graph.nodes()[static_cast<std::size_t>(n)].label; };
    std::printf("%s", viz::oracle_table(s, oracle).c_str());  // ends with model::oracle_scope()
    std::printf("\nCausal graph: %zu nodes, %zu links; %zu feedback loop%s%s (R reinforcing, B balancing)\n",
                graph.nodes().size(), graph.edges().size(), loops.loops.size(), loops.loops.size() == 1 ? "" : "s",
                loops.truncated ? " (search capped: more exist)" : "");
    for (std::size_t i = 0; i < loops.loops.size() && i < 10; ++i)
        std::printf("  %s  gain %+.3g  %s\n", loops.loops[i].reinforcing ? "R" : "B", loops.loops[i].gain,
                    model::describe(graph, loops.loops[i]).c_str());
    if (!lev.valid) {
        std::printf("Leverage: not available: %s\n", lev.note.c_str());
    } else {
        std::printf("Leverage points (total effect (I - W)^-1 of +10%% of each node's level on the outcomes it "
                    "moves most; spectral radius %.3g):\n",
                    lev.spectral_radius);
        for (std::size_t i = 0; i < lev.ranking.size() && i < 10; ++i) {
            const auto& p = lev.ranking[i];
            std::vector<std::size_t> order(lev.outcomes.size());
            for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
            std::stable_sort(order.begin(), order.end(),
                             [&](std::size_t a, std::size_t b) { return p.relative[a] > p.relative[b]; });
            std::string effects;
            for (std::size_t j = 0; j < order.size() && j < 3; ++j)
                if (p.relative[order[j]] > 1e-3)
                    effects += (effects.empty() ? "" : ", ") + label(lev.outcomes[order[j]]) + " " +
                               fmt::format("{:+.3g}", p.effect[order[j]]);
            std::printf("  %2zu  %-32s %s\n", i + 1, label(lev.ranking[i].node).c_str(), effects.c_str());
        }
    }
}

void run_analyze(const AnalyzeOptions& o) {
    std::vector<model::Override> overrides;
    for (const auto& s : o.sets) overrides.push_back(model::parse_override(s));
    model::Scenario s = model::load_scenario_file(o.file);
    if (!overrides.empty()) s = model::apply_overrides(s, overrides);
    if (s.classic) throw UsageError("analyze: classic models have no mean-field oracle; use `orgforces run`");
    Analysis a{model::analyze_teams(s), model::build_causal_graph(s), {}, {}};
    a.loops = model::find_loops(a.graph);
    a.lev = model::leverage(a.graph, model::default_outcomes(a.graph));
    if (!o.dot.empty()) {
        std::ofstream f(o.dot);
        if (!(f << model::to_dot(a.graph, &a.loops, &a.lev)))
            throw std::runtime_error("cannot write " + o.dot);
    }
    if (o.json) {
        print_json(s, a);
        return;
    }
    print_text(s, a);
    if (!o.dot.empty()) std::fprintf(stderr, "analyze: causal graph written to %s\n", o.dot.c_str());
}

void setup_analyze(CLI::App& parent) {
    auto options = std::make_shared<AnalyzeOptions>();
    auto* cmd = parent.add_subcommand("analyze", "Analytic figures of a scenario without simulating");
    cmd->footer(
        "Per team: the steady state of its mean practice under gravity, leadership and the water leans\n"
        "(the fixed point of the period map when forces pulse), the environment's default, the share of\n"
        "intent surviving (1 - gap to intent / gap between intent and default) and the drift half-life.\n\n"
        "Example:\n"
        "  orgforces analyze scenarios/innovation-in-a-keeping-org.yaml --set teams.frontier.shielding=0.8");
    cmd->add_option("file", options->file, "Scenario file (YAML)")->required()->check(CLI::ExistingFile);
    cmd->add_option("--set", options->sets, "Override a parameter: PATH=VALUE (repeatable)")->type_name("PATH=VALUE");
    cmd->add_flag("--json", options->json, "Write the figures as JSON to stdout");
    cmd->add_option("--dot", options->dot, "Write the causal graph (loops and leverage marked) as Graphviz DOT")
        ->type_name("FILE");
    cmd->callback([options] { run_analyze(*options); });
}

const bool registered = register_command({"analyze", 30, setup_analyze});

}  // namespace
}  // namespace orgforces::cli
