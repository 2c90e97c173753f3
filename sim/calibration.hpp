#pragma once
// Calibration (docs/uncertainty.md): fitting the uncertain parameters to observations of one
// organization by ABC-SMC, approximate Bayesian computation with sequential Monte Carlo
// (Beaumont et al. 2009, population Monte Carlo weights) and adaptive tolerances (Del Moral et
// al. 2012: each generation's tolerance is a quantile of the previous generation's distances).
//
// Particles live on the unit cube (priors enter through their quantile functions), where the
// prior density is 1; the perturbation kernel is a Gaussian truncated to the cube with twice the
// weighted variance of the previous population. Each simulation is `replicates` fresh replicates
// (one by default: one organization, as observed) with their own random streams. Proposals are
// made and accepted in a fixed order from the seed, so any thread count gives the same posterior.

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "model/scenario.hpp"
#include "sim/results.hpp"

namespace orgforces::sim {

/// One observed value: a team's series (as `run` names them) at a tick, or a venture's
/// `succeeded` (1 if it had succeeded by the tick, else 0); sd (optional) sets its scale in the
/// distance, else the prior predictive spread does.
struct Observation {
    std::string entity;
    std::string measure;
    int tick = 0;
    double value = 0.0;
    double sd = std::numeric_limits<double>::quiet_NaN();
    model::SourcePos pos;
};

/// Parses a CSV with header entity,measure,tick,value[,sd]. Throws model::ScenarioError with
/// file:line:column for an empty file, a bad header, an unknown team, venture or measure, a tick outside
/// [0, horizon], a value that is not a finite number, or an sd that is not positive.
std::vector<Observation> read_observations(std::string_view text, const std::string& origin, const model::Scenario& s);

struct CalibrationOptions {
    std::vector<model::UncertainParam> priors;   ///< empty: the scenario's `uncertain:`
    int particles = 200;
    int generations = 8;            ///< at most, after the prior generation
    double quantile = 0.5;          ///< next tolerance: this quantile of the population's distances
    double min_acceptance = 0.03;   ///< stop when a generation would accept fewer proposals than this
    int replicates = 1;             ///< per simulation
    std::uint64_t seed = 1;
    int threads = 0;
    std::function<void(int generation, int simulations)> on_progress;
};

struct CalibrationGeneration {
    double tolerance = 0.0;         ///< infinity for the prior generation
    int simulations = 0;
    double acceptance = 0.0;        ///< accepted / simulated
    double ess = 0.0;               ///< effective sample size of the weights
};

struct ParameterPosterior {
    std::string path;
    double median = 0.0, lo = 0.0, hi = 0.0;   ///< 50%, 5% and 95% weighted quantiles
    double prior_lo = 0.0, prior_hi = 0.0;     ///< the prior's 5% and 95% quantiles, for comparison
};

struct Calibration {
    std::vector<model::UncertainParam> priors;
    std::vector<Observation> observations;
    std::vector<double> scales;                      ///< per observation, in the distance
    std::vector<std::vector<double>> values;         ///< particles x parameters (parameter values)
    std::vector<double> weights;                     ///< normalized
    std::vector<double> distances;
    std::vector<CalibrationGeneration> generations;
    std::vector<ParameterPosterior> parameters;
    int simulations = 0;
    std::string stopped;                             ///< why the sequence ended
};

/// Runs ABC-SMC; throws std::invalid_argument without priors or observations.
Calibration calibrate(const model::Scenario& s, const std::vector<Observation>& observations,
                      const CalibrationOptions& options);

/// The weighted p-quantile of `x` (weights need not be normalized).
double weighted_quantile(const std::vector<double>& x, const std::vector<double>& w, double p);

}  // namespace orgforces::sim
