// No inert knobs: every registry parameter of every bundled scenario (scenarios/*.yaml), moved from
// the low to the high end of its range on common random numbers, must move some outcome (a team
// measure, intent kept, a venture figure), or be inert by design in that scenario, with the reason
// written below next to the condition that makes it so.
//
// Threshold: an outcome moves when it changes by more than 1e-3 (relative above 1). On common
// random numbers both runs draw the same streams, so a parameter that does nothing gives
// bit-identical outcomes; the ensemble's accumulators are exact to 2^-40, so float noise is some
// nine orders of magnitude below the threshold. Below 1e-3 nothing a report prints would change,
// so a knob moving outcomes by less (as peer conformity moved drift by 1e-4) counts as inert.
//
// Size: a first pass runs 2 replicates to week 26, enough for any force, team, culture or hiring
// knob moved across its whole range; ventures and the commons act over the scenario's horizon, so
// their knobs run to it. A parameter that moves nothing in the first pass gets a second chance at
// 16 replicates over the full horizon (a rare event, such as a benefit after a failure, needs
// them) before it fails.

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/diagnostics.hpp"
#include "model/dynamics.hpp"
#include "model/loader.hpp"
#include "model/oracle.hpp"
#include "model/reach.hpp"
#include "model/registry.hpp"
#include "orgforces/source_dir.hpp"
#include "sim/ensemble.hpp"
#include "sim/world.hpp"

using namespace orgforces;

namespace {

constexpr double kThreshold = 1e-3;
constexpr int kQuickHorizon = 26;

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}
bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

const model::GravityForce* force_of(const model::Scenario& s, const std::string& path) {
    for (const auto& g : s.gravity)
        if (starts_with(path, "forces." + g.name + ".")) return &g;
    return nullptr;
}
const model::Venture* venture_of(const model::Scenario& s, const std::string& path) {
    for (const auto& v : s.ventures)
        if (starts_with(path, "ventures." + v.name + ".")) return &v;
    return nullptr;
}

/// Whether some review reaches `team`: only reviews read a stone's legibility.
bool reviewed(const model::Scenario& s, const std::string& team) {
    const int t = s.team_index(team);
    for (const auto& g : s.gravity)
        if (!g.reviews.empty() && t >= 0 && model::teams_reached(s, g.reach)[std::size_t(t)]) return true;
    return false;
}

/// Whether two ventures' stones offer the commons the same thing: only then can a stone be reused.
bool shared_provides(const model::Scenario& s) {
    std::map<std::string, int> owner;
    for (std::size_t v = 0; v < s.ventures.size(); ++v)
        for (const auto& st : s.ventures[v].stones) {
            const auto [it, fresh] = owner.emplace(st.provides.empty() ? st.name : st.provides, int(v));
            if (!fresh && it->second != int(v)) return true;
        }
    return false;
}

/// Whether every team is reached by an enabled force naming dimension `d`: then the baseline of
/// `d` is nobody's environment default.
bool baseline_unused(const model::Scenario& s, const std::string& dim) {
    std::size_t d = 0;
    while (d < s.dimensions.size() && s.dimensions[d].name != dim) ++d;
    std::vector<bool> named(s.teams.size(), false);
    for (const auto& g : s.gravity) {
        if (!g.enabled || d >= g.target.size() || !g.target[d]) continue;
        const auto reached = model::teams_reached(s, g.reach);
        for (std::size_t t = 0; t < s.teams.size(); ++t) named[t] = named[t] || reached[t];
    }
    return std::all_of(named.begin(), named.end(), [](bool b) { return b; });
}

/// Whether the venture's team starts above every need and settles above it (the oracle's steady
/// state), by a margin the practice noise of a team mean does not cross: then its fit stays 1.
bool always_fits(const model::Scenario& s, const model::Venture& v) {
    const int t = s.team_index(v.team);
    if (t < 0) return false;
    // The mean-field path up to the horizon, not the steady state: with intent erosion a team may
    // settle below a need long after the scenario ends.
    const auto path = model::mean_trajectory(s, t, s.horizon);
    for (const auto& mean : path)
        for (std::size_t d = 0; d < v.needs.size(); ++d)
            if (v.needs[d] && mean[d] < *v.needs[d] + 0.05) return false;
    return true;
}

