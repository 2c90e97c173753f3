// Scoped culture and reviews, structural events and what-if events as the file states them: read,
// resolved, and refused with a position when they could not act (docs/scenario-format.md).
#include <doctest/doctest.h>

#include <functional>
#include <string>

#include "model/diagnostics.hpp"
#include "model/dynamics.hpp"
#include "model/loader.hpp"
#include "model/reach.hpp"
#include "model/registry.hpp"
#include "model_support.hpp"

using namespace orgforces::model;
using namespace orgforces::model::testing;

namespace {

const std::string kBase =
    "horizon: 100\n"
    "organization:\n"
    "  units: [{name: org}, {name: lab, parent: org}, {name: product, parent: org}, {name: apps, parent: product}]\n"
    "teams:\n"
    "  - {name: frontier, unit: lab, size: 5}\n"
    "  - {name: mobile, unit: apps, size: 5}\n"
    "  - {name: ledger, unit: product, size: 5}\n";

}  // namespace

TEST_CASE("scoped culture: reach and unit prevalence are read and resolved per team") {
    const auto s = load_scenario_text(kBase +
                                          "water:\n"
                                          "  - name: ship-it\n"
                                          "    prevalence: 0.5\n"
                                          "    reach: {units: [product], exclude_teams: [ledger]}\n"
                                          "    unit_prevalence: {product: 0.9}\n",
                                      "t.yaml");
    const auto scope = culture_scope(s, s.water[0]);
    CHECK(scope.reached == std::vector<bool>{false, true, false});
    CHECK(scope.prevalence[1] == 0.9);  // apps inherits product's level
    CHECK(scope.offset[1] == doctest::Approx(0.4));
    CHECK(scope.scoped);
    // Unstated starting levels take the level where the team is.
    const auto t = load_scenario_text(kBase +
                                          "water:\n"
                                          "  - {name: a, prevalence: 0.5, unit_prevalence: {lab: 0.2}}\n"
                                          "  - {name: b, prevalence: 0.3}\n",
                                      "t.yaml");
    CHECK(starting_assumption(t, culture_scope(t, t.water[0]), 0, 0) == 0.2);
    CHECK(starting_assumption(t, culture_scope(t, t.water[0]), 1, 0) == 0.5);
    CHECK(!culture_scope(t, t.water[1]).scoped);
}

TEST_CASE("scoped culture: an unknown unit is refused with its position and the known units") {
    const auto e = error_of([] {
        (void)load_scenario_text(kBase + "water:\n  - {name: a, unit_prevalence: {labs: 0.2}}\n", "t.yaml");
    });
    CHECK(e.find("t.yaml:9:") != std::string::npos);
    CHECK(e.find("'labs'") != std::string::npos);
    CHECK(e.find("did you mean 'lab'") != std::string::npos);
    const auto r = error_of([] {
        (void)load_scenario_text(kBase + "water:\n  - {name: a, reach: {teams: [frontiers]}}\n", "t.yaml");
    });
    CHECK(r.find("unknown team 'frontiers'") != std::string::npos);
}

TEST_CASE("scoped reviews: a review's reach is read and checked") {
    const auto s = load_scenario_text(
        kBase + "gravity:\n  - name: portfolio\n    target: {horizon: 0.2}\n    strength: 0.01\n"
                "    reviews:\n      - {every: 13, reach: {units: [product]}}\n      - {every: 52, reach: {exclude_units: [product]}}\n",
        "t.yaml");
    REQUIRE(s.gravity[0].reviews.size() == 2);
    CHECK(teams_reached(s, s.gravity[0].reviews[0].reach) == std::vector<bool>{false, true, true});
    CHECK(teams_reached(s, s.gravity[0].reviews[1].reach) == std::vector<bool>{true, false, false});
    const auto e = error_of([] {
        (void)load_scenario_text(kBase + "gravity:\n  - name: p\n    target: {horizon: 0.2}\n    strength: 0.01\n"
                                         "    reviews: [{every: 13, reach: {units: [prodct]}}]\n",
                                 "t.yaml");
    });
    CHECK(e.find("unknown unit 'prodct'") != std::string::npos);
}

