#include "sim/whatif.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "sim/attribution.hpp"

namespace orgforces::sim {

double student_t95(int df) {
    // Two-sided 95% quantiles t(0.975, df) for df = 1..30; beyond, a Cornish-Fisher expansion.
    static const double table[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                                   2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                                   2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
    if (df < 1) df = 1;
    if (df <= 30) return table[df - 1];
    const double z = 1.959963984540054, d = double(df);
    return z + (z * z * z + z) / (4 * d) + (5 * std::pow(z, 5) + 16 * z * z * z + 3 * z) / (96 * d * d);
}

Difference paired_difference(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size() || a.empty())
        throw std::invalid_argument("paired_difference: the runs must have the same, non-zero number of replicates");
    const auto n = a.size();
    Difference d;
    d.n = static_cast<int>(n);
    d.paired = true;
    double sa = 0, sb = 0;
    for (std::size_t i = 0; i < n; ++i) {
        sa += a[i];
        sb += b[i];
    }
    d.baseline = sa / double(n);
    d.variant = sb / double(n);
    d.diff = d.variant - d.baseline;
    double ss = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double e = (b[i] - a[i]) - d.diff;
        ss += e * e;
    }
    const double se = n > 1 ? std::sqrt(ss / double(n - 1) / double(n)) : 0.0;
    const double half = n > 1 ? student_t95(static_cast<int>(n) - 1) * se : 0.0;
    d.lo = d.diff - half;
    d.hi = d.diff + half;
    return d;
}

Difference unpaired_difference(double mean_a, double lo_a, double hi_a, double mean_b, double lo_b, double hi_b, int n) {
    Difference d;
    d.baseline = mean_a;
    d.variant = mean_b;
    d.diff = mean_b - mean_a;
    d.n = n;
    // Half-widths of the two intervals combine like standard errors.
    const double ha = std::max(hi_a - mean_a, mean_a - lo_a), hb = std::max(hi_b - mean_b, mean_b - lo_b);
    const double half = std::sqrt(ha * ha + hb * hb);
    d.lo = d.diff - half;
    d.hi = d.diff + half;
    return d;
}

namespace {

const ReplicateValues* find_values(const EnsembleResult& r, const std::string& entity, const std::string& measure) {
    for (const auto& v : r.horizon_values)
        if (v.entity == entity && v.measure == measure) return &v;
    return nullptr;
}

// Per-replicate value of a venture's outcome (indicator of success, or realized value).
std::vector<double> venture_values(const EnsembleResult& r, const std::string& venture, bool success) {
    std::vector<double> out(static_cast<std::size_t>(std::max(r.info.replicates, 0)), 0.0);
    for (const auto& o : r.outcomes) {
        if (o.venture != venture || o.replicate < 0) continue;
        if (static_cast<std::size_t>(o.replicate) >= out.size()) out.resize(static_cast<std::size_t>(o.replicate) + 1, 0.0);
        out[static_cast<std::size_t>(o.replicate)] = success ? (o.status == VentureStatus::Succeeded ? 1.0 : 0.0) : o.value;
    }
    return out;
}

}  // namespace

std::vector<Comparison> compare_key_measures(const model::Scenario& s, const EnsembleResult& baseline,
                                             const EnsembleResult& variant) {
    std::vector<Comparison> rows;
    for (const auto& team : s.teams) {
        for (const char* measure : {"drift", "friction"}) {
            const auto* va = find_values(baseline, team.name, measure);
            const auto* vb = find_values(variant, team.name, measure);
            if (va && vb && va->values.size() == vb->values.size() && !va->values.empty()) {
                rows.push_back({team.name, measure, paired_difference(va->values, vb->values)});
                continue;
            }
            const auto* sa = baseline.find_series(team.name, measure);
            const auto* sb = variant.find_series(team.name, measure);
            if (!sa || !sb || sa->ticks.empty() || sb->ticks.empty()) continue;
            const auto &a = sa->ticks.back(), &b = sb->ticks.back();
            rows.push_back({team.name, measure,
                            unpaired_difference(a.mean, a.ci_lo, a.ci_hi, b.mean, b.ci_lo, b.ci_hi,
                                                std::min(baseline.info.replicates, variant.info.replicates))});
        }
    }
    for (const auto& v : s.ventures) {
        bool any = false;
        for (const auto& o : baseline.outcomes)
            if (o.venture == v.name) { any = true; break; }
        if (!any) continue;
        for (bool success : {true, false}) {
            auto a = venture_values(baseline, v.name, success);
            auto b = venture_values(variant, v.name, success);
            if (a.size() != b.size() || a.empty()) continue;
            rows.push_back({v.name, success ? "p_success" : "expected_value", paired_difference(a, b)});
        }
    }
    return rows;
}

namespace {

RobustComparison over_worlds(const std::string& entity, const std::string& measure, const std::vector<double>& a,
                             const std::vector<double>& b, int per_world) {
    RobustComparison c{entity, measure, !lower_is_better(measure), 0, 0, 0, 0, 0, 0};
    const std::size_t n = std::min(a.size(), b.size()), w = static_cast<std::size_t>(std::max(1, per_world));
    for (std::size_t first = 0; first < n; first += w) {
        const std::size_t last = std::min(n, first + w);
        double d = 0.0;
        for (std::size_t r = first; r < last; ++r) d += b[r] - a[r];
        d /= static_cast<double>(last - first);
        const double gain = c.higher_is_better ? d : -d;   // > 0: the variant is better in this world
        ++c.worlds;
        c.mean_diff += d;
        if (gain > 0) c.share_better += 1;
        if (gain < 0) c.share_worse += 1;
        c.regret_variant += std::max(0.0, -gain);
        c.regret_baseline += std::max(0.0, gain);
    }
    if (c.worlds > 0) {
        const double k = c.worlds;
        c.share_better /= k;
        c.share_worse /= k;
        c.mean_diff /= k;
        c.regret_variant /= k;
        c.regret_baseline /= k;
    }
    return c;
}

}  // namespace

std::vector<RobustComparison> compare_over_worlds(const model::Scenario& s, const EnsembleResult& baseline,
                                                  const EnsembleResult& variant, int per_world) {
    std::vector<RobustComparison> rows;
    for (const auto& team : s.teams)
        for (const char* measure : {"drift", "friction"}) {
            const auto* va = find_values(baseline, team.name, measure);
            const auto* vb = find_values(variant, team.name, measure);
            if (va && vb && !va->values.empty()) rows.push_back(over_worlds(team.name, measure, va->values, vb->values, per_world));
        }
    for (const auto& v : s.ventures)
        for (bool success : {true, false}) {
            const auto a = venture_values(baseline, v.name, success);
            const auto b = venture_values(variant, v.name, success);
            if (a.empty() || a.size() != b.size()) continue;
            rows.push_back(over_worlds(v.name, success ? "p_success" : "expected_value", a, b, per_world));
        }
    return rows;
}

}  // namespace orgforces::sim
