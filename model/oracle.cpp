// The analytic oracle: the engine's tick in the mean (docs/model.md#the-analytic-oracle).
#include "model/oracle.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <limits>
#include <numeric>

#include "model/reach.hpp"

namespace orgforces::model {

double intent_projection(const double* p, const double* m, const double* e, std::size_t D) {
    double along = 0.0, gap2 = 0.0;
    for (std::size_t d = 0; d < D; ++d) {
        along += (p[d] - e[d]) * (m[d] - e[d]);
        gap2 += (m[d] - e[d]) * (m[d] - e[d]);
    }
    return gap2 > 1e-24 ? along / gap2 : 1.0;
}

double intent_kept(const double* p, const double* m, const double* e, std::size_t D) {
    double gap2 = 0.0;
    for (std::size_t d = 0; d < D; ++d) gap2 += (m[d] - e[d]) * (m[d] - e[d]);
    if (D == 0 || std::sqrt(gap2 / double(D)) < kMinIntentGap) return std::numeric_limits<double>::quiet_NaN();
    return intent_projection(p, m, e, D);
}

std::string_view oracle_scope() {
    return "Analytic figures: the model's mean-field (forces, events, links, culture, turnover and hiring), "
           "without practice noise, clipping to [0, 1] or the spread of hires.";
}

namespace {

double norm_diff(const double* x, const double* y, int D) {
    double s2 = 0.0;
    for (int d = 0; d < D; ++d) s2 += (x[d] - y[d]) * (x[d] - y[d]);
    return std::sqrt(s2);
}

// Period of the pulses reaching team t: the lcm of their `every`, or the longest single period when
// the lcm would span years of ticks (a period map that long says nothing useful).
int team_period(const Regime& r, int t) {
    long long p = 1;
    for (int g = 0; g < r.G; ++g) {
        if (r.strength[g] == 0.0 || !r.reach[std::size_t(t) * r.G + g] || r.schedule[g].every <= 0) continue;
        const long long next = std::lcm(p, static_cast<long long>(r.schedule[g].every));
        p = next <= 4096 ? next : std::max<long long>(p, r.schedule[g].every);
    }
    return static_cast<int>(p);
}

// What one tick did to a team, kept for the period map.
struct TickRecord {
    std::vector<double> alpha, beta;  // T × D: the full linear pull (leadership's intent term apart)
    std::vector<double> h;            // T: share of the team replaced by hires
    std::vector<double> hire;         // T × D: mean practice of those hires
    std::vector<double> m;            // T × D: the leaders' intent during the tick
    std::vector<double> lam;          // T: leadership left by the leaders' wear during the tick
};

// The mean-field state of every team and its one-tick update, in the engine's order
// (docs/model.md#one-tick). Headcounts are expected values; `frozen` keeps them (and the share
// growth adds) as they are, for the steady-state cycles past the horizon.
class MeanField {
public:
    explicit MeanField(const Scenario& s) {
        for (auto& v : scenario_versions(s)) {
            starts_.push_back(v.start);
            regimes_.push_back(compile_regime(v.scenario));
            regroupings_.push_back(std::move(v.regroupings));
        }
        for (const auto& team : s.teams) names_.push_back(team.name);
        const Regime& r = regimes_.front();
        T = r.T;
        D = r.D;
        K = r.K;
        const int H = std::max(0, s.horizon);
        x.assign(std::size_t(T) * D, 0.0);
        m = r.intent;
        a.assign(std::size_t(T) * K, 0.0);
        n.assign(T, 0.0);
        cap.assign(T, 0.0);
        wear.assign(T, 0.0);
        code.assign(K, 0.0);
        for (int t = 0; t < T; ++t) {
            const Team& tm = s.teams[t];
            const auto& start = tm.initial_practice ? *tm.initial_practice : tm.intent;
            std::copy(start.begin(), start.end(), x.begin() + std::ptrdiff_t(t) * D);
            n[t] = std::max(0, tm.size);
            double max_growth = 0.0;
            for (const auto& reg : regimes_) max_growth = std::max(max_growth, reg.growth[t]);
            cap[t] = n[t] + std::ceil(max_growth * H);
        }
        for (int k = 0; k < K; ++k) {
            const CultureScope scope = culture_scope(s, s.water[k]);
            for (int t = 0; t < T; ++t) a[std::size_t(t) * K + k] = starting_assumption(s, scope, t, k);
            code[k] = s.water[k].initial_code.value_or(s.water[k].prevalence);
        }
        held = code;
        factors_.assign(r.G, 0.0);
        gk_.assign(r.G, 0.0);
        fric_.assign(T, 0.0);
        load_.assign(T, 0.0);
        growth_share_.assign(T, 0.0);
    }

