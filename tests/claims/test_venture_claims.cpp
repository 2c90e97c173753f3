// Venture claims of docs/model.md's claims ledger. Each case runs two settings on common random
// numbers (the same seed) and checks the direction and a minimum size of the effect; the figures
// in the ledger are what these cases measure (printed with --success).

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "claims.hpp"
#include "sim/venture_stats.hpp"
#include "venture_fixture.hpp"

using namespace vtest;
using orgforces::sim::EnsembleResult;
using orgforces::sim::VentureOutcome;
using orgforces::sim::VentureStatus;
using orgforces::model::ProblemClass;

namespace {

EnsembleResult summary(const orgforces::model::Scenario& s, const std::vector<VentureOutcome>& all) {
    EnsembleResult r;
    r.info.replicates = 1;
    orgforces::sim::summarize_ventures(s, all, r);
    return r;
}

using orgforces::claims::scalar;

bool succeeded(const VentureOutcome& o) { return o.status == VentureStatus::Succeeded; }

// A stepping-stone plan and a monolith of the same effort (20) and value (10) under hazard h.
orgforces::model::Scenario plans(double hazard) {
    auto s = base_scenario(40);
    auto steps = venture("steps");
    steps.value = 10.0;
    steps.stones = chain("s", 5, 4.0, 1.5);
    steps.base_hazard = hazard;
    auto mono = venture("mono");
    mono.value = 10.0;
    mono.stones = {stone("all", 20.0, 0.0)};
    mono.base_hazard = hazard;
    s.ventures = {steps, mono};
    return s;
}

// An unsolvable goal worth 20, taken as solvable, that framing turns into a sub-problem worth 6.
orgforces::model::Scenario tangle(double spiral_rate) {
    auto s = base_scenario(60);
    auto u = venture("tangle");
    u.problem_class = ProblemClass::Unsolvable;
    u.perceived_class = ProblemClass::Solvable;
    u.value = 20.0;
    u.spiral_rate = spiral_rate;
    u.stones = chain("u", 3, 5.0, 0.0);
    u.framed_into = {"segment"};
    auto f = venture("segment");
    f.dormant = true;
    f.value = 6.0;
    f.stones = chain("f", 2, 4.0, 1.0);
    s.ventures = {u, f};
    return s;
}

// A failing venture with one benefit (value 5, always independent) that needs `effort` more work.
orgforces::model::Scenario promotable(double effort, double independence = 1.0) {
    auto s = base_scenario(120);
    auto v = venture("bet");
    v.value = 10.0;
    v.stones = chain("a", 3, 4.0, 1.0);
    v.stones.push_back(stone("z", 1e6, 0.0, {"a2"}));  // never finished: the bet fails
    v.base_hazard = 0.05;
    orgforces::model::SecondaryBenefit b;
    b.name = "library";
    b.value = 5.0;
    b.independence = independence;
    b.requires_stones = {"a0"};
    b.effort = effort;
    v.benefits = {b};
    s.ventures = {v};
    return s;
}

}  // namespace

TEST_CASE("claim: stepping stones leave salvage where a monolith of the same effort leaves nothing") {
    const auto s = plans(0.03);
    const auto r = summary(s, run(s, 1000));
    const double steps = scalar(r, "steps", "expected_salvage_given_failure");
    const double mono = scalar(r, "mono", "expected_salvage_given_failure");
    MESSAGE("E[salvage | failure]: stepping stones " << steps << ", monolith " << mono);
    CHECK(mono == 0.0);
    CHECK(steps > 2.0);
    CHECK(std::abs(scalar(r, "steps", "p_success") - scalar(r, "mono", "p_success")) < 0.05);
}

TEST_CASE("claim: volatility raises the worth of stepping stones over a monolith") {
    const auto gap = [](double hazard) {
        const auto s = plans(hazard);
        const auto r = summary(s, run(s, 1000));
        return scalar(r, "steps", "expected_total_value") - scalar(r, "mono", "expected_total_value");
    };
    const double calm = gap(0.005);
    const double volatile_ = gap(0.06);
    MESSAGE("E[total value] stepping stones minus monolith: hazard 0.005 " << calm << ", hazard 0.06 " << volatile_);
    CHECK(volatile_ > calm + 1.0);
}

TEST_CASE("claim: a secondary benefit can be promoted and its value counts") {
    const auto tied = promotable(6.0, 0.0);
    const auto free = promotable(6.0, 1.0);
    const auto r_tied = summary(tied, run(tied, 600));
    const auto r_free = summary(free, run(free, 600));
    const double p = scalar(r_free, "bet", "p_promotable_given_failure");
    const double gain = scalar(r_free, "bet", "expected_total_value") - scalar(r_tied, "bet", "expected_total_value");
    MESSAGE("P(promotable | failure) " << p << "; E[total value] gain from the benefit " << gain);
    CHECK(scalar(r_tied, "bet", "p_promotable_given_failure") == 0.0);
    CHECK(p > 0.7);  // the benefit's stone is done unless the bet fails in its first 4 ticks
    CHECK(gain > 2.5);  // of its value 5, less what its own hazard takes
}

