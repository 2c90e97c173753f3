// orgforces-dash: the what-if dashboard. Parses arguments, loads the scenario, opens the window.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include "model/diagnostics.hpp"
#include "model/loader.hpp"
#include "model/registry.hpp"
#include "orgforces/version.hpp"
#include "viz/dash/dashboard.hpp"
#include "viz/dash/script.hpp"

int main(int argc, char** argv) {
    using namespace orgforces;
    CLI::App cli{"orgforces-dash: explore what-ifs of a scenario. Every parameter has a slider; a change\n"
                 "re-runs the ensemble in the background (a quick preview while dragging, the full\n"
                 "ensemble on release) and the result before the change stays as a faint overlay.",
                 "orgforces-dash"};
    cli.set_version_flag("--version", std::string("orgforces-dash ") + kVersion);
    std::string file;
    dash::DashOptions o;
    std::vector<std::string> sets;
    cli.add_option("FILE", file, "Scenario file (YAML)")->required();
    cli.add_option("--db", o.db_path, "Results database for saved variants and the runs history")
        ->capture_default_str();
    cli.add_option("--replicates,-n", o.replicates, "Replicates of a full run (default: the scenario's)")
        ->check(CLI::NonNegativeNumber);
    cli.add_option("--drag-replicates", o.drag_replicates, "Replicates while a slider is being dragged")
        ->capture_default_str()
        ->check(CLI::Range(1, 100000));
    cli.add_option("--threads,-j", o.threads, "Engine threads (0: all cores)")->check(CLI::NonNegativeNumber);
    cli.add_option("--set", sets, "Start with PATH=VALUE applied (repeatable)");
    cli.add_flag("--uncertain", o.uncertain,
                 "Draw the scenario's `uncertain:` parameters per world of 8 replicates: bands cover chance and "
                 "ignorance");
    cli.add_option("--posterior", o.posterior, "Like --uncertain, drawing from calibration ID's posterior (in --db)")
        ->type_name("ID")
        ->check(CLI::Range(std::int64_t{1}, std::int64_t{1} << 62));
    cli.add_flag("--headless", o.headless, "Render into an invisible window (for tests; needs a display or Xvfb)");
    cli.add_option("--frames", o.frames, "Stop after N frames (then wait for the running ensemble)")
        ->check(CLI::NonNegativeNumber);
    cli.add_option("--screenshot", o.screenshot, "Write the last frame as a PNG");
    std::string verbs;
    for (const auto& v : dash::script_verbs()) verbs += (verbs.empty() ? "" : ", ") + v;
    cli.add_option("--script", o.script,
                   "Timed actions, one per line: `at FRAME ACTION ARGS` (actions: " + verbs +
                       "). See docs/dashboard.md")
        ->check(CLI::ExistingFile);
    cli.add_option("--size", [&o](const CLI::results_t& r) {
           const auto& s = r.front();
           const auto x = s.find('x');
           if (x == std::string::npos) return false;
           try {
               o.width = std::stoi(s.substr(0, x));
               o.height = std::stoi(s.substr(x + 1));
           } catch (const std::exception&) {
               return false;
           }
           return o.width >= 320 && o.height >= 240 && o.width <= 8192 && o.height <= 8192;
       }, "Window size WIDTHxHEIGHT (default 1440x900)")
        ->type_name("WxH");
    cli.add_option("--font-scale", o.font_scale, "Scale fonts and spacing (e.g. 1.25 on a high-DPI screen)")
        ->check(CLI::Range(0.5, 3.0));
    CLI11_PARSE(cli, argc, argv);
    if (o.headless && o.frames < 0 && o.script.empty()) {
        std::fprintf(stderr, "orgforces-dash: --headless needs --frames N or a --script that quits\n");
        return 2;
    }
    try {
        for (const auto& s : sets) o.overrides.push_back(model::parse_override(s));
        return dash::run_dashboard(model::load_scenario_file(file), o);
    } catch (const model::ScenarioError& e) {
        for (const auto& d : e.diagnostics()) std::fprintf(stderr, "%s\n", model::format(d).c_str());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "orgforces-dash: error: %s\n", e.what());
        return 1;
    }
}
