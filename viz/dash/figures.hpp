#pragma once
// The dashboard's figures as renderer-neutral chart data (viz/chart.hpp), built from an ensemble
// result; also the ensemble views the panels show as tables (gifts of failure). No ImGui here,
// so these are unit-testable and could be rendered to SVG just the same.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/dynamics.hpp"
#include "model/scenario.hpp"
#include "sim/results.hpp"
#include "sim/uncertainty.hpp"
#include "sim/whatif.hpp"
#include "viz/chart.hpp"

namespace orgforces::dash {

/// Median of `measure` for `entity` at `tick` (clamped to the series), or nullopt if absent.
std::optional<double> median_at(const sim::EnsembleResult& r, const std::string& entity,
                                const std::string& measure, int tick);

/// Drift of one team over time: 5–95% and 25–75% bands, the median, the baseline's median and
/// middle band faintly, the analytic steady state as a marker at the horizon, and the scrubbed
/// tick as a reference line. `compact` drops the legend (small multiples). `y_domain` fixes the
/// y-scale (small multiples sharing one scale); nullopt: the chart's own.
viz::Chart drift_chart(const model::Scenario& s, const sim::EnsembleResult& r,
                       const sim::EnsembleResult* baseline, const std::string& team,
                       std::optional<double> steady_drift, int scrub_tick, bool compact,
                       std::optional<viz::Range> y_domain = std::nullopt);

/// One y-range holding every team's 5–95% drift band (and the baseline's, and the steady states),
/// so small multiples compare at a glance.
viz::Range shared_drift_domain(const model::Scenario& s, const sim::EnsembleResult& r,
                               const sim::EnsembleResult* baseline, const std::vector<double>& steady);

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
    std::vector<std::string> ventures;   ///< in the scenario's order: venture i is coloured categorical(i)
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

/// practice_trails, computed again only when the result, the scenario or a dimension changes. It
/// keys on shared ownership: holding the result and scenario it was computed for, a new result can
/// never take a freed one's address and be mistaken for it.
class TrailsCache {
public:
    const PracticeTrails& get(const std::shared_ptr<const model::Scenario>& s,
                              const std::shared_ptr<const sim::EnsembleResult>& r, int dim_x, int dim_y);
    int computations() const { return computations_; }  ///< times practice_trails ran

private:
    std::shared_ptr<const model::Scenario> scenario_;
    std::shared_ptr<const sim::EnsembleResult> result_;
    int dim_x_ = -1, dim_y_ = -1;
    int computations_ = 0;
    PracticeTrails trails_;
};

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

/// Each variant's share of plausible worlds in which it beats the baseline, one row per measure
/// (sim::compare_over_worlds), with the expected regret of choosing it as the value label.
viz::Chart worlds_chart(const std::vector<sim::RobustComparison>& rows, const std::string& title);

/// A stored sweep's points reduced to what its charts need: each point's setting of every swept
/// parameter and each measure's band at the horizon ("drift:TEAM" and "friction:TEAM" over the
/// replicates; "p_success:VENTURE" and "expected_value:VENTURE" as the estimate's 95% interval).
struct SweepData {
    std::vector<std::string> parameters;                  ///< swept paths, first-seen order
    std::vector<std::string> measures;                    ///< "MEASURE:ENTITY", first-seen order
    std::vector<std::vector<double>> at;                  ///< [point][parameter] (NaN: not set)
    std::vector<std::vector<std::optional<sim::Band>>> value;  ///< [point][measure]
};
/// From each point's overrides and its (complete) result; `overrides` and `results` align.
SweepData sweep_data(const std::vector<std::vector<model::Override>>& overrides,
                     const std::vector<const sim::EnsembleResult*>& results);

/// Measure `measure` of `d` against parameter `parameter`: the 5–95% and 25–75% bands and the
/// median over the points, in the parameter's order. Points sharing the parameter's value (a grid
/// over several parameters) are averaged quantile by quantile: the parameter's main effect.
viz::Chart sweep_chart(const SweepData& d, std::size_t measure, std::size_t parameter);

}  // namespace orgforces::dash
