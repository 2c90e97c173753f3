// The dynamics of one tick in one place (docs/model.md#one-tick).
#include "model/dynamics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "model/reach.hpp"
#include "model/registry.hpp"

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

double peak_schedule_factor(const Schedule& sc) {
    if (sc.every <= 0) return 1.0;
    // A pulse of no duration never applies its multiplier; `between` holds the rest of the time.
    return std::max({sc.duration > 0 ? sc.multiplier : 0.0, sc.between, 0.0});
}

namespace {

// The absorbed teams' declared people join `into`; they hire no one and their ventures follow.
void merge_teams(Scenario& s, const TeamMerge& m) {
    const int into = s.team_index(m.into);
    if (into < 0) return;
    for (const auto& name : m.teams) {
        const int u = s.team_index(name);
        if (u < 0 || u == into) continue;
        Team& gone = s.teams[std::size_t(u)];
        s.teams[std::size_t(into)].size += gone.size;
        gone.size = 0;
        gone.hiring.replace_leavers = false;
        gone.hiring.growth = 0.0;
        gone.absorbed_into = m.into;
        for (auto& v : s.ventures)
            if (v.team == name) v.team = m.into;
    }
}

void split_team(Scenario& s, const TeamSplit& sp) {
    const int from = s.team_index(sp.team), to = s.team_index(sp.into);
    if (from < 0 || to < 0 || from == to) return;
    const int moved = std::min(sp.size, std::max(0, s.teams[std::size_t(from)].size));
    s.teams[std::size_t(from)].size -= moved;
    s.teams[std::size_t(to)].size += moved;
}

}  // namespace

Scenario apply_event(const Scenario& s, const Event& e) {
    Scenario next = apply_overrides(s, e.set);
    for (const auto& o : e.set)  // the event's layoff policy holds for the sizes it sets
        if (o.path.rfind("teams.", 0) == 0 && o.path.size() > 11 && o.path.compare(o.path.size() - 5, 5, ".size") == 0) {
            const int t = next.team_index(o.path.substr(6, o.path.size() - 11));
            if (t >= 0) next.teams[std::size_t(t)].layoff = e.layoff;
        }
    if (e.move)
        if (const int t = next.team_index(e.move->team); t >= 0) next.teams[std::size_t(t)].unit = e.move->unit;
    if (e.leader)
        if (const int t = next.team_index(e.leader->team); t >= 0) {
            Team& team = next.teams[std::size_t(t)];
            const double full = e.leader->leadership.value_or(team.leadership);
            team.leadership = e.leader->interim > 0 ? e.leader->interim_leadership : full;
            for (std::size_t d = 0; d < team.intent.size() && d < e.leader->intent.size(); ++d)
                if (e.leader->intent[d]) team.intent[d] = *e.leader->intent[d];
            ++team.leader_generation;
        }
    if (e.merge) merge_teams(next, *e.merge);
    if (e.split) split_team(next, *e.split);
    return next;
}

std::vector<ScenarioVersion> scenario_versions(const Scenario& s) {
    std::vector<ScenarioVersion> out;
    out.push_back({0, s});
    // Each event, and the end of each leader's interim (which restores the new leader's full
    // leadership), in tick order; at one tick the interims end first.
    struct Change {
        int tick = 0;
        const Event* event = nullptr;  // null: an interim ends
        std::string team;
        double leadership = 0.0;
    };
    std::vector<Change> changes;
    for (const auto& e : s.events) changes.push_back({e.tick, &e, {}, 0.0});
    std::stable_sort(changes.begin(), changes.end(), [](const auto& a, const auto& b) { return a.tick < b.tick; });
    const int horizon = std::max(0, s.horizon);
    for (std::size_t i = 0; i < changes.size(); ++i) {
        const Change c = changes[i];
        if (c.tick > horizon) continue;
        Scenario next;
        if (c.event) {
            next = apply_event(out.back().scenario, *c.event);
            if (const auto& l = c.event->leader; l && l->interim > 0) {
                const int t = out.back().scenario.team_index(l->team);
                const double full = t >= 0 ? l->leadership.value_or(out.back().scenario.teams[std::size_t(t)].leadership) : 0.0;
                Change end{c.tick + l->interim, nullptr, l->team, full};
                const auto at = std::find_if(changes.begin() + std::ptrdiff_t(i) + 1, changes.end(),
                                             [&](const Change& x) { return x.tick >= end.tick; });
                changes.insert(at, end);
            }
        } else {
            next = out.back().scenario;
            if (const int t = next.team_index(c.team); t >= 0) next.teams[std::size_t(t)].leadership = c.leadership;
        }
        if (!(out.back().start == c.tick && out.size() > 1)) out.push_back({c.tick, Scenario{}, {}});
        out.back().scenario = std::move(next);
        if (c.event && (c.event->merge || c.event->split)) out.back().regroupings.push_back(*c.event);
    }
    return out;
}

