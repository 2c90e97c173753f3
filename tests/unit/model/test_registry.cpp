// The parameter registry: paths, round trips, overrides and their validation.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <algorithm>
#include <filesystem>
#include <map>

#include "model/diagnostics.hpp"
#include "model/loader.hpp"
#include "model/registry.hpp"
#include "model/suggest.hpp"
#include "orgforces/source_dir.hpp"
#include "model_support.hpp"

using namespace orgforces::model;
using namespace orgforces::model::testing;

namespace {

const Scenario& flagship() {
    static const Scenario s =
        load_scenario_file(std::filesystem::path(ORGFORCES_SOURCE_DIR) / "scenarios/innovation-in-a-keeping-org.yaml");
    return s;
}

/// A valid value near the current one, different from it.
double nearby(const Param& p) {
    if (p.kind == ParamKind::Toggle) return p.value != 0.0 ? 0.0 : 1.0;
    const double step = p.kind == ParamKind::Integer ? 1.0 : 0.01;
    return p.value + step <= p.max ? p.value + step : p.value - step;
}

bool follows(const std::string& path, const std::string& changed, const Scenario& s) {
    const auto ends_with = [](const std::string& a, const std::string& b) {
        return a.size() >= b.size() && a.compare(a.size() - b.size(), b.size(), b) == 0;
    };
    if (changed == "organization.peer_conformity" && ends_with(path, ".peer_conformity")) {
        const std::string team = path.substr(6, path.size() - 6 - std::string(".peer_conformity").size());
        const int t = s.team_index(team);
        return t >= 0 && !s.teams[static_cast<std::size_t>(t)].peer_conformity;
    }
    if (ends_with(changed, ".prevalence") && path == changed.substr(0, changed.size() - 11) + ".initial_code") {
        const int w = s.water_index(changed.substr(7, changed.size() - 7 - 11));
        return w >= 0 && !s.water[static_cast<std::size_t>(w)].initial_code;
    }
    return false;
}

}  // namespace

TEST_CASE("the registry names the documented paths") {
    for (const char* path : {"teams.frontier.shielding", "forces.quarterly-okrs.strength",
                             "forces.engineering-culture.enabled", "forces.engineering-culture.depth",
                             "forces.engineering-culture.socialization",
                             "ventures.self-serve-insights.base_hazard", "organization.noise",
                             "forces.quarterly-okrs.reaches.frontier", "forces.quarterly-okrs.reviews.1.harshness",
                             "teams.frontier.hiring.external_fraction", "commons.mingling"}) {
        CAPTURE(path);
        CHECK_NOTHROW((void)find_parameter(flagship(), path));
    }
    const Param p = find_parameter(flagship(), "teams.frontier.shielding");
    CHECK(p.value == 0.3);
    CHECK(p.min == 0.0);
    CHECK(p.max == 1.0);
    CHECK(p.group == "team");
    CHECK(!p.description.empty());
}

TEST_CASE("paths are unique and every current value lies in its range") {
    const auto params = parameters(flagship());
    std::map<std::string, int> seen;
    for (const auto& p : params) {
        CAPTURE(p.path);
        CHECK(++seen[p.path] == 1);
        CHECK(p.value >= p.min);
        CHECK(p.value <= p.max);
    }
}

TEST_CASE("every path round-trips: set a valid value, read it back, nothing else changes") {
    const auto before = parameters(flagship());
    for (const auto& p : before) {
        CAPTURE(p.path);
        const double v = nearby(p);
        Scenario changed;
        try {
            changed = apply_overrides(flagship(), {Override{p.path, v, {}}});
        } catch (const ScenarioError& e) {
            FAIL(std::string(e.what()));
        }
        const auto after = parameters(changed);
        REQUIRE(after.size() == before.size());
        for (std::size_t i = 0; i < after.size(); ++i) {
            CAPTURE(after[i].path);
            CHECK(after[i].path == before[i].path);
            // Defaults that follow another value move with it: a team's unset peer conformity
            // is the organization's, a water force's unset initial code is its prevalence.
            if (follows(after[i].path, p.path, flagship())) continue;
            CHECK(after[i].value == (after[i].path == p.path ? v : before[i].value));
        }
    }
}

