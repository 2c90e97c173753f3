#include "store/results_store.hpp"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <limits>
#include <thread>
#include <utility>

#include <sys/types.h>
#include <unistd.h>

#include "model/diagnostics.hpp"
#include "model/loader.hpp"
#include "model/schema.hpp"
#include "orgforces/version.hpp"
#include "sim/run_plan.hpp"
#include "store/run_digest.hpp"
#include "store/schema.hpp"
#include "store/sha256.hpp"
#include "store/sqlite.hpp"

// Sections: [helpers] [open and migrate] [runs] [loading] [maintenance] [sweeps]

namespace orgforces::store {

// [helpers] -----------------------------------------------------------------------------------

namespace {

std::string now_utc() {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string host_name() {
    char buf[256] = {};
    if (gethostname(buf, sizeof buf - 1) != 0) return "";
    return buf;
}

bool process_alive(std::int64_t pid) {
    if (pid <= 0) return false;
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

// Seeds are unsigned 64-bit; SQLite integers are signed. Store the bit pattern.
std::int64_t seed_to_db(std::uint64_t s) { return static_cast<std::int64_t>(s); }
std::uint64_t seed_from_db(std::int64_t s) { return static_cast<std::uint64_t>(s); }

std::string overrides_to_json(const std::vector<model::Override>& overrides) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& o : overrides) j.push_back({{"path", o.path}, {"value", o.value}});
    return j.dump();
}

std::vector<model::Override> overrides_from_json(const std::string& db_path, const std::string& text) {
    std::vector<model::Override> out;
    try {
        const auto j = nlohmann::json::parse(text);
        for (const auto& e : j) {
            model::Override o;
            o.path = e.at("path").get<std::string>();
            o.value = e.at("value").get<double>();
            out.push_back(std::move(o));
        }
    } catch (const nlohmann::json::exception& e) {
        throw StoreError(db_path, std::string("damaged overrides in the database: ") + e.what());
    }
    return out;
}

RunStatus status_from_text(const std::string& s) {
    if (s == "running") return RunStatus::Running;
    if (s == "complete") return RunStatus::Complete;
    if (s == "failed") return RunStatus::Failed;
    return RunStatus::Incomplete;
}

sim::VentureStatus venture_status_from_text(const std::string& s) {
    if (s == "succeeded") return sim::VentureStatus::Succeeded;
    if (s == "failed") return sim::VentureStatus::Failed;
    if (s == "dormant") return sim::VentureStatus::Dormant;
    if (s == "framed") return sim::VentureStatus::Framed;
    return sim::VentureStatus::Running;
}

constexpr const char* kRunColumns =
    "id, scenario_name, runs.scenario_hash, overrides, seed, replicates, horizon, threads, ranks, "
    "engine_version, command, label, status, started_at, coalesce(finished_at, ''), "
    "coalesce(wall_seconds, 0), coalesce(person_ticks, 0), host, pid, error";

RunRecord read_run_row(const std::string& db_path, const Statement& st) {
    RunRecord r;
    r.id = st.column_int(0);
    r.spec.scenario_name = st.column_text(1);
    r.scenario_hash = st.column_text(2);
    r.spec.overrides = overrides_from_json(db_path, st.column_text(3));
    r.spec.seed = seed_from_db(st.column_int(4));
    r.spec.replicates = static_cast<int>(st.column_int(5));
    r.spec.horizon = static_cast<int>(st.column_int(6));
    r.spec.threads = static_cast<int>(st.column_int(7));
    r.spec.ranks = static_cast<int>(st.column_int(8));
    r.engine_version = st.column_text(9);
    r.spec.command = st.column_text(10);
    r.spec.label = st.column_text(11);
    r.status = status_from_text(st.column_text(12));
    r.started_at = st.column_text(13);
    r.finished_at = st.column_text(14);
    r.wall_seconds = st.column_double(15);
    r.person_ticks = st.column_int(16);
    r.host = st.column_text(17);
    r.pid = st.column_int(18);
    r.error = st.column_text(19);
    return r;
}

}  // namespace

RunSpec run_spec(const model::Scenario& s, const sim::RunPlan& plan, std::string command, std::string label) {
    RunSpec spec;
    spec.scenario_name = s.name;
    spec.scenario_text = s.source_text;
    spec.overrides = plan.overrides;
    spec.events = s.events;
    for (const auto& d : s.dimensions) spec.dimensions.push_back(d.name);
    spec.seed = plan.seed;
    spec.replicates = plan.replicates;
    spec.horizon = s.horizon;
    spec.threads = plan.threads;
    spec.command = std::move(command);
    spec.label = std::move(label);
    return spec;
}

const char* to_string(RunStatus s) {
    switch (s) {
        case RunStatus::Running: return "running";
        case RunStatus::Complete: return "complete";
        case RunStatus::Incomplete: return "incomplete";
        case RunStatus::Failed: return "failed";
    }
    return "incomplete";
}

namespace {

// Every event whole (its canonical text), and its tick, label and assignments as columns of their
// own. Events read from a database older than schema 3 are not whole: they keep '' as they had.
void insert_events(Database& db, std::int64_t id, const RunSpec& spec, bool whole = true) {
    Statement ev(db, "INSERT INTO events(run_id, seq, tick, label, overrides, event) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    for (std::size_t i = 0; i < spec.events.size(); ++i) {
        const auto& e = spec.events[i];
        ev.bind(1, id).bind(2, static_cast<std::int64_t>(i)).bind(3, e.tick).bind(4, e.label)
            .bind(5, overrides_to_json(e.set)).bind(6, whole ? model::event_text(e, spec.dimensions) : std::string()).run();
    }
}

}  // namespace

struct ResultsStore::Impl {
    Database db;
    int version = 0;
    std::string host = host_name();