namespace {

double opt(const PartialVector& v, std::size_t d, double fallback = 0.0) {
    return d < v.size() && v[d] ? *v[d] : fallback;
}
bool named(const PartialVector& v, std::size_t d) { return d < v.size() && v[d].has_value(); }

// Environment defaults from a resolved reach table (T × G): the same sums in the same order for
// every caller, so the engine, the summaries and the oracle see the same bits.
std::vector<double> defaults_from(const Scenario& s, const std::vector<unsigned char>& reach) {
    const int T = static_cast<int>(s.teams.size());
    const int D = static_cast<int>(s.dimensions.size());
    const int G = static_cast<int>(s.gravity.size());
    std::vector<double> out;
    out.reserve(std::size_t(T) * D);
    for (int t = 0; t < T; ++t)
        for (int d = 0; d < D; ++d) {
            double num = 0.0, den = 0.0;
            for (int g = 0; g < G; ++g) {
                const auto& f = s.gravity[g];
                if (!f.enabled || !reach[std::size_t(t) * G + g] || !named(f.target, d)) continue;
                const double k = f.strength * mean_schedule_factor(f.schedule);
                num += k * opt(f.target, d);
                den += k;
            }
            const auto& baseline = s.organization.baseline;
            const double base = std::size_t(d) < baseline.size() ? baseline[d] : 0.5;
            out.push_back(den > 0.0 ? num / den : base);
        }
    return out;
}

std::vector<unsigned char> reach_table(const Scenario& s) {
    const std::size_t T = s.teams.size(), G = s.gravity.size();
    std::vector<unsigned char> reach(T * G, 0);
    for (std::size_t g = 0; g < G; ++g) {
        const auto reached = teams_reached(s, s.gravity[g].reach);
        for (std::size_t t = 0; t < T; ++t) reach[t * G + g] = reached[t] ? 1 : 0;
    }
    return reach;
}

}  // namespace

std::vector<double> environment_defaults(const Scenario& s) { return defaults_from(s, reach_table(s)); }

std::vector<double> environment_default(const Scenario& s, int team) {
    const std::size_t D = s.dimensions.size();
    const auto all = environment_defaults(s);
    return {all.begin() + std::ptrdiff_t(team * D), all.begin() + std::ptrdiff_t((team + 1) * D)};
}

