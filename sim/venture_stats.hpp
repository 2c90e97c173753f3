#pragma once
// The ensemble views of ventures and the small statistics behind them: Wilson intervals for
// probabilities, normal intervals for means, distribution-free intervals for medians, Kaplan-Meier
// survival.

#include <vector>

#include "model/scenario.hpp"
#include "sim/results.hpp"

namespace orgforces::sim {

/// Ensemble views of venture outcomes (P(success), E[value], E[salvage | failure], promotion
/// odds, recovery times, Kaplan-Meier survival, stones ranked by salvage) added to `result`.
void summarize_ventures(const model::Scenario& s, const std::vector<VentureOutcome>& outcomes,
                        EnsembleResult& result);

/// Proportion `successes / n` with its 95% Wilson score interval (n = 0 gives 0 in [0, 1]).
Scalar wilson(std::int64_t successes, std::int64_t n);

/// Mean of `xs` with a 95% normal interval (mean +- 1.96 sd / sqrt(n)).
Scalar mean_interval(const std::vector<double>& xs);

/// Median of `xs` (infinities allowed: "never") with a 95% order-statistic interval.
Scalar median_interval(std::vector<double> xs);

/// Kaplan-Meier survival from event times (`failed` true) and censoring times (false), with the
/// 95% Greenwood interval; the curve starts at (0, 1) and steps at each event time.
SurvivalCurve kaplan_meier(const std::vector<int>& time, const std::vector<bool>& failed);

}  // namespace orgforces::sim
