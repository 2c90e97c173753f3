#pragma once
// The Pareto front of a policy search (`orgforces optimize` with two or more objectives) as a
// chart and a small self-contained HTML page.

#include <cstdint>
#include <string>
#include <vector>

#include "sim/pareto.hpp"
#include "viz/chart.hpp"

namespace orgforces::viz {

struct ParetoInputs {
    std::string scenario;
    std::vector<std::string> decisions;    ///< registry paths
    std::vector<std::string> objectives;   ///< measure names, e.g. "drift:frontier"
    std::vector<bool> maximize;            ///< per objective
    std::vector<sim::ParetoPoint> front;   ///< sorted by the first objective
    int evaluations = 0, replicates = 0;
    std::string drawn_from;                ///< "" or what the robust worlds were drawn from
    std::uint64_t seed = 0;
};

/// The first two objectives against each other: the front's points joined in order, the two
/// ends and the middle labelled with their decisions.
Chart pareto_chart(const ParetoInputs& in);

/// A page with the chart, how to read it and a table of every point of the front.
std::string render_pareto_html(const ParetoInputs& in);

}  // namespace orgforces::viz
