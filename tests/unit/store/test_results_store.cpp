// The results database: round trips, crash safety, foreign files, concurrency and sweeps.
#include <doctest/doctest.h>

#include <cmath>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <limits>
#include <random>

#include <sys/wait.h>
#include <unistd.h>

#include "store/results_store.hpp"
#include "store/sha256.hpp"
#include "store/sqlite.hpp"
#include "test_store_support.hpp"

using namespace orgforces;
using namespace orgforces::store;
using orgforces::store::testing::sample_result;
using orgforces::store::testing::sample_spec;
using orgforces::store::testing::TempDir;

namespace {

void check_same(const sim::EnsembleResult& a, const sim::EnsembleResult& b) {
    REQUIRE(a.series.size() == b.series.size());
    for (std::size_t i = 0; i < a.series.size(); ++i) {
        CHECK(a.series[i].entity == b.series[i].entity);
        CHECK(a.series[i].measure == b.series[i].measure);
        REQUIRE(a.series[i].ticks.size() == b.series[i].ticks.size());
        for (std::size_t t = 0; t < a.series[i].ticks.size(); ++t) {
            const auto &x = a.series[i].ticks[t], &y = b.series[i].ticks[t];
            CHECK(x.mean == y.mean);
            CHECK(x.ci_lo == y.ci_lo);
            CHECK(x.ci_hi == y.ci_hi);
            CHECK(x.q05 == y.q05);
            CHECK(x.q25 == y.q25);
            CHECK(x.q50 == y.q50);
            CHECK(x.q75 == y.q75);
            CHECK(x.q95 == y.q95);
        }
    }
    REQUIRE(a.scalars.size() == b.scalars.size());
    for (std::size_t i = 0; i < a.scalars.size(); ++i) {
        CHECK(a.scalars[i].entity == b.scalars[i].entity);
        CHECK(a.scalars[i].measure == b.scalars[i].measure);
        CHECK(a.scalars[i].value == b.scalars[i].value);
        CHECK(a.scalars[i].lo == b.scalars[i].lo);
        CHECK(a.scalars[i].hi == b.scalars[i].hi);
        CHECK(a.scalars[i].n == b.scalars[i].n);
    }
    REQUIRE(a.outcomes.size() == b.outcomes.size());
    for (std::size_t i = 0; i < a.outcomes.size(); ++i) {
        const auto &x = a.outcomes[i], &y = b.outcomes[i];
        CHECK(x.replicate == y.replicate);
        CHECK(x.venture == y.venture);
        CHECK(x.status == y.status);
        CHECK(x.end_tick == y.end_tick);
        CHECK(x.value == y.value);
        CHECK(x.salvage == y.salvage);
        CHECK(x.promoted == y.promoted);
        CHECK(x.recovery_ticks == y.recovery_ticks);
        CHECK(x.tripwire_tick == y.tripwire_tick);
        CHECK(x.spiral_effort == y.spiral_effort);
        CHECK(x.stones_done == y.stones_done);
        CHECK(x.stones_reused == y.stones_reused);
        CHECK(x.stones_graduated == y.stones_graduated);
        CHECK(x.failure_cause == y.failure_cause);
    }
    REQUIRE(a.survival.size() == b.survival.size());
    for (std::size_t i = 0; i < a.survival.size(); ++i) {
        CHECK(a.survival[i].venture == b.survival[i].venture);
        CHECK(a.survival[i].tick == b.survival[i].tick);
        CHECK(a.survival[i].survival == b.survival[i].survival);
        CHECK(a.survival[i].lo == b.survival[i].lo);
        CHECK(a.survival[i].hi == b.survival[i].hi);
    }
    REQUIRE(a.horizon_values.size() == b.horizon_values.size());
    for (std::size_t i = 0; i < a.horizon_values.size(); ++i) {
        CHECK(a.horizon_values[i].entity == b.horizon_values[i].entity);
        CHECK(a.horizon_values[i].measure == b.horizon_values[i].measure);
        CHECK(a.horizon_values[i].values == b.horizon_values[i].values);
    }
}

std::int64_t store_sample(ResultsStore& store, double salt = 0.0) {
    const auto id = store.begin_run(sample_spec());
    store.finish_run(id, sample_result(4, salt));
    return id;
}

void write_bytes(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

}  // namespace

TEST_CASE("sha256 matches the FIPS 180-4 test vectors") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(sha256_hex(std::string(1000000, 'a')) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    // Lengths around the padding boundary (55, 56, 64 bytes) must all differ.
    CHECK(sha256_hex(std::string(55, 'x')) != sha256_hex(std::string(56, 'x')));
    CHECK(sha256_hex(std::string(64, 'x')).size() == 64);
}

TEST_CASE("a transaction rolls back unless committed") {
    Database db(":memory:");
    db.exec("CREATE TABLE t(x INTEGER)");
    {
        Transaction tx(db);
        db.exec("INSERT INTO t VALUES (1)");
    }
    CHECK(db.query_int("SELECT count(*) FROM t") == 0);
    {
        Transaction tx(db);
        db.exec("INSERT INTO t VALUES (2)");
        tx.commit();
    }
    CHECK(db.query_int("SELECT x FROM t") == 2);
    CHECK_THROWS_AS(db.exec("INSERT INTO nowhere VALUES (1)"), StoreError);
    CHECK_THROWS_AS(Statement(db, "SELEC nonsense"), StoreError);
}

TEST_CASE("a run round-trips through an in-memory database") {
    ResultsStore store(":memory:");
    CHECK(store.schema_version() == kSchemaVersion);
    const auto spec = sample_spec();
    const auto id = store.begin_run(spec);
    auto running = store.find_run(id);
    REQUIRE(running);
    CHECK(running->status == RunStatus::Running);
    CHECK_THROWS_AS(store.load_run(id), StoreError);

    const auto result = sample_result();
    store.finish_run(id, result);
    const auto back = store.load_run(id);
    check_same(result, back.result);
    const auto& rec = back.record;
    CHECK(rec.status == RunStatus::Complete);
    CHECK(rec.spec.scenario_text == spec.scenario_text);
    CHECK(rec.scenario_hash == sha256_hex(spec.scenario_text));
    CHECK(rec.spec.seed == spec.seed);
    CHECK(back.result.info.seed == spec.seed);
    CHECK(rec.spec.replicates == 4);
    CHECK(rec.wall_seconds == 1.25);
    CHECK(rec.person_ticks == 1234);
    REQUIRE(rec.spec.overrides.size() == 1);
    CHECK(rec.spec.overrides[0].path == "teams.frontier.shielding");
    CHECK(rec.spec.overrides[0].value == 0.5);
    REQUIRE(rec.spec.events.size() == 1);
    CHECK(rec.spec.events[0].label == "reorg");
    CHECK(rec.spec.events[0].set[0].value == 0.2);
    CHECK(!rec.engine_version.empty());
    CHECK(!rec.finished_at.empty());
    // A run can be finished only once.
    CHECK_THROWS_AS(store.finish_run(id, result), StoreError);
}

TEST_CASE("an undefined statistic and a framed venture survive the database") {
    ResultsStore store(":memory:");
    const auto id = store.begin_run(sample_spec());
    auto result = sample_result();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    result.scalars.push_back(sim::Scalar{"moonshot", "recovery_ticks_median", nan, nan, nan, 0});
    result.outcomes[0].status = sim::VentureStatus::Framed;
    store.finish_run(id, result);
    const auto back = store.load_run(id).result;
    const auto* median = back.find_scalar("moonshot", "recovery_ticks_median");
    REQUIRE(median);
    CHECK(median->n == 0);
    CHECK(std::isnan(median->value));
    CHECK(std::isnan(median->lo));
    CHECK(std::isnan(median->hi));
    CHECK(back.outcomes[0].status == sim::VentureStatus::Framed);
}

TEST_CASE("runs persist in a file and list newest first") {
    TempDir dir;
    const auto path = dir.file("runs.db");
    std::int64_t first = 0, second = 0;
    {
        ResultsStore store(path);
        first = store_sample(store, 0.0);
        second = store_sample(store, 1.0);
    }
    ResultsStore store(path, ResultsStore::OpenMode::MustExist);
    const auto runs = store.list_runs();
    REQUIRE(runs.size() == 2);
    CHECK(runs[0].id == second);
    CHECK(runs[1].id == first);
    check_same(sample_result(4, 1.0), store.load_run(second).result);
    CHECK(store.list_runs(1).size() == 1);
    // Same scenario text is stored once.
    Database raw(path);
    CHECK(raw.query_int("SELECT count(*) FROM scenarios") == 1);
    CHECK(raw.query_int("PRAGMA journal_mode = WAL") == 0);   // a text result reads as 0
}

TEST_CASE("a missing database is an error only when it must exist") {
    TempDir dir;
    CHECK_THROWS_AS(ResultsStore(dir.file("none.db"), ResultsStore::OpenMode::MustExist), StoreError);
    CHECK_NOTHROW(ResultsStore(dir.file("new.db")));
}

TEST_CASE("a run killed midway stays incomplete and shows no results") {
    TempDir dir;
    const auto path = dir.file("crash.db");
    { ResultsStore store(path); }
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        // The child starts a run, then dies the hard way before finishing it.
        ResultsStore store(path);
        store.begin_run(sample_spec());
        ::kill(::getpid(), SIGKILL);
        _exit(0);
    }
    int status = 0;
    waitpid(child, &status, 0);
    CHECK(WIFSIGNALED(status));

