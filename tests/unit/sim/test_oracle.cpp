// The analytic oracle (MODEL.md §12) against the engine: with noise, turnover, filtering and
// network influence off and assumption levels fixed, the simulated team mean is the linear map.
#include <doctest/doctest.h>

#include <cmath>

#include "model/oracle.hpp"
#include "scenarios.hpp"
#include "sim/world.hpp"

using namespace orgforces;
using test::gravity;
using test::quiet_scenario;
using test::water;

namespace {
model::Scenario pulsed_scenario(int horizon) {
    auto s = quiet_scenario(25, horizon);
    s.teams[0].initial_spread = 0.05;          // people differ; the mean is still linear
    s.teams[0].initial_practice = std::vector<double>{0.5, 0.6};
    s.teams[0].shielding = 0.3;
    s.organization.peer_conformity = 0.1;      // cancels in the mean
    auto planning = gravity("quarterly-planning", {0.2, 0.1}, 0.03);
    planning.schedule.every = 13;
    planning.schedule.duration = 2;
    planning.schedule.multiplier = 4.0;
    planning.schedule.between = 0.5;
    s.gravity.push_back(planning);
    s.gravity.push_back(gravity("roadmap", {std::nullopt, 0.3}, 0.02));
    auto ship = water("ship-it", 0.7, 0.0);     // depth 0: levels stay fixed
    ship.leans = {0.1, std::nullopt};
    ship.lean_weight = 0.04;
    s.water.push_back(ship);
    return s;
}
}  // namespace

TEST_CASE("the simulated team mean follows the analytic trajectory") {
    const auto s = pulsed_scenario(120);
    sim::World world(s);
    sim::Replicate rep(world, false);
    rep.reset(11, 0);
    const std::vector<double> start{rep.mean_practice(0, 0), rep.mean_practice(0, 1)};
    const auto path = model::mean_trajectory(s, 0, 120, start);
    double worst = 0.0;
    for (int t = 1; t <= 120; ++t) {
        rep.step();
        for (int d = 0; d < 2; ++d) worst = std::max(worst, std::abs(rep.mean_practice(0, d) - path[t][d]));
    }
    CHECK(worst < 1e-9);
    // The trajectory really moves (the check above is not trivially satisfied).
    CHECK(std::abs(path[120][0] - path[0][0]) > 0.05);
}

TEST_CASE("the steady state is the fixed point of the period map") {
    const auto s = pulsed_scenario(13 * 60);
    const auto oracle = model::analyze_teams(s);
    REQUIRE(oracle.size() == 1);
    CHECK(oracle[0].period == 13);
    sim::World world(s);
    sim::Replicate rep(world, false);
    rep.reset(1, 0);
    while (rep.tick() < s.horizon) rep.step();
    CHECK(rep.mean_practice(0, 0) == doctest::Approx(oracle[0].steady_state[0]).epsilon(1e-9));
    CHECK(rep.mean_practice(0, 1) == doctest::Approx(oracle[0].steady_state[1]).epsilon(1e-9));
    CHECK(oracle[0].spectral_radius > 0.0);
    CHECK(oracle[0].spectral_radius < 1.0);
    CHECK(oracle[0].half_life > 1.0);
}

TEST_CASE("share of intent surviving: 1 without gravity, lower with stronger gravity") {
    auto s = quiet_scenario();
    s.gravity.push_back(gravity("okrs", {0.2, 0.1}, 0.0));
    auto none = model::analyze_teams(s);
    CHECK(none[0].intent_surviving == doctest::Approx(1.0));
    s.gravity[0].strength = 0.02;
    const double weak = model::analyze_teams(s)[0].intent_surviving;
    s.gravity[0].strength = 0.2;
    const double strong = model::analyze_teams(s)[0].intent_surviving;
    CHECK(weak < 1.0);
    CHECK(strong < weak);
    CHECK(strong > 0.0);
    // Constant forces: the fixed point is A⁻¹ b, here (λ m + k t) / (λ + k) per dimension.
    const auto o = model::analyze_teams(s)[0];
    CHECK(o.steady_state[0] == doctest::Approx((0.05 * 0.8 + 0.2 * 0.2) / 0.25));
    CHECK(o.half_life == doctest::Approx(std::log(0.5) / std::log(1 - 0.25)));
}

TEST_CASE("the environment default is the gravity equilibrium, the baseline elsewhere") {
    auto s = quiet_scenario();
    s.gravity.push_back(gravity("a", {0.2, std::nullopt}, 0.1));
    s.gravity.push_back(gravity("b", {0.6, std::nullopt}, 0.3));
    const auto e = model::environment_default(s, 0);
    CHECK(e[0] == doctest::Approx((0.1 * 0.2 + 0.3 * 0.6) / 0.4));
    CHECK(e[1] == doctest::Approx(0.2));  // organization.baseline
}
