// Ensemble views of venture outcomes (docs/ventures.md#measures): probabilities with Wilson intervals, means
// with normal intervals, medians with order-statistic intervals, Kaplan-Meier survival, and the
// stones ranked by the salvage they leave behind when the venture fails.

#include "sim/venture_stats.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>


namespace orgforces::sim {

namespace {
constexpr double kZ = 1.959963984540054;  // two-sided 95%
constexpr double kUndefined = std::numeric_limits<double>::quiet_NaN();

Scalar undefined(std::int64_t n) {
    Scalar out;
    out.n = n;
    out.value = out.lo = out.hi = kUndefined;
    return out;
}
}  // namespace

Scalar wilson(std::int64_t successes, std::int64_t n) {
    if (n <= 0) return undefined(0);
    Scalar out;
    out.n = n;
    const double nn = double(n);
    const double p = double(successes) / nn;
    const double z2 = kZ * kZ;
    const double centre = (p + z2 / (2 * nn)) / (1 + z2 / nn);
    const double half = kZ * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn)) / (1 + z2 / nn);
    out.value = p;
    out.lo = std::max(0.0, centre - half);
    out.hi = std::min(1.0, centre + half);
    return out;
}

Scalar mean_interval(const std::vector<double>& xs) {
    if (xs.empty()) return undefined(0);
    Scalar out;
    out.n = std::int64_t(xs.size());
    double sum = 0.0;
    for (double x : xs) sum += x;
    const double mean = sum / double(xs.size());
    double ss = 0.0;
    for (double x : xs) ss += (x - mean) * (x - mean);
    const double sd = xs.size() > 1 ? std::sqrt(ss / double(xs.size() - 1)) : 0.0;
    const double half = kZ * sd / std::sqrt(double(xs.size()));
    out.value = mean;
    out.lo = mean - half;
    out.hi = mean + half;
    return out;
}

Scalar median_interval(std::vector<double> xs) {
    if (xs.empty()) return undefined(0);
    Scalar out;
    out.n = std::int64_t(xs.size());
    std::sort(xs.begin(), xs.end());
    const std::size_t n = xs.size();
    out.value = n % 2 == 1 ? xs[n / 2] : 0.5 * (xs[n / 2 - 1] + xs[n / 2]);
    // Ranks of the binomial(n, 1/2) interval, normal approximation.
    const double half = kZ * std::sqrt(double(n)) / 2.0;
    const auto lo = std::size_t(std::max(0.0, std::floor(double(n) / 2.0 - half)));
    const auto hi = std::size_t(std::min(double(n - 1), std::ceil(double(n) / 2.0 + half) - 1.0));
    out.lo = xs[std::min(lo, n - 1)];
    out.hi = xs[std::max(hi, std::min(lo, n - 1))];
    return out;
}

SurvivalCurve kaplan_meier(const std::vector<int>& time, const std::vector<bool>& failed) {
    SurvivalCurve c;
    c.tick.push_back(0);
    c.survival.push_back(1.0);
    c.lo.push_back(1.0);
    c.hi.push_back(1.0);
    std::map<int, std::pair<int, int>> at;  // time -> (events, censored)
    for (std::size_t i = 0; i < time.size(); ++i) {
        auto& e = at[time[i]];
        (failed[i] ? e.first : e.second) += 1;
    }
    double at_risk = double(time.size());
    double s = 1.0;
    double greenwood = 0.0;
    for (const auto& [t, counts] : at) {
        const auto [d, censored] = counts;
        if (d > 0 && at_risk > 0.0) {
            s *= 1.0 - double(d) / at_risk;
            if (at_risk > double(d)) greenwood += double(d) / (at_risk * (at_risk - double(d)));
            const double half = kZ * s * std::sqrt(greenwood);
            c.tick.push_back(t);
            c.survival.push_back(s);
            c.lo.push_back(std::max(0.0, s - half));
            c.hi.push_back(std::min(1.0, s + half));
        }
        at_risk -= double(d + censored);
    }
    return c;
}

