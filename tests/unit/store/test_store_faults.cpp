// The results database under faults: silent damage caught by checksums and range checks, a
// damaged file never written, ids never reused, locks waited out, a full disk, side files.
#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include "store/results_store.hpp"
#include "store/run_file.hpp"
#include "store/schema.hpp"
#include "store/sha256.hpp"
#include "store/sqlite.hpp"
#include "test_store_support.hpp"

using namespace orgforces;
using namespace orgforces::store;
using orgforces::store::testing::sample_result;
using orgforces::store::testing::sample_spec;
using orgforces::store::testing::TempDir;

namespace {

std::string file_sha(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return sha256_hex(ss.str());
}

StoreError::Kind error_kind(const std::function<void()>& f) {
    try {
        f();
    } catch (const StoreError& e) {
        return e.kind();
    }
    return StoreError::Kind::Other;
}

// Restores the process-wide wait policy when a test changes it.
struct PolicyGuard {
    BusyPolicy saved = busy_policy();
    ~PolicyGuard() { set_busy_policy(saved); }
};

}  // namespace

TEST_CASE("sha256 computed in pieces equals the digest of the whole") {
    std::string text;
    for (int i = 0; i < 300; ++i) text += static_cast<char>('a' + i % 26);
    for (std::size_t cut : {0ul, 1ul, 55ul, 63ul, 64ul, 65ul, 200ul, 300ul}) {
        Sha256 h;
        h.update(text.data(), cut);
        h.update(text.data() + cut, text.size() - cut);
        CHECK(h.hex() == sha256_hex(text));
    }
}

TEST_CASE("a value changed behind SQLite's back is caught by the run's checksum") {
    TempDir dir;
    ResultsStore store(dir.file("a.db"));
    const auto a = store.begin_run(sample_spec());
    store.finish_run(a, sample_result());
    const auto b = store.begin_run(sample_spec());
    store.finish_run(b, sample_result(4, 0.1));
    CHECK(store.load_run(a).checksum_verified);
    {
        Database raw(dir.file("a.db"));
        // Still in order, so only the checksum can tell.
        raw.exec("UPDATE series SET q95 = q95 + 1e-9 WHERE run_id = " + std::to_string(a) + " AND tick = 3 AND seq = 0");
    }
    CHECK(error_kind([&] { store.load_run(a); }) == StoreError::Kind::Damaged);
    CHECK(store.load_run(b).checksum_verified);
    const auto report = store.check();
    CHECK(report.intact == 1);
    REQUIRE(report.damaged_runs.size() == 1);
    CHECK(report.damaged_runs[0].first == a);
    CHECK_FALSE(report.ok());
}

TEST_CASE("a run without a checksum is still range-checked") {
    ResultsStore store(":memory:");
    const auto id = store.begin_run(sample_spec());
    store.finish_run(id, sample_result());
    // What an older orgforces stored: no checksum; then bit rot in a quantile.
    Statement(store.connection_for_testing(), "UPDATE runs SET results_sha256 = NULL").run();
    CHECK_FALSE(store.load_run(id).checksum_verified);
    Statement(store.connection_for_testing(), "UPDATE series SET q95 = -4736 WHERE tick = 3").run();
    try {
        store.load_run(id);
        FAIL("loaded a quantile below the median");
    } catch (const StoreError& e) {
        CHECK(e.kind() == StoreError::Kind::Damaged);
        CHECK(std::string(e.what()).find("-4736") != std::string::npos);
    }
}

TEST_CASE("a damaged file is refused for writing and left unchanged") {
    TempDir dir;
    const auto path = dir.file("bad.db");
    {
        ResultsStore store(path);
        for (int i = 0; i < 20; ++i) store.finish_run(store.begin_run(sample_spec()), sample_result(40, i));
    }
    std::int64_t offset = 0;
    {
        // The start of the series table's root page: its b-tree header.
        Database raw(path, Database::Mode::ReadOnly);
        offset = (raw.query_int("SELECT rootpage FROM sqlite_master WHERE name = 'series'") - 1) *
                 raw.query_int("PRAGMA page_size");
    }
    {
        std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(offset);
        const std::string junk(200, '\xff');
        f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    }
    const auto before = file_sha(path);
    try {
        ResultsStore store(path);
        FAIL("opened a damaged file for writing");
    } catch (const StoreError& e) {
        CHECK(e.kind() == StoreError::Kind::Damaged);
        CHECK(std::string(e.what()).find("db recover") != std::string::npos);
    }
    CHECK(file_sha(path) == before);
}

