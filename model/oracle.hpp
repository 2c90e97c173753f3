#pragma once
// The analytic oracle (MODEL.md §12, docs/model.md "The analytic oracle").
//
// Holding a team's assumption levels fixed and ignoring clipping, noise, turnover, network influence
// and intent erosion, its mean practice follows a linear map per tick,
//     x_{t+1} = (I − A_t) x_t + b_t,
// where A_t and b_t collect gravity (reach, shielding, schedule), leadership and the water leans.
// Peer conformity cancels in the mean. Everything here is computed with Eigen in microseconds.

#include <vector>

#include "model/scenario.hpp"

namespace orgforces::model {

/// Schedule factor of a force at `tick`: 0 outside [start, end], the pulse multiplier during a
/// pulse, `between` outside pulses, 1 for a constant schedule.
double schedule_factor(const Schedule& schedule, int tick);

/// Average schedule factor over one pulse period (1 for a constant schedule).
double mean_schedule_factor(const Schedule& schedule);

/// The environment's default practice for team `team` (size D): per dimension, the equilibrium of
/// the enabled gravity forces reaching it (targets weighted by strength × mean schedule factor,
/// shielding ignored), or organization.baseline where no such force targets the dimension.
std::vector<double> environment_default(const Scenario& s, int team);

/// Analytic figures for one team.
struct TeamOracle {
    std::vector<double> steady_state;         ///< x*: fixed point of the period map (size D)
    std::vector<double> environment_default;  ///< e (size D)
    /// 1 − ‖x* − m‖ / ‖e − m‖; NaN when the intent equals the default (nothing to lose).
    double intent_surviving = 0.0;
    double steady_drift = 0.0;    ///< ‖x* − m‖ / √D
    double spectral_radius = 0.0; ///< of the period map (1 = no pull on some dimension)
    double half_life = 0.0;       ///< ticks for a gap to the steady state to halve (inf: never)
    int period = 1;               ///< ticks of the period map (lcm of the pulse periods)
};

/// The oracle for every team of `s`, in team order. The period map is formed over the last
/// `period` ticks before the horizon (so forces that start or end earlier are seen as scheduled).
std::vector<TeamOracle> analyze_teams(const Scenario& s);

/// The mean-practice trajectory of team `team`: entries 0..ticks, each of size D. Entry 0 is `start`
/// if given, else the team's initial_practice (or intent); entry t applies the forces of tick t.
std::vector<std::vector<double>> mean_trajectory(const Scenario& s, int team, int ticks,
                                                 const std::vector<double>& start = {});

}  // namespace orgforces::model
