#pragma once
// Global sensitivity (docs/uncertainty.md): how much of a measure's variance over the priors each
// uncertain parameter explains. Two methods, both on the unit cube (priors enter through their
// quantile functions, model/uncertain.hpp):
//
// - Sobol: Saltelli sampling on a Sobol sequence (matrices A, B and the k matrices A_B^i) with the
//   Saltelli (2010) first-order and Jansen total-order estimators; bootstrap percentile intervals.
// - Morris: elementary effects along random one-at-a-time trajectories on a p-level grid; mu*
//   (mean absolute effect), mu and sigma, for screening many parameters cheaply.
//
// The estimators are plain functions of a design and its outputs, so any model can be analysed;
// sensitivity() runs the engine at every design point on common random numbers.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/scenario.hpp"
#include "sim/attribution.hpp"

namespace orgforces::sim {

// [designs and estimators] --------------------------------------------------------------------

/// Saltelli's design for k parameters from N base points of a 2k-dimensional Sobol sequence
/// (its first point, the origin, skipped): rows A_1..A_N, B_1..B_N, then for each parameter i the
/// rows A_j with column i taken from B_j. N (k + 2) rows of k values in (0, 1).
std::vector<std::vector<double>> saltelli_design(int k, int n);

/// One parameter's Sobol indices with 95% bootstrap percentile intervals.
struct SobolIndex {
    double s1 = 0.0, s1_lo = 0.0, s1_hi = 0.0;   ///< first order (Saltelli 2010)
    double st = 0.0, st_lo = 0.0, st_hi = 0.0;   ///< total order (Jansen 1999)
};

/// Indices from the outputs y of saltelli_design(k, n), in its row order; `bootstrap` resamples
/// of the N base rows (0: no intervals) drawn from `seed`. All zero when y does not vary.
std::vector<SobolIndex> sobol_indices(const std::vector<double>& y, int k, int n, int bootstrap, std::uint64_t seed);

/// Morris trajectories: r trajectories of k + 1 rows each on a `levels`-level grid of [0, 1]
/// (step levels / (2 (levels - 1))), consecutive rows differing in one coordinate.
std::vector<std::vector<double>> morris_design(int k, int r, int levels, std::uint64_t seed);

/// One parameter's elementary-effect statistics, in units of the measure per whole unit-cube range.
struct MorrisIndex {
    double mu_star = 0.0, mu_star_lo = 0.0, mu_star_hi = 0.0;   ///< mean |effect|, bootstrap 95%
    double mu = 0.0;                                           ///< mean effect (signed)
    double sigma = 0.0;                                        ///< sd of the effects (interactions)
};

/// Statistics from the outputs y of morris_design(k, r, ...) with its `design`.
std::vector<MorrisIndex> morris_indices(const std::vector<std::vector<double>>& design, const std::vector<double>& y,
                                        int k, int r, int bootstrap, std::uint64_t seed);

// [engine] ------------------------------------------------------------------------------------

enum class SensitivityMethod { Sobol, Morris };

struct SensitivityOptions {
    SensitivityMethod method = SensitivityMethod::Sobol;
    std::vector<model::UncertainParam> priors;   ///< empty: the scenario's `uncertain:`
    std::vector<Measure> measures;               ///< empty: default_measures
    int samples = 0;               ///< Sobol: base points N (0: 512); Morris: trajectories r (0: 20)
    int replicates = 8;            ///< per design point, the same ones at every point (0: the scenario's)
    std::optional<std::uint64_t> seed;
    int threads = 0;
    int bootstrap = 200;
    int levels = 4;                ///< Morris grid
    std::function<void(int, int)> on_progress;   ///< (points done, total), serialized
};

/// One measure's indices, per prior in order (sobol or morris filled, by method).
struct MeasureSensitivity {
    Measure measure;
    double mean = 0.0, variance = 0.0;           ///< of the measure over the design's A and B rows
    std::vector<SobolIndex> sobol;
    std::vector<MorrisIndex> morris;
    /// Per prior: Pearson correlation of its quantile with the measure over the A and B rows
    /// (Sobol) or all points (Morris); its sign says whether raising the parameter raises the measure.
    std::vector<double> correlation;
};

struct SensitivityResult {
    SensitivityMethod method = SensitivityMethod::Sobol;
    std::vector<model::UncertainParam> priors;
    std::vector<MeasureSensitivity> measures;
    int samples = 0, points = 0, replicates = 0, bootstrap = 0;
    std::uint64_t seed = 0;
};

/// Runs the design: each point is `s` with the priors' values at that point, evaluated on the same
/// replicates and seed (common random numbers), so a parameter that cannot reach a measure leaves
/// it bit-identical and gets indices of exactly 0.
SensitivityResult sensitivity(const model::Scenario& s, const SensitivityOptions& options, const Evaluator& evaluate = {});

const char* to_string(SensitivityMethod m);

/// Ranges for a global ranking of settings: each path uniform over its value +- `spread` of the
/// value (a value of 0: the lowest `spread` of its range), clipped to the parameter's range; a path
/// the scenario's `uncertain:` names keeps its prior. Paths whose range would be empty are left out.
std::vector<model::UncertainParam> lever_priors(const model::Scenario& s, const std::vector<std::string>& paths,
                                                double spread = 0.5);

/// The global lever ranking of the report and the dashboard: a Sobol design over the default
/// lever paths (sim/levers.hpp) and the uncertain parameters, through lever_priors, for the
/// default measures without expected value (it ranks like the chance of success it scales).
SensitivityOptions global_lever_options(const model::Scenario& s);

}  // namespace orgforces::sim