TEST_CASE("recover copies the intact runs with their ids") {
    TempDir dir;
    ResultsStore store(dir.file("a.db"));
    std::vector<std::int64_t> ids;
    for (int i = 0; i < 3; ++i) {
        ids.push_back(store.begin_run(sample_spec()));
        store.finish_run(ids.back(), sample_result(4, i));
    }
    store.abandon_run(store.begin_run(sample_spec()), RunStatus::Failed, "x");
    Statement(store.connection_for_testing(), "UPDATE outcomes SET value = 99 WHERE run_id = " + std::to_string(ids[1])).run();
    ResultsStore target(dir.file("b.db"));
    const auto report = store.recover_into(target);
    CHECK(report.copied == 2);
    CHECK(report.skipped.size() == 2);
    CHECK(target.load_run(ids[0]).checksum_verified);
    CHECK(target.load_run(ids[2]).result.scalars[0].value == sample_result(4, 2).scalars[0].value);
    CHECK_FALSE(target.find_run(ids[1]));
    CHECK(target.check().ok());
}

TEST_CASE("run ids are never reused, also after migrating a version 1 database") {
    TempDir dir;
    const auto path = dir.file("v1.db");
    {
        Database raw(path);
        raw.exec(migrations()[0]);
        raw.exec("PRAGMA application_id=" + std::to_string(kApplicationId));
        raw.exec("PRAGMA user_version=1");
        raw.exec("INSERT INTO scenarios VALUES ('" + sha256_hex("t") + "', 's', 't')");
        for (int id : {1, 2, 7})
            raw.exec("INSERT INTO runs(id, scenario_name, scenario_hash, seed, replicates, horizon, threads, engine_version, "
                     "status, started_at) VALUES (" + std::to_string(id) + ", 's', '" + sha256_hex("t") +
                     "', 1, 4, 3, 1, 'old', 'complete', '2026-01-01T00:00:00Z')");
        raw.exec("INSERT INTO series VALUES (7, 0, 'team', 'drift', 0, 0.5, 0.4, 0.6, 0.1, 0.3, 0.5, 0.7, 0.9)");
    }
    ResultsStore store(path);
    CHECK(store.schema_version() == kSchemaVersion);
    {
        Database raw(path, Database::Mode::ReadOnly);
        CHECK(raw.query_int("SELECT count(*) FROM sqlite_master WHERE name = 'runs' AND sql LIKE '%AUTOINCREMENT%'") == 1);
    }
    // The old results survived the rebuild of the runs table (no cascade).
    const auto old = store.load_run(7);
    CHECK_FALSE(old.checksum_verified);
    REQUIRE(old.result.series.size() == 1);
    CHECK(old.result.series[0].ticks[0].q95 == 0.9);
    CHECK(store.delete_run(7) == DeleteResult::Deleted);
    const auto next = store.begin_run(sample_spec());
    CHECK(next == 8);
    CHECK(store.delete_run(next, true) == DeleteResult::Deleted);
    CHECK(store.begin_run(sample_spec()) == 9);
}

TEST_CASE("delete refuses a run that is still running") {
    ResultsStore store(":memory:");
    const auto id = store.begin_run(sample_spec());
    CHECK(store.delete_run(id) == DeleteResult::Running);
    CHECK(store.find_run(id)->status == RunStatus::Running);
    store.finish_run(id, sample_result());
    CHECK(store.delete_run(id) == DeleteResult::Deleted);
}

TEST_CASE("a writer waits for a lock, says so, and gives up at the ceiling") {
    PolicyGuard guard;
    TempDir dir;
    const auto path = dir.file("a.db");
    ResultsStore store(path);
    int notices = 0;
    set_busy_policy(BusyPolicy{0.3, 0.05, [&](const std::string& p, double) {
                                   CHECK(p == path);
                                   ++notices;
                               }});
    Database holder(path);
    holder.exec("BEGIN IMMEDIATE");
    try {
        store.begin_run(sample_spec());
        FAIL("wrote through a held lock");
    } catch (const StoreError& e) {
        CHECK(e.kind() == StoreError::Kind::Busy);
        CHECK(e.unwritable());
        CHECK(std::string(e.what()).find("ORGFORCES_DB_WAIT") != std::string::npos);
    }
    CHECK(notices == 1);
    holder.exec("ROLLBACK");
    CHECK(store.begin_run(sample_spec()) > 0);
}

