#include "sim/run_plan.hpp"

#include <algorithm>
#include <thread>

#include "orgforces/version.hpp"
#include "sim/ensemble.hpp"

namespace orgforces::sim {

RunPlan RunPlan::resolve(const model::Scenario& s, const RunRequest& request) {
    if (request.replicates < 0) throw RunSettingsError("--replicates must be at least 1");
    if (request.threads < 0) throw RunSettingsError("--threads must be at least 1 (or 0 for all cores)");
    RunPlan plan;
    plan.scenario_name = s.name;
    plan.horizon = s.horizon;
    plan.seed = request.seed.value_or(s.seed);
    plan.replicates = request.replicates > 0 ? request.replicates : std::max(1, s.replicates);
    plan.threads = request.threads;
    plan.overrides = request.overrides;
    return plan;
}

int RunPlan::worker_threads() const { return threads > 0 ? threads : hardware_threads(); }

RunInfo RunPlan::info() const {
    RunInfo info;
    info.scenario_name = scenario_name;
    info.seed = seed;
    info.replicates = replicates;
    info.horizon = horizon;
    info.threads = worker_threads();
    info.engine_version = orgforces::kVersion;
    return info;
}

EnsembleOptions RunPlan::ensemble_options() const {
    EnsembleOptions options;
    options.replicates = replicates;
    options.seed = seed;
    options.threads = threads;
    return options;
}

int hardware_threads() { return static_cast<int>(std::max(1u, std::thread::hardware_concurrency())); }

}  // namespace orgforces::sim
