// Design points of sweeps: grids and Latin hypercubes (sim/sweep.hpp).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>
#include <vector>

#include "sim/sweep.hpp"

using namespace orgforces;

TEST_CASE("grid axes parse and reject malformed text") {
    const auto a = sim::parse_grid_axis("teams.frontier.shielding=0:1:5");
    CHECK(a.path == "teams.frontier.shielding");
    CHECK(a.from == 0.0);
    CHECK(a.to == 1.0);
    CHECK(a.steps == 5);
    CHECK(sim::parse_grid_axis("x=-2.5:1e-1:1").from == -2.5);
    for (const char* bad : {"x", "=0:1:2", "x=0:1", "x=0:1:0", "x=0:1:2.5", "x=a:1:2", "x=0:1:2:3", "x=0:nan:2", "x=0:1:"})
        CHECK_THROWS_AS(sim::parse_grid_axis(bad), std::invalid_argument);
}

TEST_CASE("a full-factorial grid holds every combination once, the last axis fastest") {
    const std::vector<sim::GridAxis> axes = {{"a", 0.0, 1.0, 3}, {"b", 10.0, 20.0, 2}, {"c", 5.0, 5.0, 1}};
    const auto points = sim::grid_points(axes);
    REQUIRE(points.size() == 6);
    std::set<std::vector<double>> seen;
    for (const auto& p : points) {
        REQUIRE(p.size() == 3);
        CHECK(p[0].path == "a");
        CHECK(p[2].value == 5.0);
        seen.insert({p[0].value, p[1].value, p[2].value});
    }
    CHECK(seen.size() == 6);
    CHECK(points[0][0].value == 0.0);
    CHECK(points[0][1].value == 10.0);
    CHECK(points[1][1].value == 20.0);   // b varies fastest
    CHECK(points[1][0].value == 0.0);
    CHECK(points[2][0].value == 0.5);
    CHECK(points[5][0].value == 1.0);     // ends are exact, not accumulated
    CHECK(sim::grid_value({"x", 0.1, 0.7, 7}, 6) == 0.7);
    CHECK(sim::grid_points({}).empty());
}

TEST_CASE("a Latin hypercube puts one point in every stratum of every range") {
    const std::vector<sim::SampleRange> ranges = {{"a", 0.0, 1.0, false}, {"b", -5.0, 5.0, false}, {"n", 1.0, 40.0, true}};
    const int n = 17;
    const auto points = sim::latin_hypercube(ranges, n, 99);
    REQUIRE(points.size() == std::size_t(n));
    for (std::size_t d = 0; d < 2; ++d) {
        std::set<int> strata;
        for (const auto& p : points) {
            const double v = p[d].value;
            CHECK(v >= ranges[d].min);
            CHECK(v <= ranges[d].max);
            strata.insert(std::min(n - 1, static_cast<int>((v - ranges[d].min) / (ranges[d].max - ranges[d].min) * n)));
        }
        CHECK(strata.size() == std::size_t(n));
    }
    for (const auto& p : points) {
        CHECK(p[2].value == std::round(p[2].value));
        CHECK(p[2].value >= 1.0);
        CHECK(p[2].value <= 40.0);
    }
    // The seed fixes the sample; another seed gives another one.
    const auto again = sim::latin_hypercube(ranges, n, 99);
    const auto other = sim::latin_hypercube(ranges, n, 100);
    bool same = true, differs = false;
    for (int i = 0; i < n; ++i) {
        same = same && again[i][0].value == points[i][0].value && again[i][1].value == points[i][1].value;
        differs = differs || other[i][0].value != points[i][0].value;
    }
    CHECK(same);
    CHECK(differs);
    // Adding a range does not change the values of the others.
    const auto fewer = sim::latin_hypercube({ranges[0]}, n, 99);
    for (int i = 0; i < n; ++i) CHECK(fewer[i][0].value == points[i][0].value);
    CHECK_THROWS_AS(sim::latin_hypercube(ranges, 0, 1), std::invalid_argument);
}

TEST_CASE("sample ranges parse with or without bounds") {
    bool has_range = true;
    auto r = sim::parse_sample_range("teams.a.size", has_range);
    CHECK_FALSE(has_range);
    CHECK(r.path == "teams.a.size");
    r = sim::parse_sample_range("teams.a.size=2:9", has_range);
    CHECK(has_range);
    CHECK(r.min == 2.0);
    CHECK(r.max == 9.0);
    CHECK_THROWS_AS(sim::parse_sample_range("x=9:2", has_range), std::invalid_argument);
    CHECK_THROWS_AS(sim::parse_sample_range("=1:2", has_range), std::invalid_argument);
}

TEST_CASE("sweep curves average each parameter's values over the other axes, with the bands") {
    // A 2 x 3 grid whose team measure at the horizon is 10 a + b and whose venture P(success) is a:
    // against `a`, the curve is 10 a + mean(b); against `b`, 10 mean(a) + b; a point without a run
    // is left out, and a parameter set alike at every point is no axis.
    const auto points = sim::grid_points({{"teams.t.shielding", 0.0, 1.0, 2}, {"teams.t.leadership", 0.0, 0.4, 3}});
    std::vector<sim::EnsembleResult> results(points.size());
    std::vector<const sim::EnsembleResult*> ptrs;
    for (std::size_t i = 0; i < points.size(); ++i) {
        const double a = points[i][0].value, b = points[i][1].value;
        sim::Band band;
        band.mean = 10 * a + b;
        band.q05 = band.mean - 1;
        band.q95 = band.mean + 2;
        results[i].series.push_back({"t", "drift", {sim::Band{}, band}});
        results[i].scalars.push_back({"v", "p_success", a, a - 0.1, a + 0.1, 50});
        ptrs.push_back(&results[i]);
    }
    auto with_fixed = points;
    for (auto& p : with_fixed) p.push_back({"teams.t.size", 7.0, {}});
    const std::vector<sim::Measure> measures{{"drift", "t", false}, {"p_success", "v", true}};
    const auto curves = sim::sweep_curves(with_fixed, ptrs, measures);
    REQUIRE(curves.size() == 4);
    CHECK(curves[0].path == "teams.t.shielding");
    CHECK(curves[0].measure.kind == "drift");
    CHECK(curves[0].x == std::vector<double>{0.0, 1.0});
    CHECK(curves[0].mean[0] == doctest::Approx(0.2));
    CHECK(curves[0].mean[1] == doctest::Approx(10.2));
    CHECK(curves[0].lo[1] == doctest::Approx(9.2));
    CHECK(curves[0].hi[1] == doctest::Approx(12.2));
    CHECK(curves[0].points == std::vector<int>{3, 3});
    CHECK(curves[1].measure.kind == "p_success");
    CHECK(curves[1].mean[1] == doctest::Approx(1.0));
    CHECK(curves[1].hi[1] == doctest::Approx(1.1));
    CHECK(curves[2].path == "teams.t.leadership");
    REQUIRE(curves[2].x.size() == 3);
    CHECK(curves[2].mean[2] == doctest::Approx(5.4));
    // Without the run of point 0 (a = 0, b = 0), a = 0 averages the two others.
    ptrs[0] = nullptr;
    const auto partial = sim::sweep_curves(with_fixed, ptrs, measures);
    CHECK(partial[0].mean[0] == doctest::Approx(0.3));
    CHECK(partial[0].points[0] == 2);
}
