// The analytic oracle: the linear mean-field map of a team's mean practice (MODEL.md §12).
#include "model/oracle.hpp"

#include <Eigen/Dense>

#include <cmath>
#include <limits>
#include <numeric>

#include "model/reach.hpp"

namespace orgforces::model {

double schedule_factor(const Schedule& sc, int tick) {
    if (tick < sc.start) return 0.0;
    if (sc.end >= 0 && tick > sc.end) return 0.0;
    if (sc.every <= 0) return 1.0;
    if (tick < sc.offset) return sc.between;
    return (tick - sc.offset) % sc.every < sc.duration ? sc.multiplier : sc.between;
}

double mean_schedule_factor(const Schedule& sc) {
    if (sc.every <= 0) return 1.0;
    const int on = std::min(std::max(sc.duration, 0), sc.every);
    return (on * sc.multiplier + (sc.every - on) * sc.between) / sc.every;
}

namespace {

double at(const PartialVector& v, std::size_t d) { return d < v.size() && v[d] ? *v[d] : 0.0; }
bool has(const PartialVector& v, std::size_t d) { return d < v.size() && v[d].has_value(); }

// Per-team reach of every gravity force, resolved once.
std::vector<std::vector<bool>> reach_table(const Scenario& s) {
    std::vector<std::vector<bool>> r;
    for (const auto& g : s.gravity) r.push_back(teams_reached(s, g.reach));
    return r;
}

double team_assumption(const Scenario& s, const Team& t, std::size_t w) {
    if (t.initial_assumptions && w < t.initial_assumptions->size()) return (*t.initial_assumptions)[w];
    return s.water[w].prevalence;
}

// The diagonal of A_t and the vector b_t of team `ti` at `tick`.
void linear_terms(const Scenario& s, const std::vector<std::vector<bool>>& reached, int ti, int tick,
                  Eigen::VectorXd& a, Eigen::VectorXd& b) {
    const Team& t = s.teams[ti];
    const std::size_t D = s.dimensions.size();
    a.setZero(D);
    b.setZero(D);
    for (std::size_t g = 0; g < s.gravity.size(); ++g) {
        const GravityForce& f = s.gravity[g];
        if (!f.enabled || !reached[g][ti]) continue;
        const double k = (1.0 - t.shielding) * f.strength * schedule_factor(f.schedule, tick);
        for (std::size_t d = 0; d < D; ++d)
            if (has(f.target, d)) {
                a[d] += k;
                b[d] += k * at(f.target, d);
            }
    }
    for (std::size_t d = 0; d < D; ++d) {
        a[d] += t.leadership;
        b[d] += t.leadership * t.intent[d];
    }
    for (std::size_t w = 0; w < s.water.size(); ++w) {
        const WaterForce& wf = s.water[w];
        if (!wf.enabled) continue;
        const double level = team_assumption(s, t, w) * wf.lean_weight;
        for (std::size_t d = 0; d < D; ++d)
            if (has(wf.leans, d)) {
                a[d] += level;
                b[d] += level * at(wf.leans, d);
            }
    }
}

int team_period(const Scenario& s, const std::vector<std::vector<bool>>& reached, int ti) {
    long long p = 1;
    for (std::size_t g = 0; g < s.gravity.size(); ++g) {
        const auto& f = s.gravity[g];
        if (!f.enabled || !reached[g][ti] || f.schedule.every <= 0) continue;
        const long long next = std::lcm(p, static_cast<long long>(f.schedule.every));
        // A period map over years of ticks says nothing useful; keep the longest single period.
        p = next <= 4096 ? next : std::max<long long>(p, f.schedule.every);
    }
    return static_cast<int>(p);
}

std::vector<double> initial_mean(const Team& t) {
    return t.initial_practice ? *t.initial_practice : t.intent;
}

double norm_diff(const std::vector<double>& x, const std::vector<double>& y) {
    double s2 = 0.0;
    for (std::size_t d = 0; d < x.size(); ++d) s2 += (x[d] - y[d]) * (x[d] - y[d]);
    return std::sqrt(s2);
}

}  // namespace

std::vector<double> environment_default(const Scenario& s, int team) {
    const std::size_t D = s.dimensions.size();
    std::vector<double> num(D, 0.0), den(D, 0.0);
    for (const auto& f : s.gravity) {
        if (!f.enabled) continue;
        if (!teams_reached(s, f.reach)[team]) continue;
        const double k = f.strength * mean_schedule_factor(f.schedule);
        for (std::size_t d = 0; d < D; ++d)
            if (has(f.target, d)) {
                num[d] += k * at(f.target, d);
                den[d] += k;
            }
    }
    std::vector<double> e(D);
    for (std::size_t d = 0; d < D; ++d) {
        const double base = d < s.organization.baseline.size() ? s.organization.baseline[d] : 0.5;
        e[d] = den[d] > 0.0 ? num[d] / den[d] : base;
    }
    return e;
}

std::vector<TeamOracle> analyze_teams(const Scenario& s) {
    const auto reached = reach_table(s);
    const int D = static_cast<int>(s.dimensions.size());
    std::vector<TeamOracle> out;
    for (int ti = 0; ti < static_cast<int>(s.teams.size()); ++ti) {
        const Team& t = s.teams[ti];
        TeamOracle o;
        o.period = team_period(s, reached, ti);
        const int first = s.horizon >= o.period ? s.horizon - o.period + 1 : 1;
        // Period map x -> M x + c over ticks first .. first + period - 1.
        Eigen::MatrixXd M = Eigen::MatrixXd::Identity(D, D);
        Eigen::VectorXd c = Eigen::VectorXd::Zero(D), a, b;
        for (int tick = first; tick < first + o.period; ++tick) {
            linear_terms(s, reached, ti, tick, a, b);
            const Eigen::MatrixXd step = Eigen::MatrixXd::Identity(D, D) - Eigen::MatrixXd(a.asDiagonal());
            M = step * M;
            c = step * c + b;
        }
        // Dimensions nothing pulls on keep their initial mean; the rest solve (I - M) x = c.
        const std::vector<double> x0 = initial_mean(t);
        const Eigen::MatrixXd IM = Eigen::MatrixXd::Identity(D, D) - M;
        Eigen::VectorXd x = Eigen::VectorXd::Zero(D);
        std::vector<int> free_dims;
        for (int d = 0; d < D; ++d) {
            if (std::abs(IM(d, d)) < 1e-14 && IM.row(d).cwiseAbs().sum() < 1e-14)
                x[d] = x0[d];
            else
                free_dims.push_back(d);
        }
        if (!free_dims.empty()) {
            const int n = static_cast<int>(free_dims.size());
            Eigen::MatrixXd sub(n, n);
            Eigen::VectorXd rhs(n);
            for (int i = 0; i < n; ++i) {
                rhs[i] = c[free_dims[i]];
                for (int j = 0; j < n; ++j) sub(i, j) = IM(free_dims[i], free_dims[j]);
            }
            const Eigen::VectorXd sol = sub.colPivHouseholderQr().solve(rhs);
            for (int i = 0; i < n; ++i) x[free_dims[i]] = sol[i];
        }
        o.steady_state.assign(x.data(), x.data() + D);
        o.environment_default = environment_default(s, ti);
        const double lost = norm_diff(o.steady_state, t.intent);
        const double gap = norm_diff(o.environment_default, t.intent);
        o.intent_surviving = gap > 1e-12 ? 1.0 - lost / gap : std::numeric_limits<double>::quiet_NaN();
        o.steady_drift = D > 0 ? lost / std::sqrt(double(D)) : 0.0;
        o.spectral_radius = D > 0 ? Eigen::EigenSolver<Eigen::MatrixXd>(M, false).eigenvalues().cwiseAbs().maxCoeff() : 0.0;
        if (o.spectral_radius <= 0.0)
            o.half_life = 0.0;
        else if (o.spectral_radius >= 1.0)
            o.half_life = std::numeric_limits<double>::infinity();
        else
            o.half_life = o.period * std::log(0.5) / std::log(o.spectral_radius);
        out.push_back(std::move(o));
    }
    return out;
}

std::vector<std::vector<double>> mean_trajectory(const Scenario& s, int team, int ticks,
                                                 const std::vector<double>& start) {
    const auto reached = reach_table(s);
    const std::size_t D = s.dimensions.size();
    std::vector<std::vector<double>> out;
    std::vector<double> x = start.empty() ? initial_mean(s.teams[team]) : start;
    out.push_back(x);
    Eigen::VectorXd a, b;
    for (int tick = 1; tick <= ticks; ++tick) {
        linear_terms(s, reached, team, tick, a, b);
        // Same association as the engine's per-person update: x + (b - a x).
        for (std::size_t d = 0; d < D; ++d) x[d] = x[d] + (b[d] - a[d] * x[d]);
        out.push_back(x);
    }
    return out;
}

}  // namespace orgforces::model
