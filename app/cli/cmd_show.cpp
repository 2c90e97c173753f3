// `orgforces show ID`: one stored run: what it was, and its results at the horizon.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <type_traits>

#include <unistd.h>

#include "app/cli/command.hpp"
#include "app/cli/db_common.hpp"
#include "app/cli/db_export.hpp"
#include "model/loader.hpp"

namespace orgforces::cli {
namespace {

struct ShowOptions {
    DbOptions db;
    std::int64_t id = 0;
    bool json = false;
    bool scenario = false;
    std::vector<std::string> teams, measures;
};

/// Width of the text tables: they fit a 100-column terminal.
constexpr std::size_t kColumns = 100;

std::string band_text(double mean, double lo, double hi) {
    return fmt::format("{:.3g} [{:.3g}, {:.3g}]", mean, lo, hi);
}

void show(const ShowOptions& o) {
    auto db = open_for_reading(o.db);
    const auto rec = require_run(db, o.id);
    if (o.scenario) {
        // The exact text (for diff or a rerun), but never a live escape sequence on a terminal.
        const std::string text = isatty(fileno(stdout)) ? terminal_text(rec.spec.scenario_text, true) : rec.spec.scenario_text;
        std::fwrite(text.data(), 1, text.size(), stdout);
        return;
    }
    std::optional<store::StoredRun> run;
    if (rec.status == store::RunStatus::Complete) run = db.load_run(o.id);

    if (o.json) {
        if (!o.teams.empty() || !o.measures.empty()) throw UsageError("--team and --measure filter the text tables; --json prints everything");
        auto j = result_json(rec, run ? &run->result : nullptr);
        std::printf("%s\n", json_text(j).c_str());
        return;
    }
    std::printf("run %lld: %s (%s)\n", static_cast<long long>(rec.id), terminal_text(rec.spec.scenario_name).c_str(),
                store::to_string(rec.status));
    TextTable info({"FIELD", "VALUE"});
    info.add({"command", rec.spec.command + (rec.spec.label.empty() ? "" : " (" + rec.spec.label + ")")});
    info.add({"overrides", format_overrides(rec.spec.overrides)});
    info.add({"seed", std::to_string(rec.spec.seed)});
    info.add({"replicates", std::to_string(rec.spec.replicates)});
    info.add({"horizon", std::to_string(rec.spec.horizon) + " ticks"});
    info.add({"threads x ranks", fmt::format("{} x {}", rec.spec.threads, rec.spec.ranks)});
    info.add({"engine", "orgforces " + rec.engine_version});
    info.add({"scenario sha256", rec.scenario_hash});
    info.add({"started", rec.started_at + " on " + rec.host});
    if (!rec.finished_at.empty()) info.add({"finished", rec.finished_at});
    if (rec.status == store::RunStatus::Complete) info.add({"wall time", format_seconds(rec.wall_seconds)});
    if (rec.spec.sweep_point)
        info.add({"sweep", fmt::format("{} point {}", rec.spec.sweep_point->sweep_id, rec.spec.sweep_point->point)});
    if (!rec.error.empty()) info.add({"note", rec.error});
    // A whole event as its canonical text (a move or a new leader has no assignments to show).
    for (const auto& e : rec.spec.events)
        info.add({fmt::format("event @{}", e.tick),
                  rec.events_whole ? model::event_text(e, rec.spec.dimensions) : e.label + ": " + format_overrides(e.set)});
    std::fputs(info.render().c_str(), stdout);

    if (!run) {
        std::printf("\nno results: the run is %s. `orgforces gc` removes such runs.\n", store::to_string(rec.status));
        return;
    }
    const auto& res = run->result;
    const RowFilter filter = make_row_filter(rec.spec.scenario_text, res, o.teams, o.measures);
    // The scenario's focus first, the rest in stored order.
    auto ordered = [&filter](const auto& items) {
        std::vector<const std::remove_cvref_t<decltype(items.front())>*> out;
        for (const auto& x : items)
            if (filter.keep(x.entity, x.measure)) out.push_back(&x);
        std::stable_sort(out.begin(), out.end(),
                         [&filter](const auto* a, const auto* b) { return filter.rank(a->entity) < filter.rank(b->entity); });
        return out;
    };
    if (!res.series.empty()) {
        std::printf("\nat the horizon (mean [95%% CI of the mean], quantiles 5/50/95):\n");
        TextTable t({"ENTITY", "MEASURE", "MEAN [CI]", "Q05", "Q50", "Q95"});
        for (const auto* sp : ordered(res.series)) {
            const auto& s = *sp;
            if (s.ticks.empty()) continue;
            const auto& b = s.ticks.back();
            t.add({s.entity.empty() ? "(organization)" : s.entity, s.measure, band_text(b.mean, b.ci_lo, b.ci_hi),
                   fmt::format("{:.3g}", b.q05), fmt::format("{:.3g}", b.q50), fmt::format("{:.3g}", b.q95)});
        }
        std::fputs(t.render(kColumns).c_str(), stdout);
    }
    if (!res.scalars.empty()) {
        std::printf("\nensemble figures (value [95%% interval], n):\n");
        TextTable t({"ENTITY", "MEASURE", "VALUE [INTERVAL]", "N"});
        for (const auto* sp : ordered(res.scalars)) {
            const auto& s = *sp;
            // A statistic over no replicate is undefined: a dash, never a number.
            t.add({s.entity.empty() ? "(organization)" : s.entity, s.measure,
                   s.n == 0 && std::isnan(s.value) ? "–" : band_text(s.value, s.lo, s.hi),
                   std::to_string(s.n)});
        }
        std::fputs(t.render(kColumns).c_str(), stdout);
    }
    std::printf("\n%zu venture outcomes, %zu survival curves stored; `orgforces export %lld --csv DIR` writes them all.\n",
                res.outcomes.size(), res.survival.size(), static_cast<long long>(rec.id));
}

void setup(CLI::App& app) {
    auto opts = std::make_shared<ShowOptions>();
    auto* cmd = app.add_subcommand("show", "Show one stored run: what it was and its results at the horizon");
    cmd->add_option("ID", opts->id, "Run id (see `orgforces runs`)")->required();
    add_db_options(*cmd, opts->db, false);
    cmd->add_flag("--json", opts->json, "Print the run and all its results as JSON on stdout");
    cmd->add_flag("--scenario", opts->scenario, "Print the exact scenario text the run used");
    cmd->add_option("--team", opts->teams, "Only this team and its ventures (repeatable)")->type_name("NAME");
    cmd->add_option("--measure", opts->measures,
                    "Only this measure: a kind such as drift or ideas_dismissed, or a full name (repeatable)")
        ->type_name("M");
    cmd->callback([opts] { show(*opts); });
}

const bool registered = register_command({"show", 61, setup});

}  // namespace
}  // namespace orgforces::cli
