// The causal graph: construction from a scenario's mechanisms, loops, leverage and DOT export.
//
// Sections: [graph] [equilibrium] [construction] [loops] [leverage] [dot]

#include "model/causal.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdio>
#include <functional>
#include <map>
#include <set>

#include <Eigen/Dense>
#include <Eigen/Eigenvalues>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>
#include <fmt/format.h>

#include "model/dynamics.hpp"
#include "model/reach.hpp"

namespace orgforces::model {

// [graph] -------------------------------------------------------------------------------------

int CausalGraph::add_node(const std::string& id, const std::string& label, CausalKind kind) {
    const int found = find(id);
    if (found >= 0) return found;
    nodes_.push_back(CausalNode{id, label, kind});
    return static_cast<int>(nodes_.size()) - 1;
}

void CausalGraph::add_edge(int from, int to, double weight, const std::string& why) {
    if (from == to || !(std::abs(weight) > 1e-12) || !std::isfinite(weight)) return;
    for (auto& e : edges_) {
        if (e.from == from && e.to == to) {
            e.weight += weight;
            if (e.why.find(why) == std::string::npos) e.why += ", " + why;
            return;
        }
    }
    edges_.push_back(CausalEdge{from, to, weight, why});
}

int CausalGraph::find(const std::string& id) const {
    for (std::size_t i = 0; i < nodes_.size(); ++i)
        if (nodes_[i].id == id) return static_cast<int>(i);
    return -1;
}

const char* to_string(CausalKind k) {
    switch (k) {
        case CausalKind::Gravity: return "gravity";
        case CausalKind::Water: return "water";
        case CausalKind::Practice: return "practice";
        case CausalKind::Friction: return "friction";
        case CausalKind::Capacity: return "capacity";
        case CausalKind::Attrition: return "attrition";
        case CausalKind::Hiring: return "hiring";
        case CausalKind::Assumption: return "assumption";
        case CausalKind::IdeaSupply: return "idea supply";
        case CausalKind::Fit: return "fit";
        case CausalKind::Hazard: return "hazard";
        case CausalKind::Progress: return "progress";
        case CausalKind::Outcome: return "outcome";
        case CausalKind::Qualitative: return "qualitative";
    }
    return "unknown";
}

// [equilibrium] -------------------------------------------------------------------------------
//
// The mean-field equilibrium the graph is linearized around: each team's mean practice and mean
// assumption levels where all pulls balance, with turnover at the rate friction implies. Schedules
// enter with their time-averaged strength; noise, clipping and peer conformity (which does not move
// a team's mean) are left out.

namespace {

double value_or(const PartialVector& v, std::size_t d, double fallback) {
    return d < v.size() && v[d] ? *v[d] : fallback;
}
bool names(const PartialVector& v, std::size_t d) { return d < v.size() && v[d].has_value(); }

/// Mean strength factor of a schedule over one period.
double mean_multiplier(const Schedule& sc) {
    if (sc.every <= 0) return 1.0;
    const double on = std::clamp(sc.duration, 0, sc.every);
    return (on * sc.multiplier + (sc.every - on) * sc.between) / sc.every;
}

struct Equilibrium {
    std::vector<std::vector<double>> practice;     // [team][dimension]
    std::vector<std::vector<double>> assumptions;  // [team][water]
    std::vector<double> friction;                  // [team]
    std::vector<double> leave_rate;                // [team] h0 + eta F
    std::vector<double> hire_rate;                 // [team] leave_rate when leavers are replaced
    std::vector<std::vector<double>> total_rate;   // [team][dimension] R: sum of pull rates
    std::vector<std::vector<double>> hire_practice;  // [team][dimension] mean practice of hires
    std::vector<std::vector<bool>> reached;        // [gravity][team]
    std::vector<double> gravity_rate;              // [gravity] time-averaged strength (0 if off)
    std::vector<double> environment;               // [dimension] environment default
    std::vector<CultureScope> culture;             // [water] reach and unit levels
};

double code_of(const WaterForce& w) { return w.initial_code.value_or(w.prevalence); }

// The code of water force w as team t's unit holds it (docs/model.md#water).
double code_at(const Scenario& s, const Equilibrium& eq, std::size_t w, std::size_t t) {
    const double offset = eq.culture[w].offset[t];
    return offset == 0.0 ? code_of(s.water[w]) : std::clamp(code_of(s.water[w]) + offset, 0.0, 1.0);
}

// Root-mean-square gap of team t's equilibrium practice to force g's target (docs/model.md#friction).
double target_gap(const Scenario& s, const Equilibrium& eq, std::size_t t, std::size_t g) {
    double sq = 0.0, count = 0.0;
    for (std::size_t d = 0; d < s.dimensions.size(); ++d) {
        if (!names(s.gravity[g].target, d)) continue;
        const double gap = eq.practice[t][d] - *s.gravity[g].target[d];
        sq += gap * gap;
        count += 1.0;
    }
    return count > 0.0 ? std::sqrt(sq / count) : 0.0;
}

// Gravity's pull on team t (strength × gap, summed over the forces reaching it), before shielding.
double team_pressure(const Scenario& s, const Equilibrium& eq, std::size_t t) {
    double total = 0.0;
    for (std::size_t g = 0; g < s.gravity.size(); ++g)
        if (eq.reached[g][t] && eq.gravity_rate[g] > 0.0) total += eq.gravity_rate[g] * target_gap(s, eq, t, g);
    return total;
}

double team_friction(const Scenario& s, const Equilibrium& eq, std::size_t t) {
    return saturate((1.0 - s.teams[t].shielding) * team_pressure(s, eq, t), s.organization.friction_scale);
}

// Leadership left by the leaders' steady wear, which equals their load when wear acts at all.
double worn_leadership(const Scenario& s, const Equilibrium& eq, std::size_t t) {
    const auto& team = s.teams[t];
    if (s.organization.leader_wear <= 0.0) return team.leadership;
    return team.leadership * (1.0 - saturate(team.shielding * team_pressure(s, eq, t), s.organization.friction_scale));
}

Equilibrium solve_equilibrium(const Scenario& s) {
    const std::size_t T = s.teams.size(), D = s.dimensions.size(), W = s.water.size();
    const auto& org = s.organization;
    Equilibrium eq;
    eq.reached.resize(s.gravity.size());
    eq.gravity_rate.resize(s.gravity.size());
    for (std::size_t g = 0; g < s.gravity.size(); ++g) {
        eq.reached[g] = teams_reached(s, s.gravity[g].reach);
        eq.gravity_rate[g] =
            s.gravity[g].enabled ? s.gravity[g].strength * mean_multiplier(s.gravity[g].schedule) : 0.0;
    }
    // Environment default: strength-weighted mean of the targets, else the organization baseline.
    eq.environment.assign(D, 0.5);
    for (std::size_t d = 0; d < D; ++d) {
        double num = 0.0, den = 0.0;
        for (std::size_t g = 0; g < s.gravity.size(); ++g) {
            if (!names(s.gravity[g].target, d) || eq.gravity_rate[g] <= 0.0) continue;
            num += eq.gravity_rate[g] * *s.gravity[g].target[d];
            den += eq.gravity_rate[g];
        }
        eq.environment[d] = den > 0.0 ? num / den : (d < org.baseline.size() ? org.baseline[d] : 0.5);
    }
    for (const auto& wf : s.water) eq.culture.push_back(culture_scope(s, wf));
    eq.practice.resize(T);
    eq.assumptions.resize(T);
    eq.friction.assign(T, 0.0);
    eq.leave_rate.assign(T, 0.0);
    eq.hire_rate.assign(T, 0.0);
    eq.total_rate.assign(T, std::vector<double>(D, 0.0));
    eq.hire_practice.assign(T, std::vector<double>(D, 0.0));
    for (std::size_t t = 0; t < T; ++t) {
        const auto& team = s.teams[t];
        eq.practice[t] = team.initial_practice.value_or(team.intent);
        eq.practice[t].resize(D, 0.5);
        eq.assumptions[t].resize(W);
        for (std::size_t w = 0; w < W; ++w) eq.assumptions[t][w] = starting_assumption(s, eq.culture[w], int(t), int(w));
        for (std::size_t d = 0; d < D; ++d) {
            const double ef = team.hiring.external_fraction;
            const double ext = d < team.hiring.external_practice.size() ? team.hiring.external_practice[d]
                                                                        : (d < team.intent.size() ? team.intent[d] : 0.5);
            eq.hire_practice[t][d] = (1.0 - ef) * eq.environment[d] + ef * ext;
        }
    }
    for (int iter = 0; iter < 200; ++iter) {
        auto next = eq.practice;
        for (std::size_t t = 0; t < T; ++t) {
            const auto& team = s.teams[t];
            eq.friction[t] = team_friction(s, eq, t);
            const double lam = worn_leadership(s, eq, t);
            eq.leave_rate[t] = team.base_attrition + org.friction_attrition * eq.friction[t];
            eq.hire_rate[t] = team.hiring.replace_leavers ? eq.leave_rate[t] : 0.0;
            const double hr = eq.hire_rate[t], ef = team.hiring.external_fraction;
            for (std::size_t w = 0; w < W; ++w) {
                const auto& wf = s.water[w];
                if (!wf.enabled || !eq.culture[w].reached[t]) { eq.assumptions[t][w] = 0.0; continue; }
                const double ext = w < team.hiring.external_assumptions.size() ? team.hiring.external_assumptions[w] : 0.0;
                const double rate = wf.socialization + hr;
                const double code = code_at(s, eq, w, t);
                const double arriving = (1.0 - ef) * eq.culture[w].prevalence[t] + ef * ext;
                const double hired = arriving + team.hiring.selectivity * (code - arriving);
                if (rate > 0.0) eq.assumptions[t][w] = (wf.socialization * code + hr * hired) / rate;
            }
            for (std::size_t d = 0; d < D; ++d) {
                double num = 0.0, rate = 0.0;
                for (std::size_t g = 0; g < s.gravity.size(); ++g) {
                    if (!eq.reached[g][t] || !names(s.gravity[g].target, d)) continue;
                    const double c = (1.0 - team.shielding) * eq.gravity_rate[g];
                    num += c * *s.gravity[g].target[d];
                    rate += c;
                }
                const double intent = d < team.intent.size() ? team.intent[d] : 0.5;
                num += lam * intent;
                rate += lam;
                for (std::size_t w = 0; w < W; ++w) {
                    if (!s.water[w].enabled || !names(s.water[w].leans, d)) continue;
                    const double c = eq.assumptions[t][w] * s.water[w].lean_weight;
                    num += c * *s.water[w].leans[d];
                    rate += c;
                }
                for (const auto& link : team.links) {
                    const int u = s.team_index(link.team);
                    if (u < 0) continue;
                    const double c = org.network_influence * link.weight;
                    num += c * eq.practice[static_cast<std::size_t>(u)][d];
                    rate += c;
                }
                num += hr * eq.hire_practice[t][d];
                rate += hr;
                eq.total_rate[t][d] = rate;
                if (rate > 0.0) next[t][d] = num / rate;
            }
        }
        eq.practice = std::move(next);
    }
    for (std::size_t t = 0; t < T; ++t) eq.friction[t] = team_friction(s, eq, t);
    return eq;
}

std::string practice_id(const Scenario& s, std::size_t t, std::size_t d) {
    return "practice:" + s.teams[t].name + ":" + s.dimensions[d].name;
}

}  // namespace

std::vector<std::vector<double>> equilibrium_practice(const Scenario& s) { return solve_equilibrium(s).practice; }

// [construction] ------------------------------------------------------------------------------

namespace {

// Builds the graph in a fixed order (node ids follow it): force nodes, practice nodes of the focal
// teams, each focal team's mechanisms, each venture, then the scenario's own links.
class GraphBuilder {
public:
    explicit GraphBuilder(const Scenario& s)
        : s_(s), org_(s.organization), eq_(solve_equilibrium(s)), T_(s.teams.size()), D_(s.dimensions.size()),
          W_(s.water.size()) {}