/// Whether stone `name` of `v` depends, directly or not, on every other stone: it is the last to
/// be done, and when it is done the venture has succeeded.
bool last_stone(const model::Venture& v, const std::string& name) {
    std::map<std::string, const model::SteppingStone*> by_name;
    for (const auto& st : v.stones) by_name[st.name] = &st;
    std::map<std::string, bool> seen;
    std::vector<std::string> todo{name};
    while (!todo.empty()) {
        const std::string n = todo.back();
        todo.pop_back();
        if (seen[n] || !by_name.count(n)) continue;
        seen[n] = true;
        for (const auto& d : by_name[n]->depends) todo.push_back(d);
    }
    return std::all_of(v.stones.begin(), v.stones.end(), [&](const model::SteppingStone& st) { return seen[st.name]; });
}

/// The stone a `ventures.<v>.stones.<stone>.<key>` path names, or "".
std::string stone_of(const model::Venture& v, const std::string& path) {
    for (const auto& st : v.stones)
        if (starts_with(path, "ventures." + v.name + ".stones." + st.name + ".")) return st.name;
    return "";
}

/// Whether `v` is dormant and every venture framed into it is an unsolvable problem taken as
/// solvable on a team without a trip-wire: it spirals unseen, is never framed, never starts `v`.
bool never_starts(const model::Scenario& s, const model::Venture& v) {
    if (!v.dormant) return false;
    for (const auto& u : s.ventures) {
        if (std::find(u.framed_into.begin(), u.framed_into.end(), v.name) == u.framed_into.end()) continue;
        const int t = s.team_index(u.team);
        const bool unseen = u.problem_class == model::ProblemClass::Unsolvable &&
                            u.perceived_class != model::ProblemClass::Unsolvable && t >= 0 &&
                            !s.teams[std::size_t(t)].tripwire;
        if (!unseen) return false;
    }
    return true;
}

/// Parameters of one bundled scenario that act only through events too rare for this test's
/// replicates; each with the figure that makes it so.
const std::map<std::string, std::string>& rare_in_scenario() {
    static const std::map<std::string, std::string> rare = {
        {"okrs-and-long-horizons.yaml: ventures.exposed-bet.value",
         "the exposed bet succeeds in about 1% of runs (quarterly reviews cut it), so its value shows only over "
         "hundreds of runs"},
        {"innovation-in-a-keeping-org.yaml: ventures.self-serve-insights.stones.query-prototype.legibility",
         "the prototype waits for design work the engineering culture starves of ideas (the venture succeeds in "
         "about 5% of runs), so a review seldom finds it under way"},
        {"okrs-and-long-horizons.yaml: ventures.exposed-bet.benefits.benchmark-suite.value",
         "the suite counts only when promoted after a failure and then finished before the horizon; reviews cut "
         "the exposed bet before its prototype in nearly every run (promotable in about 2% of failures)"},
        {"okrs-and-long-horizons.yaml: ventures.buffered-bet.benefits.benchmark-suite.value",
         "the suite counts only when promoted after a failure and then finished before the horizon, which few "
         "runs see (promotable in about 19% of failures, late in the run)"},
        {"gifts-of-failure.yaml: ventures.monolith.misfit_hazard",
         "the team's needs sit 0.1-0.2 below its intent and each venture ends (by circumstances or success) "
         "before drift takes the team's mean below them, so its fit stays 1 while it runs"},
        {"gifts-of-failure.yaml: ventures.stepping-stones.misfit_hazard",
         "the team's needs sit 0.1-0.2 below its intent and each venture ends (by circumstances or success) "
         "before drift takes the team's mean below them, so its fit stays 1 while it runs"},
        {"prototype-monorepo.yaml: ventures.anomaly-alerts.stones.detector.value",
         "the team reaches the detector after the stones listed before it, so it is done last and a failure "
         "never finds it done (0 of 56 failures in 200 runs)"},
    };
    return rare;
}

