// `orgforces params FILE [--json]`: the parameter registry of a scenario.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "app/cli/command.hpp"
#include "model/loader.hpp"
#include "model/registry.hpp"
#include "model/uncertain.hpp"

namespace orgforces::cli {
namespace {

struct ParamsOptions {
    std::string file;
    bool json = false;
    std::string filter;
};

const char* kind_name(model::ParamKind k) {
    switch (k) {
        case model::ParamKind::Real: return "real";
        case model::ParamKind::Integer: return "integer";
        case model::ParamKind::Toggle: return "toggle";
    }
    return "?";
}

std::string value_text(const model::Param& p) {
    if (p.kind == model::ParamKind::Toggle) return p.value != 0.0 ? "on" : "off";
    if (p.kind == model::ParamKind::Integer) return fmt::format("{}", static_cast<long long>(p.value));
    return fmt::format("{:g}", p.value);
}

std::string range_text(const model::Param& p) {
    if (p.kind == model::ParamKind::Toggle) return "on/off";
    return fmt::format("[{:g}, {:g}]", p.min, p.max);
}

const model::UncertainParam* prior_of(const model::Scenario& s, const std::string& path) {
    for (const auto& u : s.uncertain)
        if (u.path == path) return &u;
    return nullptr;
}

void run_params(const ParamsOptions& o) {
    const model::Scenario s = model::load_scenario_file(o.file);
    auto params = model::parameters(s);
    if (!o.filter.empty())
        std::erase_if(params, [&](const model::Param& p) { return p.path.find(o.filter) == std::string::npos; });
    if (o.json) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& p : params) {
            nlohmann::json row{{"path", p.path},     {"kind", kind_name(p.kind)}, {"min", p.min},
                               {"max", p.max},       {"value", p.value},          {"group", p.group},
                               {"description", p.description}};
            if (const auto* u = prior_of(s, p.path))
                row["prior"] = {{"dist", model::to_string(u->dist)}, {"lo", u->lo}, {"hi", u->hi},
                                {"text", model::describe(*u)}};
            out.push_back(std::move(row));
        }
        std::printf("%s\n", out.dump(2).c_str());
        return;
    }
    std::size_t width = 4;
    for (const auto& p : params) width = std::max(width, p.path.size());
    std::string text = fmt::format("{:<{}}  {:<7}  {:>8}  {:<14}  {}\n", "path", width, "kind", "value", "range",
                                   "description");
    std::string group;
    for (const auto& p : params) {
        if (p.group != group) {
            group = p.group;
            text += fmt::format("# {}\n", group);
        }
        text += fmt::format("{:<{}}  {:<7}  {:>8}  {:<14}  {}\n", p.path, width, kind_name(p.kind), value_text(p),
                            range_text(p), p.description);
    }
    bool header = false;
    for (const auto& p : params)
        if (const auto* u = prior_of(s, p.path)) {
            if (!header) text += "# uncertain (priors drawn by --uncertain, varied by `sensitivity`, fitted by `calibrate`)\n";
            header = true;
            text += fmt::format("{:<{}}  ~ {}\n", p.path, width, model::describe(*u));
        }
    std::fwrite(text.data(), 1, text.size(), stdout);
}

void setup_params(CLI::App& parent) {
    auto options = std::make_shared<ParamsOptions>();
    auto* cmd = parent.add_subcommand("params", "List every tunable parameter of a scenario (the registry)");
    cmd->footer(
        "Each path can be changed with --set PATH=VALUE (check, run, ...), in `events` and in `what_if`\n"
        "variants. Toggles take on/off or true/false.\n\n"
        "Examples:\n"
        "  orgforces params scenarios/innovation-in-a-keeping-org.yaml --filter frontier\n"
        "  orgforces params scenarios/hello-world.yaml --json");
    cmd->add_option("file", options->file, "Scenario file (YAML)")->required()->check(CLI::ExistingFile);
    cmd->add_flag("--json", options->json, "Print a JSON array on stdout instead of a table");
    cmd->add_option("--filter", options->filter, "Only paths containing this text");
    cmd->callback([options] { run_params(*options); });
}

const bool registered = register_command({"params", 80, setup_params});

}  // namespace
}  // namespace orgforces::cli
