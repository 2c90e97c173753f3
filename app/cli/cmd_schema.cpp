// `orgforces schema`: the JSON Schema of the scenario format, for editors; `--results`: of a result
// as run, show and export print it.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

#include "app/cli/command.hpp"
#include "app/cli/db_export.hpp"
#include "model/schema.hpp"

namespace orgforces::cli {
namespace {

void setup_schema(CLI::App& parent) {
    auto markdown = std::make_shared<bool>(false);
    auto results = std::make_shared<bool>(false);
    auto* cmd = parent.add_subcommand("schema", "Print the JSON Schema of the scenario format");
    cmd->footer(
        "The schema (JSON Schema draft-07) lets editors complete and check scenario files. With the YAML\n"
        "language server (VS Code's YAML extension, Neovim, ...), save it and point to it from the file:\n\n"
        "  orgforces schema > orgforces.schema.json\n"
        "  # yaml-language-server: $schema=./orgforces.schema.json      (first line of a scenario)\n\n"
        "The schema checks keys, types and ranges; `orgforces check` also checks names, references,\n"
        "cycles and stability.\n\n"
        "`orgforces schema --results` prints instead the JSON Schema of a result, the one shape that\n"
        "`run --json`, `show --json` and `export --json` print.");
    cmd->add_flag("--markdown", *markdown, "Print the key reference as Markdown (docs/scenario-format.md) instead");
    cmd->add_flag("--results", *results, "Print the JSON Schema of a result (run, show and export --json) instead");
    cmd->callback([markdown, results] {
        if (*markdown && *results) throw UsageError("--markdown and --results exclude each other");
        const std::string text = *results ? result_json_schema() : *markdown ? model::markdown_reference() : model::json_schema();
        std::fwrite(text.data(), 1, text.size(), stdout);
    });
}

const bool registered = register_command({"schema", 90, setup_schema});

}  // namespace
}  // namespace orgforces::cli
