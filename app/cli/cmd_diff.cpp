// `orgforces diff A B`: what differs between two stored runs: the scenario text, the overrides
// and settings, then how every measure at the horizon moved.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <map>

#include "app/cli/command.hpp"
#include "app/cli/db_common.hpp"
#include "viz/numbers.hpp"

namespace orgforces::cli {
namespace {

struct DiffOptions {
    DbOptions db;
    std::int64_t a = 0;
    std::int64_t b = 0;
    bool json = false;
    std::vector<std::string> teams, measures;
};

struct MeasureMove {
    std::string entity, measure;
    double a = 0, a_lo = 0, a_hi = 0, b = 0, b_lo = 0, b_hi = 0;
    bool in_a = true, in_b = true;   ///< a measure recorded by one run only is shown, marked
    bool separated() const { return in_a && in_b && (a_hi < b_lo || b_hi < a_lo); }
};

std::vector<MeasureMove> measure_moves(const sim::EnsembleResult& ra, const sim::EnsembleResult& rb) {
    std::vector<MeasureMove> out;
    for (const auto& s : ra.series) {
        if (s.ticks.empty()) continue;
        const auto* t = rb.find_series(s.entity, s.measure);
        const auto& x = s.ticks.back();
        if (!t || t->ticks.empty()) {
            out.push_back({s.entity, s.measure, x.mean, x.ci_lo, x.ci_hi, 0, 0, 0, true, false});
            continue;
        }
        const auto& y = t->ticks.back();
        out.push_back({s.entity, s.measure, x.mean, x.ci_lo, x.ci_hi, y.mean, y.ci_lo, y.ci_hi});
    }
    for (const auto& t : rb.series)
        if (!t.ticks.empty() && !ra.find_series(t.entity, t.measure)) {
            const auto& y = t.ticks.back();
            out.push_back({t.entity, t.measure, 0, 0, 0, y.mean, y.ci_lo, y.ci_hi, false, true});
        }
    for (const auto& s : ra.scalars) {
        const auto* t = rb.find_scalar(s.entity, s.measure);
        if (!t) {
            out.push_back({s.entity, s.measure, s.value, s.lo, s.hi, 0, 0, 0, true, false});
            continue;
        }
        out.push_back({s.entity, s.measure, s.value, s.lo, s.hi, t->value, t->lo, t->hi});
    }
    for (const auto& t : rb.scalars)
        if (!ra.find_scalar(t.entity, t.measure))
            out.push_back({t.entity, t.measure, 0, 0, 0, t.value, t.lo, t.hi, false, true});
    return out;
}

void run_diff(const DiffOptions& o) {
    auto db = open_for_reading(o.db);
    const auto ra = require_run(db, o.a);
    const auto rb = require_run(db, o.b);
    for (const auto* r : {&ra, &rb})
        if (r->status != store::RunStatus::Complete)
            throw UsageError(fmt::format("run {} is {}: it has no results to compare", r->id, store::to_string(r->status)));
    const auto a = db.load_run(o.a);
    const auto b = db.load_run(o.b);

    // Overrides: every path set in either run.
    std::map<std::string, std::pair<std::optional<double>, std::optional<double>>> overrides;
    for (const auto& x : ra.spec.overrides) overrides[x.path].first = x.value;
    for (const auto& x : rb.spec.overrides) overrides[x.path].second = x.value;
    std::vector<std::tuple<std::string, std::string, std::string>> settings;
    auto setting = [&](const std::string& name, const std::string& x, const std::string& y) {
        if (x != y) settings.emplace_back(name, x, y);
    };
    setting("scenario", ra.spec.scenario_name, rb.spec.scenario_name);
    setting("seed", std::to_string(ra.spec.seed), std::to_string(rb.spec.seed));
    setting("replicates", std::to_string(ra.spec.replicates), std::to_string(rb.spec.replicates));
    setting("horizon", std::to_string(ra.spec.horizon), std::to_string(rb.spec.horizon));
    setting("engine", ra.engine_version, rb.engine_version);
    for (const auto& [path, v] : overrides)
        if (v.first != v.second)
            settings.emplace_back(path, v.first ? format_number(*v.first) : "(scenario)",
                                  v.second ? format_number(*v.second) : "(scenario)");
    // Filters and the focus come from the first run's scenario and results.
    const RowFilter filter = make_row_filter(ra.spec.scenario_text, a.result, o.teams, o.measures);
    std::vector<MeasureMove> moves;
    for (auto& m : measure_moves(a.result, b.result))
        if (filter.keep(m.entity, m.measure)) moves.push_back(std::move(m));
    std::stable_sort(moves.begin(), moves.end(), [&filter](const MeasureMove& x, const MeasureMove& y) {
        return filter.rank(x.entity) < filter.rank(y.entity);
    });
    const std::string text_diff = line_diff(ra.spec.scenario_text, rb.spec.scenario_text,
                                            fmt::format("run {} ({})", ra.id, ra.spec.scenario_name),
                                            fmt::format("run {} ({})", rb.id, rb.spec.scenario_name));

    if (o.json) {
        nlohmann::json j;
        j["a"] = ra.id;
        j["b"] = rb.id;
        j["same_scenario_text"] = ra.scenario_hash == rb.scenario_hash;
        j["scenario_diff"] = text_diff;
        j["settings"] = nlohmann::json::array();
        for (const auto& [name, x, y] : settings) j["settings"].push_back({{"name", name}, {"a", x}, {"b", y}});
        j["measures"] = nlohmann::json::array();
        // A measure one run lacks has null for that run and for the difference.
        for (const auto& m : moves) {
            nlohmann::json va = m.in_a ? nlohmann::json(m.a) : nlohmann::json(nullptr);
            nlohmann::json vb = m.in_b ? nlohmann::json(m.b) : nlohmann::json(nullptr);
            nlohmann::json a_ci = m.in_a ? nlohmann::json{m.a_lo, m.a_hi} : nlohmann::json(nullptr);
            nlohmann::json b_ci = m.in_b ? nlohmann::json{m.b_lo, m.b_hi} : nlohmann::json(nullptr);
            j["measures"].push_back({{"entity", m.entity}, {"measure", m.measure}, {"a", va}, {"a_ci", a_ci}, {"b", vb},
                                     {"b_ci", b_ci},
                                     {"difference", m.in_a && m.in_b ? nlohmann::json(m.b - m.a) : nlohmann::json(nullptr)},
                                     {"intervals_separate", m.separated()}});
        }
        std::printf("%s\n", json_text(j).c_str());
        return;
    }

    std::printf("run %lld -> run %lld\n\n", static_cast<long long>(ra.id), static_cast<long long>(rb.id));
    if (text_diff.empty()) std::printf("scenario text: identical (sha256 %.12s)\n", ra.scenario_hash.c_str());
    else std::printf("scenario text:\n%s", text_diff.c_str());
    std::printf("\n");
    if (settings.empty()) {
        std::printf("settings and overrides: identical\n");
    } else {
        TextTable t({"SETTING / OVERRIDE", fmt::format("RUN {}", ra.id), fmt::format("RUN {}", rb.id)});
        for (const auto& [name, x, y] : settings) t.add({name, x, y});
        std::fputs(t.render().c_str(), stdout);
    }
    std::printf("\nat the horizon (* marks 95%% intervals that do not overlap; a measure one run lacks is marked):\n");
    TextTable t({"ENTITY", "MEASURE", fmt::format("RUN {}", ra.id), fmt::format("RUN {}", rb.id), "CHANGE", ""});
    for (const auto& m : moves)
        t.add({m.entity.empty() ? "(organization)" : m.entity, m.measure, m.in_a ? viz::format_number(m.a) : "-",
               m.in_b ? viz::format_number(m.b) : "-", m.in_a && m.in_b ? viz::format_signed(m.b - m.a) : "-",
               m.separated() ? "*" : !m.in_a ? fmt::format("only in run {}", rb.id) : !m.in_b ? fmt::format("only in run {}", ra.id) : ""});
    if (t.empty()) std::printf("(no measures in common)\n");
    else std::fputs(t.render(100).c_str(), stdout);
}

void setup(CLI::App& app) {
    auto opts = std::make_shared<DiffOptions>();
    auto* cmd = app.add_subcommand("diff", "Compare two stored runs: scenario text, overrides, and how measures moved");
    cmd->add_option("A", opts->a, "First run id")->required();
    cmd->add_option("B", opts->b, "Second run id")->required();
    cmd->add_flag("--json", opts->json, "Print the comparison as JSON on stdout");
    cmd->add_option("--team", opts->teams, "Only this team and its ventures (repeatable)")->type_name("NAME");
    cmd->add_option("--measure", opts->measures,
                    "Only this measure: a kind such as drift or ideas_dismissed, or a full name (repeatable)")
        ->type_name("M");
    add_db_options(*cmd, opts->db, false);
    cmd->callback([opts] { run_diff(*opts); });
}

const bool registered = register_command({"diff", 63, setup});

}  // namespace
}  // namespace orgforces::cli
