#include "viz/text_ventures.hpp"

namespace orgforces::viz {

std::string ventures_table(const model::Scenario& s, const sim::EnsembleResult&) {
    if (s.ventures.empty()) return "";
    return "ventures: (table not yet available)\n";
}

}  // namespace orgforces::viz
