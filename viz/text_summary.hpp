#pragma once
// Plain-text tables of team results for the terminal (`orgforces run`, `orgforces analyze`).

#include <string>
#include <vector>

#include "model/oracle.hpp"
#include "model/scenario.hpp"
#include "sim/results.hpp"

namespace orgforces::viz {

/// One row per team: drift at the horizon (median with its 5–95% band), friction at the horizon,
/// leavers and dismissed ideas over the run (ensemble means), and the share of intent surviving
/// (simulated, and analytic when `oracle` is given).
std::string team_summary_table(const model::Scenario& s, const sim::EnsembleResult& r,
                               const std::vector<model::TeamOracle>* oracle = nullptr);

/// One row per recorded series at the horizon (mean, and median with its 5–95% band), for
/// results without teams, such as the classic models'.
std::string series_horizon_table(const sim::EnsembleResult& r);

/// `text` broken at spaces into lines of at most `width` characters (a longer word stands alone),
/// each ending in a newline.
std::string wrap_text(const std::string& text, std::size_t width);

/// The analytic figures per team (`orgforces analyze`): steady state, drift, share of intent
/// surviving, drift half-life and the period of the pulses.
std::string oracle_table(const model::Scenario& s, const std::vector<model::TeamOracle>& oracle);

}  // namespace orgforces::viz
