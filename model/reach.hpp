#pragma once
// Resolving a force's reach to the teams it acts on.

#include <vector>

#include "model/scenario.hpp"

namespace orgforces::model {

/// For each team of `s` (in order), whether `reach` includes it. A unit includes its sub-units.
std::vector<bool> teams_reached(const Scenario& s, const Reach& reach);

/// Where a water force holds (docs/model.md#water), per team of `s` in order.
struct CultureScope {
    std::vector<bool> reached;        ///< the force's reach includes the team
    std::vector<double> prevalence;   ///< level inside hires bring: the nearest unit's, else the force's; 0 outside
    std::vector<double> offset;       ///< prevalence − the force's prevalence inside the reach, 0 outside
    bool scoped = false;              ///< some team is outside the reach or has an offset
};

/// The scope of water force `w`: its reach and, per team, the level of the nearest enclosing unit
/// named in its `unit_prevalence`.
CultureScope culture_scope(const Scenario& s, const WaterForce& w);

/// A team's starting level of water force `k`: its initial_assumptions entry, else the scope's
/// prevalence; 0 outside the force's reach.
double starting_assumption(const Scenario& s, const CultureScope& scope, int team, int k);

/// True if `unit` is `ancestor` or lies below it in the unit tree.
bool unit_within(const Scenario& s, const std::string& unit, const std::string& ancestor);

}  // namespace orgforces::model
