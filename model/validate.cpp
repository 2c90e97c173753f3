// Checks behind model::validate: everything that makes a scenario meaningful beyond its syntax.
//
// Sections: [helpers] [structure] [forces] [teams] [ventures] [stability] [changes] [entry points]

#include "model/validate.hpp"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <cctype>
#include <boost/graph/depth_first_search.hpp>
#include <cmath>
#include <set>
#include <sstream>

#include "model/dynamics.hpp"
#include "model/loader.hpp"
#include "model/reach.hpp"
#include "model/registry.hpp"
#include "model/schema.hpp"
#include "model/suggest.hpp"

namespace orgforces::model {

std::vector<Dimension> default_dimensions() {
    return {{"horizon", "short-term", "long-term"},
            {"exploration", "keep", "explore"},
            {"breadth", "engineering-only", "multidisciplinary"}};
}

std::map<std::string, double> default_idea_mix() {
    return {{"engineering", 0.7}, {"design", 0.1}, {"social", 0.1}, {"research", 0.1}};
}

SourcePos Positions::find(const std::string& path, const SourcePos& fallback) const {
    std::string p = path;
    while (!p.empty()) {
        if (const auto it = at.find(p); it != at.end()) return it->second;
        const auto cut = p.find_last_of(".[");
        if (cut == std::string::npos) break;
        p.resize(cut);
    }
    return fallback;
}

namespace {

// [helpers] -----------------------------------------------------------------------------------

std::string num(double v) {
    std::ostringstream out;
    out << v;
    return out.str();
}

std::string idx(const std::string& list, std::size_t i) { return list + "[" + std::to_string(i) + "]"; }

/// Up to a dozen names, then how many more: enough to teach the valid values without a wall of text.
std::string listing(const std::vector<std::string>& names) {
    constexpr std::size_t shown = 12;
    std::string out;
    for (std::size_t i = 0; i < names.size() && i < shown; ++i) out += (i ? ", " : "") + names[i];
    if (names.size() > shown) out += ", and " + std::to_string(names.size() - shown) + " more";
    return out;
}

struct Checker {
    const Scenario& s;
    const Positions& positions;
    std::vector<Diagnostic>& out;
    std::string file;

    SourcePos at(const std::string& path, const SourcePos& fallback = {}) const {
        SourcePos p = positions.find(path, fallback);
        if (p.file.empty()) p.file = file;
        return p;
    }
    void error(const std::string& path, const SourcePos& fallback, std::string message) {
        out.push_back(Diagnostic{at(path, fallback), std::move(message)});
    }

    /// Range and finiteness of one number, with the range taken from the format's description.
    void number(const std::string& path, const SourcePos& fallback, const std::string& what, const std::string& key,
                double value, const std::string& part) {
        // `key` as shown may be dotted ("schedule.every", "filters.design"): its first component
        // that the part of the format knows names the range.
        const ObjectSpec& o = object_spec(part);
        const FieldSpec* spec = nullptr;
        for (std::size_t start = 0; !spec && start <= key.size();) {
            const std::size_t dot = std::min(key.find('.', start), key.size());
            spec = o.field(key.substr(start, dot - start));
            start = dot + 1;
        }
        if (!spec) spec = &o.at(key);
        check_value(path, fallback, what, key, value, spec->min, spec->max);
    }
    void check_value(const std::string& path, const SourcePos& fallback, const std::string& what,
                     const std::string& key, double value, double lo, double hi) {
        if (std::isnan(value)) {
            error(path, fallback, what + ": " + key + " is NaN; it must be a number in [" + num(lo) + ", " + num(hi) + "]");
        } else if (std::isinf(value)) {
            error(path, fallback, what + ": " + key + " is infinite; it must be a number in [" + num(lo) + ", " +
                                      num(hi) + "]");
        } else if (value < lo || value > hi) {
            error(path, fallback, what + ": " + key + " " + num(value) + " is out of range [" + num(lo) + ", " +
                                      num(hi) + "]");
        }
    }

