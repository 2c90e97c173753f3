// The dashboard session without a window: overrides, rejected values, and runs that match a
// plain ensemble of the same variant bit for bit.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "model/diagnostics.hpp"
#include "model/loader.hpp"
#include "model/registry.hpp"
#include "orgforces/source_dir.hpp"
#include "sim/ensemble.hpp"
#include "sim/run_plan.hpp"
#include "viz/dash/session.hpp"

using namespace orgforces;

namespace {

model::Scenario hello() {
    return model::load_scenario_file(std::filesystem::path(ORGFORCES_SOURCE_DIR) / "scenarios/hello-world.yaml");
}

dash::SessionOptions small() {
    dash::SessionOptions o;
    o.replicates = 16;
    o.drag_replicates = 8;
    o.threads = 1;
    return o;
}

// Waits for the worker to finish (a bound against a hang, not a timing check).
std::shared_ptr<const dash::Snapshot> settled(dash::Session& session) {
    REQUIRE(session.worker().wait_idle(std::chrono::minutes(2)));
    return session.snapshot();
}

// The horizon median of the explorers' drift: one number that moves with the variant.
double final_drift(const sim::EnsembleResult& r) {
    const auto* s = r.find_series("explorers", "drift");
    REQUIRE(s != nullptr);
    return s->ticks.back().q50;
}

}  // namespace

TEST_CASE("a session's finished run equals a plain ensemble of its variant") {
    const auto base = hello();
    dash::Session session(base, small());
    const auto snap = settled(session);
    REQUIRE(snap->complete());
    CHECK(snap->replicates_done == 16);
    CHECK(snap->error.empty());

    sim::EnsembleOptions o;
    o.replicates = 16;
    o.threads = 1;
    const auto plain = sim::run_ensemble(base, o);
    REQUIRE(snap->result->series.size() == plain.series.size());
    for (std::size_t i = 0; i < plain.series.size(); ++i) {
        const auto& a = snap->result->series[i].ticks;
        const auto& b = plain.series[i].ticks;
        REQUIRE(a.size() == b.size());
        CHECK(a.back().mean == b.back().mean);
        CHECK(a.back().q50 == b.back().q50);
    }
}

TEST_CASE("overrides change the variant and the file value drops the override") {
    dash::Session session(hello(), small());
    const std::string path = "teams.explorers.shielding";
    const double file_value = session.value(path);
    CHECK(file_value == 0.2);

    REQUIRE(session.set(path, 0.9, false));
    CHECK(session.value(path) == 0.9);
    CHECK(session.overrides().size() == 1);
    REQUIRE(session.override_list().size() == 1);
    CHECK(session.override_list()[0].path == path);
    const auto shielded = settled(session);
    REQUIRE(shielded->complete());
    CHECK(shielded->scenario->teams[0].shielding == 0.9);

    REQUIRE(session.set(path, file_value, false));
    CHECK(session.overrides().empty());
    const auto back = settled(session);
    REQUIRE(back->complete());
    CHECK(final_drift(*back->result) != final_drift(*shielded->result));
}

TEST_CASE("a drag runs a reduced preview and release completes it") {
    dash::Session session(hello(), small());
    REQUIRE(session.set("teams.explorers.shielding", 0.7, true));
    const auto preview = settled(session);
    CHECK(preview->preview);
    CHECK(preview->replicates_total == 8);
    session.release();
    const auto full = settled(session);
    CHECK(!full->preview);
    CHECK(full->replicates_total == 16);
    CHECK(full->complete());
}

TEST_CASE("an invalid value is rejected and the last valid variant kept") {
    dash::Session session(hello(), small());
    REQUIRE(session.set("teams.explorers.shielding", 0.5, false));
    CHECK_FALSE(session.set("teams.explorers.shielding", 7.0, false));
    CHECK(!session.error().empty());
    CHECK(session.value("teams.explorers.shielding") == 0.5);
    CHECK(session.variant()->teams[0].shielding == 0.5);
    // An unknown path is an error at once, not a silent no-op.
    CHECK_THROWS_AS(session.set("teams.nobody.shielding", 0.5, false), model::ScenarioError);
    session.reset();
    CHECK(session.overrides().empty());
    CHECK(session.value("teams.explorers.shielding") == 0.2);
}

TEST_CASE("a session's run settings come from the run plan") {
    auto base = hello();
    base.replicates = 24;
    auto o = small();
    o.replicates = 0;   // the scenario's
    dash::Session session(base, o);
    CHECK(session.full_replicates() == 24);
    const auto snap = settled(session);
    REQUIRE(snap->complete());
    CHECK(snap->result->info.seed == base.seed);
    o.replicates = -1;
    CHECK_THROWS_AS(dash::Session(base, o), sim::RunSettingsError);
}

TEST_CASE("a preview size that is not whole blocks still refines to the full run") {
    const auto base = hello();
    auto o = small();
    o.replicates = 40;
    o.drag_replicates = 12;   // stages start at a whole block (16), not at replicate 12
    dash::Session session(base, o);
    const auto snap = settled(session);
    CHECK(snap->error.empty());
    REQUIRE(snap->complete());
    CHECK(snap->replicates_done == 40);
}

TEST_CASE("a what-if of the scenario runs with its events, as the CLI applies it") {
    // stays-in-research is one `move` event and no assignment: without its event the dashboard
    // would run the scenario unchanged.
    const auto base = model::load_scenario_file(std::filesystem::path(ORGFORCES_SOURCE_DIR) / "scenarios/reorganization.yaml");
    const auto it = std::find_if(base.variants.begin(), base.variants.end(),
                                 [](const model::Variant& v) { return v.name == "stays-in-research"; });
    REQUIRE(it != base.variants.end());
    REQUIRE(it->set.empty());
    REQUIRE(it->events.size() == 1);
    dash::SessionOptions o = small();
    o.replicates = 8;
    dash::Session session(base, o);
    REQUIRE(session.choose_variant("stays-in-research"));
    const auto snap = settled(session);
    REQUIRE(snap->complete());
    CHECK(snap->scenario->events.size() == base.events.size() + 1);

    sim::EnsembleOptions eo;
    eo.replicates = 8;
    eo.threads = 1;
    const auto plain = sim::run_ensemble(model::apply_variant(base, *it), eo);
    const auto unchanged = sim::run_ensemble(base, eo);
    const auto drift = [](const sim::EnsembleResult& r) { return r.find_series("frontier", "drift")->ticks.back().mean; };
    CHECK(drift(*snap->result) == drift(plain));
    CHECK(drift(plain) != drift(unchanged));   // the event acts

    // Reset drops the what-if's event with the overrides; an unknown what-if is refused.
    session.reset();
    CHECK(session.events().empty());
    CHECK_FALSE(session.choose_variant("no-such-what-if"));
    CHECK(session.error().find("no-such-what-if") != std::string::npos);
}