    explicit Impl(Database d) : db(std::move(d)) {}

    void insert_scenario(const std::string& hash, const std::string& name, const std::string& text) {
        Statement st(db, "INSERT OR IGNORE INTO scenarios(hash, name, text) VALUES (?1, ?2, ?3)");
        st.bind(1, hash).bind(2, name).bind(3, text).run();
    }

    /// The fields of run `id` its checksum covers; nullopt when there is no such run.
    std::optional<DigestedRow> digested_row(std::int64_t id) {
        Statement st(db, "SELECT scenario_hash, overrides, seed, replicates, horizon FROM runs WHERE id = ?1");
        st.bind(1, id);
        if (!st.step()) return std::nullopt;
        return DigestedRow{st.column_text(0), st.column_text(1), st.column_int(2), st.column_int(3), st.column_int(4)};
    }

    /// A read-only view shows a 'running' row of a dead process on this host as a writer would
    /// mark it on opening: incomplete.
    void view_stale(RunRecord& r) const {
        if (r.status == RunStatus::Running && r.host == host && !process_alive(r.pid)) {
            r.status = RunStatus::Incomplete;
            r.error = "the process ended before the run finished";
        }
    }

    /// Inserts every result of run `id` (inside the caller's transaction).
    void write_results(std::int64_t id, const sim::EnsembleResult& result);
};

// [open and migrate] --------------------------------------------------------------------------

namespace {

constexpr const char* kDamagedAdvice =
    "; nothing was written to it. `orgforces db check --db FILE` lists what is intact, and "
    "`orgforces db recover NEW.db --db FILE` copies the intact runs to a new file";

std::string advice(const std::string& path) {
    std::string a = kDamagedAdvice;
    for (std::size_t at; (at = a.find("FILE")) != std::string::npos;) a.replace(at, 4, path);
    return a;
}

// A read-only connection to a WAL database needs to create the -shm file unless the database is
// opened immutable, which is right only when no write-ahead log is pending.
bool wal_pending(const std::string& path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path + "-wal", ec);
    return !ec && size > 0;
}

// Whether this process may write the file (or create it) and the files beside it (-wal, -shm).
bool writable(const std::string& path) {
    std::filesystem::path dir = std::filesystem::path(path).parent_path();
    if (dir.empty()) dir = ".";
    return ::access(dir.c_str(), W_OK) == 0 && (::access(path.c_str(), F_OK) != 0 || ::access(path.c_str(), W_OK) == 0);
}

// The file's header: its application id, schema version and how many tables it has.
struct Header {
    std::int64_t app_id = 0, version = 0, tables = 0;
};

// The first read of the header tells a foreign or damaged file apart from a database. The three
// values are read in one transaction: another process creating the schema at the same moment
// must be seen entirely or not at all, never as tables without the application id.
Header read_header(Database& db) {
    Header h;
    db.exec("BEGIN");
    h.app_id = db.query_int("PRAGMA application_id");
    h.version = db.query_int("PRAGMA user_version");
    h.tables = db.query_int("SELECT count(*) FROM sqlite_master");
    db.exec("COMMIT");
    return h;
}

// Opens `name` and reads its header; a reader that cannot share a file it may not write (and
// with no write-ahead log pending) opens it immutable instead.
Database open_and_read_header(const std::string& path, const std::string& name, bool memory, bool read_only,
                              Header& header) {
    try {
        Database db(name, read_only ? Database::Mode::ReadOnly : Database::Mode::ReadWriteCreate);
        header = read_header(db);
        return db;
    } catch (const StoreError& e) {
        if (e.kind() == StoreError::Kind::Damaged) throw StoreError(path, e.message() + advice(path), e.kind());
        const bool cannot_share = e.kind() == StoreError::Kind::Io || e.kind() == StoreError::Kind::ReadOnly;
        if (!read_only && cannot_share && !memory && !writable(path))
            throw StoreError(path, "the database file or its directory is read-only, so runs cannot be stored "
                                   "there (commands that only read it work)", StoreError::Kind::ReadOnly);
        if (!read_only || memory || !cannot_share || wal_pending(path)) throw;
    }
    Database db(name, Database::Mode::Immutable);
    header = read_header(db);
    return db;
}

// Refuses a file that is not ours or is newer than this binary.
void check_header(const std::string& path, const Header& h, std::int64_t latest) {
    if (h.app_id != kApplicationId && !(h.app_id == 0 && h.tables == 0))
        throw StoreError(path, "not an orgforces results database (it is another SQLite database; "
                               "choose another file with --db PATH)");
    if (h.version > latest)
        throw StoreError(path, "written by a newer orgforces (schema version " + std::to_string(h.version) +
                                   "; this one reads up to " + std::to_string(latest) + ")");
}

// Never write to a damaged file. quick_check reads every page once (about a second per few
// hundred MB; docs/reliability.md), so its cost grows with the file, not the run.
void refuse_damaged(Database& db, const std::string& path) {
    Statement qc(db, "PRAGMA quick_check(5)");
    std::string problems;
    while (qc.step()) {
        const std::string line = qc.column_text(0);
        if (line != "ok") problems += (problems.empty() ? "" : "; ") + line;
    }
    if (!problems.empty())
        throw StoreError(path, "the database file is damaged (SQLite quick_check: " + problems + ")" + advice(path),
                         StoreError::Kind::Damaged);
}

// Switching to WAL needs a moment alone with the file; SQLite reports another process doing the
// same at that instant as "locked" without waiting, so retry for a while.
void enable_wal(Database& db) {
    for (int attempt = 0;; ++attempt) {
        try {
            db.exec("PRAGMA journal_mode=WAL");
            return;
        } catch (const StoreError& e) {
            if (e.kind() != StoreError::Kind::Busy || attempt >= 200) throw;
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
        }
    }
}

// Brings the schema from `version` to `latest`. Migrations run with foreign keys off: version 2
// rebuilds the runs table.
void migrate(Database& db, std::int64_t version, std::int64_t latest) {
    if (version >= latest) return;
    Transaction tx(db);
    // Re-read under the write lock: another process may have migrated meanwhile.
    auto v = db.query_int("PRAGMA user_version");
    for (; v < latest; ++v) db.exec(migrations()[static_cast<std::size_t>(v)]);
    db.exec("PRAGMA application_id=" + std::to_string(kApplicationId));
    db.exec("PRAGMA user_version=" + std::to_string(latest));
    tx.commit();
}

// Runs left 'running' by a process on this host that no longer exists were cut short.
void mark_stale_runs(Database& db, const std::string& host) {
    std::vector<std::int64_t> stale;
    {
        Statement st(db, "SELECT id, pid FROM runs WHERE status = 'running' AND host = ?1");
        st.bind(1, host);
        while (st.step())
            if (!process_alive(st.column_int(1))) stale.push_back(st.column_int(0));
    }
    if (stale.empty()) return;
    Transaction tx(db);
    Statement up(db, "UPDATE runs SET status = 'incomplete', "
                     "error = 'the process ended before the run finished' "
                     "WHERE id = ?1 AND status = 'running'");
    for (auto id : stale) up.bind(1, id).run();
    tx.commit();
}

}  // namespace

