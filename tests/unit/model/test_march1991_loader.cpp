// Loading `classic: march1991` files and the classic's registry paths.

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "model/diagnostics.hpp"
#include "model/march1991_loader.hpp"
#include "orgforces/source_dir.hpp"

using namespace orgforces::model;

namespace {

std::string read(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::vector<Diagnostic> problems_of(const std::string& text) {
    try {
        load_march1991(text, "m.yaml");
    } catch (const ScenarioError& e) {
        return e.diagnostics();
    }
    return {};
}

}  // namespace

TEST_CASE("the bundled scenario loads with the paper's defaults") {
    const std::string path = (std::filesystem::path(ORGFORCES_SOURCE_DIR) / "scenarios/classics/march1991.yaml").string();
    const Scenario s = load_march1991(read(path), path);
    REQUIRE(s.classic.has_value());
    CHECK(s.classic->dimensions == 30);
    CHECK(s.classic->people == 50);
    CHECK(s.replicates >= 1000);
    CHECK(s.horizon > 0);
    CHECK(s.name == "March 1991");
    CHECK(s.source_path == path);
    CHECK(check_march1991(*s.classic, SourcePos{}).empty());
}

TEST_CASE("values are read into the parameters") {
    const Scenario s = load_march1991(
        "classic: march1991\nhorizon: 40\nseed: 9\nreplicates: 12\n"
        "parameters:\n  dimensions: 70\n  people: 11\n  p1: 0.25\n  p2: 0.75\n  p3: 0.01\n  p4: 0.02\n"
        "  fast_share: 0.5\n  p1_fast: 0.8\n  p1_slow: 0.2\n  until_equilibrium: off\n",
        "m.yaml");
    REQUIRE(s.classic);
    const March1991& p = *s.classic;
    CHECK(s.horizon == 40);
    CHECK(s.seed == 9);
    CHECK(s.replicates == 12);
    CHECK(p.dimensions == 70);
    CHECK(p.people == 11);
    CHECK(p.p1 == 0.25);
    CHECK(p.p2 == 0.75);
    CHECK(p.p3 == 0.01);
    CHECK(p.p4 == 0.02);
    CHECK(p.fast_share == 0.5);
    CHECK(p.p1_fast == 0.8);
    CHECK(p.p1_slow == 0.2);
    CHECK_FALSE(p.until_equilibrium);
    CHECK(s.name == "m.yaml");  // no name: the file name
}

TEST_CASE("errors point at file:line:col and explain") {
    SUBCASE("out of range") {
        const auto d = problems_of("classic: march1991\nparameters:\n  p1: 1.5\n");
        REQUIRE(d.size() == 1);
        CHECK(format(d[0]) == "m.yaml:3:7: error: parameters.p1 1.5 is out of range [0, 1]");
    }
    SUBCASE("misspelled parameter, with a suggestion") {
        const auto d = problems_of("classic: march1991\nparameters:\n  p1_fats: 0.5\n");
        REQUIRE(d.size() == 1);
        CHECK(d[0].pos.line == 3);
        CHECK(d[0].pos.column == 3);
        CHECK(d[0].message.find("did you mean 'p1_fast'") != std::string::npos);
    }
    SUBCASE("not a number, not whole, unknown top-level key: all reported at once") {
        const auto d = problems_of("classic: march1991\nhorizn: 5\nreplicates: 2.5\nparameters:\n  p2: lots\n");
        REQUIRE(d.size() == 3);
        CHECK(d[0].pos.line == 2);
        CHECK(d[0].message.find("did you mean 'horizon'") != std::string::npos);
        CHECK(d[1].pos.line == 3);
        CHECK(d[1].message.find("whole number") != std::string::npos);
        CHECK(d[2].pos.line == 5);
        CHECK(d[2].message.find("finite number") != std::string::npos);
    }
    SUBCASE("unknown classic") {
        const auto d = problems_of("classic: kauffman\n");
        REQUIRE(d.size() == 1);
        CHECK(d[0].pos.line == 1);
        CHECK(d[0].pos.column == 10);
    }
    SUBCASE("YAML syntax") {
        const auto d = problems_of("classic: march1991\nparameters: [1, 2\n");
        REQUIRE(d.size() == 1);
        CHECK(d[0].message.find("YAML syntax") == 0);
        CHECK(d[0].pos.line >= 2);
    }
    SUBCASE("people must be a whole number within limits") {
        const auto d = problems_of("classic: march1991\nparameters:\n  people: 0\n");
        REQUIRE(d.size() == 1);
        CHECK(d[0].message.find("out of range") != std::string::npos);
    }
    SUBCASE("not a map") {
        CHECK(problems_of("- 1\n- 2\n").size() == 1);
        CHECK(problems_of("classic: march1991\nparameters: 3\n").size() == 1);
    }
}

TEST_CASE("registry bindings name every parameter classic.<key> and write through") {
    March1991 p;
    auto bindings = march1991_bindings(p);
    CHECK(bindings.size() == march1991_keys().size());
    auto find = [&](const std::string& path) {
        return std::find_if(bindings.begin(), bindings.end(), [&](const auto& b) { return b.first.path == path; });
    };
    REQUIRE(find("classic.p1") != bindings.end());
    CHECK(find("classic.p1")->first.value == p.p1);
    CHECK(find("classic.p1")->first.max == 1.0);
    find("classic.p1")->second(0.7);
    find("classic.people")->second(80);
    find("classic.until_equilibrium")->second(0);
    CHECK(p.p1 == 0.7);
    CHECK(p.people == 80);
    CHECK_FALSE(p.until_equilibrium);
    CHECK(find("classic.people")->first.kind == ParamKind::Integer);
    CHECK(find("classic.until_equilibrium")->first.kind == ParamKind::Toggle);

    p.p2 = 2.0;
    const auto d = check_march1991(p, SourcePos{"--set", 0, 0});
    REQUIRE(d.size() == 1);
    CHECK(d[0].message.find("classic.p2") == 0);
}
