// Property tests of the engine: one per mechanism (docs/model.md#one-tick), each able to fail.
#include <doctest/doctest.h>

#include <cmath>

#include "model/diagnostics.hpp"
#include "scenarios.hpp"
#include "sim/ensemble.hpp"
#include "sim/world.hpp"

using namespace orgforces;
using test::gravity;
using test::quiet_scenario;
using test::water;

namespace {

// Runs one replicate to the horizon and returns it (the world must outlive it).
struct Run {
    sim::World world;
    sim::Replicate rep;
    explicit Run(const model::Scenario& s, std::uint64_t seed = 1, int replicate = 0) : world(s), rep(world) {
        rep.reset(seed, replicate);
    }
    void to(int tick) {
        while (rep.tick() < tick) rep.step();
    }
};

double horizon_mean(const sim::EnsembleResult& r, const std::string& team, const std::string& measure) {
    const auto* s = r.find_series(team, measure);
    REQUIRE(s != nullptr);
    return s->ticks.back().mean;
}

double total_mean(const sim::EnsembleResult& r, const std::string& team, const std::string& measure) {
    const auto* s = r.find_series(team, measure);
    REQUIRE(s != nullptr);
    double sum = 0.0;
    for (const auto& b : s->ticks) sum += b.mean;
    return sum;
}

}  // namespace

TEST_CASE("without gravity a team converges to its intent") {
    auto s = quiet_scenario(20, 400);
    s.teams[0].initial_practice = std::vector<double>{0.2, 0.3};
    Run run(s);
    const double start_gap = std::abs(run.rep.mean_practice(0, 0) - 0.8);
    run.to(400);
    CHECK(start_gap > 0.5);
    CHECK(run.rep.mean_practice(0, 0) == doctest::Approx(0.8).epsilon(1e-6));
    CHECK(run.rep.mean_practice(0, 1) == doctest::Approx(0.9).epsilon(1e-6));
}

TEST_CASE("intent equal to every gravity target keeps friction at 0") {
    auto s = quiet_scenario(20, 100);
    s.gravity.push_back(gravity("okrs", {0.8, std::nullopt}, 0.1));
    s.gravity.push_back(gravity("roadmap", {0.8, 0.9}, 0.05));
    Run run(s);
    for (int t = 0; t <= 100; ++t) {
        CHECK(run.rep.friction(0) < 1e-12);  // 0 up to the rounding of a team mean (the gap's root magnifies it)
        CHECK(run.rep.capacity(0) == doctest::Approx(1.0).epsilon(1e-15));
        if (t < 100) run.rep.step();
    }
    // Control: a target away from the intent does create friction.
    s.gravity[0].target = {0.2, std::nullopt};
    Run away(s);
    away.to(10);
    CHECK(away.rep.friction(0) > 0.01);
}

TEST_CASE("shielding 1 keeps gravity's pull off the team") {
    auto s = quiet_scenario(20, 80);
    s.organization.leader_wear = 0.0;  // the leaders' load would wear their leadership (its own test)
    s.organization.noise = 0.02;  // noise on: the same seed must give the same bits
    s.teams[0].base_attrition = 0.02;
    // Outside hires only: inside transfers arrive at the environment's default, which gravity sets.
    s.teams[0].hiring.external_fraction = 1.0;
    auto shielded = s;
    shielded.gravity.push_back(gravity("okrs", {0.1, 0.1}, 0.2));
    shielded.teams[0].shielding = 1.0;
    auto exposed = shielded;
    exposed.teams[0].shielding = 0.0;
    Run a(s, 3), b(shielded, 3), c(exposed, 3);
    a.to(80);
    b.to(80);
    c.to(80);
    for (int d = 0; d < 2; ++d) CHECK(a.rep.mean_practice(0, d) == b.rep.mean_practice(0, d));
    CHECK(std::abs(c.rep.mean_practice(0, 0) - a.rep.mean_practice(0, 0)) > 0.1);
}

TEST_CASE("stronger gravity makes more drift") {
    auto s = quiet_scenario(20, 60);
    s.organization.noise = 0.01;
    s.gravity.push_back(gravity("okrs", {0.1, 0.2}, 0.02));
    auto strong = s;
    strong.gravity[0].strength = 0.08;
    sim::EnsembleOptions o;
    o.replicates = 16;
    o.threads = 1;
    const double weak_drift = horizon_mean(sim::run_ensemble(s, o), "frontier", "drift");
    const double strong_drift = horizon_mean(sim::run_ensemble(strong, o), "frontier", "drift");
    CHECK(weak_drift > 0.05);
    CHECK(strong_drift > weak_drift + 0.05);
}

