#pragma once
// Internal to model/: the checks behind model::validate, with the positions the loader recorded.

#include <map>
#include <string>
#include <vector>

#include "model/diagnostics.hpp"
#include "model/scenario.hpp"

namespace orgforces::model {

/// Where each value sits in the file, keyed by index paths such as "teams[3].shielding" or
/// "gravity[0].target.horizon". Empty for a scenario built in code.
struct Positions {
    std::map<std::string, SourcePos> at;

    /// The position of `path`, else of its closest recorded parent path, else `fallback`.
    SourcePos find(const std::string& path, const SourcePos& fallback = {}) const;
};

/// Appends every problem of `s` to `out`: ranges, NaN/inf, names, references, duplicates,
/// cycles, limits and stability. With `check_changes`, also the paths, values and effects of
/// events and what-if variants.
void check_scenario(const Scenario& s, const Positions& positions, std::vector<Diagnostic>& out,
                    bool check_changes = true);

/// Sets the parameter `o.path` of `s` to `o.value` without any check; false if no such path.
bool set_parameter(Scenario& s, const Override& o);

/// The default practice dimensions (horizon, exploration, breadth).
std::vector<Dimension> default_dimensions();

/// The default idea mix.
std::map<std::string, double> default_idea_mix();

}  // namespace orgforces::model
