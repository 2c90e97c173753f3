// Venture mechanisms driven directly through VentureBook with synthetic team ticks.

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "model/loader.hpp"
#include "sim/results_json.hpp"
#include "sim/venture_stats.hpp"
#include "viz/text_ventures.hpp"
#include "venture_fixture.hpp"

using namespace vtest;
using orgforces::sim::VentureStatus;

namespace {

/// An unsolvable venture `name` of `stones`, seen as `perceived`, whose framing starts the dormant
/// venture `into` of `into_stones`.
std::vector<orgforces::model::Venture> framing_pair(const std::string& name, orgforces::model::ProblemClass perceived,
                                                    std::vector<orgforces::model::SteppingStone> stones, const std::string& into,
                                                    std::vector<orgforces::model::SteppingStone> into_stones) {
    auto u = venture(name);
    u.problem_class = orgforces::model::ProblemClass::Unsolvable;
    u.perceived_class = perceived;
    u.stones = std::move(stones);
    u.framed_into = {into};
    auto f = venture(into);
    f.dormant = true;
    f.stones = std::move(into_stones);
    return {u, f};
}

/// Sixty ticks of a stepping-stone plan ("steps", five stones of 4) and a monolith ("mono", one
/// stone of 20) of equal effort under the same hazard.
orgforces::model::Scenario steps_and_monolith() {
    auto s = base_scenario(60);
    auto steps = venture("steps");
    steps.stones = chain("s", 5, 4.0, 2.0);
    steps.base_hazard = 0.03;
    auto mono = venture("mono");
    mono.stones = {stone("all", 20.0, 0.0)};
    mono.base_hazard = 0.03;
    s.ventures = {steps, mono};
    return s;
}

}  // namespace

TEST_CASE("stepping stones and a monolith of equal effort: same odds, different salvage") {
    auto s = steps_and_monolith();

    const auto all = run(s, 2000);
    orgforces::sim::EnsembleResult r;
    orgforces::sim::summarize_ventures(s, all, r);
    const auto* p_steps = r.find_scalar("steps", "p_success");
    const auto* p_mono = r.find_scalar("mono", "p_success");
    REQUIRE(p_steps);
    REQUIRE(p_mono);
    CHECK(std::abs(p_steps->value - p_mono->value) < 0.05);
    CHECK(p_steps->value == doctest::Approx(std::exp(-0.03 * 19)).epsilon(0.1));

    const auto* sal_steps = r.find_scalar("steps", "expected_salvage_given_failure");
    const auto* sal_mono = r.find_scalar("mono", "expected_salvage_given_failure");
    REQUIRE(sal_steps);
    REQUIRE(sal_mono);
    CHECK(sal_mono->value == 0.0);
    CHECK(sal_steps->value > 2.0);
    CHECK(sal_steps->lo > sal_mono->hi);

    // The first stone is the one most often done when the venture fails.
    const auto* first = r.find_scalar("steps/s0", "salvage_rank_value");
    const auto* last = r.find_scalar("steps/s4", "salvage_rank_value");
    REQUIRE(first);
    REQUIRE(last);
    CHECK(first->value > last->value);
}

