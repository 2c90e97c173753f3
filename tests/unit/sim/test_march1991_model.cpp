// The rules of the March (1991) model, one at a time, on prepared states (sim/march1991.hpp).

#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "sim/march1991.hpp"

using orgforces::model::March1991;
using orgforces::sim::Marchworld;
using orgforces::sim::run_march1991;

namespace {

March1991 params(int m, int n, double p1, double p2, double p3 = 0.0, double p4 = 0.0) {
    March1991 p;
    p.dimensions = m;
    p.people = n;
    p.p1 = p1;
    p.p2 = p2;
    p.p3 = p3;
    p.p4 = p4;
    return p;
}

std::vector<int> beliefs_of(const Marchworld& w) {
    std::vector<int> out;
    for (int i = 0; i < w.people(); ++i)
        for (int j = 0; j < w.dimensions(); ++j) out.push_back(w.belief(i, j));
    return out;
}

std::vector<int> code_of(const Marchworld& w) {
    std::vector<int> out;
    for (int j = 0; j < w.dimensions(); ++j) out.push_back(w.code(j));
    return out;
}

// Knowledge recomputed from the per-dimension accessors, independently of the bit counting.
double code_knowledge_slow(const Marchworld& w) {
    int hits = 0;
    for (int j = 0; j < w.dimensions(); ++j) hits += w.code(j) == w.reality(j) ? 1 : 0;
    return double(hits) / w.dimensions();
}

double mean_knowledge_slow(const Marchworld& w) {
    int hits = 0;
    for (int i = 0; i < w.people(); ++i)
        for (int j = 0; j < w.dimensions(); ++j) hits += w.belief(i, j) == w.reality(j) ? 1 : 0;
    return double(hits) / (w.dimensions() * w.people());
}

}  // namespace

TEST_CASE("the initial state: blank code, uniform beliefs, balanced reality") {
    const March1991 p = params(30, 50, 0.1, 0.5);
    long counts[3] = {0, 0, 0};
    long reality_up = 0, total_dims = 0;
    for (int r = 0; r < 200; ++r) {
        const Marchworld w(p, 7, std::uint64_t(r));
        CHECK(w.code_knowledge() == 0.0);
        for (int j = 0; j < 30; ++j) {
            CHECK(w.code(j) == 0);
            reality_up += w.reality(j) > 0 ? 1 : 0;
            ++total_dims;
            for (int i = 0; i < 50; ++i) ++counts[w.belief(i, j) + 1];
        }
    }
    const double cells = 200.0 * 30 * 50;
    for (long c : counts) CHECK(std::abs(c / cells - 1.0 / 3.0) < 0.005);   // sd ≈ 0.0006
    CHECK(std::abs(double(reality_up) / double(total_dims) - 0.5) < 0.02);  // sd ≈ 0.0065
}

TEST_CASE("a seed and replicate fix the run and another replicate differs") {
    const March1991 p = params(30, 50, 0.3, 0.5, 0.02, 0.01);
    const auto a = run_march1991(p, 60, 11, 3);
    const auto b = run_march1991(p, 60, 11, 3);
    const auto c = run_march1991(p, 60, 11, 4);
    CHECK(a.code_knowledge == b.code_knowledge);
    CHECK(a.mean_knowledge == b.mean_knowledge);
    CHECK(a.code_knowledge != c.code_knowledge);
}

TEST_CASE("knowledge from bit counts equals knowledge from the accessors, also past 64 dimensions") {
    for (int m : {1, 30, 64, 65, 130}) {
        Marchworld w(params(m, 17, 0.4, 0.6, 0.05, 0.05), 3, 1);
        for (int t = 0; t < 25; ++t) {
            CHECK(w.code_knowledge() == doctest::Approx(code_knowledge_slow(w)).epsilon(1e-12));
            CHECK(w.mean_knowledge() == doctest::Approx(mean_knowledge_slow(w)).epsilon(1e-12));
            w.step();
        }
    }
}

TEST_CASE("socialization adopts the code where it is non-zero and leaves zero entries alone") {
    Marchworld w(params(4, 2, 1.0, 0.0), 1, 0);
    // reality, code, beliefs (2 people × 4 dimensions)
    w.set_state({1, 1, -1, -1}, {1, 0, 1, -1}, {-1, -1, 0, 1,   0, 1, 1, -1});
    w.step();
    CHECK(code_of(w) == std::vector<int>{1, 0, 1, -1});  // p2 = 0: the code never moves
    CHECK(beliefs_of(w) == std::vector<int>{1, -1, 1, -1,   1, 1, 1, -1});
}

