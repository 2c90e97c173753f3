#pragma once
// Attribution (docs/surfacing.md#attribution-what-is-our-gravity-what-is-our-water): the Shapley
// value of each contributor the user can change (every force, and the collaboration links,
// leadership and hiring of the teams) on chosen measures. Every coalition is a scenario with the
// absent contributors switched off through the registry; all coalitions run the same replicates
// with the same seed (common random numbers), so differences between coalitions are differences of
// contributors, not of luck. Exact up to `exact_limit` contributors (2^n coalitions),
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

/// True when less of a measure is better: drift, friction, leader_load, distance_to_default,
/// spread, leavers and ideas_dismissed (`kind` alone or a full `KIND:NAME`); false for the rest
/// (venture figures, capacity, headcount, intent kept), where more is better. The one rule that
/// optimize's objectives and the what-if's share of better worlds follow.
bool lower_is_better(std::string_view kind);

/// The default measures: drift and friction of the focal teams (the scenario's `focus`, else those
/// with ventures, else the first team whose intent differs from its environment default, else the
/// first team), then P(success) and expected value of their ventures (or of the focus ventures).
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

/// Something the user can change whose effect attribution measures, and how it is switched off.
struct Contributor {
    std::string name;
    std::string group;                  ///< "gravity", "water", "links", "leadership" or "hiring"
    std::vector<model::Override> off;   ///< registry assignments that remove it
};

/// The contributors of `s`, in the order gravity, water, links, leadership, hiring: each enabled
/// force (off: disabled); every collaboration link together (off: weight 0); every team's
/// leadership and shielding together (off: 0); every team's hiring together (off: leavers are not
/// replaced and teams do not grow). A policy no team uses is not a contributor.
std::vector<Contributor> contributors(const model::Scenario& s);

struct AttributionOptions {
    std::vector<Measure> measures;    ///< empty: default_measures
    int replicates = 0;               ///< 0: the scenario's `replicates`
    std::optional<std::uint64_t> seed;
    int threads = 0;                  ///< 0: all cores
    int exact_limit = 10;             ///< exact Shapley up to this many contributors
    int permutations = 32;            ///< sampled permutations beyond it
    std::function<void(int, int)> on_progress;   ///< (coalition runs done, total), serialized
};

/// One contributor's Shapley value on each measure.
struct ForceShare {
    std::string force;                ///< the contributor's name (a force's, or its group's policy)
    std::string group;                ///< Contributor::group
    std::vector<double> value;        ///< per measure
    std::vector<double> se;           ///< standard error per measure (replicate batches or permutations)
    std::vector<double> share;        ///< value / (full - empty); NaN when that difference is ~0
};

struct Attribution {
    std::vector<Measure> measures;
    std::vector<double> full;         ///< every contributor on
    std::vector<double> empty;        ///< every contributor off
    std::vector<ForceShare> forces;   ///< in the order of contributors()
    bool exact = true;
    int coalitions = 0;               ///< distinct coalitions run
    int permutations = 0;             ///< 0 when exact
    int replicates = 0;
    std::uint64_t seed = 0;
    std::string se_kind;              ///< "replicate batches" or "permutations"
};

/// Shapley attribution of the contributors of `s`. Disabled forces stay off in every coalition.
Attribution attribute(const model::Scenario& s, const AttributionOptions& options,
                      const Evaluator& evaluate = {});

/// A group's part of a measure: the sum of its contributors' Shapley values (groups add up to
/// full - empty as contributors do).
struct GroupShare {
    std::string group;
    std::vector<double> value;        ///< per measure
};
/// The groups present in `a`, in the order gravity, water, links, leadership, hiring.
std::vector<GroupShare> group_totals(const Attribution& a);

/// Indices of `a.forces` ranked by |value| on measure `m`, largest first.
std::vector<std::size_t> ranked(const Attribution& a, std::size_t m);

}  // namespace orgforces::sim
