// Limits counted on yaml-cpp's parser events, and text checks after YAML unescaping: each refusal
// is located (line:col) and no quoting or layout hides what it counts.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "model/diagnostics.hpp"
#include "model/loader.hpp"
#include "model/registry.hpp"
#include "model/utf8.hpp"
#include "model_support.hpp"

using namespace orgforces::model;
using namespace orgforces::model::testing;

namespace {

const std::string& kBase = kMinimal;

// The first diagnostic of loading `text` (the test fails when it loads).
Diagnostic refusal(const std::string& text) {
    try {
        (void)load_scenario_text(text, "t.yaml");
    } catch (const ScenarioError& e) {
        REQUIRE_FALSE(e.diagnostics().empty());
        return e.diagnostics().front();
    }
    FAIL("loaded: " << text.substr(0, 80));
    return {};
}

bool says(const Diagnostic& d, const std::string& fragment) { return d.message.find(fragment) != std::string::npos; }

}  // namespace

TEST_CASE("utf8_sequence_length accepts UTF-8 and nothing else") {
    CHECK(utf8_sequence_length("a") == 1);
    CHECK(utf8_sequence_length("\xc3\xa9") == 2);          // é
    CHECK(utf8_sequence_length("\xe7\xb5\x84") == 3);      // 組
    CHECK(utf8_sequence_length("\xf0\x9f\x98\x80") == 4);  // an emoji
    for (const std::string bad : {"\xff", "\x80", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
                                  "\xc3", "\xe7\xb5"})
        CHECK(utf8_sequence_length(bad) == 0);
}

TEST_CASE("invalid UTF-8 is refused where it stands") {
    const auto d = refusal("name: ab\xff" "cd\n" + kBase);
    CHECK(d.pos.line == 1);
    CHECK(d.pos.column == 9);
    CHECK(says(d, "UTF-8"));
    CHECK(refusal(kBase + "question: \"ok\xc0\xaf\"\n").pos.line == 9);
}

TEST_CASE("control characters made by YAML escapes are refused at their value") {
    for (const std::string escape : {"\\e]0;title\\a", "\\x1b[2J", "\\x00", "\\u009b", "\\r", "\\x7f"}) {
        CAPTURE(escape);
        const auto d = refusal(kBase + "question: \"x" + escape + "y\"\n");
        CHECK(d.pos.line == 9);
        CHECK(d.pos.column == 11);
        CHECK(says(d, "control character"));
    }
    // Tabs and line breaks are text.
    CHECK_NOTHROW((void)load_scenario_text(kBase + "question: \"a\\tb\\nc\"\n", "t.yaml"));
}

TEST_CASE("a quoted number is text") {
    const auto d = refusal("horizon: \"20\"\n" + kBase.substr(kBase.find('\n') + 1));
    CHECK(d.pos.line == 1);
    CHECK(d.pos.column == 10);
    CHECK(says(d, "number"));
}

TEST_CASE("explicit tags are refused with their position") {
    for (const std::string tag : {"!custom", "!!str", "!!binary"}) {
        CAPTURE(tag);
        const auto d = refusal("horizon: " + tag + " 20\n" + kBase.substr(kBase.find('\n') + 1));
        CHECK(d.pos.line == 1);
        CHECK(says(d, "tag"));
    }
}

TEST_CASE("a quote never closed is reported where it opens") {
    for (const std::string q : {"\"", "'"}) {
        const auto d = refusal("name: " + q + "nasty\n" + kBase);
        CHECK(d.pos.line == 1);
        CHECK(d.pos.column == 7);
        CHECK(says(d, "never closed"));
    }
    // An escaped quote or a doubled single quote does not close it, and does not open one either.
    CHECK_NOTHROW((void)load_scenario_text("name: \"a \\\" b\"\n" + kBase, "t.yaml"));
    CHECK_NOTHROW((void)load_scenario_text("name: 'it''s'\n" + kBase, "t.yaml"));
}

TEST_CASE("aliases and nesting are counted on parser events, so quoting tricks do not hide them") {
    // A raw-text scan took `x-'` for the start of a quoted string and missed what follows.
    std::string aliases = kBase + "anchor: &a 1\nlist: [x-', ";
    for (int i = 0; i < 200; ++i) aliases += "*a, ";
    aliases += "*a]\n";
    const auto a = refusal(aliases);
    CHECK(a.pos.line == 10);
    CHECK(a.pos.column > 10);
    CHECK(says(a, "aliases"));

    const auto n = refusal(kBase + "deep: [x-', " + std::string(400, '[') + std::string(401, ']') + "\n");
    CHECK(n.pos.line == 9);
    CHECK(n.pos.column == 12 + 47);   // the 49th level: the top map, `deep`'s list, 47 more
    CHECK(says(n, "nesting"));
}

TEST_CASE("a billion laughs is refused at the first alias over the limit") {
    std::string text = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
    std::string prev = "a";
    for (const std::string l : {"b", "c", "d", "e", "f", "g", "h", "i"}) {
        text += l + ": &" + l + " [";
        for (int i = 0; i < 9; ++i) text += (i ? ", *" : "*") + prev;
        text += "]\n";
        prev = l;
    }
    const auto d = refusal(text);
    CHECK(d.pos.line > 1);
    CHECK(d.pos.column > 1);
    CHECK(says(d, "aliases"));
}

TEST_CASE("values are counted while parsing: a file of empty pairs is refused early") {
    std::string text = "x: [";
    for (int i = 0; i < 80000; ++i) text += ": , ";
    text += "]\n";
    const auto d = refusal(text);
    CHECK(d.pos.line == 1);
    CHECK(says(d, "YAML values"));
}

TEST_CASE("the smallest subnormal double is a finite number") {
    CHECK(load_scenario_text(kBase + "gravity:\n  - name: g\n    target: {horizon: 0.1}\n    strength: 4.9e-324\n", "t.yaml")
              .gravity[0]
              .strength == 4.9e-324);
    CHECK(parse_override("teams.alpha.shielding=4.9e-324").value == 4.9e-324);
}
