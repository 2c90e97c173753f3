// The analytic oracle (docs/model.md#the-analytic-oracle) against the engine: with noise, turnover, filtering and
// network influence off and assumption levels fixed, the simulated team mean is the linear map.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>

#include "model/loader.hpp"
#include "model/oracle.hpp"
#include "orgforces/source_dir.hpp"
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

TEST_CASE("turnover: leavers replaced by hires pull the steady state toward the hires' mean") {
    // One dimension's fixed point of x ← (1 − h)(x + b − a x) + h z, z = f x_ext + (1 − f) e.
    auto s = quiet_scenario();
    s.gravity.push_back(gravity("okrs", {0.2, 0.1}, 0.03));
    s.teams[0].base_attrition = 0.02;
    s.teams[0].hiring.external_fraction = 0.25;
    s.teams[0].hiring.external_practice = {0.6, 0.7};
    const auto o = model::analyze_teams(s)[0];
    const double h = 0.02, f = 0.25, lambda = 0.05, k = 0.03;
    const double targets[2] = {0.2, 0.1}, intent[2] = {0.8, 0.9}, ext[2] = {0.6, 0.7};
    for (int d = 0; d < 2; ++d) {
        const double a = lambda + k, b = lambda * intent[d] + k * targets[d];
        const double z = f * ext[d] + (1 - f) * targets[d];  // the environment default is the target here
        const double x = ((1 - h) * b + h * z) / (1 - (1 - h) * (1 - a));
        CHECK(o.steady_state[std::size_t(d)] == doctest::Approx(x).epsilon(1e-12));
    }
    CHECK(o.turnover == doctest::Approx(h));
    CHECK(o.half_life == doctest::Approx(std::log(0.5) / std::log((1 - h) * (1 - 0.08))));
    // Without turnover the same team keeps more of its intent.
    s.teams[0].base_attrition = 0.0;
    CHECK(model::analyze_teams(s)[0].steady_drift < o.steady_drift);
}

TEST_CASE("friction-driven attrition enters the steady state at its self-consistent level") {
    auto s = quiet_scenario();
    s.gravity.push_back(gravity("okrs", {0.2, 0.1}, 0.03));
    s.organization.friction_attrition = 0.5;
    s.teams[0].hiring.external_fraction = 0.0;  // every hire is a transfer at the default
    const auto o = model::analyze_teams(s)[0];
    // At the steady state the leave rate is η F(x*), F = 1 − exp(−k r / κ) with r the root-mean-square
    // gap to the target (docs/model.md#friction).
    const double gap2 = std::pow(o.steady_state[0] - 0.2, 2) + std::pow(o.steady_state[1] - 0.1, 2);
    const double kappa = s.organization.friction_scale;
    CHECK(o.turnover == doctest::Approx(0.5 * (1.0 - std::exp(-0.03 * std::sqrt(gap2 / 2.0) / kappa))).epsilon(1e-9));
    CHECK(o.turnover > 0.01);
    // ... and the engine's mean, with many people and no noise, settles there too.
    s.teams[0].size = 4000;
    s.horizon = 400;
    sim::World world(s);
    sim::Replicate rep(world, false);
    rep.reset(3, 0);
    while (rep.tick() < s.horizon) rep.step();
    CHECK(rep.mean_practice(0, 0) == doctest::Approx(o.steady_state[0]).epsilon(0.01));
    CHECK(rep.mean_practice(0, 1) == doctest::Approx(o.steady_state[1]).epsilon(0.01));
}

TEST_CASE("scheduled events: the trajectory bends at the event and the steady state is the new regime's") {
    auto s = quiet_scenario(20, 100);
    s.gravity.push_back(gravity("okrs", {0.2, 0.1}, 0.03));
    model::Event e;
    e.tick = 40;
    e.set = {{"forces.okrs.strength", 0.12, {}}};
    s.events.push_back(e);
    auto plain = s;
    plain.events.clear();
    const auto with = model::mean_trajectory(s, 0, 100), without = model::mean_trajectory(plain, 0, 100);
    for (int t = 0; t < 40; ++t) CHECK(with[std::size_t(t)][0] == without[std::size_t(t)][0]);
    CHECK(with[40][0] < without[40][0] - 1e-3);
    auto after = plain;
    after.gravity[0].strength = 0.12;
    const auto o = model::analyze_teams(s)[0];
    CHECK(o.steady_state[0] == doctest::Approx(model::analyze_teams(after)[0].steady_state[0]).epsilon(1e-12));
    CHECK(o.steady_drift > model::analyze_teams(plain)[0].steady_drift + 0.05);
    // The engine follows the bent trajectory exactly (no noise, no turnover).
    sim::World world(s);
    sim::Replicate rep(world, false);
    rep.reset(1, 0);
    for (int t = 1; t <= 100; ++t) {
        rep.step();
        CHECK(std::abs(rep.mean_practice(0, 0) - with[std::size_t(t)][0]) < 1e-9);
    }
}

