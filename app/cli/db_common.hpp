#pragma once
// Shared by the commands that read or write the results database: the --db/--no-db options,
// opening the store, run ids, plain-text tables, CSV quoting and a line diff.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/results_store.hpp"

namespace CLI {
class App;
}

namespace orgforces::cli {

struct DbOptions {
    std::string path = store::kDefaultDatabase;
    bool disabled = false;
};

/// Adds `--db PATH` and, when `allow_disable`, `--no-db` to `cmd`.
void add_db_options(CLI::App& cmd, DbOptions& options, bool allow_disable);

/// Opens an existing database for a command that reads runs (StoreError when missing).
store::ResultsStore open_existing(const DbOptions& options);

/// Opens (or creates) the database to store runs; empty with --no-db.
std::optional<store::ResultsStore> open_for_writing(const DbOptions& options);

/// A run that must exist: throws UsageError naming the run otherwise.
store::RunRecord require_run(store::ResultsStore& db, std::int64_t id);

/// `path=value, path=value` (or "-" when empty).
std::string format_overrides(const std::vector<model::Override>& overrides);

/// A number in the shortest form that reads back the same (%.17g trimmed to %.6g when exact).
std::string format_number(double v);

/// Seconds as "0.42 s", "12.3 s", "4 min 10 s".
std::string format_seconds(double seconds);

/// Left-aligned text columns; numeric-looking cells are right-aligned.
class TextTable {
public:
    explicit TextTable(std::vector<std::string> header);
    void add(std::vector<std::string> row);
    std::string render() const;
    bool empty() const { return rows_.empty(); }

private:
    std::vector<std::string> header_;
    std::vector<std::vector<std::string>> rows_;
};

/// A text field for a CSV file: RFC 4180 quoting when needed, and a cell that a spreadsheet would
/// run as a formula (text beginning with = + - @ tab or CR that is not a number) is neutralized
/// with a leading ' and quoted (OWASP "CSV Injection"). Numbers are written by the callers.
std::string csv_field(const std::string& text);

/// A unified line diff of two texts with `context` lines around each change; "" when equal.
std::string line_diff(const std::string& a, const std::string& b, const std::string& name_a,
                      const std::string& name_b, int context = 2);

/// Duration text like "30m", "12h", "7d", "90s" or a number of seconds; throws UsageError.
double parse_duration(const std::string& text);

}  // namespace orgforces::cli