    ResultsStore store(path);
    const auto runs = store.list_runs();
    REQUIRE(runs.size() == 1);
    CHECK(runs[0].status == RunStatus::Incomplete);
    CHECK_THROWS_AS(store.load_run(runs[0].id), StoreError);
    Database raw(path);
    CHECK(raw.query_int("SELECT count(*) FROM series") == 0);
    // An incomplete run is removed by gc.
    const auto report = store.gc(0.0);
    CHECK(report.runs_removed == 1);
    CHECK(store.list_runs().empty());
}

TEST_CASE("results written in a transaction that never commits are invisible") {
    TempDir dir;
    const auto path = dir.file("half.db");
    std::int64_t id = 0;
    {
        ResultsStore store(path);
        id = store.begin_run(sample_spec());
    }
    {
        // Write part of the results by hand and stop before COMMIT, as a crash would.
        Database db(path);
        Transaction tx(db);
        db.exec("INSERT INTO series(run_id, seq, entity, measure, tick, mean) VALUES (" + std::to_string(id) +
                ", 0, 'frontier', 'drift', 0, 0.5)");
    }
    Database db(path);
    CHECK(db.query_int("SELECT count(*) FROM series") == 0);
}

TEST_CASE("a live run in another process is not marked incomplete") {
    ResultsStore store(":memory:");
    const auto id = store.begin_run(sample_spec());
    CHECK(store.find_run(id)->status == RunStatus::Running);
    CHECK(store.find_run(id)->pid == ::getpid());
}

