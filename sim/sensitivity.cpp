// Global sensitivity: Saltelli/Sobol and Morris designs, their estimators, and the engine driver.
//
// Sections: [sobol] [morris] [engine]

#include "sim/sensitivity.hpp"

#include <boost/random/sobol.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <mutex>
#include <stdexcept>

#include "model/registry.hpp"
#include "model/uncertain.hpp"
#include "sim/levers.hpp"
#include "sim/rng.hpp"
#include "sim/run_plan.hpp"
#include "sim/runner.hpp"

namespace orgforces::sim {

namespace {

double mean_of(const std::vector<double>& v) {
    double s = 0.0;
    for (double x : v) s += x;
    return v.empty() ? 0.0 : s / static_cast<double>(v.size());
}

/// The p-th percentile (linear interpolation) of `v`, which it sorts.
double percentile(std::vector<double>& v, double p) {
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    const double at = p * static_cast<double>(v.size() - 1);
    const auto i = static_cast<std::size_t>(std::floor(at));
    const std::size_t j = std::min(i + 1, v.size() - 1);
    return v[i] + (at - static_cast<double>(i)) * (v[j] - v[i]);
}

/// Pearson correlation of x and y (0 when either does not vary).
double correlation(const std::vector<double>& x, const std::vector<double>& y) {
    const double mx = mean_of(x), my = mean_of(y);
    double sxy = 0.0, sxx = 0.0, syy = 0.0;
    for (std::size_t j = 0; j < x.size(); ++j) {
        sxy += (x[j] - mx) * (y[j] - my);
        sxx += (x[j] - mx) * (x[j] - mx);
        syy += (y[j] - my) * (y[j] - my);
    }
    return sxx > 0.0 && syy > 0.0 ? sxy / std::sqrt(sxx * syy) : 0.0;
}

}  // namespace

// [sobol] -------------------------------------------------------------------------------------

std::vector<std::vector<double>> saltelli_design(int k, int n) {
    if (k < 1 || n < 2) throw std::invalid_argument("saltelli_design: need k >= 1 parameters and n >= 2 points");
    boost::random::sobol_engine<std::uint32_t, 32u, boost::random::default_sobol_table> gen(static_cast<std::size_t>(2 * k));
    gen.seed(1);   // skip the origin
    std::vector<std::vector<double>> base(static_cast<std::size_t>(n), std::vector<double>(static_cast<std::size_t>(2 * k)));
    for (auto& row : base)
        for (auto& x : row) x = static_cast<double>(gen()) * 0x1.0p-32;
    std::vector<std::vector<double>> out;
    out.reserve(static_cast<std::size_t>(n) * static_cast<std::size_t>(k + 2));
    for (const auto& row : base) out.emplace_back(row.begin(), row.begin() + k);        // A
    for (const auto& row : base) out.emplace_back(row.begin() + k, row.end());          // B
    for (int i = 0; i < k; ++i)
        for (const auto& row : base) {                                                  // A_B^i
            std::vector<double> ab(row.begin(), row.begin() + k);
            ab[static_cast<std::size_t>(i)] = row[static_cast<std::size_t>(k + i)];
            out.push_back(std::move(ab));
        }
    return out;
}

namespace {

/// S1 and ST of every parameter from the base rows `rows` (indices into 0..N-1).
void sobol_point_estimates(const std::vector<double>& y, int k, int n, const std::vector<int>& rows,
                           std::vector<double>& s1, std::vector<double>& st) {
    const auto N = static_cast<std::size_t>(n);
    const double m = static_cast<double>(rows.size());
    // Variance over the A and B rows together (as SALib does).
    double sum = 0.0, sumsq = 0.0;
    for (int j : rows)
        for (const double v : {y[static_cast<std::size_t>(j)], y[N + static_cast<std::size_t>(j)]}) {
            sum += v;
            sumsq += v * v;
        }
    const double mean = sum / (2 * m);
    const double var = sumsq / (2 * m) - mean * mean;
    s1.assign(static_cast<std::size_t>(k), 0.0);
    st.assign(static_cast<std::size_t>(k), 0.0);
    if (!(var > 1e-300)) return;
    for (int i = 0; i < k; ++i) {
        double a = 0.0, b = 0.0;
        const std::size_t off = N * static_cast<std::size_t>(2 + i);
        for (int j : rows) {
            const double fa = y[static_cast<std::size_t>(j)], fb = y[N + static_cast<std::size_t>(j)];
            const double fab = y[off + static_cast<std::size_t>(j)];
            a += fb * (fab - fa);             // Saltelli et al. (2010), eq. (b) of table 2
            b += (fa - fab) * (fa - fab);     // Jansen (1999)
        }
        s1[static_cast<std::size_t>(i)] = a / m / var;
        st[static_cast<std::size_t>(i)] = b / (2 * m) / var;
    }
}

}  // namespace

std::vector<SobolIndex> sobol_indices(const std::vector<double>& y, int k, int n, int bootstrap, std::uint64_t seed) {
    if (y.size() != static_cast<std::size_t>(n) * static_cast<std::size_t>(k + 2))
        throw std::invalid_argument("sobol_indices: expected N (k + 2) outputs");
    std::vector<int> all(static_cast<std::size_t>(n));
    for (int j = 0; j < n; ++j) all[static_cast<std::size_t>(j)] = j;
    std::vector<double> s1, st;
    sobol_point_estimates(y, k, n, all, s1, st);
    std::vector<SobolIndex> out(static_cast<std::size_t>(k));
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i].s1 = out[i].s1_lo = out[i].s1_hi = s1[i];
        out[i].st = out[i].st_lo = out[i].st_hi = st[i];
    }
    if (bootstrap <= 0) return out;
    Rng rng(seed, 0, StreamPurpose::Extra);
    std::vector<std::vector<double>> bs1(out.size()), bst(out.size());
    std::vector<int> rows(all.size());
    for (int b = 0; b < bootstrap; ++b) {
        for (auto& r : rows) r = static_cast<int>(rng.below(static_cast<std::uint64_t>(n)));
        sobol_point_estimates(y, k, n, rows, s1, st);
        for (std::size_t i = 0; i < out.size(); ++i) {
            bs1[i].push_back(s1[i]);
            bst[i].push_back(st[i]);
        }
    }
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i].s1_lo = percentile(bs1[i], 0.025);
        out[i].s1_hi = percentile(bs1[i], 0.975);
        out[i].st_lo = percentile(bst[i], 0.025);
        out[i].st_hi = percentile(bst[i], 0.975);
    }
    return out;
}