TEST_CASE("apply_overrides leaves the original untouched") {
    const Scenario copy = flagship();
    const Scenario changed = apply_overrides(flagship(), {Override{"teams.frontier.shielding", 0.7, {}}});
    CHECK(find_parameter(changed, "teams.frontier.shielding").value == 0.7);
    CHECK(find_parameter(flagship(), "teams.frontier.shielding").value == 0.3);
    CHECK(flagship().teams.back().shielding == copy.teams.back().shielding);
}

TEST_CASE("reach toggles take a team into and out of a force") {
    const Scenario out = apply_overrides(flagship(), {Override{"forces.quarterly-okrs.reaches.frontier", 0.0, {}}});
    CHECK(find_parameter(out, "forces.quarterly-okrs.reaches.frontier").value == 0.0);
    CHECK(find_parameter(out, "forces.quarterly-okrs.reaches.storage").value == 1.0);
    const Scenario back = apply_overrides(out, {Override{"forces.quarterly-okrs.reaches.frontier", 1.0, {}}});
    CHECK(find_parameter(back, "forces.quarterly-okrs.reaches.frontier").value == 1.0);
}

TEST_CASE("invalid overrides are refused with a reason") {
    CHECK(error_of([] { (void)apply_overrides(flagship(), {Override{"teams.frontier.shielding", 1.5, {}}}); })
              .find("out of range [0, 1]") != std::string::npos);
    CHECK(error_of([] { (void)apply_overrides(flagship(), {Override{"teams.frontier.size", 2.5, {}}}); })
              .find("whole number") != std::string::npos);
    CHECK(error_of([] { (void)apply_overrides(flagship(), {Override{"forces.engineering-culture.enabled", 0.5, {}}}); })
              .find("on or off") != std::string::npos);
    CHECK(error_of([] { (void)apply_overrides(flagship(), {Override{"teams.frontier.shielding", NAN, {}}}); })
              .find("finite") != std::string::npos);
    // Valid alone, but together the pulls on frontier overshoot: the result is validated.
    CHECK(error_of([] {
              (void)apply_overrides(flagship(), {Override{"forces.quarterly-okrs.strength", 0.4, {}},
                                                 Override{"teams.frontier.shielding", 0.0, {}}});
          }).find("sum to") != std::string::npos);
}

TEST_CASE("unknown paths get a did-you-mean") {
    const std::string e = error_of([] { (void)find_parameter(flagship(), "teams.fronteir.shielding"); });
    CHECK(e.find("did you mean 'teams.frontier.shielding'") != std::string::npos);
    const std::string f = error_of([] { (void)apply_overrides(flagship(), {Override{"forces.quarterly-okrs.strenght", 0.01, {}}}); });
    CHECK(f.find("did you mean 'forces.quarterly-okrs.strength'") != std::string::npos);
}