TEST_CASE("independence 0 benefits are never promoted, independence 1 always once their stones are done") {
    auto s = base_scenario(80);
    for (double independence : {0.0, 1.0}) {
        auto v = venture(independence == 0.0 ? "tied" : "free");
        v.stones = chain("a", 3, 5.0, 1.0);
        v.base_hazard = 0.05;
        orgforces::model::SecondaryBenefit b;
        b.name = "library";
        b.value = 2.0;
        b.independence = independence;
        b.requires_stones = {"a0"};
        b.effort = 3.0;
        v.benefits = {b};
        s.ventures.push_back(v);
    }
    const auto all = run(s, 1500);
    int tied_failures = 0, free_failures = 0, free_ready = 0, arrived = 0, lost = 0;
    for (const auto& o : of(all, "tied")) {
        if (o.status != VentureStatus::Failed) continue;
        ++tied_failures;
        CHECK(o.promoted.empty());
        CHECK(o.recovery_ticks == -1);
    }
    for (const auto& o : of(all, "free")) {
        if (o.status != VentureStatus::Failed) continue;
        ++free_failures;
        const bool ready = std::find(o.done_stones.begin(), o.done_stones.end(), "a0") != o.done_stones.end();
        free_ready += ready ? 1 : 0;
        CHECK(o.promoted == (ready ? "library" : ""));
        // Promotion starts from the done stones and needs 3 more ticks of work, unless the
        // venture's hazard (0.05 per tick) ends it on the way, at the 2 ticks before it arrives.
        if (ready && o.end_tick + 3 <= s.horizon) {
            CHECK((o.recovery_ticks == 3 || o.recovery_ticks == -1));
            (o.recovery_ticks == 3 ? arrived : lost) += 1;
        }
    }
    const double p_lost = 1.0 - std::exp(-0.05 * 2);
    const double n = arrived + lost;
    CHECK(std::abs(lost / n - p_lost) < 4.0 * std::sqrt(p_lost * (1 - p_lost) / n));
    CHECK(tied_failures > 100);
    CHECK(free_ready > 100);
    CHECK(free_failures - free_ready > 100);
}

TEST_CASE("a harsh review kills illegible ventures more often than legible ones of equal progress") {
    auto s = base_scenario(40);
    orgforces::model::GravityForce okrs;
    okrs.name = "okrs";
    okrs.target = {std::nullopt, std::nullopt};
    okrs.reviews = {orgforces::model::Review{4, 0, 1.0, {}}};
    s.gravity.push_back(okrs);
    auto legible = venture("legible");
    legible.stones = chain("l", 10, 3.0, 0.0, 1.0);
    legible.planned_ticks = 30;
    auto illegible = venture("illegible");
    illegible.stones = chain("i", 10, 3.0, 0.0, 0.0);
    illegible.planned_ticks = 30;
    s.ventures = {legible, illegible};

    const auto all = run(s, 1000);
    const auto by_review = [](const orgforces::sim::VentureOutcome& o) { return o.failure_cause == "review"; };
    const double killed_legible = share(of(all, "legible"), by_review);
    const double killed_illegible = share(of(all, "illegible"), by_review);
    CHECK(killed_illegible > 0.9);
    CHECK(killed_legible < 0.5);

    // A fully shielded team is not reviewed at all.
    s.teams[0].shielding = 1.0;
    const auto shielded = run(s, 200);
    CHECK(share(of(shielded, "illegible"), by_review) == 0.0);
}

TEST_CASE("scoped reviews: each review has its own reach and cadence, and a team can be exempt") {
    // Two teams with the same illegible venture under one force that reaches both: a quarterly
    // review for unit "apps" and a yearly one for unit "core".
    auto s = base_scenario(40);
    s.organization.units = {{"apps", "", {}}, {"core", "", {}}};
    s.teams[0].unit = "apps";
    auto u = s.teams[0];
    u.name = "u";
    u.unit = "core";
    s.teams.push_back(u);
    orgforces::model::GravityForce portfolio;
    portfolio.name = "portfolio";
    portfolio.target = {std::nullopt, std::nullopt};
    orgforces::model::Review quarterly{13, 0, 1.0, {}};
    quarterly.reach.everyone = false;
    quarterly.reach.units = {"apps"};
    orgforces::model::Review yearly{52, 0, 1.0, {}};
    yearly.reach.everyone = false;
    yearly.reach.units = {"core"};
    portfolio.reviews = {quarterly, yearly};
    s.gravity.push_back(portfolio);
    auto a = venture("a");
    a.stones = chain("a", 10, 3.0, 0.0, 0.0);
    a.planned_ticks = 30;
    auto b = a;
    b.name = "b";
    b.team = "u";
    b.stones = chain("b", 10, 3.0, 0.0, 0.0);
    s.ventures = {a, b};
    const auto by_review = [](const orgforces::sim::VentureOutcome& o) { return o.failure_cause == "review"; };
    const auto all = run(s, 400);
    CHECK(share(of(all, "a"), by_review) > 0.9);   // reviewed at 13, 26 and 39
    CHECK(share(of(all, "b"), by_review) == 0.0);  // its first review would be at 52, past the horizon

    // A team excluded from every review is exempt, though the force still reaches it.
    s.gravity[0].reviews[0].reach.exclude_teams = {"t-a"};  // run() gives venture a its own copy of t
    CHECK(share(of(run(s, 200), "a"), by_review) == 0.0);
}

