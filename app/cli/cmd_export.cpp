// `orgforces export ID --csv DIR | --json`: a stored run as CSV files or one JSON document.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>

#include "app/cli/command.hpp"
#include "app/cli/db_common.hpp"
#include "app/cli/db_export.hpp"

namespace orgforces::cli {
namespace {

struct ExportOptions {
    DbOptions db;
    std::int64_t id = 0;
    std::string csv_dir;
    bool json = false;
};

void run_export(const ExportOptions& o) {
    if (o.csv_dir.empty() == !o.json) throw UsageError("export: give exactly one of --csv DIR or --json");
    auto db = open_for_reading(o.db);
    const auto rec = require_run(db, o.id);
    if (rec.status != store::RunStatus::Complete)
        throw UsageError(fmt::format("run {} is {}: it has no results to export", o.id, store::to_string(rec.status)));
    const auto run = db.load_run(o.id);
    if (o.json) {
        std::printf("%s\n", json_text(result_json(run.record, &run.result)).c_str());
        return;
    }
    const auto files = write_csv_dir(run, o.csv_dir);
    for (const auto& f : files) std::fprintf(stderr, "wrote %s\n", f.string().c_str());
}

void setup(CLI::App& app) {
    auto opts = std::make_shared<ExportOptions>();
    auto* cmd = app.add_subcommand("export", "Export a stored run as CSV files (--csv DIR) or JSON on stdout (--json)");
    cmd->add_option("ID", opts->id, "Run id (see `orgforces runs`)")->required();
    cmd->add_option("--csv", opts->csv_dir, "Write run.csv, series.csv, scalars.csv, outcomes.csv, survival.csv, "
                                            "replicate_values.csv and scenario.yaml into DIR")->type_name("DIR");
    cmd->add_flag("--json", opts->json, "Print the run as one JSON document on stdout");
    add_db_options(*cmd, opts->db, false);
    cmd->callback([opts] { run_export(*opts); });
}

const bool registered = register_command({"export", 62, setup});

}  // namespace
}  // namespace orgforces::cli