TEST_CASE("a person with p1 = 0 keeps every belief") {
    March1991 p = params(3, 2, 0.0, 0.0);
    p.fast_share = 0.5;  // person 0 fast (p1_fast = 1), person 1 slow (p1_slow = 0)
    p.p1_fast = 1.0;
    p.p1_slow = 0.0;
    Marchworld w(p, 1, 0);
    CHECK(w.rate(0) == 1.0);
    CHECK(w.rate(1) == 0.0);
    w.set_state({1, 1, 1}, {1, -1, 1}, {-1, 0, -1,   -1, 0, -1});
    w.step();
    CHECK(beliefs_of(w) == std::vector<int>{1, -1, 1,   -1, 0, -1});
    CHECK(w.absorbed());  // only the person who cannot learn still differs
}

TEST_CASE("fast and slow positions: round(fast_share * n) fast learners first") {
    March1991 p = params(5, 10, 0.5, 0.5);
    p.fast_share = 0.26;  // 2.6 -> 3
    const Marchworld w(p, 1, 0);
    for (int i = 0; i < 10; ++i) CHECK(w.rate(i) == (i < 3 ? p.p1_fast : p.p1_slow));
}

TEST_CASE("code learning follows the superior group majority where zeros abstain and ties leave it") {
    // Reality all +1. Code = 0 everywhere matches nothing, so anyone with one right belief is
    // superior. People 0–2 are superior; person 3 knows nothing and must not vote.
    Marchworld w(params(4, 4, 0.0, 1.0), 1, 0);
    w.set_state({1, 1, 1, 1}, {0, 0, 0, 0},
                {1, -1, 1, 0,
                 1, -1, -1, 0,
                 1, 1, 0, 0,
                 0, -1, -1, -1});
    // Votes: dim0 +3, dim1 -1 (two -1, one +1), dim2 0 (tie), dim3 0 (all abstain; person 3 not superior).
    w.step();
    CHECK(code_of(w) == std::vector<int>{1, -1, 0, 0});
}

TEST_CASE("only people who beat the code vote, and the code's own value can be overturned") {
    // Code matches 2 of 4. Person 0 matches 3 (superior), person 1 matches 2 (not superior).
    Marchworld w(params(4, 2, 0.0, 1.0), 1, 0);
    w.set_state({1, 1, 1, 1}, {1, 1, -1, -1}, {1, 1, 1, -1,   -1, -1, 1, 1});
    w.step();
    CHECK(code_of(w) == std::vector<int>{1, 1, 1, -1});
}

TEST_CASE("code and beliefs both update from the state at the start of the period") {
    // With p1 = p2 = 1 both updates are certain. The code learns from beliefs before they are
    // socialized, and people adopt the code as it was before it learned.
    Marchworld w(params(2, 1, 1.0, 1.0), 1, 0);
    w.set_state({1, 1}, {-1, 0}, {1, 1});
    w.step();
    CHECK(code_of(w) == std::vector<int>{1, 1});
    CHECK(beliefs_of(w) == std::vector<int>{-1, 1});
}

TEST_CASE("code learning happens with probability 1 - (1 - p2)^k, k = disagreeing minus agreeing") {
    // Reality +1 on 3 dimensions; code (-1, 0, 0) matches nothing... but dimension 0 has one
    // superior member agreeing with the code and three disagreeing: k = 2.
    const double p2 = 0.3;
    const double expected = 1.0 - (1.0 - p2) * (1.0 - p2);
    int changed = 0;
    const int trials = 4000;
    for (int r = 0; r < trials; ++r) {
        Marchworld w(params(3, 4, 0.0, p2), 5, std::uint64_t(r));
        w.set_state({1, 1, 1}, {-1, 0, 0}, {1, 1, 0,   1, 0, 0,   1, 0, 0,   -1, 1, 0});
        w.step();
        changed += w.code(0) == 1 ? 1 : 0;
    }
    const double sd = std::sqrt(expected * (1 - expected) / trials);
    CHECK(std::abs(double(changed) / trials - expected) < 4.5 * sd);
}

TEST_CASE("turbulence with p4 = 1 flips every dimension of reality each period") {
    Marchworld w(params(70, 3, 0.0, 0.0, 0.0, 1.0), 2, 0);
    std::vector<int> before;
    for (int j = 0; j < 70; ++j) before.push_back(w.reality(j));
    w.step();
    for (int j = 0; j < 70; ++j) CHECK(w.reality(j) == -before[std::size_t(j)]);
}

