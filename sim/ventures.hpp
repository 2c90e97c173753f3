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
    double capacity = 1.0;                  ///< 1 - phi * friction, floored
    const double* mean_practice = nullptr;  ///< D values: the team's mean practice
    /// Per idea kind (in the order of Organization::idea_mix), the share of this team's ideas that
    /// survive the water filters this tick, in [0,1].
    const double* idea_survival = nullptr;
    double headcount = 0.0;
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
    /// Appends one outcome per venture for this replicate, as of the horizon.
    void collect(int replicate, std::vector<VentureOutcome>& out) const;

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

/// Ensemble views of venture outcomes (P(success), E[value], E[salvage | failure], promotion
/// odds, recovery times, Kaplan-Meier survival, stones ranked by salvage) added to `result`.
void summarize_ventures(const model::Scenario& s, const std::vector<VentureOutcome>& outcomes,
                        EnsembleResult& result);

}  // namespace orgforces::sim