/// Why `p` cannot move an outcome of `s`, or nothing when it must.
std::optional<std::string> inert_by_design(const std::string& file, const model::Scenario& s, const model::Param& p) {
    const std::string& path = p.path;
    if (const auto it = rare_in_scenario().find(file + ": " + path); it != rare_in_scenario().end()) return it->second;
    if (const auto* g = force_of(s, path)) {
        const bool constant = g->schedule.every == 0;
        if (constant && (ends_with(path, ".schedule.between") || ends_with(path, ".schedule.multiplier") ||
                         ends_with(path, ".schedule.duration") || ends_with(path, ".schedule.offset")))
            return "the force's schedule is constant (every = 0): there are no pulses to shape";
        if (ends_with(path, ".schedule.every") && g->schedule.duration == 0 && g->schedule.between == 1.0)
            return "pulses of no duration with between = 1 are the constant schedule whatever their period";
    }
    if (path == "organization.network_influence" &&
        std::none_of(s.teams.begin(), s.teams.end(), [](const model::Team& t) { return !t.links.empty(); }))
        return "no team declares a link for the influence to act through";
    if (starts_with(path, "organization.baseline.") && baseline_unused(s, path.substr(22)))
        return "a force names this dimension for every team, so the baseline is nobody's default";
    if (s.gravity.empty() && (path == "organization.friction_capacity_cost" || path == "organization.friction_attrition" ||
                              path == "organization.friction_scale" || path == "organization.leader_wear" ||
                              ends_with(path, ".shielding")))
        return "no gravity force: no friction to cost capacity or people, nothing to shield the team from";
    if (path == "organization.leader_wear" &&
        std::none_of(s.teams.begin(), s.teams.end(), [](const model::Team& t) { return t.shielding > 0.0; }))
        return "no team's leaders shield it, so they carry no load to wear them down";
    if (ends_with(path, ".hiring.selectivity") && s.water.empty())
        return "selection picks by assumptions; the scenario has no water force";
    if (ends_with(path, ".hiring.selectivity") && starts_with(path, "teams.")) {
        // Outside a culture's reach hires bring none of it, whatever selection prefers.
        const std::string team = path.substr(6, path.size() - 6 - std::string(".hiring.selectivity").size());
        bool reached = false;
        for (const auto& v : model::scenario_versions(s))
            for (const auto& w : v.scenario.water)
                if (const int t = v.scenario.team_index(team); t >= 0)
                    reached = reached || model::culture_scope(v.scenario, w).reached[std::size_t(t)];
        if (!reached) return "no culture ever reaches the team, so hires bring none for selection to pick by";
    }
    if (starts_with(path, "commons.") && !shared_provides(s))
        return "no two ventures' stones provide the same thing, so nothing can be reused";
    if (const auto* v = venture_of(s, path)) {
        using model::ProblemClass;
        if (never_starts(s, *v)) return "a dormant venture no framing can start: nothing of it ever runs";
        if (ends_with(path, ".rework_probability") &&
            !(v->problem_class == ProblemClass::Solvable && v->perceived_class == ProblemClass::Solved))
            return "rework happens only to a solvable problem taken as solved";
        if (ends_with(path, ".spiral_rate") &&
            !(v->problem_class == ProblemClass::Unsolvable && v->perceived_class != ProblemClass::Unsolvable))
            return "only an unsolvable problem taken as solvable spirals";
        if (ends_with(path, ".legibility") && !reviewed(s, v->team))
            return "only reviews read legibility, and none reaches the venture's team";
        const std::string stone = stone_of(*v, path);
        if (!stone.empty() && last_stone(*v, stone) && (ends_with(path, ".value") || ends_with(path, ".legibility")))
            return "the venture's last stone (it depends on all the others): once it is done the venture has "
                   "succeeded, so neither its salvage value nor its legible progress is ever read";
        if (!stone.empty() && v->problem_class == ProblemClass::Unsolvable)
            return "an unsolvable problem completes no stone of its own: it spirals, or it is framed";
        if (ends_with(path, ".planned_ticks") && !reviewed(s, v->team))
            return "only reviews hold work to its plan, and none reaches the venture's team";
        if (ends_with(path, ".start") && v->dormant)
            return "a dormant venture starts when a framing starts it, not at its start tick";
        const int t = s.team_index(v->team);
        if (ends_with(path, ".spiral_rate") && t >= 0 && !s.teams[std::size_t(t)].tripwire)
            return "the spiral's speed only shows in the open sub-problems a trip-wire counts; the team has none";
        if ((ends_with(path, ".misfit_hazard") || ends_with(path, ".fit_tolerance")) && always_fits(s, *v))
            return "the team's mean-field practice stays above every need up to the horizon, so its fit stays 1";
    }
    return std::nullopt;
}

/// Every outcome at the horizon, keyed by entity and measure.
std::map<std::string, double> outcomes(const model::Scenario& s, int replicates) {
    sim::EnsembleOptions options;
    options.replicates = replicates;
    options.threads = 1;
    const sim::EnsembleResult r = sim::run_ensemble(s, options);
    std::map<std::string, double> out;
    for (const auto& series : r.series)
        if (!series.ticks.empty()) out[series.entity + " " + series.measure] = series.ticks.back().mean;
    for (const auto& x : r.scalars)
        if (x.n > 0 && std::isfinite(x.value)) out[x.entity + " " + x.measure] = x.value;
    return out;
}

