#pragma once
// Reading scenario files: YAML text in, a validated, immutable Scenario out.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "model/scenario.hpp"

namespace orgforces::model {

/// Loads and validates a scenario file; throws ScenarioError listing every problem found.
Scenario load_scenario_file(const std::filesystem::path& path);

/// Same for text already in memory; `origin` names it in diagnostics.
Scenario load_scenario_text(std::string_view text, const std::string& origin);

/// Checks cross-references, ranges and stability of a scenario built in code or by overrides;
/// throws ScenarioError. The loader calls it on every file.
void validate(const Scenario& scenario);

/// The canonical text of an event: one line of YAML, the mapping a scenario file would hold, which
/// read_event_text reads back to an equal event. `dimensions` name the practice dimensions in order.
std::string event_text(const Event& e, const std::vector<std::string>& dimensions);

/// Reads an event mapping (event_text's output) with the scenario loader's own event reader;
/// throws ScenarioError naming `origin`.
Event read_event_text(std::string_view text, const std::vector<std::string>& dimensions, const std::string& origin);

}  // namespace orgforces::model
