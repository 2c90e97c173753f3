// Intent kept (docs/model.md#measures) on the engine: it reads beside drift. A team nothing pulls
// on keeps all of its intent (as the oracle says), more drift toward the default means less kept,
// and a team whose intent is the organization's default in all but name has no share at all.
#include <doctest/doctest.h>

#include <cmath>

#include "model/dynamics.hpp"
#include "model/loader.hpp"
#include "model/oracle.hpp"
#include "model/registry.hpp"
#include "sim/ensemble.hpp"

using namespace orgforces;

namespace {

// `free`: no force reaches it, nobody leaves, so its practice stays at its intent on average,
// only noisier than usual; its intent is 0.12 from the default. `pulled`: a force pulls it toward
// the default. `near`: its intent is 0.035 from the default.
const char* kScenario = R"(
name: intent kept
horizon: 60
seed: 5
replicates: 64
dimensions:
  - {name: horizon, low: short, high: long}
  - {name: exploration, low: keep, high: explore}
organization:
  name: K
  units:
    - name: eng
  baseline: {horizon: 0.3, exploration: 0.3}
  noise: 0.03
gravity:
  - {name: okrs, target: {horizon: 0.1, exploration: 0.1}, strength: 0.02, reach: {teams: [pulled]}}
teams:
  - {name: free, unit: eng, size: 8, intent: {horizon: 0.42, exploration: 0.42}, attrition: 0}
  - {name: pulled, unit: eng, size: 8, intent: {horizon: 0.7, exploration: 0.6}, attrition: 0}
  - {name: near, unit: eng, size: 8, intent: {horizon: 0.35, exploration: 0.3}, attrition: 0}
)";

sim::EnsembleResult run(const model::Scenario& s) {
    sim::EnsembleOptions o;
    o.threads = 2;
    return sim::run_ensemble(s, o);
}

}  // namespace

TEST_CASE("a team nothing pulls on keeps all of its intent, as the oracle says") {
    const model::Scenario s = model::load_scenario_text(kScenario, "kept.yaml");
    const auto r = run(s);
    const auto* kept = r.find_scalar("free", "intent_surviving");
    REQUIRE(kept != nullptr);
    const double se = (kept->hi - kept->lo) / (2 * 1.96);
    // Noise makes drift positive in every run, but it moves practice as often toward the default
    // as away from it: the share kept is 100% within Monte Carlo error, not 100% minus the noise.
    CHECK(std::abs(kept->value - 1.0) <= 4.0 * se + 0.01);
    CHECK(kept->value > 0.9);
    const auto* drift = r.find_series("free", "drift");
    REQUIRE(drift != nullptr);
    CHECK(drift->ticks.back().mean > 0.01);   // the noise is there
    CHECK(model::analyze_teams(s)[0].intent_surviving == doctest::Approx(1.0));
}

TEST_CASE("more drift toward the default means less intent kept, for the same intent") {
    const model::Scenario s = model::load_scenario_text(kScenario, "kept.yaml");
    const auto weak = run(model::apply_overrides(s, {{"forces.okrs.strength", 0.01, {}}}));
    const auto strong = run(model::apply_overrides(s, {{"forces.okrs.strength", 0.04, {}}}));
    const double drift_weak = weak.find_series("pulled", "drift")->ticks.back().mean;
    const double drift_strong = strong.find_series("pulled", "drift")->ticks.back().mean;
    const auto* kept_weak = weak.find_scalar("pulled", "intent_surviving");
    const auto* kept_strong = strong.find_scalar("pulled", "intent_surviving");
    REQUIRE(kept_weak != nullptr);
    REQUIRE(kept_strong != nullptr);
    CHECK(drift_strong > drift_weak + 0.02);
    CHECK(kept_strong->value < kept_weak->value - 0.05);
    CHECK(kept_weak->value < 1.0);
    CHECK(kept_strong->value > 0.0);
}

TEST_CASE("a team whose intent is the default in all but name has no intent kept") {
    const model::Scenario s = model::load_scenario_text(kScenario, "kept.yaml");
    const auto r = run(s);
    // Undefined, not a number: NaN over no replicate (null in JSON, "–" in text).
    const auto* near = r.find_scalar("near", "intent_surviving");
    REQUIRE(near != nullptr);
    CHECK(std::isnan(near->value));
    CHECK(near->n == 0);
    CHECK(r.find_series("near", "intent_kept") == nullptr);
    CHECK(r.find_series("near", "drift") != nullptr);
    CHECK(std::isnan(model::analyze_teams(s)[2].intent_surviving));
    // The threshold is on the gap between intent and default: 0.12 is past it.
    CHECK(r.find_scalar("free", "intent_surviving") != nullptr);
}

TEST_CASE("practice series: each team's mean practice per dimension, tick by tick") {
    // Intent kept is linear in the team's mean practice, so its mean over replicates is the
    // projection of the mean of the recorded practice:<dimension> series, at every tick.
    const model::Scenario s = model::load_scenario_text(kScenario, "kept.yaml");
    const auto r = run(s);
    for (int t = 0; t < static_cast<int>(s.teams.size()); ++t) {
        const auto& team = s.teams[std::size_t(t)];
        const auto e = model::environment_default(s, t);
        const auto* kept = r.find_series(team.name, "intent_kept");
        const auto* x = r.find_series(team.name, "practice:horizon");
        const auto* y = r.find_series(team.name, "practice:exploration");
        REQUIRE(x != nullptr);
        REQUIRE(y != nullptr);
        REQUIRE(x->ticks.size() == std::size_t(s.horizon) + 1);
        const double mx = team.intent[0] - e[0], my = team.intent[1] - e[1];
        if (!kept || std::sqrt((mx * mx + my * my) / 2) < model::kMinIntentGap) continue;   // "near": no share kept
        for (std::size_t k = 0; k < x->ticks.size(); ++k) {
            CAPTURE(team.name);
            CAPTURE(k);
            const double projected = ((x->ticks[k].mean - e[0]) * mx + (y->ticks[k].mean - e[1]) * my) / (mx * mx + my * my);
            CHECK(kept->ticks[k].mean == doctest::Approx(projected).epsilon(1e-6));
            CHECK(x->ticks[k].q05 <= x->ticks[k].q50);
            CHECK(x->ticks[k].q50 <= x->ticks[k].q95);
        }
    }
    // The pulled team's trail heads for the force's target (0.1, 0.1), the free one stays put.
    CHECK(r.find_series("pulled", "practice:horizon")->ticks.back().mean < 0.7 - 0.1);
    CHECK(r.find_series("free", "practice:horizon")->ticks.back().mean == doctest::Approx(0.42).epsilon(0.05));
}
