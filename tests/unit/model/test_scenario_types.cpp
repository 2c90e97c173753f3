#include <doctest/doctest.h>

#include <utility>

#include "model/diagnostics.hpp"
#include "model/scenario.hpp"

using namespace orgforces::model;

TEST_CASE("diagnostics are formatted as file:line:col") {
    CHECK(format(Diagnostic{{"a.yaml", 3, 7}, "bad"}) == "a.yaml:3:7: error: bad");
    CHECK(format(Diagnostic{{"a.yaml", 3, 0}, "bad"}) == "a.yaml:3: error: bad");
    CHECK(format(Diagnostic{{"", 0, 0}, "bad"}) == "<input>: error: bad");
}

TEST_CASE("scenario lookups find names and report -1 for unknown ones") {
    Scenario s;
    for (const auto& [name, size] : {std::pair{"a", 3}, std::pair{"b", 4}}) {
        Team t;
        t.name = name;
        t.size = size;
        s.teams.push_back(t);
    }
    CHECK(s.team_index("b") == 1);
    CHECK(s.team_index("c") == -1);
    CHECK(s.total_people() == 7);
}
