#pragma once
// A run that could not be stored (the database locked past the wait ceiling, read-only, or the
// disk full) is written to a side file instead; `orgforces import FILE` stores it later. The file
// is JSON that carries the run's spec and every result bit for bit, with the results' digest.

#include <filesystem>
#include <string>

#include "sim/results.hpp"
#include "store/results_store.hpp"

namespace orgforces::store {

struct SavedRun {
    RunSpec spec;
    sim::EnsembleResult result;
};

/// The side-file text of a run.
std::string saved_run_text(const RunSpec& spec, const sim::EnsembleResult& result);
/// Reads a side file; throws StoreError naming `path` for anything but an intact side file.
SavedRun read_saved_run(const std::filesystem::path& path);

/// Writes the side file of a run next to `database` (or, if that fails, in the temporary
/// directory) and returns its path; throws StoreError when no place can hold it.
std::filesystem::path save_run(const std::string& database, const RunSpec& spec, const sim::EnsembleResult& result);

}  // namespace orgforces::store