TEST_CASE("parse_override reads PATH=VALUE with numbers and switches") {
    CHECK(parse_override("teams.a.shielding=0.5").value == 0.5);
    CHECK(parse_override(" teams.a.shielding = 0.5 ").path == "teams.a.shielding");
    CHECK(parse_override("forces.x.enabled=off").value == 0.0);
    CHECK(parse_override("forces.x.enabled=ON").value == 1.0);
    CHECK(parse_override("forces.x.enabled=true").value == 1.0);
    CHECK(parse_override("forces.x.enabled=false").value == 0.0);
    CHECK(parse_override("teams.a.size=1e2").value == 100.0);
    for (const char* bad : {"teams.a.shielding", "=0.5", "teams.a.shielding=", "teams.a.shielding=abc",
                            "teams.a.shielding=0.5x", "teams.a.shielding=nan", "teams.a.shielding=inf"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS((void)parse_override(bad), ScenarioError);
    }
}

TEST_CASE("edit distance and suggestions") {
    CHECK(edit_distance("kitten", "sitting") == 3);
    CHECK(edit_distance("", "abc") == 3);
    CHECK(edit_distance("same", "same") == 0);
    CHECK(closest("strenght", {"strength", "target", "reach"}) == "strength");
    CHECK(closest("zzzzzz", {"strength", "target"}).empty());
    CHECK(did_you_mean("shieldin", {"shielding"}) == " (did you mean 'shielding'?)");
}

TEST_CASE("what-if variants and events are checked by applying them") {
    const std::string base =
        "horizon: 20\norganization:\n  units: [{name: eng}]\nteams:\n  - {name: a, unit: eng, size: 3}\n"
        "gravity:\n  - {name: g, target: {horizon: 0.1}, strength: 0.01}\n";
    CHECK_NOTHROW((void)load_scenario_text(base + "what_if:\n  - {name: w, set: {forces.g.strength: 0.02}}\n", "t.yaml"));
    const std::string e = error_of(
        [&] { (void)load_scenario_text(base + "what_if:\n  - {name: w, set: {forces.g.strength: 0.99, teams.a.leadership: 0.5}}\n", "t.yaml"); });
    CHECK(e.find("what-if 'w' makes the scenario invalid") != std::string::npos);
    CHECK(e.find("t.yaml:9:12") != std::string::npos);
}

TEST_CASE("a culture's level per unit is a parameter, and its reach says why it is not") {
    const Scenario reorg =
        load_scenario_file(std::filesystem::path(ORGFORCES_SOURCE_DIR) / "scenarios/reorganization.yaml");
    const std::string path = "forces.ship-it.unit_prevalence.payments";
    const Param p = find_parameter(reorg, path);
    CHECK(p.value == 0.8);
    CHECK(p.min == 0.0);
    CHECK(p.max == 1.0);
    CHECK(p.group == "water");
    const auto all = parameters(reorg);
    CHECK(std::count_if(all.begin(), all.end(), [&](const Param& q) { return q.path == path; }) == 1);
    const Scenario changed = apply_overrides(reorg, {Override{path, 0.3, {}}});
    CHECK(changed.water[0].unit_prevalence.at("payments") == 0.3);
    CHECK(reorg.water[0].unit_prevalence.at("payments") == 0.8);
    CHECK(error_of([&] { (void)apply_overrides(reorg, {Override{path, 1.5, {}}}); }).find("out of range [0, 1]") !=
          std::string::npos);
    // A unit the file gives no level of is not a parameter (its people hold the organization's).
    CHECK(error_of([&] { (void)find_parameter(reorg, "forces.ship-it.unit_prevalence.research"); })
              .find("unknown parameter") != std::string::npos);

    // reach: why not, and what of the force can be set instead.
    for (const char* bad : {"forces.ship-it.reach", "forces.ship-it.reach.units", "forces.ship-it.reach.teams.apps"}) {
        INFO(bad);
        const std::string e = error_of([&] { (void)apply_overrides(reorg, {Override{bad, 1.0, {}}}); });
        CHECK(e.find("reach is a set of units and teams, not a number") != std::string::npos);
        CHECK(e.find("swept") != std::string::npos);
        CHECK(e.find("unit_prevalence.payments") != std::string::npos);
        CHECK(e.find("socialization") != std::string::npos);
        CHECK(error_of([&] { (void)find_parameter(reorg, bad); }).find("not a number") != std::string::npos);
    }
    // A path that only looks like it keeps the did-you-mean.
    CHECK(error_of([&] { (void)find_parameter(reorg, "forces.ship-it.reaching"); }).find("unknown parameter") !=
          std::string::npos);
}
