// March (1991): the paper's qualitative results, as fast ensemble checks (docs/validation.md has
// the full tables with 1,000 replicates per cell and the command that prints them).
//
// Comparisons are paired: replicate r of both arms starts from the same reality and beliefs (the
// classic stream draws them first), so the difference has a small standard error. Each check
// asks for an effect of at least 4 standard errors where the full tables show 8 or more.

#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "sim/march1991.hpp"

using orgforces::model::March1991;
using orgforces::sim::run_march1991;

namespace {

constexpr std::uint64_t kSeed = 20260;

March1991 march(double p1, double p2, double p3 = 0.0, double p4 = 0.0) {
    March1991 p;
    p.p1 = p1;
    p.p2 = p2;
    p.p3 = p3;
    p.p4 = p4;
    p.until_equilibrium = p3 == 0.0 && p4 == 0.0;
    return p;
}

/// Code knowledge after `at` periods (at < 0: at equilibrium) of replicates 0..n−1.
std::vector<double> knowledge(const March1991& p, int n, int at = -1) {
    std::vector<double> out;
    for (int r = 0; r < n; ++r) {
        const auto trace = run_march1991(p, at < 0 ? 0 : at, kSeed, std::uint64_t(r));
        out.push_back(at < 0 ? trace.code_knowledge.back() : trace.code_at(at));
    }
    return out;
}

double mean(const std::vector<double>& x) {
    double s = 0.0;
    for (double v : x) s += v;
    return s / double(x.size());
}

struct Paired {
    double diff = 0.0;
    double se = 0.0;
    double z() const { return se > 0.0 ? diff / se : 0.0; }
};

/// Mean of a − b over paired replicates, with its standard error.
Paired paired(const std::vector<double>& a, const std::vector<double>& b) {
    std::vector<double> d;
    for (std::size_t i = 0; i < a.size(); ++i) d.push_back(a[i] - b[i]);
    Paired p;
    p.diff = mean(d);
    double ss = 0.0;
    for (double v : d) ss += (v - p.diff) * (v - p.diff);
    p.se = std::sqrt(ss / double(d.size() - 1) / double(d.size()));
    return p;
}

}  // namespace

TEST_CASE("March 1991 fig. 1: with p2 >= 0.5 equilibrium knowledge falls as socialization p1 rises") {
    const int n = 300;
    for (double p2 : {0.5, 0.9}) {
        CAPTURE(p2);
        const auto slow = knowledge(march(0.1, p2), n);
        const auto mid = knowledge(march(0.5, p2), n);
        const auto fast = knowledge(march(0.9, p2), n);
        const Paired slow_mid = paired(slow, mid), mid_fast = paired(mid, fast), slow_fast = paired(slow, fast);
        CAPTURE(slow_mid.diff);
        CAPTURE(mid_fast.diff);
        CHECK(slow_mid.z() > 4.0);
        CHECK(mid_fast.z() > 3.0);
        CHECK(slow_fast.z() > 4.0);
        // Learning happens at all: every arm ends well above a blank code's 0 and below certainty.
        CHECK(mean(fast) > 0.6);
        CHECK(mean(slow) < 0.95);
    }
}

TEST_CASE("March 1991 fig. 2: a fast/slow mix beats a uniform population of the same mean rate") {
    const int n = 300;
    for (double share : {0.25, 0.5, 0.75}) {
        CAPTURE(share);
        March1991 mix = march(0.1, 0.5);
        mix.fast_share = share;
        mix.p1_fast = 0.9;
        mix.p1_slow = 0.1;
        const double mean_p1 = share * 0.9 + (1.0 - share) * 0.1;
        const Paired d = paired(knowledge(mix, n), knowledge(march(mean_p1, 0.5), n));
        CAPTURE(d.diff);
        CHECK(d.z() > 4.0);
    }
}

TEST_CASE("March 1991 fig. 3: under fast socialization moderate turnover raises code knowledge") {
    const int n = 300;
    const int at = 50;
    const auto none = knowledge(march(0.9, 0.5, 0.0), n, at);
    for (double p3 : {0.02, 0.05, 0.1}) {
        CAPTURE(p3);
        const Paired d = paired(knowledge(march(0.9, 0.5, p3), n, at), none);
        CAPTURE(d.diff);
        CHECK(d.z() > 4.0);
    }
}

TEST_CASE("March 1991 turbulence: without turnover knowledge decays to chance and turnover counters it") {
    const int n = 200;
    const March1991 closed = march(0.5, 0.5, 0.0, 0.02);
    const auto early = knowledge(closed, n, 10);
    const auto late = knowledge(closed, n, 300);
    // Rises first, then decays: the code stops learning once everyone shares it, while reality
    // keeps flipping; a frozen code of ±1 entries matches a random reality half the time.
    CHECK(paired(early, late).z() > 4.0);
    const double late_mean = mean(late);
    CHECK(std::abs(late_mean - 0.5) < 0.05);  // standard error ≈ 0.01
    const Paired turnover = paired(knowledge(march(0.5, 0.5, 0.05, 0.02), n, 300), late);
    CAPTURE(turnover.diff);
    CHECK(turnover.z() > 4.0);
    CHECK(turnover.diff > 0.1);
}
