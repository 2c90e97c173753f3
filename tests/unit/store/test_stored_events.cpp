// A stored run keeps its events whole (schema 3): moves, new leaders and layoff policies read back
// as they ran; a database of schema 2 still opens, and its runs and events still read.
#include <doctest/doctest.h>

#include <fstream>

#include "model/loader.hpp"
#include "model/registry.hpp"
#include "sim/run_plan.hpp"
#include "store/results_store.hpp"
#include "store/run_file.hpp"
#include "store/schema.hpp"
#include "store/sha256.hpp"
#include "store/sqlite.hpp"
#include "test_store_support.hpp"

using namespace orgforces;
using namespace orgforces::store;
using orgforces::store::testing::sample_result;
using orgforces::store::testing::TempDir;

namespace {

constexpr const char* kScenario = R"(
name: stored-events
horizon: 60
dimensions: [{name: exploration}, {name: horizon}, {name: rigor}]
organization: {units: [{name: lab}, {name: product}]}
teams:
  - {name: frontier, unit: lab, size: 12}
  - {name: apps, unit: product, size: 8}
events:
  - {tick: 10, label: cut, set: {teams.frontier.size: 8}, layoff: newest}
what_if:
  - name: reorganized
    set: {teams.apps.shielding: 0.25}
    events:
      - {tick: 20, label: reorg, move: {team: frontier, to: product}}
      - tick: 30
        replace_leader: {team: apps, leadership: 0.04, intent: {horizon: 0.7}, interim: 6, interim_leadership: 0.01}
)";

std::vector<std::string> texts(const std::vector<model::Event>& events, const std::vector<std::string>& dims) {
    std::vector<std::string> out;
    for (const auto& e : events) out.push_back(model::event_text(e, dims));
    return out;
}

}  // namespace

TEST_CASE("a what-if run's events read back whole, a move and a new leader too") {
    const auto base = model::load_scenario_text(kScenario, "stored-events.yaml");
    const auto variant = model::apply_variant(base, base.variants[0]);
    const auto plan = sim::RunPlan::resolve(variant, {4, 1, 1, base.variants[0].set});
    RunSpec spec = run_spec(variant, plan, "whatif", "reorganized");
    REQUIRE(spec.events.size() == 3);
    REQUIRE(spec.dimensions.size() == 3);

    ResultsStore store(":memory:");
    const auto id = store.begin_run(spec);
    store.finish_run(id, sample_result());
    const auto back = store.load_run(id).record;
    CHECK(back.events_whole);
    REQUIRE(back.spec.events.size() == 3);
    CHECK(texts(back.spec.events, back.spec.dimensions) == texts(variant.events, spec.dimensions));
    REQUIRE(back.spec.events[1].move);
    CHECK(back.spec.events[1].move->unit == "product");
    REQUIRE(back.spec.events[2].leader);
    CHECK(back.spec.events[2].leader->intent[1] == 0.7);
    CHECK(back.spec.events[0].layoff == model::LayoffPolicy::Newest);
}

TEST_CASE("a schema 2 database opens, read-only as it is and for writing migrated, and its events read") {
    TempDir dir;
    const auto path = dir.file("v2.db");
    const std::string hash = sha256_hex(kScenario);
    {
        Database raw(path);
        raw.exec(migrations()[0]);
        raw.exec(migrations()[1]);
        raw.exec("PRAGMA application_id=" + std::to_string(kApplicationId));
        raw.exec("PRAGMA user_version=2");
        Statement sc(raw, "INSERT INTO scenarios VALUES (?1, 'stored-events', ?2)");
        sc.bind(1, hash).bind(2, std::string(kScenario)).run();
        raw.exec("INSERT INTO runs(id, scenario_name, scenario_hash, seed, replicates, horizon, threads, engine_version, "
                 "command, label, status, started_at) VALUES (5, 'stored-events', '" + hash +
                 "', 1, 4, 60, 1, '0.3.0', 'whatif', 'reorganized', 'complete', '2026-01-01T00:00:00Z')");
        raw.exec("INSERT INTO events VALUES (5, 0, 10, 'cut', '[{\"path\":\"teams.frontier.size\",\"value\":8}]')");
        raw.exec("INSERT INTO events VALUES (5, 1, 20, 'reorg', '[]')");
    }
    auto check_old = [](ResultsStore& store) {
        const auto old = store.find_run(5);
        REQUIRE(old);
        CHECK_FALSE(old->events_whole);   // only ticks, labels and assignments were kept
        REQUIRE(old->spec.events.size() == 2);
        CHECK(old->spec.events[0].set.at(0).value == 8.0);
        CHECK(old->spec.events[1].label == "reorg");
        CHECK_FALSE(old->spec.events[1].move);
    };
    {
        ResultsStore reader(path, ResultsStore::OpenMode::ReadOnly);
        CHECK(reader.schema_version() == 2);
        check_old(reader);
    }
    ResultsStore store(path);
    CHECK(store.schema_version() == kSchemaVersion);
    check_old(store);
    // A run stored after the migration keeps its events whole.
    const auto base = model::load_scenario_text(kScenario, "stored-events.yaml");
    const auto variant = model::apply_variant(base, base.variants[0]);
    const auto id = store.begin_run(run_spec(variant, sim::RunPlan::resolve(variant, {4, 1, 1, {}}), "whatif", "reorganized"));
    const auto now = store.find_run(id);
    REQUIRE(now);
    CHECK(now->events_whole);
    REQUIRE(now->spec.events.size() == 3);
    CHECK(now->spec.events[1].move);
}

TEST_CASE("a side file keeps a what-if's events whole") {
    const auto base = model::load_scenario_text(kScenario, "stored-events.yaml");
    const auto variant = model::apply_variant(base, base.variants[0]);
    const RunSpec spec = run_spec(variant, sim::RunPlan::resolve(variant, {4, 1, 1, {}}), "whatif", "reorganized");
    TempDir dir;
    const auto file = dir.path / "side.json";
    {
        std::ofstream out(file, std::ios::binary);
        out << saved_run_text(spec, sample_result());
    }
    const auto back = read_saved_run(file).spec;
    CHECK(texts(back.events, back.dimensions) == texts(variant.events, spec.dimensions));
    REQUIRE(back.events.size() == 3);
    CHECK(back.events[1].move);
    CHECK(back.events[2].leader);
}
