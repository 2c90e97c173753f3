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
};

void run_delete(const DeleteOptions& o) {
    auto db = open_existing(o.db);
    int missing = 0;
    for (auto id : o.ids) {
        if (db.delete_run(id)) {
            std::fprintf(stderr, "deleted run %lld\n", static_cast<long long>(id));
        } else {
            std::fprintf(stderr, "orgforces: no run %lld in %s\n", static_cast<long long>(id), db.path().c_str());
            ++missing;
        }
    }
    if (missing) throw Exit{kExitInvalid};   // a missing run id is the same error in every command
}

void setup(CLI::App& app) {
    auto opts = std::make_shared<DeleteOptions>();
    auto* cmd = app.add_subcommand("delete", "Delete stored runs and their results (`gc` then reclaims the space)");
    cmd->add_option("ID", opts->ids, "Run ids (see `orgforces runs`)")->required();
    add_db_options(*cmd, opts->db, false);
    cmd->callback([opts] { run_delete(*opts); });
}

const bool registered = register_command({"delete", 64, setup});

}  // namespace
}  // namespace orgforces::cli
