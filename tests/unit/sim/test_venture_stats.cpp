// Exact oracles for the statistics behind the venture views.

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "sim/venture_stats.hpp"

using namespace orgforces::sim;

TEST_CASE("Wilson interval matches known values") {
    const auto none = wilson(0, 10);
    CHECK(none.value == 0.0);
    CHECK(none.lo == 0.0);
    CHECK(none.hi == doctest::Approx(0.27753).epsilon(1e-4));
    const auto half = wilson(50, 100);
    CHECK(half.lo == doctest::Approx(0.40383).epsilon(1e-4));
    CHECK(half.hi == doctest::Approx(0.59617).epsilon(1e-4));
}

TEST_CASE("a statistic over no replicate is undefined, never 0") {
    for (const auto& x : {wilson(0, 0), mean_interval({}), median_interval({})}) {
        CHECK(x.n == 0);
        CHECK(std::isnan(x.value));
        CHECK(std::isnan(x.lo));
        CHECK(std::isnan(x.hi));
    }
}

TEST_CASE("Kaplan-Meier with censoring follows the product-limit formula") {
    // times 2(event) 3(censored) 4(event) 4(event) 6(censored)
    const auto c = kaplan_meier({2, 3, 4, 4, 6}, {true, false, true, true, false});
    REQUIRE(c.tick.size() == 3u);
    CHECK(c.tick[1] == 2);
    CHECK(c.survival[1] == doctest::Approx(0.8));
    CHECK(c.tick[2] == 4);
    CHECK(c.survival[2] == doctest::Approx(0.8 * (1.0 - 2.0 / 3.0)));
    // Greenwood: var = S^2 * (1/(5*4) + 2/(3*1))
    const double s = c.survival[2];
    const double half = 1.959963984540054 * s * std::sqrt(1.0 / 20.0 + 2.0 / 3.0);
    CHECK(c.lo[2] == doctest::Approx(std::max(0.0, s - half)));
    CHECK(c.hi[2] == doctest::Approx(std::min(1.0, s + half)));
}

TEST_CASE("median treats never as larger than any time") {
    const double never = std::numeric_limits<double>::infinity();
    CHECK(median_interval({5, 1, 3}).value == 3.0);
    CHECK(std::isinf(median_interval({1, never, never}).value));
    const auto m = mean_interval({1, 2, 3, 4});
    CHECK(m.value == 2.5);
    CHECK(m.lo < 2.5);
    CHECK(m.hi > 2.5);
}