TEST_CASE("an unsolvable venture taken as solvable spirals without a trip-wire and is reframed with one") {
    auto s = base_scenario(60);
    s.ventures = framing_pair("tangle", orgforces::model::ProblemClass::Solvable, chain("u", 3, 5.0, 1.0), "framed",
                              chain("f", 2, 4.0, 1.0));
    s.ventures[0].spiral_rate = 0.3;

    const auto without = run(s, 50);
    for (const auto& o : of(without, "tangle")) {
        CHECK(o.status == VentureStatus::Running);
        CHECK(o.tripwire_tick == -1);
        CHECK(o.stones_done == 0);
        CHECK(o.spiral_effort == doctest::Approx(60.0));
    }
    for (const auto& o : of(without, "framed")) CHECK(o.status == VentureStatus::Dormant);

    s.teams[0].tripwire = orgforces::model::Tripwire{8, 3.0, 6};
    const auto with = run(s, 50);
    for (const auto& o : of(with, "tangle")) {
        CHECK(o.tripwire_tick > 0);
        CHECK(o.tripwire_tick <= 16);
        CHECK(o.spiral_effort == doctest::Approx(double(o.tripwire_tick)));
        // Framed, never solved: its own work ends when the framing does.
        CHECK(o.status == VentureStatus::Framed);
        CHECK(o.end_tick == o.tripwire_tick + 6);
        CHECK(o.value == 0.0);
        CHECK(o.stones_done == 0);
    }
    for (const auto& o : of(with, "framed")) CHECK(o.status == VentureStatus::Succeeded);
}

TEST_CASE("an unsolvable venture known to be unsolvable frames first and never succeeds") {
    auto s = base_scenario(40);
    s.ventures = framing_pair("known", orgforces::model::ProblemClass::Unsolvable, chain("u", 2, 2.0, 1.0), "part",
                              {stone("p", 4.0, 1.0)});
    s.ventures[0].value = 10.0;
    s.ventures[1].value = 3.0;
    const auto all = run(s, 20);
    for (const auto& o : of(all, "known")) {
        CHECK(o.status == VentureStatus::Framed);
        CHECK(o.end_tick == 6);  // the default framing time
        CHECK(o.spiral_effort == 0.0);
    }
    for (const auto& o : of(all, "part")) CHECK(o.end_tick == 10);
    orgforces::sim::EnsembleResult r;
    orgforces::sim::summarize_ventures(s, all, r);
    CHECK(r.find_scalar("known", "p_success")->value == 0.0);
    CHECK(r.find_scalar("known", "p_framed")->value == 1.0);
    CHECK(r.find_scalar("known", "expected_captured_value")->value == 3.0);
    CHECK(r.find_scalar("known", "expected_lost_value")->value == 7.0);
}

