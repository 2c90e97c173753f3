#pragma once
// The dynamics of one tick in one place (docs/model.md#one-tick): the scenario versions its events
// produce, each compiled to what every team feels per tick (the regime), the environment default,
// the stability condition and the linear pull on a team's practice. The engine, the analytic
// oracle, validation, ensemble summaries and the dashboard all use these, so they cannot disagree.

#include <string>
#include <vector>

#include "model/diagnostics.hpp"
#include "model/scenario.hpp"

namespace orgforces::model {

/// Schedule factor at `tick` (docs/model.md#gravity): 0 outside [start, end], `multiplier` during a
/// pulse, `between` outside pulses (and before `offset`), 1 for a constant schedule.
double schedule_factor(const Schedule& schedule, int tick);

/// Average schedule factor over one pulse period (1 for a constant schedule).
double mean_schedule_factor(const Schedule& schedule);

/// Largest schedule factor any tick can see (the stability condition's worst case).
double peak_schedule_factor(const Schedule& schedule);

/// A scenario version: the scenario as its events have changed it from tick `start` on.
struct ScenarioVersion {
    int start = 0;
    Scenario scenario;
    /// The events of tick `start` that merge or split teams, in the order they apply: the engine
    /// moves people by them when the version takes over.
    std::vector<Event> regroupings = {};
};

/// `s` as event `e` changes it (docs/model.md#events): its assignments, its move, its leader
/// change (in the interim's leadership when it has one), its layoff policy on the sizes it sets,
/// its merge or split (declared sizes follow the people; absorbed teams stop hiring, their
/// ventures pass to the merged team).
Scenario apply_event(const Scenario& s, const Event& e);

/// The original scenario (start 0), then one version per distinct event tick (and end of a
/// leader's interim) up to the horizon, events applied cumulatively in tick order
/// (docs/model.md#events).
std::vector<ScenarioVersion> scenario_versions(const Scenario& s);

/// One scenario version compiled to flat index arrays: what each team feels each tick.
struct Regime {
    int T = 0, D = 0, K = 0, C = 0;
    // Gravity: G forces (a disabled force has strength 0).
    int G = 0;
    std::vector<double> strength;            // G
    std::vector<Schedule> schedule;          // G
    std::vector<double> target;              // G × D (0 where not named)
    std::vector<double> mask;                // G × D (1 where named)
    std::vector<double> mask_count;          // G: |W_g|
    std::vector<unsigned char> reach;        // T × G
    // Teams.
    std::vector<double> leadership, shielding, mu, h0, ext_frac, growth, spread;  // T
    std::vector<double> selectivity;         // T: share of a hire's gap to the code that selection closes
    std::vector<unsigned char> replace;      // T
    std::vector<int> leader_generation;      // T: a change marks a new leader (no wear, intent anew)
    std::vector<double> intent;              // T × D (declared)
    std::vector<double> ext_practice;        // T × D
    std::vector<double> ext_assumptions;     // T × K
    std::vector<double> defaults;            // T × D: environment default e
    // Water (a disabled force has all rates 0, so its levels stay put and act on nothing).
    std::vector<double> socialization, code_learning, prevalence;  // K
    std::vector<double> follow;              // K: share of the gap to the code the held code closes per tick
    std::vector<double> declared_code;       // K: the code this version declares (NaN: none)
    std::vector<double> lean_w, lean_v;      // K × D: ω·U and ω·U·v
    std::vector<unsigned char> leans_any;    // D: some water force leans on d
    std::vector<double> filter;              // K × C
    // Scope of each culture (model/reach.hpp culture_scope), T × K: reached, the level inside hires
    // bring, the unit's offset from the code; scoped[k] when any team is outside or offset.
    std::vector<unsigned char> water_reach;
    std::vector<double> local_prevalence, code_offset;
    std::vector<unsigned char> water_scoped; // K
    // Organization.
    double idea_rate = 0, sigma = 0, phi = 0, eta = 0, eps = 0;
    double friction_scale = 1, wear_rate = 0;  // κ and ρ of docs/model.md#friction
    std::vector<double> mix_share;           // C, summing to 1
    int explore_dim = -1;
    // Collaboration links (CSR): team t pulls toward link_team[j] with rate link_rate[j].
    std::vector<int> link_begin;             // T + 1
    std::vector<int> link_team;
    std::vector<double> link_rate;
};

/// Compiles `s` (already validated for names and vector sizes); no stability check.
Regime compile_regime(const Scenario& s);

/// The environment default of every team (docs/model.md#environment-default), T × D: per dimension
/// the targets of the enabled gravity forces reaching the team, weighted by strength × mean schedule
/// factor (shielding ignored), or organization.baseline where none names the dimension.
std::vector<double> environment_defaults(const Scenario& s);

/// The environment default of one team (size D).
std::vector<double> environment_default(const Scenario& s, int team);

/// A team whose summed per-tick rates on some dimension reach 1.
struct StabilityProblem {
    int team = 0;
    std::string message;
};

/// The stability condition (docs/model.md#stability): one problem per unstable team, in team
/// order; empty when every team is stable.
std::vector<StabilityProblem> stability_problems(const Scenario& s, const Regime& r);

/// The same problems as diagnostics at each team's position (what the engine throws).
std::vector<Diagnostic> stability_diagnostics(const Scenario& s, const Regime& r);

/// Per-force strength × schedule factor at `tick` (G entries).
void force_factors(const Regime& r, int tick, double* factors);

/// The linear pull of gravity after shielding, leadership and peers on team `t`
/// (docs/model.md#practice): alpha[d] = λ' + μ + Σ_g gk_g W_gd and beta[d] = λ' m_d + μ x̄_d +
/// Σ_g gk_g W_gd t_gd, where gk_g = (1 − s) · factors[g] for the forces reaching t (written to
/// gk, G entries) and λ' = λ (1 − wear) the leadership left by the leaders' wear. `intent` is the
/// team's current intent, `mean` its mean practice (read only when mu ≠ 0). Each person then moves
/// by beta − alpha p (before leans, links and noise).
void team_pull(const Regime& r, int t, const double* factors, const double* intent, double mu,
               const double* mean, double* alpha, double* beta, double* gk, double wear = 0.0);

/// What gravity presses on a team (docs/model.md#friction): the share the team feels and the share
/// its leaders absorb, each saturated into [0, 1).
struct Pressure {
    double friction = 0.0;  ///< F: felt by the team
    double load = 0.0;      ///< L: absorbed by its leaders (shielding)
};

/// Pressure on team `t` at mean practice `mean` under the force factors of force_factors.
Pressure pressure(const Regime& r, int t, const double* factors, const double* mean);

/// The saturation 1 − exp(−x / κ) that maps a pressure x ≥ 0 into [0, 1).
double saturate(double x, double scale);

/// Leaders' wear after one tick under load `load` (docs/model.md#friction): w + ρ (L − w).
double next_wear(const Regime& r, double wear, double load);

/// The held code of water force `w` after one tick toward the code (docs/model.md#water).
double follow_code(const Regime& r, int w, double held, double code);

/// Whether version `next` declares a code for water force `w` that `prev` did not (an event set
/// `initial_code`): the code then jumps to it (docs/model.md#events).
bool declares_new_code(const Regime& prev, const Regime& next, int w);

/// The code of water force `w` as team `t` holds it: the organization's `code` shifted by its
/// unit's offset, within [0, 1].
double team_code(const Regime& r, int t, int w, double code);

/// Adds the water leans at assumption levels `levels` (K) to alpha and beta (D each).
void add_leans(const Regime& r, const double* levels, double* alpha, double* beta);

}  // namespace orgforces::model
