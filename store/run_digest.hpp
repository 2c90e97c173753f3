#pragma once
// What protects a stored run against silent damage: a SHA-256 over every stored result (written
// with the run, verified on every read) and range checks that hold for any genuine result.

#include <cstdint>
#include <string>

#include "sim/results.hpp"

namespace orgforces::store {

/// What the digest covers besides the results: the fields of the run's row that fix its meaning.
struct DigestedRow {
    std::string scenario_hash;
    std::string overrides_json;
    std::int64_t seed = 0;            ///< as stored (bit pattern of the unsigned seed)
    std::int64_t replicates = 0;
    std::int64_t horizon = 0;
};

/// SHA-256 (hex) over `row` and the parts of `r` the database stores, in storage order. NaN and
/// -0.0 are hashed as they read back (SQLite stores NaN as NULL and may store -0.0 as 0).
std::string results_digest(const DigestedRow& row, const sim::EnsembleResult& r);

/// The first value of `r` no genuine result can hold (a quantile out of order, a probability
/// outside [0, 1], a tick or replicate outside the run), described; "" when every value is sane.
std::string implausible_value(const sim::EnsembleResult& r, int replicates, int horizon);

}  // namespace orgforces::store
