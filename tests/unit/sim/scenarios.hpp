#pragma once
// Small scenarios built in code for the engine's property tests.

#include <string>

#include "model/loader.hpp"
#include "model/scenario.hpp"
#include "orgforces/source_dir.hpp"

namespace orgforces::test {

/// The bundled hello-world scenario, cut to `horizon` ticks (half a year by default: enough for
/// its drift to show, short enough for designs of many runs).
inline model::Scenario hello_world(int horizon = 26) {
    model::Scenario s = model::load_scenario_file(std::string(ORGFORCES_SOURCE_DIR) + "/scenarios/hello-world.yaml");
    s.horizon = horizon;
    return s;
}

/// One team of `size` people in 2 dimensions (horizon, exploration), no noise, no turnover, no
/// water, no ideas, no network: every mechanism off until a test turns it on.
inline model::Scenario quiet_scenario(int size = 20, int horizon = 60) {
    model::Scenario s;
    s.name = "test";
    s.horizon = horizon;
    s.replicates = 8;
    s.seed = 7;
    s.dimensions = {{"horizon", "short", "long"}, {"exploration", "keep", "explore"}};
    s.organization.name = "org";
    s.organization.units = {{"lab", "", {}}};
    s.organization.baseline = {0.3, 0.2};
    s.organization.idea_mix = {{"engineering", 1.0}};
    s.organization.idea_rate = 0.0;
    s.organization.peer_conformity = 0.0;
    s.organization.network_influence = 0.0;
    s.organization.noise = 0.0;
    s.organization.friction_attrition = 0.0;
    model::Team t;
    t.name = "frontier";
    t.unit = "lab";
    t.size = size;
    t.intent = {0.8, 0.9};
    t.initial_spread = 0.0;
    t.leadership = 0.05;
    t.base_attrition = 0.0;
    s.teams.push_back(t);
    return s;
}

/// A constant gravity force pulling every team toward `target` with `strength`.
inline model::GravityForce gravity(const std::string& name, std::vector<std::optional<double>> target, double strength) {
    model::GravityForce g;
    g.name = name;
    g.target = std::move(target);
    g.strength = strength;
    return g;
}

/// A water force with the given socialization rate and no lean.
inline model::WaterForce water(const std::string& name, double prevalence, double socialization) {
    model::WaterForce w;
    w.name = name;
    w.prevalence = prevalence;
    w.socialization = socialization;
    w.leans = {std::nullopt, std::nullopt};
    return w;
}

}  // namespace orgforces::test
