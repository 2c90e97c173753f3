#pragma once
// March (1991): the discrete code/socialization model that orgforces bundles as a classic
// (docs/validation.md). One replicate is a Marchworld; run_march1991 steps it to
// the absorbing state or to a horizon and records code and mean individual knowledge per period.
//
// Rules that the paper leaves open, fixed here (docs/validation.md explains each):
//  - Order within a period: turbulence, then turnover, then socialization and code learning,
//    both computed from the state after turnover (neither sees the other's changes).
//  - Code learning: zeros abstain. On dimension j the superior group's vote is
//    s_j = #(belief +1) − #(belief −1); the dominant belief is sign(s_j) (a tie, s_j = 0, leaves
//    the code alone); if it differs from c_j the code adopts it with probability
//    1 − (1 − p2)^k, k = |s_j| (members holding the dominant belief minus those holding the
//    opposite one).
//  - Heterogeneous learners: the first round(fast_share · n) positions learn at p1_fast, the
//    rest at p1_slow; a newcomer takes the rate of the position it fills.
//  - Absorption (only with p3 = p4 = 0): no person with p1 > 0 differs from a non-zero code
//    entry, and no dimension has a code-learning change of positive probability. From such a
//    state nothing can ever change, so the trace is constant from there on.
// Randomness comes only from sim::Rng(seed, replicate, StreamPurpose::Classic).

#include <cstdint>
#include <vector>

#include "model/march1991.hpp"
#include "model/scenario.hpp"
#include "sim/rng.hpp"

namespace orgforces::sim {

struct TraceModel;  // sim/trace.hpp

/// One replicate's state, bit-packed: a belief is +1 where its `pos` bit is set, −1 where its
/// `neg` bit is set, 0 where neither is.
class Marchworld {
public:
    /// Draws reality, beliefs and rates for `replicate` of a run seeded with `seed`.
    Marchworld(const model::March1991& params, std::uint64_t seed, std::uint64_t replicate);

    /// Advances one period (turbulence, turnover, socialization, code learning).
    void step();
    /// True when p3 = p4 = 0 and no change of positive probability remains (see above).
    bool absorbed() const;

    int dimensions() const;
    int people() const;
    int period() const;                    ///< periods stepped so far
    int reality(int j) const;              ///< −1 or +1
    int code(int j) const;                 ///< −1, 0 or +1
    int belief(int person, int j) const;   ///< −1, 0 or +1
    double rate(int person) const;         ///< the person's socialization rate p1
    double code_knowledge() const;         ///< share of dimensions where code = reality
    double person_knowledge(int person) const;  ///< share where the person's belief = reality
    double mean_knowledge() const;         ///< person_knowledge averaged over people

    /// Replaces code and beliefs (values in {−1,0,+1}, beliefs row-major n × m) and reality
    /// (±1); for tests that need a prepared state. Throws std::invalid_argument on bad sizes.
    void set_state(const std::vector<int>& reality, const std::vector<int>& code,
                   const std::vector<int>& beliefs);

private:
    using Word = std::uint64_t;
    void draw_beliefs(int person);
    int matches(const Word* pos, const Word* neg) const;
    bool socialization_possible() const;
    bool code_learning_possible() const;
    double adopt_probability(int j) const;   // code learning on j, from votes_
    void superior_votes() const;   // fills votes_ from the current state

    model::March1991 params_;
    Rng rng_;
    int m_ = 0, n_ = 0, words_ = 0, period_ = 0;
    std::vector<Word> valid_;              // words_: bits of real dimensions
    std::vector<Word> reality_pos_;        // words_: reality +1 (else −1)
    std::vector<Word> code_pos_, code_neg_;       // words_
    std::vector<Word> pos_, neg_;          // n × words_, person-major
    std::vector<double> rate_;             // n: socialization rate p1 per position
    mutable std::vector<int> votes_;             // m: superior group's vote per dimension
    std::vector<double> keep_;             // k -> (1 − p2)^k for k = 0..n
};

/// The record of one replicate: entry t is the value after t periods (t = 0: the start).
struct March1991Trace {
    std::vector<double> code_knowledge;
    std::vector<double> mean_knowledge;
    bool absorbed = false;    ///< stopped at the absorbing state
    int periods = 0;          ///< periods stepped (= size − 1)

    /// The value after `t` periods; beyond the end, the last value (exact once absorbed).
    double code_at(int t) const;
    double mean_at(int t) const;
};

/// Safety cap on periods when running to equilibrium (never reached in practice: see
/// docs/validation.md for the periods absorption takes).
inline constexpr int kMarchMaxPeriods = 1'000'000;

/// Runs one replicate. With p3 = p4 = 0 it stops as soon as the state is absorbing; otherwise
/// it runs `horizon` periods. If `params.until_equilibrium` and p3 = p4 = 0 it continues past
/// `horizon` until absorption (at most kMarchMaxPeriods periods).
March1991Trace run_march1991(const model::March1991& params, int horizon, std::uint64_t seed,
                             std::uint64_t replicate);

/// Mean and spread of a quantity over replicates.
struct MarchStat {
    double mean = 0.0;
    double sd = 0.0;
    double se = 0.0;     ///< standard error of the mean
    int n = 0;
};

/// Mean, standard deviation and standard error of `values`.
MarchStat stat_of(const std::vector<double>& values);

/// Ensemble figures of replicates [0, replicates): knowledge after `at` periods (for runs to
/// equilibrium: the equilibrium value), the share absorbed and the periods run.
struct March1991Summary {
    MarchStat code_knowledge;
    MarchStat mean_knowledge;
    MarchStat periods;
    double absorbed_share = 0.0;
};

/// Runs replicates 0..replicates−1 one after another (deterministic for a seed) and summarizes
/// the knowledge after `at` periods (`at` < 0: at the end of each run).
March1991Summary summarize_march1991(const model::March1991& params, int horizon,
                                     std::uint64_t seed, int replicates, int at = -1);

/// The ensemble's view of a `classic: march1991` scenario: series ("code", "knowledge") and
/// ("people", "knowledge") over ticks 0..horizon, one replicate per run_march1991 call (stopping
/// at absorption or the horizon). Throws std::invalid_argument if `s.classic` is empty.
TraceModel march1991_trace_model(const model::Scenario& s);

}  // namespace orgforces::sim
