// Pareto fronts by NSGA-II: a known bi-objective problem's front, determinism for a seed and any
// thread count, and on hello-world the trade-off of shielding between drift and its leaders' load.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "model/loader.hpp"
#include "model/uncertain.hpp"
#include "sim/pareto.hpp"
#include "scenarios.hpp"

using namespace orgforces;

namespace {

// Schaffer's problem N.1: f1 = x^2, f2 = (x - 2)^2 on x in [-10, 10]; its Pareto set is [0, 2].
std::vector<double> schaffer(const std::vector<double>& u) {
    const double x = -10.0 + 20.0 * u[0];
    return {x * x, (x - 2) * (x - 2)};
}

void check_mutually_nondominated(const std::vector<sim::ParetoPoint>& front) {
    int dominated = 0;
    for (const auto& a : front)
        for (const auto& b : front) dominated += sim::dominates(a.objectives, b.objectives);
    CHECK(dominated == 0);
    // Two objectives: sorted by the first ascending, the second descends.
    for (std::size_t i = 1; i < front.size(); ++i) CHECK(front[i].objectives[1] < front[i - 1].objectives[1]);
}

}  // namespace

TEST_CASE("NSGA-II finds Schaffer's front: x in [0, 2], spread from one optimum to the other") {
    int evaluations = 0;
    const auto front = sim::nsga2_front(schaffer, 1, 2, 40, 40, 7, &evaluations);
    CHECK(evaluations > 40);
    REQUIRE(front.size() >= 10);
    check_mutually_nondominated(front);
    double min_f1 = 1e300, min_f2 = 1e300;
    for (const auto& p : front) {
        const double x = -10.0 + 20.0 * p.decision[0];
        CHECK(x >= -0.1);
        CHECK(x <= 2.1);
        min_f1 = std::min(min_f1, p.objectives[0]);
        min_f2 = std::min(min_f2, p.objectives[1]);
    }
    CHECK(min_f1 < 0.05);   // near x = 0
    CHECK(min_f2 < 0.05);   // near x = 2
}

TEST_CASE("NSGA-II: a seed fixes the front, another seed gives another search") {
    const auto a = sim::nsga2_front(schaffer, 1, 2, 16, 6, 11);
    const auto b = sim::nsga2_front(schaffer, 1, 2, 16, 6, 11);
    const auto c = sim::nsga2_front(schaffer, 1, 2, 16, 6, 12);
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        CHECK(a[i].decision == b[i].decision);
        CHECK(a[i].objectives == b[i].objectives);
    }
    bool differs = a.size() != c.size();
    for (std::size_t i = 0; !differs && i < a.size(); ++i) differs = a[i].decision != c[i].decision;
    CHECK(differs);
}

TEST_CASE("Pareto front of shielding on hello-world: drift against leaders' load, the same for 1 and 2 threads") {
    model::Scenario s = test::hello_world();
    sim::ParetoOptions o;
    o.decisions = {model::parse_vary(s, "teams.explorers.shielding=0:0.8", "--decide")};
    o.objectives = {sim::parse_measure(s, "drift:explorers"), sim::parse_measure(s, "leader_load:explorers")};
    o.maximize = {false, false};
    o.priors = s.uncertain;   // robust: every candidate sees the same plausible worlds
    o.replicates = 16;
    o.population = 8;
    o.generations = 2;
    o.threads = 1;
    const auto one = sim::pareto(s, o);
    o.threads = 2;
    const auto two = sim::pareto(s, o);
    REQUIRE(one.front.size() == two.front.size());
    for (std::size_t i = 0; i < one.front.size(); ++i) {
        CHECK(one.front[i].decision == two.front[i].decision);
        CHECK(one.front[i].objectives == two.front[i].objectives);
    }
    // More shielding lowers drift and the friction the team feels, but its leaders carry what they
    // keep off it: a real trade-off, so the front has several points, and the lowest drift takes
    // much more shielding than the lowest load.
    REQUIRE(one.front.size() >= 3);
    check_mutually_nondominated(one.front);
    CHECK(one.front.front().decision[0] > one.front.back().decision[0] + 0.3);
    CHECK_THROWS_AS(sim::pareto(s, [&] {
                        auto bad = o;
                        bad.objectives.pop_back();
                        bad.maximize.pop_back();
                        return bad;
                    }()),
                    std::invalid_argument);
}
