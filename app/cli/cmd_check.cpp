// `orgforces check FILE... [--set PATH=VALUE]...`: validate scenario files.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "app/cli/command.hpp"
#include "model/diagnostics.hpp"
#include "model/loader.hpp"
#include "model/registry.hpp"

namespace orgforces::cli {
namespace {

struct CheckOptions {
    std::vector<std::string> files;
    std::vector<std::string> sets;
    bool quiet = false;
};

void run_check(const CheckOptions& o) {
    std::vector<model::Override> overrides;
    for (const auto& s : o.sets) overrides.push_back(model::parse_override(s));
    int invalid = 0;
    for (const auto& file : o.files) {
        try {
            const model::Scenario s = model::apply_overrides(model::load_scenario_file(file), overrides);
            if (!o.quiet) {
                if (s.classic) {
                    std::printf("%s: OK (classic model)\n", file.c_str());
                } else {
                    std::printf("%s: OK: %d people in %zu teams, %zu forces, %zu ventures, %zu what-ifs, "
                                "%d %ss, %zu parameters\n",
                                file.c_str(), s.total_people(), s.teams.size(), s.gravity.size() + s.water.size(),
                                s.ventures.size(), s.variants.size(), s.horizon, s.tick_unit.c_str(),
                                model::parameters(s).size());
                }
            }
        } catch (const model::ScenarioError& e) {
            ++invalid;
            for (const auto& d : e.diagnostics()) std::fprintf(stderr, "%s\n", model::format(d).c_str());
        }
    }
    if (invalid > 0) {
        if (o.files.size() > 1) std::fprintf(stderr, "%d of %zu files invalid\n", invalid, o.files.size());
        throw Exit{kExitInvalid};
    }
}

void setup_check(CLI::App& parent) {
    auto options = std::make_shared<CheckOptions>();
    auto* cmd = parent.add_subcommand("check", "Validate scenario files and report every problem with file:line:col");
    cmd->footer(
        "Exit status: 0 when every file is valid, 2 when any is invalid or the arguments are wrong.\n"
        "Problems go to stderr as `file:line:col: error: message`; a one-line summary per valid file goes\n"
        "to stdout. --set applies registry assignments before validating (see `orgforces params FILE`).\n\n"
        "Examples:\n"
        "  orgforces check scenarios/*.yaml\n"
        "  orgforces check scenarios/innovation-in-a-keeping-org.yaml --set teams.frontier.shielding=0.9");
    cmd->add_option("files", options->files, "Scenario files (YAML)")->required()->check(CLI::ExistingFile);
    cmd->add_option("--set", options->sets, "Override a parameter: PATH=VALUE (repeatable)")->type_name("PATH=VALUE");
    cmd->add_flag("-q,--quiet", options->quiet, "Print nothing for valid files");
    cmd->callback([options] { run_check(*options); });
}

const bool registered = register_command({"check", 10, setup_check});

}  // namespace
}  // namespace orgforces::cli
