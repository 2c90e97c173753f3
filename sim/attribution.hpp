#pragma once
// Attribution (docs/surfacing.md#attribution-what-is-our-gravity-what-is-our-water): each force's Shapley value on chosen measures. Every coalition of
// forces is a scenario with the absent forces disabled through the registry; all coalitions run the
// same replicates with the same seed (common random numbers), so differences between coalitions
// are differences of forces, not of luck. Exact up to `exact_limit` forces (2^n coalitions),
// permutation-sampled beyond, with a standard error either way.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/scenario.hpp"
#include "sim/results.hpp"

namespace orgforces::sim {

/// A number read from an ensemble: a team measure at the horizon (mean over replicates) or a
/// venture figure. Written `KIND:NAME`, e.g. `drift:frontier`, `p_success:moonshot`.
struct Measure {
    std::string kind;     ///< "drift", "friction", ... (team series) or "p_success", "expected_value"
    std::string entity;   ///< team or venture name
    bool venture = false; ///< true: an ensemble scalar of a venture; false: a team series at the horizon
    std::string name() const { return kind + ":" + entity; }
};

/// Parses `KIND:NAME` against `s`; throws std::invalid_argument with the valid choices.
Measure parse_measure(const model::Scenario& s, std::string_view text);

/// The default measures: drift and friction of the focal teams (those with ventures, else the first
/// team whose intent differs from its environment default, else the first team), then P(success)
/// and expected value of their ventures.
std::vector<Measure> default_measures(const model::Scenario& s);

/// The value of `m` in `r`; throws std::runtime_error when the run did not produce it.
double read_measure(const EnsembleResult& r, const Measure& m);

/// Runs replicates [first, first + count) of `s` with `seed` and returns one value per measure.
/// Must be safe to call from several threads at once with different scenarios.
using Evaluator = std::function<std::vector<double>(const model::Scenario& s, std::uint64_t seed, int first,
                                                    int count)>;

/// The engine (run_replicates on one thread, then finish) reading `measures`.
Evaluator engine_evaluator(std::vector<Measure> measures);

/// Replicates split into equal batches of whole blocks; batches give paired standard errors.
struct Batching {
    int batches = 1;
    int per_batch = 8;
    int replicates() const { return batches * per_batch; }
};
/// At least `replicates` in up to 8 batches of whole blocks (kBlockSize).
Batching make_batching(int replicates);

/// Runs `jobs` calls of `work(job)` on up to `threads` threads (0: all cores); rethrows the first
/// exception. Results must be written to per-job slots, so the order of execution never matters.
void parallel_for(int jobs, int threads, const std::function<void(int)>& work);

struct AttributionOptions {
    std::vector<Measure> measures;    ///< empty: default_measures
    int replicates = 0;               ///< 0: the scenario's `replicates`
    std::optional<std::uint64_t> seed;
    int threads = 0;                  ///< 0: all cores
    int exact_limit = 10;             ///< exact Shapley up to this many forces
    int permutations = 32;            ///< sampled permutations beyond it
    std::function<void(int, int)> on_progress;   ///< (coalition runs done, total), serialized
};

/// One force's Shapley value on each measure.
struct ForceShare {
    std::string force;
    bool water = false;               ///< water (culture) or gravity (structure, incentives)
    std::vector<double> value;        ///< per measure
    std::vector<double> se;           ///< standard error per measure (replicate batches or permutations)
    std::vector<double> share;        ///< value / (full - empty); NaN when that difference is ~0
};

struct Attribution {
    std::vector<Measure> measures;
    std::vector<double> full;         ///< every force on
    std::vector<double> empty;        ///< every force off
    std::vector<ForceShare> forces;   ///< in scenario order (gravity, then water)
    bool exact = true;
    int coalitions = 0;               ///< distinct coalitions run
    int permutations = 0;             ///< 0 when exact
    int replicates = 0;
    std::uint64_t seed = 0;
    std::string se_kind;              ///< "replicate batches" or "permutations"
};

/// Shapley attribution of the enabled forces of `s`. Disabled forces stay off in every coalition.
Attribution attribute(const model::Scenario& s, const AttributionOptions& options,
                      const Evaluator& evaluate = {});

/// Indices of `a.forces` ranked by |value| on measure `m`, largest first.
std::vector<std::size_t> ranked(const Attribution& a, std::size_t m);

}  // namespace orgforces::sim