    CausalGraph build() {
        mark_focal_teams();
        add_force_nodes();
        add_practice_nodes();
        for (std::size_t t = 0; t < T_; ++t)
            if (focal_[t]) add_team(t);
        for (const auto& v : s_.ventures) add_venture(v);
        add_scenario_links();
        return std::move(g_);
    }

private:
    // The teams that run a venture; every team when none does.
    void mark_focal_teams() {
        focal_.assign(T_, false);
        for (const auto& v : s_.ventures) {
            const int t = s_.team_index(v.team);
            if (t >= 0) focal_[static_cast<std::size_t>(t)] = true;
        }
        if (std::none_of(focal_.begin(), focal_.end(), [](bool b) { return b; })) focal_.assign(T_, true);
    }

    // Force nodes first, so the graph reads forces -> mechanisms -> outcomes.
    void add_force_nodes() {
        gnode_.assign(s_.gravity.size(), -1);
        wnode_.assign(W_, -1);
        for (std::size_t i = 0; i < s_.gravity.size(); ++i)
            if (s_.gravity[i].enabled)
                gnode_[i] = g_.add_node("gravity:" + s_.gravity[i].name, s_.gravity[i].name, CausalKind::Gravity);
        for (std::size_t i = 0; i < W_; ++i)
            if (s_.water[i].enabled)
                wnode_[i] = g_.add_node("water:" + s_.water[i].name, s_.water[i].name, CausalKind::Water);
    }