ResultsStore::ResultsStore(const std::string& path, OpenMode mode) {
    const bool memory = path == ":memory:" || path.empty();
    const bool read_only = mode == OpenMode::ReadOnly;
    if (!memory && mode != OpenMode::CreateIfMissing && !std::filesystem::exists(path))
        throw StoreError(path, "no results database here (runs are stored by `orgforces run`; "
                               "choose another file with --db PATH)");
    Header header;
    impl_ = std::make_unique<Impl>(open_and_read_header(path, memory ? ":memory:" : path, memory, read_only, header));
    Database& db = impl_->db;
    const auto latest = static_cast<std::int64_t>(migrations().size());
    check_header(path, header, latest);
    if (read_only) {
        if (header.tables == 0) throw StoreError(path, "holds no orgforces results yet (runs are stored by `orgforces run`)");
        impl_->version = static_cast<int>(header.version);   // an older schema is read as it is
        return;
    }
    if (header.tables > 0)
        refuse_damaged(db, path);
    else
        db.exec("PRAGMA auto_vacuum=INCREMENTAL");   // a new file frees pages to `gc` without a blocking VACUUM
    if (!memory) enable_wal(db);
    db.exec("PRAGMA synchronous=NORMAL");
    migrate(db, header.version, latest);
    db.exec("PRAGMA foreign_keys=ON");
    impl_->version = static_cast<int>(db.query_int("PRAGMA user_version"));
    mark_stale_runs(db, impl_->host);
}

ResultsStore::~ResultsStore() = default;
ResultsStore::ResultsStore(ResultsStore&&) noexcept = default;
ResultsStore& ResultsStore::operator=(ResultsStore&&) noexcept = default;

const std::string& ResultsStore::path() const { return impl_->db.path(); }
int ResultsStore::schema_version() const { return impl_->version; }

// [runs] --------------------------------------------------------------------------------------

std::int64_t ResultsStore::begin_run(const RunSpec& spec) {
    Database& db = impl_->db;
    const std::string hash = sha256_hex(spec.scenario_text);
    Transaction tx(db);
    impl_->insert_scenario(hash, spec.scenario_name, spec.scenario_text);
    Statement st(db,
                 "INSERT INTO runs(scenario_name, scenario_hash, overrides, seed, replicates, horizon, "
                 "threads, ranks, engine_version, command, label, status, started_at, host, pid) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'running', ?12, ?13, ?14)");
    st.bind(1, spec.scenario_name)
        .bind(2, hash)
        .bind(3, overrides_to_json(spec.overrides))
        .bind(4, seed_to_db(spec.seed))
        .bind(5, spec.replicates)
        .bind(6, spec.horizon)
        .bind(7, spec.threads)
        .bind(8, spec.ranks)
        .bind(9, kVersion)
        .bind(10, spec.command)
        .bind(11, spec.label)
        .bind(12, now_utc())
        .bind(13, impl_->host)
        .bind(14, static_cast<std::int64_t>(::getpid()));
    st.run();
    const std::int64_t id = db.last_insert_rowid();

    insert_events(db, id, spec);
    if (spec.sweep_point) {
        Statement sp(db, "UPDATE sweep_points SET run_id = ?1 WHERE sweep_id = ?2 AND point = ?3");
        sp.bind(1, id).bind(2, spec.sweep_point->sweep_id).bind(3, spec.sweep_point->point).run();
        if (db.changes() != 1)
            throw StoreError(db.path(), "sweep " + std::to_string(spec.sweep_point->sweep_id) +
                                            " has no point " + std::to_string(spec.sweep_point->point));
    }
    tx.commit();
    return id;
}