TEST_CASE("foreign and damaged files give a clear StoreError") {
    TempDir dir;
    SUBCASE("random bytes") {
        std::mt19937 gen(7);
        std::string bytes(8192, '\0');
        for (auto& c : bytes) c = static_cast<char>(gen());
        write_bytes(dir.file("noise.db"), bytes);
        try {
            ResultsStore store(dir.file("noise.db"));
            FAIL("opened random bytes");
        } catch (const StoreError& e) {
            CHECK(std::string(e.what()).find("not an orgforces database") != std::string::npos);
            CHECK(e.path() == dir.file("noise.db"));
        }
    }
    SUBCASE("a text file") {
        write_bytes(dir.file("notes.db"), "name: not a database\n");
        CHECK_THROWS_AS(ResultsStore(dir.file("notes.db")), StoreError);
    }
    SUBCASE("another application's SQLite database") {
        {
            Database other(dir.file("other.db"));
            other.exec("CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT)");
        }
        try {
            ResultsStore store(dir.file("other.db"));
            FAIL("opened a foreign database");
        } catch (const StoreError& e) {
            CHECK(std::string(e.what()).find("not an orgforces results database") != std::string::npos);
        }
        // The foreign database is left untouched.
        Database other(dir.file("other.db"));
        CHECK(other.query_int("SELECT count(*) FROM sqlite_master WHERE name = 'runs'") == 0);
    }
    SUBCASE("a newer schema") {
        { ResultsStore store(dir.file("newer.db")); }
        {
            Database raw(dir.file("newer.db"));
            raw.exec("PRAGMA user_version = 99");
        }
        try {
            ResultsStore store(dir.file("newer.db"));
            FAIL("opened a newer schema");
        } catch (const StoreError& e) {
            CHECK(std::string(e.what()).find("newer orgforces") != std::string::npos);
        }
    }
    SUBCASE("a truncated database") {
        {
            ResultsStore store(dir.file("cut.db"));
            for (int i = 0; i < 5; ++i) store_sample(store, i);
        }
        {
            Database raw(dir.file("cut.db"));
            raw.exec("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        std::filesystem::resize_file(dir.file("cut.db"), 3000);
        std::filesystem::remove(dir.file("cut.db-wal"));
        bool threw_store_error = false;
        try {
            ResultsStore store(dir.file("cut.db"));
            for (const auto& r : store.list_runs()) store.load_run(r.id);
        } catch (const StoreError&) {
            threw_store_error = true;
        }
        CHECK(threw_store_error);
    }
}

TEST_CASE("two processes writing one database at once both succeed") {
    TempDir dir;
    const auto path = dir.file("shared.db");
    constexpr int kRunsEach = 15;
    pid_t children[2];
    for (auto& child : children) {
        child = fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            int code = 0;
            try {
                ResultsStore store(path);
                for (int i = 0; i < kRunsEach; ++i) store_sample(store, i);
            } catch (const std::exception& e) {
                std::fprintf(stderr, "child failed: %s\n", e.what());
                code = 1;
            }
            _exit(code);
        }
    }
    for (auto child : children) {
        int status = 0;
        waitpid(child, &status, 0);
        CHECK(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
    }
    ResultsStore store(path);
    const auto runs = store.list_runs();
    CHECK(runs.size() == 2 * kRunsEach);
    for (const auto& r : runs) CHECK(r.status == RunStatus::Complete);
}

TEST_CASE("delete removes a run and its results") {
    ResultsStore store(":memory:");
    const auto a = store_sample(store);
    const auto b = store_sample(store);
    CHECK(store.delete_run(a) == DeleteResult::Deleted);
    CHECK(store.delete_run(a) == DeleteResult::Missing);
    CHECK_FALSE(store.find_run(a));
    CHECK(store.find_run(b));
    check_same(sample_result(), store.load_run(b).result);
}

TEST_CASE("gc keeps complete runs and recent incomplete ones") {
    ResultsStore store(":memory:");
    const auto done = store_sample(store);
    const auto failed = store.begin_run(sample_spec());
    store.abandon_run(failed, RunStatus::Failed, "engine error");
    CHECK(store.find_run(failed)->error == "engine error");
    CHECK(store.gc(3600.0).runs_removed == 0);   // too recent
    CHECK(store.gc(0.0).runs_removed == 1);
    CHECK(store.find_run(done));
    CHECK_FALSE(store.find_run(failed));
}

TEST_CASE("a sweep resumes without redoing finished points") {
    TempDir dir;
    const auto path = dir.file("sweep.db");
    std::int64_t sweep = 0;
    {
        ResultsStore store(path);
        SweepSpec spec;
        spec.scenario_name = "sample";
        spec.scenario_text = "name: sample\n";
        spec.design = R"({"grid":[]})";
        spec.seed = 5;
        spec.replicates = 4;
        for (int i = 0; i < 5; ++i) spec.points.push_back({model::Override{"teams.a.size", double(10 + i), {}}});
        sweep = store.create_sweep(spec);
        CHECK(store.pending_points(sweep) == std::vector<int>{0, 1, 2, 3, 4});
        for (int point : {0, 1}) {
            auto rs = sample_spec(spec.scenario_text);
            rs.sweep_point = SweepPointRef{sweep, point};
            store.finish_run(store.begin_run(rs), sample_result());
        }
    }
    // A process is killed while running point 2.
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        ResultsStore store(path);
        auto rs = sample_spec("name: sample\n");
        rs.sweep_point = SweepPointRef{sweep, 2};
        store.begin_run(rs);
        ::kill(::getpid(), SIGKILL);
        _exit(0);
    }
    waitpid(child, nullptr, 0);

    ResultsStore store(path);
    const auto rec = store.find_sweep(sweep);
    REQUIRE(rec);
    CHECK(rec->points == 5);
    CHECK(rec->done == 2);
    CHECK(rec->seed == 5);
    CHECK(store.pending_points(sweep) == std::vector<int>{2, 3, 4});
    const auto points = store.sweep_points(sweep);
    REQUIRE(points.size() == 5);
    CHECK(points[3].overrides[0].value == 13.0);
    CHECK(points[2].run_status == RunStatus::Incomplete);
    // Redoing point 2 replaces its link; it is then done.
    auto rs = sample_spec("name: sample\n");
    rs.sweep_point = SweepPointRef{sweep, 2};
    store.finish_run(store.begin_run(rs), sample_result());
    CHECK(store.pending_points(sweep) == std::vector<int>{3, 4});
    CHECK(store.find_run(store.sweep_points(sweep)[2].run_id)->spec.sweep_point->point == 2);
    // A run's sweep point must exist.
    rs.sweep_point = SweepPointRef{sweep, 99};
    CHECK_THROWS_AS(store.begin_run(rs), StoreError);
}