    void add_practice_nodes() {
        pnode_.assign(T_, {});
        for (std::size_t t = 0; t < T_; ++t) {
            if (!focal_[t]) continue;
            pnode_[t].resize(D_);
            for (std::size_t d = 0; d < D_; ++d)
                pnode_[t][d] = g_.add_node(practice_id(s_, t, d), s_.teams[t].name + " " + s_.dimensions[d].name,
                                           CausalKind::Practice);
        }
    }

    // The nodes of one team's mechanisms that its edges need.
    struct TeamNodes {
        int friction = -1, capacity = -1, attrition = -1, hiring = -1;
        int load = -1;   ///< leaders' load, when wear acts
        double fslope = 0.0, lslope = 0.0;
    };

    // Per focal team: practice, friction, capacity, turnover and assumptions.
    void add_team(std::size_t t) {
        const auto& team = s_.teams[t];
        const std::string& tn = team.name;
        const auto& p = eq_.practice[t];
        TeamNodes n;
        // Friction F = 1 - exp(-sum_g c_g r_g / kappa), r_g the RMS gap to force g's target:
        // dF/dx = (1 - F) / kappa times the derivative of the shielded pressure.
        n.fslope = (1.0 - eq_.friction[t]) / org_.friction_scale;
        n.friction = g_.add_node("friction:" + tn, tn + " friction", CausalKind::Friction);
        n.capacity = g_.add_node("capacity:" + tn, tn + " capacity", CausalKind::Capacity);
        n.attrition = g_.add_node("attrition:" + tn, tn + " attrition", CausalKind::Attrition);
        n.hiring = g_.add_node("hiring:" + tn, tn + " hiring", CausalKind::Hiring);
        for (std::size_t d = 0; d < D_; ++d) g_.set_level(pnode_[t][d], p[d]);
        g_.set_level(n.friction, eq_.friction[t]);
        g_.set_level(n.capacity, std::max(0.0, 1.0 - org_.friction_capacity_cost * eq_.friction[t]));
        g_.set_level(n.attrition, eq_.leave_rate[t]);
        g_.set_level(n.hiring, eq_.hire_rate[t]);
        add_leader_load(t, n);
        for (std::size_t i = 0; i < s_.gravity.size(); ++i)
            if (eq_.reached[i][t] && gnode_[i] >= 0) add_gravity(t, i, n);
        add_turnover(t, n);
        add_assumptions(t, n.hiring);
        add_links(t);
        add_drift(t);
    }

