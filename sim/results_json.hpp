#pragma once
// The generic JSON form of an ensemble result, shared by `orgforces run --json`, exports and tests.
//
// Layout: {"run": {...RunInfo}, "stats": {"person_ticks", "wall_seconds", "threads"},
//          "series": [{"entity", "measure", "mean": [...], "ci_lo", "ci_hi", "q05", "q25", "q50",
//                      "q75", "q95"}], "scalars": [...], "outcomes": [...], "survival": [...],
//          "horizon_values": [{"entity", "measure", "values": [...]}]}
// Arrays in series are indexed by tick. Non-finite numbers are written as null.

#include <string>

#include "sim/results.hpp"

namespace orgforces::sim {

/// `r` as JSON text; indent < 0 writes one line.
std::string to_json_text(const EnsembleResult& r, int indent = 2);

}  // namespace orgforces::sim