namespace {

Scalar named(Scalar x, const std::string& entity, const std::string& measure) {
    x.entity = entity;
    x.measure = measure;
    return x;
}

// S(t) at each tick 0..horizon from a step curve.
Series survival_series(const SurvivalCurve& c, int horizon) {
    Series out;
    out.entity = c.venture;
    out.measure = "survival";
    std::size_t k = 0;
    for (int t = 0; t <= horizon; ++t) {
        while (k + 1 < c.tick.size() && c.tick[k + 1] <= t) ++k;
        Band b;
        b.mean = b.q05 = b.q25 = b.q50 = b.q75 = b.q95 = c.survival[k];
        b.ci_lo = c.lo[k];
        b.ci_hi = c.hi[k];
        out.ticks.push_back(b);
    }
    return out;
}

// The share-th order statistic of xs (nearest rank), undefined if xs is empty.
Scalar quantile(std::vector<double> xs, double share) {
    if (xs.empty()) return undefined(0);
    std::sort(xs.begin(), xs.end());
    const auto k = std::size_t(std::clamp(std::ceil(share * double(xs.size())) - 1.0, 0.0, double(xs.size() - 1)));
    Scalar out;
    out.n = std::int64_t(xs.size());
    out.value = out.lo = out.hi = xs[k];
    return out;
}

// What a venture left in one replicate: its value on success, the standalone value of its done
// stones when it failed or was framed, and the value of a promoted benefit that arrived.
double total_value(const model::Venture& v, const VentureOutcome& o) {
    double total = o.value + o.salvage;
    if (!o.promoted.empty() && o.recovery_ticks >= 0)
        for (const auto& b : v.benefits)
            if (b.name == o.promoted) total += b.value;
    return total;
}

}  // namespace

