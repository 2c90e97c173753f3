#pragma once
// Small statistics behind the ensemble views of ventures: Wilson intervals for probabilities,
// normal intervals for means, distribution-free intervals for medians, Kaplan-Meier survival.

#include <vector>

#include "sim/results.hpp"

namespace orgforces::sim {

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