TEST_CASE("claim: a promoted benefit is a venture of its own, with its own hazard and reviews") {
    auto s = promotable(20.0);
    const auto safe = summary(s, run(s, 600));
    s.ventures[0].base_hazard = 0.1;
    const auto risky = summary(s, run(s, 600));
    const double p_safe = scalar(safe, "bet", "p_recovered_given_promoted");
    const double p_risky = scalar(risky, "bet", "p_recovered_given_promoted");
    MESSAGE("P(benefit arrives | promoted): hazard 0.05 " << p_safe << ", hazard 0.1 " << p_risky);
    CHECK(p_safe < 0.5);  // exp(-0.05 * 20) = 0.37 of promoted benefits arrive
    CHECK(p_safe == doctest::Approx(std::exp(-0.05 * 19)).epsilon(0.2));
    CHECK(p_risky < p_safe - 0.15);

    // A harsh review looks at it as at any venture: no legible progress until its first value.
    auto reviewed = promotable(20.0);
    reviewed.ventures[0].base_hazard = 0.05;
    reviewed.ventures[0].planned_ticks = 200;  // the primary is not late; only the benefit is judged
    orgforces::model::GravityForce okrs;
    okrs.name = "okrs";
    okrs.target = {std::nullopt, std::nullopt};
    okrs.reviews = {orgforces::model::Review{4, 0, 1.0, {}}};
    reviewed.gravity.push_back(okrs);
    const auto rr = summary(reviewed, run(reviewed, 600));
    const double p_reviewed = scalar(rr, "bet", "p_recovered_given_promoted");
    MESSAGE("P(benefit arrives | promoted) under quarterly harsh reviews " << p_reviewed);
    CHECK(p_reviewed < p_safe - 0.1);
}

TEST_CASE("claim: recovery takes longer the more is left to build") {
    auto small = promotable(4.0);
    auto large = promotable(16.0);
    small.ventures[0].base_hazard = large.ventures[0].base_hazard = 0.02;
    const auto rs = summary(small, run(small, 600));
    const auto rl = summary(large, run(large, 600));
    const double a = scalar(rs, "bet", "recovery_ticks_median");
    const double b = scalar(rl, "bet", "recovery_ticks_median");
    MESSAGE("median recovery: 4 person-ticks left " << a << ", 16 left " << b);
    CHECK(a == 4.0);
    CHECK(b == 16.0);
}

TEST_CASE("claim: each misclassification of a problem has its own cost") {
    auto s = base_scenario(200);
    auto right = venture("right");
    right.stones = chain("r", 4, 4.0, 1.0);
    auto hasty = right;  // solvable taken as solved: wrong answers, rework
    hasty.name = "hasty";
    hasty.perceived_class = ProblemClass::Solved;
    hasty.rework_probability = 0.5;
    auto wary = right;  // solvable taken as unsolvable: exploration it does not need
    wary.name = "wary";
    wary.perceived_class = ProblemClass::Unsolvable;
    auto lost = right;  // unsolvable taken as solvable: a spiral
    lost.name = "lost";
    lost.problem_class = ProblemClass::Unsolvable;
    s.ventures = {right, hasty, wary, lost};
    const auto all = run(s, 300);
    const auto end = [](const VentureOutcome& o) { return double(o.end_tick); };
    const double t_right = mean(of(all, "right"), end);
    const double t_hasty = mean(of(all, "hasty"), end);
    const double t_wary = mean(of(all, "wary"), end);
    const double spiral = mean(of(all, "lost"), [](const VentureOutcome& o) { return o.spiral_effort; });
    MESSAGE("ticks to success: right " << t_right << ", taken as solved " << t_hasty << ", taken as unsolvable "
                                       << t_wary << "; unsolvable taken as solvable spirals " << spiral << " person-ticks");
    CHECK(t_hasty > t_right + 4.0);
    CHECK(t_wary == 2.0 * t_right);
    CHECK(share(of(all, "lost"), succeeded) == 0.0);
    CHECK(spiral == doctest::Approx(200.0));
}

TEST_CASE("claim: framing navigates an unsolvable problem and never solves it") {
    auto s = tangle(0.5);
    const auto without = run(s, 400);
    s.teams[0].tripwire = orgforces::model::Tripwire{6, 3.0, 4};
    const auto with = run(s, 400);
    const auto r0 = summary(s, without);
    const auto r1 = summary(s, with);
    for (const auto* all : {&without, &with}) CHECK(share(of(*all, "tangle"), succeeded) == 0.0);
    CHECK(scalar(r1, "tangle", "p_success") == 0.0);
    CHECK(scalar(r1, "tangle", "expected_value") == 0.0);
    const double captured0 = scalar(r0, "tangle", "expected_captured_value");
    const double captured1 = scalar(r1, "tangle", "expected_captured_value");
    const double lost1 = scalar(r1, "tangle", "expected_lost_value");
    MESSAGE("captured of 20: no trip-wire " << captured0 << ", with one " << captured1 << " (lost " << lost1 << ")");
    CHECK(captured0 == 0.0);
    CHECK(captured1 > 5.0);   // the sub-problem's 6 in nearly every run
    CHECK(captured1 <= 6.0);  // never more than the sub-problems are worth
    CHECK(lost1 >= 14.0);
    CHECK(scalar(r1, "tangle", "p_framed") > 0.95);
}