// [morris] ------------------------------------------------------------------------------------

std::vector<std::vector<double>> morris_design(int k, int r, int levels, std::uint64_t seed) {
    if (k < 1 || r < 2 || levels < 2 || levels % 2 != 0)
        throw std::invalid_argument("morris_design: need k >= 1, r >= 2 and an even number of levels");
    const double step = levels / (2.0 * (levels - 1));
    Rng rng(seed, 1, StreamPurpose::Extra);
    std::vector<std::vector<double>> out;
    for (int t = 0; t < r; ++t) {
        std::vector<double> x(static_cast<std::size_t>(k));
        for (auto& v : x) v = static_cast<double>(rng.below(static_cast<std::uint64_t>(levels))) / (levels - 1);
        std::vector<int> order(static_cast<std::size_t>(k));
        for (int i = 0; i < k; ++i) order[static_cast<std::size_t>(i)] = i;
        for (int i = k - 1; i > 0; --i)
            std::swap(order[static_cast<std::size_t>(i)], order[rng.below(static_cast<std::uint64_t>(i) + 1)]);
        out.push_back(x);
        for (int i : order) {
            auto& v = x[static_cast<std::size_t>(i)];
            v = v + step <= 1.0 + 1e-12 ? v + step : v - step;   // up when it stays on the grid, else down
            out.push_back(x);
        }
    }
    return out;
}