    // The leaders' load L = 1 - exp(-s P / kappa) wears leadership to lambda (1 - L) at the
    // steady state (when wear acts): load -> practice d is (m_d - p_d) (-lambda) / R.
    void add_leader_load(std::size_t t, TeamNodes& n) {
        const auto& team = s_.teams[t];
        const auto& p = eq_.practice[t];
        const bool wears = org_.leader_wear > 0.0 && team.shielding > 0.0 && team.leadership > 0.0;
        const double load_level = saturate(team.shielding * team_pressure(s_, eq_, t), org_.friction_scale);
        n.lslope = (1.0 - load_level) / org_.friction_scale;
        if (!wears) return;
        n.load = g_.add_node("leader_load:" + team.name, team.name + " leaders' load", CausalKind::Friction);
        g_.set_level(n.load, load_level);
        for (std::size_t d = 0; d < D_; ++d) {
            const double intent = d < team.intent.size() ? team.intent[d] : 0.5;
            if (eq_.total_rate[t][d] > 0.0)
                g_.add_edge(n.load, pnode_[t][d], -team.leadership * (intent - p[d]) / eq_.total_rate[t][d], "leaders' wear");
        }
    }

    // Gravity force i on team t: its pull on practice, the friction (and the leaders' load) it
    // causes, and the environment default it moves, where inside hires arrive.
    void add_gravity(std::size_t t, std::size_t i, const TeamNodes& n) {
        const auto& team = s_.teams[t];
        const auto& p = eq_.practice[t];
        const bool wears = n.load >= 0;
        const double c = (1.0 - team.shielding) * eq_.gravity_rate[i];
        const double cl = team.shielding * eq_.gravity_rate[i];  // the leaders' share
        const double r = target_gap(s_, eq_, t, i);
        double count = 0.0;
        for (std::size_t d = 0; d < D_; ++d) if (names(s_.gravity[i].target, d)) count += 1.0;
        for (std::size_t d = 0; d < D_; ++d) {
            if (!names(s_.gravity[i].target, d)) continue;
            const double target = *s_.gravity[i].target[d];
            // Pull: d p*/d alpha_g = c_g (t_g - p*) / R.
            if (eq_.total_rate[t][d] > 0.0)
                g_.add_edge(gnode_[i], pnode_[t][d], c * (target - p[d]) / eq_.total_rate[t][d], "pull");
            // Friction gradient: dF/dp_d = (1 - F)/kappa sum_g c_g (p_d - t_gd) / (r_g |W_g|).
            if (r > 0.0) g_.add_edge(pnode_[t][d], n.friction, n.fslope * c * (p[d] - target) / (r * count), "friction");
            if (wears && r > 0.0)
                g_.add_edge(pnode_[t][d], n.load, n.lslope * cl * (p[d] - target) / (r * count), "leaders' load");
        }
        g_.add_edge(gnode_[i], n.friction, n.fslope * c * r, "friction");
        if (wears) g_.add_edge(gnode_[i], n.load, n.lslope * cl * r, "leaders' load");
        // Inside hires arrive at the environment default, which every force moves:
        // d e_d / d alpha_g = k_g (t_gd - e_d) / sum_g' k_g'.
        for (std::size_t d = 0; d < D_; ++d) {
            if (!names(s_.gravity[i].target, d) || eq_.total_rate[t][d] <= 0.0) continue;
            double all = 0.0;
            for (std::size_t j = 0; j < s_.gravity.size(); ++j)
                if (names(s_.gravity[j].target, d)) all += eq_.gravity_rate[j];
            if (all <= 0.0) continue;
            const double de = eq_.gravity_rate[i] * (*s_.gravity[i].target[d] - eq_.environment[d]) / all;
            g_.add_edge(gnode_[i], pnode_[t][d],
                        eq_.hire_rate[t] * (1.0 - team.hiring.external_fraction) * de / eq_.total_rate[t][d],
                        "inside hires");
        }
    }

    // Friction costs capacity and drives people out; leavers are replaced by hires whose practice
    // moves the team's.
    void add_turnover(std::size_t t, const TeamNodes& n) {
        const auto& team = s_.teams[t];
        const auto& p = eq_.practice[t];
        if (1.0 - org_.friction_capacity_cost * eq_.friction[t] > 0.0)
            g_.add_edge(n.friction, n.capacity, -org_.friction_capacity_cost, "capacity cost");
        g_.add_edge(n.friction, n.attrition, org_.friction_attrition, "leaving");
        if (team.hiring.replace_leavers) g_.add_edge(n.attrition, n.hiring, 1.0, "replacement");
        for (std::size_t d = 0; d < D_; ++d)
            if (eq_.total_rate[t][d] > 0.0)
                g_.add_edge(n.hiring, pnode_[t][d], (eq_.hire_practice[t][d] - p[d]) / eq_.total_rate[t][d],
                            "new hires' practice");
    }

