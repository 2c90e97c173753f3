// Merges and splits in the engine (docs/model.md#events): people move between teams with their
// practice and culture, nobody is hired or lost by it, a split chooses who goes as a layoff would,
// and an empty team's measures stay finite and say nobody is there.
#include <doctest/doctest.h>

#include <cmath>

#include "model/dynamics.hpp"
#include "model/oracle.hpp"
#include "scenarios.hpp"
#include "sim/world.hpp"

using namespace orgforces;
using test::quiet_scenario;

namespace {

/// `frontier` (10 people at intent (0.8, 0.9)), `apps` (6 at (0.2, 0.3)) and `spare`, declared
/// empty, wanting (0.5, 0.5); no noise, no spread, no turnover: every move is exact.
model::Scenario three_teams(int horizon = 40) {
    auto s = quiet_scenario(10, horizon);
    model::Team apps = s.teams[0];
    apps.name = "apps";
    apps.size = 6;
    apps.intent = {0.2, 0.3};
    s.teams.push_back(apps);
    model::Team spare = s.teams[0];
    spare.name = "spare";
    spare.size = 0;
    spare.intent = {0.5, 0.5};
    s.teams.push_back(spare);
    return s;
}

model::Event merge_at(int tick, std::vector<std::string> teams, std::string into) {
    model::Event e;
    e.tick = tick;
    e.merge = model::TeamMerge{std::move(teams), std::move(into), {}};
    return e;
}

model::Event split_at(int tick, std::string team, std::string into, int size, model::LayoffPolicy who) {
    model::Event e;
    e.tick = tick;
    e.split = model::TeamSplit{std::move(team), std::move(into), size, who, {}};
    return e;
}

int people(const sim::Replicate& rep, int teams) {
    int n = 0;
    for (int t = 0; t < teams; ++t) n += rep.headcount(t);
    return n;
}

}  // namespace

TEST_CASE("merge: the absorbed team's people join with their practice, and it stays empty and hires no one") {
    auto s = three_teams();
    s.teams[0].base_attrition = 0.05;  // leavers are replaced in frontier and apps, not in the absorbed team
    s.events.push_back(merge_at(10, {"frontier", "apps"}, "apps"));
    sim::World world(s);
    sim::Replicate rep(world, false);
    rep.reset(s.seed, 0);
    while (rep.tick() < 9) rep.step();
    const int before = people(rep, 3);
    const double x0 = rep.mean_practice(0, 0), x1 = rep.mean_practice(1, 0);
    const int n0 = rep.headcount(0), n1 = rep.headcount(1);
    rep.step();
    CHECK(rep.headcount(0) == 0);
    CHECK(rep.headcount(1) == n0 + n1);
    CHECK(people(rep, 3) == before);
    // The headcount-weighted mix, then one tick of apps's leadership toward its intent 0.2.
    const double mix = (n0 * x0 + n1 * x1) / (n0 + n1);
    CHECK(rep.mean_practice(1, 0) == doctest::Approx(mix + 0.05 * (0.2 - mix)).epsilon(1e-9));
    while (rep.tick() < 40) {
        rep.step();
        CHECK(rep.headcount(0) == 0);
    }
    CHECK(rep.headcount(1) == n0 + n1);  // replacements keep the merged team whole
}

TEST_CASE("merge: the analytic oracle mixes the means as the engine does") {
    auto s = three_teams();
    s.gravity.push_back(test::gravity("targets", {0.1, 0.1}, 0.03));
    s.events.push_back(merge_at(15, {"frontier"}, "apps"));
    sim::World world(s);
    sim::Replicate rep(world, false);
    rep.reset(s.seed, 0);
    const auto x = model::mean_trajectories(s, 40);
    while (rep.tick() < 40) {
        rep.step();
        REQUIRE(x[1][std::size_t(rep.tick())][0] == doctest::Approx(rep.mean_practice(1, 0)).epsilon(1e-9));
    }
}

TEST_CASE("split: exactly N people move, chosen by the policy, and nobody is lost") {
    // frontier: 12 people at its intent, then 8 inside hires at the default (0.3, 0.2) at tick 5.
    const auto split = [](model::LayoffPolicy who) {
        auto s = three_teams(30);
        s.teams[0].size = 12;
        s.teams[0].hiring.external_fraction = 0.0;
        s.events.push_back(model::Event{5, "grow", {model::Override{"teams.frontier.size", 20.0, {}}}, {}});
        s.events.push_back(split_at(10, "frontier", "spare", 8, who));
        sim::World world(s);
        sim::Replicate rep(world, false);
        rep.reset(s.seed, 0);
        while (rep.tick() < 9) rep.step();
        const int before = people(rep, 3);
        rep.step();
        CHECK(rep.headcount(0) == 12);
        CHECK(rep.headcount(2) == 8);
        CHECK(people(rep, 3) == before);
        return rep.mean_practice(2, 1);
    };
    const double newest = split(model::LayoffPolicy::Newest);
    const double least = split(model::LayoffPolicy::LeastConforming);
    const double most = split(model::LayoffPolicy::MostConforming);
    const double random = split(model::LayoffPolicy::Random);
    // The 8 hires: at the default 0.2 at tick 5, five ticks toward frontier's intent 0.9, one
    // toward spare's 0.5 (about 0.37); the others stayed at 0.9.
    CHECK(newest < 0.45);
    CHECK(least < 0.45);
    CHECK(most > 0.7);    // the people nearest the mean: those at frontier's intent
    CHECK(random > newest);
    CHECK(random < most);
}

TEST_CASE("empty teams: finite measures, and before a split and after a merge nobody feels friction") {
    auto s = three_teams(30);
    s.gravity.push_back(test::gravity("targets", {0.1, 0.1}, 0.05));
    s.events.push_back(split_at(10, "frontier", "spare", 4, model::LayoffPolicy::Random));
    s.events.push_back(merge_at(20, {"apps"}, "frontier"));
    sim::World world(s);
    sim::Replicate rep(world, false);
    const std::size_t ticks = std::size_t(s.horizon) + 1;
    std::vector<double> trace(world.series().size() * ticks);
    sim::ReplicateExtras extras;
    rep.run(s.seed, 0, trace.data(), extras);  // asserts every measure finite
    const auto at = [&](int team, int measure, int tick) {
        return trace[(std::size_t(team) * world.measures_per_team() + std::size_t(measure)) * ticks + std::size_t(tick)];
    };
    for (int tick = 0; tick < 10; ++tick) {
        CHECK(at(2, sim::kHeadcount, tick) == 0.0);
        CHECK(at(2, sim::kFriction, tick) == 0.0);
        CHECK(at(2, sim::kDrift, tick) == 0.0);  // at its declared start until people join
    }
    CHECK(at(2, sim::kHeadcount, 10) == 4.0);
    CHECK(at(2, sim::kFriction, 10) > 0.0);
    CHECK(at(1, sim::kFriction, 19) > 0.0);
    for (int tick = 20; tick <= 30; ++tick) {
        CHECK(at(1, sim::kHeadcount, tick) == 0.0);
        CHECK(at(1, sim::kFriction, tick) == 0.0);
        CHECK(at(1, sim::kLeaderLoad, tick) == 0.0);
        CHECK(at(1, sim::kDrift, tick) == at(1, sim::kDrift, 19));  // measured while it had people
    }
    CHECK(at(0, sim::kHeadcount, 30) == 12.0);
}
