// The dashboard's figures as chart data, built from small hand-made results (no window needed).
#include <doctest/doctest.h>

#include <cstddef>
#include <memory>
#include <string>

#include "viz/dash/figures.hpp"
#include "viz/report_charts.hpp"

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

namespace {

// A one-slot allocator: hands out the same block again once it has been freed, as a heap does
// for a same-sized allocation. It makes a freed result's address reappear deterministically.
struct Slot {
    alignas(std::max_align_t) unsigned char bytes[sizeof(sim::EnsembleResult) + 256];
    bool used = false;
};

template <class T>
struct Recycling {
    using value_type = T;
    Slot* slot;
    explicit Recycling(Slot* s) : slot(s) {}
    template <class U>
    Recycling(const Recycling<U>& o) : slot(o.slot) {}
    T* allocate(std::size_t n) {
        if (!slot->used && n * sizeof(T) <= sizeof(slot->bytes)) {
            slot->used = true;
            return reinterpret_cast<T*>(slot->bytes);
        }
        return static_cast<T*>(::operator new(n * sizeof(T)));
    }
    void deallocate(T* p, std::size_t) {
        if (reinterpret_cast<unsigned char*>(p) == slot->bytes)
            slot->used = false;
        else
            ::operator delete(p);
    }
    template <class U>
    bool operator==(const Recycling<U>& o) const { return slot == o.slot; }
};

// A two-dimensional scenario whose teams' recorded practice is `level` on both dimensions.
model::Scenario two_dims(int horizon) {
    auto s = two_teams(horizon);
    s.dimensions.resize(2);
    s.dimensions[0].name = "horizon";
    s.dimensions[1].name = "autonomy";
    for (auto& t : s.teams) t.intent = {0.5, 0.5};
    return s;
}

sim::EnsembleResult practice_result(const model::Scenario& s, double level) {
    sim::EnsembleResult r;
    for (const auto& t : s.teams)
        for (const auto& d : s.dimensions) {
            sim::Series ser{t.name, "practice:" + d.name, {}};
            for (int k = 0; k <= s.horizon; ++k) ser.ticks.push_back({level, level, level, level, level, level, level, level});
            r.series.push_back(ser);
        }
    return r;
}

}  // namespace

TEST_CASE("practice trails come from the recorded practice series when the result has them") {
    const auto s = two_dims(4);
    const auto r = practice_result(s, 0.3);
    const auto t = dash::practice_trails(s, &r, 0, 1);
    CHECK_FALSE(t.analytic);
    REQUIRE(t.x.size() == 2);
    REQUIRE(t.x[1].size() == 5);
    CHECK(t.x[1][4] == 0.3);
    CHECK(t.y[0][2] == 0.3);
}

TEST_CASE("the trails cache recomputes for a new result even at a freed result's address") {
    const auto s = std::make_shared<const model::Scenario>(two_dims(4));
    Slot slot;
    dash::TrailsCache cache;
    auto first = std::allocate_shared<sim::EnsembleResult>(Recycling<sim::EnsembleResult>(&slot), practice_result(*s, 0.2));
    CHECK(cache.get(s, first, 0, 1).x[0][0] == 0.2);
    CHECK(cache.get(s, first, 0, 1).x[0][0] == 0.2);
    CHECK(cache.computations() == 1);
    first.reset();  // the screen moves on; a new result arrives, possibly where the old one was
    auto second = std::allocate_shared<sim::EnsembleResult>(Recycling<sim::EnsembleResult>(&slot), practice_result(*s, 0.7));
    CHECK(cache.get(s, second, 0, 1).x[0][0] == 0.7);  // never the freed result's picture
    CHECK(cache.computations() == 2);
    cache.get(s, second, 1, 0);  // other dimensions
    CHECK(cache.computations() == 3);
}

TEST_CASE("small multiples share one y-scale that holds every team's band") {
    const auto s = two_teams(5);
    auto r = drift_result("a", 5);
    auto b = drift_result("b", 5);
    for (auto& band : b.series[0].ticks) band.q95 += 2.0;   // team b reaches much higher
    r.series.push_back(b.series[0]);
    const auto shared = dash::shared_drift_domain(s, r, nullptr, {});
    CHECK(shared.lo <= 0.0);
    CHECK(shared.hi >= 2.55);
    const auto own = dash::drift_chart(s, r, nullptr, "a", std::nullopt, 0, true);
    const auto common = dash::drift_chart(s, r, nullptr, "a", std::nullopt, 0, true, shared);
    CHECK(own.y.domain.hi < 2.0);           // alone, a's chart would look as high as b's
    CHECK(common.y.domain.hi == shared.hi);
    CHECK(dash::drift_chart(s, r, nullptr, "b", std::nullopt, 0, true, shared).y.domain == common.y.domain);
    // A steady state outside every band widens the shared scale too.
    CHECK(dash::shared_drift_domain(s, r, nullptr, {5.0}).hi >= 5.0);
}

