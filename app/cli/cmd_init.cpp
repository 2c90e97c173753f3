// `orgforces init [--from-csv ORG.csv] [-o FILE]`: a starting scenario, or a scaffold from an org chart.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "app/cli/command.hpp"
#include "app/cli/files.hpp"
#include "model/diagnostics.hpp"
#include "model/loader.hpp"
#include "model/orgchart.hpp"

namespace orgforces::cli {
namespace {

struct InitOptions {
    std::string csv;
    std::string output;
    bool force = false;
};

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw UsageError(fmt::format("cannot read {}", path));
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void write_new_file(const std::filesystem::path& path, const std::string& text, bool force) {
    if (!force && std::filesystem::exists(path))
        throw UsageError(fmt::format("{} exists; choose another -o or add --force to replace it", path.string()));
    write_file_atomically(path, text);
}

void run_init(const InitOptions& o) {
    std::string text;
    std::string summary;
    if (o.csv.empty()) {
        text = model::starter_scenario();
        summary = "a starting scenario";
    } else {
        const model::OrgChart chart = model::read_org_chart(read_text(o.csv), o.csv);
        text = model::scaffold_scenario(chart, std::filesystem::path(o.csv).filename().string());
        summary = fmt::format("{} teams in {} units from {}", chart.teams.size(), chart.units.size(), o.csv);
    }
    // What init writes must pass `check`; a failure here is a bug in the scaffold, not in the input.
    try {
        (void)model::load_scenario_text(text, o.output.empty() ? "<init>" : o.output);
    } catch (const model::ScenarioError& e) {
        std::string problems;
        for (const auto& d : e.diagnostics()) problems += "\n  " + model::format(d);
        throw std::runtime_error("the generated scenario does not pass check (please report this):" + problems);
    }
    if (o.output.empty()) {
        std::fwrite(text.data(), 1, text.size(), stdout);
        return;
    }
    write_new_file(o.output, text, o.force);
    std::fprintf(stderr, "wrote %s: %s; next: orgforces check %s\n", o.output.c_str(), summary.c_str(),
                 o.output.c_str());
}

void setup_init(CLI::App& parent) {
    auto options = std::make_shared<InitOptions>();
    auto* cmd = parent.add_subcommand("init", "Start a scenario: an annotated example, or a scaffold from an org chart");
    cmd->footer(
        "Without --from-csv, writes a small annotated scenario to start from. With --from-csv, turns an\n"
        "org-chart export into a scenario scaffold with those units and teams; its forces and ventures are\n"
        "examples marked EXAMPLE, to edit. The result always passes `orgforces check`.\n\n"
        "The CSV's header names at least team,unit,size; optional columns: parent_unit (the unit's parent),\n"
        "leadership and shielding (0 to 1), intent.<dimension> (0 to 1, one column per practice dimension).\n"
        "Names are turned into scenario names (\"Core Banking\" becomes core-banking; the original is kept as a\n"
        "comment). Problems are reported as file:line:col with exit status 2.\n\n"
        "Examples:\n"
        "  orgforces init -o my-org.yaml\n"
        "  orgforces init --from-csv org-chart.csv -o my-org.yaml");
    cmd->add_option("--from-csv", options->csv, "Org-chart CSV to import")->type_name("ORG.csv")->check(CLI::ExistingFile);
    cmd->add_option("-o,--output", options->output, "Scenario file to write (default: standard output)")
        ->type_name("FILE");
    cmd->add_flag("--force", options->force, "Replace the output file if it exists");
    cmd->callback([options] { run_init(*options); });
}

const bool registered = register_command({"init", 5, setup_init});

}  // namespace
}  // namespace orgforces::cli
