#pragma once
// The dashboard's figures as renderer-neutral chart data (viz/chart.hpp), built from an ensemble
// result; also the ensemble views the panels show as tables (gifts of failure). No ImGui here,
// so these are unit-testable and could be rendered to SVG just the same.

#include <optional>
#include <string>
#include <vector>

#include "model/dynamics.hpp"
#include "model/scenario.hpp"
#include "sim/results.hpp"
#include "viz/chart.hpp"

namespace orgforces::dash {

/// Median of `measure` for `entity` at `tick` (clamped to the series), or nullopt if absent.
std::optional<double> median_at(const sim::EnsembleResult& r, const std::string& entity,
                                const std::string& measure, int tick);

/// Drift of one team over time: 5–95% and 25–75% bands, the median, the baseline's median and
/// middle band faintly, the analytic steady state as a marker at the horizon, and the scrubbed
/// tick as a reference line. `compact` drops the legend (small multiples).
viz::Chart drift_chart(const model::Scenario& s, const sim::EnsembleResult& r,
                       const sim::EnsembleResult* baseline, const std::string& team,
                       std::optional<double> steady_drift, int scrub_tick, bool compact);

/// Median friction of every team (rows) over time (columns), with the scrubbed tick marked.
viz::Chart friction_heatmap(const model::Scenario& s, const sim::EnsembleResult& r, int scrub_tick);

/// Kaplan–Meier survival of every venture with its 95% band; the baseline's curves dashed.
viz::Chart survival_chart(const model::Scenario& s, const sim::EnsembleResult& r,
                          const sim::EnsembleResult* baseline, int scrub_tick);

/// What a failed venture leaves: one stepping stone's share of the salvage.
struct StoneSalvage {
    std::string venture;
    std::string stone;
    double value = 0.0;             ///< standalone value of the stone
    double p_done_given_failure = 0.0;
    double expected_salvage = 0.0;  ///< value × P(done | failure)
};

/// A secondary benefit's odds of being promoted when its venture fails.
struct BenefitOdds {
    std::string venture;
    std::string benefit;
    double value = 0.0;
    double p_promoted_given_failure = 0.0;
    double mean_recovery_ticks = -1.0;  ///< over promotions that realized value (-1: none)
};

struct Gifts {
    std::vector<StoneSalvage> stones;    ///< by expected salvage, largest first
    std::vector<BenefitOdds> benefits;   ///< by promotion odds, largest first
    int failures = 0;                    ///< failed venture-replicates the figures rest on
};

/// Stones ranked by expected salvage given failure, benefits by promotion odds (from the
/// per-replicate venture outcomes).
Gifts gifts_of_failure(const model::Scenario& s, const sim::EnsembleResult& r);

/// Horizontal bars of Gifts::stones (expected salvage) or Gifts::benefits (promotion odds).
viz::Chart salvage_chart(const Gifts& g);
viz::Chart promotion_chart(const Gifts& g);

/// Team mean practice over time on one dimension, from the ensemble ("practice:<dim>" medians)
/// or, when the engine does not report it, from the analytic mean-field trajectory.
struct PracticeTrails {
    std::vector<std::vector<double>> x, y;  ///< [team][tick]
    bool analytic = false;
};
PracticeTrails practice_trails(const model::Scenario& s, const sim::EnsembleResult* r, int dim_x,
                               int dim_y);

/// The mean-field net pull on team `team` at practice `p` and `tick` (model::team_pull: gravity
/// after shielding, leadership toward intent; water leans at the team's starting levels); size D.
/// `r` is model::compile_regime(s).
std::vector<double> net_force(const model::Regime& r, const model::Scenario& s, int team,
                              const std::vector<double>& p, int tick);

/// The practice map on dimensions (dim_x, dim_y): trails up to the scrubbed tick, intents as
/// rings, gravity targets as wells, net-force arrows (scaled by `arrow_scale`) at the tick.
/// `highlight` is the focal team (drawn on top, labelled); other teams are faint.
viz::Chart practice_map(const model::Scenario& s, const PracticeTrails& trails, int dim_x,
                        int dim_y, int tick, int highlight, double arrow_scale);

}  // namespace orgforces::dash
