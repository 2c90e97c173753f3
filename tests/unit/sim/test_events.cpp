// Structural events act at their tick: a size event hires or lays off (docs/model.md#events).
#include <doctest/doctest.h>

#include "model/loader.hpp"
#include "scenarios.hpp"
#include "sim/world.hpp"

using namespace orgforces;
using test::quiet_scenario;

namespace {

model::Event size_event(int tick, int size) {
    return model::Event{tick, "resize", {model::Override{"teams.frontier.size", double(size), {}}}, {}};
}

/// Headcount of team 0 after each tick 0..horizon of one replicate.
std::vector<int> headcounts(const model::Scenario& s) {
    sim::World world(s);
    sim::Replicate rep(world);
    rep.reset(s.seed, 0);
    std::vector<int> out{rep.headcount(0)};
    while (rep.tick() < s.horizon) {
        rep.step();
        out.push_back(rep.headcount(0));
    }
    return out;
}

}  // namespace

TEST_CASE("events: a size event lays people off at its tick and the team stays at the new size") {
    auto s = quiet_scenario(12, 60);
    s.events.push_back(size_event(20, 8));
    const auto n = headcounts(s);
    CHECK(n[19] == 12);
    CHECK(n[20] == 8);
    CHECK(n[60] == 8);
}

TEST_CASE("events: a size event hires beyond the starting size, and the hires count as hires") {
    auto s = quiet_scenario(12, 60);
    s.events.push_back(size_event(10, 20));
    s.events.push_back(size_event(40, 15));
    sim::World world(s);
    sim::Replicate rep(world);
    rep.reset(s.seed, 0);
    while (rep.tick() < 9) rep.step();
    CHECK(rep.headcount(0) == 12);
    rep.step();
    CHECK(rep.headcount(0) == 20);
    const auto n = headcounts(s);
    CHECK(n[39] == 20);
    CHECK(n[40] == 15);
    CHECK(n[60] == 15);
}

TEST_CASE("events: hires at a size event arrive at the environment default, so the team's practice moves") {
    // Inside transfers arrive at the default (0.3, 0.2), far below the intent (0.8, 0.9): doubling the
    // team with them must lower its mean practice on the first dimension by about half the gap.
    auto s = quiet_scenario(10, 30);
    s.teams[0].hiring.external_fraction = 0.0;
    auto grown = s;
    grown.events.push_back(size_event(15, 20));
    sim::World w1(s), w2(grown);
    sim::Replicate a(w1), b(w2);
    a.reset(s.seed, 0);
    b.reset(s.seed, 0);
    while (a.tick() < 15) {
        a.step();
        b.step();
    }
    CHECK(b.headcount(0) == 20);
    CHECK(a.mean_practice(0, 0) - b.mean_practice(0, 0) > 0.2);
}

TEST_CASE("events: an event that sets the culture's code declares a new code at its tick") {
    const std::string text =
        "horizon: 20\norganization:\n  units: [{name: eng}]\n"
        "water:\n  - {name: w, prevalence: 0.5, socialization: 0.2}\n"
        "teams:\n  - {name: alpha, unit: eng, size: 5, attrition: 0}\n"
        "events:\n  - {tick: 5, set: {forces.w.initial_code: 0.9}}\n";
    const model::Scenario s = model::load_scenario_text(text, "t.yaml");
    sim::World world(s);
    sim::Replicate rep(world);
    rep.reset(s.seed, 0);
    while (rep.tick() < 4) rep.step();
    CHECK(rep.code(0) == 0.5);
    CHECK(rep.mean_assumption(0, 0) == doctest::Approx(0.5));
    rep.step();
    CHECK(rep.code(0) == 0.9);
    while (rep.tick() < 20) rep.step();
    CHECK(rep.mean_assumption(0, 0) > 0.85);  // socialized toward the new code (depth 0: held at once)
}
