#include "sim/sweep.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <stdexcept>

#include "sim/rng.hpp"

namespace orgforces::sim {

namespace {

double parse_number(std::string_view text, std::string_view what, std::string_view whole) {
    const std::string s(text);
    std::size_t used = 0;
    double v = 0.0;
    try {
        v = std::stod(s, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (s.empty() || used != s.size() || !std::isfinite(v))
        throw std::invalid_argument("`" + std::string(whole) + "`: " + std::string(what) + " `" + s +
                                    "` is not a finite number");
    return v;
}

std::vector<std::string_view> split(std::string_view text, char sep) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i)
        if (i == text.size() || text[i] == sep) {
            parts.push_back(text.substr(start, i - start));
            start = i + 1;
        }
    return parts;
}

}  // namespace

GridAxis parse_grid_axis(std::string_view text) {
    const auto eq = text.find('=');
    if (eq == std::string_view::npos || eq == 0)
        throw std::invalid_argument("`" + std::string(text) + "`: expected PATH=FROM:TO:STEPS, e.g. "
                                    "teams.frontier.shielding=0:1:5");
    GridAxis axis;
    axis.path = std::string(text.substr(0, eq));
    const auto parts = split(text.substr(eq + 1), ':');
    if (parts.size() != 3)
        throw std::invalid_argument("`" + std::string(text) + "`: expected PATH=FROM:TO:STEPS, e.g. " +
                                    axis.path + "=0:1:5");
    axis.from = parse_number(parts[0], "FROM", text);
    axis.to = parse_number(parts[1], "TO", text);
    const double steps = parse_number(parts[2], "STEPS", text);
    if (steps < 1 || steps > 100000 || steps != std::floor(steps))
        throw std::invalid_argument("`" + std::string(text) + "`: STEPS must be a whole number from 1 to 100000");
    axis.steps = static_cast<int>(steps);
    return axis;
}

SampleRange parse_sample_range(std::string_view text, bool& has_range) {
    SampleRange r;
    const auto eq = text.find('=');
    has_range = eq != std::string_view::npos;
    r.path = std::string(text.substr(0, eq));
    if (r.path.empty()) throw std::invalid_argument("`" + std::string(text) + "`: expected PATH or PATH=MIN:MAX");
    if (!has_range) return r;
    const auto parts = split(text.substr(eq + 1), ':');
    if (parts.size() != 2)
        throw std::invalid_argument("`" + std::string(text) + "`: expected PATH=MIN:MAX");
    r.min = parse_number(parts[0], "MIN", text);
    r.max = parse_number(parts[1], "MAX", text);
    if (r.max < r.min) throw std::invalid_argument("`" + std::string(text) + "`: MAX is below MIN");
    return r;
}

double grid_value(const GridAxis& axis, int i) {
    if (axis.steps <= 1 || i <= 0) return axis.from;
    if (i >= axis.steps - 1) return axis.to;
    return axis.from + (axis.to - axis.from) * double(i) / double(axis.steps - 1);
}

std::vector<DesignPoint> grid_points(const std::vector<GridAxis>& axes) {
    std::size_t total = 1;
    for (const auto& a : axes) {
        if (a.steps < 1) throw std::invalid_argument("grid axis `" + a.path + "` has no steps");
        total *= static_cast<std::size_t>(a.steps);
        if (total > 1'000'000) throw std::invalid_argument("the grid has more than 1,000,000 points");
    }
    std::vector<DesignPoint> points;
    if (axes.empty()) return points;
    points.reserve(total);
    std::vector<int> index(axes.size(), 0);
    for (std::size_t n = 0; n < total; ++n) {
        DesignPoint p;
        for (std::size_t a = 0; a < axes.size(); ++a)
            p.push_back(model::Override{axes[a].path, grid_value(axes[a], index[a]), {}});
        points.push_back(std::move(p));
        for (std::size_t a = axes.size(); a-- > 0;) {
            if (++index[a] < axes[a].steps) break;
            index[a] = 0;
        }
    }
    return points;
}

std::vector<DesignPoint> latin_hypercube(const std::vector<SampleRange>& ranges, int n, std::uint64_t seed) {
    if (n < 1) throw std::invalid_argument("a Latin hypercube needs at least one point");
    if (n > 1'000'000) throw std::invalid_argument("a Latin hypercube of more than 1,000,000 points");
    std::vector<DesignPoint> points(static_cast<std::size_t>(n));
    // One stream per range, so adding a range does not change the others' values.
    for (std::size_t d = 0; d < ranges.size(); ++d) {
        const auto& r = ranges[d];
        Rng rng(seed, d, StreamPurpose::Extra);
        std::vector<int> stratum(static_cast<std::size_t>(n));
        std::iota(stratum.begin(), stratum.end(), 0);
        // Fisher-Yates with the defined `below`, so the pairing is the same on every platform.
        for (std::size_t i = stratum.size(); i > 1; --i)
            std::swap(stratum[i - 1], stratum[rng.below(i)]);
        for (int i = 0; i < n; ++i) {
            const double u = (double(stratum[std::size_t(i)]) + rng.uniform()) / double(n);
            double v = r.min + (r.max - r.min) * u;
            if (r.integer) v = std::min(r.max, std::max(r.min, std::round(v)));
            points[std::size_t(i)].push_back(model::Override{r.path, v, {}});
        }
    }
    return points;
}

std::vector<SweepCurve> sweep_curves(const std::vector<DesignPoint>& points, const std::vector<const EnsembleResult*>& results,
                                     const std::vector<Measure>& measures) {
    // The swept parameters: paths whose value differs between points.
    std::vector<std::string> paths;
    std::map<std::string, std::vector<double>> seen;
    for (const auto& p : points)
        for (const auto& o : p) seen[o.path].push_back(o.value);
    for (const auto& p : points)
        for (const auto& o : p) {
            const auto& v = seen[o.path];
            const bool varies = std::any_of(v.begin(), v.end(), [&](double x) { return x != v.front(); });
            if (varies && std::find(paths.begin(), paths.end(), o.path) == paths.end()) paths.push_back(o.path);
        }
    std::vector<SweepCurve> out;
    for (const auto& path : paths)
        for (const auto& m : measures) {
            struct Sum { double mean = 0, lo = 0, hi = 0; int n = 0; };
            std::map<double, Sum> at;
            for (std::size_t i = 0; i < points.size() && i < results.size(); ++i) {
                if (!results[i]) continue;
                const auto o = std::find_if(points[i].begin(), points[i].end(), [&](const model::Override& x) { return x.path == path; });
                if (o == points[i].end()) continue;
                double mean = 0, lo = 0, hi = 0;
                if (m.venture) {
                    const Scalar* x = results[i]->find_scalar(m.entity, m.kind);
                    if (!x || x->n == 0) continue;
                    mean = x->value, lo = x->lo, hi = x->hi;
                } else {
                    const Series* x = results[i]->find_series(m.entity, m.kind);
                    if (!x || x->ticks.empty()) continue;
                    const Band& b = x->ticks.back();
                    mean = b.mean, lo = b.q05, hi = b.q95;
                }
                Sum& s = at[o->value];
                s.mean += mean, s.lo += lo, s.hi += hi, ++s.n;
            }
            if (at.empty()) continue;
            SweepCurve c{path, m, {}, {}, {}, {}, {}};
            for (const auto& [x, s] : at) {
                c.x.push_back(x);
                c.mean.push_back(s.mean / s.n);
                c.lo.push_back(s.lo / s.n);
                c.hi.push_back(s.hi / s.n);
                c.points.push_back(s.n);
            }
            out.push_back(std::move(c));
        }
    return out;
}

}  // namespace orgforces::sim
