#pragma once
// The results database: every run with the scenario that produced it, its ensemble summaries,
// per-replicate venture outcomes and events; sweeps that link runs. Schema in docs/database.md.
//
// Crash safety: begin_run() commits a 'running' row on its own; finish_run() writes every result
// and flips the status to 'complete' in one transaction. A process killed in between leaves a run
// that is visibly not complete and has no half-written results. Opening the database marks
// 'running' rows of dead processes on this host as 'incomplete'.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/scenario.hpp"
#include "sim/results.hpp"
#include "store/store_error.hpp"

namespace orgforces::store {

inline constexpr int kSchemaVersion = 1;
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
    std::vector<model::Event> events;          ///< the scenario's scheduled events
    std::uint64_t seed = 0;
    int replicates = 0;
    int horizon = 0;
    int threads = 0;
    int ranks = 1;                             ///< MPI processes that shared the work
    std::string command = "run";               ///< "run", "whatif" or "sweep"
    std::string label;                         ///< variant name, sweep point, or ""
    std::optional<SweepPointRef> sweep_point;
};

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
};

/// A complete run read back: what it was and what it produced.
struct StoredRun {
    RunRecord record;
    sim::EnsembleResult result;
};

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
    std::int64_t bytes_after = 0;
};

class ResultsStore {
public:
    enum class OpenMode { CreateIfMissing, MustExist };

    /// Opens or creates the database at `path` (":memory:" for a private one) and migrates it to
    /// kSchemaVersion. Throws StoreError for a file that is not an orgforces database, a damaged
    /// file, a newer schema, or (MustExist) a missing file.
    explicit ResultsStore(const std::string& path, OpenMode mode = OpenMode::CreateIfMissing);
    ~ResultsStore();
    ResultsStore(ResultsStore&&) noexcept;
    ResultsStore& operator=(ResultsStore&&) noexcept;

    const std::string& path() const;
    int schema_version() const;

    /// Commits a 'running' row for a run about to start; returns its id.
    std::int64_t begin_run(const RunSpec& spec);
    /// Writes every result of run `id` and marks it 'complete', atomically.
    void finish_run(std::int64_t id, const sim::EnsembleResult& result);
    /// Marks run `id` as failed (or incomplete, when cancelled) with a reason.
    void abandon_run(std::int64_t id, RunStatus status, const std::string& reason);

    /// Runs, newest first (`limit` 0: all).
    std::vector<RunRecord> list_runs(int limit = 0);
    /// The run's row, or nullopt.
    std::optional<RunRecord> find_run(std::int64_t id);
    /// A complete run with all its results; throws StoreError if missing or not complete.
    StoredRun load_run(std::int64_t id);
    /// Deletes a run and its results; false if there was no such run.
    bool delete_run(std::int64_t id);
    /// Removes runs that are not complete (incomplete, failed, or running in a dead process)
    /// and started more than `older_than_seconds` ago, then compacts the file.
    GcReport gc(double older_than_seconds);

    /// Creates a sweep with all its points (none started); returns its id.
    std::int64_t create_sweep(const SweepSpec& spec);
    std::optional<SweepRecord> find_sweep(std::int64_t id);
    std::vector<SweepRecord> list_sweeps();
    std::vector<SweepPoint> sweep_points(std::int64_t sweep_id);
    /// Points of the sweep still to run (no run yet, or one that did not complete), in order.
    std::vector<int> pending_points(std::int64_t sweep_id);

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace orgforces::store
