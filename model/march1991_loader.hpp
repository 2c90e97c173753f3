#pragma once
// Scenario files for the March (1991) classic (`classic: march1991`), and its registry paths
// (`classic.p1`, `classic.p2`, ...). The general loader and registry hand classic files here.

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/diagnostics.hpp"
#include "model/march1991.hpp"
#include "model/registry.hpp"
#include "model/scenario.hpp"

namespace orgforces::model {

/// Reads a `classic: march1991` file; throws ScenarioError listing every problem (file:line:col).
Scenario load_march1991(std::string_view text, const std::string& origin);

/// Range problems of the classic's parameters, each reported at `pos`.
std::vector<Diagnostic> check_march1991(const March1991& params, const SourcePos& pos);

/// Every tunable number of the classic as a registry entry (`classic.<key>`, group "classic")
/// with a setter that writes it into `params`; the setters hold a reference to `params`.
std::vector<std::pair<Param, std::function<void(double)>>> march1991_bindings(March1991& params);

/// The keys of the file's `parameters:` section, in documentation order.
std::vector<std::string> march1991_keys();

}  // namespace orgforces::model
