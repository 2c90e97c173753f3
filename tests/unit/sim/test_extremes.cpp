// Extreme but valid parameters: every registry parameter of the example scenarios, at its min
// and at its max, one at a time, must give finite figures everywhere in the ensemble result.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "model/diagnostics.hpp"
#include "model/loader.hpp"
#include "model/registry.hpp"
#include "orgforces/source_dir.hpp"
#include "sim/ensemble.hpp"

using namespace orgforces;

namespace {

// Names the first non-finite number of `r`, or "" when every number is finite.
std::string first_non_finite(const sim::EnsembleResult& r) {
    auto bad = [](double x) { return !std::isfinite(x); };
    for (const auto& s : r.series)
        for (std::size_t t = 0; t < s.ticks.size(); ++t) {
            const auto& b = s.ticks[t];
            for (double x : {b.mean, b.ci_lo, b.ci_hi, b.q05, b.q25, b.q50, b.q75, b.q95})
                if (bad(x)) return "series " + s.entity + "/" + s.measure + " tick " + std::to_string(t);
        }
    for (const auto& s : r.scalars) {
        // A statistic over no replicate (n = 0) is undefined by design: NaN, never a number.
        if (s.n == 0) {
            if (!std::isnan(s.value) || !std::isnan(s.lo) || !std::isnan(s.hi))
                return "undefined scalar " + s.entity + "/" + s.measure + " with a value";
            continue;
        }
        for (double x : {s.value, s.lo, s.hi})
            if (bad(x)) return "scalar " + s.entity + "/" + s.measure;
    }
    for (const auto& o : r.outcomes) {
        for (double x : {o.value, o.salvage, o.spiral_effort})
            if (bad(x)) return "outcome of " + o.venture + " in replicate " + std::to_string(o.replicate);
        for (double x : o.output_character)
            if (bad(x)) return "output character of " + o.venture;
    }
    for (const auto& c : r.survival)
        for (const auto* v : {&c.survival, &c.lo, &c.hi})
            for (double x : *v)
                if (bad(x)) return "survival of " + c.venture;
    for (const auto& h : r.horizon_values)
        for (double x : h.values)
            if (bad(x)) return "horizon value " + h.entity + "/" + h.measure;
    if (bad(r.info.wall_seconds)) return "wall_seconds";
    return "";
}

// Runs `file` with every parameter at its min and at its max in turn; returns the runs made.
int sweep_extremes(const std::string& file, int replicates, int max_horizon) {
    const model::Scenario base = model::load_scenario_file((std::filesystem::path(ORGFORCES_SOURCE_DIR) / file).string());
    const auto params = model::parameters(base);
    REQUIRE(!params.empty());
    int runs = 0;
    for (const auto& p : params) {
        for (const double value : {p.min, p.max}) {
            CAPTURE(file);
            CAPTURE(p.path);
            CAPTURE(value);
            model::Scenario s;
            try {
                s = model::apply_overrides(base, {model::Override{p.path, value, {}}});
            } catch (const model::ScenarioError&) {
                // An end of a range can be invalid jointly with the other values (e.g. the pull
                // rates on a dimension must sum below 1); validation refusing it is fine.
                continue;
            }
            // A huge horizon or headcount is valid but slow; the point here is the numbers.
            if (s.horizon > max_horizon) continue;
            sim::EnsembleOptions o;
            o.replicates = replicates;
            o.threads = 1;
            const sim::EnsembleResult r = sim::run_ensemble(s, o);
            CHECK(!r.series.empty());
            CHECK(first_non_finite(r) == "");
            ++runs;
        }
    }
    return runs;
}

}  // namespace

TEST_CASE("every parameter of hello-world at its min and max gives finite results") {
    const int runs = sweep_extremes("scenarios/hello-world.yaml", 3, 2000);
    CHECK(runs >= 10);
}

TEST_CASE("every parameter of a venture scenario at its min and max gives finite results") {
    const int runs = sweep_extremes("scenarios/gifts-of-failure.yaml", 2, 2000);
    CHECK(runs >= 10);
}

TEST_CASE("the detector itself finds a NaN, an infinity and a clean result") {
    sim::EnsembleResult r;
    r.series.push_back({"team", "drift", {sim::Band{}}});
    CHECK(first_non_finite(r) == "");
    r.series[0].ticks[0].q95 = std::nan("");
    CHECK(first_non_finite(r) == "series team/drift tick 0");
    r.series[0].ticks[0].q95 = 0.0;
    const double nan = std::nan("");
    r.scalars.push_back({"bet", "recovery_ticks_median", nan, nan, nan, 0});  // undefined: fine
    CHECK(first_non_finite(r) == "");
    r.scalars.push_back({"bet", "tripwire_detection_ticks", 0.0, 0.0, 0.0, 0});  // undefined shown as 0
    CHECK(first_non_finite(r) == "undefined scalar bet/tripwire_detection_ticks with a value");
    r.scalars.pop_back();
    r.scalars.push_back({"bet", "p_success", 0.5, 0.0, HUGE_VAL, 3});
    CHECK(first_non_finite(r) == "scalar bet/p_success");
}