    // Assumptions: a* = (socialization c + h ((1 - ef) prevalence + ef external)) / (depth + h).
    void add_assumptions(std::size_t t, int hiring) {
        const auto& team = s_.teams[t];
        const auto& p = eq_.practice[t];
        const double hr = eq_.hire_rate[t], ef = team.hiring.external_fraction;
        for (std::size_t w = 0; w < W_; ++w) {
            if (wnode_[w] < 0 || !eq_.culture[w].reached[t]) continue;  // a culture scoped away acts on nothing here
            const auto& wf = s_.water[w];
            const double a = eq_.assumptions[t][w];
            const int an = g_.add_node("assumption:" + team.name + ":" + wf.name, team.name + " " + wf.name,
                                       CausalKind::Assumption);
            g_.set_level(an, a);
            g_.add_edge(wnode_[w], an, a, "socialization");
            const double ext = w < team.hiring.external_assumptions.size() ? team.hiring.external_assumptions[w] : 0.0;
            const double arriving = (1.0 - ef) * eq_.culture[w].prevalence[t] + ef * ext;
            const double hired = arriving + team.hiring.selectivity * (code_at(s_, eq_, w, t) - arriving);
            if (wf.socialization + hr > 0.0)
                g_.add_edge(hiring, an, (hired - a) / (wf.socialization + hr), "hires' assumptions");
            for (std::size_t d = 0; d < D_; ++d)
                if (names(wf.leans, d) && eq_.total_rate[t][d] > 0.0)
                    g_.add_edge(an, pnode_[t][d], wf.lean_weight * (*wf.leans[d] - p[d]) / eq_.total_rate[t][d], "lean");
        }
    }

    // Collaboration links between focal teams.
    void add_links(std::size_t t) {
        for (const auto& link : s_.teams[t].links) {
            const int u = s_.team_index(link.team);
            if (u < 0 || !focal_[static_cast<std::size_t>(u)]) continue;
            for (std::size_t d = 0; d < D_; ++d)
                if (eq_.total_rate[t][d] > 0.0)
                    g_.add_edge(pnode_[static_cast<std::size_t>(u)][d], pnode_[t][d],
                                org_.network_influence * link.weight / eq_.total_rate[t][d], "network");
        }
    }

    // Drift = |p - m| / sqrt(D): d drift / d p_d = (p_d - m_d) / (D drift).
    void add_drift(std::size_t t) {
        const auto& team = s_.teams[t];
        const auto& p = eq_.practice[t];
        const int drift = g_.add_node("drift:" + team.name, team.name + " drift", CausalKind::Outcome);
        double sq = 0.0;
        for (std::size_t d = 0; d < D_; ++d) {
            const double m = d < team.intent.size() ? team.intent[d] : 0.5;
            sq += (p[d] - m) * (p[d] - m);
        }
        const double dr = D_ > 0 ? std::sqrt(sq / double(D_)) : 0.0;
        g_.set_level(drift, dr);
        if (dr > 1e-9)
            for (std::size_t d = 0; d < D_; ++d) {
                const double m = d < team.intent.size() ? team.intent[d] : 0.5;
                g_.add_edge(pnode_[t][d], drift, (p[d] - m) / (double(D_) * dr), "drift");
            }
    }

    // A venture's standing at the team's steady state: fit, capacity, effort by kind of stone,
    // how legible its plan is and how much of each kind of idea the culture lets through.
    struct VentureState {
        double fit = 1.0, tau2 = 0.0, capacity = 0.0, effort = 0.0, legible = 0.0, mean_supply = 1.0;
        std::map<std::string, double> effort_by_kind, supply;
    };

    VentureState venture_state(const Venture& v, std::size_t t) const {
        const auto& p = eq_.practice[t];
        VentureState vs;
        vs.tau2 = v.fit_tolerance * v.fit_tolerance;
        double miss = 0.0;
        for (std::size_t d = 0; d < D_; ++d) {
            const double gap = std::max(0.0, value_or(v.needs, d, 0.0) - p[d]);
            miss += gap * gap;
        }
        vs.fit = vs.tau2 > 0.0 ? std::exp(-miss / (2.0 * vs.tau2)) : (miss > 0.0 ? 0.0 : 1.0);
        vs.capacity = std::max(0.0, 1.0 - org_.friction_capacity_cost * eq_.friction[t]);
        // Supply per kind: prod_w (1 - a_w f_w(kind)); effort shares and legibility of the plan.
        for (const auto& st : v.stones) {
            vs.effort_by_kind[st.kind] += st.effort;
            vs.effort += st.effort;
            vs.legible += st.effort * st.legibility;
        }
        if (vs.effort > 0.0) vs.legible /= vs.effort;
        vs.mean_supply = vs.effort > 0.0 ? 0.0 : 1.0;
        for (const auto& [kind, e] : vs.effort_by_kind) {
            double keep = 1.0;
            for (std::size_t w = 0; w < W_; ++w) {
                const auto it = s_.water[w].filters.find(kind);
                if (wnode_[w] >= 0 && it != s_.water[w].filters.end()) keep *= 1.0 - eq_.assumptions[t][w] * it->second;
            }
            vs.supply[kind] = keep;
            vs.mean_supply += keep * e / vs.effort;
        }
        return vs;
    }

