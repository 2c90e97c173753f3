// The parameter registry: every tunable number of a scenario bound to a path, its range taken
// from the format's description (model/schema.hpp).

#include "model/registry.hpp"

#include <algorithm>
#include <charconv>
#include <cctype>
#include <cmath>
#include <functional>
#include <sstream>
#include <utility>

#include "model/diagnostics.hpp"
#include "model/march1991_loader.hpp"
#include "model/reach.hpp"
#include "model/schema.hpp"
#include "model/suggest.hpp"
#include "model/validate.hpp"

namespace orgforces::model {

namespace {

struct Binding {
    Param param;
    std::function<void(double)> set;
};

class Binder {
public:
    explicit Binder(std::vector<Binding>& out) : out_(out) {}

    void real(std::string path, std::string_view part, std::string_view key, double& target, std::string group) {
        add(std::move(path), ParamKind::Real, part, key, target, std::move(group), [&target](double v) { target = v; });
    }
    void integer(std::string path, std::string_view part, std::string_view key, int& target, std::string group) {
        add(std::move(path), ParamKind::Integer, part, key, target, std::move(group),
            [&target](double v) { target = static_cast<int>(v); });
    }
    void toggle(std::string path, bool& target, std::string description, std::string group) {
        Binding b;
        b.param = Param{std::move(path), ParamKind::Toggle, 0, 1, target ? 1.0 : 0.0, std::move(description), std::move(group)};
        b.set = [&target](double v) { target = v != 0.0; };
        out_.push_back(std::move(b));
    }
    /// An optional number of the file: `fallback` stands for it while unset.
    void optional_real(std::string path, std::string_view part, std::string_view key, std::optional<double>& target,
                       double fallback, std::string group) {
        add(std::move(path), ParamKind::Real, part, key, target.value_or(fallback), std::move(group),
            [&target](double v) { target = v; });
    }
    /// A number of a map or list entry, whose range and meaning the caller states.
    void number(std::string path, double lo, double hi, double& target, std::string description, std::string group) {
        custom(Param{std::move(path), ParamKind::Real, lo, hi, target, std::move(description), std::move(group)},
               [&target](double v) { target = v; });
    }
    void custom(Param p, std::function<void(double)> set) { out_.push_back(Binding{std::move(p), std::move(set)}); }

private:
    void add(std::string path, ParamKind kind, std::string_view part, std::string_view key, double value,
             std::string group, std::function<void(double)> set) {
        const FieldSpec& spec = object_spec(part).at(key);
        out_.push_back(Binding{Param{std::move(path), kind, spec.min, spec.max, value, spec.description, std::move(group)},
                               std::move(set)});
    }
    std::vector<Binding>& out_;
};

/// A partial vector's named dimensions as parameters (only those the file names).
void bind_partial(Binder& b, Scenario& s, const std::string& prefix, PartialVector& v, const std::string& description,
                  const std::string& group) {
    for (std::size_t d = 0; d < v.size() && d < s.dimensions.size(); ++d) {
        if (!v[d]) continue;
        auto& slot = v[d];
        b.custom(Param{prefix + "." + s.dimensions[d].name, ParamKind::Real, 0, 1, *slot,
                       description + " (" + s.dimensions[d].name + ")", group},
                 [&slot](double x) { slot = x; });
    }
}

void bind_full(Binder& b, Scenario& s, const std::string& prefix, std::vector<double>& v,
               const std::string& description, const std::string& group) {
    for (std::size_t d = 0; d < v.size() && d < s.dimensions.size(); ++d)
        b.number(prefix + "." + s.dimensions[d].name, 0, 1, v[d], description + " (" + s.dimensions[d].name + ")", group);
}

/// Takes team `name` into or out of a force's reach, keeping the reach of every other team.
void set_reach(Scenario& s, GravityForce& g, const std::string& name, bool on) {
    auto erase = [](std::vector<std::string>& v, const std::string& n) { v.erase(std::remove(v.begin(), v.end(), n), v.end()); };
    if (!on) {
        erase(g.reach.teams, name);
        if (std::find(g.reach.exclude_teams.begin(), g.reach.exclude_teams.end(), name) == g.reach.exclude_teams.end())
            g.reach.exclude_teams.push_back(name);
        return;
    }
    erase(g.reach.exclude_teams, name);
    const int t = s.team_index(name);
    if (t < 0 || teams_reached(s, g.reach)[static_cast<std::size_t>(t)]) return;
    // Excluded through a unit: list the unit's other teams instead, so only this one comes back.
    if (!g.reach.exclude_units.empty()) {
        const auto before = teams_reached(s, g.reach);
        std::vector<std::string> excluded_units;
        excluded_units.swap(g.reach.exclude_units);
        const auto without = teams_reached(s, g.reach);
        for (std::size_t i = 0; i < s.teams.size(); ++i)
            if (without[i] && !before[i] && s.teams[i].name != name) g.reach.exclude_teams.push_back(s.teams[i].name);
    }
    if (!teams_reached(s, g.reach)[static_cast<std::size_t>(t)]) g.reach.teams.push_back(name);
}

// `organization.*`: the organization's rates, its baseline practice and its idea mix.
void bind_organization(Binder& b, Scenario& s) {
    Organization& o = s.organization;
    const std::string org = "organization";
    const std::pair<const char*, double*> rates[] = {
        {"idea_rate", &o.idea_rate},
        {"peer_conformity", &o.peer_conformity},
        {"network_influence", &o.network_influence},
        {"noise", &o.noise},
        {"friction_capacity_cost", &o.friction_capacity_cost},
        {"friction_attrition", &o.friction_attrition},
        {"intent_erosion", &o.intent_erosion},
        {"friction_scale", &o.friction_scale},
        {"leader_wear", &o.leader_wear},
    };
    for (const auto& [key, slot] : rates) b.real(org + "." + key, org, key, *slot, org);
    bind_full(b, s, "organization.baseline", o.baseline, "Default practice where no force sets a target", org);
    const FieldSpec& mix = object_spec(org).at("idea_mix");
    for (auto& [kind, w] : o.idea_mix)
        b.number("organization.idea_mix." + kind, mix.min, mix.max, w, "Relative frequency of " + kind + " ideas", org);
}

// `forces.<gravity>.*`: strength, target, schedule, reviews and which teams it reaches.
void bind_gravity(Binder& b, Scenario& s, GravityForce& g) {
    const std::string p = "forces." + g.name;
    const std::string grp = "gravity";
    b.toggle(p + ".enabled", g.enabled, "Whether the force acts", grp);
    b.real(p + ".strength", "gravity", "strength", g.strength, grp);
    bind_partial(b, s, p + ".target", g.target, "Practice the force pulls toward", grp);
    b.real(p + ".schedule.multiplier", "schedule", "multiplier", g.schedule.multiplier, grp);
    b.real(p + ".schedule.between", "schedule", "between", g.schedule.between, grp);
    b.integer(p + ".schedule.every", "schedule", "every", g.schedule.every, grp);
    b.integer(p + ".schedule.duration", "schedule", "duration", g.schedule.duration, grp);
    b.integer(p + ".schedule.offset", "schedule", "offset", g.schedule.offset, grp);
    b.integer(p + ".schedule.start", "schedule", "start", g.schedule.start, grp);
    b.integer(p + ".schedule.end", "schedule", "end", g.schedule.end, grp);
    for (std::size_t r = 0; r < g.reviews.size(); ++r) {
        const std::string rp = p + ".reviews." + std::to_string(r + 1);
        b.real(rp + ".harshness", "review", "harshness", g.reviews[r].harshness, grp);
        b.integer(rp + ".every", "review", "every", g.reviews[r].every, grp);
    }
    const auto reached = teams_reached(s, g.reach);
    GravityForce* force = &g;
    Scenario* scenario = &s;
    for (std::size_t t = 0; t < s.teams.size(); ++t) {
        const std::string team = s.teams[t].name;
        b.custom(Param{p + ".reaches." + team, ParamKind::Toggle, 0, 1, reached[t] ? 1.0 : 0.0,
                       "Whether the force reaches team " + team, grp},
                 [scenario, force, team](double x) { set_reach(*scenario, *force, team, x != 0.0); });
    }
}

// `forces.<water>.*`: prevalence, code, socialization, leans and the ideas it filters.
void bind_water(Binder& b, Scenario& s, WaterForce& w) {
    const std::string p = "forces." + w.name;
    const std::string grp = "water";
    b.toggle(p + ".enabled", w.enabled, "Whether the force acts", grp);
    b.real(p + ".prevalence", "water", "prevalence", w.prevalence, grp);
    b.optional_real(p + ".initial_code", "water", "initial_code", w.initial_code, w.prevalence, grp);
    b.real(p + ".socialization", "water", "socialization", w.socialization, grp);
    b.real(p + ".depth", "water", "depth", w.depth, grp);
    b.real(p + ".code_learning", "water", "code_learning", w.code_learning, grp);
    b.real(p + ".lean_weight", "water", "lean_weight", w.lean_weight, grp);
    bind_partial(b, s, p + ".leans", w.leans, "Practice the assumption tacitly favours", grp);
    for (auto& [kind, prob] : w.filters)
        b.number(p + ".filters." + kind, 0, 1, prob, "Probability of dismissing a " + kind + " idea at full level", grp);
    const FieldSpec& level = object_spec("water").at("unit_prevalence");
    for (auto& [unit, prevalence] : w.unit_prevalence)
        b.number(p + ".unit_prevalence." + unit, level.min, level.max, prevalence,
                 "Level of the assumption in unit " + unit + " and its sub-units (a subculture)", grp);
}

// `teams.<team>.*`: size, leadership, intent, hiring, links and the tripwire.
void bind_team(Binder& b, Scenario& s, Team& t) {
    const std::string p = "teams." + t.name;
    const std::string grp = "team";
    b.integer(p + ".size", "team", "size", t.size, grp);
    b.real(p + ".leadership", "team", "leadership", t.leadership, grp);
    b.real(p + ".shielding", "team", "shielding", t.shielding, grp);
    b.real(p + ".attrition", "team", "attrition", t.base_attrition, grp);
    b.real(p + ".initial_spread", "team", "initial_spread", t.initial_spread, grp);
    b.optional_real(p + ".peer_conformity", "team", "peer_conformity", t.peer_conformity,
                    s.organization.peer_conformity, grp);
    bind_full(b, s, p + ".intent", t.intent, "What the team's leaders want it to be", grp);
    b.real(p + ".hiring.external_fraction", "hiring", "external_fraction", t.hiring.external_fraction, grp);
    b.real(p + ".hiring.selectivity", "hiring", "selectivity", t.hiring.selectivity, grp);
    b.real(p + ".hiring.growth", "hiring", "growth", t.hiring.growth, grp);
    b.toggle(p + ".hiring.replace_leavers", t.hiring.replace_leavers, "Whether leavers are replaced", grp);
    for (auto& l : t.links) b.number(p + ".links." + l.team, 0, 1, l.weight, "Weight of the link to team " + l.team, grp);
    if (t.tripwire) {
        b.integer(p + ".tripwire.window", "tripwire", "window", t.tripwire->window, grp);
        b.real(p + ".tripwire.growth", "tripwire", "growth", t.tripwire->growth, grp);
        b.integer(p + ".tripwire.framing_ticks", "tripwire", "framing_ticks", t.tripwire->framing_ticks, grp);
    }
}

// `ventures.<venture>.*`: value, pace, hazards, needs, shocks, stones and benefits.
void bind_venture(Binder& b, Scenario& s, Venture& v) {
    const std::string p = "ventures." + v.name;
    const std::string grp = "venture";
    b.real(p + ".value", "venture", "value", v.value, grp);
    b.integer(p + ".start", "venture", "start", v.start, grp);
    b.integer(p + ".planned_ticks", "venture", "planned_ticks", v.planned_ticks, grp);
    b.real(p + ".velocity", "venture", "velocity", v.velocity, grp);
    b.real(p + ".base_hazard", "venture", "base_hazard", v.base_hazard, grp);
    b.real(p + ".misfit_hazard", "venture", "misfit_hazard", v.misfit_hazard, grp);
    b.real(p + ".fit_tolerance", "venture", "fit_tolerance", v.fit_tolerance, grp);
    b.real(p + ".rework_probability", "venture", "rework_probability", v.rework_probability, grp);
    b.real(p + ".spiral_rate", "venture", "spiral_rate", v.spiral_rate, grp);
    bind_partial(b, s, p + ".needs", v.needs, "Minimum practice the work requires", grp);
    for (std::size_t k = 0; k < v.shocks.size(); ++k)
        b.real(p + ".shocks." + std::to_string(k + 1) + ".hazard", "shock", "hazard", v.shocks[k].hazard, grp);
    for (auto& st : v.stones) {
        const std::string sp = p + ".stones." + st.name;
        b.real(sp + ".effort", "stone", "effort", st.effort, grp);
        b.real(sp + ".value", "stone", "value", st.value, grp);
        b.real(sp + ".legibility", "stone", "legibility", st.legibility, grp);
    }
    for (auto& bn : v.benefits) {
        const std::string bp = p + ".benefits." + bn.name;
        b.real(bp + ".value", "benefit", "value", bn.value, grp);
        b.real(bp + ".independence", "benefit", "independence", bn.independence, grp);
        b.real(bp + ".effort", "benefit", "effort", bn.effort, grp);
    }
}

std::vector<Binding> bind(Scenario& s) {
    std::vector<Binding> out;
    Binder b(out);
    if (s.classic) {  // a classic model has only its own parameters, `classic.<key>`
        for (auto& [param, set] : march1991_bindings(*s.classic)) b.custom(std::move(param), std::move(set));
        return out;
    }
    bind_organization(b, s);
    for (auto& g : s.gravity) bind_gravity(b, s, g);
    for (auto& w : s.water) bind_water(b, s, w);
    for (auto& t : s.teams) bind_team(b, s, t);
    for (auto& v : s.ventures) bind_venture(b, s, v);
    b.real("commons.mingling", "commons", "mingling", s.commons.mingling, "commons");
    b.integer("commons.graduation", "commons", "graduation", s.commons.graduation, "commons");
    return out;
}

std::string num(double v) {
    std::ostringstream out;
    out << v;
    return out.str();
}

std::vector<std::string> paths_of(const std::vector<Binding>& bs) {
    std::vector<std::string> out;
    out.reserve(bs.size());
    for (const auto& b : bs) out.push_back(b.param.path);
    return out;
}

/// Why `value` cannot be assigned to `p`, or "" when it can.
std::string value_problem(const Param& p, double value) {
    if (!std::isfinite(value)) return "is not a finite number";
    if (p.kind == ParamKind::Toggle && value != 0.0 && value != 1.0) return "must be on or off (or 1/0)";
    if (p.kind == ParamKind::Integer && std::floor(value) != value) return "must be a whole number";
    if (value < p.min || value > p.max) return "is out of range [" + num(p.min) + ", " + num(p.max) + "]";
    return {};
}

std::string trim(std::string_view t) {
    std::size_t a = 0;
    std::size_t b = t.size();
    while (a < b && std::isspace(static_cast<unsigned char>(t[a]))) ++a;
    while (b > a && std::isspace(static_cast<unsigned char>(t[b - 1]))) --b;
    return std::string(t.substr(a, b - a));
}

}  // namespace

bool set_parameter(Scenario& s, const Override& o) {
    auto bs = bind(s);
    for (auto& b : bs)
        if (b.param.path == o.path) {
            b.set(o.value);
            return true;
        }
    return false;
}

std::vector<Param> parameters(const Scenario& s) {
    // Binding needs mutable references; nothing is written here.
    auto bs = bind(const_cast<Scenario&>(s));
    std::vector<Param> out;
    out.reserve(bs.size());
    for (auto& b : bs) out.push_back(std::move(b.param));
    return out;
}

Param find_parameter(const Scenario& s, std::string_view path) {
    auto bs = bind(const_cast<Scenario&>(s));
    for (auto& b : bs)
        if (b.param.path == path) return b.param;
    throw ScenarioError({Diagnostic{SourcePos{}, unknown_parameter(path, paths_of(bs))}});
}

std::string unknown_parameter(std::string_view path, const std::vector<std::string>& known) {
    // `forces.NAME.reach` or below it: the force's reach is a set of units and teams.
    constexpr std::string_view forces = "forces.";
    if (path.substr(0, forces.size()) == forces) {
        for (auto at = path.find(".reach", forces.size()); at != std::string_view::npos; at = path.find(".reach", at + 1)) {
            const auto end = at + std::string_view(".reach").size();
            if (end != path.size() && path[end] != '.') continue;
            const std::string force(path.substr(0, at));
            std::string can;
            for (const auto& k : known)
                if (k.size() > force.size() + 1 && k.compare(0, force.size() + 1, force + ".") == 0)
                    can += (can.empty() ? "" : ", ") + k.substr(force.size() + 1);
            if (can.empty()) break;  // no such force: the did-you-mean below helps more
            return "'" + std::string(path) + "': a force's reach is a set of units and teams, not a number, so it " +
                   "cannot be set with --set, swept or given a prior (a sweep moves a number along a line); write " +
                   "it in the file's `reach:`, or move a team with a `move` event. What " + force +
                   " can set: " + can + " (`orgforces params FILE` lists them)";
        }
    }
    return "unknown parameter '" + std::string(path) + "'" + did_you_mean(path, known) +
           " (`orgforces params FILE` lists them)";
}

Scenario apply_variant(const Scenario& s, const Variant& v) {
    Scenario out = apply_overrides(s, v.set);
    out.events.insert(out.events.end(), v.events.begin(), v.events.end());
    return out;
}

Scenario apply_overrides(const Scenario& s, const std::vector<Override>& overrides) {
    Scenario out = s;
    std::vector<Diagnostic> problems;
    for (const auto& o : overrides) {
        auto bs = bind(out);  // rebound each time: a reach change may alter other values
        const auto it = std::find_if(bs.begin(), bs.end(), [&](const Binding& b) { return b.param.path == o.path; });
        if (it == bs.end()) {
            problems.push_back(Diagnostic{o.pos, unknown_parameter(o.path, paths_of(bs))});
            continue;
        }
        if (const std::string why = value_problem(it->param, o.value); !why.empty()) {
            problems.push_back(Diagnostic{o.pos, o.path + " = " + num(o.value) + " " + why});
            continue;
        }
        it->set(o.value);
    }
    if (!problems.empty()) throw ScenarioError(std::move(problems));
    if (!out.classic) {
        check_scenario(out, Positions{}, problems, false);
        if (!problems.empty()) throw ScenarioError(std::move(problems));
    }
    return out;
}

Override parse_override(std::string_view text) {
    const SourcePos where{"--set", 0, 0};
    const auto eq = text.find('=');
    if (eq == std::string_view::npos)
        throw ScenarioError({Diagnostic{where, "'" + trim(text.substr(0, 200)) +
                                                   "' is not an assignment; write PATH=VALUE, e.g. "
                                                   "teams.frontier.shielding=0.5"}});
    Override o;
    o.path = trim(text.substr(0, eq));
    o.pos = where;
    const std::string value = trim(text.substr(eq + 1));
    if (o.path.empty())
        throw ScenarioError({Diagnostic{where, "missing parameter path before '='; write PATH=VALUE"}});
    std::string lower;
    for (const char ch : value) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (lower == "true" || lower == "on" || lower == "yes") {
        o.value = 1.0;
    } else if (lower == "false" || lower == "off" || lower == "no") {
        o.value = 0.0;
    } else {
        std::size_t used = 0;
        bool ok = !value.empty();
        try {
            if (ok) o.value = std::stod(value, &used);
        } catch (const std::out_of_range&) {
            // stod refuses subnormal numbers such as 4.9e-324, which are finite; from_chars
            // reads them and still refuses what overflows or underflows to zero.
            const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), o.value);
            ok = ec == std::errc();
            used = static_cast<std::size_t>(ptr - value.data());
        } catch (const std::exception&) {
            ok = false;
        }
        if (!ok || used != value.size() || !std::isfinite(o.value))
            throw ScenarioError({Diagnostic{where, "value of '" + o.path.substr(0, 200) + "' must be a finite number or "
                                                       "true/false/on/off, got '" + value.substr(0, 200) + "'"}});
    }
    return o;
}

}  // namespace orgforces::model