Regime compile_regime(const Scenario& s) {
    Regime r;
    const int T = r.T = static_cast<int>(s.teams.size());
    const int D = r.D = static_cast<int>(s.dimensions.size());
    const int K = r.K = static_cast<int>(s.water.size());
    r.C = static_cast<int>(s.organization.idea_mix.size());
    const int G = r.G = static_cast<int>(s.gravity.size());
    r.strength.assign(G, 0.0);
    r.target.assign(std::size_t(G) * D, 0.0);
    r.mask.assign(std::size_t(G) * D, 0.0);
    r.mask_count.assign(G, 0.0);
    r.reach = reach_table(s);
    for (int g = 0; g < G; ++g) {
        const auto& f = s.gravity[g];
        r.strength[g] = f.enabled ? f.strength : 0.0;
        r.schedule.push_back(f.schedule);
        for (int d = 0; d < D; ++d)
            if (named(f.target, d)) {
                r.mask[g * D + d] = 1.0;
                r.target[g * D + d] = opt(f.target, d);
                r.mask_count[g] += 1.0;
            }
    }
    const auto& org = s.organization;
    for (int t = 0; t < T; ++t) {
        const auto& tm = s.teams[t];
        r.leadership.push_back(tm.leadership);
        r.shielding.push_back(tm.shielding);
        r.mu.push_back(tm.peer_conformity.value_or(org.peer_conformity));
        r.h0.push_back(tm.base_attrition);
        r.ext_frac.push_back(tm.hiring.external_fraction);
        r.selectivity.push_back(tm.hiring.selectivity);
        r.growth.push_back(tm.hiring.growth);
        r.spread.push_back(tm.initial_spread);
        r.replace.push_back(tm.hiring.replace_leavers ? 1 : 0);
        r.leader_generation.push_back(tm.leader_generation);
        for (int d = 0; d < D; ++d) {
            r.intent.push_back(tm.intent[d]);
            const auto& ep = tm.hiring.external_practice;
            r.ext_practice.push_back(std::size_t(d) < ep.size() ? ep[d] : tm.intent[d]);
        }
        for (int w = 0; w < K; ++w) {
            const auto& ea = tm.hiring.external_assumptions;
            r.ext_assumptions.push_back(std::size_t(w) < ea.size() ? ea[w] : 0.0);
        }
    }
    r.defaults = defaults_from(s, r.reach);
    r.leans_any.assign(D, 0);
    for (int w = 0; w < K; ++w) {
        const auto& wf = s.water[w];
        r.socialization.push_back(wf.enabled ? wf.socialization : 0.0);
        // Half the gap in `depth` ticks: 1 − 2^(−1/depth); at once (1) for depth 0 or a disabled force.
        r.follow.push_back(wf.enabled && wf.depth > 0.0 ? -std::expm1(-std::log(2.0) / wf.depth) : 1.0);
        r.declared_code.push_back(wf.initial_code.value_or(std::numeric_limits<double>::quiet_NaN()));
        r.code_learning.push_back(wf.enabled ? wf.code_learning : 0.0);
        r.prevalence.push_back(wf.prevalence);
        for (int d = 0; d < D; ++d) {
            const bool on = wf.enabled && named(wf.leans, d) && wf.lean_weight != 0.0;
            r.lean_w.push_back(on ? wf.lean_weight : 0.0);
            r.lean_v.push_back(on ? wf.lean_weight * opt(wf.leans, d) : 0.0);
            if (on) r.leans_any[d] = 1;
        }
        for (const auto& [kind, weight] : org.idea_mix) {
            (void)weight;
            const auto it = wf.filters.find(kind);
            r.filter.push_back(wf.enabled && it != wf.filters.end() ? it->second : 0.0);
        }
    }
    r.water_reach.assign(std::size_t(T) * K, 1);
    r.local_prevalence.assign(std::size_t(T) * K, 0.0);
    r.code_offset.assign(std::size_t(T) * K, 0.0);
    for (int w = 0; w < K; ++w) {
        const CultureScope scope = culture_scope(s, s.water[w]);
        r.water_scoped.push_back(scope.scoped ? 1 : 0);
        for (int t = 0; t < T; ++t) {
            const std::size_t i = std::size_t(t) * K + w;
            r.water_reach[i] = scope.reached[std::size_t(t)] ? 1 : 0;
            r.local_prevalence[i] = scope.prevalence[std::size_t(t)];
            r.code_offset[i] = scope.offset[std::size_t(t)];
        }
    }
    r.idea_rate = org.idea_rate;
    r.sigma = org.noise;
    r.phi = org.friction_capacity_cost;
    r.eta = org.friction_attrition;
    r.eps = org.intent_erosion;
    r.friction_scale = org.friction_scale;
    r.wear_rate = org.leader_wear;
    double total = 0.0;
    for (const auto& [kind, weight] : org.idea_mix) total += std::max(weight, 0.0);
    for (const auto& [kind, weight] : org.idea_mix) r.mix_share.push_back(total > 0 ? std::max(weight, 0.0) / total : 0.0);
    r.explore_dim = s.dimension_index("exploration");
    r.link_begin.push_back(0);
    for (int t = 0; t < T; ++t) {
        for (const auto& l : s.teams[t].links) {
            const int u = s.team_index(l.team);
            if (u < 0 || u == t) continue;
            r.link_team.push_back(u);
            r.link_rate.push_back(org.network_influence * l.weight);
        }
        r.link_begin.push_back(static_cast<int>(r.link_team.size()));
    }
    return r;
}

// The per-person update p ← p + (beta − alpha p) overshoots a target when alpha reaches 1. Each
// term at its worst: pulses at their peak factor, every assumption at full level, every link the
// team declares (a link is one-way: one declared by another team toward this one does not pull it).
std::vector<StabilityProblem> stability_problems(const Scenario& s, const Regime& r) {
    std::vector<StabilityProblem> problems;
    for (int t = 0; t < r.T; ++t) {
        double links = 0.0;
        for (int j = r.link_begin[t]; j < r.link_begin[t + 1]; ++j) links += std::abs(r.link_rate[j]);
        for (int d = 0; d < r.D; ++d) {
            double gravity = 0.0, lean = 0.0;
            for (int g = 0; g < r.G; ++g)
                if (r.reach[std::size_t(t) * r.G + g])
                    gravity += (1.0 - r.shielding[t]) * r.strength[g] * peak_schedule_factor(r.schedule[g]) * r.mask[g * r.D + d];
            for (int w = 0; w < r.K; ++w) lean += std::abs(r.lean_w[std::size_t(w) * r.D + d]);
            const double total = gravity + r.leadership[t] + r.mu[t] + lean + links;
            if (!(total >= 1.0)) continue;  // NaN rates are validation's business, not stability's
            std::ostringstream msg;
            msg << "team '" << s.teams[t].name << "': the rates pulling dimension '" << s.dimensions[d].name
                << "' sum to " << total << " (gravity " << gravity << ", leadership " << r.leadership[t]
                << ", peer conformity " << r.mu[t] << ", water leans " << lean << ", links " << links
                << "); they must stay below 1 or each tick overshoots. Lower force strengths or multipliers, "
                   "or raise shielding";
            problems.push_back({t, msg.str()});
            break;  // one message per team is enough
        }
    }
    return problems;
}