void ResultsStore::Impl::write_results(std::int64_t id, const sim::EnsembleResult& result) {
    {
        Statement st(db, "INSERT INTO series VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
        std::int64_t seq = 0;
        for (const auto& s : result.series) {
            st.bind(1, id).bind(2, seq++).bind(3, s.entity).bind(4, s.measure);
            for (std::size_t t = 0; t < s.ticks.size(); ++t) {
                const auto& b = s.ticks[t];
                st.bind(5, static_cast<std::int64_t>(t)).bind(6, b.mean).bind(7, b.ci_lo).bind(8, b.ci_hi)
                    .bind(9, b.q05).bind(10, b.q25).bind(11, b.q50).bind(12, b.q75).bind(13, b.q95).run();
            }
        }
    }
    {
        Statement st(db, "INSERT INTO scalars VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
        std::int64_t seq = 0;
        for (const auto& s : result.scalars)
            st.bind(1, id).bind(2, seq++).bind(3, s.entity).bind(4, s.measure).bind(5, s.value)
                .bind(6, s.lo).bind(7, s.hi).bind(8, s.n).run();
    }
    {
        Statement st(db, "INSERT INTO outcomes VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
                         "?12, ?13, ?14, ?15, ?16)");
        std::int64_t seq = 0;
        for (const auto& o : result.outcomes)
            st.bind(1, id).bind(2, seq++).bind(3, o.replicate).bind(4, o.venture)
                .bind(5, sim::to_string(o.status)).bind(6, o.end_tick).bind(7, o.value).bind(8, o.salvage)
                .bind(9, o.promoted).bind(10, o.recovery_ticks).bind(11, o.tripwire_tick)
                .bind(12, o.spiral_effort).bind(13, o.stones_done).bind(14, o.stones_reused)
                .bind(15, o.stones_graduated).bind(16, o.failure_cause).run();
    }
    {
        Statement st(db, "INSERT INTO survival VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
        std::int64_t seq = 0;
        for (const auto& c : result.survival) {
            for (std::size_t i = 0; i < c.tick.size(); ++i) {
                auto at = [&](const std::vector<double>& v) { return i < v.size() ? v[i] : 0.0; };
                st.bind(1, id).bind(2, seq).bind(3, c.venture).bind(4, static_cast<std::int64_t>(i))
                    .bind(5, c.tick[i]).bind(6, at(c.survival)).bind(7, at(c.lo)).bind(8, at(c.hi)).run();
            }
            ++seq;
        }
    }
    {
        Statement st(db, "INSERT INTO replicate_values VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        std::int64_t seq = 0;
        for (const auto& v : result.horizon_values) {
            for (std::size_t r = 0; r < v.values.size(); ++r)
                st.bind(1, id).bind(2, seq).bind(3, v.entity).bind(4, v.measure)
                    .bind(5, static_cast<std::int64_t>(r)).bind(6, v.values[r]).run();
            ++seq;
        }
    }
}

void ResultsStore::finish_run(std::int64_t id, const sim::EnsembleResult& result) {
    Database& db = impl_->db;
    // The digest is computed before the transaction, which then holds only the inserts.
    const auto row = impl_->digested_row(id);
    if (!row) throw StoreError(db.path(), "run " + std::to_string(id) + " is not running (deleted, or already finished)");
    const std::string digest = results_digest(*row, result);
    Transaction tx(db);
    impl_->write_results(id, result);
    Statement up(db, "UPDATE runs SET status = 'complete', finished_at = ?2, wall_seconds = ?3, "
                     "person_ticks = ?4, threads = CASE WHEN ?5 > 0 THEN ?5 ELSE threads END, "
                     "results_sha256 = ?6 WHERE id = ?1 AND status IN ('running', 'incomplete')");
    up.bind(1, id).bind(2, now_utc()).bind(3, result.info.wall_seconds).bind(4, result.info.person_ticks)
        .bind(5, result.info.threads).bind(6, digest).run();
    if (db.changes() != 1)
        throw StoreError(db.path(), "run " + std::to_string(id) + " is not running (deleted, or already finished)");
    tx.commit();
}

std::int64_t ResultsStore::store_run(const RunSpec& spec, const sim::EnsembleResult& result) {
    const std::int64_t id = begin_run(spec);
    try {
        finish_run(id, result);
    } catch (const StoreError& e) {
        try {
            abandon_run(id, RunStatus::Failed, e.message());
        } catch (const StoreError&) {
        }
        throw;
    }
    return id;
}

void ResultsStore::abandon_run(std::int64_t id, RunStatus status, const std::string& reason) {
    Statement st(impl_->db, "UPDATE runs SET status = ?2, error = ?3, finished_at = ?4 "
                            "WHERE id = ?1 AND status = 'running'");
    st.bind(1, id).bind(2, to_string(status)).bind(3, reason).bind(4, now_utc()).run();
}

std::vector<RunRecord> ResultsStore::list_runs(int limit) {
    Statement st(impl_->db, std::string("SELECT ") + kRunColumns +
                                " FROM runs ORDER BY id DESC LIMIT ?1");
    st.bind(1, static_cast<std::int64_t>(limit > 0 ? limit : -1));
    std::vector<RunRecord> out;
    while (st.step()) {
        out.push_back(read_run_row(path(), st));
        impl_->view_stale(out.back());
    }
    return out;
}

std::optional<RunRecord> ResultsStore::find_run(std::int64_t id) {
    Database& db = impl_->db;
    Statement st(db, std::string("SELECT ") + kRunColumns + ", scenarios.text FROM runs "
                     "JOIN scenarios ON scenarios.hash = runs.scenario_hash WHERE id = ?1");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    RunRecord r = read_run_row(path(), st);
    impl_->view_stale(r);
    r.spec.scenario_text = st.column_text(20);

    // An event stored whole reads back whole; one stored before schema 3 keeps its tick, label and
    // assignments. A new leader's intent is keyed by dimension names, so the scenario is read for them.
    Statement ev(db, impl_->version >= 3 ? "SELECT tick, label, overrides, event FROM events WHERE run_id = ?1 ORDER BY seq"
                                         : "SELECT tick, label, overrides, '' FROM events WHERE run_id = ?1 ORDER BY seq");
    ev.bind(1, id);
    std::optional<bool> scenario_reads;
    while (ev.step()) {
        model::Event e;
        e.tick = static_cast<int>(ev.column_int(0));
        e.label = ev.column_text(1);
        e.set = overrides_from_json(path(), ev.column_text(2));
        const std::string text = ev.column_text(3);
        if (!text.empty() && !scenario_reads) {
            try {
                for (const auto& d : model::load_scenario_text(r.spec.scenario_text, "run").dimensions)
                    r.spec.dimensions.push_back(d.name);
                scenario_reads = true;
            } catch (const model::ScenarioError&) {
                scenario_reads = false;   // not a scenario file (a hand-made spec): the columns are all there is
            }
        }
        if (text.empty() || !*scenario_reads) r.events_whole = false;
        if (!text.empty() && *scenario_reads) {
            try {
                e = model::read_event_text(text, r.spec.dimensions, "run " + std::to_string(id) + " event");
            } catch (const model::ScenarioError& err) {
                throw StoreError(path(), "run " + std::to_string(id) + " holds an event that does not read back (" +
                                             err.diagnostics().front().message + ")", StoreError::Kind::Damaged);
            }
        }
        r.spec.events.push_back(std::move(e));
    }
    Statement sp(db, "SELECT sweep_id, point FROM sweep_points WHERE run_id = ?1");
    sp.bind(1, id);
    if (sp.step())
        r.spec.sweep_point = SweepPointRef{sp.column_int(0), static_cast<int>(sp.column_int(1))};
    return r;
}

// [loading] -----------------------------------------------------------------------------------

// A run whose results do not match their checksum, or hold values no run can produce, is damaged.
void ResultsStore::verify(StoredRun& run) {
    Database& db = impl_->db;
    const auto id = run.record.id;
    auto damaged = [&](const std::string& why) {
        throw StoreError(path(), "run " + std::to_string(id) + " is damaged: " + why +
                                     " (`orgforces db check` lists damaged runs; `orgforces db recover` copies the others)",
                         StoreError::Kind::Damaged);
    };
    if (sha256_hex(run.record.spec.scenario_text) != run.record.scenario_hash)
        damaged("its scenario text does not match its SHA-256");
    if (run.record.spec.replicates < 1 || run.record.spec.horizon < 0)
        damaged("it has " + std::to_string(run.record.spec.replicates) + " replicates and a horizon of " +
                std::to_string(run.record.spec.horizon));
    if (impl_->version >= 2) {
        Statement st(db, "SELECT results_sha256 FROM runs WHERE id = ?1");
        st.bind(1, id);
        if (st.step() && !st.column_is_null(0)) {
            const auto row = impl_->digested_row(id);
            if (!row || results_digest(*row, run.result) != st.column_text(0))
                damaged("its results do not match their checksum");
            run.checksum_verified = true;
        }
    }
    const std::string odd = implausible_value(run.result, run.record.spec.replicates, run.record.spec.horizon);
    if (!odd.empty()) damaged(odd);
}

namespace {

// The series of run `id`, one per seq in tick order; a tick beyond `horizon` means damage.
void read_series(Database& db, std::int64_t id, int horizon, sim::EnsembleResult& res) {
    Statement st(db, "SELECT seq, entity, measure, tick, mean, ci_lo, ci_hi, q05, q25, q50, q75, q95 "
                     "FROM series WHERE run_id = ?1 ORDER BY seq, tick");
    st.bind(1, id);
    std::int64_t current = -1;
    while (st.step()) {
        if (st.column_int(0) != current) {
            current = st.column_int(0);
            res.series.push_back(sim::Series{st.column_text(1), st.column_text(2), {}});
        }
        auto& ticks = res.series.back().ticks;
        const auto tick = st.column_int(3);
        if (tick < 0 || tick > horizon)
            throw StoreError(db.path(), "run " + std::to_string(id) + " is damaged: a series value at tick " +
                                         std::to_string(tick) + " (horizon " + std::to_string(horizon) + ")",
                             StoreError::Kind::Damaged);
        const auto t = static_cast<std::size_t>(tick);
        if (ticks.size() <= t) ticks.resize(t + 1);
        auto& b = ticks[t];
        b.mean = st.column_real(4);
        b.ci_lo = st.column_real(5);
        b.ci_hi = st.column_real(6);
        b.q05 = st.column_real(7);
        b.q25 = st.column_real(8);
        b.q50 = st.column_real(9);
        b.q75 = st.column_real(10);
        b.q95 = st.column_real(11);
    }
}

void read_scalars(Database& db, std::int64_t id, sim::EnsembleResult& res) {
    Statement st(db, "SELECT entity, measure, value, lo, hi, n FROM scalars WHERE run_id = ?1 ORDER BY seq");
    st.bind(1, id);
    while (st.step())
        res.scalars.push_back(sim::Scalar{st.column_text(0), st.column_text(1), st.column_real(2),
                                          st.column_real(3), st.column_real(4), st.column_int(5)});
}

void read_outcomes(Database& db, std::int64_t id, sim::EnsembleResult& res) {
    Statement st(db, "SELECT replicate, venture, status, end_tick, value, salvage, promoted, "
                     "recovery_ticks, tripwire_tick, spiral_effort, stones_done, stones_reused, "
                     "stones_graduated, failure_cause FROM outcomes WHERE run_id = ?1 ORDER BY seq");
    st.bind(1, id);
    while (st.step()) {
        sim::VentureOutcome o;
        o.replicate = static_cast<int>(st.column_int(0));
        o.venture = st.column_text(1);
        o.status = venture_status_from_text(st.column_text(2));
        o.end_tick = static_cast<int>(st.column_int(3));
        o.value = st.column_real(4);
        o.salvage = st.column_real(5);
        o.promoted = st.column_text(6);
        o.recovery_ticks = static_cast<int>(st.column_int(7));
        o.tripwire_tick = static_cast<int>(st.column_int(8));
        o.spiral_effort = st.column_real(9);
        o.stones_done = static_cast<int>(st.column_int(10));
        o.stones_reused = static_cast<int>(st.column_int(11));
        o.stones_graduated = static_cast<int>(st.column_int(12));
        o.failure_cause = st.column_text(13);
        res.outcomes.push_back(std::move(o));
    }
}

void read_survival(Database& db, std::int64_t id, sim::EnsembleResult& res) {
    Statement st(db, "SELECT seq, venture, tick, survival, lo, hi FROM survival WHERE run_id = ?1 "
                     "ORDER BY seq, step");
    st.bind(1, id);
    std::int64_t current = -1;
    while (st.step()) {
        if (st.column_int(0) != current) {
            current = st.column_int(0);
            res.survival.push_back(sim::SurvivalCurve{st.column_text(1), {}, {}, {}, {}});
        }
        auto& c = res.survival.back();
        c.tick.push_back(static_cast<int>(st.column_int(2)));
        c.survival.push_back(st.column_real(3));
        c.lo.push_back(st.column_real(4));
        c.hi.push_back(st.column_real(5));
    }
}

void read_replicate_values(Database& db, std::int64_t id, sim::EnsembleResult& res) {
    Statement st(db, "SELECT seq, entity, measure, value FROM replicate_values WHERE run_id = ?1 "
                     "ORDER BY seq, replicate");
    st.bind(1, id);
    std::int64_t current = -1;
    while (st.step()) {
        if (st.column_int(0) != current) {
            current = st.column_int(0);
            res.horizon_values.push_back(sim::ReplicateValues{st.column_text(1), st.column_text(2), {}});
        }
        res.horizon_values.back().values.push_back(st.column_real(3));
    }
}

}  // namespace

StoredRun ResultsStore::load_run(std::int64_t id) {
    Database& db = impl_->db;
    auto record = find_run(id);
    if (!record) throw StoreError(path(), "no run " + std::to_string(id) + " (see `orgforces runs`)");
    if (record->status != RunStatus::Complete)
        throw StoreError(path(), "run " + std::to_string(id) + " is " + to_string(record->status) +
                                     ": it has no results");
    StoredRun out;
    out.record = std::move(*record);
    auto& res = out.result;
    res.info.scenario_name = out.record.spec.scenario_name;
    res.info.seed = out.record.spec.seed;
    res.info.replicates = out.record.spec.replicates;
    res.info.horizon = out.record.spec.horizon;
    res.info.threads = out.record.spec.threads;
    res.info.wall_seconds = out.record.wall_seconds;
    res.info.person_ticks = out.record.person_ticks;
    res.info.engine_version = out.record.engine_version;
    // Sizes come from the file: a damaged horizon or tick must not become a huge allocation.
    const int horizon = out.record.spec.horizon;
    if (horizon < 0 || horizon > model::Limits::max_horizon || out.record.spec.replicates < 1 ||
        out.record.spec.replicates > model::Limits::max_replicates)
        throw StoreError(path(), "run " + std::to_string(id) + " is damaged: its horizon (" + std::to_string(horizon) +
                                     ") or replicates (" + std::to_string(out.record.spec.replicates) +
                                     ") are out of range", StoreError::Kind::Damaged);
    read_series(db, id, horizon, res);
    read_scalars(db, id, res);
    read_outcomes(db, id, res);
    read_survival(db, id, res);
    read_replicate_values(db, id, res);
    verify(out);
    return out;
}

// [maintenance] -------------------------------------------------------------------------------

DeleteResult ResultsStore::delete_run(std::int64_t id, bool force) {
    Database& db = impl_->db;
    Transaction tx(db);
    {
        // A running run's process would lose its results when it comes to store them.
        Statement st(db, "SELECT status FROM runs WHERE id = ?1");
        st.bind(1, id);
        if (!st.step()) return DeleteResult::Missing;
        if (st.column_text(0) == "running" && !force) return DeleteResult::Running;
    }
    Statement st(db, "DELETE FROM runs WHERE id = ?1");
    st.bind(1, id).run();
    const bool removed = db.changes() == 1;
    db.exec("DELETE FROM scenarios WHERE hash NOT IN (SELECT scenario_hash FROM runs) "
            "AND hash NOT IN (SELECT scenario_hash FROM sweeps)");
    tx.commit();
    return removed ? DeleteResult::Deleted : DeleteResult::Missing;
}

GcReport ResultsStore::gc(double older_than_seconds, bool compact) {
    Database& db = impl_->db;
    GcReport report;
    auto file_bytes = [&] {
        return (db.query_int("PRAGMA page_count") - db.query_int("PRAGMA freelist_count")) *
               db.query_int("PRAGMA page_size");
    };
    report.bytes_before = file_bytes();
    {
        // One transaction: a failure (a full disk) deletes nothing. Writers wait for it through
        // their busy handler; it lasts as long as the deletes, never a rewrite of the file.
        Transaction tx(db);
        // started_at is ISO 8601 UTC, which SQLite's julianday() reads.
        Statement st(db, "DELETE FROM runs WHERE status IN ('incomplete', 'failed') "
                         "AND (julianday('now') - julianday(started_at)) * 86400.0 >= ?1");
        st.bind(1, older_than_seconds).run();
        report.runs_removed = db.changes();
        db.exec("DELETE FROM scenarios WHERE hash NOT IN (SELECT scenario_hash FROM runs) "
                "AND hash NOT IN (SELECT scenario_hash FROM sweeps)");
        if (db.query_int("PRAGMA auto_vacuum") == 2) db.exec("PRAGMA incremental_vacuum");
        tx.commit();
    }
    if (compact) {
        db.exec("VACUUM");
        report.compacted = true;
    }
    if (path() != ":memory:") {
        try {
            db.exec("PRAGMA wal_checkpoint(PASSIVE)");
        } catch (const StoreError&) {
            // a checkpoint only shrinks the log; a busy one is retried by later connections
        }
    }
    report.bytes_after = file_bytes();
    return report;
}

Database& ResultsStore::connection_for_testing() { return impl_->db; }

void ResultsStore::set_page_limit(std::int64_t pages) {
    impl_->db.exec("PRAGMA max_page_count=" + std::to_string(pages));
}

// [checking and recovery] ---------------------------------------------------------------------

namespace {

// Run ids and statuses, read as far as the file allows (a damaged table may end the scan early).
std::vector<std::pair<std::int64_t, std::string>> scan_runs(Database& db, std::vector<std::string>& problems) {
    std::vector<std::pair<std::int64_t, std::string>> out;
    try {
        Statement st(db, "SELECT id, status FROM runs ORDER BY id");
        while (st.step()) out.emplace_back(st.column_int(0), st.column_text(1));
    } catch (const StoreError& e) {
        problems.push_back("the runs table cannot be read past run " +
                           std::to_string(out.empty() ? 0 : out.back().first) + ": " + e.message());
    }
    return out;
}

}  // namespace

CheckReport ResultsStore::check() {
    Database& db = impl_->db;
    CheckReport report;
    try {
        Statement st(db, "PRAGMA integrity_check(20)");
        while (st.step())
            if (st.column_text(0) != "ok") report.file_problems.push_back(st.column_text(0));
    } catch (const StoreError& e) {
        report.file_problems.push_back(e.message());
    }
    for (const auto& [id, status] : scan_runs(db, report.file_problems)) {
        ++report.runs;
        if (status != "complete") {
            ++report.not_complete;
            continue;
        }
        try {
            const auto run = load_run(id);
            ++(run.checksum_verified ? report.intact : report.unverified);
        } catch (const StoreError& e) {
            report.damaged_runs.emplace_back(id, e.message());
        }
    }
    return report;
}

RecoverReport ResultsStore::recover_into(ResultsStore& target) {
    RecoverReport report;
    std::vector<std::string> problems;
    for (const auto& [id, status] : scan_runs(impl_->db, problems)) {
        if (status != "complete") {
            report.skipped.emplace_back(id, "it is " + status + ": it has no results");
            continue;
        }
        try {
            const auto run = load_run(id);
            Database& out = target.impl_->db;
            const RunRecord& r = run.record;
            const auto row = DigestedRow{r.scenario_hash, overrides_to_json(r.spec.overrides), seed_to_db(r.spec.seed),
                                         r.spec.replicates, r.spec.horizon};
            Transaction tx(out);
            target.impl_->insert_scenario(r.scenario_hash, r.spec.scenario_name, r.spec.scenario_text);
            Statement st(out, "INSERT INTO runs(id, scenario_name, scenario_hash, overrides, seed, replicates, horizon, "
                              "threads, ranks, engine_version, command, label, status, started_at, finished_at, "
                              "wall_seconds, person_ticks, host, pid, error, results_sha256) VALUES (?1, ?2, ?3, ?4, "
                              "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 'complete', ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)");
            st.bind(1, r.id).bind(2, r.spec.scenario_name).bind(3, r.scenario_hash).bind(4, row.overrides_json)
                .bind(5, row.seed).bind(6, r.spec.replicates).bind(7, r.spec.horizon).bind(8, r.spec.threads)
                .bind(9, r.spec.ranks).bind(10, r.engine_version).bind(11, r.spec.command).bind(12, r.spec.label)
                .bind(13, r.started_at).bind(14, r.finished_at).bind(15, r.wall_seconds).bind(16, r.person_ticks)
                .bind(17, r.host).bind(18, r.pid).bind(19, r.error).bind(20, results_digest(row, run.result)).run();
            insert_events(out, r.id, r.spec, r.events_whole);
            target.impl_->write_results(r.id, run.result);
            tx.commit();
            ++report.copied;
        } catch (const StoreError& e) {
            report.skipped.emplace_back(id, e.message());
        }
    }
    try {
        report.sweeps_dropped = impl_->db.query_int("SELECT count(*) FROM sweeps") > 0;
    } catch (const StoreError&) {
        report.sweeps_dropped = true;
    }
    return report;
}

// [sweeps] ------------------------------------------------------------------------------------

std::int64_t ResultsStore::create_sweep(const SweepSpec& spec) {
    Database& db = impl_->db;
    const std::string hash = sha256_hex(spec.scenario_text);
    Transaction tx(db);
    impl_->insert_scenario(hash, spec.scenario_name, spec.scenario_text);
    Statement st(db, "INSERT INTO sweeps(scenario_name, scenario_hash, design, seed, replicates, points, "
                     "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    st.bind(1, spec.scenario_name).bind(2, hash).bind(3, spec.design).bind(4, seed_to_db(spec.seed))
        .bind(5, spec.replicates).bind(6, static_cast<std::int64_t>(spec.points.size())).bind(7, now_utc())
        .run();
    const std::int64_t id = db.last_insert_rowid();
    Statement pt(db, "INSERT INTO sweep_points(sweep_id, point, overrides) VALUES (?1, ?2, ?3)");
    for (std::size_t i = 0; i < spec.points.size(); ++i)
        pt.bind(1, id).bind(2, static_cast<std::int64_t>(i)).bind(3, overrides_to_json(spec.points[i])).run();
    tx.commit();
    return id;
}

namespace {
constexpr const char* kSweepQuery =
    "SELECT s.id, s.scenario_name, s.scenario_hash, sc.text, s.design, s.seed, s.replicates, s.points, "
    "(SELECT count(*) FROM sweep_points p JOIN runs r ON r.id = p.run_id "
    "  WHERE p.sweep_id = s.id AND r.status = 'complete'), s.created_at "
    "FROM sweeps s JOIN scenarios sc ON sc.hash = s.scenario_hash";

SweepRecord read_sweep_row(const Statement& st) {
    SweepRecord r;
    r.id = st.column_int(0);
    r.scenario_name = st.column_text(1);
    r.scenario_hash = st.column_text(2);
    r.scenario_text = st.column_text(3);
    r.design = st.column_text(4);
    r.seed = seed_from_db(st.column_int(5));
    r.replicates = static_cast<int>(st.column_int(6));
    r.points = static_cast<int>(st.column_int(7));
    r.done = static_cast<int>(st.column_int(8));
    r.created_at = st.column_text(9);
    return r;
}
}  // namespace

std::optional<SweepRecord> ResultsStore::find_sweep(std::int64_t id) {
    Statement st(impl_->db, std::string(kSweepQuery) + " WHERE s.id = ?1");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return read_sweep_row(st);
}

std::vector<SweepRecord> ResultsStore::list_sweeps() {
    Statement st(impl_->db, std::string(kSweepQuery) + " ORDER BY s.id DESC");
    std::vector<SweepRecord> out;
    while (st.step()) out.push_back(read_sweep_row(st));
    return out;
}

std::vector<SweepPoint> ResultsStore::sweep_points(std::int64_t sweep_id) {
    Statement st(impl_->db, "SELECT p.point, p.overrides, coalesce(p.run_id, 0), r.status "
                            "FROM sweep_points p LEFT JOIN runs r ON r.id = p.run_id "
                            "WHERE p.sweep_id = ?1 ORDER BY p.point");
    st.bind(1, sweep_id);
    std::vector<SweepPoint> out;
    while (st.step()) {
        SweepPoint p;
        p.point = static_cast<int>(st.column_int(0));
        p.overrides = overrides_from_json(path(), st.column_text(1));
        p.run_id = st.column_int(2);
        if (!st.column_is_null(3)) p.run_status = status_from_text(st.column_text(3));
        out.push_back(std::move(p));
    }
    return out;
}

std::vector<int> ResultsStore::pending_points(std::int64_t sweep_id) {
    std::vector<int> out;
    for (const auto& p : sweep_points(sweep_id))
        if (p.run_status != RunStatus::Complete) out.push_back(p.point);
    return out;
}

}  // namespace orgforces::store
