// Sobol and Morris estimators against functions with known indices, and the engine driver on a
// real scenario (an unreachable parameter gets no share; any thread count gives the same bits).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "model/loader.hpp"
#include "model/uncertain.hpp"
#include "orgforces/source_dir.hpp"
#include "sim/sensitivity.hpp"
#include "scenarios.hpp"

using namespace orgforces;

namespace {

constexpr double kPi = std::numbers::pi;

/// Hello-world cut to 26 weeks (test::hello_world), and a design over the two `--vary` settings for the explorers' drift.
struct HelloDesign {
    model::Scenario s;
    sim::SensitivityOptions o;
};
HelloDesign hello_design(const char* vary0, const char* vary1, int samples, int bootstrap) {
    HelloDesign d{test::hello_world(), {}};
    d.o.priors = {model::parse_vary(d.s, vary0, "--vary"), model::parse_vary(d.s, vary1, "--vary")};
    d.o.measures = {sim::parse_measure(d.s, "drift:explorers")};
    d.o.samples = samples;
    d.o.replicates = 4;
    d.o.bootstrap = bootstrap;
    d.o.threads = 2;
    return d;
}

double ishigami(const std::vector<double>& u) {
    const double a = 7.0, b = 0.1;
    const double x1 = -kPi + 2 * kPi * u[0], x2 = -kPi + 2 * kPi * u[1], x3 = -kPi + 2 * kPi * u[2];
    return std::sin(x1) + a * std::sin(x2) * std::sin(x2) + b * std::pow(x3, 4) * std::sin(x1);
}

// Exact indices of the Ishigami function (a = 7, b = 0.1), from its analytic variance terms.
struct Exact {
    double s1[3], st[3];
};
Exact ishigami_exact() {
    const double a = 7.0, b = 0.1, pi4 = std::pow(kPi, 4), pi8 = std::pow(kPi, 8);
    const double v1 = 0.5 * (1 + b * pi4 / 5) * (1 + b * pi4 / 5);
    const double v2 = a * a / 8;
    const double v13 = b * b * pi8 * 8 / 225;
    const double v = v1 + v2 + v13;
    return {{v1 / v, v2 / v, 0.0}, {(v1 + v13) / v, v2 / v, v13 / v}};
}

std::vector<double> evaluate_all(const std::vector<std::vector<double>>& design, double (*f)(const std::vector<double>&)) {
    std::vector<double> y;
    for (const auto& u : design) y.push_back(f(u));
    return y;
}

}  // namespace

TEST_CASE("the exact Ishigami indices are the published ones") {
    const Exact e = ishigami_exact();
    CHECK(e.s1[0] == doctest::Approx(0.3139).epsilon(1e-3));
    CHECK(e.s1[1] == doctest::Approx(0.4424).epsilon(1e-3));
    CHECK(e.st[0] == doctest::Approx(0.5576).epsilon(1e-3));
    CHECK(e.st[2] == doctest::Approx(0.2437).epsilon(1e-3));
}

TEST_CASE("Saltelli/Jansen estimators recover the Ishigami indices, and their intervals cover them") {
    const int k = 3, n = 4096;
    const auto design = sim::saltelli_design(k, n);
    REQUIRE(design.size() == static_cast<std::size_t>(n * (k + 2)));
    const auto idx = sim::sobol_indices(evaluate_all(design, ishigami), k, n, 200, 11);
    const Exact e = ishigami_exact();
    for (int i = 0; i < k; ++i)
        MESSAGE("x" << i + 1 << ": S1 " << idx[i].s1 << " [" << idx[i].s1_lo << ", " << idx[i].s1_hi << "] (exact "
                    << e.s1[i] << "), ST " << idx[i].st << " [" << idx[i].st_lo << ", " << idx[i].st_hi << "] (exact "
                    << e.st[i] << ")");
    for (int i = 0; i < k; ++i) {
        CAPTURE(i);
        CHECK(std::abs(idx[i].s1 - e.s1[i]) < 0.02);
        CHECK(std::abs(idx[i].st - e.st[i]) < 0.02);
        CHECK(idx[i].s1_lo <= e.s1[i] + 0.005);
        CHECK(idx[i].s1_hi >= e.s1[i] - 0.005);
        CHECK(idx[i].st_lo <= e.st[i] + 0.005);
        CHECK(idx[i].st_hi >= e.st[i] - 0.005);
        CHECK(idx[i].st_hi - idx[i].st_lo < 0.1);
    }
}

TEST_CASE("Saltelli design: A, B and each A_B^i differ from A only in column i") {
    const int k = 4, n = 16;
    const auto d = sim::saltelli_design(k, n);
    for (int i = 0; i < k; ++i)
        for (int j = 0; j < n; ++j) {
            const auto& a = d[j];
            const auto& b = d[n + j];
            const auto& ab = d[(2 + i) * n + j];
            for (int c = 0; c < k; ++c) CHECK(ab[c] == (c == i ? b[c] : a[c]));
        }
    for (const auto& row : d)
        for (double x : row) CHECK((x > 0.0 && x < 1.0));
}

