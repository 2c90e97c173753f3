// `orgforces runs`: the runs (and sweeps) stored in the results database, newest first.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>

#include "app/cli/command.hpp"
#include "app/cli/db_common.hpp"

namespace orgforces::cli {
namespace {

struct RunsOptions {
    DbOptions db;
    int limit = 50;
    bool json = false;
    bool sweeps = false;
};

void list_runs(const RunsOptions& o) {
    auto db = open_for_reading(o.db);
    if (o.sweeps) {
        const auto sweeps = db.list_sweeps();
        if (o.json) {
            nlohmann::json out = nlohmann::json::array();
            for (const auto& s : sweeps)
                out.push_back({{"id", s.id}, {"scenario", s.scenario_name}, {"points", s.points},
                               {"done", s.done}, {"seed", s.seed}, {"replicates", s.replicates},
                               {"created_at", s.created_at}, {"design", nlohmann::json::parse(s.design, nullptr, false)}});
            std::printf("%s\n", json_text(out).c_str());
            return;
        }
        TextTable t({"SWEEP", "CREATED", "SCENARIO", "POINTS", "DONE", "REPLICATES", "SEED"});
        for (const auto& s : sweeps)
            t.add({std::to_string(s.id), s.created_at, s.scenario_name, std::to_string(s.points),
                   std::to_string(s.done), std::to_string(s.replicates), std::to_string(s.seed)});
        if (t.empty()) std::fprintf(stderr, "no sweeps in %s\n", db.path().c_str());
        else std::fputs(t.render().c_str(), stdout);
        return;
    }
    const auto runs = db.list_runs(o.limit);
    if (o.json) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& r : runs) {
            nlohmann::json ov = nlohmann::json::array();
            for (const auto& x : r.spec.overrides) ov.push_back({{"path", x.path}, {"value", x.value}});
            out.push_back({{"id", r.id}, {"status", store::to_string(r.status)}, {"started_at", r.started_at},
                           {"scenario", r.spec.scenario_name}, {"scenario_hash", r.scenario_hash},
                           {"command", r.spec.command}, {"label", r.spec.label}, {"overrides", ov},
                           {"seed", r.spec.seed}, {"replicates", r.spec.replicates},
                           {"wall_seconds", r.wall_seconds}, {"engine_version", r.engine_version}});
        }
        std::printf("%s\n", json_text(out).c_str());
        return;
    }
    TextTable t({"ID", "STATUS", "STARTED (UTC)", "SCENARIO", "REPLICATES", "SEED", "WALL", "COMMAND", "VARIANT / OVERRIDES"});
    for (const auto& r : runs) {
        std::string what = r.spec.label.empty() ? format_overrides(r.spec.overrides)
                                                : r.spec.label + (r.spec.overrides.empty() ? "" : ": " + format_overrides(r.spec.overrides));
        if (what.size() > 60) what = what.substr(0, 57) + "...";
        t.add({std::to_string(r.id), store::to_string(r.status), r.started_at, r.spec.scenario_name,
               std::to_string(r.spec.replicates), std::to_string(r.spec.seed),
               r.status == store::RunStatus::Complete ? format_seconds(r.wall_seconds) : "-", r.spec.command, what});
    }
    if (t.empty()) std::fprintf(stderr, "no runs in %s (store one with `orgforces run FILE`)\n", db.path().c_str());
    else std::fputs(t.render().c_str(), stdout);
}

void setup(CLI::App& app) {
    auto opts = std::make_shared<RunsOptions>();
    auto* cmd = app.add_subcommand("runs", "List the runs stored in the results database, newest first");
    add_db_options(*cmd, opts->db, false);
    cmd->add_option("--limit", opts->limit, "Show at most this many runs (0: all)")->default_val(50)->check(CLI::NonNegativeNumber);
    cmd->add_flag("--json", opts->json, "Print JSON on stdout instead of a table");
    cmd->add_flag("--sweeps", opts->sweeps, "List sweeps instead of runs");
    cmd->callback([opts] { list_runs(*opts); });
}

const bool registered = register_command({"runs", 60, setup});

}  // namespace
}  // namespace orgforces::cli