TEST_CASE("the plausible-worlds chart shows each measure's share of better worlds and its regret") {
    sim::RobustComparison drift{"a", "drift", false, 40, 0.9, 0.1, -0.05, 0.002, 0.06};
    sim::RobustComparison success{"v", "p_success", true, 40, 0.25, 0.7, -0.03, 0.04, 0.01};
    const auto c = dash::worlds_chart({drift, success}, "title");
    REQUIRE(c.rows.size() == 2);
    REQUIRE(c.bar_rows.size() == 2);
    CHECK(c.bar_rows[0].bars[0].to == 0.9);
    CHECK(c.bar_rows[1].bars[0].to == 0.25);
    CHECK(c.bar_rows[0].bars[0].value_label.find("90% better") != std::string::npos);
    CHECK(c.bar_rows[1].bars[0].value_label.find("regret 4 pts") != std::string::npos);
    CHECK(!(c.bar_rows[0].bars[0].color == c.bar_rows[1].bars[0].color));  // winning and losing differ
}

TEST_CASE("the predictive check counts the observations inside the simulated band") {
    const auto r = drift_result("a", 5);   // 5–95% band: median ± 0.05
    const std::vector<sim::ObservedValue> obs{
        {"a", "drift", 1, 0.12}, {"a", "drift", 3, 0.9}, {"a", "drift", 4, 0.4}, {"b", "drift", 2, 0.2}, {"a", "drift", 9, 0.1}};
    int inside = 0, total = 0;
    const auto c = viz::predictive_chart(r.series[0], obs, "week", inside, total);
    CHECK(total == 3);    // team b's point and the one beyond the horizon are not this series'
    CHECK(inside == 2);
    std::size_t crosses = 0;
    for (const auto& m : c.markers) crosses += m.shape == viz::MarkerShape::Cross;
    CHECK(crosses == 1);
    CHECK(c.y.domain.hi >= 0.9);
    CHECK(viz::observed_series(obs).size() == 2);
}

TEST_CASE("a sweep's measure against each swept parameter, averaged over the others") {
    // A 2 x 2 grid: drift of a at the horizon = 10 * shielding + leadership.
    std::vector<std::vector<model::Override>> points;
    std::vector<sim::EnsembleResult> results;
    for (double sh : {0.2, 0.8})
        for (double le : {0.0, 1.0}) {
            points.push_back({{"teams.a.shielding", sh, {}}, {"teams.a.leadership", le, {}}});
            sim::EnsembleResult r;
            const double m = 10 * sh + le;
            r.series.push_back({"a", "drift", {{m, m, m, m - 2, m - 1, m, m + 1, m + 2}}});
            r.scalars.push_back({"v", "p_success", sh, sh - 0.1, sh + 0.1});
            results.push_back(r);
        }
    std::vector<const sim::EnsembleResult*> ptrs;
    for (const auto& r : results) ptrs.push_back(&r);
    const auto d = dash::sweep_data(points, ptrs);
    REQUIRE(d.parameters == std::vector<std::string>{"teams.a.shielding", "teams.a.leadership"});
    REQUIRE(d.measures == std::vector<std::string>{"drift:a", "p_success:v"});
    const auto c = dash::sweep_chart(d, 0, 0);
    REQUIRE(c.lines.size() == 1);
    CHECK(c.lines[0].x == std::vector<double>{0.2, 0.8});
    CHECK(c.lines[0].y[0] == doctest::Approx(2.5));   // mean of 2 + 0 and 2 + 1
    CHECK(c.lines[0].y[1] == doctest::Approx(8.5));
    REQUIRE(c.bands.size() == 2);
    CHECK(c.bands[0].lo[0] == doctest::Approx(0.5));
    CHECK(c.caption.find("averaged over 2 points") != std::string::npos);
    const auto s = dash::sweep_chart(d, 1, 1);          // p_success against leadership: flat 0.5
    CHECK(s.lines[0].y == std::vector<double>{0.5, 0.5});
    CHECK(s.bands.size() == 1);                          // an estimate's interval, no quantile bands
}

TEST_CASE("a venture has one colour in both gifts charts, its index in the scenario") {
    dash::Gifts g;
    g.ventures = {"first", "second"};
    // The stones list "second" first, the benefits "first" first: colours must not follow that order.
    g.stones = {{"second", "s1", 2.0, 0.5, 1.0}, {"first", "s2", 1.0, 0.5, 0.5}};
    g.benefits = {{"first", "b1", 1.0, 0.4, -1.0}, {"second", "b2", 1.0, 0.2, -1.0}};
    const auto salvage = dash::salvage_chart(g);
    const auto promotion = dash::promotion_chart(g);
    CHECK(salvage.bar_rows[0].bars[0].color == viz::categorical(1));   // second
    CHECK(salvage.bar_rows[1].bars[0].color == viz::categorical(0));   // first
    CHECK(promotion.bar_rows[0].bars[0].color == viz::categorical(0)); // first
    CHECK(promotion.bar_rows[1].bars[0].color == viz::categorical(1)); // second
    REQUIRE(salvage.legend.size() == 2);
    CHECK(salvage.legend[0].label == "first");
    CHECK(promotion.legend[0].label == "first");
}
