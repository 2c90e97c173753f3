#pragma once
// Resolving a force's reach to the teams it acts on.

#include <vector>

#include "model/scenario.hpp"

namespace orgforces::model {

/// For each team of `s` (in order), whether `reach` includes it. A unit includes its sub-units.
std::vector<bool> teams_reached(const Scenario& s, const Reach& reach);

/// True if `unit` is `ancestor` or lies below it in the unit tree.
bool unit_within(const Scenario& s, const std::string& unit, const std::string& ancestor);

}  // namespace orgforces::model
