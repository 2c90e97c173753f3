#pragma once
// Ctrl-C and SIGTERM during `run`, `sweep` and `whatif`: the signal only raises a flag that the
// ensemble polls between replicate blocks (sim::EnsembleOptions::cancel); the command then marks
// its started runs incomplete and exits with 128 + the signal number (130 for SIGINT).

#include <atomic>
#include <cstdint>
#include <vector>

namespace orgforces::store {
class ResultsStore;
}

namespace orgforces::cli {

/// Installs the SIGINT/SIGTERM handlers (once; a second signal kills as usual) and returns the
/// flag they raise. On an MPI job the handlers are not installed (a rank stopping alone would
/// leave the others waiting) and the flag stays false.
const std::atomic<bool>* install_interrupt_handler();

/// Exit code for the signal that interrupted the command: 130 for SIGINT, 143 for SIGTERM.
int interrupted_exit_code();

/// Marks `run_ids` (those still 'running') incomplete, says so on stderr, and throws Exit with
/// interrupted_exit_code(). Ids of 0 are skipped; `db` may be null (--no-db).
[[noreturn]] void exit_interrupted(store::ResultsStore* db, const std::vector<std::int64_t>& run_ids);

}  // namespace orgforces::cli
