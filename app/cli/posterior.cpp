#include "app/cli/posterior.hpp"

#include <fmt/format.h>

#include "app/cli/command.hpp"

namespace orgforces::cli {

PosteriorSample load_posterior(const DbOptions& db, std::int64_t id, const model::Scenario& s) {
    store::ResultsStore store = open_existing(db);
    const store::RunRecord record = require_run(store, id);
    if (record.spec.command != "calibrate")
        throw UsageError(fmt::format("run {} is a `{}` run, not a calibration (see `orgforces runs`)", id, record.spec.command));
    if (record.spec.scenario_name != s.name)
        throw UsageError(fmt::format("calibration {} was made for scenario '{}', not '{}'", id, record.spec.scenario_name, s.name));
    const store::StoredRun run = store.load_run(id);
    PosteriorSample p = sim::stored_posterior(run.result);
    p.id = id;
    if (p.paths.empty() || p.weights.empty()) throw UsageError(fmt::format("calibration {} holds no posterior sample", id));
    return p;
}

std::string posterior_note(const PosteriorSample& p) {
    std::string names;
    for (const auto& path : p.paths) names += (names.empty() ? "" : ", ") + path;
    return fmt::format("Bands cover chance and ignorance: each replicate drew its parameters from the posterior of "
                       "calibration {} ({} particles: {}).\n",
                       p.id, p.values.size(), names);
}

}  // namespace orgforces::cli
