#pragma once
// The results database: every run with the scenario that produced it, its ensemble summaries,
// per-replicate venture outcomes and events; sweeps that link runs. Schema in docs/database.md.
//
// Crash safety: begin_run() commits a 'running' row on its own; finish_run() writes every result
// and flips the status to 'complete' in one transaction. A process killed in between leaves a run
// that is visibly not complete and has no half-written results. Opening the database marks
// 'running' rows of dead processes on this host as 'incomplete'.
//
// Damage: every complete run carries a SHA-256 of its results, verified (with range checks) by
// load_run(); opening for writing runs SQLite's quick_check first and refuses a damaged file
// before writing anything to it.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/scenario.hpp"
#include "sim/results.hpp"
#include "store/store_error.hpp"

namespace orgforces::sim {
struct RunPlan;
}

namespace orgforces::store {

class Database;

inline constexpr int kSchemaVersion = 3;
inline constexpr const char* kDefaultDatabase = "orgforces.db";

enum class RunStatus { Running, Complete, Incomplete, Failed };
const char* to_string(RunStatus s);

/// A point of a sweep: the run of point `point` of sweep `sweep_id`.
struct SweepPointRef {
    std::int64_t sweep_id = 0;
    int point = 0;
};

/// What is known about a run before it starts.
struct RunSpec {
    std::string scenario_name;
    std::string scenario_text;                 ///< the exact file contents
    std::vector<model::Override> overrides;    ///< --set, a what-if variant or a sweep point
    std::vector<model::Event> events;          ///< the scenario's scheduled events, a variant's too
    std::vector<std::string> dimensions;       ///< the scenario's practice dimensions (they key a new leader's intent)
    std::uint64_t seed = 0;
    int replicates = 0;
    int horizon = 0;
    int threads = 0;
    int ranks = 1;                             ///< MPI processes that shared the work
    std::string command = "run";               ///< "run", "whatif" or "sweep"
    std::string label;                         ///< variant name, sweep point, or ""
    std::optional<SweepPointRef> sweep_point;
};

/// The spec of a run of `s` (its text and events) with `plan`'s settings and overrides, on one rank.
RunSpec run_spec(const model::Scenario& s, const sim::RunPlan& plan, std::string command = "run", std::string label = "");

/// One row of the runs table.
struct RunRecord {
    std::int64_t id = 0;
    RunSpec spec;                              ///< events and sweep_point are filled by load_run
    std::string scenario_hash;                 ///< SHA-256 of spec.scenario_text, hex
    std::string engine_version;
    RunStatus status = RunStatus::Running;
    std::string started_at;                    ///< ISO 8601 UTC
    std::string finished_at;                   ///< "" while running
    double wall_seconds = 0.0;
    std::int64_t person_ticks = 0;
    std::string host;
    std::int64_t pid = 0;
    std::string error;                         ///< why a run failed
    bool events_whole = true;                  ///< false: stored before schema 3, events hold tick, label and set only
};

/// A complete run read back: what it was and what it produced.
struct StoredRun {
    RunRecord record;
    sim::EnsembleResult result;
    bool checksum_verified = false;            ///< false: stored before checksums (range-checked only)
};

/// What `db check` found.
struct CheckReport {
    std::vector<std::string> file_problems;    ///< SQLite's integrity_check messages
    std::vector<std::pair<std::int64_t, std::string>> damaged_runs;
    int runs = 0;
    int intact = 0;                            ///< complete, checksum verified
    int unverified = 0;                        ///< complete, stored before checksums, values sane
    int not_complete = 0;
    bool ok() const { return file_problems.empty() && damaged_runs.empty(); }
};

/// What `db recover` copied.
struct RecoverReport {
    int copied = 0;
    std::vector<std::pair<std::int64_t, std::string>> skipped;
    bool sweeps_dropped = false;
};

enum class DeleteResult { Deleted, Missing, Running };

/// A sweep: a list of design points over one scenario, each stored as a run.
struct SweepSpec {
    std::string scenario_name;
    std::string scenario_text;
    std::string design;                        ///< how the points were made (JSON, for humans)
    std::uint64_t seed = 0;
    int replicates = 0;
    std::vector<std::vector<model::Override>> points;
};

struct SweepPoint {
    int point = 0;
    std::vector<model::Override> overrides;
    std::int64_t run_id = 0;                   ///< 0: not started
    std::optional<RunStatus> run_status;       ///< of run_id
};

struct SweepRecord {
    std::int64_t id = 0;
    std::string scenario_name;
    std::string scenario_hash;
    std::string scenario_text;
    std::string design;
    std::uint64_t seed = 0;
    int replicates = 0;
    int points = 0;
    int done = 0;                              ///< points whose run is complete
    std::string created_at;
};

/// Summary counts returned by gc().
struct GcReport {
    int runs_removed = 0;
    std::int64_t bytes_before = 0;
    std::int64_t bytes_after = 0;              ///< in use; free pages are reused by later runs
    bool compacted = false;                    ///< the file itself was shrunk (VACUUM)
};

class ResultsStore {
public:
    /// ReadOnly: an existing file, never written (no migration, no marking of dead runs); works
    /// in a read-only directory. The others open for writing after SQLite's quick_check.
    enum class OpenMode { CreateIfMissing, MustExist, ReadOnly };

