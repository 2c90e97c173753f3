// The dashboard's headless script parser: actions, frames, and errors at file:line:col.
#include <doctest/doctest.h>

#include <string>

#include "model/diagnostics.hpp"
#include "viz/dash/script.hpp"

using namespace orgforces;

namespace {

// The formatted diagnostics of a script that must fail to parse.
std::string errors_of(const std::string& text) {
    try {
        dash::parse_script(text, "s.txt");
    } catch (const model::ScenarioError& e) {
        std::string out;
        for (const auto& d : e.diagnostics()) out += model::format(d) + "\n";
        return out;
    }
    FAIL("expected a ScenarioError for: " << text);
    return {};
}

}  // namespace

TEST_CASE("a script parses into actions with frames, arguments and lines") {
    const auto a = dash::parse_script(
        "# a comment line\n"
        "at 5 set teams.frontier.shielding 0.8\n"
        "\n"
        "6 release   # 'at' is optional\n"
        "at 6 print drift frontier\n"
        "at 9 quit\n",
        "s.txt");
    REQUIRE(a.size() == 4);
    CHECK(a[0].frame == 5);
    CHECK(a[0].verb == "set");
    CHECK(a[0].args == std::vector<std::string>{"teams.frontier.shielding", "0.8"});
    CHECK(a[0].line == 2);
    CHECK(a[1].verb == "release");
    CHECK(a[1].args.empty());
    CHECK(a[1].line == 4);
    CHECK(a[2].args.size() == 2);
    CHECK(a[3].frame == 9);
    CHECK(a[3].line == 6);
}

TEST_CASE("an empty or comment-only script has no actions") {
    CHECK(dash::parse_script("", "s.txt").empty());
    CHECK(dash::parse_script("# nothing\n   \n", "s.txt").empty());
}

TEST_CASE("script errors name file, line and column") {
    CHECK(errors_of("at 1 quit\n  at 2 fly away\n") ==
          "s.txt:2:3: error: unknown action 'fly' (known: set, drag, release, reset, wait-for-result, print, "
          "scrub, open, focus, compute, save-variant, chart-sweep, screenshot, what-if, quit)\n");
    CHECK(errors_of("at 3 quit\nat 2 quit\n") ==
          "s.txt:2:1: error: frame 2 comes before the previous action's frame 3\n");
    CHECK(errors_of("at x quit\n") == "s.txt:1:1: error: expected a frame number, got 'x'\n");
    CHECK(errors_of("at -1 quit\n") == "s.txt:1:1: error: expected a frame number, got '-1'\n");
    CHECK(errors_of("at\n") == "s.txt:1:1: error: expected a frame number after 'at'\n");
    CHECK(errors_of("at 4\n") == "s.txt:1:1: error: expected an action after the frame number\n");
    CHECK(errors_of("at 1 set only-a-path\n") == "s.txt:1:1: error: 'set' takes 2 argument(s), got 1\n");
    CHECK(errors_of("at 1 print a b c\n") == "s.txt:1:1: error: 'print' takes 1 to 2 argument(s), got 3\n");
}

TEST_CASE("every bad line is reported, not just the first") {
    const std::string e = errors_of("at 1 fly\nat 2 quit\nat 3 swim\n");
    CHECK(e.find("s.txt:1:1:") != std::string::npos);
    CHECK(e.find("s.txt:3:1:") != std::string::npos);
    CHECK(e.find("s.txt:2:") == std::string::npos);
}

TEST_CASE("script_verbs lists every verb the parser accepts") {
    for (const auto& verb : dash::script_verbs()) {
        std::string line = "at 1 " + verb;
        // Give each verb a legal argument count by trying 0, 1 and 2 arguments.
        bool accepted = false;
        for (const char* args : {"", " a", " a b"}) {
            try {
                dash::parse_script(line + args, "s.txt");
                accepted = true;
                break;
            } catch (const model::ScenarioError&) {
            }
        }
        CHECK_MESSAGE(accepted, verb);
    }
    CHECK(dash::script_verbs().size() == 15);
}
