// Harrison and Carroll (1991), "Keeping the faith", in the engine's minimal setting
// (scenarios/classics/harrison-carroll-1991.yaml, docs/validation.md#harrison-and-carroll-1991):
// the simulated mean assumption level follows the mean-field recurrence below within Monte Carlo
// error, reaches an equilibrium under high turnover and rapid growth, is stronger in decline than
// in growth, and approaches its equilibrium with the closed-form half-life.
//
// Mean field, per tick in the engine's order (socialization, then turnover and hiring):
//   m' = m + d (c - m);   N' = N (1 - h) + g;   m_next = (N (1 - h) m' + g a0) / N'
// with d the depth, c the fixed code, h the attrition, g the newcomers per tick and a0 their level.
// At the equilibrium N* = g / h the newcomers' share per tick is h, so
//   m* = ((1 - h) d c + h a0) / (1 - (1 - h)(1 - d)),   half-life = ln(1/2) / ln((1 - h)(1 - d)).

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "model/loader.hpp"
#include "model/registry.hpp"
#include "orgforces/source_dir.hpp"
#include "sim/ensemble.hpp"

using namespace orgforces;

namespace {

struct Culture {
    double depth, code, attrition, newcomers, newcomer_level, start_level;
    int start_size;
};

Culture culture_of(const model::Scenario& s) {
    const auto& team = s.teams.at(0);
    return Culture{s.water.at(0).socialization,   *s.water.at(0).initial_code,
                   team.base_attrition,          team.hiring.growth,
                   team.hiring.external_assumptions.at(0), team.initial_assumptions->at(0),
                   team.size};
}

/// The mean-field mean assumption level at ticks 0..horizon.
std::vector<double> mean_field(const Culture& c, int horizon) {
    std::vector<double> m{c.start_level};
    double level = c.start_level, n = c.start_size;
    for (int t = 1; t <= horizon; ++t) {
        const double socialized = level + c.depth * (c.code - level);
        const double stayers = n * (1.0 - c.attrition);
        n = stayers + c.newcomers;
        level = (stayers * socialized + c.newcomers * c.newcomer_level) / n;
        m.push_back(level);
    }
    return m;
}

double equilibrium(const Culture& c) {
    const double h = c.attrition, d = c.depth;
    return ((1.0 - h) * d * c.code + h * c.newcomer_level) / (1.0 - (1.0 - h) * (1.0 - d));
}

double half_life(const Culture& c) { return std::log(0.5) / std::log((1.0 - c.attrition) * (1.0 - c.depth)); }

model::Scenario variant(const model::Scenario& base, const std::string& name) {
    for (const auto& v : base.variants)
        if (v.name == name) return model::apply_overrides(base, v.set);
    FAIL("no what-if " << name);
    return base;
}

std::vector<sim::Band> simulated(const model::Scenario& s, int replicates) {
    sim::EnsembleOptions options;
    options.replicates = replicates;
    const sim::EnsembleResult r = sim::run_ensemble(s, options);
    const sim::Series* series = r.find_series(s.teams.at(0).name, "assumption:" + s.water.at(0).name);
    REQUIRE(series != nullptr);
    return series->ticks;
}

const model::Scenario& scenario() {
    static const model::Scenario s = model::load_scenario_file(std::string(ORGFORCES_SOURCE_DIR) +
                                                                "/scenarios/classics/harrison-carroll-1991.yaml");
    return s;
}

constexpr int kReplicates = 48;

/// The simulated mean follows the mean field at every tick: within four standard errors of the
/// ensemble mean plus 0.01 for the mean field's own approximation (it replaces a ratio of random
/// headcounts by the ratio of their means, an error of order 1/N).
void check_follows_mean_field(const model::Scenario& s) {
    const auto bands = simulated(s, kReplicates);
    const auto expected = mean_field(culture_of(s), s.horizon);
    REQUIRE(bands.size() == expected.size());
    int checked = 0;
    for (std::size_t t = 0; t < bands.size(); t += 5) {
        const double se = (bands[t].ci_hi - bands[t].ci_lo) / (2.0 * 1.96);
        CAPTURE(t);
        CHECK(std::abs(bands[t].mean - expected[t]) <= 4.0 * se + 0.01);
        ++checked;
    }
    CHECK(checked > 50);
}

}  // namespace

TEST_CASE("harrison-carroll 1991: the mean assumption level follows the mean-field recurrence") {
    const model::Scenario& base = scenario();
    for (const char* name : {"", "growth", "decline", "high-turnover"}) {
        CAPTURE(name);
        check_follows_mean_field(*name ? variant(base, name) : base);
    }
}

TEST_CASE("harrison-carroll 1991: culture reaches an equilibrium even with high turnover and rapid growth") {
    const model::Scenario& base = scenario();
    for (const char* name : {"growth", "high-turnover"}) {
        CAPTURE(name);
        const model::Scenario s = variant(base, name);
        const Culture c = culture_of(s);
        const auto bands = simulated(s, kReplicates);
        const double m_star = equilibrium(c);
        // In the last year the level stays at the closed-form equilibrium, and it is held well above
        // the newcomers' own level: socialization keeps the culture alive.
        for (std::size_t t = bands.size() - 52; t < bands.size(); ++t) CHECK(std::abs(bands[t].mean - m_star) < 0.02);
        CHECK(m_star > c.newcomer_level + 0.25);
    }
}

TEST_CASE("harrison-carroll 1991: culture is stronger in decline than in growth") {
    const model::Scenario& base = scenario();
    const auto growth = simulated(variant(base, "growth"), kReplicates);
    const auto decline = simulated(variant(base, "decline"), kReplicates);
    // Over the first two years, while the sizes differ, the shrinking firm holds the assumption
    // more strongly at every tick after the first weeks; then both meet at the same equilibrium.
    for (std::size_t t = 5; t <= 104; ++t) {
        CAPTURE(t);
        CHECK(decline[t].mean > growth[t].mean + 0.02);
    }
    CHECK(std::abs(decline.back().mean - growth.back().mean) < 0.02);
}

TEST_CASE("harrison-carroll 1991: the level approaches its equilibrium with the closed-form half-life") {
    // The base case starts at the equilibrium size, so the gap to m* shrinks by (1 - h)(1 - d) per tick.
    const model::Scenario& s = scenario();
    const Culture c = culture_of(s);
    const auto bands = simulated(s, kReplicates);
    const double m_star = equilibrium(c), gap0 = std::abs(c.start_level - m_star);
    double crossed = -1.0;
    for (std::size_t t = 1; t < bands.size() && crossed < 0; ++t) {
        const double before = std::abs(bands[t - 1].mean - m_star), after = std::abs(bands[t].mean - m_star);
        if (after <= gap0 / 2 && before > gap0 / 2)
            crossed = double(t - 1) + (before - gap0 / 2) / (before - after);  // linear interpolation
    }
    CHECK(crossed == doctest::Approx(half_life(c)).epsilon(0.1));
}