TEST_CASE("without a promoted failure the median recovery is undefined, shown as a dash") {
    auto s = base_scenario(30);
    auto v = venture("sure");
    v.stones = {stone("x", 5.0, 1.0)};
    orgforces::model::SecondaryBenefit b;
    b.name = "extra";
    b.value = 1.0;
    b.effort = 2.0;
    v.benefits = {b};
    s.ventures = {v};
    orgforces::sim::EnsembleResult r;
    r.info.replicates = 10;
    orgforces::sim::summarize_ventures(s, run(s, 10), r);
    const auto* rec = r.find_scalar("sure", "recovery_ticks_median");
    REQUIRE(rec);
    CHECK(rec->n == 0);
    CHECK(std::isnan(rec->value));
    const std::string json = orgforces::sim::to_json_text(r);
    const auto at = json.find("\"recovery_ticks_median\"");
    REQUIRE(at != std::string::npos);
    CHECK(json.substr(at, 80).find("\"value\": null") != std::string::npos);
    const std::string table = orgforces::viz::ventures_table(s, r);
    const auto row = table.find("median recovery");
    REQUIRE(row != std::string::npos);
    CHECK(table.substr(row, table.find('\n', row) - row).find('0') == std::string::npos);
}

TEST_CASE("a benefit without effort needs a quarter of the venture's stone effort") {
    const auto s = orgforces::model::load_scenario_text(R"(
horizon: 10
dimensions: [{name: a}]
organization: {name: o, units: [{name: u}], baseline: {a: 0.5}}
teams: [{name: t, unit: u, size: 2, intent: {a: 0.5}}]
ventures:
  - name: v
    team: t
    stones: [{name: s1, effort: 30}, {name: s2, effort: 10}]
    benefits: [{name: b1, requires: [s1]}, {name: b2, effort: 3}]
)",
                                                        "benefit.yaml");
    REQUIRE(s.ventures.size() == 1u);
    CHECK(s.ventures[0].benefits[0].effort == 10.0);
    CHECK(s.ventures[0].benefits[1].effort == 3.0);
}

TEST_CASE("a solvable venture taken as solved shows rework") {
    auto s = base_scenario(120);
    auto hasty = venture("hasty");
    hasty.perceived_class = orgforces::model::ProblemClass::Solved;
    hasty.rework_probability = 0.5;
    hasty.stones = chain("h", 5, 2.0, 1.0);
    auto careful = venture("careful");
    careful.stones = chain("c", 5, 2.0, 1.0);
    s.ventures = {hasty, careful};
    const auto all = run(s, 500);
    const auto reworked = [](const orgforces::sim::VentureOutcome& o) { return double(o.stones_reworked); };
    const auto end = [](const orgforces::sim::VentureOutcome& o) { return double(o.end_tick); };
    CHECK(mean(of(all, "hasty"), reworked) > 2.0);
    CHECK(mean(of(all, "careful"), reworked) == 0.0);
    CHECK(mean(of(all, "hasty"), end) > mean(of(all, "careful"), end) + 5.0);
    // Everything still ends well.
    CHECK(share(of(all, "hasty"), [](const auto& o) { return o.status == VentureStatus::Succeeded; }) > 0.95);
}

TEST_CASE("a solved problem taken as harder wastes effort but ends well") {
    auto s = base_scenario(120);
    auto right = venture("right");
    right.problem_class = orgforces::model::ProblemClass::Solved;
    right.perceived_class = orgforces::model::ProblemClass::Solved;
    right.stones = chain("r", 4, 4.0, 1.0);
    auto wary = right;
    wary.name = "wary";
    wary.perceived_class = orgforces::model::ProblemClass::Unsolvable;
    s.ventures = {right, wary};
    const auto all = run(s, 5);
    for (const auto& o : all) CHECK(o.status == VentureStatus::Succeeded);
    CHECK(of(all, "right")[0].end_tick < of(all, "wary")[0].end_tick);
}

