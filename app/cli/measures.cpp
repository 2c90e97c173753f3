#include "app/cli/measures.hpp"

#include <stdexcept>

#include "app/cli/command.hpp"

namespace orgforces::cli {

std::vector<sim::Measure> parse_measures(const model::Scenario& s, const std::vector<std::string>& texts) {
    std::vector<sim::Measure> out;
    try {
        for (const auto& t : texts) out.push_back(sim::parse_measure(s, t));
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
    return out;
}

}  // namespace orgforces::cli
