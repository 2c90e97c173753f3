// Scoped culture, scoped reviews' neighbours in the engine, and structural events: a culture acts
// only where its reach says, subcultures keep their levels, a moved team changes the forces that
// reach it, a replaced leader brings a new intent, a layoff follows its policy (docs/model.md).
#include <doctest/doctest.h>

#include <cmath>
#include <numeric>

#include "model/dynamics.hpp"
#include "model/oracle.hpp"
#include "scenarios.hpp"
#include "sim/world.hpp"

using namespace orgforces;
using test::quiet_scenario;

namespace {

/// Two teams of 10: `frontier` in unit lab, `core` in unit product; ideas on; one culture that
/// dismisses engineering ideas at 0.9 of its level.
model::Scenario two_units() {
    auto s = quiet_scenario(10, 40);
    s.organization.units = {{"org", "", {}}, {"lab", "org", {}}, {"product", "org", {}}};
    s.organization.idea_rate = 0.5;
    model::Team core = s.teams[0];
    core.name = "core";
    core.unit = "product";
    s.teams.push_back(core);
    auto w = test::water("engineering-first", 0.8, 0.1);
    w.filters = {{"engineering", 0.9}};
    s.water.push_back(w);
    return s;
}

/// One replicate's trace (World::series() layout, horizon + 1 ticks).
std::vector<double> trace_of(const model::Scenario& s) {
    sim::World world(s);
    sim::Replicate rep(world, false);
    std::vector<double> out(world.series().size() * std::size_t(s.horizon + 1));
    sim::ReplicateExtras extras;
    rep.run(s.seed, 0, out.data(), extras);
    return out;
}

/// Sum over ticks of one team's measure `m` (index into the team's measures).
double total(const model::Scenario& s, const std::vector<double>& trace, int team, int m) {
    sim::World world(s);
    const std::size_t ticks = std::size_t(s.horizon) + 1;
    const double* row = trace.data() + (std::size_t(team) * world.measures_per_team() + std::size_t(m)) * ticks;
    return std::accumulate(row, row + ticks, 0.0);
}

/// Mean assumption level of water force 0 in each team after `ticks` ticks of one replicate.
std::vector<double> levels_after(const model::Scenario& s, int ticks) {
    sim::World world(s);
    sim::Replicate rep(world, false);
    rep.reset(s.seed, 0);
    while (rep.tick() < ticks) rep.step();
    std::vector<double> out;
    for (int t = 0; t < world.teams(); ++t) out.push_back(rep.mean_assumption(t, 0));
    return out;
}

}  // namespace

TEST_CASE("scoped culture: a culture scoped away from a team dismisses none of its ideas") {
    auto s = two_units();
    s.water[0].reach.everyone = false;
    s.water[0].reach.units = {"product"};
    const auto trace = trace_of(s);
    const int dismissed = sim::kFixedMeasures + 1 + 1;  // K = 1 water force, C = 1 kind
    const int produced = sim::kFixedMeasures + 1;
    CHECK(total(s, trace, 0, produced) > 50.0);
    CHECK(total(s, trace, 0, dismissed) == 0.0);
    // The team it reaches loses most of its ideas, as the unscoped culture does everywhere.
    CHECK(total(s, trace, 1, dismissed) > 0.5 * total(s, trace, 1, produced));
    const auto everywhere = trace_of(two_units());
    CHECK(total(two_units(), everywhere, 0, dismissed) > 0.5 * total(two_units(), everywhere, 0, produced));
}

TEST_CASE("scoped culture: outside its reach nobody holds it, is socialized into it or is hired with it") {
    auto s = two_units();
    s.water[0].reach.everyone = true;
    s.water[0].reach.exclude_teams = {"frontier"};
    s.teams[0].base_attrition = 0.05;  // hires arrive in both teams
    s.teams[1].base_attrition = 0.05;
    s.teams[0].hiring.external_fraction = 1.0;
    s.teams[0].hiring.external_assumptions = {0.7};
    s.teams[1].hiring.external_fraction = 0.0;  // inside hires bring the culture's prevalence
    const auto a = levels_after(s, 40);
    CHECK(a[0] == 0.0);
    CHECK(a[1] == doctest::Approx(0.8).epsilon(1e-9));
}

TEST_CASE("scoped culture: subcultures keep their units' levels while the code is the same") {
    auto s = two_units();
    s.water[0].prevalence = 0.5;
    s.water[0].unit_prevalence = {{"lab", 0.1}, {"product", 0.9}};
    auto level = levels_after(s, 40);
    CHECK(level[0] == doctest::Approx(0.1).epsilon(1e-9));
    CHECK(level[1] == doctest::Approx(0.9).epsilon(1e-9));
    // Started elsewhere, each team is socialized toward its own unit's level, not the organization's.
    s.teams[0].initial_assumptions = std::vector<double>{0.5};
    s.teams[1].initial_assumptions = std::vector<double>{0.5};
    level = levels_after(s, 40);
    CHECK(level[0] < 0.12);
    CHECK(level[1] > 0.88);
    // The analytic oracle agrees on where the practice goes (the filter leaves practice alone, so
    // compare with a lean): the team with the stronger subculture leans further.
    s.water[0].leans = {std::nullopt, 0.0};
    s.water[0].lean_weight = 0.05;
    const auto x = model::mean_trajectories(s, 40);
    CHECK(x[0][40][1] > x[1][40][1] + 0.2);
}