    /// Opens or creates the database at `path` (":memory:" for a private one) and migrates it to
    /// kSchemaVersion. Throws StoreError for a file that is not an orgforces database, a damaged
    /// file (refused before any write), a newer schema, or (MustExist, ReadOnly) a missing file.
    explicit ResultsStore(const std::string& path, OpenMode mode = OpenMode::CreateIfMissing);
    ~ResultsStore();
    ResultsStore(ResultsStore&&) noexcept;
    ResultsStore& operator=(ResultsStore&&) noexcept;

    const std::string& path() const;
    int schema_version() const;

    /// Commits a 'running' row for a run about to start; returns its id.
    std::int64_t begin_run(const RunSpec& spec);
    /// Writes every result of run `id` with their checksum and marks it 'complete', atomically.
    void finish_run(std::int64_t id, const sim::EnsembleResult& result);
    /// begin_run + finish_run: stores a finished run (from a side file); returns its id.
    std::int64_t store_run(const RunSpec& spec, const sim::EnsembleResult& result);
    /// Marks run `id` as failed (or incomplete, when cancelled) with a reason.
    void abandon_run(std::int64_t id, RunStatus status, const std::string& reason);

    /// Runs, newest first (`limit` 0: all).
    std::vector<RunRecord> list_runs(int limit = 0);
    /// The run's row, or nullopt.
    std::optional<RunRecord> find_run(std::int64_t id);
    /// A complete run with all its results, its checksum verified and its values range-checked;
    /// throws StoreError if missing, not complete, or damaged (kind Damaged).
    StoredRun load_run(std::int64_t id);
    /// Deletes a run and its results; refuses a run still running unless `force`.
    DeleteResult delete_run(std::int64_t id, bool force = false);
    /// Removes runs that are not complete (incomplete or failed) and started more than
    /// `older_than_seconds` ago, in one transaction that also returns free pages to the file
    /// system when the file allows it (new files do); `compact` then rewrites the whole file
    /// (VACUUM), which blocks writers while it runs.
    GcReport gc(double older_than_seconds, bool compact = false);

    /// SQLite's integrity_check, then every run's checksum and values.
    CheckReport check();
    /// Copies every intact complete run, with its id, into `target` (a new database).
    RecoverReport recover_into(ResultsStore& target);
    /// Caps the file at `pages` pages, as a full disk would (for tests).
    void set_page_limit(std::int64_t pages);
    /// The connection, for tests that damage or lock the file on purpose.
    Database& connection_for_testing();

    /// Creates a sweep with all its points (none started); returns its id.
    std::int64_t create_sweep(const SweepSpec& spec);
    std::optional<SweepRecord> find_sweep(std::int64_t id);
    std::vector<SweepRecord> list_sweeps();
    std::vector<SweepPoint> sweep_points(std::int64_t sweep_id);
    /// Points of the sweep still to run (no run yet, or one that did not complete), in order.
    std::vector<int> pending_points(std::int64_t sweep_id);

    struct Impl;

private:
    void verify(StoredRun& run);

    std::unique_ptr<Impl> impl_;
};

}  // namespace orgforces::store