namespace {

// What the replicates of one venture came to, counted and listed for the ensemble views.
struct Tally {
    std::int64_t n = 0, successes = 0, failures = 0, promoted = 0, recovered = 0, tripped = 0, started = 0,
                 framed = 0;
    std::vector<double> values, salvage, recovery, spiral, reused, graduated, reworked, detection, total, captured;
    std::map<std::string, std::int64_t> causes;
    std::vector<int> km_time;
    std::vector<bool> km_failed;
    std::vector<std::vector<double>> character;
    std::map<std::string, std::int64_t> done_at_failure;
};

// `totals`: total_value of each (venture, replicate), for what framing captures through other ventures.
Tally tally(const model::Scenario& s, const model::Venture& v, const std::vector<const VentureOutcome*>& mine,
            std::map<std::pair<std::string, int>, double>& totals) {
    const double never = std::numeric_limits<double>::infinity();
    Tally t;
    t.n = std::int64_t(mine.size());
    for (const auto* o : mine) {
        t.values.push_back(o->value);
        t.total.push_back(totals[{v.name, o->replicate}]);
        if (v.problem_class == model::ProblemClass::Unsolvable) {
            double c = t.total.back();
            for (const auto& f : v.framed_into) c += totals[{f, o->replicate}];
            t.captured.push_back(c);
        }
        if (o->status == VentureStatus::Framed) ++t.framed;
        t.spiral.push_back(o->spiral_effort);
        t.reused.push_back(double(o->stones_reused));
        t.graduated.push_back(double(o->stones_graduated));
        t.reworked.push_back(double(o->stones_reworked));
        if (o->status == VentureStatus::Succeeded) ++t.successes;
        if (o->status != VentureStatus::Dormant) {
            ++t.started;
            const bool f = o->status == VentureStatus::Failed;
            t.km_time.push_back(f ? o->end_tick : s.horizon);
            t.km_failed.push_back(f);
        }
        if (o->tripwire_tick >= 0) {
            ++t.tripped;
            t.detection.push_back(double(o->tripwire_tick - std::max(0, v.start)));
        }
        if (!o->output_character.empty()) t.character.push_back(o->output_character);
        if (o->status != VentureStatus::Failed) continue;
        ++t.failures;
        t.salvage.push_back(o->salvage);
        ++t.causes[o->failure_cause];
        for (const auto& d : o->done_stones) ++t.done_at_failure[d];
        if (!o->promoted.empty()) {
            ++t.promoted;
            if (o->recovery_ticks >= 0) ++t.recovered;
            t.recovery.push_back(o->recovery_ticks >= 0 ? double(o->recovery_ticks) : never);
        }
    }
    return t;
}

// Outcomes and value: P(success), P(failure), E[value], what framing captured, salvage,
// promotion and recovery.
void add_outcome_scalars(const model::Venture& v, const Tally& t, std::vector<Scalar>& out) {
    out.push_back(named(wilson(t.successes, t.n), v.name, "p_success"));
    out.push_back(named(wilson(t.failures, t.n), v.name, "p_failure"));
    out.push_back(named(wilson(t.started, t.n), v.name, "p_started"));
    out.push_back(named(mean_interval(t.values), v.name, "expected_value"));
    out.push_back(named(mean_interval(t.total), v.name, "expected_total_value"));
    if (v.problem_class == model::ProblemClass::Unsolvable) {
        // Navigated, never solved: what framing captured (its own done stones and the value
        // the ventures it was framed into left) and what was lost of the original goal.
        std::vector<double> lost;
        for (double c : t.captured) lost.push_back(v.value - c);
        out.push_back(named(wilson(t.framed, t.n), v.name, "p_framed"));
        out.push_back(named(mean_interval(t.captured), v.name, "expected_captured_value"));
        out.push_back(named(mean_interval(lost), v.name, "expected_lost_value"));
    }
    out.push_back(named(mean_interval(t.salvage), v.name, "expected_salvage_given_failure"));
    out.push_back(named(wilson(t.promoted, t.failures), v.name, "p_promotable_given_failure"));
    out.push_back(named(wilson(t.recovered, t.promoted), v.name, "p_recovered_given_promoted"));
    Scalar med = median_interval(t.recovery);
    // "Never by the horizon" is reported as -1.
    for (double* x : {&med.value, &med.lo, &med.hi})
        if (std::isinf(*x)) *x = -1.0;
    out.push_back(named(med, v.name, "recovery_ticks_median"));
}

// The trip-wire: how often it fired, how long detection took, and false alarms.
void add_tripwire_scalars(const model::Scenario& s, const model::Venture& v, const Tally& t, std::vector<Scalar>& out) {
    out.push_back(named(wilson(t.tripped, t.n), v.name, "p_tripwire"));
    out.push_back(named(mean_interval(t.detection), v.name, "tripwire_detection_ticks"));
    out.push_back(named(median_interval(t.detection), v.name, "tripwire_detection_ticks_median"));
    out.push_back(named(quantile(t.detection, 0.1), v.name, "tripwire_detection_ticks_q10"));
    out.push_back(named(quantile(t.detection, 0.9), v.name, "tripwire_detection_ticks_q90"));
    // A trip on a problem that could be solved is a false alarm; it costs the framing time.
    if (v.problem_class != model::ProblemClass::Unsolvable && s.team_index(v.team) >= 0 &&
        s.teams[std::size_t(s.team_index(v.team))].tripwire)
        out.push_back(named(wilson(t.tripped, t.n), v.name, "p_false_alarm"));
}

// The work: spiraling, stones reused, graduated and reworked, causes of failure and the
// character of the output per dimension.
void add_work_scalars(const model::Scenario& s, const model::Venture& v, const Tally& t, std::vector<Scalar>& out) {
    out.push_back(named(mean_interval(t.spiral), v.name, "spiral_effort"));
    out.push_back(named(mean_interval(t.reused), v.name, "stones_reused"));
    out.push_back(named(mean_interval(t.graduated), v.name, "stones_graduated"));
    out.push_back(named(mean_interval(t.reworked), v.name, "stones_reworked"));
    for (const auto& [cause, count] : t.causes)
        out.push_back(named(wilson(count, t.failures), v.name, "p_cause:" + cause));
    if (!t.character.empty()) {
        for (std::size_t d = 0; d < s.dimensions.size(); ++d) {
            std::vector<double> xs;
            for (const auto& c : t.character)
                if (d < c.size()) xs.push_back(c[d]);
            out.push_back(named(mean_interval(xs), v.name, "output_character:" + s.dimensions[d].name));
        }
    }
}

// Stones ranked by expected salvage given failure: value x P(done | failure); undefined, and left
// out, when the venture never failed.
void add_salvage_ranking(const model::Venture& v, const Tally& t, std::vector<Scalar>& out) {
    std::vector<Scalar> ranked;
    for (const auto& stone : t.failures > 0 ? v.stones : std::vector<model::SteppingStone>{}) {
        const auto it = t.done_at_failure.find(stone.name);
        Scalar p = wilson(it == t.done_at_failure.end() ? 0 : it->second, t.failures);
        p.value *= stone.value;
        p.lo *= stone.value;
        p.hi *= stone.value;
        ranked.push_back(named(p, v.name + "/" + stone.name, "salvage_rank_value"));
    }
    std::stable_sort(ranked.begin(), ranked.end(), [](const Scalar& a, const Scalar& b) { return a.value > b.value; });
    out.insert(out.end(), ranked.begin(), ranked.end());
}

}  // namespace

void summarize_ventures(const model::Scenario& s, const std::vector<VentureOutcome>& outcomes,
                        EnsembleResult& result) {
    // total_value of each (venture, replicate), for what framing captures through other ventures.
    std::map<std::pair<std::string, int>, double> totals;
    for (const auto& o : outcomes) {
        const int vi = s.venture_index(o.venture);
        if (vi >= 0) totals[{o.venture, o.replicate}] = total_value(s.ventures[std::size_t(vi)], o);
    }
    for (const auto& v : s.ventures) {
        std::vector<const VentureOutcome*> mine;
        for (const auto& o : outcomes)
            if (o.venture == v.name) mine.push_back(&o);
        if (mine.empty()) continue;
        const Tally t = tally(s, v, mine, totals);
        add_outcome_scalars(v, t, result.scalars);
        add_tripwire_scalars(s, v, t, result.scalars);
        add_work_scalars(s, v, t, result.scalars);
        add_salvage_ranking(v, t, result.scalars);
        SurvivalCurve km = kaplan_meier(t.km_time, t.km_failed);
        km.venture = v.name;
        result.series.push_back(survival_series(km, s.horizon));
        result.survival.push_back(std::move(km));
    }
}

}  // namespace orgforces::sim
