// `orgforces gc`: removes runs that never completed and compacts the database file.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <memory>

#include "app/cli/command.hpp"
#include "app/cli/db_common.hpp"

namespace orgforces::cli {
namespace {

struct GcOptions {
    DbOptions db;
    std::string older_than = "1d";
    bool compact = false;
};

void run_gc(const GcOptions& o) {
    const double seconds = parse_duration(o.older_than);
    auto db = open_existing(o.db);
    const auto report = db.gc(seconds, o.compact);
    std::fprintf(stderr, "removed %d incomplete or failed run%s older than %s; %s: %.1f KiB -> %.1f KiB in use%s\n",
                 report.runs_removed, report.runs_removed == 1 ? "" : "s", o.older_than.c_str(), db.path().c_str(),
                 double(report.bytes_before) / 1024.0, double(report.bytes_after) / 1024.0,
                 report.compacted ? ", file compacted" : "");
}

void setup(CLI::App& app) {
    auto opts = std::make_shared<GcOptions>();
    auto* cmd = app.add_subcommand("gc", "Remove runs that never completed (killed or failed) and compact the database");
    cmd->add_option("--older-than", opts->older_than,
                    "Only runs started at least this long ago (e.g. 90s, 30m, 12h, 7d, 0 for all)")
        ->default_val("1d")->type_name("DURATION");
    cmd->add_flag("--compact", opts->compact,
                  "Then rewrite the whole file to its smallest size (VACUUM; other writers wait until it ends)");
    add_db_options(*cmd, opts->db, false);
    cmd->callback([opts] { run_gc(*opts); });
}

const bool registered = register_command({"gc", 65, setup});

}  // namespace
}  // namespace orgforces::cli