TEST_CASE("a full disk fails the write with 'disk full' and keeps the database sound") {
    TempDir dir;
    ResultsStore store(dir.file("a.db"));
    const auto id = store.begin_run(sample_spec());
    store.set_page_limit(Database(dir.file("a.db")).query_int("PRAGMA page_count"));
    try {
        store.finish_run(id, sample_result(20000));
        FAIL("wrote past the page limit");
    } catch (const StoreError& e) {
        CHECK(e.kind() == StoreError::Kind::DiskFull);
        CHECK(std::string(e.what()).find("disk full") != std::string::npos);
    }
    // Nothing half-written; the row can still be marked.
    store.abandon_run(id, RunStatus::Failed, "disk full");
    CHECK(store.find_run(id)->status == RunStatus::Failed);
    CHECK(store.check().ok());
}

TEST_CASE("gc deletes in one transaction: a failure midway deletes nothing") {
    ResultsStore store(":memory:");
    for (int i = 0; i < 3; ++i) store.abandon_run(store.begin_run(sample_spec()), RunStatus::Failed, "x");
    Statement(store.connection_for_testing(),
              "CREATE TRIGGER fail_third BEFORE DELETE ON runs WHEN old.id = 3 BEGIN SELECT RAISE(ABORT, 'injected'); END")
        .run();
    CHECK_THROWS_AS(store.gc(0.0), StoreError);
    CHECK(store.list_runs().size() == 3);
}

TEST_CASE("a side file keeps every number bit for bit and refuses damage") {
    TempDir dir;
    auto result = sample_result();
    result.series[0].ticks[1].q05 = std::nan("");
    result.series[0].ticks[1].q95 = std::numeric_limits<double>::infinity();
    result.scalars[0].lo = 4.9e-324;
    result.scalars[0].hi = -0.0;
    const auto file = save_run(dir.file("a.db"), sample_spec(), result);
    const auto back = read_saved_run(file);
    CHECK(back.spec.seed == sample_spec().seed);
    CHECK(back.spec.events.size() == 1);
    CHECK(std::isnan(back.result.series[0].ticks[1].q05));
    CHECK(back.result.series[0].ticks[1].q95 == std::numeric_limits<double>::infinity());
    CHECK(back.result.scalars[0].lo == 4.9e-324);
    CHECK(std::signbit(back.result.scalars[0].hi));
    CHECK(back.result.outcomes.size() == result.outcomes.size());
    ResultsStore store(":memory:");
    const auto id = store.store_run(back.spec, back.result);
    CHECK(std::isnan(store.load_run(id).result.series[0].ticks[1].q05));

    std::string text;
    {
        std::ifstream in(file, std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        text = ss.str();
    }
    text[text.size() / 2] = text[text.size() / 2] == '1' ? '2' : '1';
    std::ofstream(file, std::ios::binary) << text;
    CHECK_THROWS_AS(read_saved_run(file), StoreError);
}

TEST_CASE("opening read-only never writes, and reads a file no one may write") {
    TempDir dir;
    const auto path = dir.file("a.db");
    {
        ResultsStore store(path);
        store.finish_run(store.begin_run(sample_spec()), sample_result());
    }
    const auto before = file_sha(path);
    ResultsStore reader(path, ResultsStore::OpenMode::ReadOnly);
    CHECK(reader.list_runs().size() == 1);
    CHECK(reader.load_run(1).checksum_verified);
    CHECK(reader.check().ok());
    CHECK(error_kind([&] { reader.begin_run(sample_spec()); }) == StoreError::Kind::ReadOnly);
    CHECK(file_sha(path) == before);
}

TEST_CASE("a damaged tick or horizon is an error, not a huge allocation") {
    ResultsStore store(":memory:");
    const auto id = store.begin_run(sample_spec());
    store.finish_run(id, sample_result());
    Database& raw = store.connection_for_testing();
    Statement(raw, "UPDATE runs SET results_sha256 = NULL").run();
    Statement(raw, "UPDATE series SET tick = 1000000000000 WHERE tick = 3 AND seq = 0").run();
    CHECK(error_kind([&] { store.load_run(id); }) == StoreError::Kind::Damaged);
    Statement(raw, "UPDATE series SET tick = 3 WHERE tick = 1000000000000").run();
    Statement(raw, "UPDATE runs SET horizon = 2000000000").run();
    CHECK(error_kind([&] { store.load_run(id); }) == StoreError::Kind::Damaged);
}
