#pragma once
// Policy search with two or more objectives (docs/uncertainty.md): the Pareto front of the settings
// a director controls, by NSGA-II (Deb et al. 2002, pagmo2's implementation). Every candidate runs
// the same replicates with the same seed and, under uncertainty, the same parameter draws, so the
// objectives are deterministic functions of the decision and the front is robust over the priors.
// Candidates are evaluated one at a time (each ensemble uses the threads), so a seed fixes the
// front for any thread count.

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "model/scenario.hpp"
#include "sim/attribution.hpp"

namespace orgforces::sim {

/// A candidate: its decision values and its objective values.
struct ParetoPoint {
    std::vector<double> decision;
    std::vector<double> objectives;
};

/// Objectives to minimize at a point of the unit cube [0, 1]^k.
using UnitObjectives = std::function<std::vector<double>(const std::vector<double>& u)>;

/// NSGA-II on [0, 1]^k minimizing `f`'s `objectives` values: `population` (rounded up to a multiple
/// of 4, at least 8) evolved for `generations`. Returns the non-dominated points among everything
/// evaluated (decision = u), sorted by the first objective; `evaluations` receives the count.
std::vector<ParetoPoint> nsga2_front(const UnitObjectives& f, int k, int objectives, int population, int generations,
                                     std::uint64_t seed, int* evaluations = nullptr,
                                     const std::function<void(int done, int total)>& on_progress = {});

/// True when a is no worse than b in every objective and better in one (all minimized).
bool dominates(const std::vector<double>& a, const std::vector<double>& b);

struct ParetoOptions {
    std::vector<model::UncertainParam> decisions;   ///< settings to choose, in [lo, hi]
    std::vector<Measure> objectives;                ///< two or more
    std::vector<bool> maximize;                     ///< per objective
    std::vector<model::UncertainParam> priors;      ///< drawn per world of 8 replicates when not empty
    int replicates = 32;                            ///< per candidate
    std::optional<std::uint64_t> seed;
    int threads = 0;
    int population = 16;
    int generations = 8;
    std::function<void(int, int)> on_progress;      ///< (candidates evaluated, expected total)
};

struct ParetoResult {
    std::vector<ParetoPoint> front;   ///< decision values and measure values (not negated), by the first objective
    int evaluations = 0;
    std::uint64_t seed = 0;           ///< every candidate's and the search's, resolved (sim/run_plan.hpp)
};

/// The Pareto front of the decisions for the objectives over the scenario's ensembles.
ParetoResult pareto(const model::Scenario& s, const ParetoOptions& options);

}  // namespace orgforces::sim
