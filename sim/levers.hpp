#pragma once
// Levers (docs/surfacing.md#levers-sensitivity): tunable registry parameters ranked by their effect on chosen measures,
// from central finite differences run with common random numbers (both sides of a difference share
// seed and replicates, so the difference is the parameter's, not luck's). Intervals come from the
// paired differences of replicate batches. The analytic oracle (model/oracle.hpp) gives an instant
// first ranking for drift, shown beside the simulated one.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/scenario.hpp"
#include "sim/attribution.hpp"

namespace orgforces::sim {

struct LeverOptions {
    std::vector<Measure> measures;      ///< empty: default_measures
    std::vector<std::string> paths;     ///< registry paths; empty: default_lever_paths
    int replicates = 0;                 ///< 0: the scenario's `replicates`
    std::optional<std::uint64_t> seed;
    int threads = 0;                    ///< 0: all cores
    double step = 0.1;                  ///< half-width of the difference, as a share of the value
    std::function<void(int, int)> on_progress;   ///< (runs done, total), serialized
};

/// One parameter's effect: the change of each measure for +10% of the parameter's current value
/// (+10% of its range when the value is 0), so that a strength of 0.015 and a shielding of 0.3
/// compare; with a 95% interval from the paired differences of replicate batches.
struct Lever {
    std::string path;
    std::string description;
    double value = 0.0, min = 0.0, max = 1.0;
    double low = 0.0, high = 0.0;       ///< the two points actually run (clipped to the range)
    double unit = 0.0;                  ///< the +10% change the effects refer to
    std::vector<double> effect, lo, hi; ///< per measure
    double oracle_drift = 0.0;          ///< analytic change of steady drift (oracle team), same unit
    bool has_oracle = false;
};

struct LeverReport {
    std::vector<Measure> measures;
    std::vector<Lever> levers;          ///< in registry order
    std::string oracle_team;            ///< the team whose steady drift the oracle ranks ("" = none)
    int replicates = 0;
    int batches = 0;
    std::uint64_t seed = 0;
};

/// The levers a director can pull: strengths, schedules' multipliers and water settings of enabled
/// forces, and leadership, shielding, attrition, hiring and trip-wire settings of the focal teams.
std::vector<std::string> default_lever_paths(const model::Scenario& s, const std::vector<Measure>& measures);

/// Runs the finite differences (2 x batches ensembles per lever, in parallel).
LeverReport levers(const model::Scenario& s, const LeverOptions& options, const Evaluator& evaluate = {});

/// The analytic ranking alone (microseconds): oracle change of steady drift of `team` for +10% of
/// each parameter, no simulation. Used by levers() and by `analyze`.
std::vector<Lever> oracle_levers(const model::Scenario& s, const std::string& team,
                                 const std::vector<std::string>& paths, double step = 0.1);

/// Indices of `r.levers` ranked by |effect| on measure `m` (largest first).
std::vector<std::size_t> ranked(const LeverReport& r, std::size_t m);
/// Indices ranked by |oracle_drift| (levers without an oracle figure last).
std::vector<std::size_t> oracle_ranked(const std::vector<Lever>& levers);

}  // namespace orgforces::sim