TEST_CASE("structural events: move, replace_leader and layoff are read and applied in tick order") {
    const auto s = load_scenario_text(kBase +
                                          "events:\n"
                                          "  - {tick: 52, move: {team: frontier, to: product}}\n"
                                          "  - tick: 80\n"
                                          "    replace_leader: {team: frontier, leadership: 0.1, intent: {horizon: 0.3}, "
                                          "interim: 8, interim_leadership: 0.01}\n"
                                          "  - {tick: 90, set: {teams.ledger.size: 3}, layoff: newest}\n",
                                      "t.yaml");
    const auto v = scenario_versions(s);
    REQUIRE(v.size() == 5);
    CHECK(v[1].start == 52);
    CHECK(v[1].scenario.teams[0].unit == "product");
    CHECK(v[2].start == 80);
    CHECK(v[2].scenario.teams[0].leadership == 0.01);
    CHECK(v[2].scenario.teams[0].intent[0] == 0.3);
    CHECK(v[2].scenario.teams[0].leader_generation == 1);
    CHECK(v[3].start == 88);
    CHECK(v[3].scenario.teams[0].leadership == 0.1);
    CHECK(v[4].scenario.teams[2].size == 3);
    CHECK(v[4].scenario.teams[2].layoff == LayoffPolicy::Newest);
}

TEST_CASE("structural events: an event that could not act at its tick is refused with line:col") {
    const auto refused = [](const std::string& events) {
        return error_of([&] { (void)load_scenario_text(kBase + "events:\n" + events, "t.yaml"); });
    };
    // Moving a team to the unit it is already in at that tick.
    auto e = refused("  - {tick: 10, move: {team: ledger, to: product}}\n");
    CHECK(e.find("t.yaml:9:") != std::string::npos);
    CHECK(e.find("already belongs to unit 'product' at tick 10") != std::string::npos);
    // ... including after an earlier move took it there.
    e = refused("  - {tick: 10, move: {team: frontier, to: product}}\n  - {tick: 20, move: {team: frontier, to: product}}\n");
    CHECK(e.find("event at tick 20") != std::string::npos);
    // Unknown team and unit, with the known ones.
    e = refused("  - {tick: 10, move: {team: frontier, to: prod}}\n");
    CHECK(e.find("unknown unit 'prod'") != std::string::npos);
    CHECK(e.find("known: org, lab, product, apps") != std::string::npos);
    e = refused("  - {tick: 10, replace_leader: {team: frontiers}}\n");
    CHECK(e.find("unknown team 'frontiers'") != std::string::npos);
    // A layoff policy with no cut, an interim past the horizon, an event that changes nothing.
    e = refused("  - {tick: 10, set: {teams.ledger.size: 9}, layoff: newest}\n");
    CHECK(e.find("layoff 'newest' but the event cuts no team's size") != std::string::npos);
    e = refused("  - {tick: 90, replace_leader: {team: frontier, interim: 20}}\n");
    CHECK(e.find("outlasts the horizon") != std::string::npos);
    e = refused("  - {tick: 10, label: nothing}\n");
    CHECK(e.find("changes nothing") != std::string::npos);
    CHECK(e.find("t.yaml:9:") != std::string::npos);
    e = refused("  - {tick: 10, layoff: oldest, set: {teams.ledger.size: 3}}\n");
    CHECK(e.find("'oldest' is not one of") != std::string::npos);
}

TEST_CASE("what-if events: a variant's events join the scenario's and are checked like them") {
    const auto s = load_scenario_text(kBase +
                                          "what_if:\n"
                                          "  - name: director-leaves\n"
                                          "    events: [{tick: 40, replace_leader: {team: frontier, leadership: 0.01}}]\n",
                                      "t.yaml");
    REQUIRE(s.variants.size() == 1);
    const auto v = apply_variant(s, s.variants[0]);
    REQUIRE(v.events.size() == 1);
    CHECK(scenario_versions(v).back().scenario.teams[0].leadership == 0.01);
    CHECK(scenario_versions(s).size() == 1);  // the baseline keeps its own events
    const auto e = error_of([] {
        (void)load_scenario_text(kBase + "what_if:\n  - name: w\n    events: [{tick: 40, move: {team: frontier, to: lab}}]\n",
                                 "t.yaml");
    });
    CHECK(e.find("what-if 'w' event at tick 40") != std::string::npos);
    CHECK(e.find("already belongs") != std::string::npos);
}

namespace {

// kBase with a team declared empty until a split fills it.
const std::string kWithSpare = kBase + "  - {name: spare, unit: apps, size: 0}\n";

}  // namespace

