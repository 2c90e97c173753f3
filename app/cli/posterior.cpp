#include "app/cli/posterior.hpp"

#include <fmt/format.h>

#include <algorithm>

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
    PosteriorSample p;
    p.id = id;
    std::vector<const std::vector<double>*> columns;
    for (const auto& v : run.result.horizon_values) {
        if (v.entity.rfind("observed:", 0) == 0) {
            for (std::size_t i = 0; i + 1 < v.values.size(); i += 2)
                p.observed.push_back({v.entity.substr(9), v.measure, static_cast<int>(v.values[i]), v.values[i + 1]});
            continue;
        }
        if (v.entity != "posterior") continue;
        if (v.measure == "weight") {
            p.weights = v.values;
        } else {
            p.paths.push_back(v.measure);
            columns.push_back(&v.values);
        }
    }
    if (p.paths.empty() || p.weights.empty()) throw UsageError(fmt::format("calibration {} holds no posterior sample", id));
    for (std::size_t i = 0; i < p.weights.size(); ++i) {
        std::vector<double> row;
        for (const auto* c : columns) row.push_back(c->at(i));
        p.values.push_back(std::move(row));
    }
    return p;
}

void store_observations(const std::vector<ObservedValue>& observed, sim::EnsembleResult& stored) {
    for (const auto& o : observed) {
        const std::string entity = "observed:" + o.entity;
        auto it = std::find_if(stored.horizon_values.begin(), stored.horizon_values.end(),
                               [&](const sim::ReplicateValues& v) { return v.entity == entity && v.measure == o.measure; });
        if (it == stored.horizon_values.end()) it = stored.horizon_values.insert(stored.horizon_values.end(), {entity, o.measure, {}});
        it->values.push_back(o.tick);
        it->values.push_back(o.value);
    }
}

std::string posterior_note(const PosteriorSample& p) {
    std::string names;
    for (const auto& path : p.paths) names += (names.empty() ? "" : ", ") + path;
    return fmt::format("Bands cover chance and ignorance: each replicate drew its parameters from the posterior of "
                       "calibration {} ({} particles: {}).\n",
                       p.id, p.values.size(), names);
}

}  // namespace orgforces::cli