TEST_CASE("structural events: a team moved into a unit feels that unit's gravity from the event's tick") {
    auto s = two_units();
    s.water.clear();
    auto g = test::gravity("quarterly-targets", {0.1, 0.1}, 0.05);
    g.reach.everyone = false;
    g.reach.units = {"product"};
    s.gravity.push_back(g);
    model::Event move;
    move.tick = 20;
    move.move = model::TeamMove{"frontier", "product", {}};
    s.events.push_back(move);
    sim::World world(s);
    sim::Replicate rep(world, false);
    rep.reset(s.seed, 0);
    while (rep.tick() < 19) rep.step();
    CHECK(rep.friction(0) == 0.0);
    const double before = rep.mean_practice(0, 0);
    rep.step();
    CHECK(rep.friction(0) > 0.0);
    while (rep.tick() < 40) rep.step();
    CHECK(rep.mean_practice(0, 0) < before - 0.1);
    // The oracle switches with it.
    const auto x = model::mean_trajectories(s, 40);
    CHECK(x[0][19][0] == doctest::Approx(before).epsilon(1e-9));
    CHECK(x[0][40][0] == doctest::Approx(rep.mean_practice(0, 0)).epsilon(1e-6));
}

TEST_CASE("structural events: a team moved out of a culture's reach leaves it behind") {
    auto s = two_units();
    s.water[0].reach.everyone = false;
    s.water[0].reach.units = {"lab"};
    model::Event move;
    move.tick = 10;
    move.move = model::TeamMove{"frontier", "product", {}};
    s.events.push_back(move);
    CHECK(levels_after(s, 9)[0] > 0.7);
    CHECK(levels_after(s, 10)[0] == 0.0);
}

TEST_CASE("structural events: a replaced leader leads toward the new intent, weakly during the interim") {
    auto s = quiet_scenario(10, 60);
    s.gravity.push_back(test::gravity("planning", {0.3, 0.2}, 0.05));
    s.organization.intent_erosion = 0.05;  // the old intent has eroded by the event
    model::Event e;
    e.tick = 20;
    e.leader = model::LeaderChange{"frontier", 0.2, {0.2, std::nullopt}, 10, 0.01, {}};
    s.events.push_back(e);
    sim::World world(s);
    REQUIRE(world.regimes() == 3);
    CHECK(world.regime_start(1) == 20);
    CHECK(world.regime(1).leadership[0] == 0.01);
    CHECK(world.regime_start(2) == 30);
    CHECK(world.regime(2).leadership[0] == 0.2);
    CHECK(world.regime(2).intent[0] == 0.2);
    CHECK(world.regime(2).intent[1] == 0.9);  // dimensions the new leader does not name stay
    sim::Replicate rep(world, false);
    rep.reset(s.seed, 0);
    while (rep.tick() < 19) rep.step();
    const double eroded = rep.intent(0, 1);
    CHECK(eroded < 0.85);
    rep.step();  // declared at the tick, then one tick of erosion (5% of the gap to practice)
    CHECK(std::abs(rep.intent(0, 0) - 0.2) < 0.05 * 0.6);
    CHECK(rep.intent(0, 1) > 0.9 - 0.05 * 0.8);  // the new leader restates the whole intent
    CHECK(rep.intent(0, 1) > eroded + 0.02);
    while (rep.tick() < 60) rep.step();
    CHECK(rep.mean_practice(0, 0) < 0.5);
}

TEST_CASE("structural events: who leaves at a layoff follows the event's policy") {
    // 12 people at the intent (0.8, 0.9) and 8 inside hires at the default (0.3, 0.2); then a cut
    // back to 12. `newest` lets the 8 hires go; `most-conforming` lets those nearest the mean go
    // (the 12 at the intent, as the mean lies nearer them), `least-conforming` the 8 hires.
    const auto after_cut = [](model::LayoffPolicy policy) {
        auto s = quiet_scenario(12, 30);
        s.teams[0].hiring.external_fraction = 0.0;
        s.events.push_back(model::Event{5, "grow", {model::Override{"teams.frontier.size", 20.0, {}}}, {}});
        model::Event cut{10, "cut", {model::Override{"teams.frontier.size", 12.0, {}}}, {}};
        cut.layoff = policy;
        s.events.push_back(cut);
        sim::World world(s);
        sim::Replicate rep(world, false);
        rep.reset(s.seed, 0);
        while (rep.tick() < 10) rep.step();
        CHECK(rep.headcount(0) == 12);
        return rep.mean_practice(0, 1);
    };
    const double newest = after_cut(model::LayoffPolicy::Newest);
    const double least = after_cut(model::LayoffPolicy::LeastConforming);
    const double most = after_cut(model::LayoffPolicy::MostConforming);
    const double random = after_cut(model::LayoffPolicy::Random);
    CHECK(newest > 0.8);                // only the original people are left (the leader pulled them a little)
    CHECK(least > 0.8);
    CHECK(most < 0.6);                  // 4 at the intent and the 8 hires nearer the default
    CHECK(random > most);
    CHECK(random < newest);
}
