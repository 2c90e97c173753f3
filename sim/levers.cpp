// Levers: central finite differences with common random numbers, beside the analytic oracle.
#include "sim/levers.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>
#include <stdexcept>

#include "model/oracle.hpp"
#include "model/registry.hpp"
#include "sim/run_plan.hpp"
#include "sim/runner.hpp"

namespace orgforces::sim {

namespace {

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

/// Two-sided 97.5% Student t quantile for `df` degrees of freedom (normal beyond 30).
double t975(int df) {
    static const double table[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228};
    if (df <= 0) return std::numeric_limits<double>::quiet_NaN();
    if (df <= 10) return table[df - 1];
    return df <= 30 ? 2.042 + (2.228 - 2.042) * (30 - df) / 20.0 : 1.96;
}

/// The two points of the difference and the +10% unit effects are reported in.
struct Points {
    double low, high, unit;
};

Points points_for(const model::Param& p, double step) {
    const double range = p.max - p.min;
    double unit = p.value != 0.0 ? 0.1 * std::abs(p.value) : 0.1 * range;
    double h = p.value != 0.0 ? step * std::abs(p.value) : step * range;
    if (p.kind == model::ParamKind::Integer) {
        h = std::max(1.0, std::round(h));
        unit = std::max(1.0, unit);
    }
    Points pts{std::clamp(p.value - h, p.min, p.max), std::clamp(p.value + h, p.min, p.max), unit};
    return pts;
}

std::string oracle_team_for(const model::Scenario& s, const std::vector<Measure>& measures) {
    for (const auto& m : measures)
        if (!m.venture && m.kind == "drift") return m.entity;
    for (const auto& m : default_measures(s))
        if (!m.venture && m.kind == "drift") return m.entity;
    return "";
}

}  // namespace

std::vector<std::string> default_lever_paths(const model::Scenario& s, const std::vector<Measure>& measures) {
    std::vector<std::string> teams;
    for (const auto& m : measures.empty() ? default_measures(s) : measures) {
        const std::string team = m.venture ? s.ventures[static_cast<std::size_t>(s.venture_index(m.entity))].team : m.entity;
        if (std::find(teams.begin(), teams.end(), team) == teams.end()) teams.push_back(team);
    }
    std::vector<std::string> out;
    for (const auto& p : model::parameters(s)) {
        if (p.kind == model::ParamKind::Toggle) continue;
        bool take = false;
        for (const auto& g : s.gravity)
            if (g.enabled && (p.path == "forces." + g.name + ".strength" ||
                              (g.schedule.every > 0 && p.path == "forces." + g.name + ".schedule.multiplier")))
                take = true;
        for (const auto& w : s.water)
            if (w.enabled && (p.path == "forces." + w.name + ".prevalence" || p.path == "forces." + w.name + ".socialization" ||
                              (w.lean_weight > 0.0 && p.path == "forces." + w.name + ".lean_weight")))
                take = true;
        for (const auto& t : teams) {
            const std::string prefix = "teams." + t + ".";
            if (p.path.rfind(prefix, 0) != 0) continue;
            for (const char* tail : {".leadership", ".shielding", ".attrition", ".hiring.external_fraction",
                                     ".tripwire.window", ".tripwire.growth"})
                if (ends_with(p.path, tail)) take = true;
        }
        if (take) out.push_back(p.path);
    }
    return out;
}

std::vector<Lever> oracle_levers(const model::Scenario& s, const std::string& team,
                                 const std::vector<std::string>& paths, double step) {
    std::vector<Lever> out;
    const int t = s.team_index(team);
    for (const auto& path : paths) {
        const model::Param p = model::find_parameter(s, path);
        const Points pts = points_for(p, step);
        Lever l;
        l.path = path;
        l.description = p.description;
        l.value = p.value;
        l.min = p.min;
        l.max = p.max;
        l.low = pts.low;
        l.high = pts.high;
        l.unit = pts.unit;
        if (t >= 0 && pts.high > pts.low) {
            try {
                const auto lo = model::analyze_teams(model::apply_overrides(s, {{path, pts.low, {}}}));
                const auto hi = model::analyze_teams(model::apply_overrides(s, {{path, pts.high, {}}}));
                const double dlo = lo[static_cast<std::size_t>(t)].steady_drift;
                const double dhi = hi[static_cast<std::size_t>(t)].steady_drift;
                if (std::isfinite(dlo) && std::isfinite(dhi)) {
                    l.oracle_drift = (dhi - dlo) / (pts.high - pts.low) * pts.unit;
                    l.has_oracle = true;
                }
            } catch (const std::exception&) {
                // A point the validator rejects (e.g. summed rates reaching 1): no oracle figure.
            }
        }
        out.push_back(std::move(l));
    }
    return out;
}

LeverReport levers(const model::Scenario& s, const LeverOptions& options, const Evaluator& evaluate_in) {
    LeverReport r;
    r.measures = options.measures.empty() ? default_measures(s) : options.measures;
    const Evaluator evaluate = evaluate_in ? evaluate_in : engine_evaluator(r.measures);
    const RunPlan plan = RunPlan::resolve(s, {options.replicates, options.seed, options.threads, {}});
    r.seed = plan.seed;
    const Batching batching = make_batching(plan.replicates);
    r.replicates = batching.replicates();
    r.batches = batching.batches;
    r.oracle_team = oracle_team_for(s, r.measures);
    const std::vector<std::string> paths =
        options.paths.empty() ? default_lever_paths(s, r.measures) : options.paths;
    r.levers = oracle_levers(s, r.oracle_team, paths, options.step);

    // Two scenarios per lever (validated up front), each run on the same batches of replicates.
    std::vector<model::Scenario> scenarios;
    for (const auto& l : r.levers) {
        scenarios.push_back(model::apply_overrides(s, {{l.path, l.low, {}}}));
        scenarios.push_back(model::apply_overrides(s, {{l.path, l.high, {}}}));
    }
    const int B = batching.batches;
    const int jobs = static_cast<int>(scenarios.size()) * B;
    std::vector<std::vector<double>> results(static_cast<std::size_t>(jobs));
    std::mutex progress_mutex;
    int done = 0;
    parallel_for(jobs, options.threads, [&](int j) {
        const auto c = static_cast<std::size_t>(j / B);
        const int b = j % B;
        auto values = evaluate(scenarios[c], r.seed, b * batching.per_batch, batching.per_batch);
        if (values.size() != r.measures.size()) throw std::runtime_error("levers: evaluator returned the wrong number of measures");
        results[static_cast<std::size_t>(j)] = std::move(values);
        if (options.on_progress) {
            std::lock_guard<std::mutex> lock(progress_mutex);
            options.on_progress(++done, jobs);
        }
    });

    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (std::size_t i = 0; i < r.levers.size(); ++i) {
        Lever& l = r.levers[i];
        const double width = l.high - l.low;
        for (std::size_t k = 0; k < r.measures.size(); ++k) {
            if (!(width > 0.0)) {
                l.effect.push_back(nan);
                l.lo.push_back(nan);
                l.hi.push_back(nan);
                continue;
            }
            // Paired per batch: both sides saw the same replicates and random streams.
            std::vector<double> d;
            for (int b = 0; b < B; ++b) {
                const double lo = results[(2 * i) * static_cast<std::size_t>(B) + static_cast<std::size_t>(b)][k];
                const double hi = results[(2 * i + 1) * static_cast<std::size_t>(B) + static_cast<std::size_t>(b)][k];
                d.push_back((hi - lo) / width * l.unit);
            }
            double mean = 0.0;
            for (double x : d) mean += x;
            mean /= B;
            double ss = 0.0;
            for (double x : d) ss += (x - mean) * (x - mean);
            const double half = B > 1 ? t975(B - 1) * std::sqrt(ss / (B - 1) / B) : nan;
            l.effect.push_back(mean);
            l.lo.push_back(mean - half);
            l.hi.push_back(mean + half);
        }
    }
    return r;
}

std::vector<std::size_t> ranked(const LeverReport& r, std::size_t m) {
    std::vector<std::size_t> idx(r.levers.size());
    for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
    auto key = [&](std::size_t i) {
        const double e = r.levers[i].effect[m];
        return std::isfinite(e) ? std::abs(e) : -1.0;
    };
    std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return key(a) > key(b); });
    return idx;
}

std::vector<std::size_t> oracle_ranked(const std::vector<Lever>& levers) {
    std::vector<std::size_t> idx(levers.size());
    for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
    auto key = [&](std::size_t i) { return levers[i].has_oracle ? std::abs(levers[i].oracle_drift) : -1.0; };
    std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return key(a) > key(b); });
    return idx;
}

}  // namespace orgforces::sim