TEST_CASE("faster socialization brings assumption levels to the code faster") {
    auto s = quiet_scenario(20, 40);
    s.water.push_back(water("ship-it", 0.9, 0.02));
    s.water[0].initial_code = 0.9;
    s.teams[0].initial_assumptions = std::vector<double>{0.1};
    auto fast = s;
    fast.water[0].socialization = 0.1;
    Run slow_run(s), fast_run(fast);
    slow_run.to(20);
    fast_run.to(20);
    const double slow_gap = std::abs(slow_run.rep.mean_assumption(0, 0) - slow_run.rep.code(0));
    const double fast_gap = std::abs(fast_run.rep.mean_assumption(0, 0) - fast_run.rep.code(0));
    CHECK(slow_gap < 0.8);  // it moved at all
    CHECK(fast_gap < slow_gap - 0.2);
}

TEST_CASE("inside hires raise a team's assumption levels, outside hires lower them") {
    auto s = quiet_scenario(30, 100);
    s.water.push_back(water("ship-it", 0.9, 0.0));  // no socialization: only hiring moves levels
    s.teams[0].initial_assumptions = std::vector<double>{0.5};
    s.teams[0].base_attrition = 0.05;
    s.teams[0].hiring.external_assumptions = {0.1};
    auto inside = s, outside = s;
    inside.teams[0].hiring.external_fraction = 0.0;
    outside.teams[0].hiring.external_fraction = 1.0;
    Run in_run(inside), out_run(outside);
    in_run.to(100);
    out_run.to(100);
    CHECK(in_run.rep.mean_assumption(0, 0) > 0.7);
    CHECK(out_run.rep.mean_assumption(0, 0) < 0.3);
    CHECK(in_run.rep.headcount(0) == 30);
}

TEST_CASE("filters dismiss only the filtered kinds") {
    auto s = quiet_scenario(40, 50);
    s.organization.idea_rate = 0.5;
    s.organization.idea_mix = {{"design", 1.0}, {"engineering", 1.0}};
    auto w = water("engineering-first", 1.0, 0.0);
    w.filters = {{"design", 0.8}};
    s.water.push_back(w);
    s.teams[0].initial_assumptions = std::vector<double>{1.0};
    sim::EnsembleOptions o;
    o.replicates = 8;
    o.threads = 1;
    const auto r = sim::run_ensemble(s, o);
    const double made_design = total_mean(r, "frontier", "ideas_produced:design");
    const double cut_design = total_mean(r, "frontier", "ideas_dismissed:design");
    const double made_eng = total_mean(r, "frontier", "ideas_produced:engineering");
    const double cut_eng = total_mean(r, "frontier", "ideas_dismissed:engineering");
    CHECK(made_design > 100);
    CHECK(made_eng > 100);
    CHECK(cut_eng == 0.0);
    CHECK(cut_design / made_design == doctest::Approx(0.8).epsilon(0.05));
}

TEST_CASE("friction raises attrition") {
    auto s = quiet_scenario(40, 80);
    s.gravity.push_back(gravity("okrs", {0.1, 0.1}, 0.02));
    s.teams[0].leadership = 0.1;  // holds practice away from the target: lasting friction
    s.teams[0].base_attrition = 0.005;
    auto costly = s;
    costly.organization.friction_attrition = 0.3;
    sim::EnsembleOptions o;
    o.replicates = 16;
    o.threads = 1;
    const auto calm = sim::run_ensemble(s, o);
    const auto hot = sim::run_ensemble(costly, o);
    CHECK(horizon_mean(hot, "frontier", "friction") > 0.05);
    CHECK(total_mean(hot, "frontier", "leavers") > 1.5 * total_mean(calm, "frontier", "leavers"));
}

