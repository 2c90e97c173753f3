#pragma once
// Reading scenario files: YAML text in, a validated, immutable Scenario out.

#include <filesystem>
#include <string>
#include <string_view>

#include "model/scenario.hpp"

namespace orgforces::model {

/// Loads and validates a scenario file; throws ScenarioError listing every problem found.
Scenario load_scenario_file(const std::filesystem::path& path);

/// Same for text already in memory; `origin` names it in diagnostics.
Scenario load_scenario_text(std::string_view text, const std::string& origin);

/// Checks cross-references, ranges and stability of a scenario built in code or by overrides;
/// throws ScenarioError. The loader calls it on every file.
void validate(const Scenario& scenario);

}  // namespace orgforces::model
