#pragma once
// Reading a stored calibration (a run of kind "calibrate") back as per-world parameter draws, for
// `run --posterior ID` and `whatif --posterior ID`.

#include <cstdint>
#include <string>
#include <vector>

#include "app/cli/db_common.hpp"
#include "model/scenario.hpp"
#include "sim/ensemble.hpp"

namespace orgforces::cli {

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

/// Adds the observations to a calibration's stored result: per observed series one replicate-values
/// row, entity "observed:ENTITY", holding tick, value, tick, value, ...
void store_observations(const std::vector<ObservedValue>& observed, sim::EnsembleResult& stored);

/// Loads calibration `id`; throws UsageError when it is missing, not a calibration, or made for a
/// scenario with another name than `s`.
PosteriorSample load_posterior(const DbOptions& db, std::int64_t id, const model::Scenario& s);

/// "Bands cover chance and the posterior of calibration 7 (2 parameters: ...)".
std::string posterior_note(const PosteriorSample& p);

}  // namespace orgforces::cli