TEST_CASE("claim: the trip-wire's detection depends on its threshold and on the spiral's speed") {
    const auto delay = [](double growth, double rate) {
        auto s = tangle(rate);
        s.teams[0].tripwire = orgforces::model::Tripwire{6, growth, 4};
        const auto r = summary(s, run(s, 400));
        return scalar(r, "tangle", "tripwire_detection_ticks");
    };
    const double low = delay(1.5, 0.5), high = delay(10.0, 0.5), fast = delay(10.0, 2.0);
    MESSAGE("mean detection: growth 1.5 " << low << ", growth 10 " << high << " ticks; growth 10 on a spiral 4x faster "
                                          << fast);
    CHECK(high > low + 2.0);
    CHECK(fast < high - 2.0);
}

TEST_CASE("claim: a low trip-wire threshold raises false alarms on solvable work, which cost framing time") {
    auto s = base_scenario(150);
    auto work = venture("work");
    work.stones = chain("w", 4, 10.0, 1.0);
    s.ventures = {work};
    const auto plain = run(s, 400);
    s.teams[0].tripwire = orgforces::model::Tripwire{6, 1.5, 5};
    const auto jumpy = run(s, 400);
    s.teams[0].tripwire = orgforces::model::Tripwire{6, 10.0, 5};
    const auto calm = run(s, 400);
    const double p_jumpy = scalar(summary(s, jumpy), "work", "p_false_alarm");
    const double p_calm = scalar(summary(s, calm), "work", "p_false_alarm");
    const auto end = [](const VentureOutcome& o) { return double(o.end_tick); };
    const double cost = mean(jumpy, end) - mean(plain, end);
    MESSAGE("false alarms: growth 1.5 " << p_jumpy << ", growth 10 " << p_calm << "; mean delay from them " << cost);
    CHECK(p_jumpy > 0.5);
    CHECK(p_calm < 0.1);
    CHECK(cost > 0.5 * 5.0 * p_jumpy);
}

TEST_CASE("claim: mingling drives reuse") {
    auto s = reuse_pair(8.0);
    const auto reuse = [&](double mingling) {
        s.commons.mingling = mingling;
        return scalar(summary(s, run(s, 400)), "second", "stones_reused");
    };
    const double none = reuse(0.0), some = reuse(0.3);
    MESSAGE("stones reused per run: mingling 0 " << none << ", mingling 0.3 " << some);
    CHECK(none == 0.0);
    CHECK(some > 0.5);
}

TEST_CASE("claim: a seed graduates by reuse and then everyone takes it") {
    // Two early ventures may reuse "auth"; a late one needs it too. Once "auth" is core, the late
    // venture takes it at once instead of waiting on a chance encounter.
    auto s = base_scenario(60);
    s.commons.mingling = 0.05;
    auto first = venture("first");
    first.stones = {stone("auth", 3.0, 1.0)};
    s.ventures.push_back(first);
    for (const char* name : {"early-a", "early-b", "late"}) {
        auto v = venture(name);
        auto login = stone("login", 12.0, 1.0, {"ui"});
        login.provides = "auth";
        v.stones = {stone("ui", 10.0, 1.0), login};
        if (std::string(name) == "late") v.start = 25;
        s.ventures.push_back(v);
    }
    const auto late_reuse = [&](int graduation) {
        s.commons.graduation = graduation;
        const auto all = run(s, 600);
        return share(of(all, "late"), [](const VentureOutcome& o) { return o.stones_reused > 0; });
    };
    const double graduates = late_reuse(1), never = late_reuse(100);
    MESSAGE("late venture reuses auth: graduation after 1 reuse " << graduates << ", never graduates " << never);
    CHECK(graduates > never + 0.2);
}

TEST_CASE("claim: reviews cut illegible long-horizon work") {
    auto s = base_scenario(60);
    auto legible = venture("legible");
    legible.stones = chain("l", 10, 4.0, 0.0, 1.0);
    legible.planned_ticks = 40;
    auto illegible = venture("illegible");
    illegible.stones = chain("i", 10, 4.0, 0.0, 0.0);
    illegible.planned_ticks = 40;
    s.ventures = {legible, illegible};
    const auto without = run(s, 400);
    orgforces::model::GravityForce okrs;
    okrs.name = "okrs";
    okrs.target = {std::nullopt, std::nullopt};
    okrs.reviews = {orgforces::model::Review{13, 0, 0.8, {}}};
    s.gravity.push_back(okrs);
    const auto with = run(s, 400);
    const double drop_illegible = share(of(without, "illegible"), succeeded) - share(of(with, "illegible"), succeeded);
    const double drop_legible = share(of(without, "legible"), succeeded) - share(of(with, "legible"), succeeded);
    MESSAGE("P(success) lost to quarterly reviews: illegible " << drop_illegible << ", legible " << drop_legible);
    CHECK(drop_illegible > 0.3);
    CHECK(drop_illegible > drop_legible + 0.3);
}
