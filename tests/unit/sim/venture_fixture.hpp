#pragma once
// Scenarios built in code and a driver that runs a VentureBook with synthetic team ticks,
// so venture mechanisms are tested without the engine.

#include <functional>
#include <string>
#include <vector>

#include "model/scenario.hpp"
#include "sim/results.hpp"
#include "sim/rng.hpp"
#include "sim/ventures.hpp"

namespace vtest {

using namespace orgforces;

/// One team "t" on two dimensions ("explore", "rigor"), ideas of kinds design and engineering.
inline model::Scenario base_scenario(int horizon = 60) {
    model::Scenario s;
    s.name = "venture-test";
    s.horizon = horizon;
    s.dimensions = {{"explore", "", ""}, {"rigor", "", ""}};
    s.organization.idea_mix = {{"design", 1.0}, {"engineering", 1.0}};
    model::Team t;
    t.name = "t";
    t.intent = {0.5, 0.5};
    s.teams.push_back(t);
    s.commons.mingling = 0.0;
    return s;
}

/// A venture of team "t" with no hazards, no needs, velocity 1 and no stones yet.
inline model::Venture venture(const std::string& name) {
    model::Venture v;
    v.name = name;
    v.team = "t";
    v.needs = {std::nullopt, std::nullopt};
    v.base_hazard = 0.0;
    v.misfit_hazard = 0.0;
    return v;
}

inline model::SteppingStone stone(const std::string& name, double effort, double value,
                                  std::vector<std::string> depends = {}, double legibility = 0.5,
                                  const std::string& kind = "engineering") {
    model::SteppingStone st;
    st.name = name;
    st.effort = effort;
    st.value = value;
    st.depends = std::move(depends);
    st.legibility = legibility;
    st.kind = kind;
    return st;
}

/// A chain of `n` stones named prefix0..prefix(n-1), each depending on the previous one.
inline std::vector<model::SteppingStone> chain(const std::string& prefix, int n, double effort,
                                               double value, double legibility = 0.5,
                                               const std::string& kind = "engineering") {
    std::vector<model::SteppingStone> out;
    for (int i = 0; i < n; ++i) {
        std::vector<std::string> deps;
        if (i > 0) deps.push_back(prefix + std::to_string(i - 1));
        out.push_back(stone(prefix + std::to_string(i), effort, value, deps, legibility, kind));
    }
    return out;
}

/// "first" builds "auth" (5 person-ticks); "second" builds "ui" (`ui_effort`), then "login"
/// (10), which provides "auth" too and so can be reused from the commons while unstarted.
inline model::Scenario reuse_pair(double ui_effort) {
    auto s = base_scenario(60);
    auto first = venture("first");
    first.stones = {stone("auth", 5.0, 1.0)};
    auto second = venture("second");
    auto login = stone("login", 10.0, 1.0, {"ui"});
    login.provides = "auth";
    second.stones = {stone("ui", ui_effort, 1.0), login};
    s.ventures = {first, second};
    return s;
}

/// What the team looks like to ventures; the same every tick unless `per_tick` changes it.
struct TeamView {
    double capacity = 1.0;
    double headcount = 1.0;  // effort is in person-ticks: one person makes effort = ticks
    bool shared_team = false;  // all ventures on the one team "t" (else one team each)
    std::vector<double> practice{0.5, 0.5};
    /// Surviving ideas per tick of each kind (design, engineering: idea_mix order); empty: ideas
    /// are not modelled and stones need none.
    std::vector<double> ideas;
};

/// Runs `replicates` replicates of ticks 1..horizon and returns every outcome.
inline std::vector<sim::VentureOutcome> run(const model::Scenario& s, int replicates,
                                            const TeamView& view = {}, std::uint64_t seed = 7) {
    // Unless `shared_team`, every venture of team "t" gets a team of its own (a copy of "t"),
    // so ventures compared side by side do not share people.
    model::Scenario own = s;
    if (!view.shared_team) {
        for (auto& v : own.ventures) {
            if (v.team != "t") continue;
            model::Team copy = own.teams[0];
            copy.name = "t-" + v.name;
            v.team = copy.name;
            own.teams.push_back(copy);
        }
    }
    sim::VentureBook book(own);
    std::vector<sim::VentureOutcome> out;
    std::vector<sim::TeamTick> teams(own.teams.size());
    for (auto& t : teams) {
        t.capacity = view.capacity;
        t.mean_practice = view.practice.data();
        t.ideas = view.ideas.empty() ? nullptr : view.ideas.data();
        t.headcount = view.headcount;
    }
    for (int r = 0; r < replicates; ++r) {
        book.reset();
        sim::Rng rng(seed, std::uint64_t(r), sim::StreamPurpose::Ventures);
        for (int tick = 1; tick <= s.horizon; ++tick) book.step(tick, teams, rng);
        book.collect(r, out);
    }
    return out;
}

inline std::vector<sim::VentureOutcome> of(const std::vector<sim::VentureOutcome>& all,
                                           const std::string& name) {
    std::vector<sim::VentureOutcome> out;
    for (const auto& o : all)
        if (o.venture == name) out.push_back(o);
    return out;
}

inline double share(const std::vector<sim::VentureOutcome>& xs,
                    const std::function<bool(const sim::VentureOutcome&)>& pred) {
    if (xs.empty()) return 0.0;
    double k = 0;
    for (const auto& o : xs) k += pred(o) ? 1 : 0;
    return k / double(xs.size());
}

inline double mean(const std::vector<sim::VentureOutcome>& xs,
                   const std::function<double(const sim::VentureOutcome&)>& f) {
    if (xs.empty()) return 0.0;
    double sum = 0;
    for (const auto& o : xs) sum += f(o);
    return sum / double(xs.size());
}

}  // namespace vtest
