// `orgforces db check` and `orgforces db recover OUT`: find damage in a results database, and copy
// the runs that are intact to a new file.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "app/cli/command.hpp"
#include "app/cli/db_common.hpp"

namespace orgforces::cli {
namespace {

struct DbCommandOptions {
    DbOptions db;
    std::string out;
};

void run_check(const DbCommandOptions& o) {
    auto db = open_for_reading(o.db);
    const auto report = db.check();
    for (const auto& p : report.file_problems) std::printf("file: %s\n", terminal_text(p).c_str());
    for (const auto& [id, why] : report.damaged_runs)
        std::printf("run %lld: damaged: %s\n", static_cast<long long>(id), terminal_text(why).c_str());
    std::printf("%s: %d runs: %d intact, %zu damaged, %d without a checksum (stored by an older orgforces), "
                "%d without results (not complete)%s\n",
                db.path().c_str(), report.runs, report.intact, report.damaged_runs.size(), report.unverified,
                report.not_complete, report.file_problems.empty() ? "; the file is sound" : "; the file is damaged");
    if (!report.ok()) {
        std::fprintf(stderr, "orgforces: %s is damaged; `orgforces db recover NEW.db --db %s` copies the intact runs "
                             "to a new file\n", db.path().c_str(), db.path().c_str());
        throw Exit{kExitFailure};
    }
}

void run_recover(const DbCommandOptions& o) {
    std::error_code ec;
    if (std::filesystem::exists(o.out, ec))
        throw UsageError(fmt::format("{} exists; db recover writes a new file (choose another name)", o.out));
    auto source = open_for_reading(o.db);
    store::ResultsStore target(o.out);
    const auto report = source.recover_into(target);
    for (const auto& [id, why] : report.skipped)
        std::fprintf(stderr, "run %lld not copied: %s\n", static_cast<long long>(id), terminal_text(why).c_str());
    std::fprintf(stderr, "copied %d intact complete runs (with their ids) from %s to %s; %zu not copied%s\n",
                 report.copied, source.path().c_str(), target.path().c_str(), report.skipped.size(),
                 report.sweeps_dropped ? "; sweeps are not copied (their points are runs, copied above)" : "");
}

void setup(CLI::App& app) {
    auto* db = app.add_subcommand("db", "Check a results database for damage, or copy its intact runs to a new file");
    db->require_subcommand(1);
    auto check_opts = std::make_shared<DbCommandOptions>();
    auto* check = db->add_subcommand("check", "Check the file (SQLite integrity_check) and every run's checksum and values");
    check->footer("Exit status: 0 when the file and every run are intact, 1 when anything is damaged.");
    add_db_options(*check, check_opts->db, false);
    check->callback([check_opts] { run_check(*check_opts); });

    auto recover_opts = std::make_shared<DbCommandOptions>();
    auto* recover = db->add_subcommand("recover", "Copy every intact complete run to a new database file OUT");
    recover->add_option("OUT", recover_opts->out, "New database file (must not exist)")->required();
    add_db_options(*recover, recover_opts->db, false);
    recover->callback([recover_opts] { run_recover(*recover_opts); });
}

const bool registered = register_command({"db", 66, setup});

}  // namespace
}  // namespace orgforces::cli