TEST_CASE("merge and split: read, and applied to the declared sizes, hiring and ventures") {
    const auto s = load_scenario_text(kWithSpare +
                                          "ventures:\n"
                                          "  - {name: probe, team: frontier, stones: [{name: spike, kind: engineering}]}\n"
                                          "events:\n"
                                          "  - {tick: 20, split: {team: ledger, into: spare, size: 2, who: newest}}\n"
                                          "  - {tick: 52, merge: {teams: [frontier, mobile], into: mobile}}\n",
                                      "t.yaml");
    REQUIRE(s.events.size() == 2);
    REQUIRE(s.events[0].split);
    CHECK(s.events[0].split->who == LayoffPolicy::Newest);
    CHECK(s.events[0].split->pos.line == 12);
    REQUIRE(s.events[1].merge);
    CHECK(s.events[1].merge->teams == std::vector<std::string>{"frontier", "mobile"});
    const auto v = scenario_versions(s);
    REQUIRE(v.size() == 3);
    CHECK(v[1].regroupings.size() == 1);
    CHECK(v[1].scenario.teams[2].size == 3);
    CHECK(v[1].scenario.teams[3].size == 2);
    const Team& gone = v[2].scenario.teams[0];
    CHECK(gone.size == 0);
    CHECK(gone.absorbed_into == "mobile");
    CHECK(!gone.hiring.replace_leavers);
    CHECK(v[2].scenario.teams[1].size == 10);
    CHECK(v[2].scenario.teams[1].unit == "apps");  // the merged team keeps into's unit
    CHECK(v[2].scenario.ventures[0].team == "mobile");
    CHECK(v[0].regroupings.empty());
}

TEST_CASE("merge and split: refused with line:col when they could not act") {
    const auto refused = [](const std::string& events) {
        return error_of([&] { (void)load_scenario_text(kWithSpare + "events:\n" + events, "t.yaml"); });
    };
    auto e = refused("  - {tick: 10, merge: {teams: [frontiers], into: mobile}}\n");
    CHECK(e.find("t.yaml:10:") != std::string::npos);
    CHECK(e.find("unknown team 'frontiers'") != std::string::npos);
    CHECK(e.find("known: frontier, mobile, ledger, spare") != std::string::npos);
    e = refused("  - {tick: 10, merge: {teams: [mobile], into: mobile}}\n");
    CHECK(e.find("merge team 'mobile' into itself") != std::string::npos);
    CHECK(e.find("t.yaml:10:") != std::string::npos);
    e = refused("  - {tick: 10, split: {team: ledger, into: spare, size: 6}}\n");
    CHECK(e.find("moves 6 people out of 'ledger', which has 5 at tick 10") != std::string::npos);
    CHECK(e.find("t.yaml:10:") != std::string::npos);
    e = refused("  - {tick: 10, split: {team: ledger, into: mobile, size: 2}}\n");
    CHECK(e.find("split into 'mobile', which has 5 people at tick 10") != std::string::npos);
    e = refused("  - {tick: 10, split: {team: ledger, into: ledger, size: 2}}\n");
    CHECK(e.find("into itself") != std::string::npos);
    e = refused("  - {tick: 10, split: {team: ledger, into: spares, size: 2}}\n");
    CHECK(e.find("did you mean 'spare'") != std::string::npos);
    e = refused("  - {tick: 10, split: {team: ledger, into: spare, size: 2, who: oldest}}\n");
    CHECK(e.find("'oldest' is not one of") != std::string::npos);
    // A split fills the team once: a second split into it finds it no longer empty.
    e = refused("  - {tick: 10, split: {team: ledger, into: spare, size: 2}}\n"
                "  - {tick: 20, split: {team: mobile, into: spare, size: 2}}\n");
    CHECK(e.find("event at tick 20: split into 'spare', which has 2 people") != std::string::npos);
    // Events on a team a merge emptied before.
    e = refused("  - {tick: 10, merge: {teams: [frontier], into: mobile}}\n"
                "  - {tick: 30, replace_leader: {team: frontier, leadership: 0.1}}\n");
    CHECK(e.find("team 'frontier' was merged into 'mobile' before tick 30") != std::string::npos);
    CHECK(e.find("t.yaml:11:") != std::string::npos);
    e = refused("  - {tick: 10, merge: {teams: [frontier], into: mobile}}\n"
                "  - {tick: 30, set: {teams.frontier.size: 4}}\n");
    CHECK(e.find("was merged into 'mobile'") != std::string::npos);
    // A size set at the tick a merge moves the team's people; a merge at tick 0.
    e = refused("  - {tick: 10, merge: {teams: [frontier], into: mobile}}\n"
                "  - {tick: 10, set: {teams.mobile.size: 4}}\n");
    CHECK(e.find("at the tick a merge or split moves that team's people") != std::string::npos);
    e = refused("  - {tick: 0, merge: {teams: [frontier], into: mobile}}\n");
    CHECK(e.find("a merge or split at tick 0") != std::string::npos);
    // A team declared empty that nothing fills.
    const auto empty = error_of([] { (void)load_scenario_text(kWithSpare, "t.yaml"); });
    CHECK(empty.find("t.yaml:8:") != std::string::npos);
    CHECK(empty.find("team 'spare' is declared with size 0 and no event fills it") != std::string::npos);
    // ... but a size event fills it as well as a split.
    CHECK(error_of([] {
              (void)load_scenario_text(kWithSpare + "events:\n  - {tick: 10, set: {teams.spare.size: 3}}\n", "t.yaml");
          }).empty());
}