std::vector<MorrisIndex> morris_indices(const std::vector<std::vector<double>>& design, const std::vector<double>& y,
                                        int k, int r, int bootstrap, std::uint64_t seed) {
    const auto K = static_cast<std::size_t>(k);
    if (design.size() != static_cast<std::size_t>(r) * (K + 1) || y.size() != design.size())
        throw std::invalid_argument("morris_indices: expected r (k + 1) design rows and outputs");
    // effects[i][t]: the elementary effect of parameter i in trajectory t.
    std::vector<std::vector<double>> effects(K, std::vector<double>(static_cast<std::size_t>(r), 0.0));
    for (int t = 0; t < r; ++t)
        for (std::size_t j = 0; j < K; ++j) {
            const std::size_t a = static_cast<std::size_t>(t) * (K + 1) + j;
            for (std::size_t i = 0; i < K; ++i) {
                const double dx = design[a + 1][i] - design[a][i];
                if (dx != 0.0) effects[i][static_cast<std::size_t>(t)] = (y[a + 1] - y[a]) / dx;
            }
        }
    auto mu_star_of = [](const std::vector<double>& e, const std::vector<int>& rows) {
        double s = 0.0;
        for (int t : rows) s += std::abs(e[static_cast<std::size_t>(t)]);
        return s / static_cast<double>(rows.size());
    };
    std::vector<int> all(static_cast<std::size_t>(r));
    for (int t = 0; t < r; ++t) all[static_cast<std::size_t>(t)] = t;
    std::vector<MorrisIndex> out(K);
    for (std::size_t i = 0; i < K; ++i) {
        const double mu = mean_of(effects[i]);
        double ss = 0.0;
        for (double e : effects[i]) ss += (e - mu) * (e - mu);
        out[i].mu = mu;
        out[i].sigma = std::sqrt(ss / (r - 1));
        out[i].mu_star = out[i].mu_star_lo = out[i].mu_star_hi = mu_star_of(effects[i], all);
    }
    if (bootstrap <= 0) return out;
    Rng rng(seed, 2, StreamPurpose::Extra);
    std::vector<std::vector<double>> boot(K);
    std::vector<int> rows(all.size());
    for (int b = 0; b < bootstrap; ++b) {
        for (auto& t : rows) t = static_cast<int>(rng.below(static_cast<std::uint64_t>(r)));
        for (std::size_t i = 0; i < K; ++i) boot[i].push_back(mu_star_of(effects[i], rows));
    }
    for (std::size_t i = 0; i < K; ++i) {
        out[i].mu_star_lo = percentile(boot[i], 0.025);
        out[i].mu_star_hi = percentile(boot[i], 0.975);
    }
    return out;
}

// [engine] ------------------------------------------------------------------------------------

const char* to_string(SensitivityMethod m) { return m == SensitivityMethod::Sobol ? "sobol" : "morris"; }