    // Ventures: fit, supply, progress, hazard, P(success) and expected value.
    void add_venture(const Venture& v) {
        const int ti = s_.team_index(v.team);
        if (ti < 0) return;
        const auto t = static_cast<std::size_t>(ti);
        const auto& team = s_.teams[t];
        const auto& p = eq_.practice[t];
        VentureState vs = venture_state(v, t);
        const std::string& vn = v.name;
        const int fitn = g_.add_node("fit:" + vn, vn + " fit", CausalKind::Fit);
        const int hazard = g_.add_node("hazard:" + vn, vn + " hazard", CausalKind::Hazard);
        const int progress = g_.add_node("progress:" + vn, vn + " progress", CausalKind::Progress);
        const int psucc = g_.add_node("p_success:" + vn, vn + " P(success)", CausalKind::Outcome);
        const int value = g_.add_node("value:" + vn, vn + " expected value", CausalKind::Outcome);

        if (focal_[t] && vs.tau2 > 0.0)
            for (std::size_t d = 0; d < D_; ++d) {
                const double gap = std::max(0.0, value_or(v.needs, d, 0.0) - p[d]);
                g_.add_edge(pnode_[t][d], fitn, vs.fit * gap / vs.tau2, "fit");
            }
        add_idea_supply(v, t, vs, progress);
        g_.add_edge(fitn, hazard, -v.misfit_hazard, "misfit");
        g_.add_edge(fitn, progress, v.velocity * vs.capacity * vs.mean_supply, "fit");
        if (focal_[t])
            g_.add_edge(g_.find("capacity:" + team.name), progress, v.velocity * vs.fit * vs.mean_supply, "capacity");
        const double review_hazard = add_review_hazard(t, vs, hazard);
        // P(success) ~ exp(-H E / pi): the chance of surviving until the plan's effort is done.
        double shocks = 0.0;
        for (const auto& sh : v.shocks) shocks += sh.hazard;
        const double H = v.base_hazard + v.misfit_hazard * (1.0 - vs.fit) + review_hazard +
                         (s_.horizon > 0 ? shocks / s_.horizon : 0.0);
        const double pi = std::max(1e-6, v.velocity * vs.capacity * vs.fit * vs.mean_supply);
        const double E = std::max(vs.effort, 1e-9);
        const double P = std::exp(-std::min(700.0, H * E / pi));
        g_.add_edge(hazard, psucc, -P * E / pi, "survival");
        g_.add_edge(progress, psucc, P * H * E / (pi * pi), "survival");
        g_.add_edge(psucc, value, v.value, "value");
        g_.set_level(fitn, vs.fit);
        g_.set_level(hazard, H);
        g_.set_level(progress, pi);
        g_.set_level(psucc, P);
        g_.set_level(value, P * v.value);
    }

    // One node per kind of idea the venture needs, feeding its progress; the team's assumptions
    // filter each kind.
    void add_idea_supply(const Venture& v, std::size_t t, VentureState& vs, int progress) {
        const auto& team = s_.teams[t];
        for (const auto& [kind, e] : vs.effort_by_kind) {
            const int sn = g_.add_node("supply:" + team.name + ":" + kind, team.name + " " + kind + " ideas",
                                       CausalKind::IdeaSupply);
            g_.set_level(sn, vs.supply[kind]);
            g_.add_edge(sn, progress, v.velocity * vs.capacity * vs.fit * e / vs.effort, "idea supply");
            for (std::size_t w = 0; w < W_; ++w) {
                const auto it = s_.water[w].filters.find(kind);
                if (wnode_[w] < 0 || it == s_.water[w].filters.end() || !focal_[t] || !eq_.culture[w].reached[t]) continue;
                const double own = 1.0 - eq_.assumptions[t][w] * it->second;
                const double others = own > 1e-12 ? vs.supply[kind] / own : 0.0;
                const int an = g_.find("assumption:" + team.name + ":" + s_.water[w].name);
                g_.add_edge(an, sn, -it->second * others, "filter");
            }
        }
    }

    // Reviews of incentive forces: hazard ~ harshness (1 - legibility) / every. Returns the total.
    double add_review_hazard(std::size_t t, const VentureState& vs, int hazard) {
        double review_hazard = 0.0;
        for (std::size_t i = 0; i < s_.gravity.size(); ++i) {
            if (gnode_[i] < 0 || !eq_.reached[i][t]) continue;
            double h = 0.0;
            for (const auto& r : s_.gravity[i].reviews)
                if (r.every > 0 && teams_reached(s_, r.reach)[t]) h += r.harshness * (1.0 - vs.legible) / r.every;
            g_.add_edge(gnode_[i], hazard, h, "reviews");
            review_hazard += h;
        }
        return review_hazard;
    }

    // The scenario's own links: a known node id, a force name, or a new qualitative node.
    void add_scenario_links() {
        auto resolve = [&](const std::string& name) {
            int n = g_.find(name);
            if (n < 0) n = g_.find("gravity:" + name);
            if (n < 0) n = g_.find("water:" + name);
            if (n < 0) n = g_.add_node(name, name, CausalKind::Qualitative);
            return n;
        };
        for (const auto& link : s_.causal) g_.add_edge(resolve(link.from), resolve(link.to), link.weight, "scenario");
    }

