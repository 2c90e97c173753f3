// Errors that teach: an unknown name lists the valid ones, not only the closest.
#include <doctest/doctest.h>

#include <string>

#include "model/diagnostics.hpp"
#include "model/loader.hpp"

using namespace orgforces::model;

namespace {

std::string first_message(const std::string& text) {
    try {
        (void)load_scenario_text(text, "t.yaml");
    } catch (const ScenarioError& e) {
        return e.diagnostics().at(0).message;
    }
    return "";
}

const std::string kBase = "horizon: 20\norganization:\n  units: [{name: eng}, {name: ops-unit}]\n"
                          "teams:\n  - {name: alpha, unit: eng, size: 5}\n";

}  // namespace

TEST_CASE("messages: an unknown idea kind lists the kinds the scenario has") {
    const std::string m = first_message(kBase + "ventures:\n  - name: v\n    team: alpha\n    stones:\n"
                                                "      - {name: s1, kind: ops}\n");
    CHECK(m.find("unknown idea kind 'ops'") != std::string::npos);
    REQUIRE(m.find("; known: ") != std::string::npos);
    for (const char* kind : {"engineering", "design", "social", "research"})
        CHECK(m.find(kind, m.find("; known: ")) != std::string::npos);
}

TEST_CASE("messages: an unknown unit lists the units, a misspelt one also gets a suggestion") {
    const std::string m = first_message("horizon: 20\norganization:\n  units: [{name: eng}, {name: ops-unit}]\n"
                                        "teams:\n  - {name: alpha, unit: engg, size: 5}\n");
    CHECK(m.find("unknown unit 'engg' (did you mean 'eng'?)") != std::string::npos);
    CHECK(m.find("known: eng, ops-unit") != std::string::npos);
}

TEST_CASE("messages: a long list of valid names is cut after a dozen, saying how many more") {
    std::string text = "horizon: 20\norganization:\n  units:\n";
    for (int i = 0; i < 20; ++i) text += "    - {name: u" + std::to_string(i) + "}\n";
    text += "teams:\n  - {name: alpha, unit: nowhere, size: 5}\n";
    const std::string m = first_message(text);
    CHECK(m.find("known: u0, u1,") != std::string::npos);
    CHECK(m.find(", and 8 more") != std::string::npos);
}
