// The general loader and registry hand `classic: march1991` files to the classic.

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "model/diagnostics.hpp"
#include "model/loader.hpp"
#include "model/registry.hpp"
#include "orgforces/source_dir.hpp"

using namespace orgforces::model;

TEST_CASE("load_scenario_file reads the bundled classic") {
    const Scenario s = load_scenario_file((std::filesystem::path(ORGFORCES_SOURCE_DIR) / "scenarios/classics/march1991.yaml").string());
    REQUIRE(s.classic);
    CHECK(s.classic->people == 50);
    CHECK(s.teams.empty());
}

TEST_CASE("classic errors keep their positions through the general loader") {
    try {
        load_scenario_text("classic: march1991\nparameters:\n  p2: 7\n", "c.yaml");
        FAIL("expected a ScenarioError");
    } catch (const ScenarioError& e) {
        REQUIRE(e.diagnostics().size() == 1);
        CHECK(format(e.diagnostics()[0]) == "c.yaml:3:7: error: parameters.p2 7 is out of range [0, 1]");
    }
}

TEST_CASE("the registry lists classic.* and applies overrides to the classic") {
    const Scenario s = load_scenario_text("classic: march1991\n", "c.yaml");
    const auto params = parameters(s);
    CHECK(std::any_of(params.begin(), params.end(), [](const Param& p) { return p.path == "classic.p1"; }));
    CHECK(std::all_of(params.begin(), params.end(), [](const Param& p) { return p.path.rfind("classic.", 0) == 0; }));

    const Scenario t = apply_overrides(s, {parse_override("classic.p1=0.9"), parse_override("classic.people=20")});
    CHECK(t.classic->p1 == 0.9);
    CHECK(t.classic->people == 20);
    CHECK(s.classic->p1 == 0.1);  // the original is untouched

    CHECK_THROWS_AS(apply_overrides(s, {parse_override("classic.p1=1.5")}), ScenarioError);
    CHECK_THROWS_AS(apply_overrides(s, {parse_override("classic.people=2.5")}), ScenarioError);
    CHECK_THROWS_AS(apply_overrides(s, {parse_override("classic.p5=0.1")}), ScenarioError);
}
