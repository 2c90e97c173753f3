#pragma once
// The analytic oracle (docs/model.md#the-analytic-oracle): the mean-field of the engine's tick.
//
// Each team's mean practice x follows, per tick, the same linear pull the engine applies
// (model/dynamics.hpp: gravity after shielding, leadership, water leans at the team's mean
// assumption levels, links toward the other teams' means), then turnover replaces a share h of
// the team by hires at their mean practice:
//     x ← (1 − h) [ x + (b_t − A_t x) ] + h z,   h = attrition + friction_attrition · F(x).
// Assumption levels, the culture's code and eroding intent follow their own mean-field rules, and
// scheduled events switch the regime at their tick. Noise and clipping are left out; see
// oracle_scope(). Everything runs in milliseconds, without random numbers.

#include <string_view>
#include <vector>

#include "model/dynamics.hpp"
#include "model/scenario.hpp"

namespace orgforces::model {

/// What the analytic figures leave out, in one sentence: shown next to every analytic figure.
std::string_view oracle_scope();

/// Below this gap ‖m − e‖/√D between a team's intent m and its environment default e, the intent is
/// the organization's default in all but name, and intent kept is not shown (docs/model.md#measures).
inline constexpr double kMinIntentGap = 0.1;

/// (p − e)·(m − e) / ‖m − e‖² over D dimensions: the share of the intended deviation from the
/// default that practice p still shows (1 at the intent, 0 at the default; 1 when m = e).
double intent_projection(const double* p, const double* m, const double* e, std::size_t D);

/// Intent kept: intent_projection, or NaN when the gap between m and e is below kMinIntentGap.
double intent_kept(const double* p, const double* m, const double* e, std::size_t D);

/// Analytic figures for one team, in the regime in force at the horizon.
struct TeamOracle {
    std::vector<double> steady_state;         ///< x*: the mean practice the team settles at (size D)
    std::vector<double> environment_default;  ///< e (size D)
    /// intent_kept at x*; NaN when the intent is within kMinIntentGap of the default.
    double intent_surviving = 0.0;
    /// intent_kept of the mean-field trajectory at the horizon (what a run's figure compares with,
    /// since with intent erosion the steady state may lie far beyond it); NaN as above.
    double horizon_intent_kept = 0.0;
    double steady_drift = 0.0;    ///< ‖x* − m‖ / √D, m the declared intent
    double spectral_radius = 0.0; ///< of the period map (1 = no pull on some dimension)
    double half_life = 0.0;       ///< ticks for a gap to the steady state to halve (inf: never)
    double turnover = 0.0;        ///< share of the team replaced per tick at the steady state
    int period = 1;               ///< ticks of the team's period map (lcm of the pulse periods)
};

/// The oracle for every team of `s`, in team order. The steady state is the periodic orbit of the
/// regime in force at the horizon, over its last `period` ticks, reached from the mean-field
/// trajectory up to the horizon (so dimensions nothing pulls on keep where that leaves them).
std::vector<TeamOracle> analyze_teams(const Scenario& s);

/// The mean-field trajectories of every team: [team][tick 0..ticks][dimension]. Tick 0 is each
/// team's initial_practice (or intent), except `team`'s, which starts at `start` when given.
std::vector<std::vector<std::vector<double>>> mean_trajectories(const Scenario& s, int ticks, int team = -1,
                                                                const std::vector<double>& start = {});

/// The mean-field trajectory of team `team`: entries 0..ticks, each of size D.
std::vector<std::vector<double>> mean_trajectory(const Scenario& s, int team, int ticks,
                                                 const std::vector<double>& start = {});

}  // namespace orgforces::model
