// The `orgforces` command line: parses arguments and hands each subcommand to the libraries.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "app/cli/command.hpp"
#include "app/cli/strict_options.hpp"
#include "model/diagnostics.hpp"
#include "orgforces/version.hpp"
#include "sim/run_plan.hpp"

namespace orgforces::cli {

namespace {
std::vector<Command>& registry() {
    static std::vector<Command> commands;
    return commands;
}
}  // namespace

bool register_command(Command command) {
    registry().push_back(std::move(command));
    return true;
}

}  // namespace orgforces::cli

int main(int argc, char** argv) {
    using namespace orgforces;
    CLI::App app{"orgforces: simulate the forces that pull a team back toward its organization's defaults.\n"
                 "Run `orgforces COMMAND --help` for the options of each command.",
                 "orgforces"};
    app.set_version_flag("--version", std::string("orgforces ") + kVersion);
    app.require_subcommand(1);
    app.fallthrough(false);

    auto commands = cli::registry();
    std::stable_sort(commands.begin(), commands.end(),
                     [](const cli::Command& a, const cli::Command& b) { return a.order < b.order; });
    for (const auto& c : commands) c.setup(app);
    cli::apply_strict_options(app);

    try {
        cli::configure_database_waits();
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return cli::kExitInvalid;
    } catch (const model::ScenarioError& e) {
        for (const auto& d : e.diagnostics()) std::fprintf(stderr, "%s\n", model::format(d).c_str());
        return cli::kExitInvalid;
    } catch (const cli::UsageError& e) {
        std::fprintf(stderr, "orgforces: %s\n", e.what());
        return cli::kExitInvalid;
    } catch (const sim::RunSettingsError& e) {
        std::fprintf(stderr, "orgforces: %s\n", e.what());
        return cli::kExitInvalid;
    } catch (const cli::Exit& e) {
        return e.code;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "orgforces: error: %s\n", e.what());
        return cli::kExitFailure;
    }
    return cli::kExitOk;
}
