#pragma once
// Ventures inside one replicate: progress on stepping stones, hazards, reviews, failure and
// salvage, promotion of secondary benefits, the commons, problem classes and the trip-wire.
// The engine owns people and teams; each tick it hands the book what ventures can see of teams.

#include <memory>
#include <vector>

#include "model/scenario.hpp"
#include "sim/results.hpp"
#include "sim/rng.hpp"

namespace orgforces::sim {

/// What ventures see of one team at one tick (pointers valid during the call only).
struct TeamTick {
    double capacity = 1.0;                  ///< 1 - phi * friction, at least 0
    const double* mean_practice = nullptr;  ///< D values: the team's mean practice
    /// Per idea kind (in the order of Organization::idea_mix), this team's ideas that survived the
    /// water filters this tick; null: ideas are not modelled and stones need none.
    const double* ideas = nullptr;
    double headcount = 0.0;
};

/// A venture that succeeded during the last step: the culture's code learns from its team.
struct Success {
    int team = -1;   ///< index into Scenario::teams
    int ticks = 0;   ///< ticks from its start to its success
};

/// All ventures of one replicate. Built once per scenario, reset at the start of each replicate.
class VentureBook {
public:
    explicit VentureBook(const model::Scenario& s);
    ~VentureBook();
    VentureBook(VentureBook&&) noexcept;
    VentureBook& operator=(VentureBook&&) noexcept;

    /// Forgets all progress: the state at tick 0 of a new replicate.
    void reset();
    /// Takes force settings changed by an event (names and structure stay the same).
    void rebind(const model::Scenario& current);
    /// Advances every venture by one tick. `teams` is indexed like Scenario::teams.
    void step(int tick, const std::vector<TeamTick>& teams, Rng& rng);
    /// The ventures that succeeded during the last step, in venture order.
    const std::vector<Success>& successes() const;
    /// Appends one outcome per venture for this replicate, as of the horizon.
    void collect(int replicate, std::vector<VentureOutcome>& out) const;

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace orgforces::sim
