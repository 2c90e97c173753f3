// Paired comparisons of what-if runs (sim/whatif.hpp).
#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>

#include "sim/whatif.hpp"

using namespace orgforces;

TEST_CASE("Student's t quantiles match the table and approach the normal") {
    CHECK(sim::student_t95(1) == doctest::Approx(12.706));
    CHECK(sim::student_t95(10) == doctest::Approx(2.228));
    CHECK(sim::student_t95(30) == doctest::Approx(2.042));
    CHECK(sim::student_t95(60) == doctest::Approx(2.000).epsilon(0.002));
    CHECK(sim::student_t95(120) == doctest::Approx(1.980).epsilon(0.002));
    double previous = sim::student_t95(1);
    for (int df = 2; df < 2000; ++df) {
        const double t = sim::student_t95(df);
        CHECK(t <= previous);
        CHECK(t > 1.959963);
        previous = t;
    }
}

TEST_CASE("paired differences: exact figures on a small sample") {
    const std::vector<double> a = {1, 2, 3, 4}, b = {2, 2, 5, 5};
    const auto d = sim::paired_difference(a, b);   // differences 1, 0, 2, 1
    CHECK(d.paired);
    CHECK(d.n == 4);
    CHECK(d.baseline == 2.5);
    CHECK(d.variant == 3.5);
    CHECK(d.diff == 1.0);
    const double half = 3.182 * std::sqrt(2.0 / 3.0) / 2.0;
    CHECK(d.lo == doctest::Approx(1.0 - half));
    CHECK(d.hi == doctest::Approx(1.0 + half));
}

TEST_CASE("common random numbers: identical arms differ by exactly zero, a shift by exactly the shift") {
    std::vector<double> a;
    for (int i = 0; i < 50; ++i) a.push_back(std::sin(i * 1.7) * 3.0);
    const auto same = sim::paired_difference(a, a);
    CHECK(same.diff == 0.0);
    CHECK(same.lo == 0.0);
    CHECK(same.hi == 0.0);
    std::vector<double> b = a;
    for (auto& x : b) x += 0.25;
    const auto shifted = sim::paired_difference(a, b);
    CHECK(shifted.diff == doctest::Approx(0.25));
    CHECK(shifted.hi - shifted.lo == doctest::Approx(0.0).epsilon(1e-9));
    CHECK_THROWS_AS(sim::paired_difference(a, {1.0}), std::invalid_argument);
    CHECK_THROWS_AS(sim::paired_difference({}, {}), std::invalid_argument);
}

TEST_CASE("unpaired differences combine the two intervals") {
    const auto d = sim::unpaired_difference(1.0, 0.7, 1.3, 2.0, 1.6, 2.4, 30);
    CHECK_FALSE(d.paired);
    CHECK(d.diff == 1.0);
    CHECK(d.hi - d.diff == doctest::Approx(0.5));   // sqrt(0.3^2 + 0.4^2)
    CHECK(d.diff - d.lo == doctest::Approx(0.5));
}

namespace {
model::Scenario two_teams_one_venture() {
    model::Scenario s;
    s.teams.resize(2);
    s.teams[0].name = "frontier";
    s.teams[1].name = "core";
    s.ventures.resize(1);
    s.ventures[0].name = "moonshot";
    return s;
}

sim::EnsembleResult result_with(double drift_shift, int successes, int replicates, bool per_replicate) {
    sim::EnsembleResult r;
    r.info.replicates = replicates;
    for (const char* team : {"frontier", "core"})
        for (const char* measure : {"drift", "friction"}) {
            sim::Series s{team, measure, {}};
            const double m = 0.4 + drift_shift;
            s.ticks.push_back(sim::Band{0.0, 0.0, 0.0, 0, 0, 0, 0, 0});
            s.ticks.push_back(sim::Band{m, m - 0.05, m + 0.05, 0, 0, 0, 0, 0});
            r.series.push_back(s);
        }
    if (per_replicate)
        for (const char* team : {"frontier", "core"}) {
            sim::ReplicateValues v{team, "drift", {}};
            for (int i = 0; i < replicates; ++i) v.values.push_back(0.4 + 0.01 * (i % 5) + drift_shift);
            r.horizon_values.push_back(v);
        }
    for (int i = 0; i < replicates; ++i) {
        sim::VentureOutcome o;
        o.replicate = i;
        o.venture = "moonshot";
        o.status = i < successes ? sim::VentureStatus::Succeeded : sim::VentureStatus::Failed;
        o.value = i < successes ? 10.0 : 0.0;
        r.outcomes.push_back(o);
    }
    return r;
}

const sim::Comparison& row(const std::vector<sim::Comparison>& rows, const std::string& entity, const std::string& measure) {
    for (const auto& r : rows)
        if (r.entity == entity && r.measure == measure) return r;
    throw std::runtime_error("no row " + entity + " " + measure);
}
}  // namespace

TEST_CASE("key measures: paired where per-replicate values exist, else from the intervals") {
    const auto s = two_teams_one_venture();
    const auto base = result_with(0.0, 4, 10, true);
    const auto variant = result_with(-0.1, 7, 10, true);
    const auto rows = sim::compare_key_measures(s, base, variant);
    CHECK(rows.size() == 2 * 2 + 2);
    const auto& drift = row(rows, "frontier", "drift");
    CHECK(drift.d.paired);
    CHECK(drift.d.diff == doctest::Approx(-0.1));
    CHECK(drift.d.hi < 0.0);
    const auto& friction = row(rows, "frontier", "friction");
    CHECK_FALSE(friction.d.paired);   // no per-replicate friction values given
    const auto& p = row(rows, "moonshot", "p_success");
    CHECK(p.d.paired);
    CHECK(p.d.baseline == doctest::Approx(0.4));
    CHECK(p.d.variant == doctest::Approx(0.7));
    CHECK(p.d.n == 10);
    CHECK(row(rows, "moonshot", "expected_value").d.diff == doctest::Approx(3.0));
    // The paired interval of a shift is far tighter than the unpaired one from the bands.
    const auto unpaired = sim::compare_key_measures(s, result_with(0.0, 4, 10, false), result_with(-0.1, 7, 10, false));
    const auto& loose = row(unpaired, "frontier", "drift");
    CHECK_FALSE(loose.d.paired);
    CHECK(loose.d.hi - loose.d.lo > drift.d.hi - drift.d.lo);
}
