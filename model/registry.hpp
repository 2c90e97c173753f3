#pragma once
// The parameter registry: every tunable number of a scenario, named by a path such as
// `teams.frontier.shielding` or `forces.quarterly-okrs.strength`. `--set`, sweeps, what-if
// variants, events, the dashboard's sliders and the sensitivity analysis all go through it.

#include <string>
#include <string_view>
#include <vector>

#include "model/scenario.hpp"

namespace orgforces::model {

enum class ParamKind { Real, Integer, Toggle };

/// One tunable value of a scenario, with its valid range and current value.
struct Param {
    std::string path;
    ParamKind kind = ParamKind::Real;
    double min = 0.0;
    double max = 1.0;
    double value = 0.0;
    std::string description;
    std::string group;   ///< "team", "gravity", "water", "venture", "organization", ...
};

/// Every tunable parameter of `s`, in a stable order (the order of the file).
std::vector<Param> parameters(const Scenario& s);

/// The parameter at `path`; throws ScenarioError (with a did-you-mean) if there is none.
Param find_parameter(const Scenario& s, std::string_view path);

/// A copy of `s` with the overrides applied and validated; throws ScenarioError on a bad path
/// or value. `s` itself is never changed.
Scenario apply_overrides(const Scenario& s, const std::vector<Override>& overrides);

/// The scenario of what-if `v`: its assignments applied, its events added to the scenario's.
Scenario apply_variant(const Scenario& s, const Variant& v);

/// Why `path` names no parameter, given the `known` paths: a did-you-mean, or for a force's
/// `reach` (a set, not a number) what of that force can be set instead.
std::string unknown_parameter(std::string_view path, const std::vector<std::string>& known);

/// Parses `PATH=VALUE` (as given to --set); values may be numbers, true/false or on/off.
Override parse_override(std::string_view text);

}  // namespace orgforces::model
