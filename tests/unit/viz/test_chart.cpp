// Scales, nice ticks, number formats, layout and the palette.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "viz/chart.hpp"
#include "viz/palette.hpp"
#include "viz/svg.hpp"

using namespace orgforces::viz;

namespace {
// A small deterministic generator for test inputs (no dependence on the library's RNG).
struct Lcg {
    std::uint64_t s;
    double next() {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        return double(s >> 11) / double(1ULL << 53);
    }
};

double mantissa(double step) {
    const double mag = std::pow(10.0, std::floor(std::log10(step)));
    return step / mag;
}
}  // namespace

TEST_CASE("nice ticks cover the interval with evenly spaced round numbers") {
    Lcg g{42};
    for (int i = 0; i < 2000; ++i) {
        const double scale = std::pow(10.0, std::floor(g.next() * 12) - 6);
        double lo = (g.next() * 2 - 1) * scale * 10, hi = lo + g.next() * scale * 10 + 1e-12;
        const int target = 2 + int(g.next() * 8);
        const auto t = nice_ticks(lo, hi, target);
        const double step = nice_step(lo, hi, target);
        REQUIRE(t.size() >= 2);
        CHECK(t.front() <= lo + step * 1e-9);
        CHECK(t.back() >= hi - step * 1e-9);
        // Never far more ticks than asked for: the step is at least span/target.
        CHECK(t.size() <= std::size_t(target) + 2);
        const double m = mantissa(step);
        const bool round = std::abs(m - 1) < 1e-9 || std::abs(m - 2) < 1e-9 || std::abs(m - 2.5) < 1e-9 ||
                           std::abs(m - 5) < 1e-9 || std::abs(m - 10) < 1e-9;
        CHECK_MESSAGE(round, "step " << step << " for [" << lo << ", " << hi << "]");
        for (std::size_t k = 1; k < t.size(); ++k) CHECK(std::abs(t[k] - t[k - 1] - step) <= step * 1e-6);
        for (double x : t) CHECK(std::abs(x / step - std::round(x / step)) < 1e-6);
    }
}

TEST_CASE("nice ticks of familiar intervals") {
    auto same = [](const std::vector<double>& a, const std::vector<double>& b) {
        if (a.size() != b.size()) return false;
        for (std::size_t i = 0; i < a.size(); ++i)
            if (std::abs(a[i] - b[i]) > 1e-12) return false;
        return true;
    };
    CHECK(same(nice_ticks(0, 1, 5), {0, 0.2, 0.4, 0.6, 0.8, 1.0}));
    CHECK(nice_ticks(0, 1, 5)[3] == 0.6);  // the double nearest 0.6, not 3 * 0.2
    CHECK(same(nice_ticks(0, 156, 4), {0, 50, 100, 150, 200}));
    CHECK(same(nice_ticks(0.03, 0.47, 4), {0, 0.2, 0.4, 0.6}));
    CHECK(same(nice_ticks(-7, 12, 4), {-10, -5, 0, 5, 10, 15}));
    // Degenerate and invalid input.
    CHECK(nice_ticks(3, 3).size() >= 2);
    CHECK(nice_ticks(0, 0).size() >= 2);
    CHECK(nice_ticks(NAN, 1).empty());
    CHECK(nice_ticks(0, INFINITY).empty());
    const auto rev = nice_ticks(1, 0);
    CHECK(rev.front() <= 0.0);
    CHECK(rev.back() >= 1.0);
    // No negative zero in labels.
    for (double t : nice_ticks(-1, 1)) CHECK(format_tick(t, 0.5) != "-0.0");
}

TEST_CASE("linear scales map, invert and handle reversed and empty domains") {
    const LinearScale s{0, 10, 100, 300};
    CHECK(s(0) == doctest::Approx(100));
    CHECK(s(10) == doctest::Approx(300));
    CHECK(s(2.5) == doctest::Approx(150));
    const LinearScale y{0, 1, 400, 0};  // pixel y grows downward
    CHECK(y(0) == doctest::Approx(400));
    CHECK(y(1) == doctest::Approx(0));
    Lcg g{7};
    for (int i = 0; i < 100; ++i) {
        const double v = g.next() * 20 - 5;
        CHECK(s.invert(s(v)) == doctest::Approx(v));
        CHECK(y.invert(y(v)) == doctest::Approx(v));
    }
    const LinearScale flat{2, 2, 0, 100};
    CHECK(flat(2) == doctest::Approx(50));
    CHECK(std::isfinite(flat(7)));
}

