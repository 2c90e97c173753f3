#pragma once
// Comparing a baseline ensemble with a what-if variant run on common random numbers (same seed,
// so replicate r of both runs draws the same streams): per measure, the difference of means and
// a 95% interval of that difference, paired by replicate where per-replicate values exist.

#include <string>
#include <vector>

#include "model/scenario.hpp"
#include "sim/results.hpp"

namespace orgforces::sim {

/// A variant's change in one measure, with a 95% confidence interval of the change.
struct Difference {
    double baseline = 0.0;   ///< mean in the baseline
    double variant = 0.0;    ///< mean in the variant
    double diff = 0.0;       ///< variant - baseline
    double lo = 0.0;         ///< 95% interval of diff
    double hi = 0.0;
    int n = 0;               ///< replicates (pairs when paired)
    bool paired = false;     ///< interval from per-replicate differences (else from the two CIs)
};

/// Two-sided 95% quantile of Student's t with `df` degrees of freedom (df >= 1).
double student_t95(int df);

/// Mean of b[r] - a[r] with a t interval; a and b must have the same size (>= 1).
Difference paired_difference(const std::vector<double>& a, const std::vector<double>& b);

/// From two means with their 95% intervals of the mean (independent samples; conservative
/// when the runs share random numbers, which correlates them positively).
Difference unpaired_difference(double mean_a, double lo_a, double hi_a, double mean_b, double lo_b, double hi_b, int n);

/// One row of a what-if table.
struct Comparison {
    std::string entity;
    std::string measure;     ///< "drift", "friction", "p_success", "expected_value"
    Difference d;
};

/// The key measures of `s`: drift and friction at the horizon per team, P(success) and E[value]
/// per venture, compared between `baseline` and `variant` (two runs with the same seed).
std::vector<Comparison> compare_key_measures(const model::Scenario& s, const EnsembleResult& baseline,
                                             const EnsembleResult& variant);

/// A variant against the baseline over plausible worlds: runs whose parameters were drawn per world
/// of `per_world` consecutive replicates (sim/uncertainty.hpp), the arms sharing draws and random
/// numbers. Per world the measure's mean over its replicates is compared.
struct RobustComparison {
    std::string entity;
    std::string measure;
    bool higher_is_better = true;   ///< !lower_is_better(measure) (sim/attribution.hpp)
    int worlds = 0;
    double share_better = 0.0;      ///< of worlds where the variant is strictly better
    double share_worse = 0.0;       ///< strictly worse (the rest are ties)
    double mean_diff = 0.0;         ///< variant - baseline, mean over worlds
    double regret_variant = 0.0;    ///< E[loss from choosing the variant where the baseline was better]
    double regret_baseline = 0.0;   ///< E[loss from keeping the baseline where the variant was better]
};

/// The key measures (as compare_key_measures) compared world by world.
std::vector<RobustComparison> compare_over_worlds(const model::Scenario& s, const EnsembleResult& baseline,
                                                  const EnsembleResult& variant, int per_world);

}  // namespace orgforces::sim
