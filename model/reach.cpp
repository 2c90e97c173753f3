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

CultureScope culture_scope(const Scenario& s, const WaterForce& w) {
    CultureScope c;
    c.reached = teams_reached(s, w.reach);
    c.prevalence.assign(s.teams.size(), 0.0);
    c.offset.assign(s.teams.size(), 0.0);
    for (std::size_t i = 0; i < s.teams.size(); ++i) {
        if (!c.reached[i]) {
            c.scoped = true;
            continue;
        }
        // The nearest enclosing unit that states a level: walk up from the team's own unit.
        double level = w.prevalence;
        std::string unit = s.teams[i].unit;
        for (std::size_t steps = 0; steps <= s.organization.units.size() && !unit.empty(); ++steps) {
            if (const auto it = w.unit_prevalence.find(unit); it != w.unit_prevalence.end()) {
                level = it->second;
                break;
            }
            const auto& units = s.organization.units;
            const auto u = std::find_if(units.begin(), units.end(), [&](const Unit& x) { return x.name == unit; });
            unit = u == units.end() ? std::string() : u->parent;
        }
        c.prevalence[i] = level;
        c.offset[i] = level - w.prevalence;
        if (c.offset[i] != 0.0) c.scoped = true;
    }
    return c;
}

double starting_assumption(const Scenario& s, const CultureScope& scope, int team, int k) {
    const auto t = static_cast<std::size_t>(team);
    if (!scope.reached[t]) return 0.0;
    const auto& given = s.teams[t].initial_assumptions;
    return given && std::size_t(k) < given->size() ? (*given)[std::size_t(k)] : scope.prevalence[t];
}

}  // namespace orgforces::model