    int T = 0, D = 0, K = 0;
    std::vector<double> x, m, a, n, cap, code;  // T × D, T × D, T × K, T, T, K
    std::vector<double> wear;                   // T: the leaders' wear
    std::vector<double> held;                   // K: the code as people hold it

    int regimes() const { return static_cast<int>(regimes_.size()); }
    const Regime& final_regime() const { return regimes_.back(); }
    int regime_at(int tick) const {
        int i = 0;
        while (i + 1 < int(starts_.size()) && starts_[std::size_t(i) + 1] <= tick) ++i;
        return i;
    }

    /// Tick `tick`; with `rec`, records the linear pull and the turnover of the tick.
    /// `regime` ≥ 0 forces that regime (the steady-state cycles replay the final one).
    void step(int tick, bool frozen = false, TickRecord* rec = nullptr, int regime = -1) {
        const int ri = regime >= 0 ? regime : regime_at(tick);
        const Regime& r = regimes_[std::size_t(ri)];
        if (ri != current_) {  // a declared new intent resets erosion, as in the engine
            const Regime& old = regimes_[std::size_t(current_)];
            for (std::size_t i = 0; i < m.size(); ++i)
                if (old.intent[i] != r.intent[i]) m[i] = r.intent[i];
            for (int k = 0; k < K; ++k)
                if (declares_new_code(old, r, k)) code[std::size_t(k)] = r.declared_code[std::size_t(k)];
            for (int t = 0; t < T; ++t)  // a new leader: the intent as declared, no wear yet
                if (old.leader_generation[std::size_t(t)] != r.leader_generation[std::size_t(t)]) {
                    std::copy_n(&r.intent[std::size_t(t) * D], D, &m[std::size_t(t) * D]);
                    wear[std::size_t(t)] = 0.0;
                }
            for (std::size_t i = 0; i < a.size(); ++i)  // a team moved out of a culture's reach leaves it behind
                if (old.water_reach[i] && !r.water_reach[i]) a[i] = 0.0;
            for (int i = current_ + 1; i <= ri; ++i)
                for (const auto& e : regroupings_[std::size_t(i)]) regroup(r, e);
            current_ = ri;
        }
        const std::vector<double> x0 = x, a0 = a;
        if (rec) {
            rec->m = m;
            rec->lam.assign(T, 0.0);
            for (int t = 0; t < T; ++t) rec->lam[std::size_t(t)] = r.leadership[t] * (1.0 - wear[std::size_t(t)]);
        }
        std::vector<double> alpha(std::size_t(T) * D), beta(std::size_t(T) * D);
        force_factors(r, tick, factors_.data());
        for (int t = 0; t < T; ++t) {
            double* al = &alpha[std::size_t(t) * D];
            double* be = &beta[std::size_t(t) * D];
            const double* xt = &x0[std::size_t(t) * D];
            team_pull(r, t, factors_.data(), &m[std::size_t(t) * D], 0.0, nullptr, al, be, gk_.data(), wear[std::size_t(t)]);
            const Pressure p = pressure(r, t, factors_.data(), xt);
            fric_[t] = p.friction;
            load_[t] = p.load;
            add_leans(r, a0.data() + std::size_t(t) * K, al, be);  // a0 is empty without water forces
            for (int j = r.link_begin[t]; j < r.link_begin[t + 1]; ++j) {
                const int u = r.link_team[j];
                if (n[u] <= 0.0) continue;
                for (int d = 0; d < D; ++d) {
                    al[d] += r.link_rate[j];
                    be[d] += r.link_rate[j] * x0[std::size_t(u) * D + d];
                }
            }
        }
        // Practice: the mean moves by the linear pull (peer conformity cancels in the mean).
        for (int t = 0; t < T; ++t) {
            if (n[t] <= 0.0) continue;
            for (int d = 0; d < D; ++d) {
                const std::size_t i = std::size_t(t) * D + d;
                x[i] = x[i] + (beta[i] - alpha[i] * x[i]);
            }
        }
        // Water: the held code follows the code, people socialize toward it; the code learns from the teams at or below the
        // headcount-weighted mean friction.
        double people = 0.0, fsum = 0.0;
        for (int t = 0; t < T; ++t) {
            people += n[t];
            fsum += n[t] * fric_[t];
        }
        const double fbar = people > 0.0 ? fsum / people : 0.0;
        for (int k = 0; k < K; ++k) {
            held[std::size_t(k)] = follow_code(r, k, held[std::size_t(k)], code[k]);
            double top_n = 0.0, top_sum = 0.0;
            for (int t = 0; t < T; ++t) {
                const std::size_t i = std::size_t(t) * K + k;
                if (n[t] <= 0.0 || !r.water_reach[i]) continue;
                if (fric_[t] <= fbar + 1e-12) {
                    top_n += n[t];
                    top_sum += n[t] * (a0[i] - r.code_offset[i]);
                }
                double& level = a[i];
                level += r.socialization[k] * (team_code(r, t, k, held[std::size_t(k)]) - level);
            }
            if (top_n > 0.0) code[k] += r.code_learning[k] * (top_sum / top_n - code[k]);
        }
        // Intent erosion toward the mean at the start of the tick.
        if (r.eps > 0.0)
            for (int t = 0; t < T; ++t)
                if (n[t] > 0.0)
                    for (int d = 0; d < D; ++d) m[std::size_t(t) * D + d] += r.eps * (x0[std::size_t(t) * D + d] - m[std::size_t(t) * D + d]);
        // Leaders' wear follows this tick's load.
        for (int t = 0; t < T; ++t) wear[std::size_t(t)] = next_wear(r, wear[std::size_t(t)], load_[t]);
        // Turnover: leavers replaced by inside transfers (the environment default, the assumptions'
        // prevalence) or outside hires (the external levels); growth adds hires of the same mix.
        if (rec) {
            rec->alpha = alpha;
            rec->beta = beta;
            rec->h.assign(T, 0.0);
            rec->hire.assign(std::size_t(T) * D, 0.0);
        }
        for (int t = 0; t < T; ++t) {
            if (n[t] <= 0.0) continue;
            const double leave = std::clamp(r.h0[t] + r.eta * fric_[t], 0.0, 1.0);
            double share = 0.0;
            if (r.replace[t]) {
                share = leave;
            } else if (!frozen) {
                n[t] -= leave * n[t];
            }
            if (!frozen) {
                const double before = n[t];
                n[t] = r.growth[t] >= 0.0 ? std::min(n[t] + r.growth[t], std::max(cap[t], n[t])) : std::max(0.0, n[t] + r.growth[t]);
                growth_share_[t] = n[t] > before ? (n[t] - before) / n[t] : 0.0;
            }
            share = share + (1.0 - share) * growth_share_[t];
            const double f = r.ext_frac[t];
            for (int d = 0; d < D; ++d) {
                const std::size_t i = std::size_t(t) * D + d;
                const double z = f * r.ext_practice[i] + (1.0 - f) * r.defaults[i];
                x[i] = (1.0 - share) * x[i] + share * z;
                if (rec) rec->hire[i] = z;
            }
            for (int k = 0; k < K; ++k) {
                const std::size_t i = std::size_t(t) * K + k;
                double& level = a[i];
                if (!r.water_reach[i]) {  // nobody brings a culture that does not reach the team
                    level = (1.0 - share) * level;
                    continue;
                }
                const double arriving = f * r.ext_assumptions[i] + (1.0 - f) * r.local_prevalence[i];
                level = (1.0 - share) * level + share * (arriving + r.selectivity[t] * (team_code(r, t, k, code[k]) - arriving));
            }
            if (rec) rec->h[t] = share;
        }
    }

private:
    int index_of(const std::string& name) const {
        const auto it = std::find(names_.begin(), names_.end(), name);
        return it == names_.end() ? -1 : static_cast<int>(it - names_.begin());
    }