TEST_CASE("turnover with p3 = 1 replaces everyone with fresh uniform believers") {
    Marchworld w(params(30, 40, 0.0, 0.0, 1.0, 0.0), 2, 0);
    std::vector<int> all_plus(30 * 40, 1);
    std::vector<int> reality(30, 1), code(30, 0);
    w.set_state(reality, code, all_plus);
    w.step();
    long counts[3] = {0, 0, 0};
    for (int b : beliefs_of(w)) ++counts[b + 1];
    for (long c : counts) CHECK(std::abs(c / 1200.0 - 1.0 / 3.0) < 0.06);  // sd ≈ 0.014
}

TEST_CASE("absorption: detected exactly, never with turnover or turbulence, and final") {
    SUBCASE("everyone agrees with a complete code") {
        Marchworld w(params(3, 2, 0.5, 0.5), 1, 0);
        w.set_state({1, -1, 1}, {1, 1, 1}, {1, 1, 1,   1, 1, 1});
        CHECK(w.absorbed());
    }
    SUBCASE("one belief still differs from the code") {
        Marchworld w(params(3, 2, 0.5, 0.5), 1, 0);
        w.set_state({1, -1, 1}, {1, 1, 1}, {1, 1, 1,   1, 1, 0});
        CHECK_FALSE(w.absorbed());
    }
    SUBCASE("someone beats the code where it is blank") {
        Marchworld w(params(3, 2, 0.5, 0.5), 1, 0);
        w.set_state({1, -1, 1}, {1, 0, 1}, {1, -1, 1,   1, 0, 1});
        CHECK_FALSE(w.absorbed());
    }
    SUBCASE("p2 = 0: superior people cannot move the code") {
        Marchworld w(params(3, 2, 0.5, 0.0), 1, 0);
        w.set_state({1, -1, 1}, {1, 0, 1}, {1, -1, 1,   1, 0, 1});
        CHECK(w.absorbed());
    }
    SUBCASE("turnover or turbulence keep the state open") {
        Marchworld a(params(3, 2, 0.5, 0.5, 0.01, 0.0), 1, 0);
        a.set_state({1, -1, 1}, {1, 1, 1}, {1, 1, 1,   1, 1, 1});
        CHECK_FALSE(a.absorbed());
        Marchworld b(params(3, 2, 0.5, 0.5, 0.0, 0.01), 1, 0);
        b.set_state({1, -1, 1}, {1, 1, 1}, {1, 1, 1,   1, 1, 1});
        CHECK_FALSE(b.absorbed());
    }
    SUBCASE("an absorbed run never changes again") {
        for (std::uint64_t r = 0; r < 20; ++r) {
            Marchworld w(params(30, 50, 0.3, 0.7), 9, r);
            int guard = 0;
            while (!w.absorbed() && guard++ < 100000) w.step();
            REQUIRE(w.absorbed());
            const auto code = code_of(w);
            const auto beliefs = beliefs_of(w);
            for (int t = 0; t < 30; ++t) w.step();
            CHECK(code_of(w) == code);
            CHECK(beliefs_of(w) == beliefs);
        }
    }
}

TEST_CASE("runs: to absorption without turnover, to the horizon with it") {
    March1991 p = params(30, 50, 0.5, 0.5);
    const auto eq = run_march1991(p, 5, 1, 0);  // until_equilibrium: past the horizon
    CHECK(eq.absorbed);
    CHECK(int(eq.code_knowledge.size()) == eq.periods + 1);
    CHECK(eq.code_at(eq.periods + 1000) == eq.code_knowledge.back());
    CHECK(eq.code_knowledge.front() == 0.0);

    p.until_equilibrium = false;
    const auto capped = run_march1991(p, 3, 1, 0);
    CHECK(capped.periods <= 3);
    for (int t = 0; t <= capped.periods; ++t) CHECK(capped.code_knowledge[std::size_t(t)] == eq.code_knowledge[std::size_t(t)]);

    p.p3 = 0.1;
    const auto turnover = run_march1991(p, 40, 1, 0);
    CHECK_FALSE(turnover.absorbed);
    CHECK(turnover.periods == 40);
    CHECK(turnover.code_knowledge.size() == 41);
}

TEST_CASE("bad parameters are refused") {
    CHECK_THROWS_AS(Marchworld(params(0, 5, 0.1, 0.1), 1, 0), std::invalid_argument);
    CHECK_THROWS_AS(Marchworld(params(5, 5, 1.5, 0.1), 1, 0), std::invalid_argument);
    Marchworld w(params(2, 2, 0.1, 0.1), 1, 0);
    CHECK_THROWS_AS(w.set_state({1, 1}, {0}, {0, 0, 0, 0}), std::invalid_argument);
    CHECK_THROWS_AS(w.set_state({1, 0}, {0, 0}, {0, 0, 0, 0}), std::invalid_argument);
    CHECK_THROWS_AS(w.set_state({1, 1}, {0, 2}, {0, 0, 0, 0}), std::invalid_argument);
}