TEST_CASE("tick labels carry the decimals the step needs") {
    CHECK(format_tick(0.25, 0.25) == "0.25");
    CHECK(format_tick(0.5, 0.25) == "0.50");
    CHECK(format_tick(100, 50) == "100");
    CHECK(format_tick(0.4, 0.2) == "0.4");
    CHECK(format_tick(-0.0, 0.1) == "0.0");
    CHECK(format_tick(25000, 5000) == "25,000");
    CHECK(format_number(0.3812) == "0.38");
    CHECK(format_number(12.44) == "12.4");
    CHECK(format_number(1250) == "1,250");
    CHECK(format_number(-1250) == "\u22121,250");
    CHECK(format_number(0) == "0");
    CHECK(format_number(NAN) == "n/a");
    CHECK(format_percent(0.384) == "38%");
    CHECK(format_percent(1) == "100%");
}

TEST_CASE("numbers for people: no scientific notation, a true minus, ranges that cannot be misread") {
    // Small values keep two significant digits in plain decimals.
    CHECK(format_number(2.92e-05) == "0.000029");
    CHECK(format_number(-0.0274) == "\u22120.027");
    for (double v : {1e-9, 3.3e-7, 2.92e-05, 0.0049, -0.0012, 123456.0})
        CHECK(format_number(v).find('e') == std::string::npos);
    // A range with a negative end says "to", never a dash between two minus signs.
    CHECK(format_range(-0.0274, -0.0261) == "\u22120.027 to \u22120.026");
    CHECK(format_range(0.25, 0.37) == "0.25\u20130.37");
    CHECK(format_with_range(0.31, 0.25, 0.37) == "0.31 (0.25\u20130.37)");
    CHECK(format_change(-0.031, -0.045, -0.017) == "\u22120.031 (\u22120.045 to \u22120.017)");
    CHECK(format_change(0.052, 0.01, 0.094, true) == "+5.2 pts (+1.0 to +9.4)");
    CHECK(format_signed(0.0) == "0");
    // A change shares the decimals of its widest end, and nothing finer than 0.0001.
    CHECK(format_change(-1.6e-8, -1e-7, 7.3e-8) == "0 (0 to 0)");
    CHECK(format_change(-0.001, -0.0043, 0.0022) == "\u22120.0010 (\u22120.0043 to +0.0022)");
    // Percentages never round a real chance to 0% or 100%.
    CHECK(format_percent(0.003) == "0.3%");
    CHECK(format_percent(0.998) == "99.8%");
    CHECK(format_percent(0.0) == "0%");
}

TEST_CASE("every measure has words: a label and a meaning, no raw names") {
    for (const char* m : {"drift", "friction", "capacity", "leavers", "p_success", "expected_value", "intent_kept",
                          "people_lost", "expected_salvage_given_failure", "p_promotable_given_failure"}) {
        CAPTURE(m);
        CHECK(measure_label(m) != m);
        CHECK(measure_label(m).find('_') == std::string::npos);
        CHECK_FALSE(measure_meaning(m).empty());
    }
    CHECK(measure_of("p_success", "new-ledger") == "chance of success of new-ledger");
    CHECK(measure_label("p_cause:misfit") == "chance of failing by misfit");
}

TEST_CASE("make_axis widens to nice ticks unless exact") {
    const Axis a = make_axis("drift", "", 0.03, 0.47);
    CHECK(a.domain.lo == doctest::Approx(0.0));
    CHECK(a.domain.hi == doctest::Approx(0.5));
    const Axis e = make_axis("time", "weeks", 0, 156, true);
    CHECK(e.domain == Range{0, 156});
    for (double t : e.ticks) CHECK((t >= 0 && t <= 156));
    CHECK(e.title() == "time (weeks)");
    CHECK(make_axis("x", "", 0, 1).title() == "x");
}

TEST_CASE("layout keeps the plot, legend and axis titles inside the rectangle") {
    Chart c;
    c.title = "A title";
    c.caption = "What to look at";
    c.x = make_axis("time", "weeks", 0, 156, true);
    c.y = make_axis("drift", "", 0, 1);
    for (int i = 0; i < 9; ++i) c.legend.push_back({"series number " + std::to_string(i), LegendKind::Line, categorical(i)});
    for (double w : {200.0, 340.0, 680.0, 1200.0}) {
        const Rect outer{10, 20, w, 320};
        const Layout L = layout(c, outer, {});
        CHECK(L.plot.x >= outer.x);
        CHECK(L.plot.y >= outer.y);
        CHECK(L.plot.right() <= outer.right() + 1e-9);
        CHECK(L.plot.w > 0);
        CHECK(L.plot.h > 0);
        REQUIRE(L.legend.size() == c.legend.size());
        for (const auto& s : L.legend) {
            CHECK(s.swatch.x >= outer.x);
            CHECK(s.swatch.y >= outer.y);
            CHECK(s.swatch.bottom() <= L.plot.y);  // the legend sits above the plot
        }
        CHECK(L.sx(0) == doctest::Approx(L.plot.x));
        CHECK(L.sx(156) == doctest::Approx(L.plot.right()));
        CHECK(L.sy(0) == doctest::Approx(L.plot.bottom()));
        CHECK(L.sy(1) == doctest::Approx(L.plot.y));
    }
}