TEST_CASE("peer conformity pulls people together without moving the mean") {
    auto s = quiet_scenario(20, 30);
    s.teams[0].leadership = 0.0;
    s.teams[0].initial_spread = 0.1;
    s.teams[0].initial_practice = std::vector<double>{0.5, 0.5};
    s.teams[0].peer_conformity = 0.2;
    Run run(s);
    const double m0 = run.rep.mean_practice(0, 0);
    run.to(30);
    CHECK(run.rep.mean_practice(0, 0) == doctest::Approx(m0).epsilon(1e-12));
}

TEST_CASE("influence along team links moves a team toward its partner") {
    auto s = quiet_scenario(10, 50);
    auto partner = s.teams[0];
    partner.name = "core";
    partner.intent = {0.1, 0.1};
    s.teams.push_back(partner);
    s.teams[0].leadership = 0.0;
    s.teams[1].leadership = 0.0;
    s.teams[0].links = {{"core", 1.0, {}}};
    auto linked = s;
    linked.organization.network_influence = 0.05;
    Run apart(s), together(linked);
    apart.to(50);
    together.to(50);
    CHECK(apart.rep.mean_practice(0, 0) == doctest::Approx(0.8));
    CHECK(together.rep.mean_practice(0, 0) < 0.5);
    CHECK(together.rep.mean_practice(1, 0) == doctest::Approx(0.1));  // the link is one-way
}

TEST_CASE("intent erosion lowers the leaders' sights toward practice") {
    auto s = quiet_scenario(20, 100);
    s.gravity.push_back(gravity("okrs", {0.1, 0.1}, 0.05));
    auto eroding = s;
    eroding.organization.intent_erosion = 0.05;
    Run fixed(s), eroded(eroding);
    fixed.to(100);
    eroded.to(100);
    CHECK(fixed.rep.intent(0, 0) == 0.8);
    CHECK(eroded.rep.intent(0, 0) < 0.6);
    CHECK(eroded.rep.mean_practice(0, 0) < fixed.rep.mean_practice(0, 0) - 0.05);
}

TEST_CASE("noise stays inside [0, 1] by clipping") {
    auto s = quiet_scenario(50, 50);
    s.organization.noise = 0.3;
    s.teams[0].intent = {1.0, 0.0};
    Run run(s);
    run.to(50);
    // Unclipped, noise this large would scatter people far outside [0, 1]; clipped, the means stay
    // inside and on the side of the intent.
    CHECK(run.rep.mean_practice(0, 0) <= 1.0);
    CHECK(run.rep.mean_practice(0, 0) > 0.5);
    CHECK(run.rep.mean_practice(0, 1) >= 0.0);
    CHECK(run.rep.mean_practice(0, 1) < 0.5);
}

TEST_CASE("disabling a force through its flag removes its pull") {
    auto s = quiet_scenario(20, 60);
    s.gravity.push_back(gravity("okrs", {0.1, 0.1}, 0.1));
    auto off = s;
    off.gravity[0].enabled = false;
    Run on_run(s), off_run(off);
    on_run.to(60);
    off_run.to(60);
    CHECK(on_run.rep.mean_practice(0, 0) < 0.5);
    CHECK(off_run.rep.mean_practice(0, 0) == doctest::Approx(0.8));
}

TEST_CASE("rates that overshoot are rejected with the team's position") {
    auto s = quiet_scenario();
    s.teams[0].pos = {"x.yaml", 12, 3};
    s.gravity.push_back(gravity("okrs", {0.1, 0.1}, 0.99));
    CHECK_THROWS_AS(sim::World{s}, model::ScenarioError);
    try {
        sim::World w(s);
    } catch (const model::ScenarioError& e) {
        CHECK(e.diagnostics().front().pos.line == 12);
    }
}

TEST_CASE("an event switches the coefficients at its tick") {
    auto s = quiet_scenario(20, 60);
    s.gravity.push_back(gravity("okrs", {0.1, 0.1}, 0.0));
    model::Event e;
    e.tick = 30;
    e.label = "okrs start";
    e.set = {{"forces.okrs.strength", 0.1, {}}};
    s.events.push_back(e);
    Run run(s);
    run.to(29);
    CHECK(run.rep.mean_practice(0, 0) == doctest::Approx(0.8));
    run.to(30);  // the event acts from the update of its own tick on
    CHECK(run.rep.mean_practice(0, 0) == doctest::Approx(0.8 - 0.1 * (0.8 - 0.1)));
    run.to(60);
    CHECK(run.rep.mean_practice(0, 0) < 0.4);
}
