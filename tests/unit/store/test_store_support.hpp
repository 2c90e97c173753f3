#pragma once
// Hand-built results and temporary files for the store tests.

#include <atomic>
#include <filesystem>
#include <string>

#include <unistd.h>

#include "sim/results.hpp"
#include "store/results_store.hpp"

namespace orgforces::store::testing {

/// A temporary directory removed on destruction.
struct TempDir {
    std::filesystem::path path;
    TempDir() {
        static std::atomic<int> counter{0};
        path = std::filesystem::temp_directory_path() /
               ("orgforces-store-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    std::string file(const std::string& name) const { return (path / name).string(); }
};

/// A small result with every kind of data; `salt` changes the numbers.
inline sim::EnsembleResult sample_result(int replicates = 4, double salt = 0.0) {
    sim::EnsembleResult r;
    r.info.scenario_name = "sample";
    r.info.seed = 42;
    r.info.replicates = replicates;
    r.info.horizon = 3;
    r.info.threads = 2;
    r.info.wall_seconds = 1.25;
    r.info.person_ticks = 1234;
    for (const char* team : {"frontier", "core"})
        for (const char* measure : {"drift", "friction"}) {
            sim::Series s{team, measure, {}};
            for (int t = 0; t <= 3; ++t) {
                const double m = 0.1 * t + salt + (std::string(team) == "core" ? 0.5 : 0.0);
                s.ticks.push_back(sim::Band{m, m - 0.01, m + 0.01, m - 0.2, m - 0.1, m, m + 0.1, m + 0.2});
            }
            r.series.push_back(std::move(s));
        }
    r.scalars.push_back(sim::Scalar{"moonshot", "p_success", 0.25 + 0.01 * salt, 0.1, 0.4, replicates});  // a probability for any salt below 75
    r.scalars.push_back(sim::Scalar{"moonshot", "expected_value", 3.5 + salt, 2.0, 5.0, replicates});
    for (int rep = 0; rep < replicates; ++rep) {
        sim::VentureOutcome o;
        o.replicate = rep;
        o.venture = "moonshot";
        o.status = rep % 2 ? sim::VentureStatus::Failed : sim::VentureStatus::Succeeded;
        o.end_tick = 2 + rep % 2;
        o.value = rep % 2 ? 0.0 : 10.0 + salt;
        o.salvage = rep % 2 ? 1.5 : 0.0;
        o.promoted = rep % 2 ? "dataset" : "";
        o.recovery_ticks = rep % 2 ? 7 : -1;
        o.tripwire_tick = -1;
        o.spiral_effort = 0.125 * rep;
        o.stones_done = rep;
        o.stones_reused = rep / 2;
        o.stones_graduated = 0;
        o.failure_cause = rep % 2 ? "review" : "";
        r.outcomes.push_back(o);
    }
    r.survival.push_back(sim::SurvivalCurve{"moonshot", {0, 3}, {1.0, 0.5}, {1.0, 0.2}, {1.0, 0.8}});
    r.survival.push_back(sim::SurvivalCurve{"alpha", {0}, {1.0}, {1.0}, {1.0}});
    sim::ReplicateValues hv{"frontier", "drift", {}};
    for (int rep = 0; rep < replicates; ++rep) hv.values.push_back(0.3 + 0.01 * rep + salt);
    r.horizon_values.push_back(hv);
    return r;
}

inline RunSpec sample_spec(const std::string& text = "name: sample\nhorizon: 3\n") {
    RunSpec s;
    s.scenario_name = "sample";
    s.scenario_text = text;
    s.overrides = {model::Override{"teams.frontier.shielding", 0.5, {}}};
    s.events = {model::Event{2, "reorg", {model::Override{"forces.okrs.strength", 0.2, {}}}, {}}};
    s.seed = 0xFFFF'FFFF'FFFF'FFF0ull;   // above INT64_MAX: must survive the signed column
    s.replicates = 4;
    s.horizon = 3;
    s.threads = 2;
    return s;
}

}  // namespace orgforces::store::testing
