// The March (1991) classic through the ensemble runner: named series, exact means, determinism.

#include <doctest/doctest.h>

#include <cmath>

#include "sim/ensemble.hpp"
#include "sim/march1991.hpp"

using namespace orgforces;

namespace {

model::Scenario classic_scenario(int horizon, int replicates) {
    model::Scenario s;
    s.name = "march";
    s.horizon = horizon;
    s.replicates = replicates;
    s.seed = 42;
    model::March1991 p;
    p.p1 = 0.3;
    p.p2 = 0.6;
    s.classic = p;
    return s;
}

}  // namespace

TEST_CASE("a classic scenario yields code and people knowledge per tick") {
    const model::Scenario s = classic_scenario(30, 64);
    sim::EnsembleOptions one;
    one.threads = 1;
    const auto r = sim::run_ensemble(s, one);
    const sim::Series* code = r.find_series("code", "knowledge");
    const sim::Series* people = r.find_series("people", "knowledge");
    REQUIRE(code);
    REQUIRE(people);
    REQUIRE(code->ticks.size() == 31u);
    REQUIRE(people->ticks.size() == 31u);
    CHECK(code->ticks[0].mean == 0.0);
    CHECK(r.info.replicates == 64);

    // The band's mean is the mean of the replicates' own traces (padded past absorption).
    model::March1991 p = *s.classic;
    p.until_equilibrium = false;
    for (int t : {1, 10, 30}) {
        double code_sum = 0.0, people_sum = 0.0;
        for (int rep = 0; rep < 64; ++rep) {
            const auto trace = sim::run_march1991(p, 30, s.seed, std::uint64_t(rep));
            code_sum += trace.code_at(t);
            people_sum += trace.mean_at(t);
        }
        CHECK(code->ticks[std::size_t(t)].mean == doctest::Approx(code_sum / 64).epsilon(1e-9));
        CHECK(people->ticks[std::size_t(t)].mean == doctest::Approx(people_sum / 64).epsilon(1e-9));
        CHECK(code->ticks[std::size_t(t)].ci_lo <= code->ticks[std::size_t(t)].mean);
    }

    sim::EnsembleOptions two;
    two.threads = 2;
    const auto r2 = sim::run_ensemble(s, two);
    const sim::Series* code2 = r2.find_series("code", "knowledge");
    REQUIRE(code2);
    for (std::size_t t = 0; t < code->ticks.size(); ++t) {
        CHECK(code2->ticks[t].mean == code->ticks[t].mean);
        CHECK(code2->ticks[t].q50 == code->ticks[t].q50);
    }
}

TEST_CASE("the trace model refuses a scenario that is not a classic") {
    CHECK_THROWS_AS(sim::march1991_trace_model(model::Scenario{}), std::invalid_argument);
}
