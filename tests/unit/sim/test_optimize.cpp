// Policy search on hello-world, where more shielding monotonically lowers the explorers' drift:
// unconstrained, the best shielding is the top of its range. Stronger leadership also lowers drift
// but raises friction (the team holds out further against the planning force): with a cap on
// friction, the best leadership is where friction meets the cap.
#include <doctest/doctest.h>

#include <string>

#include "model/loader.hpp"
#include "model/registry.hpp"
#include "model/uncertain.hpp"
#include "sim/ensemble.hpp"
#include "sim/optimize.hpp"
#include "sim/whatif.hpp"
#include "scenarios.hpp"

using namespace orgforces;

namespace {

model::Scenario hello() { return test::hello_world(); }

sim::OptimizeOptions options(const model::Scenario& s) {
    sim::OptimizeOptions o;
    o.decisions = {model::parse_vary(s, "teams.explorers.shielding=0:0.8", "--decide")};
    o.objective = sim::parse_measure(s, "drift:explorers");
    o.maximize = false;
    o.replicates = 16;
    o.evaluations = 25;
    o.threads = 2;
    return o;
}

double friction_at(const model::Scenario& s, double leadership) {
    sim::EnsembleOptions e;
    e.replicates = 16;
    e.threads = 2;
    const auto r = sim::run_ensemble(model::apply_overrides(s, {{"teams.explorers.leadership", leadership, {}}}), e);
    return r.find_series("explorers", "friction")->ticks.back().mean;
}

}  // namespace

TEST_CASE("optimize: without constraints the drift-minimizing shielding is the top of the range") {
    const model::Scenario s = hello();
    const auto r = sim::optimize(s, options(s));
    CHECK(r.start[0] == doctest::Approx(0.2));
    CHECK(r.best[0] > 0.75);
    CHECK(r.best_objective < r.start_objective);
    CHECK(r.evaluations <= 25 + 2);   // the start and the final point may be asked for again (cached)
}

TEST_CASE("optimize: a cap on friction stops leadership where friction meets it") {
    const model::Scenario s = hello();
    const double cap = friction_at(s, 0.1);
    REQUIRE(friction_at(s, 0.2) > cap);   // the cap binds
    auto o = options(s);
    o.decisions = {model::parse_vary(s, "teams.explorers.leadership=0:0.2", "--decide")};
    o.constraints = {sim::parse_constraint(s, "friction:explorers<=" + std::to_string(cap))};
    o.evaluations = 40;
    const auto r = sim::optimize(s, o);
    CHECK(r.feasible);
    CHECK(r.best[0] == doctest::Approx(0.1).epsilon(0.1));
    CHECK(r.met[0]);
    CHECK(r.best_constraints[0] <= cap * (1 + 1e-3));
}

TEST_CASE("optimize: robust over the priors, and bad constraints are refused") {
    const model::Scenario s = hello();
    auto o = options(s);
    o.priors = s.uncertain;
    o.evaluations = 15;
    const auto r = sim::optimize(s, o);
    CHECK(r.best[0] > r.start[0]);
    CHECK_THROWS_AS(sim::parse_constraint(s, "friction:explorers<0.3"), std::invalid_argument);
    CHECK_THROWS_AS(sim::parse_constraint(s, "friction:explorers<=high"), std::invalid_argument);
    CHECK_THROWS_AS(sim::parse_constraint(s, "friction:nobody<=0.3"), std::invalid_argument);
}

TEST_CASE("one rule says which way is better, for optimize's objectives and the what-if's worlds") {
    for (const char* kind : {"drift", "friction", "leader_load", "distance_to_default", "spread", "leavers",
                             "drift:explorers", "ideas_dismissed:wild"})
        CHECK(sim::lower_is_better(kind));
    for (const char* kind : {"p_success", "expected_value", "capacity", "headcount", "intent_kept", "p_success:x"})
        CHECK_FALSE(sim::lower_is_better(kind));
    // The robust what-if follows it: a variant with less spread in every world is better in all.
    model::Scenario s = hello();
    sim::EnsembleResult a, b;
    for (const char* m : {"drift", "friction"}) {
        a.horizon_values.push_back({"explorers", m, {0.5, 0.5, 0.5, 0.5}});
        b.horizon_values.push_back({"explorers", m, {0.4, 0.4, 0.4, 0.4}});
    }
    for (const auto& c : sim::compare_over_worlds(s, a, b, 2)) {
        CAPTURE(c.measure);
        CHECK_FALSE(c.higher_is_better);
        CHECK(c.share_better == doctest::Approx(1.0));
    }
}
