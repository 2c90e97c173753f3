#include "viz/dash/script.hpp"

#include <charconv>
#include <sstream>
#include <utility>

#include "model/diagnostics.hpp"

namespace orgforces::dash {

namespace {

struct VerbSpec {
    const char* name;
    int min_args;
    int max_args;
};

constexpr VerbSpec kVerbs[] = {
    {"set", 2, 2},         {"drag", 2, 2},          {"release", 0, 0}, {"reset", 0, 1},
    {"wait-for-result", 0, 0}, {"print", 1, 2},     {"scrub", 1, 1},   {"open", 1, 1},
    {"focus", 1, 1},       {"compute", 1, 1},       {"save-variant", 1, 1},  {"chart-sweep", 1, 1}, {"screenshot", 1, 1},
    {"what-if", 1, 1},     {"quit", 0, 0},
};

}  // namespace

const std::vector<std::string>& script_verbs() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> v;
        for (const auto& s : kVerbs) v.emplace_back(s.name);
        return v;
    }();
    return names;
}

std::vector<ScriptAction> parse_script(std::string_view text, const std::string& origin) {
    std::vector<ScriptAction> actions;
    std::vector<model::Diagnostic> problems;
    std::istringstream in{std::string(text)};
    std::string raw;
    int line_no = 0;
    int last_frame = 0;
    while (std::getline(in, raw)) {
        ++line_no;
        const std::string line = raw.substr(0, raw.find('#'));
        std::istringstream words(line);
        std::vector<std::string> tokens;
        for (std::string w; words >> w;) tokens.push_back(w);
        if (tokens.empty()) continue;
        auto problem = [&](const std::string& message) {
            const auto col = line.find_first_not_of(" \t");
            problems.push_back({{origin, line_no, int(col == std::string::npos ? 0 : col) + 1}, message});
        };
        std::size_t i = 0;
        if (tokens[0] == "at") ++i;
        int frame = 0;
        if (i >= tokens.size()) {
            problem("expected a frame number after 'at'");
            continue;
        }
        const std::string& f = tokens[i];
        auto [end, ec] = std::from_chars(f.data(), f.data() + f.size(), frame);
        if (ec != std::errc{} || end != f.data() + f.size() || frame < 0) {
            problem("expected a frame number, got '" + f + "'");
            continue;
        }
        if (frame < last_frame) {
            problem("frame " + std::to_string(frame) + " comes before the previous action's frame " +
                    std::to_string(last_frame));
            continue;
        }
        ++i;
        if (i >= tokens.size()) {
            problem("expected an action after the frame number");
            continue;
        }
        ScriptAction action{frame, tokens[i], {tokens.begin() + long(i) + 1, tokens.end()}, line_no};
        const VerbSpec* spec = nullptr;
        for (const auto& v : kVerbs)
            if (action.verb == v.name) spec = &v;
        if (!spec) {
            std::string known;
            for (const auto& v : kVerbs) known += std::string(known.empty() ? "" : ", ") + v.name;
            problem("unknown action '" + action.verb + "' (known: " + known + ")");
            continue;
        }
        const int n = int(action.args.size());
        if (n < spec->min_args || n > spec->max_args) {
            problem("'" + action.verb + "' takes " +
                    (spec->min_args == spec->max_args
                         ? std::to_string(spec->min_args)
                         : std::to_string(spec->min_args) + " to " + std::to_string(spec->max_args)) +
                    " argument(s), got " + std::to_string(n));
            continue;
        }
        last_frame = frame;
        actions.push_back(std::move(action));
    }
    if (!problems.empty()) throw model::ScenarioError(std::move(problems));
    return actions;
}

}  // namespace orgforces::dash
