#pragma once
// Chart builders for ensemble results: the figures of the planning-review report, also usable by
// the dashboard (they return renderer-neutral viz::Chart data).

#include <optional>
#include <string>
#include <vector>

#include "model/scenario.hpp"
#include "sim/results.hpp"
#include "sim/sweep.hpp"
#include "sim/uncertainty.hpp"
#include "viz/chart.hpp"

namespace orgforces::viz {

/// A time axis over ticks 0..horizon in the scenario's unit ("weeks"), ticked at whole quarters or
/// years when the unit is a week.
Axis time_axis(int horizon, const std::string& tick_unit);

/// A fan chart of one series: 5–95% and 25–75% bands of the replicates and the median line.
/// `baseline` (optional) is drawn as a dashed median for comparison.
Chart fan_chart(const sim::Series& series, const std::string& title, const std::string& y_label,
                const std::string& tick_unit, std::optional<Range> y_domain = std::nullopt,
                const sim::Series* baseline = nullptr);

/// A measure against a swept parameter (sim::sweep_curves): its mean as a line with a dot per
/// value and its band (5–95% of runs for a team measure, the 95% interval for a venture figure).
Chart sweep_chart(const sim::SweepCurve& curve);

/// One row per team: the 25–75% bar, the 5–95% whisker and the median of `measure` at the horizon.
Chart horizon_dot_chart(const sim::EnsembleResult& r, const std::vector<std::string>& teams,
                        const std::string& measure, const std::string& title, const std::string& x_label);

/// Teams × time heatmap of the median of `measure` (rows in the order given).
Chart heatmap_chart(const sim::EnsembleResult& r, const std::vector<std::string>& teams,
                    const std::string& measure, const std::string& title, const std::string& tick_unit,
                    int horizon);

/// Kaplan–Meier survival step curves with their 95% intervals, one colour per venture.
Chart survival_chart(const std::vector<sim::SurvivalCurve>& curves, int horizon,
                     const std::string& tick_unit);

/// The practice map on dimensions dx, dy: team intents (diamonds), gravity targets (rings), the
/// organization's baseline (square), venture output character (triangles) and, where the result
/// holds "practice:<dimension>" series, the median trails of the focal teams.
Chart practice_map(const model::Scenario& s, const sim::EnsembleResult& r, int dx, int dy,
                   const std::vector<std::string>& focal);

/// A labelled horizontal bar with its interval.
struct RankedValue {
    std::string label;
    double value = 0.0;
    double lo = 0.0, hi = 0.0;
    Rgba color = categorical(0);
};

/// Horizontal bars from zero with interval whiskers, in the order given (top first).
Chart ranked_bars(const std::vector<RankedValue>& rows, const std::string& title,
                  const std::string& x_label, const std::string& unit);

/// One contributor's part of a measure, for the attribution chart (sim/attribution.hpp).
struct Contribution {
    std::string name;
    std::string group;          ///< "gravity", "water", "links", "leadership" or "hiring"
    double value = 0.0;
    double lo = 0.0, hi = 0.0;  ///< 95% interval of value
};

/// The colour and legend label of an attribution group ("gravity" -> "gravity (structure, incentives)").
Rgba group_color(const std::string& group);
std::string group_label(const std::string& group);

/// Attribution bars, largest |value| first and coloured by group: the first `keep` contributors,
/// then one "other (n)" bar with the rest's sum (so the bars still add up to the total).
std::vector<RankedValue> contribution_bars(std::vector<Contribution> rows, std::size_t keep = 8);

/// The legend of the groups present in `rows`, in the order gravity, water, links, leadership, hiring.
std::vector<LegendEntry> group_legend(const std::vector<Contribution>& rows);

/// A tornado: per row a bar from 0 to `low` (parameter at its low end) and one from 0 to `high`.
struct TornadoRow {
    std::string label;
    double low = 0.0;
    double high = 0.0;
};
Chart tornado_chart(const std::vector<TornadoRow>& rows, const std::string& title,
                    const std::string& x_label);

/// The observed series of a posterior, (entity, measure) in first-seen order.
std::vector<std::pair<std::string, std::string>> observed_series(const std::vector<sim::ObservedValue>& observed);

/// The posterior predictive check of one observed series (report and dashboard): the simulated
/// bands (runs drawn from the posterior) with the observations over them (a cross marks one outside
/// the 5–95% band). `inside` and `total` are set to the counts of the observations drawn.
Chart predictive_chart(const sim::Series& simulated, const std::vector<sim::ObservedValue>& observed,
                       const std::string& tick_unit, int& inside, int& total);

}  // namespace orgforces::viz
