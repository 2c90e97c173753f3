// `orgforces delete ID...`: removes stored runs and their results.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <memory>

#include "app/cli/command.hpp"
#include "app/cli/db_common.hpp"

namespace orgforces::cli {
namespace {

struct DeleteOptions {
    DbOptions db;
    std::vector<std::int64_t> ids;
    bool force = false;
};

void run_delete(const DeleteOptions& o) {
    auto db = open_existing(o.db);
    int refused = 0, missing = 0;
    for (auto id : o.ids) {
        switch (db.delete_run(id, o.force)) {
            case store::DeleteResult::Deleted:
                std::fprintf(stderr, "deleted run %lld\n", static_cast<long long>(id));
                break;
            case store::DeleteResult::Missing:
                std::fprintf(stderr, "orgforces: no run %lld in %s\n", static_cast<long long>(id), db.path().c_str());
                ++missing;
                break;
            case store::DeleteResult::Running: {
                const auto rec = db.find_run(id);
                std::fprintf(stderr, "orgforces: run %lld is running (process %lld on %s); wait for it to finish or "
                                     "stop it (--force deletes it anyway, and that process then loses its results)\n",
                             static_cast<long long>(id), static_cast<long long>(rec ? rec->pid : 0),
                             rec ? terminal_text(rec->host).c_str() : "?");
                ++refused;
                break;
            }
        }
    }
    if (missing) throw Exit{kExitInvalid};   // a missing run id is the same error in every command
    if (refused) throw Exit{kExitFailure};
}

void setup(CLI::App& app) {
    auto opts = std::make_shared<DeleteOptions>();
    auto* cmd = app.add_subcommand("delete", "Delete stored runs and their results (`gc` then reclaims the space)");
    cmd->add_option("ID", opts->ids, "Run ids (see `orgforces runs`)")->required();
    cmd->add_flag("--force", opts->force, "Delete a run even while it is running (its process loses its results)");
    add_db_options(*cmd, opts->db, false);
    cmd->callback([opts] { run_delete(*opts); });
}

const bool registered = register_command({"delete", 64, setup});

}  // namespace
}  // namespace orgforces::cli
