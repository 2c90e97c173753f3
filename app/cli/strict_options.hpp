#pragma once
// The same rules for the same option in every command: --seed is a whole number in [0, 2^64),
// --replicates is capped by model::Limits::max_replicates, --threads above a sane multiple of
// the cores is lowered with a warning. Applied once after every command has been set up.

namespace CLI {
class App;
}

namespace orgforces::cli {

/// Threads allowed per core before --threads is lowered (results do not depend on it).
inline constexpr int kMaxThreadsPerCore = 4;

/// Adds the shared checks to every --seed, --replicates and --threads of `app`'s subcommands.
void apply_strict_options(CLI::App& app);

/// How long writers wait for a locked database: ORGFORCES_DB_WAIT seconds (default 300), with
/// a message on stderr once a wait passes a second. Throws UsageError for a bad value.
void configure_database_waits();

}  // namespace orgforces::cli
