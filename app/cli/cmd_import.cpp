// `orgforces import FILE...`: stores runs that were saved to side files because the database could
// not be written when they finished (locked past the wait ceiling, read-only, or a full disk).
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "app/cli/command.hpp"
#include "app/cli/db_common.hpp"
#include "store/run_file.hpp"

namespace orgforces::cli {
namespace {

struct ImportOptions {
    DbOptions db;
    std::vector<std::string> files;
};

void run_import(const ImportOptions& o) {
    std::vector<store::SavedRun> runs;
    for (const auto& f : o.files) runs.push_back(store::read_saved_run(f));
    store::ResultsStore db(o.db.path);
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const auto id = db.store_run(runs[i].spec, runs[i].result);
        // Stored: the side file has done its job, and importing it twice would duplicate the run.
        std::error_code ec;
        std::filesystem::remove(o.files[i], ec);
        std::fprintf(stderr, "stored %s as run %lld in %s%s\n", o.files[i].c_str(), static_cast<long long>(id),
                     db.path().c_str(), ec ? " (the side file could not be removed; do not import it again)" : "");
    }
}

void setup(CLI::App& app) {
    auto opts = std::make_shared<ImportOptions>();
    auto* cmd = app.add_subcommand("import", "Store runs saved to side files when the database could not be written");
    cmd->add_option("FILE", opts->files, "Side files named by the message of the run that saved them")
        ->required()->check(CLI::ExistingFile);
    add_db_options(*cmd, opts->db, false);
    cmd->callback([opts] { run_import(*opts); });
}

const bool registered = register_command({"import", 67, setup});

}  // namespace
}  // namespace orgforces::cli
