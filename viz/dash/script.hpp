#pragma once
// Scripted sessions for testing the dashboard without a person. A script is a text file with one
// action per line, each at a frame of the script clock (which pauses while `wait-for-result`
// waits):
//
//   # comment
//   at 5  set teams.frontier.shielding 0.8     apply an override (full-size run)
//   at 5  drag teams.frontier.shielding 0.7    apply it as during a slider drag (reduced run)
//   at 6  release                              the drag ends: full-size run
//   at 7  wait-for-result                      pause the script until the run is complete
//   at 8  print drift                          stdout: "drift TEAM TICK MEDIAN" for the focal team
//   at 8  scrub 52                             move the time scrubber ("scrub end": follow the horizon)
//   at 9  open ventures                        show a panel (drift, map, friction, ventures, ...)
//   at 9  focus frontier                       choose the focal team
//   at 10 save-variant shielded                store the current variant in the database
//   at 10 compute attribution                  start attribution (or levers) in the background;
//                                              wait-for-result also waits for it
//   at 10 chart-sweep 3                        the Runs panel charts stored sweep 3
//   at 10 reset                                drop every override
//   at 11 screenshot out.png                   write the window as PNG
//   at 12 quit                                 end the program (exit code 0)
//
// `at` is optional ("5 set ..." works too). Frames must not decrease.

#include <string>
#include <string_view>
#include <vector>

namespace orgforces::dash {

struct ScriptAction {
    int frame = 0;
    std::string verb;
    std::vector<std::string> args;
    int line = 0;      ///< 1-based line in the script file
};

/// Parses a script; throws model::ScenarioError pointing at file:line:col for unknown verbs,
/// wrong argument counts and decreasing frames.
std::vector<ScriptAction> parse_script(std::string_view text, const std::string& origin);

/// The verbs parse_script accepts, for --help and error messages.
const std::vector<std::string>& script_verbs();

}  // namespace orgforces::dash
