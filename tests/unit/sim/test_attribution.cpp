// Shapley attribution: exact values of a known game, and the Shapley axioms on the real engine.
#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>
#include <string>

#include "model/loader.hpp"
#include "model/registry.hpp"
#include "sim/attribution.hpp"

using namespace orgforces;

namespace {

/// Two identical forces, one that reaches a unit without teams, and a culture.
const char* kScenario = R"(
name: attribution test
horizon: 30
seed: 7
replicates: 16
dimensions:
  - {name: horizon, low: short, high: long}
  - {name: exploration, low: keep, high: explore}
organization:
  name: T
  units:
    - name: eng
    - name: nobody-here
  baseline: {horizon: 0.3, exploration: 0.3}
gravity:
  - {name: twin-a, target: {horizon: 0.1}, strength: 0.03}
  - {name: twin-b, target: {horizon: 0.1}, strength: 0.03}
  - {name: elsewhere, target: {exploration: 0.0}, strength: 0.05, reach: {units: [nobody-here]}}
water:
  - {name: culture, prevalence: 0.7, socialization: 0.05, leans: {exploration: 0.1}, lean_weight: 0.02}
teams:
  - {name: explorers, unit: eng, size: 6, intent: {horizon: 0.8, exploration: 0.8}, leadership: 0.04}
)";

/// A valid scenario with `forces` gravity forces named f0, f1, ... (their effects come from the
/// evaluator, not the engine).
model::Scenario small_gravity_game(int forces) {
    std::string text = "name: game\nhorizon: 4\nseed: 3\nreplicates: 16\n"
                       "dimensions:\n  - {name: horizon, low: short, high: long}\n"
                       "organization:\n  name: G\n  units:\n    - name: u\n  baseline: {horizon: 0.3}\n"
                       "teams:\n  - {name: x, unit: u, size: 2, intent: {horizon: 0.8}}\ngravity:\n";
    for (int i = 0; i < forces; ++i)
        text += "  - {name: f" + std::to_string(i) + ", target: {horizon: 0.1}, strength: 0.01}\n";
    return model::load_scenario_text(text, "game.yaml");
}

/// v(S) = sum_i a_i [i in S] + c [f0 and f1 in S]: Shapley gives a_0 + c/2, a_1 + c/2, a_i.
sim::Evaluator known_game(double c) {
    return [c](const model::Scenario& s, std::uint64_t, int first, int) {
        double v = 0.0;
        for (std::size_t i = 0; i < s.gravity.size(); ++i)
            if (s.gravity[i].enabled) v += 0.1 * double(i + 1);
        if (s.gravity[0].enabled && s.gravity[1].enabled) v += c;
        // Batch-dependent noise on f2 only, so its error is nonzero and the others' is zero.
        if (s.gravity.size() > 2 && s.gravity[2].enabled) v += 0.001 * (first / 8 % 2);
        return std::vector<double>{v, -2.0 * v};
    };
}

}  // namespace

TEST_CASE("exact Shapley values of a known game") {
    const model::Scenario s = small_gravity_game(4);
    sim::AttributionOptions o;
    o.measures = {{"drift", "x", false}, {"friction", "x", false}};
    o.threads = 2;
    const sim::Attribution a = sim::attribute(s, o, known_game(0.3));
    CHECK(a.exact);
    // Four forces, and the team's leadership and hiring (which this evaluator ignores).
    CHECK(a.coalitions == 64);
    REQUIRE(a.forces.size() == 6);
    CHECK(a.forces[4].group == "leadership");
    CHECK(a.forces[5].group == "hiring");
    CHECK(a.forces[4].value[0] == 0.0);
    CHECK(a.forces[5].value[0] == 0.0);
    CHECK(a.forces[0].value[0] == doctest::Approx(0.1 + 0.15));
    CHECK(a.forces[1].value[0] == doctest::Approx(0.2 + 0.15));
    CHECK(a.forces[2].value[0] == doctest::Approx(0.3 + 0.0005));
    CHECK(a.forces[3].value[0] == doctest::Approx(0.4));
    CHECK(a.forces[1].value[1] == doctest::Approx(-0.7));
    CHECK(a.forces[0].se[0] == doctest::Approx(0.0));
    CHECK(a.forces[2].se[0] > 0.0);
    double sum = 0.0;
    for (const auto& f : a.forces) sum += f.value[0];
    CHECK(sum == doctest::Approx(a.full[0] - a.empty[0]).epsilon(1e-12));
    CHECK(sim::ranked(a, 0).front() == 3);
}

TEST_CASE("sampled Shapley values are efficient per permutation and close to the exact ones") {
    const model::Scenario s = small_gravity_game(12);
    sim::AttributionOptions o;
    o.measures = {{"drift", "x", false}, {"friction", "x", false}};
    o.exact_limit = 10;
    o.permutations = 40;
    const sim::Attribution a = sim::attribute(s, o, known_game(0.3));
    CHECK_FALSE(a.exact);
    CHECK(a.permutations == 40);
    double sum = 0.0;
    for (const auto& f : a.forces) sum += f.value[0];
    CHECK(sum == doctest::Approx(a.full[0] - a.empty[0]).epsilon(1e-12));
    // Additive players have no sampling error; the interacting pair splits c with some error.
    CHECK(a.forces[5].value[0] == doctest::Approx(0.6));
    CHECK(a.forces[5].se[0] == doctest::Approx(0.0));
    CHECK(a.forces[0].value[0] + a.forces[1].value[0] == doctest::Approx(0.3 + 0.3));
    CHECK(std::abs(a.forces[0].value[0] - 0.25) <= 4.0 * a.forces[0].se[0] + 1e-12);
}

