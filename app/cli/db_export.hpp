#pragma once
// Stored runs as JSON and as a folder of CSV files (`show --json`, `export`).

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "store/results_store.hpp"

namespace orgforces::cli {

/// The run's record (what it was) as JSON, without the scenario text.
nlohmann::json record_json(const store::RunRecord& r);

/// The record, the scenario text and every result.
nlohmann::json run_json(const store::StoredRun& run);

/// The one CSV writer of results (`run --csv` and `export --csv`): writes series.csv, scalars.csv,
/// outcomes.csv, survival.csv and replicate_values.csv into `dir` (created if needed), numbers at
/// full precision and text cells through csv_field; appends the files written to `written`.
void write_result_csv(const sim::EnsembleResult& result, const std::filesystem::path& dir,
                      std::vector<std::filesystem::path>& written);

/// Writes run.csv, series.csv, scalars.csv, outcomes.csv, survival.csv, replicate_values.csv and
/// scenario.yaml into `dir` (created if needed); returns the files written.
std::vector<std::filesystem::path> write_csv_dir(const store::StoredRun& run, const std::filesystem::path& dir);

}  // namespace orgforces::cli
