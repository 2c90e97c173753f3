// The dashboard's figures as chart data, built from small hand-made results (no window needed).
#include <doctest/doctest.h>

#include <string>

#include "viz/dash/figures.hpp"

using namespace orgforces;

namespace {

// A result whose drift for `team` has median q50 = tick / 10 and a band of ±0.05 around it.
sim::EnsembleResult drift_result(const std::string& team, int horizon) {
    sim::EnsembleResult r;
    sim::Series s{team, "drift", {}};
    for (int t = 0; t <= horizon; ++t) {
        const double m = t / 10.0;
        s.ticks.push_back({m, m - 0.01, m + 0.01, m - 0.05, m - 0.02, m, m + 0.02, m + 0.05});
    }
    r.series.push_back(s);
    sim::Series f{team, "friction", s.ticks};
    r.series.push_back(f);
    return r;
}

model::Scenario two_teams(int horizon) {
    model::Scenario s;
    s.horizon = horizon;
    s.teams.resize(2);
    s.teams[0].name = "a";
    s.teams[1].name = "b";
    return s;
}

}  // namespace

TEST_CASE("median_at reads the median, clamps the tick and reports absence") {
    const auto r = drift_result("a", 5);
    CHECK(dash::median_at(r, "a", "drift", 3) == doctest::Approx(0.3));
    CHECK(dash::median_at(r, "a", "drift", 99) == doctest::Approx(0.5));
    CHECK(dash::median_at(r, "a", "drift", -4) == doctest::Approx(0.0));
    CHECK_FALSE(dash::median_at(r, "b", "drift", 1).has_value());
    CHECK_FALSE(dash::median_at(r, "a", "headcount", 1).has_value());
}

TEST_CASE("a drift chart without its series says so instead of drawing") {
    const auto s = two_teams(5);
    const auto c = dash::drift_chart(s, drift_result("a", 5), nullptr, "b", std::nullopt, 0, false);
    CHECK(c.title == "b");
    CHECK(c.caption == "no drift series in this result");
    CHECK(c.lines.empty());
    CHECK(c.bands.empty());
}

TEST_CASE("the drift chart marks the steady state, the scrubbed tick and the baseline") {
    const auto s = two_teams(5);
    const auto r = drift_result("a", 5);
    const auto plain = dash::drift_chart(s, r, nullptr, "a", std::nullopt, 0, false);
    CHECK(plain.markers.empty());
    CHECK(plain.refs.empty());  // tick 0: no scrubber line

    // A steady state above every band widens the y axis to show its marker at the horizon.
    const auto c = dash::drift_chart(s, r, nullptr, "a", 2.0, 3, false);
    REQUIRE(c.markers.size() == 1);
    CHECK(c.markers[0].x == 5.0);
    CHECK(c.markers[0].y == 2.0);
    CHECK(c.y.domain.hi >= 2.0);
    REQUIRE(c.refs.size() == 1);
    CHECK(c.refs[0].value == 3.0);

    // A baseline adds one faint band (its middle 50%) under the current ones.
    const auto base = drift_result("a", 5);
    const auto with_base = dash::drift_chart(s, r, &base, "a", std::nullopt, 0, false);
    CHECK(with_base.bands.size() >= plain.bands.size() + 1);
    CHECK(with_base.bands.front().lo.size() == 6);
    CHECK(with_base.bands.front().hi[2] == doctest::Approx(0.22));

    // Small multiples carry no legend and no axis label.
    const auto compact = dash::drift_chart(s, r, nullptr, "a", 2.0, 3, true);
    CHECK(compact.legend.empty());
    CHECK(compact.x.label.empty());
    CHECK(compact.caption.empty());
}

TEST_CASE("the friction heatmap has one row per team and marks the scrubbed tick") {
    const auto s = two_teams(5);
    auto r = drift_result("a", 5);
    const auto more = drift_result("b", 5);
    r.series.insert(r.series.end(), more.series.begin(), more.series.end());
    const auto c = dash::friction_heatmap(s, r, 2);
    CHECK(c.rows == std::vector<std::string>{"a", "b"});
    CHECK(!c.cells.empty());
    CHECK(!c.caption.empty());
    REQUIRE(c.refs.size() == 1);
    CHECK(dash::friction_heatmap(s, r, 0).refs.empty());
    CHECK(dash::friction_heatmap(s, r, 5).refs.empty());
}