TEST_CASE("Morris elementary effects of a linear function are its slopes, with no spread") {
    const auto f = [](const std::vector<double>& u) { return 2.0 * u[0] - 1.0 * u[1] + 0.0 * u[2]; };
    const int k = 3, r = 10;
    const auto d = sim::morris_design(k, r, 4, 5);
    std::vector<double> y;
    for (const auto& u : d) y.push_back(f(u));
    const auto m = sim::morris_indices(d, y, k, r, 100, 5);
    CHECK(m[0].mu_star == doctest::Approx(2.0));
    CHECK(m[0].mu == doctest::Approx(2.0));
    CHECK(m[1].mu_star == doctest::Approx(1.0));
    CHECK(m[1].mu == doctest::Approx(-1.0));
    CHECK(m[2].mu_star == 0.0);
    for (const auto& x : m) CHECK(x.sigma == doctest::Approx(0.0).epsilon(1e-12));
    // An interaction shows as spread: f = u0 u1.
    std::vector<double> y2;
    for (const auto& u : d) y2.push_back(u[0] * u[1]);
    const auto m2 = sim::morris_indices(d, y2, k, r, 0, 5);
    CHECK(m2[0].sigma > 0.1);
    CHECK(m2[2].mu_star == 0.0);
}

TEST_CASE("on hello-world, a parameter of the other team cannot reach the explorers' drift (ST = 0)") {
    auto [s, o] = hello_design("teams.explorers.leadership=0.01:0.1", "teams.operators.leadership=0.01:0.1", 32, 50);
    const auto r = sim::sensitivity(s, o);
    REQUIRE(r.measures.size() == 1);
    const auto& idx = r.measures[0].sobol;
    CHECK(idx[0].st > 0.5);         // the explorers' own leadership drives their drift
    CHECK(idx[1].st == doctest::Approx(0.0).epsilon(1e-9));
    CHECK(std::abs(idx[1].s1) < 1e-9);
    // Same bits on one thread.
    o.threads = 1;
    const auto r1 = sim::sensitivity(s, o);
    CHECK(r1.measures[0].sobol[0].st == idx[0].st);
    CHECK(r1.measures[0].sobol[0].s1_lo == idx[0].s1_lo);
}

TEST_CASE("global lever ranges: half the value either way, clipped, and an uncertain path keeps its prior") {
    model::Scenario s = model::load_scenario_file(std::string(ORGFORCES_SOURCE_DIR) + "/scenarios/hello-world.yaml");
    s.teams[0].shielding = 0.0;   // a setting at 0 spans the lowest half of its range
    s.uncertain.erase(std::remove_if(s.uncertain.begin(), s.uncertain.end(),
                                     [](const model::UncertainParam& p) { return p.path == "teams.explorers.shielding"; }),
                      s.uncertain.end());
    const auto p = sim::lever_priors(s, {"teams.explorers.attrition", "teams.explorers.leadership",
                                         "teams.explorers.shielding", "teams.explorers.hiring.external_fraction"},
                                     0.5);
    REQUIRE(p.size() == 4);
    CHECK(p[0].dist == model::Distribution::Uniform);
    CHECK(p[0].lo == doctest::Approx(0.0015));   // 0.003 +- 50%
    CHECK(p[0].hi == doctest::Approx(0.0045));
    CHECK(p[1].lo == doctest::Approx(0.01));     // the file's prior, not 0.04 +- 50%
    CHECK(p[1].hi == doctest::Approx(0.1));
    CHECK(p[2].lo == doctest::Approx(0.0));      // shielding 0: [0, 0.5] of its [0, 1] range
    CHECK(p[2].hi == doctest::Approx(0.5));
    CHECK(p[3].lo == doctest::Approx(0.1));      // 0.2 +- 50%
    CHECK(p[3].hi == doctest::Approx(0.3));
    // The report's design: every default lever plus every uncertain parameter, no expected value.
    const auto o = sim::global_lever_options(s);
    for (const auto& u : s.uncertain)
        CHECK(std::any_of(o.priors.begin(), o.priors.end(), [&](const model::UncertainParam& x) { return x.path == u.path; }));
    for (const auto& m : o.measures) CHECK(m.kind != "expected_value");
}

TEST_CASE("the sign of a parameter's correlation with a measure says which way it pushes") {
    const auto [s, o] =
        hello_design("teams.explorers.leadership=0.01:0.1", "forces.weekly-planning.strength=0.005:0.08", 16, 0);
    const auto r = sim::sensitivity(s, o);
    REQUIRE(r.measures[0].correlation.size() == 2);
    CHECK(r.measures[0].correlation[0] < -0.2);   // stronger leadership: less drift
    CHECK(r.measures[0].correlation[1] > 0.2);    // a stronger planning force: more drift
}