SensitivityResult sensitivity(const model::Scenario& s, const SensitivityOptions& options, const Evaluator& evaluate_in) {
    SensitivityResult r;
    r.method = options.method;
    r.priors = options.priors.empty() ? s.uncertain : options.priors;
    if (r.priors.empty())
        throw std::invalid_argument("no uncertain parameters: add an `uncertain:` block to the scenario or pass --vary PATH=LO:HI");
    const std::vector<Measure> measures = options.measures.empty() ? default_measures(s) : options.measures;
    const Evaluator evaluate = evaluate_in ? evaluate_in : engine_evaluator(measures);
    const RunPlan plan = RunPlan::resolve(s, {options.replicates, options.seed, options.threads, {}});
    r.seed = plan.seed;
    r.replicates = plan.replicates;
    r.bootstrap = std::max(0, options.bootstrap);
    const int k = static_cast<int>(r.priors.size());
    const bool sobol = r.method == SensitivityMethod::Sobol;
    r.samples = options.samples > 0 ? options.samples : (sobol ? 512 : 20);
    const auto design = sobol ? saltelli_design(k, r.samples) : morris_design(k, r.samples, options.levels, r.seed);
    r.points = static_cast<int>(design.size());

    // Every point runs replicates [0, R) with the same seed: common random numbers.
    std::vector<std::vector<double>> values(design.size());
    std::mutex progress_mutex;
    int done = 0;
    parallel_for(r.points, options.threads, [&](int j) {
        const auto& u = design[static_cast<std::size_t>(j)];
        const model::Scenario point = model::apply_overrides(s, model::at_point(s, r.priors, u));
        auto v = evaluate(point, r.seed, 0, r.replicates);
        if (v.size() != measures.size()) throw std::runtime_error("sensitivity: evaluator returned the wrong number of measures");
        values[static_cast<std::size_t>(j)] = std::move(v);
        if (options.on_progress) {
            std::lock_guard<std::mutex> lock(progress_mutex);
            options.on_progress(++done, r.points);
        }
    });

    for (std::size_t m = 0; m < measures.size(); ++m) {
        MeasureSensitivity ms;
        ms.measure = measures[m];
        std::vector<double> y(design.size());
        for (std::size_t j = 0; j < y.size(); ++j) y[j] = values[j][m];
        const std::size_t base = sobol ? 2 * static_cast<std::size_t>(r.samples) : y.size();
        double sum = 0.0, sumsq = 0.0;
        for (std::size_t j = 0; j < base; ++j) {
            sum += y[j];
            sumsq += y[j] * y[j];
        }
        ms.mean = sum / static_cast<double>(base);
        ms.variance = std::max(0.0, sumsq / static_cast<double>(base) - ms.mean * ms.mean);
        for (std::size_t i = 0; i < r.priors.size(); ++i) {
            std::vector<double> u(base);
            for (std::size_t j = 0; j < base; ++j) u[j] = design[j][i];
            ms.correlation.push_back(correlation(u, std::vector<double>(y.begin(), y.begin() + static_cast<std::ptrdiff_t>(base))));
        }
        if (sobol)
            ms.sobol = sobol_indices(y, k, r.samples, r.bootstrap, r.seed);
        else
            ms.morris = morris_indices(design, y, k, r.samples, r.bootstrap, r.seed);
        r.measures.push_back(std::move(ms));
    }
    return r;
}

std::vector<model::UncertainParam> lever_priors(const model::Scenario& s, const std::vector<std::string>& paths,
                                                double spread) {
    std::vector<model::UncertainParam> out;
    for (const auto& path : paths) {
        const auto own = std::find_if(s.uncertain.begin(), s.uncertain.end(),
                                      [&](const model::UncertainParam& u) { return u.path == path; });
        if (own != s.uncertain.end()) {
            out.push_back(*own);
            continue;
        }
        const model::Param p = model::find_parameter(s, path);
        const double half = p.value != 0.0 ? spread * std::abs(p.value) : 0.0;
        double lo = std::max(p.min, p.value - half), hi = std::min(p.max, p.value + half);
        if (p.value == 0.0) hi = std::min(p.max, p.min + spread * (p.max - p.min));
        if (p.kind == model::ParamKind::Integer) lo = std::ceil(lo), hi = std::floor(hi);
        if (!(hi > lo)) continue;
        try {
            char range[80];
            std::snprintf(range, sizeof range, "=%.17g:%.17g", lo, hi);
            out.push_back(model::parse_vary(s, path + range, "lever range"));
        } catch (const model::ScenarioError&) {
            // A range the scenario cannot take at one end (a coupled setting): not a lever to rank.
        }
    }
    return out;
}

SensitivityOptions global_lever_options(const model::Scenario& s) {
    std::vector<std::string> paths = default_lever_paths(s, {});
    for (const auto& u : s.uncertain)
        if (std::find(paths.begin(), paths.end(), u.path) == paths.end()) paths.push_back(u.path);
    SensitivityOptions o;
    o.method = SensitivityMethod::Sobol;
    o.priors = lever_priors(s, paths);
    for (const auto& m : default_measures(s))
        if (m.kind != "expected_value") o.measures.push_back(m);
    return o;
}

}  // namespace orgforces::sim