TEST_CASE("the flagship's week-52 event moves its analytic figures") {
    const auto s = model::load_scenario_file(std::filesystem::path(ORGFORCES_SOURCE_DIR) /
                                             "scenarios/innovation-in-a-keeping-org.yaml");
    REQUIRE_FALSE(s.events.empty());
    auto plain = s;
    plain.events.clear();
    const int frontier = s.team_index("frontier");
    const auto with = model::mean_trajectory(s, frontier, 104), without = model::mean_trajectory(plain, frontier, 104);
    const int at = s.events.front().tick;
    double before = 0.0, after = 0.0;
    for (int t = 0; t < at; ++t) before = std::max(before, std::abs(with[std::size_t(t)][0] - without[std::size_t(t)][0]));
    for (int t = at; t <= 104; ++t) after = std::max(after, std::abs(with[std::size_t(t)][0] - without[std::size_t(t)][0]));
    CHECK(before == 0.0);
    CHECK(after > 1e-3);
    CHECK(model::analyze_teams(s)[std::size_t(frontier)].steady_drift !=
          doctest::Approx(model::analyze_teams(plain)[std::size_t(frontier)].steady_drift).epsilon(1e-3));
}

TEST_CASE("intent kept is 100% at the intent, 0% at the default, and falls as drift toward it grows") {
    const double m[2] = {0.7, 0.6}, e[2] = {0.3, 0.3};
    CHECK(model::intent_kept(m, m, e, 2) == doctest::Approx(1.0));
    CHECK(model::intent_kept(e, m, e, 2) == doctest::Approx(0.0));
    double last = 2.0;
    for (int i = 1; i <= 10; ++i) {
        const double t = i / 10.0;
        const double p[2] = {m[0] + t * (e[0] - m[0]), m[1] + t * (e[1] - m[1])};
        const double kept = model::intent_kept(p, m, e, 2);
        CHECK(kept == doctest::Approx(1.0 - t));
        CHECK(kept < last);
        last = kept;
    }
    // Movement across the line from default to intent is drift, but not lost intent.
    const double across[2] = {0.7 - 0.03, 0.6 + 0.04};
    CHECK(model::intent_kept(across, m, e, 2) == doctest::Approx(1.0));
}

TEST_CASE("intent kept is undefined where the intent is within 0.1 of the default") {
    const double e[2] = {0.3, 0.3};
    const double near[2] = {0.3 + 0.099 * std::sqrt(2.0), 0.3};   // gap ‖m − e‖/√D = 0.099
    const double far[2] = {0.3 + 0.101 * std::sqrt(2.0), 0.3};    // 0.101
    CHECK(std::isnan(model::intent_kept(near, near, e, 2)));
    CHECK(model::intent_kept(far, far, e, 2) == doctest::Approx(1.0));
    CHECK(model::kMinIntentGap == 0.1);
}

TEST_CASE("the analytic intent kept at the horizon is the mean-field path's, not the steady state's") {
    // The flagship erodes intent, so frontier keeps far less in the long run than at week 156; a
    // run's figure is at the horizon, and so must be the analytic figure printed beside it.
    const auto s = model::load_scenario_file(std::filesystem::path(ORGFORCES_SOURCE_DIR) /
                                             "scenarios/innovation-in-a-keeping-org.yaml");
    REQUIRE(s.organization.intent_erosion > 0.0);
    const int frontier = s.team_index("frontier");
    const auto o = model::analyze_teams(s)[std::size_t(frontier)];
    const auto path = model::mean_trajectory(s, frontier, s.horizon);
    const std::size_t D = s.dimensions.size();
    const auto& x = path.back();
    CHECK(o.horizon_intent_kept == doctest::Approx(model::intent_kept(x.data(), s.teams[std::size_t(frontier)].intent.data(),
                                                                      o.environment_default.data(), D)));
    CHECK(o.horizon_intent_kept > o.intent_surviving + 0.1);
}