TEST_CASE("a stone starts from a surviving idea of its kind: a culture filtering design ideas slows design work") {
    auto s = base_scenario(150);
    auto design = venture("design");
    design.stones = chain("d", 4, 5.0, 1.0, 0.5, "design");
    auto build = venture("build");
    build.stones = chain("b", 4, 5.0, 1.0, 0.5, "engineering");
    s.ventures = {design, build};
    const auto end = [](const orgforces::sim::VentureOutcome& o) { return double(o.end_tick); };

    // One surviving idea of each kind a tick keeps every stone supplied (each takes 5 ticks); a
    // filter letting a design idea through only every 10th tick makes each design stone wait.
    TeamView open_view;
    open_view.ideas = {1.0, 1.0};
    TeamView filtered;
    filtered.ideas = {0.1, 1.0};
    TeamView none;
    none.ideas = {0.0, 1.0};
    const auto open_run = run(s, 3, open_view);
    const auto filtered_run = run(s, 3, filtered);
    const auto starved = run(s, 3, none);
    CHECK(mean(of(open_run, "design"), end) == 20.0);
    CHECK(mean(of(filtered_run, "design"), end) > 2.0 * mean(of(open_run, "design"), end));
    CHECK(mean(of(filtered_run, "build"), end) == mean(of(open_run, "build"), end));
    for (const auto& o : of(starved, "design")) CHECK(o.status == VentureStatus::Running);
    for (const auto& o : of(starved, "design")) CHECK(o.stones_done == 0);
}

TEST_CASE("reuse from the commons shortens a second venture needing a stone already built") {
    auto s = reuse_pair(5.0);
    s.commons.graduation = 1;

    s.commons.mingling = 0.0;
    const auto alone = run(s, 20);
    s.commons.mingling = 1.0;
    const auto mingled = run(s, 20);
    for (const auto& o : of(alone, "second")) {
        CHECK(o.end_tick == 15);
        CHECK(o.stones_reused == 0);
    }
    for (const auto& o : of(mingled, "second")) {
        CHECK(o.end_tick < 10);
        CHECK(o.stones_reused == 1);
    }
    for (const auto& o : of(mingled, "first")) CHECK(o.stones_graduated == 1);
    for (const auto& o : of(alone, "first")) CHECK(o.stones_graduated == 0);
}

TEST_CASE("Kaplan-Meier of a constant-hazard venture matches exp(-h t) within its band") {
    auto s = base_scenario(40);
    auto v = venture("steady");
    v.base_hazard = 0.05;
    v.stones = {stone("never", 1e9, 0.0)};
    s.ventures = {v};
    const auto all = run(s, 3000);
    orgforces::sim::EnsembleResult r;
    orgforces::sim::summarize_ventures(s, all, r);
    const auto* curve = r.find_series("steady", "survival");
    REQUIRE(curve);
    REQUIRE(curve->ticks.size() == 41u);
    for (int t : {1, 5, 10, 20, 40}) {
        const double truth = std::exp(-0.05 * t);
        const auto& b = curve->ticks[std::size_t(t)];
        CHECK(b.ci_lo <= truth);
        CHECK(truth <= b.ci_hi);
        CHECK(b.ci_hi - b.ci_lo < 0.05);
    }
    for (const auto& o : all)
        if (o.status == VentureStatus::Failed) CHECK(o.failure_cause == "circumstances");
}

TEST_CASE("output character is the team's practice when the stones were built") {
    auto s = base_scenario(30);
    auto v = venture("v");
    v.stones = chain("x", 2, 3.0, 1.0);
    s.ventures = {v};
    TeamView view;
    view.practice = {0.2, 0.9};
    const auto all = run(s, 4, view);
    orgforces::sim::EnsembleResult r;
    orgforces::sim::summarize_ventures(s, all, r);
    const auto* rigor = r.find_scalar("v", "output_character:rigor");
    REQUIRE(rigor);
    CHECK(rigor->value == doctest::Approx(0.9));
    CHECK(r.find_scalar("v", "output_character:explore")->value == doctest::Approx(0.2));
}

