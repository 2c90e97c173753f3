#pragma once
// The --measure (and --objective) values shared by attribute, levers, sensitivity and optimize.

#include <string>
#include <vector>

#include "model/scenario.hpp"
#include "sim/attribution.hpp"

namespace orgforces::cli {

/// Each `KIND:NAME` parsed against `s` (sim::parse_measure); a bad one is a UsageError naming the choices.
std::vector<sim::Measure> parse_measures(const model::Scenario& s, const std::vector<std::string>& texts);

}  // namespace orgforces::cli
