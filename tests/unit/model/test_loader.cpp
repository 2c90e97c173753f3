// The loader on the bundled scenarios and on the corpus of invalid scenarios in tests/invalid/.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "model/diagnostics.hpp"
#include "model/loader.hpp"
#include "model/schema.hpp"
#include "orgforces/source_dir.hpp"
#include "model_support.hpp"

using namespace orgforces::model;
using namespace orgforces::model::testing;
namespace fs = std::filesystem;

namespace {

const fs::path kSource = ORGFORCES_SOURCE_DIR;

std::vector<fs::path> files_in(const fs::path& dir) {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.is_regular_file() && e.path().extension() == ".yaml") out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<Diagnostic> diagnostics_of(const std::string& text, const std::string& origin = "t.yaml") {
    try {
        (void)load_scenario_text(text, origin);
    } catch (const ScenarioError& e) {
        return e.diagnostics();
    }
    return {};
}

bool mentions(const std::vector<Diagnostic>& ds, const std::string& fragment) {
    return std::any_of(ds.begin(), ds.end(), [&](const Diagnostic& d) { return d.message.find(fragment) != std::string::npos; });
}

}  // namespace

TEST_CASE("every bundled scenario loads and validates") {
    const auto files = files_in(kSource / "scenarios");
    REQUIRE(files.size() >= 6);
    for (const auto& f : files) {
        CAPTURE(f.string());
        Scenario s;
        try {
            s = load_scenario_file(f);
        } catch (const ScenarioError& e) {
            FAIL(std::string(e.what()));
        }
        CHECK(!s.teams.empty());
        CHECK(s.source_text.size() == fs::file_size(f));
        CHECK_NOTHROW(validate(s));
    }
}

TEST_CASE("the flagship has the shape the documentation promises") {
    const Scenario s = load_scenario_file(kSource / "scenarios/innovation-in-a-keeping-org.yaml");
    CHECK(s.horizon == 156);
    CHECK(s.teams.size() == 25);
    CHECK(s.total_people() >= 550);
    CHECK(s.total_people() <= 650);
    REQUIRE(s.team_index("frontier") >= 0);
    for (const char* force : {"quarterly-okrs", "annual-budgeting", "launch-promotion"}) CHECK(s.gravity_index(force) >= 0);
    CHECK(s.water_index("engineering-culture") >= 0);
    CHECK(!s.gravity[static_cast<std::size_t>(s.gravity_index("quarterly-okrs"))].reviews.empty());
    std::vector<std::string> variants;
    for (const auto& v : s.variants) variants.push_back(v.name);
    for (const char* v : {"exempt-from-okrs", "more-shielding", "hire-from-outside", "stronger-leadership"})
        CHECK(std::find(variants.begin(), variants.end(), v) != variants.end());
}

TEST_CASE("values land in the right fields, with defaults elsewhere") {
    const std::string text = kMinimal +
                             "    shielding: 0.25\n"
                             "    intent: {horizon: 0.9}\n"
                             "    tripwire: {window: 5}\n"
                             "gravity:\n"
                             "  - name: okrs\n"
                             "    target: {exploration: 0.1}\n"
                             "    strength: 0.01\n"
                             "    reach: {exclude_teams: [alpha]}\n"
                             "    schedule: {every: 13, duration: 2, multiplier: 2}\n";
    const Scenario s = load_scenario_text(text, "t.yaml");
    REQUIRE(s.teams.size() == 1);
    const Team& t = s.teams[0];
    CHECK(t.shielding == 0.25);
    REQUIRE(t.intent.size() == 3);
    CHECK(t.intent[0] == 0.9);
    CHECK(t.intent[1] == 0.5);  // baseline default
    REQUIRE(t.tripwire.has_value());
    CHECK(t.tripwire->window == 5);
    CHECK(t.tripwire->growth == Tripwire{}.growth);
    CHECK(t.leadership == Team{}.leadership);
    CHECK(t.pos.line == 6);
    const GravityForce& g = s.gravity[0];
    CHECK(!g.target[0].has_value());
    CHECK(g.target[1] == 0.1);
    CHECK(g.reach.everyone);
    CHECK(g.reach.exclude_teams == std::vector<std::string>{"alpha"});
    CHECK(g.schedule.every == 13);
    CHECK(g.schedule.multiplier == 2.0);
    CHECK(s.dimensions.size() == 3);
}

