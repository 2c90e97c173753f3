#pragma once
// Policy search (docs/uncertainty.md): the settings a director controls that best meet an
// objective, subject to constraints, robustly over the uncertainty. NLopt's COBYLA (derivative-
// free, with inequality constraints; Powell 1994) works on the mean of the measure over plausible
// worlds; every candidate runs with the same seed and the same parameter draws (common random
// numbers), so the objective is a deterministic function of the decision.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/scenario.hpp"
#include "sim/attribution.hpp"

namespace orgforces::sim {

/// A measure kept on one side of a bound: `measure <= bound` or `measure >= bound`.
struct Constraint {
    Measure measure;
    bool at_least = false;
    double bound = 0.0;
};

struct OptimizeOptions {
    std::vector<model::UncertainParam> decisions;   ///< the settings to choose, in [lo, hi] (uniform ranges)
    Measure objective;
    bool maximize = true;
    std::vector<Constraint> constraints;
    std::vector<model::UncertainParam> priors;      ///< drawn per world of 8 replicates when not empty
    int replicates = 64;                            ///< per candidate
    std::optional<std::uint64_t> seed;
    int threads = 0;
    int evaluations = 40;                           ///< at most
    std::function<void(int, int)> on_progress;      ///< (evaluations done, at most)
};

struct OptimizeResult {
    std::vector<double> start, best;                 ///< decision values
    double start_objective = 0.0, best_objective = 0.0;
    std::vector<double> best_constraints;            ///< measure values at the best point
    std::vector<bool> met;                           ///< per constraint, within 1e-4 (1 + |bound|)
    bool feasible = true;                            ///< the best point meets every constraint
    int evaluations = 0;
    std::uint64_t seed = 0;                          ///< every candidate's, resolved (sim/run_plan.hpp)
    std::string stopped;                             ///< NLopt's reason
};

/// Finds the decision values; starts from the scenario's own values (clamped into the ranges).
OptimizeResult optimize(const model::Scenario& s, const OptimizeOptions& options);

/// Parses `KIND:NAME<=X` or `KIND:NAME>=X`; throws std::invalid_argument.
Constraint parse_constraint(const model::Scenario& s, const std::string& text);

}  // namespace orgforces::sim
