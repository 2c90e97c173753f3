// `orgforces dash FILE [options]`: starts the dashboard binary installed next to this one.
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "app/cli/command.hpp"

namespace orgforces::cli {

namespace {

std::filesystem::path dashboard_binary() {
    std::error_code ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) return "orgforces-dash";
    return self.parent_path() / "orgforces-dash";
}

void setup_dash(CLI::App& parent) {
    auto* cmd = parent.add_subcommand(
        "dash", "Open the what-if dashboard (runs orgforces-dash with the same arguments; "
                "see `orgforces-dash --help`)");
    cmd->allow_extras();
    cmd->positionals_at_end(false);
    cmd->footer("Example: orgforces dash scenarios/innovation-in-a-keeping-org.yaml --db orgforces.db");
    cmd->callback([cmd] {
        std::vector<std::string> args = cmd->remaining();
        if (args.empty()) throw UsageError("dash: missing the scenario FILE (see `orgforces dash --help`)");
        const auto bin = dashboard_binary();
        std::error_code ec;
        if (!std::filesystem::exists(bin, ec))
            throw std::runtime_error("dash: " + bin.string() +
                                     " is not built (configure with -DORGFORCES_DASHBOARD=ON)");
        std::vector<char*> argv;
        std::string program = bin.string();
        argv.push_back(program.data());
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        ::execv(program.c_str(), argv.data());
        throw std::runtime_error("dash: cannot start " + program + ": " + std::strerror(errno));
    });
}

const bool registered = register_command({"dash", 80, setup_dash});

}  // namespace

}  // namespace orgforces::cli
