#pragma once
// Design points for parameter sweeps: full-factorial grids and Latin hypercube samples over
// registry paths. A design point is a list of overrides (model/registry.hpp applies them).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/scenario.hpp"
#include "sim/attribution.hpp"
#include "sim/results.hpp"

namespace orgforces::sim {

/// One axis of a grid: `steps` evenly spaced values from `from` to `to` (both included).
struct GridAxis {
    std::string path;
    double from = 0.0;
    double to = 0.0;
    int steps = 1;
};

/// One dimension of a sample: values in [min, max]; `integer` rounds them to whole numbers.
struct SampleRange {
    std::string path;
    double min = 0.0;
    double max = 1.0;
    bool integer = false;
};

using DesignPoint = std::vector<model::Override>;

/// Parses `PATH=FROM:TO:STEPS` (STEPS >= 1; one step means just FROM); throws
/// std::invalid_argument with a message naming the problem.
GridAxis parse_grid_axis(std::string_view text);

/// Parses `PATH` or `PATH=MIN:MAX`; `has_range` tells which.
SampleRange parse_sample_range(std::string_view text, bool& has_range);

/// The value of step `i` of `axis` (exact at both ends).
double grid_value(const GridAxis& axis, int i);

/// Every combination of the axes' values, the last axis varying fastest.
std::vector<DesignPoint> grid_points(const std::vector<GridAxis>& axes);

/// `n` points of a Latin hypercube over `ranges`: each range is cut into n equal strata and every
/// stratum holds exactly one point; positions and pairings come from `seed` (sim/rng.hpp).
std::vector<DesignPoint> latin_hypercube(const std::vector<SampleRange>& ranges, int n, std::uint64_t seed);

/// One measure against one swept parameter: per distinct value x of the parameter (ascending),
/// the average over the sweep points at that value (over the other parameters' values) of the
/// measure's mean and of its band: 5-95% of runs for a team measure at the horizon, the 95%
/// interval for a venture figure.
struct SweepCurve {
    std::string path;
    Measure measure;
    std::vector<double> x, mean, lo, hi;
    std::vector<int> points;   ///< sweep points averaged at each x
};

/// The curves of every parameter that varies across `points` (in order of first appearance) and
/// every measure, from the points' results (`results[i]` of `points[i]`; nullptr = not run, skipped).
/// A measure a result lacks is skipped for that point.
std::vector<SweepCurve> sweep_curves(const std::vector<DesignPoint>& points, const std::vector<const EnsembleResult*>& results,
                                     const std::vector<Measure>& measures);

}  // namespace orgforces::sim