    void name(const std::string& path, const SourcePos& fallback, const std::string& kind, const std::string& n) {
        if (n.empty()) {
            error(path, fallback, kind + " has an empty name");
            return;
        }
        bool ok = n.size() <= Limits::max_name_length && std::isalnum(static_cast<unsigned char>(n[0]));
        for (const char ch : n)
            ok = ok && (std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_');
        if (!ok) {
            std::string shown = n.size() > 40 ? n.substr(0, 37) + "..." : n;
            error(path, fallback, kind + " name '" + shown + "' is not valid: use up to " +
                                      std::to_string(Limits::max_name_length) +
                                      " letters, digits, '-' or '_', starting with a letter or digit (names "
                                      "appear in parameter paths such as teams.NAME.shielding)");
        }
    }

    /// A vector indexed by dimension: size and range.
    void vec(const std::string& path, const SourcePos& fallback, const std::string& what, const std::string& key,
             const std::vector<double>& v, bool may_be_empty = false) {
        if (v.empty() && may_be_empty) return;
        if (v.size() != s.dimensions.size()) {
            error(path, fallback, what + ": " + key + " has " + std::to_string(v.size()) + " entries; the scenario has " +
                                      std::to_string(s.dimensions.size()) + " dimensions");
            return;
        }
        for (std::size_t d = 0; d < v.size(); ++d)
            check_value(path + "." + s.dimensions[d].name, fallback, what, key + "." + s.dimensions[d].name, v[d], 0, 1);
    }
    void partial(const std::string& path, const SourcePos& fallback, const std::string& what, const std::string& key,
                 const PartialVector& v) {
        if (v.empty()) return;
        if (v.size() != s.dimensions.size()) {
            error(path, fallback, what + ": " + key + " has " + std::to_string(v.size()) + " entries; the scenario has " +
                                      std::to_string(s.dimensions.size()) + " dimensions");
            return;
        }
        for (std::size_t d = 0; d < v.size(); ++d)
            if (v[d])
                check_value(path + "." + s.dimensions[d].name, fallback, what, key + "." + s.dimensions[d].name, *v[d],
                            0, 1);
    }

    template <class Items>
    void unique(const Items& items, const std::string& list, const std::string& kind) {
        std::map<std::string, std::size_t> seen;
        for (std::size_t i = 0; i < items.size(); ++i) {
            const std::string& n = items[i].name;
            if (n.empty()) continue;
            const auto [it, fresh] = seen.emplace(n, i);
            if (!fresh)
                error(idx(list, i) + ".name", items[i].pos,
                      "duplicate " + kind + " name '" + n + "' (first defined at line " +
                          std::to_string(at(idx(list, it->second) + ".name", items[it->second].pos).line) + ")");
        }
    }

    void reference(const std::string& path, const SourcePos& fallback, const std::string& what,
                   const std::string& kind, const std::string& n, const std::vector<std::string>& known) {
        if (std::find(known.begin(), known.end(), n) != known.end()) return;
        std::string message = what + ": unknown " + kind + " '" + n + "'" + did_you_mean(n, known);
        message += known.empty() ? "; the scenario defines no " + kind + "s" : "; known: " + listing(known);
        error(path, fallback, message);
    }
};

template <class Items>
std::vector<std::string> names_of(const Items& items) {
    std::vector<std::string> out;
    for (const auto& x : items) out.push_back(x.name);
    return out;
}

// [structure] ---------------------------------------------------------------------------------

void check_structure(Checker& c) {
    const Scenario& s = c.s;
    const SourcePos none{};
    c.check_value("horizon", none, "scenario", "horizon", s.horizon, 1, Limits::max_horizon);
    c.check_value("replicates", none, "scenario", "replicates", s.replicates, 1, Limits::max_replicates);
    if (s.dimensions.empty()) c.error("dimensions", none, "the scenario needs at least one practice dimension");
    if (s.dimensions.size() > static_cast<std::size_t>(Limits::max_dimensions))
        c.error("dimensions", none, "the scenario has " + std::to_string(s.dimensions.size()) +
                                        " dimensions; the limit is " + std::to_string(Limits::max_dimensions));
    std::map<std::string, std::size_t> dims;
    for (std::size_t d = 0; d < s.dimensions.size(); ++d) {
        const std::string path = idx("dimensions", d) + ".name";
        c.name(path, none, "dimension", s.dimensions[d].name);
        if (!dims.emplace(s.dimensions[d].name, d).second)
            c.error(path, none, "duplicate dimension name '" + s.dimensions[d].name + "'");
    }

    const Organization& o = s.organization;
    const std::string what = "organization";
    c.vec("organization.baseline", none, what, "baseline", o.baseline);
    if (o.idea_mix.empty()) c.error("organization.idea_mix", none, "organization: idea_mix must name at least one idea kind");
    double mix = 0.0;
    for (const auto& [kind, w] : o.idea_mix) {
        c.name("organization.idea_mix." + kind, none, "idea kind", kind);
        c.number("organization.idea_mix." + kind, none, what, "idea_mix." + kind, w, "organization");
        if (std::isfinite(w)) mix += w;
    }
    if (!o.idea_mix.empty() && mix <= 0.0)
        c.error("organization.idea_mix", none, "organization: idea_mix weights sum to 0; give at least one kind a positive weight");
    for (const char* key : {"idea_rate", "peer_conformity", "network_influence", "noise", "friction_capacity_cost",
                            "friction_attrition", "intent_erosion", "friction_scale", "leader_wear"}) {
        const double v = key == std::string("idea_rate")              ? o.idea_rate
                         : key == std::string("peer_conformity")      ? o.peer_conformity
                         : key == std::string("network_influence")    ? o.network_influence
                         : key == std::string("noise")                ? o.noise
                         : key == std::string("friction_capacity_cost") ? o.friction_capacity_cost
                         : key == std::string("friction_attrition")   ? o.friction_attrition
                         : key == std::string("friction_scale")       ? o.friction_scale
                         : key == std::string("leader_wear")          ? o.leader_wear
                                                                      : o.intent_erosion;
        c.number(std::string("organization.") + key, none, what, key, v, "organization");
    }

    // Units: unique names, known parents, no cycles.
    const auto unit_names = names_of(o.units);
    c.unique(o.units, "organization.units", "unit");
    for (std::size_t i = 0; i < o.units.size(); ++i) {
        const Unit& u = o.units[i];
        const std::string path = idx("organization.units", i);
        c.name(path + ".name", u.pos, "unit", u.name);
        if (u.parent.empty()) continue;
        c.reference(path + ".parent", u.pos, "unit '" + u.name + "'", "unit", u.parent, unit_names);
        std::string current = u.parent;
        for (std::size_t steps = 0; steps <= o.units.size() && !current.empty(); ++steps) {
            if (current == u.name) {
                c.error(path + ".parent", u.pos, "unit '" + u.name + "' is its own ancestor: the parent chain forms a cycle");
                break;
            }
            const auto it = std::find_if(o.units.begin(), o.units.end(), [&](const Unit& x) { return x.name == current; });
            current = it == o.units.end() ? std::string() : it->parent;
        }
    }

    c.number("commons.mingling", none, "commons", "mingling", s.commons.mingling, "commons");
    c.number("commons.graduation", none, "commons", "graduation", s.commons.graduation, "commons");
}

// [forces] ------------------------------------------------------------------------------------

// A reach at `path` (its `.reach` key) of a force or review named `what`.
void check_reach(Checker& c, const std::string& path, const SourcePos& pos, const std::string& what, const Reach& reach) {
    const auto units = names_of(c.s.organization.units);
    const auto teams = names_of(c.s.teams);
    const auto each = [&](const std::vector<std::string>& list, const char* key, const std::vector<std::string>& known,
                          const char* kind) {
        for (std::size_t i = 0; i < list.size(); ++i)
            c.reference(path + ".reach." + key + "[" + std::to_string(i) + "]", pos, what + " reach", kind, list[i], known);
    };
    each(reach.units, "units", units, "unit");
    each(reach.teams, "teams", teams, "team");
    each(reach.exclude_units, "exclude_units", units, "unit");
    each(reach.exclude_teams, "exclude_teams", teams, "team");
}

void check_forces(Checker& c) {
    const Scenario& s = c.s;
    const SourcePos none{};
    if (s.gravity.size() + s.water.size() > static_cast<std::size_t>(Limits::max_forces))
        c.error("gravity", none, "the scenario has " + std::to_string(s.gravity.size() + s.water.size()) +
                                     " forces; the limit is " + std::to_string(Limits::max_forces));
    // Gravity and water share the `forces.` namespace of the registry.
    std::map<std::string, std::string> seen;
    for (std::size_t i = 0; i < s.gravity.size(); ++i) {
        const auto& g = s.gravity[i];
        if (!g.name.empty() && !seen.emplace(g.name, idx("gravity", i)).second)
            c.error(idx("gravity", i) + ".name", g.pos, "duplicate force name '" + g.name + "' (first defined at line " +
                                                           std::to_string(c.at(seen[g.name] + ".name").line) + ")");
    }
    for (std::size_t i = 0; i < s.water.size(); ++i) {
        const auto& w = s.water[i];
        if (!w.name.empty() && !seen.emplace(w.name, idx("water", i)).second)
            c.error(idx("water", i) + ".name", w.pos,
                    "duplicate force name '" + w.name + "' (first defined at line " +
                        std::to_string(c.at(seen[w.name] + ".name").line) +
                        "); gravity and water forces share one namespace");
    }

    for (std::size_t i = 0; i < s.gravity.size(); ++i) {
        const auto& g = s.gravity[i];
        const std::string path = idx("gravity", i);
        const std::string what = "gravity force '" + g.name + "'";
        c.name(path + ".name", g.pos, "gravity force", g.name);
        c.partial(path + ".target", g.pos, what, "target", g.target);
        if (std::none_of(g.target.begin(), g.target.end(), [](const auto& x) { return x.has_value(); }))
            c.error(path + ".target", g.pos, what + ": target names no dimension; name at least one, e.g. {" +
                                                 (s.dimensions.empty() ? std::string("horizon") : s.dimensions[0].name) +
                                                 ": 0.2}");
        c.number(path + ".strength", g.pos, what, "strength", g.strength, "gravity");
        const Schedule& h = g.schedule;
        const std::string sp = path + ".schedule";
        c.number(sp + ".every", g.pos, what, "schedule.every", h.every, "schedule");
        c.number(sp + ".duration", g.pos, what, "schedule.duration", h.duration, "schedule");
        c.number(sp + ".offset", g.pos, what, "schedule.offset", h.offset, "schedule");
        c.number(sp + ".multiplier", g.pos, what, "schedule.multiplier", h.multiplier, "schedule");
        c.number(sp + ".between", g.pos, what, "schedule.between", h.between, "schedule");
        c.number(sp + ".start", g.pos, what, "schedule.start", h.start, "schedule");
        c.number(sp + ".end", g.pos, what, "schedule.end", h.end, "schedule");
        if (h.every > 0 && h.duration > h.every)
            c.error(sp + ".duration", g.pos, what + ": schedule.duration " + std::to_string(h.duration) +
                                                 " is longer than the period every: " + std::to_string(h.every));
        if (h.end >= 0 && h.end < h.start)
            c.error(sp + ".end", g.pos, what + ": schedule.end " + std::to_string(h.end) + " is before start " +
                                            std::to_string(h.start));
        for (std::size_t r = 0; r < g.reviews.size(); ++r) {
            const std::string rp = idx(path + ".reviews", r);
            c.number(rp + ".every", g.pos, what, "review.every", g.reviews[r].every, "review");
            c.number(rp + ".offset", g.pos, what, "review.offset", g.reviews[r].offset, "review");
            c.number(rp + ".harshness", g.pos, what, "review.harshness", g.reviews[r].harshness, "review");
            check_reach(c, rp, g.pos, what + " review " + std::to_string(r + 1), g.reviews[r].reach);
        }
        check_reach(c, path, g.pos, "gravity force '" + g.name + "'", g.reach);
    }

    std::vector<std::string> kinds;
    for (const auto& [k, w] : s.organization.idea_mix) kinds.push_back(k);
    for (std::size_t i = 0; i < s.water.size(); ++i) {
        const auto& w = s.water[i];
        const std::string path = idx("water", i);
        const std::string what = "water force '" + w.name + "'";
        c.name(path + ".name", w.pos, "water force", w.name);
        c.number(path + ".prevalence", w.pos, what, "prevalence", w.prevalence, "water");
        if (w.initial_code) c.number(path + ".initial_code", w.pos, what, "initial_code", *w.initial_code, "water");
        c.number(path + ".socialization", w.pos, what, "socialization", w.socialization, "water");
        c.number(path + ".depth", w.pos, what, "depth", w.depth, "water");
        c.number(path + ".code_learning", w.pos, what, "code_learning", w.code_learning, "water");
        c.partial(path + ".leans", w.pos, what, "leans", w.leans);
        c.number(path + ".lean_weight", w.pos, what, "lean_weight", w.lean_weight, "water");
        for (const auto& [kind, p] : w.filters) {
            c.reference(path + ".filters." + kind, w.pos, what + ": filters", "idea kind", kind, kinds);
            c.number(path + ".filters." + kind, w.pos, what, "filters." + kind, p, "water");
        }
        check_reach(c, path, w.pos, what, w.reach);
        const auto units = names_of(s.organization.units);
        for (const auto& [unit, p] : w.unit_prevalence) {
            c.reference(path + ".unit_prevalence." + unit, w.pos, what + ": unit_prevalence", "unit", unit, units);
            c.number(path + ".unit_prevalence." + unit, w.pos, what, "unit_prevalence." + unit, p, "water");
        }
    }
}

// [teams] -------------------------------------------------------------------------------------

void check_teams(Checker& c) {
    const Scenario& s = c.s;
    const SourcePos none{};
    if (s.teams.empty()) c.error("teams", none, "the scenario needs at least one team");
    if (s.teams.size() > static_cast<std::size_t>(Limits::max_teams))
        c.error("teams", none, "the scenario has " + std::to_string(s.teams.size()) + " teams; the limit is " +
                                   std::to_string(Limits::max_teams));
    c.unique(s.teams, "teams", "team");
    const auto units = names_of(s.organization.units);
    const auto teams = names_of(s.teams);
    long long people = 0;
    for (std::size_t i = 0; i < s.teams.size(); ++i) {
        const Team& t = s.teams[i];
        const std::string path = idx("teams", i);
        const std::string what = "team '" + t.name + "'";
        c.name(path + ".name", t.pos, "team", t.name);
        c.reference(path + ".unit", t.pos, what, "unit", t.unit, units);
        c.number(path + ".size", t.pos, what, "size", t.size, "team");
        people += std::max(0, t.size);
        c.vec(path + ".intent", t.pos, what, "intent", t.intent);
        if (t.initial_practice) c.vec(path + ".initial_practice", t.pos, what, "initial_practice", *t.initial_practice);
        c.number(path + ".initial_spread", t.pos, what, "initial_spread", t.initial_spread, "team");
        if (t.initial_assumptions) {
            if (t.initial_assumptions->size() != s.water.size())
                c.error(path + ".initial_assumptions", t.pos, what + ": initial_assumptions has " +
                                                                  std::to_string(t.initial_assumptions->size()) +
                                                                  " entries; the scenario has " +
                                                                  std::to_string(s.water.size()) + " water forces");
            else
                for (std::size_t w = 0; w < s.water.size(); ++w)
                    c.number(path + ".initial_assumptions." + s.water[w].name, t.pos, what,
                             "initial_assumptions." + s.water[w].name, (*t.initial_assumptions)[w], "team");
        }
        c.number(path + ".leadership", t.pos, what, "leadership", t.leadership, "team");
        c.number(path + ".shielding", t.pos, what, "shielding", t.shielding, "team");
        c.number(path + ".attrition", t.pos, what, "attrition", t.base_attrition, "team");
        if (t.peer_conformity) c.number(path + ".peer_conformity", t.pos, what, "peer_conformity", *t.peer_conformity, "team");
        const std::string hp = path + ".hiring";
        c.number(hp + ".growth", t.pos, what, "hiring.growth", t.hiring.growth, "hiring");
        c.number(hp + ".external_fraction", t.pos, what, "hiring.external_fraction", t.hiring.external_fraction, "hiring");
        c.number(hp + ".selectivity", t.pos, what, "hiring.selectivity", t.hiring.selectivity, "hiring");
        c.vec(hp + ".external_practice", t.pos, what, "hiring.external_practice", t.hiring.external_practice, true);
        if (!t.hiring.external_assumptions.empty()) {
            if (t.hiring.external_assumptions.size() != s.water.size())
                c.error(hp + ".external_assumptions", t.pos, what + ": hiring.external_assumptions has " +
                                                                 std::to_string(t.hiring.external_assumptions.size()) +
                                                                 " entries; the scenario has " +
                                                                 std::to_string(s.water.size()) + " water forces");
            else
                for (std::size_t w = 0; w < s.water.size(); ++w)
                    c.number(hp + ".external_assumptions." + s.water[w].name, t.pos, what,
                             "hiring.external_assumptions." + s.water[w].name, t.hiring.external_assumptions[w],
                             "hiring");
        }
        std::set<std::string> linked;
        for (const auto& l : t.links) {
            const std::string lp = path + ".links." + l.team;
            c.reference("", l.pos, what + ": links", "team", l.team, teams);  // at the name, not the weight
            if (l.team == t.name) c.error(lp, l.pos, what + ": links to itself; links connect different teams");
            if (!linked.insert(l.team).second) c.error(lp, l.pos, what + ": links to '" + l.team + "' twice");
            c.number(lp, l.pos, what, "links." + l.team, l.weight, "team");
        }
        if (t.tripwire) {
            const std::string wp = path + ".tripwire";
            c.number(wp + ".window", t.pos, what, "tripwire.window", t.tripwire->window, "tripwire");
            c.number(wp + ".growth", t.pos, what, "tripwire.growth", t.tripwire->growth, "tripwire");
            c.number(wp + ".framing_ticks", t.pos, what, "tripwire.framing_ticks", t.tripwire->framing_ticks, "tripwire");
        }
    }
    if (people > Limits::max_people)
        c.error("teams", none, "the teams hold " + std::to_string(people) + " people; the limit is " +
                                   std::to_string(Limits::max_people));
}

// [ventures] ----------------------------------------------------------------------------------

/// Finds one cycle of stone dependencies with a depth-first search (Boost.Graph); empty if none.
std::vector<std::size_t> stone_cycle(const Venture& v) {
    using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
    Graph g(v.stones.size());
    for (std::size_t i = 0; i < v.stones.size(); ++i)
        for (const auto& d : v.stones[i].depends) {
            const auto it = std::find_if(v.stones.begin(), v.stones.end(), [&](const auto& x) { return x.name == d; });
            if (it != v.stones.end()) boost::add_edge(static_cast<std::size_t>(it - v.stones.begin()), i, g);
        }
    struct Visitor : boost::default_dfs_visitor {
        std::vector<std::size_t>* parent;
        std::vector<std::size_t>* cycle;
        void tree_edge(Graph::edge_descriptor e, const Graph& gr) { (*parent)[boost::target(e, gr)] = boost::source(e, gr); }
        void back_edge(Graph::edge_descriptor e, const Graph& gr) {
            if (!cycle->empty()) return;
            const std::size_t from = boost::source(e, gr);
            const std::size_t to = boost::target(e, gr);
            // The path to -> ... -> from lies on the DFS tree; walk it back through parents.
            std::vector<std::size_t> path{from};
            for (std::size_t x = from; x != to && path.size() <= parent->size(); x = (*parent)[x]) path.push_back((*parent)[x]);
            cycle->assign(path.rbegin(), path.rend());
        }
    };
    std::vector<std::size_t> parent(v.stones.size(), 0);
    std::vector<std::size_t> cycle;
    Visitor vis;
    vis.parent = &parent;
    vis.cycle = &cycle;
    std::vector<boost::default_color_type> colors(v.stones.size());
    boost::depth_first_search(g, boost::visitor(vis).color_map(boost::make_iterator_property_map(
                                     colors.begin(), boost::get(boost::vertex_index, g))));
    return cycle;
}

void check_focus(Checker& c) {
    const auto teams = names_of(c.s.teams);
    const auto ventures = names_of(c.s.ventures);
    auto known = teams;
    known.insert(known.end(), ventures.begin(), ventures.end());
    for (std::size_t i = 0; i < c.s.focus.size(); ++i) {
        const std::string& n = c.s.focus[i];
        if (std::find(known.begin(), known.end(), n) != known.end()) continue;
        std::string message = "focus: unknown team or venture '" + n + "'" + did_you_mean(n, known) +
                              "; teams: " + listing(teams);
        message += ventures.empty() ? "; the scenario has no ventures" : "; ventures: " + listing(ventures);
        c.error("focus[" + std::to_string(i) + "]", SourcePos{}, message);
    }
}

void check_ventures(Checker& c) {
    const Scenario& s = c.s;
    const SourcePos none{};
    if (s.ventures.size() > static_cast<std::size_t>(Limits::max_ventures))
        c.error("ventures", none, "the scenario has " + std::to_string(s.ventures.size()) + " ventures; the limit is " +
                                      std::to_string(Limits::max_ventures));
    c.unique(s.ventures, "ventures", "venture");
    const auto teams = names_of(s.teams);
    const auto ventures = names_of(s.ventures);
    std::vector<std::string> kinds;
    for (const auto& [k, w] : s.organization.idea_mix) kinds.push_back(k);
    for (std::size_t i = 0; i < s.ventures.size(); ++i) {
        const Venture& v = s.ventures[i];
        const std::string path = idx("ventures", i);
        const std::string what = "venture '" + v.name + "'";
        c.name(path + ".name", v.pos, "venture", v.name);
        c.reference(path + ".team", v.pos, what, "team", v.team, teams);
        c.partial(path + ".needs", v.pos, what, "needs", v.needs);
        for (const char* key : {"value", "velocity", "base_hazard", "misfit_hazard", "fit_tolerance",
                                "rework_probability", "spiral_rate"}) {
            const std::string k = key;
            const double x = k == "value"               ? v.value
                             : k == "velocity"          ? v.velocity
                             : k == "base_hazard"       ? v.base_hazard
                             : k == "misfit_hazard"     ? v.misfit_hazard
                             : k == "fit_tolerance"     ? v.fit_tolerance
                             : k == "rework_probability" ? v.rework_probability
                                                        : v.spiral_rate;
            c.number(path + "." + k, v.pos, what, k, x, "venture");
        }
        c.number(path + ".start", v.pos, what, "start", v.start, "venture");
        c.number(path + ".planned_ticks", v.pos, what, "planned_ticks", v.planned_ticks, "venture");
        if (v.start >= s.horizon && s.horizon > 0)
            c.error(path + ".start", v.pos, what + ": start " + std::to_string(v.start) +
                                                " is at or after the horizon (" + std::to_string(s.horizon) +
                                                "); the venture would never run");
        for (std::size_t k = 0; k < v.shocks.size(); ++k) {
            c.number(idx(path + ".shocks", k) + ".tick", v.pos, what, "shock.tick", v.shocks[k].tick, "shock");
            c.number(idx(path + ".shocks", k) + ".hazard", v.pos, what, "shock.hazard", v.shocks[k].hazard, "shock");
        }
        // Stones: at least one, unique, known kinds and dependencies, no cycles.
        if (v.stones.empty()) c.error(path + ".stones", v.pos, what + ": has no stones; give it at least one");
        if (v.stones.size() > static_cast<std::size_t>(Limits::max_stones))
            c.error(path + ".stones", v.pos, what + ": has " + std::to_string(v.stones.size()) +
                                                 " stones; the limit is " + std::to_string(Limits::max_stones));
        c.unique(v.stones, path + ".stones", "stone");
        const auto stones = names_of(v.stones);
        for (std::size_t k = 0; k < v.stones.size(); ++k) {
            const auto& st = v.stones[k];
            const std::string sp = idx(path + ".stones", k);
            const std::string sw = what + " stone '" + st.name + "'";
            c.name(sp + ".name", st.pos, "stone", st.name);
            c.reference(sp + ".kind", st.pos, sw + ": kind", "idea kind", st.kind, kinds);
            c.number(sp + ".effort", st.pos, sw, "effort", st.effort, "stone");
            c.number(sp + ".value", st.pos, sw, "value", st.value, "stone");
            c.number(sp + ".legibility", st.pos, sw, "legibility", st.legibility, "stone");
            if (!st.provides.empty()) c.name(sp + ".provides", st.pos, "provides", st.provides);
            for (std::size_t d = 0; d < st.depends.size(); ++d) {
                const std::string dp = idx(sp + ".depends", d);
                if (st.depends[d] == st.name)
                    c.error(dp, st.pos, sw + ": depends on itself");
                else
                    c.reference(dp, st.pos, sw + ": depends", "stone", st.depends[d], stones);
            }
        }
        if (const auto cycle = stone_cycle(v); cycle.size() > 1) {
            std::string chain;
            for (const auto k : cycle) chain += v.stones[k].name + " -> ";
            chain += v.stones[cycle.front()].name;
            c.error(idx(path + ".stones", cycle.front()) + ".depends", v.stones[cycle.front()].pos,
                    what + ": stone dependencies form a cycle: " + chain +
                        "; stones must form a directed acyclic graph");
        }
        c.unique(v.benefits, path + ".benefits", "benefit");
        for (std::size_t k = 0; k < v.benefits.size(); ++k) {
            const auto& b = v.benefits[k];
            const std::string bp = idx(path + ".benefits", k);
            const std::string bw = what + " benefit '" + b.name + "'";
            c.name(bp + ".name", b.pos, "benefit", b.name);
            c.number(bp + ".value", b.pos, bw, "value", b.value, "benefit");
            c.number(bp + ".independence", b.pos, bw, "independence", b.independence, "benefit");
            c.number(bp + ".effort", b.pos, bw, "effort", b.effort, "benefit");
            for (std::size_t r = 0; r < b.requires_stones.size(); ++r)
                c.reference(idx(bp + ".requires", r), b.pos, bw + ": requires", "stone", b.requires_stones[r], stones);
        }
        for (std::size_t k = 0; k < v.framed_into.size(); ++k) {
            const std::string fp = idx(path + ".framed_into", k);
            if (v.framed_into[k] == v.name)
                c.error(fp, v.pos, what + ": framed_into names the venture itself");
            else
                c.reference(fp, v.pos, what + ": framed_into", "venture", v.framed_into[k], ventures);
        }
    }
}

// [stability] ---------------------------------------------------------------------------------
// The one stability rule of model/dynamics.hpp (docs/model.md#stability), reported at the team.

void check_stability(Checker& c) {
    for (const auto& p : stability_problems(c.s, compile_regime(c.s)))
        c.error(idx("teams", std::size_t(p.team)) + ".name", c.s.teams[std::size_t(p.team)].pos, p.message);
}

// [changes] -----------------------------------------------------------------------------------

// Each assignment names a parameter and gives it a value it may take.
bool check_event_set(Checker& c, const std::vector<Override>& set, const std::string& what) {
    const auto params = parameters(c.s);
    std::map<std::string, const Param*> by_path;
    std::vector<std::string> paths;
    for (const auto& p : params) {
        by_path[p.path] = &p;
        paths.push_back(p.path);
    }
    bool ok = true;
    for (const auto& o : set) {
        const auto it = by_path.find(o.path);
        if (it == by_path.end()) {
            c.out.push_back(Diagnostic{o.pos, what + ": " + unknown_parameter(o.path, paths)});
            ok = false;
            continue;
        }
        const Param& p = *it->second;
        std::string problem;
        if (!std::isfinite(o.value))
            problem = "is not a finite number";
        else if (p.kind == ParamKind::Toggle && o.value != 0.0 && o.value != 1.0)
            problem = "must be on or off";
        else if (p.kind == ParamKind::Integer && std::floor(o.value) != o.value)
            problem = "must be a whole number";
        else if (o.value < p.min || o.value > p.max)
            problem = "is out of range [" + num(p.min) + ", " + num(p.max) + "]";
        if (!problem.empty()) {
            c.out.push_back(Diagnostic{o.pos, what + ": " + o.path + " = " + num(o.value) + " " + problem});
            ok = false;
        }
    }
    return ok;
}

void check_events(Checker& c, const Scenario& s, const std::vector<Event>& list, std::size_t first_reported,
                  const std::string& prefix);
void check_empty_teams(Checker& c);

void check_changes(Checker& c) {
    const Scenario& s = c.s;
    const auto check_set = [&](const std::vector<Override>& set, const std::string& what) {
        return check_event_set(c, set, what);
    };
    const auto check_result = [&](const std::vector<Override>& set, const SourcePos& pos, const std::string& what) {
        Scenario changed = s;
        std::vector<Diagnostic> found;
        for (const auto& o : set) set_parameter(changed, o);
        check_scenario(changed, Positions{}, found, false);
        for (const auto& d : found) c.out.push_back(Diagnostic{pos, what + " makes the scenario invalid: " + d.message});
    };

    std::map<std::string, std::size_t> variant_names;
    for (std::size_t i = 0; i < s.variants.size(); ++i) {
        const Variant& v = s.variants[i];
        const std::string what = "what-if '" + v.name + "'";
        c.name(idx("what_if", i) + ".name", v.pos, "what-if", v.name);
        if (!v.name.empty() && !variant_names.emplace(v.name, i).second)
            c.error(idx("what_if", i) + ".name", v.pos, "duplicate what-if name '" + v.name + "'");
        if (v.set.empty() && v.events.empty())
            c.error(idx("what_if", i) + ".name", v.pos, what + " changes nothing: give it `set` or `events`");
        if (!check_set(v.set, what)) continue;
        check_result(v.set, v.pos, what);
        if (v.events.empty()) continue;
        // The variant's events after the scenario's (as apply_variant adds them); only theirs are reported here.
        std::vector<Event> all = s.events;
        all.insert(all.end(), v.events.begin(), v.events.end());
        check_events(c, apply_overrides(s, v.set), all, s.events.size(), what + " ");
    }
    check_events(c, s, s.events, 0, "");
    check_empty_teams(c);
}

// The team NAME of an assignment path `teams.NAME.…` (empty for other paths).
std::string team_of_path(const std::string& path) {
    if (path.rfind("teams.", 0) != 0) return "";
    const std::size_t dot = path.find('.', 6);
    return dot == std::string::npos ? "" : path.substr(6, dot - 6);
}

// Every team an event names: in its assignments, move, leader change, merge and split.
std::vector<std::string> teams_named(const Event& e) {
    std::vector<std::string> out;
    for (const auto& o : e.set)
        if (auto t = team_of_path(o.path); !t.empty()) out.push_back(std::move(t));
    if (e.move) out.push_back(e.move->team);
    if (e.leader) out.push_back(e.leader->team);
    if (e.merge) {
        out.insert(out.end(), e.merge->teams.begin(), e.merge->teams.end());
        out.push_back(e.merge->into);
    }
    if (e.split) {
        out.push_back(e.split->team);
        out.push_back(e.split->into);
    }
    return out;
}

// Teams a merge or split moves people between: their size follows the people, not a size event.
std::vector<std::string> teams_regrouped(const Event& e) {
    Event only;
    only.merge = e.merge;
    only.split = e.split;
    return teams_named(only);
}

// A merge or split acts on teams present at its tick and as it says (docs/model.md#events); no
// event names a team a merge emptied before. `same_tick` are the events applied at e's tick.
void check_regrouping(Checker& c, const Scenario& current, const Event& e, const std::vector<const Event*>& same_tick,
                      const std::string& what) {
    const auto teams = names_of(current.teams);
    const std::string at = " at tick " + std::to_string(e.tick);
    for (const auto& name : teams_named(e))
        if (const int t = current.team_index(name); t >= 0 && !current.teams[std::size_t(t)].absorbed_into.empty())
            c.out.push_back(Diagnostic{e.pos, what + ": team '" + name + "' was merged into '" +
                                                  current.teams[std::size_t(t)].absorbed_into + "' before tick " +
                                                  std::to_string(e.tick) + "; it has no people to act on"});
    if (!e.merge && !e.split) return;
    const SourcePos pos = e.merge ? e.merge->pos : e.split->pos;
    if (e.tick < 1)
        c.out.push_back(Diagnostic{pos, what + ": a merge or split at tick 0 changes nothing that declaring the "
                                               "teams as they start would not; give it a tick of 1 or later"});
    for (const Event* other : same_tick)
        for (const auto& o : other->set)
            for (const auto& name : teams_regrouped(e))
                if (o.path == "teams." + name + ".size")
                    c.out.push_back(Diagnostic{o.pos, what + ": '" + o.path + "' at the tick a merge or split "
                                                             "moves that team's people; set its size at another tick"});
    if (e.merge) {
        const auto& m = *e.merge;
        for (const auto& name : m.teams) c.reference("", m.pos, what + ": merge", "team", name, teams);
        c.reference("", m.pos, what + ": merge into", "team", m.into, teams);
        if (std::none_of(m.teams.begin(), m.teams.end(), [&](const std::string& n) { return n != m.into; }))
            c.out.push_back(Diagnostic{m.pos, what + ": merge would merge team '" + m.into +
                                                  "' into itself; `teams` must name at least one other team; known: " +
                                                  listing(teams)});
    }
    if (e.split) {
        const auto& sp = *e.split;
        const int from = current.team_index(sp.team), to = current.team_index(sp.into);
        c.reference("", sp.pos, what + ": split", "team", sp.team, teams);
        c.reference("", sp.pos, what + ": split into", "team", sp.into, teams);
        if (from < 0 || to < 0) return;
        if (from == to) {
            c.out.push_back(Diagnostic{sp.pos, what + ": split would split team '" + sp.team +
                                                   "' into itself; `into` must be another team, declared with size 0"});
            return;
        }
        const int has = current.teams[std::size_t(from)].size, target = current.teams[std::size_t(to)].size;
        if (sp.size > has)
            c.out.push_back(Diagnostic{sp.pos, what + ": split moves " + std::to_string(sp.size) + " people out of '" +
                                                   sp.team + "', which has " + std::to_string(has) + at +
                                                   " (as declared and changed by earlier events)"});
        if (target != 0)
            c.out.push_back(Diagnostic{sp.pos, what + ": split into '" + sp.into + "', which has " +
                                                   std::to_string(target) + " people" + at +
                                                   "; a split fills a team declared with size 0"});
    }
}

// A team declared empty waits for people: some event (the scenario's or a what-if's) must split
// people into it or set its size.
void check_empty_teams(Checker& c) {
    const Scenario& s = c.s;
    std::vector<const Event*> all;
    for (const auto& e : s.events) all.push_back(&e);
    for (const auto& v : s.variants)
        for (const auto& e : v.events) all.push_back(&e);
    for (std::size_t i = 0; i < s.teams.size(); ++i) {
        const Team& t = s.teams[i];
        if (t.size != 0) continue;
        const bool filled = std::any_of(all.begin(), all.end(), [&](const Event* e) {
            if (e->split && e->split->into == t.name) return true;
            return std::any_of(e->set.begin(), e->set.end(),
                               [&](const Override& o) { return o.path == "teams." + t.name + ".size" && o.value > 0; });
        });
        if (!filled)
            c.error(idx("teams", i) + ".size", t.pos,
                    "team '" + t.name + "' is declared with size 0 and no event fills it: give it people, or "
                    "split people into it with an event (`split: {team: ..., into: " + t.name + ", size: N}`)");
    }
}

// Events apply in tick order and accumulate; each must act at its tick (docs/model.md#events).
void check_events(Checker& c, const Scenario& s, const std::vector<Event>& list, std::size_t first_reported,
                  const std::string& prefix) {
    std::vector<const Event*> events;
    for (const auto& e : list) events.push_back(&e);
    const auto reported = [&](const Event* e) { return std::size_t(e - list.data()) >= first_reported; };
    std::stable_sort(events.begin(), events.end(), [](const Event* a, const Event* b) { return a->tick < b->tick; });
    const auto units = names_of(s.organization.units);
    const auto teams = names_of(s.teams);
    Scenario current = s;
    for (const Event* e : events) {
        if (!reported(e)) {  // checked with the scenario itself, which reports its own problems
            try {
                current = apply_event(current, *e);
            } catch (const ScenarioError&) {
                return;
            }
            continue;
        }
        const std::string what =
            prefix + "event at tick " + std::to_string(e->tick) + (e->label.empty() ? "" : " (" + e->label + ")");
        if (e->tick >= s.horizon)
            c.out.push_back(Diagnostic{e->pos, what + ": tick " + std::to_string(e->tick) +
                                                   " is at or after the horizon (" + std::to_string(s.horizon) +
                                                   "); it would never happen"});
        if (e->set.empty() && !e->move && !e->leader && !e->merge && !e->split) {
            c.out.push_back(Diagnostic{
                e->pos, what + " changes nothing: give it `set`, `move`, `replace_leader`, `merge` or `split`"});
            continue;
        }
        const std::size_t before = c.out.size();
        if (!check_event_set(c, e->set, what)) continue;
        std::vector<const Event*> same_tick;
        for (const Event* x : events)
            if (x->tick == e->tick) same_tick.push_back(x);
        check_regrouping(c, current, *e, same_tick, what);
        if (e->move) {
            const auto& m = *e->move;
            const auto pos = m.pos;
            if (std::find(teams.begin(), teams.end(), m.team) == teams.end() ||
                std::find(units.begin(), units.end(), m.unit) == units.end()) {
                c.reference("", pos, what + ": move", "team", m.team, teams);
                c.reference("", pos, what + ": move", "unit", m.unit, units);
            } else if (current.teams[std::size_t(current.team_index(m.team))].unit == m.unit) {
                c.out.push_back(Diagnostic{pos, what + ": team '" + m.team + "' already belongs to unit '" + m.unit +
                                                    "' at tick " + std::to_string(e->tick) + "; the move would do nothing"});
            }
        }
        if (e->leader) {
            const auto& l = *e->leader;
            c.reference("", l.pos, what + ": replace_leader", "team", l.team, teams);
            if (l.interim > 0 && e->tick + l.interim >= s.horizon)
                c.out.push_back(Diagnostic{l.pos, what + ": the interim of " + std::to_string(l.interim) +
                                                      " ticks outlasts the horizon; the new leader would never lead in full"});
        }
        if (e->layoff != LayoffPolicy::Random) {
            bool cuts = false;
            for (const auto& o : e->set)
                if (o.path.size() > 11 && o.path.rfind("teams.", 0) == 0 && o.path.compare(o.path.size() - 5, 5, ".size") == 0) {
                    const int t = current.team_index(o.path.substr(6, o.path.size() - 11));
                    cuts = cuts || (t >= 0 && o.value < current.teams[std::size_t(t)].size);
                }
            if (!cuts)
                c.out.push_back(Diagnostic{e->pos, what + ": layoff '" + std::string(to_string(e->layoff)) +
                                                       "' but the event cuts no team's size; it would choose nobody"});
        }
        if (c.out.size() != before) continue;
        current = apply_event(current, *e);
        std::vector<Diagnostic> found;
        check_scenario(current, Positions{}, found, false);
        for (const auto& d : found) c.out.push_back(Diagnostic{e->pos, what + " makes the scenario invalid: " + d.message});
    }
}

}  // namespace

// [entry points] ------------------------------------------------------------------------------

void check_scenario(const Scenario& s, const Positions& positions, std::vector<Diagnostic>& out, bool changes) {
    Checker c{s, positions, out, s.source_path};
    check_structure(c);
    check_forces(c);
    check_teams(c);
    check_ventures(c);
    check_focus(c);
    for (std::size_t i = 0; i < s.causal.size(); ++i) {
        const auto& l = s.causal[i];
        const std::string path = idx("causal", i);
        if (l.from.empty() || l.to.empty()) c.error(path, l.pos, "causal link needs both `from` and `to`");
        c.number(path + ".weight", l.pos, "causal link " + l.from + " -> " + l.to, "weight", l.weight, "causal");
    }
    // Stability and changes only make sense once names and vectors are right.
    if (!out.empty()) return;
    check_stability(c);
    if (changes && out.empty()) check_changes(c);
}

void validate(const Scenario& scenario) {
    if (scenario.classic) return;  // a classic model is checked by its own loader
    std::vector<Diagnostic> out;
    check_scenario(scenario, Positions{}, out);
    if (!out.empty()) throw ScenarioError(std::move(out));
}

}  // namespace orgforces::model
