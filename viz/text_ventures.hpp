#pragma once
// Plain-text tables of venture outcomes for the terminal (`orgforces run`).

#include <string>

#include "model/scenario.hpp"
#include "sim/results.hpp"

namespace orgforces::viz {

/// The ventures section of `orgforces run`: outcomes, salvage, promotion odds, recovery time,
/// side by side per venture; "" when the scenario has no ventures.
std::string ventures_table(const model::Scenario& s, const sim::EnsembleResult& r);

}  // namespace orgforces::viz
