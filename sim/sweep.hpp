#pragma once
// Design points for parameter sweeps: full-factorial grids and Latin hypercube samples over
// registry paths. A design point is a list of overrides (model/registry.hpp applies them).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/scenario.hpp"

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

}  // namespace orgforces::sim
