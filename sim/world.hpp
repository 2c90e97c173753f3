#pragma once
// The engine for one replicate (docs/model.md#one-tick): a Scenario compiled once into a
// flat, index-based World, and a Replicate holding every person's practice and assumption levels
// as structure-of-arrays buffers (people of a team contiguous) that step() advances one tick.
//
// Sections: [measures] [world] [replicate]

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "model/dynamics.hpp"
#include "model/scenario.hpp"
#include "sim/rng.hpp"
#include "sim/trace.hpp"
#include "sim/ventures.hpp"

namespace orgforces::sim {

// [measures] -----------------------------------------------------------------------------------

/// The fixed per-team measures, in trace order; then assumption:<water> for each water force,
/// ideas_produced:<kind> and ideas_dismissed:<kind> for each idea kind (organization.idea_mix order),
/// practice:<dimension> (the team's mean practice) for each dimension.
enum TeamMeasure : int { kDrift, kDistanceToDefault, kIntentKept, kFriction, kLeaderLoad, kCapacity, kHeadcount, kLeavers, kHires, kSpread, kFixedMeasures };

// [world] --------------------------------------------------------------------------------------

/// The coefficients of one scenario version (between events): model/dynamics.hpp.
using Regime = model::Regime;

/// A scenario compiled for the engine; immutable and shared by every replicate and thread.
class World {
public:
    /// Compiles `s` (and the scenario versions its events produce). Throws model::ScenarioError
    /// if the summed rates on a dimension reach 1 (the explicit update would overshoot).
    explicit World(const model::Scenario& s);
    ~World();
    World(const World&) = delete;
    World& operator=(const World&) = delete;

    const model::Scenario& scenario() const { return scenario_; }
    int teams() const { return T_; }
    int dimensions() const { return D_; }
    int waters() const { return K_; }
    int kinds() const { return C_; }
    int horizon() const { return H_; }
    int measures_per_team() const { return M_; }
    /// Series of one replicate's trace: team-major, measure-minor (index team * M + measure).
    const std::vector<SeriesSpec>& series() const { return series_; }
    /// The environment default e of each team, T × D (docs/model.md).
    const std::vector<double>& defaults() const;

    /// Starting assumption level of water force `k` in team `t` (0 outside its reach).
    double start_assumption(int t, int k) const { return start_levels_[std::size_t(t) * K_ + k]; }

    /// A trace model running this world (which must outlive it).
    TraceModel trace_model() const;

    struct Layout;  // slot ranges of teams in the person arrays
    const Layout& layout() const { return *layout_; }
    /// Regime in force from tick regime_start(i) on; regime 0 starts at tick 0.
    int regimes() const { return static_cast<int>(regimes_.size()); }
    const Regime& regime(int i) const { return *regimes_[i]; }
    int regime_start(int i) const { return regime_start_[i]; }
    const model::Scenario& regime_scenario(int i) const { return regime_scenarios_[i]; }
    /// The merges and splits that move people when regime `i` takes over, in order.
    const std::vector<model::Event>& regroupings(int i) const { return regroupings_[i]; }

private:
    model::Scenario scenario_;
    int T_ = 0, D_ = 0, K_ = 0, C_ = 0, H_ = 0, M_ = 0;
    std::vector<SeriesSpec> series_;
    std::unique_ptr<Layout> layout_;
    std::vector<std::unique_ptr<Regime>> regimes_;
    std::vector<int> regime_start_;
    std::vector<model::Scenario> regime_scenarios_;
    std::vector<std::vector<model::Event>> regroupings_;
    std::vector<double> start_levels_;  // T × K
};

// [replicate] ----------------------------------------------------------------------------------

/// One replicate's state. All buffers are allocated in the constructor; reset() and step() do not
/// allocate (except when an event switches the scenario version of the ventures).
class Replicate {
public:
    /// `with_ventures`: also step the scenario's ventures (VentureBook) each tick.
    explicit Replicate(const World& world, bool with_ventures = true);
    ~Replicate();
    Replicate(const Replicate&) = delete;
    Replicate& operator=(const Replicate&) = delete;

    /// The state at tick 0 of `replicate` in a run seeded with `seed`.
    void reset(std::uint64_t seed, int replicate);
    /// Advances one tick (docs/model.md#one-tick order: forces, ideas, ventures, practice, water, intent
    /// erosion, turnover, new means).
    void step();
    /// Writes this tick's measures into a trace laid out like World::series() with H+1 ticks.
    void record(double* trace) const;
    /// reset + record + horizon × (step + record); appends venture outcomes.
    void run(std::uint64_t seed, int replicate, double* trace, ReplicateExtras& extras);

    int tick() const { return tick_; }
    int headcount(int team) const;
    double mean_practice(int team, int d) const;
    double mean_assumption(int team, int w) const;
    double code(int w) const;
    double friction(int team) const;
    double capacity(int team) const;
    double intent(int team, int d) const;          ///< current (possibly eroded) intent
    std::int64_t person_ticks() const { return person_ticks_; }

    struct State;

private:
    const World& world_;
    std::unique_ptr<State> st_;
    int tick_ = 0;
    std::int64_t person_ticks_ = 0;
};

}  // namespace orgforces::sim