    // `count` people at practice `px` and assumptions `pa` join team `to` (headcount-weighted
    // means); a culture that does not reach it is left behind.
    void join(const Regime& r, int to, double count, const double* px, const double* pa) {
        if (count <= 0.0) return;
        const double total = n[std::size_t(to)] + count, keep = n[std::size_t(to)] / total;
        for (int d = 0; d < D; ++d) {
            double& xt = x[std::size_t(to) * D + d];
            xt = keep * xt + (1.0 - keep) * px[d];
        }
        for (int k = 0; k < K; ++k) {
            const std::size_t i = std::size_t(to) * K + k;
            a[i] = keep * a[i] + (1.0 - keep) * (r.water_reach[i] ? pa[k] : 0.0);
        }
        n[std::size_t(to)] = total;
    }

    // A merge or split in expectation: people move with their team's means, so a split's `who`
    // other than random (which picks people off the mean) is not represented.
    void regroup(const Regime& r, const Event& e) {
        if (e.merge)
            for (const auto& name : e.merge->teams) {
                const int u = index_of(name), into = index_of(e.merge->into);
                if (u < 0 || into < 0 || u == into) continue;
                join(r, into, n[std::size_t(u)], x.data() + std::size_t(u) * D, a.data() + std::size_t(u) * K);
                n[std::size_t(u)] = 0.0;
            }
        if (e.split) {
            const int from = index_of(e.split->team), to = index_of(e.split->into);
            if (from < 0 || to < 0 || from == to) return;
            const double moved = std::min(double(e.split->size), n[std::size_t(from)]);
            join(r, to, moved, x.data() + std::size_t(from) * D, a.data() + std::size_t(from) * K);
            n[std::size_t(from)] -= moved;
        }
    }