    const Scenario& s_;
    const Organization& org_;
    const Equilibrium eq_;
    const std::size_t T_, D_, W_;
    CausalGraph g_;
    std::vector<bool> focal_;
    std::vector<int> gnode_, wnode_;
    std::vector<std::vector<int>> pnode_;
};

}  // namespace

CausalGraph build_causal_graph(const Scenario& s) { return GraphBuilder(s).build(); }

std::vector<int> default_outcomes(const CausalGraph& g) {
    std::vector<int> out;
    for (std::size_t i = 0; i < g.nodes().size(); ++i)
        if (g.nodes()[i].kind == CausalKind::Outcome) out.push_back(static_cast<int>(i));
    return out;
}

// [loops] -------------------------------------------------------------------------------------
//
// Every elementary cycle is found once, from its smallest node: a depth-first search from s over
// nodes > s in s's strongly connected component (Johnson 1975, without the blocking bookkeeping;
// the step budget bounds the worst case instead).

LoopSearch find_loops(const CausalGraph& g, std::size_t max_loops, std::size_t max_steps) {
    const std::size_t n = g.nodes().size();
    LoopSearch result;
    result.cap = max_loops;
    boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS> bg(n);
    std::vector<std::vector<std::pair<int, double>>> out(n);
    for (const auto& e : g.edges()) {
        boost::add_edge(static_cast<std::size_t>(e.from), static_cast<std::size_t>(e.to), bg);
        out[static_cast<std::size_t>(e.from)].push_back({e.to, e.weight});
    }
    std::vector<int> component(n, 0);
    if (n > 0) boost::strong_components(bg, component.data());

    std::size_t steps = 0;
    std::vector<int> path;
    std::vector<double> gains;
    std::vector<bool> on_path(n, false);
    bool stop = false;
    std::function<void(int, int)> visit = [&](int s, int u) {
        for (const auto& [v, w] : out[static_cast<std::size_t>(u)]) {
            if (stop) return;
            if (++steps > max_steps) { stop = true; result.truncated = true; return; }
            if (v == s) {
                double gain = w;
                for (double x : gains) gain *= x;
                result.loops.push_back(FeedbackLoop{path, gain, gain > 0.0});
                if (result.loops.size() >= max_loops) { stop = true; result.truncated = true; return; }
                continue;
            }
            if (v < s || on_path[static_cast<std::size_t>(v)] ||
                component[static_cast<std::size_t>(v)] != component[static_cast<std::size_t>(s)])
                continue;
            on_path[static_cast<std::size_t>(v)] = true;
            path.push_back(v);
            gains.push_back(w);
            visit(s, v);
            path.pop_back();
            gains.pop_back();
            on_path[static_cast<std::size_t>(v)] = false;
        }
    };
    for (std::size_t s = 0; s < n && !stop; ++s) {
        path.assign(1, static_cast<int>(s));
        gains.clear();
        on_path[s] = true;
        visit(static_cast<int>(s), static_cast<int>(s));
        on_path[s] = false;
    }
    std::stable_sort(result.loops.begin(), result.loops.end(), [](const FeedbackLoop& a, const FeedbackLoop& b) {
        if (a.nodes.size() != b.nodes.size()) return a.nodes.size() < b.nodes.size();
        return std::abs(a.gain) > std::abs(b.gain);
    });
    return result;
}

std::string describe(const CausalGraph& g, const FeedbackLoop& loop) {
    std::string out;
    for (int n : loop.nodes) out += g.nodes()[static_cast<std::size_t>(n)].label + " -> ";
    if (!loop.nodes.empty()) out += g.nodes()[static_cast<std::size_t>(loop.nodes.front())].label;
    return out;
}

// [leverage] ----------------------------------------------------------------------------------

namespace {
Eigen::MatrixXd weight_matrix(const CausalGraph& g) {
    const auto n = static_cast<Eigen::Index>(g.nodes().size());
    Eigen::MatrixXd W = Eigen::MatrixXd::Zero(n, n);
    for (const auto& e : g.edges()) W(e.to, e.from) += e.weight;
    return W;
}
}  // namespace

std::vector<double> total_effects(const CausalGraph& g) {
    const Eigen::MatrixXd W = weight_matrix(g);
    const auto n = W.rows();
    const Eigen::MatrixXd A = Eigen::MatrixXd::Identity(n, n) - W;
    Eigen::FullPivLU<Eigen::MatrixXd> lu(A);
    if (n > 0 && !lu.isInvertible()) return {};
    const Eigen::MatrixXd Tm = lu.inverse();
    std::vector<double> out(static_cast<std::size_t>(n * n));
    for (Eigen::Index r = 0; r < n; ++r)
        for (Eigen::Index c = 0; c < n; ++c) out[static_cast<std::size_t>(r * n + c)] = Tm(r, c);
    return out;
}

LeverageAnalysis leverage(const CausalGraph& g, const std::vector<int>& outcomes) {
    LeverageAnalysis a;
    a.outcomes = outcomes;
    const Eigen::MatrixXd W = weight_matrix(g);
    const auto n = W.rows();
    if (n == 0) {
        a.valid = true;
        return a;
    }
    Eigen::EigenSolver<Eigen::MatrixXd> es(W, false);
    a.spectral_radius = es.eigenvalues().cwiseAbs().maxCoeff();
    if (!(a.spectral_radius < 1.0)) {
        a.note = fmt::format("spectral radius {:.3g} >= 1: the linearized feedback is unstable, so total "
                             "effects (I - W)^-1 do not describe the model; read the loops instead",
                             a.spectral_radius);
        return a;
    }
    const std::vector<double> Tm = total_effects(g);
    if (Tm.empty()) {
        a.note = "I - W is singular";
        return a;
    }
    a.valid = true;
    const auto N = static_cast<std::size_t>(n);
    std::vector<double> scale(outcomes.size(), 0.0);
    std::vector<bool> is_outcome(N, false);
    for (int o : outcomes) is_outcome[static_cast<std::size_t>(o)] = true;
    // A push of +10% of each node's equilibrium level, so rates, levels and forces compare.
    auto effect_of = [&](std::size_t k, std::size_t u) {
        return 0.1 * g.nodes()[u].level * Tm[static_cast<std::size_t>(outcomes[k]) * N + u];
    };
    for (std::size_t k = 0; k < outcomes.size(); ++k)
        for (std::size_t u = 0; u < N; ++u)
            if (!is_outcome[u]) scale[k] = std::max(scale[k], std::abs(effect_of(k, u)));
    for (std::size_t u = 0; u < N; ++u) {
        if (is_outcome[u]) continue;
        LeverPoint lp{static_cast<int>(u), {}, {}, 0.0};
        for (std::size_t k = 0; k < outcomes.size(); ++k) {
            const double e = effect_of(k, u);
            lp.effect.push_back(e);
            lp.relative.push_back(scale[k] > 0.0 ? std::abs(e) / scale[k] : 0.0);
            lp.score += lp.relative.back();
        }
        if (lp.score > 1e-12) a.ranking.push_back(std::move(lp));
    }
    std::stable_sort(a.ranking.begin(), a.ranking.end(),
                     [](const LeverPoint& x, const LeverPoint& y) { return x.score > y.score; });
    return a;
}

// [dot] ---------------------------------------------------------------------------------------

namespace {
std::string dot_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') { out += "\\n"; continue; }
        if (static_cast<unsigned char>(c) < 0x20) continue;
        out += c;
    }
    return out;
}