/// The largest change between two sets of outcomes (relative above 1) and where it is; an outcome
/// defined in one run only (a statistic over no case in the other) is a change of 1.
std::pair<double, std::string> largest_change(const std::map<std::string, double>& a,
                                              const std::map<std::string, double>& b) {
    std::pair<double, std::string> best{0.0, ""};
    for (const auto& [key, x] : a) {
        const auto it = b.find(key);
        const double change =
            it == b.end() ? 1.0 : std::abs(x - it->second) / std::max({1.0, std::abs(x), std::abs(it->second)});
        if (change > best.first) best = {change, key};
    }
    for (const auto& [key, y] : b)
        if (!a.count(key) && 1.0 > best.first) best = {1.0, key};
    return best;
}

std::optional<model::Scenario> accepted(const model::Scenario& s, const model::Param& p, double v) {
    try {
        model::Scenario out = model::apply_overrides(s, {model::Override{p.path, v, {}}});
        const sim::World probe(out);  // checks the stability of every version the events make
        return out;
    } catch (const model::ScenarioError&) {
        return std::nullopt;
    }
}

/// `s` with `p` at `target`, or, when validation or the stability rule refuses that value, at the
/// accepted value nearest to it on the way back to the current one (by bisection).
struct Moved {
    double value;
    model::Scenario scenario;
};
std::optional<Moved> moved(const model::Scenario& s, const model::Param& p, double target) {
    const bool whole = p.kind != model::ParamKind::Real;
    if (auto out = accepted(s, p, target)) return Moved{target, std::move(*out)};
    double good = p.value, bad = target;
    std::optional<model::Scenario> best;
    for (int i = 0; i < 40; ++i) {
        double mid = 0.5 * (good + bad);
        if (whole) mid = std::round(mid);
        if (mid == good || mid == bad) break;
        if (auto out = accepted(s, p, mid)) {
            good = mid;
            best = std::move(out);
        } else {
            bad = mid;
        }
    }
    if (!best) return std::nullopt;
    return Moved{good, std::move(*best)};
}

/// The range a parameter is moved across: its registry range, except that a tick never goes
/// past the horizon (beyond it nothing more can happen) and people, the one cost that grows with
/// a value, stay few: a team's size goes to twice its own, growth to one person a tick either way.
std::pair<double, double> range_of(const model::Scenario& s, const model::Param& p) {
    if (ends_with(p.path, ".size")) return {std::max(p.min, 1.0), std::max(2.0 * p.value, p.value + 2.0)};
    if (ends_with(p.path, ".hiring.growth")) return {-1.0, 1.0};
    if (p.kind == model::ParamKind::Integer) return {std::max(p.min, 0.0), std::min(p.max, double(s.horizon))};
    return {p.min, p.max};
}

std::vector<std::filesystem::path> bundled() {
    std::vector<std::filesystem::path> out;
    for (const auto& e : std::filesystem::directory_iterator(std::filesystem::path(ORGFORCES_SOURCE_DIR) / "scenarios"))
        if (e.is_regular_file() && e.path().extension() == ".yaml") out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("every parameter of every bundled scenario moves an outcome, or is inert by design") {
    const auto files = bundled();
    REQUIRE(files.size() >= 5);
    int checked = 0, excused = 0, second = 0;
    for (const auto& file : files) {
        const model::Scenario s = model::load_scenario_file(file.string());
        for (const model::Param& p : model::parameters(s)) {
            const std::string where = file.filename().string() + ": " + p.path;
            if (const auto reason = inert_by_design(file.filename().string(), s, p)) {
                ++excused;
                continue;
            }
            ++checked;
            const auto [lo, hi] = range_of(s, p);
            auto low = moved(s, p, lo);
            auto high = moved(s, p, hi);
            if (!low || !high || low->value == high->value) {
                FAIL_CHECK(where << " cannot be moved: no two of its values are accepted");
                continue;
            }
            const bool long_acting = p.group == "venture" || p.group == "commons";
            if (!long_acting) low->scenario.horizon = high->scenario.horizon = std::min(s.horizon, kQuickHorizon);
            auto change = largest_change(outcomes(low->scenario, 2), outcomes(high->scenario, 2));
            if (change.first <= kThreshold) {
                ++second;
                low->scenario.horizon = high->scenario.horizon = s.horizon;
                change = largest_change(outcomes(low->scenario, 16), outcomes(high->scenario, 16));
            }
            if (change.first <= kThreshold && long_acting)  // what follows a failure or a success
                change = largest_change(outcomes(low->scenario, 64), outcomes(high->scenario, 64));
            CHECK_MESSAGE(change.first > kThreshold, where << " from " << low->value << " to " << high->value
                                                           << " moves no outcome (largest change " << change.first
                                                           << (change.second.empty() ? "" : " in " + change.second) << ")");
        }
    }
    MESSAGE(checked << " parameters checked (" << second << " needed the second pass); " << excused
                    << " inert by design");
    CHECK(checked > 900);
}