TEST_CASE("categorical rows run top to bottom and equal aspect gives square units") {
    Chart c;
    c.rows = {"a", "b", "c"};
    c.x = make_axis("v", "", 0, 1);
    const Layout L = layout(c, {0, 0, 400, 300}, {});
    CHECK(L.sy(0) == doctest::Approx(L.plot.y));
    CHECK(L.sy(3) == doctest::Approx(L.plot.bottom()));
    CHECK(L.sy(0.5) < L.sy(1.5));

    Chart m;
    m.x = make_axis("x", "", 0, 1, true);
    m.y = make_axis("y", "", 0, 1, true);
    m.equal_aspect = true;
    const Layout M = layout(m, {0, 0, 700, 300}, {});
    CHECK(M.plot.w == doctest::Approx(M.plot.h));
}

TEST_CASE("step polylines hold each value until the next time") {
    const auto p = polyline({0, 10, 20}, {1.0, 0.8, 0.5}, true);
    REQUIRE(p.size() == 5);
    CHECK(p[1].x == 10);
    CHECK(p[1].y == 1.0);
    CHECK(p[2].y == 0.8);
    CHECK(polyline({0, 1}, {2, 3}, false).size() == 2);
}

TEST_CASE("palette: distinct categories, ordered ramps, exact hex") {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < 8; ++i) seen.insert(to_hex(categorical(i)));
    CHECK(seen.size() == 8);
    CHECK(categorical(8) == categorical(0));
    CHECK(to_hex(Rgba{0, 0x72, 0xB2, 255}) == "#0072b2");
    // The sequential ramp darkens monotonically, so it reads in greyscale print.
    double prev = 2.0;
    for (int i = 0; i <= 20; ++i) {
        const double l = luminance(ramp(sequential_stops(), i / 20.0));
        CHECK(l < prev);
        prev = l;
    }
    CHECK(ramp(sequential_stops(), -1) == sequential_stops().front().color);
    CHECK(ramp(sequential_stops(), NAN) == sequential_stops().front().color);
    CHECK(ramp(diverging_stops(), 0.5) == diverging_stops()[1].color);
    CHECK(with_alpha(categorical(0), 0.5).a == 128);
    CHECK(tint(Rgba{0, 0, 0, 255}, 1.0) == Rgba{255, 255, 255, 255});
}

TEST_CASE("marker labels never overlap, even when the marks crowd one spot") {
    // Nine labelled marks within a few pixels of each other, as teams with similar intents make
    // on the practice map; the rendered labels' boxes (text extent from the text's own x, y,
    // anchor and size) must be pairwise disjoint.
    Chart c;
    c.x = make_axis("x", "", 0.0, 1.0, true, 5);
    c.y = make_axis("y", "", 0.0, 1.0, true, 5);
    c.preferred_width = 520;
    c.preferred_height = 500;
    for (int i = 0; i < 9; ++i)
        c.markers.push_back({0.5 + 0.004 * (i % 3), 0.5 + 0.004 * (i / 3), MarkerShape::Diamond, palette::kInk, 9.0,
                             "team number " + std::to_string(i), i % 2 == 1});
    const std::string svg = render_svg(c);
    struct Box { double x0, x1, y0, y1; };
    std::vector<Box> boxes;
    const std::regex text_re(R"re(<text x="([-0-9.]+)" y="([-0-9.]+)" font-size="([0-9.]+)"(?:[^>]*?text-anchor="(\w+)")?[^>]*>(team number \d)</text>)re");
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), text_re); it != std::sregex_iterator(); ++it) {
        const auto& m = *it;
        const double x = std::stod(m[1]), y = std::stod(m[2]), size = std::stod(m[3]);
        const double w = estimate_text_width(m[5].str(), size);
        const double x0 = m[4] == "end" ? x - w : m[4] == "middle" ? x - w / 2 : x;
        boxes.push_back({x0, x0 + w, y - size * 0.8, y + size * 0.2});
    }
    REQUIRE(boxes.size() == 9);
    for (std::size_t i = 0; i < boxes.size(); ++i)
        for (std::size_t j = i + 1; j < boxes.size(); ++j) {
            const auto &a = boxes[i], &b = boxes[j];
            const bool apart = a.x1 <= b.x0 || b.x1 <= a.x0 || a.y1 <= b.y0 || b.y1 <= a.y0;
            CAPTURE(i);
            CAPTURE(j);
            CHECK(apart);
        }
}