std::vector<Diagnostic> stability_diagnostics(const Scenario& s, const Regime& r) {
    std::vector<Diagnostic> out;
    for (auto& p : stability_problems(s, r)) out.push_back({s.teams[std::size_t(p.team)].pos, std::move(p.message)});
    return out;
}

void force_factors(const Regime& r, int tick, double* factors) {
    for (int g = 0; g < r.G; ++g) factors[g] = r.strength[g] * schedule_factor(r.schedule[g], tick);
}

void team_pull(const Regime& r, int t, const double* factors, const double* intent, double mu,
               const double* mean, double* alpha, double* beta, double* gk, double wear) {
    const int D = r.D, G = r.G;
    const double keep = 1.0 - r.shielding[t];
    const double lam = r.leadership[t] * (1.0 - wear);
    for (int d = 0; d < D; ++d) {
        alpha[d] = lam + mu;
        beta[d] = mu != 0.0 ? lam * intent[d] + mu * mean[d] : lam * intent[d];
    }
    for (int g = 0; g < G; ++g) {
        const double k = r.reach[std::size_t(t) * G + g] ? keep * factors[g] : 0.0;
        gk[g] = k;
        if (k == 0.0) continue;
        const double* tg = r.target.data() + std::size_t(g) * D;
        const double* mk = r.mask.data() + std::size_t(g) * D;
        for (int d = 0; d < D; ++d) {
            alpha[d] += k * mk[d];
            beta[d] += k * mk[d] * tg[d];
        }
    }
}

double saturate(double x, double scale) { return x > 0.0 ? -std::expm1(-x / scale) : 0.0; }

// The pressure of a force is its strength now times the team's root-mean-square gap to its target
// over the dimensions it names: the pull per tick it exerts on the team's mean, so it grows with
// both. Shielding splits it between the team and its leaders, so neither share jumps anywhere.
Pressure pressure(const Regime& r, int t, const double* factors, const double* mean) {
    const int D = r.D;
    double total = 0.0;
    for (int g = 0; g < r.G; ++g) {
        if (!r.reach[std::size_t(t) * r.G + g] || factors[g] == 0.0 || r.mask_count[g] == 0.0) continue;
        const double* tg = r.target.data() + std::size_t(g) * D;
        const double* mk = r.mask.data() + std::size_t(g) * D;
        double gap2 = 0.0;
        for (int d = 0; d < D; ++d) {
            const double diff = mean[d] - tg[d];
            gap2 += mk[d] * diff * diff;
        }
        total += factors[g] * std::sqrt(gap2 / r.mask_count[g]);
    }
    const double s = r.shielding[t];
    return {saturate((1.0 - s) * total, r.friction_scale), saturate(s * total, r.friction_scale)};
}

double next_wear(const Regime& r, double wear, double load) { return wear + r.wear_rate * (load - wear); }

double follow_code(const Regime& r, int w, double held, double code) {
    const double f = r.follow[std::size_t(w)];
    return f >= 1.0 ? code : held + f * (code - held);
}

bool declares_new_code(const Regime& prev, const Regime& next, int w) {
    const double a = prev.declared_code[std::size_t(w)], b = next.declared_code[std::size_t(w)];
    return !std::isnan(b) && !(a == b);
}

double team_code(const Regime& r, int t, int w, double code) {
    const double offset = r.code_offset[std::size_t(t) * r.K + w];
    return offset == 0.0 ? code : std::clamp(code + offset, 0.0, 1.0);
}

void add_leans(const Regime& r, const double* levels, double* alpha, double* beta) {
    for (int w = 0; w < r.K; ++w)
        for (int d = 0; d < r.D; ++d) {
            const double lw = r.lean_w[std::size_t(w) * r.D + d];
            if (lw == 0.0) continue;
            alpha[d] += levels[w] * lw;
            beta[d] += levels[w] * r.lean_v[std::size_t(w) * r.D + d];
        }
}

}  // namespace orgforces::model