const char* shape_of(CausalKind k) {
    switch (k) {
        case CausalKind::Gravity: return "box";
        case CausalKind::Water: return "box";
        case CausalKind::Outcome: return "doubleoctagon";
        case CausalKind::Qualitative: return "note";
        default: return "ellipse";
    }
}
const char* fill_of(CausalKind k) {
    switch (k) {
        case CausalKind::Gravity: return "#f6d7a7";
        case CausalKind::Water: return "#bfdcf5";
        case CausalKind::Outcome: return "#d9f2d0";
        case CausalKind::Qualitative: return "#eeeeee";
        default: return "#ffffff";
    }
}
}  // namespace

std::string to_dot(const CausalGraph& g, const LoopSearch* loops, const LeverageAnalysis* lev,
                   std::size_t highlight) {
    std::set<int> on_loop;
    std::set<std::pair<int, int>> loop_edges;
    if (loops)
        for (const auto& l : loops->loops)
            for (std::size_t i = 0; i < l.nodes.size(); ++i) {
                on_loop.insert(l.nodes[i]);
                loop_edges.insert({l.nodes[i], l.nodes[(i + 1) % l.nodes.size()]});
            }
    std::map<int, std::size_t> rank;
    if (lev && lev->valid)
        for (std::size_t i = 0; i < lev->ranking.size() && i < highlight; ++i) rank[lev->ranking[i].node] = i + 1;

    std::string out = "digraph causal {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", style=filled];\n"
                      "  edge [fontname=\"Helvetica\", fontsize=9];\n";
    for (std::size_t i = 0; i < g.nodes().size(); ++i) {
        const auto& nd = g.nodes()[i];
        std::string label = nd.label;
        const auto r = rank.find(static_cast<int>(i));
        if (r != rank.end()) label += fmt::format("\n(lever #{})", r->second);
        out += fmt::format("  n{} [label=\"{}\", shape={}, fillcolor=\"{}\", tooltip=\"{} ({})\"{}];\n", i,
                           dot_escape(label), shape_of(nd.kind), fill_of(nd.kind), dot_escape(nd.id),
                           to_string(nd.kind),
                           r != rank.end() ? ", penwidth=3, color=\"#b7410e\""
                                           : (on_loop.count(static_cast<int>(i)) ? ", penwidth=2" : ""));
    }
    for (const auto& e : g.edges()) {
        const bool loop = loop_edges.count({e.from, e.to}) > 0;
        out += fmt::format("  n{} -> n{} [label=\"{:+.3g}\", style={}, color=\"{}\", tooltip=\"{}\"{}];\n", e.from,
                           e.to, e.weight, e.weight >= 0.0 ? "solid" : "dashed",
                           e.weight >= 0.0 ? "#2f6f3e" : "#a12a2a", dot_escape(e.why), loop ? ", penwidth=2" : "");
    }
    out += "}\n";
    return out;
}

}  // namespace orgforces::model
