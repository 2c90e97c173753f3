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

}  // namespace orgforces::sim
