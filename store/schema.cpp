#include "store/schema.hpp"

namespace orgforces::store {

namespace {

// Version 0 -> 1: the first schema.
constexpr std::string_view kSchema1 = R"sql(
CREATE TABLE scenarios (
    hash TEXT PRIMARY KEY,            -- SHA-256 of text, 64 hex digits
    name TEXT NOT NULL,
    text TEXT NOT NULL
);

CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    scenario_name TEXT NOT NULL,
    scenario_hash TEXT NOT NULL REFERENCES scenarios(hash),
    overrides TEXT NOT NULL DEFAULT '[]',   -- JSON [{"path":..,"value":..}]
    seed INTEGER NOT NULL,                  -- 64-bit seed (bit pattern of the unsigned value)
    replicates INTEGER NOT NULL,
    horizon INTEGER NOT NULL,
    threads INTEGER NOT NULL,
    ranks INTEGER NOT NULL DEFAULT 1,
    engine_version TEXT NOT NULL,
    command TEXT NOT NULL DEFAULT 'run',
    label TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('running', 'complete', 'incomplete', 'failed')),
    started_at TEXT NOT NULL,
    finished_at TEXT,
    wall_seconds REAL,
    person_ticks INTEGER,
    host TEXT NOT NULL DEFAULT '',
    pid INTEGER NOT NULL DEFAULT 0,
    error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX runs_by_scenario ON runs(scenario_hash);

CREATE TABLE series (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,                   -- order of the series in the result
    entity TEXT NOT NULL,
    measure TEXT NOT NULL,
    tick INTEGER NOT NULL,
    mean REAL, ci_lo REAL, ci_hi REAL,
    q05 REAL, q25 REAL, q50 REAL, q75 REAL, q95 REAL,
    PRIMARY KEY (run_id, seq, tick)
) WITHOUT ROWID;

CREATE TABLE scalars (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    entity TEXT NOT NULL,
    measure TEXT NOT NULL,
    value REAL, lo REAL, hi REAL,
    n INTEGER NOT NULL,
    PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;

CREATE TABLE outcomes (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    replicate INTEGER NOT NULL,
    venture TEXT NOT NULL,
    status TEXT NOT NULL,
    end_tick INTEGER NOT NULL,
    value REAL, salvage REAL,
    promoted TEXT NOT NULL,
    recovery_ticks INTEGER NOT NULL,
    tripwire_tick INTEGER NOT NULL,
    spiral_effort REAL,
    stones_done INTEGER NOT NULL,
    stones_reused INTEGER NOT NULL,
    stones_graduated INTEGER NOT NULL,
    failure_cause TEXT NOT NULL,
    PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;

CREATE TABLE survival (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    venture TEXT NOT NULL,
    step INTEGER NOT NULL,
    tick INTEGER NOT NULL,
    survival REAL, lo REAL, hi REAL,
    PRIMARY KEY (run_id, seq, step)
) WITHOUT ROWID;

CREATE TABLE replicate_values (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    entity TEXT NOT NULL,
    measure TEXT NOT NULL,
    replicate INTEGER NOT NULL,
    value REAL,
    PRIMARY KEY (run_id, seq, replicate)
) WITHOUT ROWID;

CREATE TABLE events (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    tick INTEGER NOT NULL,
    label TEXT NOT NULL,
    overrides TEXT NOT NULL,                -- JSON, as runs.overrides
    PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;

CREATE TABLE sweeps (
    id INTEGER PRIMARY KEY,
    scenario_name TEXT NOT NULL,
    scenario_hash TEXT NOT NULL REFERENCES scenarios(hash),
    design TEXT NOT NULL,                   -- JSON description of the grid or sample
    seed INTEGER NOT NULL,
    replicates INTEGER NOT NULL,
    points INTEGER NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE sweep_points (
    sweep_id INTEGER NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
    point INTEGER NOT NULL,
    overrides TEXT NOT NULL,
    run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
    PRIMARY KEY (sweep_id, point)
) WITHOUT ROWID;
CREATE INDEX sweep_points_by_run ON sweep_points(run_id);
)sql";

// Version 1 -> 2: run ids are never reused (AUTOINCREMENT), and a complete run carries the
// SHA-256 of its results. SQLite cannot add AUTOINCREMENT to a table, so `runs` is rebuilt; this
// runs with foreign keys off, so dropping the old table does not cascade to the results.
constexpr std::string_view kSchema2 = R"sql(
CREATE TABLE runs_v2 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    scenario_name TEXT NOT NULL,
    scenario_hash TEXT NOT NULL REFERENCES scenarios(hash),
    overrides TEXT NOT NULL DEFAULT '[]',
    seed INTEGER NOT NULL,
    replicates INTEGER NOT NULL,
    horizon INTEGER NOT NULL,
    threads INTEGER NOT NULL,
    ranks INTEGER NOT NULL DEFAULT 1,
    engine_version TEXT NOT NULL,
    command TEXT NOT NULL DEFAULT 'run',
    label TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('running', 'complete', 'incomplete', 'failed')),
    started_at TEXT NOT NULL,
    finished_at TEXT,
    wall_seconds REAL,
    person_ticks INTEGER,
    host TEXT NOT NULL DEFAULT '',
    pid INTEGER NOT NULL DEFAULT 0,
    error TEXT NOT NULL DEFAULT '',
    results_sha256 TEXT                     -- SHA-256 of the results (store/run_digest.hpp); NULL before version 2
);
INSERT INTO runs_v2 (id, scenario_name, scenario_hash, overrides, seed, replicates, horizon, threads, ranks,
                     engine_version, command, label, status, started_at, finished_at, wall_seconds,
                     person_ticks, host, pid, error)
SELECT id, scenario_name, scenario_hash, overrides, seed, replicates, horizon, threads, ranks,
       engine_version, command, label, status, started_at, finished_at, wall_seconds,
       person_ticks, host, pid, error FROM runs;
DROP TABLE runs;
ALTER TABLE runs_v2 RENAME TO runs;
CREATE INDEX runs_by_scenario ON runs(scenario_hash);
)sql";

// Version 2 -> 3: each event keeps its whole canonical text (model::event_text), so a stored
// run's moves, replaced leaders and layoff policies read back; '' for events stored before.
constexpr std::string_view kSchema3 = R"sql(
ALTER TABLE events ADD COLUMN event TEXT NOT NULL DEFAULT '';
)sql";

}  // namespace

const std::vector<std::string_view>& migrations() {
    static const std::vector<std::string_view> steps = {kSchema1, kSchema2, kSchema3};
    return steps;
}

}  // namespace orgforces::store
