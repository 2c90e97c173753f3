// Calibration: bad observation files, and recovery of known parameters from synthetic data of one
// organization (coverage of the 90% intervals, intervals shrinking with more observations).
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "model/diagnostics.hpp"
#include "model/loader.hpp"
#include "model/registry.hpp"
#include "model/uncertain.hpp"
#include "orgforces/source_dir.hpp"
#include "sim/calibration.hpp"
#include "sim/ensemble.hpp"

using namespace orgforces;

namespace {

model::Scenario hello(int horizon) {
    model::Scenario s = model::load_scenario_file(std::string(ORGFORCES_SOURCE_DIR) + "/scenarios/hello-world.yaml");
    s.horizon = horizon;
    return s;
}

std::vector<model::Diagnostic> problems(const std::string& text) {
    try {
        (void)sim::read_observations(text, "obs.csv", hello(52));
    } catch (const model::ScenarioError& e) {
        return e.diagnostics();
    }
    return {};
}

}  // namespace

TEST_CASE("observation files: good ones load, bad ones point at file:line") {
    const auto ok = sim::read_observations("entity,measure,tick,value,sd\nexplorers,drift,26,0.31,0.05\r\n"
                                           "explorers, headcount ,52,8,\n",
                                           "obs.csv", hello(52));
    REQUIRE(ok.size() == 2);
    CHECK(ok[0].sd == 0.05);
    CHECK(std::isnan(ok[1].sd));
    CHECK(ok[1].measure == "headcount");
    struct Case {
        std::string text, fragment;
        int line;
    };
    const Case cases[] = {
        {"", "the file is empty", 1},
        {"team,measure,tick,value\n", "the header must be", 1},
        {"entity,measure,tick,value\n", "no observations", 1},
        {"entity,measure,tick,value\nexplorer,drift,3,0.2\n", "unknown team or venture 'explorer'", 2},
        {"entity,measure,tick,value\nexplorers,drfit,3,0.2\n", "unknown measure 'drfit'", 2},
        {"entity,measure,tick,value\nexplorers,drift,3,0.2\nexplorers,drift,53,0.2\n", "outside the horizon", 3},
        {"entity,measure,tick,value\nexplorers,drift,-1,0.2\n", "outside the horizon", 2},
        {"entity,measure,tick,value\nexplorers,drift,2.5,0.2\n", "whole number", 2},
        {"entity,measure,tick,value\nexplorers,drift,3,high\n", "finite number", 2},
        {"entity,measure,tick,value\nexplorers,drift,3,nan\n", "finite number", 2},
        {"entity,measure,tick,value,sd\nexplorers,drift,3,0.2,-1\n", "sd must be", 2},
        {"entity,measure,tick,value\nexplorers,drift,3\n", "expected 4 fields", 2},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        const auto ds = problems(c.text);
        REQUIRE(!ds.empty());
        CHECK(ds.front().message.find(c.fragment) != std::string::npos);
        CHECK(ds.front().pos.file == "obs.csv");
        CHECK(ds.front().pos.line == c.line);
    }
}

TEST_CASE("a venture is observed by whether it had succeeded by a tick") {
    const auto s = model::load_scenario_file(std::string(ORGFORCES_SOURCE_DIR) + "/scenarios/innovation-in-a-keeping-org.yaml");
    const auto ok = sim::read_observations("entity,measure,tick,value\nself-serve-insights,succeeded,100,1\n", "obs.csv", s);
    REQUIRE(ok.size() == 1);
    CHECK(ok[0].measure == "succeeded");
    try {
        (void)sim::read_observations("entity,measure,tick,value\nself-serve-insights,drift,100,1\n", "obs.csv", s);
        FAIL("a team measure of a venture was accepted");
    } catch (const model::ScenarioError& e) {
        CHECK(e.diagnostics().front().message.find("unknown venture measure 'drift'") != std::string::npos);
        CHECK(e.diagnostics().front().pos.line == 2);
    }
}

TEST_CASE("weighted quantiles") {
    CHECK(sim::weighted_quantile({3, 1, 2}, {1, 1, 1}, 0.5) == 2);
    CHECK(sim::weighted_quantile({3, 1, 2}, {0, 0, 1}, 0.05) == 2);
    CHECK(sim::weighted_quantile({1, 2, 3, 4}, {1, 1, 1, 1}, 0.95) == 4);
}

// The recovery study: 20 synthetic organizations, each one replicate of hello-world (26 weeks)
// with the explorers' leadership at a known value spread over its prior; the explorers' drift is
// observed at four ticks (or only the last). Small populations keep it to seconds.
TEST_CASE("calibration recovers known leadership: 90% intervals cover the truth and shrink with more data") {
    const model::Scenario s = hello(26);
    const auto prior = model::parse_vary(s, "teams.explorers.leadership=0.01:0.1", "--fit");
    const int datasets = 20;
    int covered = 0;
    double width_all = 0.0, width_last = 0.0;
    for (int i = 0; i < datasets; ++i) {
        const double truth = model::quantile(prior, (i + 0.5) / datasets);
        const model::Scenario world = model::apply_overrides(s, {{prior.path, truth, {}}});
        sim::EnsembleOptions eo;
        eo.threads = 1;
        const auto r = sim::finish_traces(sim::run_replicates(world, 9000 + i, 0, 1, eo), {});
        const auto* drift = r.find_series("explorers", "drift");
        REQUIRE(drift);
        std::vector<sim::Observation> all, last;
        for (int tick : {6, 13, 19, 26}) all.push_back({"explorers", "drift", tick, drift->ticks[tick].mean, NAN, {}});
        last.push_back(all.back());
        sim::CalibrationOptions o;
        o.priors = {prior};
        o.particles = 60;
        o.generations = 4;
        o.seed = 100 + i;
        o.threads = 2;
        const auto c = sim::calibrate(s, all, o);
        const auto& p = c.parameters.at(0);
        CAPTURE(i);
        CAPTURE(truth);
        CAPTURE(p.lo);
        CAPTURE(p.hi);
        covered += (truth >= p.lo && truth <= p.hi) ? 1 : 0;
        width_all += p.hi - p.lo;
        const auto c_last = sim::calibrate(s, last, o);
        width_last += c_last.parameters.at(0).hi - c_last.parameters.at(0).lo;
        CHECK(c.generations.size() >= 2);
    }
    MESSAGE("coverage " << covered << "/" << datasets << ", mean 90% width " << width_all / datasets
                        << " with 4 observations, " << width_last / datasets << " with 1 (prior 90% width 0.081)");
    CHECK(covered >= 16);
    CHECK(width_all < width_last);
    CHECK(width_all / datasets < 0.8 * 0.081);   // the data say something
}

TEST_CASE("calibration gives the same posterior for any thread count") {
    const model::Scenario s = hello(13);
    sim::CalibrationOptions o;
    o.priors = {model::parse_vary(s, "teams.explorers.leadership=0.01:0.1", "--fit")};
    o.particles = 30;
    o.generations = 2;
    const std::vector<sim::Observation> obs{{"explorers", "drift", 13, 0.2, NAN, {}}};
    o.threads = 1;
    const auto a = sim::calibrate(s, obs, o);
    o.threads = 2;
    const auto b = sim::calibrate(s, obs, o);
    CHECK(a.values == b.values);
    CHECK(a.weights == b.weights);
    CHECK(a.simulations == b.simulations);
}
