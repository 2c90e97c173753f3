#pragma once
// What the claim tests share: a scenario from YAML text with overrides, and the ensemble figures
// they compare (each fails the test, naming what is missing, when the result lacks it).

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "model/loader.hpp"
#include "model/registry.hpp"
#include "sim/ensemble.hpp"

namespace orgforces::claims {

using Sets = std::vector<std::pair<std::string, double>>;

/// The head of a claim scenario's YAML: its name, horizon, seed and replicates, the practice space
/// of horizon and exploration, and the first lines of an organization of `units` (a YAML list)
/// whose default practice is 0.3 on both; the rest of the organization block follows it.
inline std::string preamble(const std::string& name, int horizon, int seed, int replicates, const std::string& units) {
    return "name: " + name + "\nhorizon: " + std::to_string(horizon) + "\nseed: " + std::to_string(seed) +
           "\nreplicates: " + std::to_string(replicates) +
           "\ndimensions:\n"
           "  - {name: horizon, low: short, high: long}\n"
           "  - {name: exploration, low: keep, high: explore}\n"
           "organization:\n"
           "  units: " + units + "\n"
           "  baseline: {horizon: 0.3, exploration: 0.3}\n";
}

/// The scenario in `text` (named `file` in errors) with each (path, value) of `sets` applied.
inline model::Scenario scenario_with(const std::string& text, const char* file, const Sets& sets = {}) {
    std::vector<model::Override> overrides;
    for (const auto& [path, value] : sets) overrides.push_back(model::Override{path, value, {}});
    return model::apply_overrides(model::load_scenario_text(text, file), overrides);
}

/// The ensemble mean of `measure` for `team` at `tick` (the horizon when negative).
inline double mean_at(const sim::EnsembleResult& r, const std::string& team, const std::string& measure, int tick = -1) {
    const sim::Series* series = r.find_series(team, measure);
    REQUIRE_MESSAGE(series != nullptr, team << " " << measure);
    return tick < 0 ? series->ticks.back().mean : series->ticks.at(std::size_t(tick)).mean;
}

/// The ensemble mean of `measure` for `team` summed over every tick.
inline double mean_over_run(const sim::EnsembleResult& r, const std::string& team, const std::string& measure) {
    const sim::Series* series = r.find_series(team, measure);
    REQUIRE_MESSAGE(series != nullptr, team << " " << measure);
    double sum = 0.0;
    for (const auto& b : series->ticks) sum += b.mean;
    return sum;
}

/// A run-level figure (p_success, expected_value, ...) of `entity`.
inline double scalar(const sim::EnsembleResult& r, const std::string& entity, const std::string& measure) {
    const auto* x = r.find_scalar(entity, measure);
    REQUIRE_MESSAGE(x != nullptr, entity << " " << measure);
    return x->value;
}

}  // namespace orgforces::claims
