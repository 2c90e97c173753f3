#pragma once
// A run's settings resolved once against its scenario: what was asked for (replicates, seed,
// threads, overrides) wins, the rest comes from the scenario (`replicates`, `seed`) or the machine
// (threads). Commands, analyses and cluster jobs all start from a RunPlan, so the defaults and
// the guards live here only.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/scenario.hpp"
#include "sim/results.hpp"

namespace orgforces::sim {

struct EnsembleOptions;

/// What was asked for; zero or empty means "as the scenario says" or "all cores".
struct RunRequest {
    int replicates = 0;
    std::optional<std::uint64_t> seed;
    int threads = 0;
    std::vector<model::Override> overrides;   ///< already applied to the scenario given to resolve
};

/// Settings that cannot run (negative replicates or threads); a usage error at the command line.
struct RunSettingsError : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};

/// Settings with every default filled in.
struct RunPlan {
    std::string scenario_name;
    int horizon = 0;
    std::uint64_t seed = 0;
    int replicates = 1;                        ///< at least 1
    int threads = 0;                           ///< as asked, 0 meaning all cores (as stored)
    std::vector<model::Override> overrides;

    /// Resolves `request` against the scenario as it will run. Throws RunSettingsError.
    static RunPlan resolve(const model::Scenario& s, const RunRequest& request = {});
    /// The threads the run works on: `threads`, or every hardware thread when 0.
    int worker_threads() const;
    /// What the run is, for its result (no timings yet); threads are worker_threads().
    RunInfo info() const;
    /// Replicates, seed and threads of an ensemble run; callbacks and draws are the caller's.
    EnsembleOptions ensemble_options() const;
};

/// The machine's hardware threads, at least 1.
int hardware_threads();

}  // namespace orgforces::sim
