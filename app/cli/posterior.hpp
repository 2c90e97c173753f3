#pragma once
// Reading a stored calibration (a run of kind "calibrate") back as per-world parameter draws, for
// `run --posterior ID` and `whatif --posterior ID`.

#include <cstdint>
#include <string>
#include <vector>

#include "app/cli/db_common.hpp"
#include "model/scenario.hpp"
#include "sim/ensemble.hpp"
#include "sim/uncertainty.hpp"

namespace orgforces::cli {

using sim::PosteriorSample;

/// Loads calibration `id`; throws UsageError when it is missing, not a calibration, or made for a
/// scenario with another name than `s`.
PosteriorSample load_posterior(const DbOptions& db, std::int64_t id, const model::Scenario& s);

/// "Bands cover chance and the posterior of calibration 7 (2 parameters: ...)".
std::string posterior_note(const PosteriorSample& p);

}  // namespace orgforces::cli
