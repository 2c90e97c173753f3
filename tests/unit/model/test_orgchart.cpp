// Org-chart import: the CSV reader's positions, the scaffold passing check, the starter scenario.
#include <doctest/doctest.h>

#include <string>

#include "model/diagnostics.hpp"
#include "model/loader.hpp"
#include "model/orgchart.hpp"

using namespace orgforces::model;

namespace {

std::vector<Diagnostic> problems_of(const std::string& csv) {
    try {
        (void)read_org_chart(csv, "org.csv");
    } catch (const ScenarioError& e) {
        return e.diagnostics();
    }
    return {};
}

/// The first problem as "line:col: message" (or "" when the chart is accepted).
std::string first_problem(const std::string& csv) {
    const auto ds = problems_of(csv);
    if (ds.empty()) return "";
    return std::to_string(ds[0].pos.line) + ":" + std::to_string(ds[0].pos.column) + ": " + ds[0].message;
}

}  // namespace

TEST_CASE("orgchart: a chart with units, parents, leadership and intent becomes a scenario that loads") {
    const std::string csv =
        "team,unit,size,parent_unit,leadership,shielding,intent.horizon,intent.exploration\n"
        "Ledger Platform,Core Banking,12,Technology,0.05,0.2,0.7,0.6\n"
        "payments,Core Banking,20,Technology,,,0.3,0.2\n"
        "\"Web, Mobile\",Digital Channels,15,Technology,0.04,0,0.5,\n";
    const OrgChart chart = read_org_chart(csv, "org.csv");
    REQUIRE(chart.teams.size() == 3);
    CHECK(chart.teams[0].name == "ledger-platform");
    CHECK(chart.teams[0].label == "Ledger Platform");
    CHECK(chart.teams[2].name == "web-mobile");
    CHECK(chart.teams[1].leadership == std::nullopt);  // an empty cell keeps the default
    CHECK(chart.teams[2].intent.count("exploration") == 0);
    CHECK(chart.dimensions == std::vector<std::string>{"horizon", "exploration"});
    REQUIRE(chart.units.size() == 3);
    CHECK(chart.units[0].name == "technology");  // parents come before their children
    CHECK(chart.units[1].parent == "technology");

    const Scenario s = load_scenario_text(scaffold_scenario(chart, "org.csv"), "scaffold.yaml");
    REQUIRE(s.teams.size() == 3);
    CHECK(s.teams[0].size == 12);
    CHECK(s.teams[0].shielding == doctest::Approx(0.2));
    CHECK(s.teams[0].intent[0] == doctest::Approx(0.7));
    CHECK(s.teams[2].unit == "digital-channels");
    CHECK(s.dimensions.size() == 2);
    CHECK(s.total_people() == 47);
}

TEST_CASE("orgchart: without intent columns the scaffold uses the default dimensions and loads") {
    const OrgChart chart = read_org_chart("team,unit,size\r\na,x,3\r\nb,y,4\r\n", "org.csv");
    CHECK(chart.dimensions.empty());
    const Scenario s = load_scenario_text(scaffold_scenario(chart, "org.csv"), "scaffold.yaml");
    CHECK(s.dimensions.size() == 3);
    CHECK(s.total_people() == 7);
}

TEST_CASE("orgchart: the starter scenario loads and has a what-if to compare") {
    const Scenario s = load_scenario_text(starter_scenario(), "starter.yaml");
    CHECK(!s.teams.empty());
    CHECK(!s.gravity.empty());
    CHECK(!s.water.empty());
    CHECK(!s.variants.empty());
}

TEST_CASE("orgchart: bad charts are refused with the line and column of the problem") {
    CHECK(first_problem("") == "1:1: the org chart is empty: expected a header line with at least team,unit,size");
    CHECK(first_problem("team,unit\na,b\n").find("1:1: missing column 'size'") == 0);
    CHECK(first_problem("team,unit,size\na,x,3\nA,y,4\n") == "3:1: duplicate team 'a' (first at line 2)");
    CHECK(first_problem("team,unit,size\na,x,three\n") == "2:5: size 'three' is not a whole number of people");
    CHECK(first_problem("team,unit,size\na,x,0\n") == "2:5: size 0 is out of range [1, 20000]");
    CHECK(first_problem("team,unit,size,shielding\na,x,3,1.5\n") == "2:7: shielding 1.5 is out of range [0, 1]");
    CHECK(first_problem("team,unit,size\na,x\n") == "2:1: this line has 2 cells, the header has 3");
    CHECK(first_problem("team,unit,size,colour\na,x,3,red\n").find("1:16: unknown column 'colour'") == 0);
    CHECK(first_problem("team,unit,sise\n").find("1:11: unknown column 'sise' (did you mean 'size'?)") == 0);
    CHECK(first_problem("team,unit,size\n\"a,x,3\n") == "2:1: a quoted cell opened here is never closed");
    CHECK(first_problem("team,unit,size\na,x,3\x01\n") == "2:6: invalid UTF-8 or a control character; save the file as UTF-8 text");
    CHECK(first_problem("team,unit,size\n\xff,x,3\n").find("2:1: invalid UTF-8") == 0);
    CHECK(first_problem("team,unit,size\n!!!,x,3\n") == "2:1: team name '!!!' has no letter or digit to make a name from");
    CHECK(first_problem("team,unit,size\na,x,3\n").empty());
}

TEST_CASE("orgchart: a unit cycle is refused at the cell that closes it, and conflicting parents too") {
    const std::string cycle = "team,unit,size,parent_unit\na,x,3,y\nb,y,3,z\nc,z,3,x\n";
    const auto ds = problems_of(cycle);
    REQUIRE(ds.size() == 1);
    CHECK(ds[0].pos.line == 4);
    CHECK(ds[0].pos.column == 7);
    CHECK(ds[0].message == "units form a cycle: x -> y -> z -> x");

    CHECK(first_problem("team,unit,size,parent_unit\na,x,3,y\nb,x,3,z\n") ==
          "3:7: unit 'x' has parent 'z' here but 'y' at line 2");
    CHECK(first_problem("team,unit,size,parent_unit\na,x,3,x\n") == "2:7: unit 'x' cannot be its own parent");
}

TEST_CASE("orgchart: names become scenario names") {
    CHECK(to_scenario_name("Core Banking") == "core-banking");
    CHECK(to_scenario_name("  R&D / Labs  ") == "r-d-labs");
    CHECK(to_scenario_name("sre_east") == "sre_east");
    CHECK(to_scenario_name("---") == "");
    CHECK(to_scenario_name(std::string(100, 'a')).size() == 64);
}