    std::vector<std::string> names_;
    std::vector<std::vector<Event>> regroupings_;
    std::vector<int> starts_;
    std::vector<Regime> regimes_;
    int current_ = 0;
    std::vector<double> factors_, gk_, fric_, load_, growth_share_;
};

// The affine map of one team dimension over a recorded cycle: state (x, m) when intent erodes,
// x alone otherwise. Returns the fixed point (or `x0`, `m0` when the map has none) and ρ.
struct DimSolution {
    double x = 0.0, m = 0.0, rho = 0.0;
};

DimSolution solve_dimension(const std::vector<TickRecord>& cycle, int t, int d, int D, double eps, double x0,
                            double m0) {
    // z' = M z + c with M = [[p, q], [r, s]] acting on (x, m).
    double M[2][2] = {{1, 0}, {0, 1}}, c[2] = {0, 0};
    for (const auto& rec : cycle) {
        const std::size_t i = std::size_t(t) * D + d;
        const double h = rec.h[std::size_t(t)];
        const double lambda = rec.lam[std::size_t(t)];
        // beta holds λ m at the recorded m; take it apart so m is state when intent erodes.
        const double bx = eps > 0.0 ? rec.beta[i] - lambda * rec.m[i] : rec.beta[i];
        const double S[2][2] = {{(1.0 - h) * (1.0 - rec.alpha[i]), eps > 0.0 ? (1.0 - h) * lambda : 0.0},
                                {eps, 1.0 - eps}};
        const double o[2] = {(1.0 - h) * bx + h * rec.hire[i], 0.0};
        double N[2][2], nc[2];
        for (int r = 0; r < 2; ++r) {
            nc[r] = S[r][0] * c[0] + S[r][1] * c[1] + o[r];
            for (int k = 0; k < 2; ++k) N[r][k] = S[r][0] * M[0][k] + S[r][1] * M[1][k];
        }
        std::copy(&N[0][0], &N[0][0] + 4, &M[0][0]);
        std::copy(nc, nc + 2, c);
    }
    DimSolution out{x0, m0, 0.0};
    if (eps > 0.0) {
        const double tr = M[0][0] + M[1][1], det = M[0][0] * M[1][1] - M[0][1] * M[1][0];
        const std::complex<double> root = std::sqrt(std::complex<double>(tr * tr / 4.0 - det));
        out.rho = std::max(std::abs(tr / 2.0 + root), std::abs(tr / 2.0 - root));
        const double a = 1.0 - M[0][0], b = -M[0][1], e = -M[1][0], f = 1.0 - M[1][1];
        const double den = a * f - b * e;
        if (std::abs(den) > 1e-14) {
            out.x = (c[0] * f - b * c[1]) / den;
            out.m = (a * c[1] - e * c[0]) / den;
        }
    } else {
        out.rho = std::abs(M[0][0]);
        if (std::abs(1.0 - M[0][0]) > 1e-14) out.x = c[0] / (1.0 - M[0][0]);
    }
    return out;
}

}  // namespace

std::vector<std::vector<std::vector<double>>> mean_trajectories(const Scenario& s, int ticks, int team,
                                                                const std::vector<double>& start) {
    MeanField mf(s);
    if (team >= 0 && !start.empty()) std::copy(start.begin(), start.end(), mf.x.begin() + std::ptrdiff_t(team) * mf.D);
    std::vector<std::vector<std::vector<double>>> out(std::size_t(mf.T));
    const auto record = [&] {
        for (int t = 0; t < mf.T; ++t)
            out[std::size_t(t)].emplace_back(mf.x.begin() + std::ptrdiff_t(t) * mf.D, mf.x.begin() + std::ptrdiff_t(t + 1) * mf.D);
    };
    record();
    for (int tick = 1; tick <= ticks; ++tick) {
        mf.step(tick);
        record();
    }
    return out;
}

std::vector<std::vector<double>> mean_trajectory(const Scenario& s, int team, int ticks, const std::vector<double>& start) {
    return std::move(mean_trajectories(s, ticks, team, start)[std::size_t(team)]);
}

std::vector<TeamOracle> analyze_teams(const Scenario& s) {
    MeanField mf(s);
    const int T = mf.T, D = mf.D;
    const int H = std::max(0, s.horizon);
    for (int tick = 1; tick <= H; ++tick) mf.step(tick);
    const Regime& r = mf.final_regime();
    std::vector<double> at_horizon(std::size_t(T), 0.0);
    for (int t = 0; t < T; ++t) {
        const std::size_t i = std::size_t(t) * D;
        at_horizon[std::size_t(t)] = intent_kept(&mf.x[i], &r.intent[i], &r.defaults[i], std::size_t(D));
    }

    // One cycle for every team: a common multiple of the team periods (the longest when too long).
    std::vector<int> periods(std::size_t(T), 1);
    long long cycle_len = 1;
    for (int t = 0; t < T; ++t) {
        periods[std::size_t(t)] = team_period(r, t);
        const long long next = std::lcm(cycle_len, static_cast<long long>(periods[std::size_t(t)]));
        cycle_len = next <= 4096 ? next : std::max<long long>(cycle_len, periods[std::size_t(t)]);
    }
    const int P = static_cast<int>(cycle_len);
    const int first = H >= P ? H - P + 1 : 1;

    // Replay the last cycle of the horizon until the couplings between teams (links, turnover
    // through friction, the culture) settle, then solve each team's period map exactly with
    // those couplings; twice more, so the couplings see the solved orbit.
    std::vector<TickRecord> cycle(static_cast<std::size_t>(P));
    const auto run_cycle = [&](bool keep) {
        for (int k = 0; k < P; ++k) mf.step(first + k, true, keep ? &cycle[std::size_t(k)] : nullptr, mf.regimes() - 1);
    };
    const int warm = std::max(1, 600 / P);  // ~600 ticks: the culture and turnover settle well within
    for (int i = 0; i < warm; ++i) {
        const std::vector<double> before = mf.x;
        run_cycle(false);
        double change = 0.0;
        for (std::size_t j = 0; j < before.size(); ++j) change = std::max(change, std::abs(mf.x[j] - before[j]));
        if (change < 1e-13) break;
    }
    std::vector<double> rho(std::size_t(T), 0.0);
    for (int pass = 0; pass < 3; ++pass) {
        const std::vector<double> x0 = mf.x, m0 = mf.m, a0 = mf.a, n0 = mf.n, code0 = mf.code, wear0 = mf.wear, held0 = mf.held;
        run_cycle(true);
        mf.x = x0;
        mf.m = m0;
        mf.a = a0;
        mf.n = n0;
        mf.code = code0;
        mf.wear = wear0;
        mf.held = held0;
        for (int t = 0; t < T; ++t) {
            rho[std::size_t(t)] = 0.0;
            for (int d = 0; d < D; ++d) {
                const std::size_t i = std::size_t(t) * D + d;
                const DimSolution z = solve_dimension(cycle, t, d, D, r.eps, x0[i], m0[i]);
                mf.x[i] = z.x;
                mf.m[i] = z.m;
                rho[std::size_t(t)] = std::max(rho[std::size_t(t)], z.rho);
            }
        }
    }

    std::vector<TeamOracle> out;
    for (int t = 0; t < T; ++t) {
        TeamOracle o;
        o.period = periods[std::size_t(t)];
        const double* x = &mf.x[std::size_t(t) * D];
        const double* intent = &r.intent[std::size_t(t) * D];
        const double* e = &r.defaults[std::size_t(t) * D];
        o.steady_state.assign(x, x + D);
        o.environment_default.assign(e, e + D);
        const double lost = norm_diff(x, intent, D);
        o.intent_surviving = intent_kept(x, intent, e, std::size_t(D));
        o.horizon_intent_kept = at_horizon[std::size_t(t)];
        o.steady_drift = D > 0 ? lost / std::sqrt(double(D)) : 0.0;
        double h = 0.0;
        for (const auto& rec : cycle) h += rec.h[std::size_t(t)];
        o.turnover = P > 0 ? h / P : 0.0;
        // ρ of the cycle map, expressed per team period.
        o.spectral_radius = rho[std::size_t(t)] > 0.0 ? std::pow(rho[std::size_t(t)], double(o.period) / P) : 0.0;
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

}  // namespace orgforces::model