TEST_CASE("misfit raises the hazard and is named as the cause") {
    auto s = base_scenario(40);
    auto v = venture("misfit");
    v.needs = {0.9, std::nullopt};
    v.fit_tolerance = 0.2;
    v.misfit_hazard = 0.1;
    v.base_hazard = 0.0;
    v.stones = {stone("x", 1e9, 0.0)};
    s.ventures = {v};
    TeamView view;
    view.practice = {0.3, 0.5};
    const auto all = run(s, 400, view);
    const double fit = std::exp(-0.6 * 0.6 / (2 * 0.04));
    const double expected_fail = 1.0 - std::exp(-0.1 * (1 - fit) * 40);
    const double failed = share(all, [](const auto& o) { return o.status == VentureStatus::Failed; });
    CHECK(failed == doctest::Approx(expected_fail).epsilon(0.1));
    for (const auto& o : all)
        if (o.status == VentureStatus::Failed) CHECK(o.failure_cause == "misfit");
}


TEST_CASE("the ventures table shows every venture side by side") {
    auto s = steps_and_monolith();
    orgforces::sim::EnsembleResult r;
    r.info.replicates = 200;
    orgforces::sim::summarize_ventures(s, run(s, 200), r);
    const std::string table = orgforces::viz::ventures_table(s, r);
    CHECK(table.find("P(success)") != std::string::npos);
    CHECK(table.find("E[salvage | failure]") != std::string::npos);
    // Both names on the header line, and the first stone among the top salvage stones.
    const std::string header = table.substr(table.find('\n') + 1);
    CHECK(header.substr(0, header.find('\n')).find("steps") != std::string::npos);
    CHECK(header.substr(0, header.find('\n')).find("mono") != std::string::npos);
    CHECK(table.find("s0 ") != std::string::npos);
    s.ventures.clear();
    CHECK(orgforces::viz::ventures_table(s, r).empty());
}

TEST_CASE("rebind takes new settings and reset returns to the scenario the book was built from") {
    auto s = base_scenario(40);
    auto v = venture("v");
    v.stones = {stone("x", 1e9, 0.0)};
    s.ventures = {v};
    auto harsh = s;
    harsh.ventures[0].base_hazard = 50.0;  // certain failure
    orgforces::sim::VentureBook book(s);
    std::vector<double> practice{0.5, 0.5};
    std::vector<orgforces::sim::TeamTick> teams(1);
    teams[0].mean_practice = practice.data();
    orgforces::sim::Rng rng(1, 0, orgforces::sim::StreamPurpose::Ventures);
    std::vector<orgforces::sim::VentureOutcome> out;
    book.step(1, teams, rng);
    book.rebind(harsh);
    book.step(2, teams, rng);
    book.collect(0, out);
    REQUIRE(out.size() == 1u);
    CHECK(out[0].status == VentureStatus::Failed);
    CHECK(out[0].end_tick == 2);
    book.reset();
    for (int t = 1; t <= 10; ++t) book.step(t, teams, rng);
    book.collect(1, out);
    CHECK(out[1].status == VentureStatus::Running);
}

TEST_CASE("effort is in person-ticks: more people finish sooner, lower capacity later") {
    auto s = base_scenario(60);
    auto v = venture("v");
    v.stones = {stone("x", 20.0, 1.0)};
    s.ventures = {v};
    TeamView four;
    four.headcount = 4;
    CHECK(run(s, 1, four)[0].end_tick == 5);
    four.capacity = 0.5;
    CHECK(run(s, 1, four)[0].end_tick == 10);
    TeamView nobody;
    nobody.headcount = 0;
    CHECK(run(s, 1, nobody)[0].status == VentureStatus::Running);
}

TEST_CASE("ventures of one team share its people") {
    auto s = base_scenario(60);
    auto a = venture("a");
    a.stones = {stone("x", 10.0, 1.0)};
    auto b = venture("b");
    b.stones = {stone("y", 10.0, 1.0)};
    s.ventures = {a, b};
    TeamView two;
    two.headcount = 2;
    for (const auto& o : run(s, 1, two)) CHECK(o.end_tick == 5);
    two.shared_team = true;
    for (const auto& o : run(s, 1, two)) CHECK(o.end_tick == 10);
}
