#pragma once
// Uncertain parameters: priors over registry parameters (`uncertain:` in a scenario, or
// `--vary PATH=LO:HI` on the command line). A prior is used through its quantile function, so
// every consumer (Sobol and Morris designs, per-replicate draws, ABC particles) works on the unit
// cube and maps a point to parameter values the same way.

#include <string>
#include <string_view>
#include <vector>

#include "model/diagnostics.hpp"
#include "model/scenario.hpp"

namespace orgforces::model {

/// "uniform", "log_uniform", "triangular", "normal", "beta".
const char* to_string(Distribution d);

/// Checks `s.uncertain` against the registry (known numeric paths, each named once, support
/// inside the parameter's range, shape parameters valid, the scenario valid at both ends) and
/// fills lo/hi where the file left them out. Problems go to `out` with the file's positions.
void check_uncertain(Scenario& s, std::vector<Diagnostic>& out);

/// Parses `PATH=LO:HI` (as given to --vary or --fit) into a uniform prior checked like the
/// file's; throws ScenarioError naming `flag`.
UncertainParam parse_vary(const Scenario& s, std::string_view text, const std::string& flag);

/// The value at cumulative probability `u` in [0, 1] (rounded for integer parameters when
/// `integer` is true).
double quantile(const UncertainParam& p, double u, bool integer = false);

/// The prior's cumulative probability at `x` (the inverse of quantile for continuous priors).
double cdf(const UncertainParam& p, double x);

/// One override per prior: the values at the unit-cube point `u` (u.size() == priors.size()).
std::vector<Override> at_point(const Scenario& s, const std::vector<UncertainParam>& priors,
                               const std::vector<double>& u);

/// "uniform [0.1, 0.5]", "normal(0.3, 0.1) on [0, 1]", ... for tables.
std::string describe(const UncertainParam& p);

}  // namespace orgforces::model
