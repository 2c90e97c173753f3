// The `uncertain:` block: loading, checking against the registry, and the priors' quantiles.
#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#include "model/diagnostics.hpp"
#include "model/loader.hpp"
#include "model/uncertain.hpp"
#include "orgforces/source_dir.hpp"

using namespace orgforces::model;

namespace {

std::string hello_world() {
    std::ifstream in(std::string(ORGFORCES_SOURCE_DIR) + "/scenarios/hello-world.yaml");
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    // The bundled file's own block (its last section) is replaced by each test's.
    const auto at = text.find("\nuncertain:");
    return at == std::string::npos ? text : text.substr(0, at + 1);
}

std::vector<Diagnostic> diagnostics_of(const std::string& block) {
    try {
        (void)load_scenario_text(hello_world() + block, "u.yaml");
    } catch (const ScenarioError& e) {
        return e.diagnostics();
    }
    return {};
}

}  // namespace

TEST_CASE("an uncertain block loads with every family and fills the support from the parameter's range") {
    const Scenario s = load_scenario_text(hello_world() + R"(
uncertain:
  forces.weekly-planning.strength: {dist: log_uniform, lo: 0.005, hi: 0.08}
  teams.explorers.leadership: {dist: uniform, lo: 0.01, hi: 0.1}
  teams.explorers.shielding: {dist: triangular, lo: 0, mode: 0.2, hi: 0.6}
  teams.operators.leadership: {dist: normal, mean: 0.05, sd: 0.02, hi: 0.2}
  organization.noise: {dist: beta, alpha: 2, beta: 5, hi: 0.05}
)", "u.yaml");
    REQUIRE(s.uncertain.size() == 5);
    CHECK(s.uncertain[0].dist == Distribution::LogUniform);
    CHECK(s.uncertain[3].lo == 0.0);     // the bottom of leadership's range [0, 1]
    CHECK(s.uncertain[3].hi == 0.2);
    CHECK(s.uncertain[4].lo == 0.0);
    CHECK(s.uncertain[4].hi == 0.05);
}

TEST_CASE("bad priors are reported at the path's line and column") {
    struct Case {
        std::string block, fragment;
    };
    const Case cases[] = {
        {"uncertain:\n  teams.explorers.leadershp: {dist: uniform, lo: 0, hi: 0.1}\n", "did you mean"},
        {"uncertain:\n  teams.explorers.shielding: {dist: uniform, lo: 0.2, hi: 1.4}\n", "leaves the parameter's range [0, 1]"},
        {"uncertain:\n  teams.explorers.shielding: {dist: uniform, lo: 0.5, hi: 0.2}\n", "must be below hi"},
        {"uncertain:\n  teams.explorers.shielding: {dist: log_uniform, lo: 0, hi: 0.2}\n", "log_uniform needs lo above 0"},
        {"uncertain:\n  teams.explorers.shielding: {dist: triangular, lo: 0, hi: 0.2}\n", "triangular needs mode"},
        {"uncertain:\n  teams.explorers.shielding: {dist: triangular, lo: 0, mode: 0.5, hi: 0.2}\n", "mode 0.5 lies outside"},
        {"uncertain:\n  teams.explorers.shielding: {dist: uniform, mode: 0.5}\n", "mode is not a parameter of uniform"},
        {"uncertain:\n  teams.explorers.shielding: {dist: normal, mean: 0.5, sd: 0}\n", "sd must be above 0"},
        {"uncertain:\n  teams.explorers.shielding: {dist: normal, mean: 40, sd: 0.1}\n", "no mass"},
        {"uncertain:\n  teams.explorers.shielding: {dist: beta, alpha: 2}\n", "beta needs beta"},
        {"uncertain:\n  teams.explorers.shielding: {dist: gamma}\n", "is not one of"},
        {"uncertain:\n  teams.explorers.shielding: {dist: uniform, low: 0}\n", "unknown key 'low'"},
        {"uncertain:\n  forces.weekly-planning.enabled: {dist: uniform}\n", "on/off toggle"},
        {"uncertain:\n  teams.explorers.size: {dist: uniform, lo: 3.2, hi: 3.7}\n", "holds no whole number"},
        {"uncertain: [1, 2]\n", "must be a map"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.block);
        const auto ds = diagnostics_of(c.block);
        REQUIRE(!ds.empty());
        CHECK(ds.front().message.find(c.fragment) != std::string::npos);
        CHECK(ds.front().pos.file == "u.yaml");
        CHECK(ds.front().pos.line > 40);
        CHECK(ds.front().pos.column >= 1);
    }
}

TEST_CASE("a prior whose end makes the scenario invalid is refused") {
    // Leadership near 1 with the planning force makes the summed rates reach 1 on a dimension.
    const auto ds = diagnostics_of("uncertain:\n  teams.explorers.leadership: {dist: uniform, lo: 0.01, hi: 0.999}\n");
    REQUIRE(!ds.empty());
    CHECK(ds.front().message.find("the scenario is invalid") != std::string::npos);
}

TEST_CASE("quantile and cdf are inverse and match the families' closed forms") {
    UncertainParam p;
    p.lo = 0.1;
    p.hi = 0.9;
    p.mode = 0.3;
    p.mean = 0.4;
    p.sd = 0.2;
    p.alpha = 2;
    p.beta = 5;
    for (const auto d : {Distribution::Uniform, Distribution::LogUniform, Distribution::Triangular, Distribution::Normal,
                         Distribution::Beta}) {
        p.dist = d;
        CAPTURE(to_string(d));
        CHECK(quantile(p, 0.0) == doctest::Approx(0.1));
        CHECK(quantile(p, 1.0) == doctest::Approx(0.9));
        for (double u : {0.05, 0.25, 0.5, 0.75, 0.95}) CHECK(cdf(p, quantile(p, u)) == doctest::Approx(u).epsilon(1e-9));
    }
    p.dist = Distribution::Uniform;
    CHECK(quantile(p, 0.25) == doctest::Approx(0.3));
    p.dist = Distribution::LogUniform;
    CHECK(quantile(p, 0.5) == doctest::Approx(std::sqrt(0.1 * 0.9)));   // geometric mean
    p.dist = Distribution::Triangular;
    CHECK(cdf(p, 0.3) == doctest::Approx(0.25));                         // (mode - lo) / (hi - lo)
    p.dist = Distribution::Normal;
    p.lo = -100;
    p.hi = 100;
    CHECK(quantile(p, 0.5) == doctest::Approx(0.4));
    CHECK(quantile(p, 0.8413447460685429) == doctest::Approx(0.6).epsilon(1e-6));   // mean + 1 sd
    p.dist = Distribution::Beta;
    p.lo = 0;
    p.hi = 1;
    CHECK(cdf(p, 0.5) == doctest::Approx(1 - 7.0 / 64));   // I_0.5(2, 5) = 57/64
}

TEST_CASE("--vary makes a checked uniform prior") {
    const Scenario s = load_scenario_text(hello_world(), "u.yaml");
    const auto p = parse_vary(s, "teams.explorers.shielding=0.1:0.6", "--vary");
    CHECK(p.dist == Distribution::Uniform);
    CHECK(p.lo == 0.1);
    CHECK(p.hi == 0.6);
    CHECK_THROWS_AS(parse_vary(s, "teams.explorers.shielding=0.1", "--vary"), ScenarioError);
    CHECK_THROWS_AS(parse_vary(s, "teams.explorers.shielding=0.1:1.5", "--vary"), ScenarioError);
    CHECK_THROWS_AS(parse_vary(s, "teams.nobody.shielding=0.1:0.5", "--vary"), ScenarioError);
}
