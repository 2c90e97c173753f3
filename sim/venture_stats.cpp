#include "sim/ventures.hpp"

namespace orgforces::sim {

void summarize_ventures(const model::Scenario&, const std::vector<VentureOutcome>&, EnsembleResult&) {}

}  // namespace orgforces::sim