TEST_CASE("the invalid corpus: each file fails with its expected message at its expected position") {
    const auto files = files_in(kSource / "tests/invalid");
    REQUIRE(files.size() >= 30);
    const std::regex header(R"(^# expect: (\d+):(\d+): (.*)$)");
    for (const auto& f : files) {
        CAPTURE(f.filename().string());
        std::ifstream in(f);
        std::string first;
        std::getline(in, first);
        std::smatch m;
        REQUIRE(std::regex_match(first, m, header));
        const int line = std::stoi(m[1]);
        const int column = std::stoi(m[2]);
        const std::string fragment = m[3];
        std::vector<Diagnostic> ds;
        try {
            (void)load_scenario_file(f);
        } catch (const ScenarioError& e) {
            ds = e.diagnostics();
        }
        REQUIRE_MESSAGE(!ds.empty(), "the file was accepted");
        std::string all;
        for (const auto& d : ds) all += format(d) + "\n";
        CAPTURE(all);
        const bool found = std::any_of(ds.begin(), ds.end(), [&](const Diagnostic& d) {
            return d.pos.line == line && d.pos.column == column && d.message.find(fragment) != std::string::npos &&
                   d.pos.file == f.string();
        });
        CHECK(found);
    }
}

TEST_CASE("several errors are reported at once") {
    const std::string text = kMinimal +
                             "    sheilding: 0.5\n"
                             "gravity:\n"
                             "  - name: okrs\n"
                             "    target: {horizon: 0.1}\n"
                             "    strenght: 0.01\n";
    const auto ds = diagnostics_of(text);
    CHECK(ds.size() >= 3);  // two unknown keys and the missing strength
    CHECK(mentions(ds, "did you mean 'shielding'"));
    CHECK(mentions(ds, "did you mean 'strength'"));
    CHECK(mentions(ds, "missing the required key 'strength'"));
}

TEST_CASE("file size is checked before parsing") {
    std::string text = kMinimal + "# " + std::string(Limits::max_file_bytes, 'x') + "\n";
    const auto ds = diagnostics_of(text);
    REQUIRE(ds.size() == 1);
    CHECK(mentions(ds, "the limit is"));
}

TEST_CASE("deeply nested input is refused without recursion") {
    for (const std::string open : {"[", "{a: ", "- "}) {
        std::string text = "horizon: ";
        for (int i = 0; i < 5000; ++i) text += open == "- " ? std::string("\n") + std::string(static_cast<std::size_t>(i % 200), ' ') + "- " : open;
        const auto ds = diagnostics_of(text);
        CAPTURE(open);
        CHECK(mentions(ds, "nest"));
    }
}

TEST_CASE("alias bombs are refused") {
    std::string text = "a: &a [x, x]\n";
    for (int i = 0; i < 80; ++i) text += "b" + std::to_string(i) + ": *a\n";
    CHECK(mentions(diagnostics_of(text), "aliases"));
}

TEST_CASE("arbitrary bytes give diagnostics, never another exception") {
    const std::vector<std::string> inputs = {"\t\t\x01\x02", "{", "}", "[[[", "a: b: c", "horizon: !!binary x",
                                             "? [a]\n: b", "&a a: *a", "horizon: 1e999", std::string("\0\0\0", 3),
                                             "teams: {a: 1}", "teams: [[1]]", "organization: 3\nhorizon: 1\nteams: []"};
    for (const auto& text : inputs) {
        CAPTURE(text);
        CHECK_NOTHROW((void)diagnostics_of(text));
        CHECK(!diagnostics_of(text).empty());
    }
}

