#pragma once
// Stored runs as JSON and as a folder of CSV files (`show --json`, `export`).

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "store/results_store.hpp"

namespace orgforces::cli {

/// The one JSON shape of a result, for `run --json`, `show --json` and `export --json` alike:
/// {"run": what was run (id null when not stored), "stats": how it ran, "scenario_text", "series",
/// "scalars", "outcomes", "survival", "horizon_values"}; without a result (a run that did not
/// complete) the arrays are empty. `orgforces schema --results` prints its JSON Schema.
nlohmann::json result_json(const store::RunRecord& record, const sim::EnsembleResult* result);

/// The JSON Schema (draft-07) that every result_json document satisfies.
std::string result_json_schema();

/// The one CSV writer of results (`run --csv` and `export --csv`): writes series.csv, scalars.csv,
/// outcomes.csv, survival.csv and replicate_values.csv into `dir` (created if needed), numbers at
/// full precision and text cells through csv_field; appends the files written to `written`.
void write_result_csv(const sim::EnsembleResult& result, const std::filesystem::path& dir,
                      std::vector<std::filesystem::path>& written);

/// Writes run.csv, series.csv, scalars.csv, outcomes.csv, survival.csv, replicate_values.csv and
/// scenario.yaml into `dir` (created if needed); returns the files written.
std::vector<std::filesystem::path> write_csv_dir(const store::StoredRun& run, const std::filesystem::path& dir);

}  // namespace orgforces::cli
