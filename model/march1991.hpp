#pragma once
// March (1991), "Exploration and Exploitation in Organizational Learning": the parameters of the
// discrete code/socialization model that orgforces bundles as a classic (docs/validation.md).

#include <vector>

namespace orgforces::model {

struct March1991 {
    int dimensions = 30;        ///< m: dimensions of reality
    int people = 50;            ///< n
    double p1 = 0.1;            ///< socialization rate (everyone, unless fast/slow mix is set)
    double p2 = 0.5;            ///< code learning rate
    double p3 = 0.0;            ///< turnover per person per period
    double p4 = 0.0;            ///< turbulence per dimension per period
    /// Heterogeneous learners: when fast_share > 0, that share of people learn at p1_fast and
    /// the rest at p1_slow (p1 is then unused).
    double fast_share = 0.0;
    double p1_fast = 0.9;
    double p1_slow = 0.1;
    bool until_equilibrium = true;  ///< with p3 = p4 = 0, stop at the absorbing state
};

}  // namespace orgforces::model