TEST_CASE("attribution on the engine obeys efficiency, symmetry and the null player") {
    const model::Scenario s = model::load_scenario_text(kScenario, "attribution-test.yaml");
    sim::AttributionOptions o;
    o.replicates = 16;
    o.threads = 2;
    const sim::Attribution a = sim::attribute(s, o);
    REQUIRE(a.measures.size() >= 1);
    CHECK(a.measures[0].name() == "drift:explorers");
    CHECK(a.coalitions == 64);
    REQUIRE(a.forces.size() == 6);
    for (std::size_t k = 0; k < a.measures.size(); ++k) {
        double sum = 0.0;
        for (const auto& f : a.forces) sum += f.value[k];
        CHECK(sum == doctest::Approx(a.full[k] - a.empty[k]).epsilon(1e-9));
    }
    const auto& twin_a = a.forces[0];
    const auto& twin_b = a.forces[1];
    const auto& elsewhere = a.forces[2];
    CHECK(twin_a.force == "twin-a");
    CHECK(elsewhere.force == "elsewhere");
    CHECK(a.forces[3].group == "water");
    // The twins pull drift up by the same amount; the force that reaches nobody adds nothing.
    CHECK(twin_a.value[0] > 0.01);
    CHECK(std::abs(twin_a.value[0] - twin_b.value[0]) <= 0.02 * twin_a.value[0] + 3.0 * (twin_a.se[0] + twin_b.se[0]));
    CHECK(std::abs(elsewhere.value[0]) <= 1e-9 + 3.0 * elsewhere.se[0]);
    CHECK(std::abs(elsewhere.value[0]) < 0.05 * twin_a.value[0]);
}

TEST_CASE("measures are parsed against the scenario with helpful errors") {
    const model::Scenario s = model::load_scenario_text(kScenario, "attribution-test.yaml");
    CHECK(sim::parse_measure(s, "drift:explorers").name() == "drift:explorers");
    CHECK_THROWS_WITH_AS(sim::parse_measure(s, "drift:nobody"), doctest::Contains("teams: explorers"),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(sim::parse_measure(s, "p_success:x"), doctest::Contains("has none"), std::invalid_argument);
    CHECK_THROWS_AS(sim::parse_measure(s, "happiness:explorers"), std::invalid_argument);
}

namespace {
/// A team pulled by one force, linked to a team that wants the opposite, led, and hiring.
const char* kLinked = R"(
name: links test
horizon: 40
seed: 11
replicates: 16
dimensions:
  - {name: horizon, low: short, high: long}
organization:
  name: L
  units:
    - name: eng
  baseline: {horizon: 0.3}
  network_influence: 0.05
gravity:
  - {name: okrs, target: {horizon: 0.2}, strength: 0.02}
teams:
  - name: explorers
    unit: eng
    size: 8
    intent: {horizon: 0.8}
    leadership: 0.04
    links: {keepers: 1.0}
  - {name: keepers, unit: eng, size: 8, intent: {horizon: 0.1}, leadership: 0.04}
)";
}  // namespace

TEST_CASE("contributors are every force and each team policy in use, with how to switch it off") {
    const model::Scenario s = model::load_scenario_text(kLinked, "links.yaml");
    const auto c = sim::contributors(s);
    REQUIRE(c.size() == 4);
    CHECK(c[0].name == "okrs");
    CHECK(c[0].group == "gravity");
    CHECK(c[1].group == "links");
    REQUIRE(c[1].off.size() == 1);
    CHECK(c[1].off[0].path == "teams.explorers.links.keepers");
    CHECK(c[2].group == "leadership");
    CHECK(c[2].off.size() == 2);   // both teams' leadership (neither shields)
    CHECK(c[3].group == "hiring");
    // Without network influence a link pulls nothing, so it is no contributor.
    const auto quiet = model::apply_overrides(s, {model::Override{"organization.network_influence", 0.0, {}}});
    for (const auto& x : sim::contributors(quiet)) CHECK(x.group != "links");
}

TEST_CASE("links get their share of drift, and all shares add up to the total") {
    const model::Scenario s = model::load_scenario_text(kLinked, "links.yaml");
    sim::AttributionOptions o;
    o.measures = {{"drift", "explorers", false}};
    o.replicates = 16;
    o.threads = 2;
    const sim::Attribution a = sim::attribute(s, o);
    CHECK(a.exact);
    CHECK(a.coalitions == 16);
    const sim::ForceShare* links = nullptr;
    double sum = 0.0;
    for (const auto& f : a.forces) {
        sum += f.value[0];
        if (f.group == "links") links = &f;
    }
    CHECK(sum == doctest::Approx(a.full[0] - a.empty[0]).epsilon(1e-9));
    REQUIRE(links != nullptr);
    // The keepers pull the explorers away from their intent: the link adds drift, clearly beyond noise.
    CHECK(links->value[0] > 0.02);
    CHECK(links->value[0] > 4.0 * links->se[0]);
    // Leadership pulls back toward intent: it removes drift.
    CHECK(a.forces[2].value[0] < 0.0);
    const auto groups = sim::group_totals(a);
    REQUIRE(groups.size() == 4);
    double group_sum = 0.0;
    for (const auto& g : groups) group_sum += g.value[0];
    CHECK(group_sum == doctest::Approx(sum).epsilon(1e-12));
}