TEST_CASE("positions are 1-based line and column of the offending value") {
    const auto ds = diagnostics_of(kMinimal + "    shielding: 7\n");
    REQUIRE(ds.size() == 1);
    CHECK(ds[0].pos.file == "t.yaml");
    CHECK(ds[0].pos.line == 9);
    CHECK(ds[0].pos.column == 16);
}

TEST_CASE("validate checks a scenario built in code") {
    Scenario s;
    s.dimensions = {{"horizon", "a", "b"}};
    s.organization.baseline = {0.5};
    s.organization.idea_mix = {{"engineering", 1.0}};
    Unit eng;
    eng.name = "eng";
    s.organization.units = {eng};
    Team a;
    a.name = "a";
    a.unit = "eng";
    a.size = 3;
    a.intent = {0.4};
    s.teams.push_back(a);
    CHECK_NOTHROW(validate(s));
    s.teams[0].shielding = 2.0;
    s.teams[0].unit = "ops";
    try {
        validate(s);
        FAIL("accepted");
    } catch (const ScenarioError& e) {
        CHECK(e.diagnostics().size() == 2);
    }
}

TEST_CASE("docs/scenario-format.md holds the generated key reference verbatim") {
    std::ifstream in(kSource / "docs/scenario-format.md");
    REQUIRE(in);
    std::stringstream text;
    text << in.rdbuf();
    const std::string doc = text.str();
    const std::string begin = "<!-- BEGIN GENERATED REFERENCE: orgforces schema --markdown -->\n";
    const std::string end = "<!-- END GENERATED REFERENCE -->";
    const auto a = doc.find(begin);
    const auto b = doc.find(end);
    REQUIRE(a != std::string::npos);
    REQUIRE(b != std::string::npos);
    CHECK(doc.substr(a + begin.size(), b - a - begin.size()) == markdown_reference());
}

TEST_CASE("the format's description covers every key the loader reads") {
    // Every part of the format is reachable and every required key is documented.
    for (const char* part : {"scenario", "dimension", "organization", "unit", "gravity", "reach", "schedule", "review",
                             "water", "team", "hiring", "tripwire", "venture", "stone", "benefit", "shock", "commons",
                             "event", "variant", "causal"}) {
        CAPTURE(part);
        const ObjectSpec& o = object_spec(part);
        CHECK(!o.fields.empty());
        for (const auto& f : o.fields) {
            CHECK(!f.description.empty());
            CHECK(f.min <= f.max);
        }
    }
    const std::string schema = json_schema();
    CHECK(schema.find("\"strength\"") != std::string::npos);
    CHECK(schema.find("\"additionalProperties\": false") != std::string::npos);
}

TEST_CASE("control characters are refused before parsing, with their position") {
    const std::string text = std::string("name: x\nhorizon: 1") + '\0' + "0\n";
    try {
        (void)load_scenario_text(text, "nul.yaml");
        FAIL("a NUL byte was accepted");
    } catch (const ScenarioError& e) {
        REQUIRE(!e.diagnostics().empty());
        const auto& d = e.diagnostics().front();
        CHECK(d.pos.line == 2);
        CHECK(d.pos.column == 11);
        CHECK(d.message.find("control character 0x00") != std::string::npos);
    }
}

TEST_CASE("fuzz regressions give diagnostics, never a hang or a crash") {
    // Each file under tests/fuzz-regressions/ once made the loader crash or hang.
    namespace fs = std::filesystem;
    int files = 0;
    for (const auto& entry : fs::directory_iterator(fs::path(ORGFORCES_SOURCE_DIR) / "tests" / "fuzz-regressions")) {
        ++files;
        CAPTURE(entry.path().string());
        CHECK_THROWS_AS((void)load_scenario_file(entry.path()), ScenarioError);
    }
    CHECK(files > 0);
}
