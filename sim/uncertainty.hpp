#pragma once
// Runs whose parameters are drawn per replicate: bands that cover ignorance as well as chance.
// A draw depends only on (seed, world), where a world is `per_world` consecutive replicates
// sharing one draw, so results are bit-identical for any thread count and MPI split, and arms of
// a what-if run on the same seed share both the draws and the random numbers.

#include <cstdint>
#include <string>
#include <vector>

#include "model/scenario.hpp"
#include "sim/ensemble.hpp"
#include "sim/trace.hpp"

namespace orgforces::sim {

class World;

/// The point of the unit cube that world `world` of a run seeded `seed` draws (k values in (0,1)).
std::vector<double> world_point(std::uint64_t seed, int world, int k);

/// Replicate overrides drawing `priors` once per world of `per_world` replicates, followed by
/// `then` (a what-if variant's settings, which win over a draw of the same path).
ReplicateOverrides prior_draws(const model::Scenario& s, std::vector<model::UncertainParam> priors, int per_world = 1,
                               std::vector<model::Override> then = {});

/// Replicate overrides taking each world's parameters from a weighted sample (e.g. a calibration's
/// posterior): `sample[i]` holds one value per path, picked with probability proportional to
/// weights[i].
ReplicateOverrides sample_draws(std::vector<std::string> paths, std::vector<std::vector<double>> sample,
                                std::vector<double> weights, int per_world = 1, std::vector<model::Override> then = {});

/// One observation a calibration was fitted to.
struct ObservedValue {
    std::string entity, measure;
    int tick = 0;
    double value = 0.0;
};

/// A calibration's posterior sample: parameter paths, one row of values per particle, weights,
/// and the observations it was fitted to (empty for calibrations stored before they were kept).
struct PosteriorSample {
    std::int64_t id = 0;
    std::vector<std::string> paths;
    std::vector<std::vector<double>> values;
    std::vector<double> weights;
    std::vector<ObservedValue> observed;
};

/// Adds a posterior sample to a calibration's stored result: per parameter a replicate-values row
/// (entity "posterior", measure = path, one value per particle), the weights (measure "weight"),
/// and per observed series a row with entity "observed:ENTITY" holding tick, value, tick, value, ...
void store_posterior(const PosteriorSample& p, EnsembleResult& stored);

/// Reads back what store_posterior added (id left 0); paths or weights empty when it holds none.
PosteriorSample stored_posterior(const EnsembleResult& stored);

/// A trace model running replicate r of `base`'s scenario with overrides(seed, r) applied; its
/// series are `base`'s (the overrides may change numbers, not the set of teams or forces).
TraceModel varying_trace_model(const World& base, ReplicateOverrides overrides);

}  // namespace orgforces::sim
