#pragma once
// Subcommand registration for the `orgforces` binary. Each cmd_*.cpp file registers itself:
//
//   static const bool registered = orgforces::cli::register_command({"check", 10, setup_check});
//
// `setup` adds a subcommand to the parent app and sets its callback. Callbacks report failure by
// throwing: model::ScenarioError (exit 2, diagnostics on stderr), cli::UsageError (exit 2),
// cli::Exit (a chosen code), anything else derived from std::exception (exit 1).

#include <functional>
#include <stdexcept>
#include <string>

namespace CLI {
class App;
}

namespace orgforces::cli {

struct Command {
    std::string name;
    int order = 100;                           ///< position in `--help`
    std::function<void(CLI::App&)> setup;      ///< adds the subcommand to the parent
};

/// Adds a command to the binary; call from a static initializer. Returns true.
bool register_command(Command command);

/// Wrong use of the command line (exit code 2).
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// Ends the program with `code` after the message (if any) was printed.
struct Exit {
    int code = 0;
};

/// Exit codes shared by every command (docs/exit-codes.md describes them for users).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitInvalid = 2;

}  // namespace orgforces::cli
