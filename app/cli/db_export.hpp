#pragma once
// Stored runs as JSON and as a folder of CSV files (`show --json`, `export`).

#include <filesystem>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "store/results_store.hpp"

namespace orgforces::cli {

/// The run's record (what it was) as JSON, without the scenario text.
nlohmann::json record_json(const store::RunRecord& r);

/// The record, the scenario text and every result.
nlohmann::json run_json(const store::StoredRun& run);

/// Writes run.csv, series.csv, scalars.csv, outcomes.csv, survival.csv, replicate_values.csv and
/// scenario.yaml into `dir` (created if needed); returns the files written.
std::vector<std::filesystem::path> write_csv_dir(const store::StoredRun& run, const std::filesystem::path& dir);

}  // namespace orgforces::cli
