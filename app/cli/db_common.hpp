#pragma once
// Shared by the commands that read or write the results database: the --db/--no-db options,
// opening the store, storing runs (or saving them to side files), run ids, terminal-safe text,
// plain-text tables, CSV quoting and a line diff.

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/results.hpp"
#include "store/results_store.hpp"

namespace CLI {
class App;
}

namespace orgforces::cli {

class ProgressBar;

struct DbOptions {
    std::string path = store::kDefaultDatabase;
    bool disabled = false;
};

/// Adds `--db PATH` and, when `allow_disable`, `--no-db` to `cmd`.
void add_db_options(CLI::App& cmd, DbOptions& options, bool allow_disable);

/// Opens an existing database for a command that changes it (StoreError when missing).
store::ResultsStore open_existing(const DbOptions& options);

/// Opens an existing database for a command that only reads it; never writes, so it works on a
/// read-only file or directory (StoreError when missing).
store::ResultsStore open_for_reading(const DbOptions& options);

/// Opens (or creates) the database to store runs; empty with --no-db.
std::optional<store::ResultsStore> open_for_writing(const DbOptions& options);

/// Stores a command's runs. When the database cannot be written (locked past the wait ceiling,
/// read-only, disk full), a finished run goes to a side file that `orgforces import` stores
/// later, and the message says so: computed work is never lost to the database.
class RunRecorder {
public:
    explicit RunRecorder(const DbOptions& options);
    /// The database, or nullptr with --no-db or when it could not be opened for writing.
    store::ResultsStore* db() { return db_ ? &*db_ : nullptr; }
    /// Records a run about to start; 0 when the database cannot take it now (stored at finish).
    std::int64_t begin(const store::RunSpec& spec);
    /// Stores the finished run; false when it went to a side file instead.
    bool finish(std::int64_t id, const store::RunSpec& spec, const sim::EnsembleResult& result);
    /// Marks a started run failed or incomplete, if the database lets it.
    void abandon(std::int64_t id, store::RunStatus status, const std::string& reason);
    /// Runs saved to side files so far.
    int unsaved() const { return unsaved_; }

private:
    std::string path_;
    bool enabled_ = false;
    std::optional<store::ResultsStore> db_;
    int unsaved_ = 0;
};

/// begin_run, or 0 with a message when the database cannot take the row now.
std::int64_t begin_or_defer(store::ResultsStore& db, const store::RunSpec& spec);
/// finish_run (store_run when `id` is 0) and returns the run's id; when the database cannot be
/// written, saves the run to a side file, marks the row failed if it can, says so and returns 0.
std::int64_t finish_or_save(store::ResultsStore& db, std::int64_t id, const store::RunSpec& spec,
                    const sim::EnsembleResult& result);

/// Runs `work` for stored run `run_id` (0: none) under `bar`: if it throws, erases the bar, marks the
/// run failed and rethrows; else erases the bar and returns the wall seconds `work` took.
double run_or_abandon(store::ResultsStore* db, std::int64_t run_id, ProgressBar& bar, const std::function<void()>& work);

/// `text` safe to print on a terminal: control characters (C0 but tab, and newline unless
/// `keep_newlines`; DEL; C1) and bytes that are not UTF-8 become visible escapes like \x1b.
std::string terminal_text(std::string_view text, bool keep_newlines = false);

/// JSON text that never fails: bytes that are not UTF-8 (stored by an older orgforces) are
/// replaced by U+FFFD.
std::string json_text(const nlohmann::json& j, int indent = 2);

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
    /// The table; with `columns` > 0, text columns (leftmost first, to no less than 16 glyphs or
    /// their header) are cut with "…" until every line fits that many characters.
    std::string render(std::size_t columns = 0) const;
    bool empty() const { return rows_.empty(); }

private:
    std::vector<std::string> header_;
    std::vector<std::vector<std::string>> rows_;
};

/// Which rows of a result a user asked for (`--team`, `--measure`), and in what order: the
/// scenario's focus first. Empty lists keep everything.
struct RowFilter {
    std::vector<std::string> entities;   ///< the teams asked for and their ventures
    std::vector<std::string> measures;   ///< a kind ("drift") or a full name ("ideas_dismissed:design")
    std::vector<std::string> focus;      ///< entities to lead with
    bool keep(const std::string& entity, const std::string& measure) const;
    /// 0 for the focus (in its order), then 1 + focus size for the rest.
    std::size_t rank(const std::string& entity) const;
};

/// The filter for `teams` and `measures` against a stored run's scenario text and results;
/// throws UsageError (exit 2) for a team or measure the run does not have, listing the valid ones.
RowFilter make_row_filter(const std::string& scenario_text, const sim::EnsembleResult& r,
                          const std::vector<std::string>& teams, const std::vector<std::string>& measures);

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
