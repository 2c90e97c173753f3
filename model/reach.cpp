#include "model/reach.hpp"

#include <algorithm>

namespace orgforces::model {

bool unit_within(const Scenario& s, const std::string& unit, const std::string& ancestor) {
    std::string current = unit;
    // The unit tree is validated to be acyclic; the bound guards against a scenario built in code.
    for (std::size_t steps = 0; steps <= s.organization.units.size() && !current.empty(); ++steps) {
        if (current == ancestor) return true;
        const auto& units = s.organization.units;
        const auto it = std::find_if(units.begin(), units.end(), [&](const Unit& u) { return u.name == current; });
        if (it == units.end()) return false;
        current = it->parent;
    }
    return false;
}

std::vector<bool> teams_reached(const Scenario& s, const Reach& reach) {
    std::vector<bool> reached(s.teams.size(), false);
    const auto contains = [](const std::vector<std::string>& names, const std::string& n) {
        return std::find(names.begin(), names.end(), n) != names.end();
    };
    for (std::size_t i = 0; i < s.teams.size(); ++i) {
        const Team& t = s.teams[i];
        bool in = reach.everyone || contains(reach.teams, t.name);
        for (const auto& u : reach.units) in = in || unit_within(s, t.unit, u);
        bool out = contains(reach.exclude_teams, t.name);
        for (const auto& u : reach.exclude_units) out = out || unit_within(s, t.unit, u);
        reached[i] = in && !out;
    }
    return reached;
}

}  // namespace orgforces::model
