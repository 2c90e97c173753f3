// The causal graph: loops, total effects, the linearization and DOT export.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include "model/causal.hpp"

using namespace orgforces::model;

namespace {

std::set<std::string> loop_ids(const CausalGraph& g, const FeedbackLoop& l) {
    std::set<std::string> ids;
    for (int n : l.nodes) ids.insert(g.nodes()[static_cast<std::size_t>(n)].id);
    return ids;
}

/// One team under one gravity force and one water force, with one venture.
Scenario small_org() {
    Scenario s;
    s.name = "small";
    s.horizon = 104;
    s.dimensions = {{"horizon", "short", "long"}, {"exploration", "keep", "explore"}};
    s.organization.baseline = {0.3, 0.3};
    s.organization.friction_attrition = 0.05;
    s.organization.idea_mix = {{"engineering", 1.0}, {"design", 1.0}};
    GravityForce okrs;
    okrs.name = "okrs";
    okrs.target = {0.2, std::nullopt};
    okrs.strength = 0.04;
    okrs.reviews = {Review{13, 0, 0.4, {}}};
    GravityForce process;
    process.name = "process";
    process.target = {std::nullopt, 0.25};
    process.strength = 0.03;
    s.gravity = {okrs, process};
    WaterForce culture;
    culture.name = "eng-culture";
    culture.prevalence = 0.8;
    culture.socialization = 0.05;
    culture.leans = {std::nullopt, 0.1};
    culture.lean_weight = 0.03;
    culture.filters = {{"design", 0.7}};
    s.water = {culture};
    Team t;
    t.name = "frontier";
    t.intent = {0.9, 0.85};
    t.leadership = 0.05;
    t.shielding = 0.3;
    t.base_attrition = 0.01;
    t.hiring.external_fraction = 0.3;
    t.hiring.external_assumptions = {0.1};
    s.teams = {t};
    Venture v;
    v.name = "moonshot";
    v.team = "frontier";
    v.needs = {0.7, 0.7};
    SteppingStone a, b;
    a.name = "a";
    a.kind = "engineering";
    a.effort = 10.0;
    b.name = "b";
    b.kind = "design";
    b.effort = 10.0;
    b.depends = {"a"};
    v.stones = {a, b};
    s.ventures = {v};
    return s;
}

}  // namespace

TEST_CASE("a hand-built graph's loops are found once each and labelled by their sign product") {
    CausalGraph g;
    const int a = g.add_node("a", "A", CausalKind::Qualitative);
    const int b = g.add_node("b", "B", CausalKind::Qualitative);
    const int c = g.add_node("c", "C", CausalKind::Qualitative);
    const int d = g.add_node("d", "D", CausalKind::Qualitative);
    const int e = g.add_node("e", "E", CausalKind::Qualitative);
    g.add_edge(a, b, 0.5, "x");
    g.add_edge(b, a, 0.4, "x");   // a <-> b: reinforcing, gain 0.2
    g.add_edge(b, c, 0.5, "x");
    g.add_edge(c, d, -0.5, "x");
    g.add_edge(d, b, 0.6, "x");   // b -> c -> d -> b: balancing, gain -0.15
    g.add_edge(e, a, 1.0, "x");   // feeds a loop, is on none
    g.add_edge(c, a, -0.2, "x");  // a -> b -> c -> a: balancing, gain -0.05

    const LoopSearch found = find_loops(g);
    CHECK_FALSE(found.truncated);
    REQUIRE(found.loops.size() == 3);
    CHECK(loop_ids(g, found.loops[0]) == std::set<std::string>{"a", "b"});
    CHECK(found.loops[0].reinforcing);
    CHECK(found.loops[0].gain == doctest::Approx(0.2));
    // Two loops of length 3, larger |gain| first.
    CHECK(loop_ids(g, found.loops[1]) == std::set<std::string>{"b", "c", "d"});
    CHECK_FALSE(found.loops[1].reinforcing);
    CHECK(found.loops[1].gain == doctest::Approx(-0.15));
    CHECK(loop_ids(g, found.loops[2]) == std::set<std::string>{"a", "b", "c"});
    CHECK_FALSE(found.loops[2].reinforcing);
    CHECK(found.loops[2].gain == doctest::Approx(-0.05));

    SUBCASE("the cap stops the search and says so") {
        const LoopSearch capped = find_loops(g, 2);
        CHECK(capped.truncated);
        CHECK(capped.loops.size() == 2);
    }
}

TEST_CASE("a complete digraph has the known number of elementary cycles") {
    // K4 with both directions: sum over k=2..4 of C(4,k) (k-1)! = 6 + 8 + 6 = 20 cycles.
    CausalGraph g;
    for (int i = 0; i < 4; ++i) g.add_node("n" + std::to_string(i), "", CausalKind::Qualitative);
    for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j) g.add_edge(i, j, (i + j) % 2 ? -0.1 : 0.1, "x");
    const LoopSearch found = find_loops(g);
    CHECK(found.loops.size() == 20);
    for (const auto& l : found.loops) {
        double gain = 1.0;
        for (std::size_t i = 0; i < l.nodes.size(); ++i) {
            const int u = l.nodes[i], v = l.nodes[(i + 1) % l.nodes.size()];
            gain *= (u + v) % 2 ? -0.1 : 0.1;
        }
        CHECK(l.gain == doctest::Approx(gain));
        CHECK(l.reinforcing == (gain > 0.0));
    }
}

TEST_CASE("total effects match a hand computation through a loop") {
    // a -> b (0.5), b -> a (0.4), b -> c (2): the loop amplifies by 1 / (1 - 0.2).
    CausalGraph g;
    const int a = g.add_node("a", "A", CausalKind::Qualitative);
    const int b = g.add_node("b", "B", CausalKind::Qualitative);
    const int c = g.add_node("c", "C", CausalKind::Outcome);
    g.add_edge(a, b, 0.5, "x");
    g.add_edge(b, a, 0.4, "x");
    g.add_edge(b, c, 2.0, "x");
    const auto T = total_effects(g);
    REQUIRE(T.size() == 9);
    auto effect = [&](int from, int to) { return T[static_cast<std::size_t>(to * 3 + from)]; };
    CHECK(effect(a, c) == doctest::Approx(0.5 * 2.0 / 0.8));
    CHECK(effect(b, c) == doctest::Approx(2.0 / 0.8));
    CHECK(effect(a, a) == doctest::Approx(1.0 / 0.8));
    CHECK(effect(c, a) == doctest::Approx(0.0));

    const LeverageAnalysis lev = leverage(g, default_outcomes(g));
    CHECK(lev.valid);
    CHECK(lev.spectral_radius == doctest::Approx(std::sqrt(0.2)));
    REQUIRE(lev.ranking.size() == 2);
    CHECK(lev.ranking[0].node == b);
    CHECK(lev.ranking[0].effect[0] == doctest::Approx(0.1 * 2.5));   // a +10% push on a level-1 node
    CHECK(lev.ranking[1].node == a);
    CHECK(lev.ranking[1].score == doctest::Approx(0.5));
}

TEST_CASE("leverage is refused when the linearized feedback is unstable") {
    CausalGraph g;
    const int a = g.add_node("a", "A", CausalKind::Qualitative);
    const int b = g.add_node("b", "B", CausalKind::Outcome);
    g.add_edge(a, b, 2.0, "x");
    g.add_edge(b, a, 1.0, "x");
    const LeverageAnalysis lev = leverage(g, default_outcomes(g));
    CHECK_FALSE(lev.valid);
    CHECK(lev.spectral_radius == doctest::Approx(std::sqrt(2.0)));
    CHECK(lev.ranking.empty());
    CHECK(lev.note.find("spectral radius") != std::string::npos);
}

TEST_CASE("DOT export is well formed and escapes names") {
    CausalGraph g;
    const int a = g.add_node("say \"hi\"", "say \"hi\"\\", CausalKind::Gravity);
    const int b = g.add_node("b", "B", CausalKind::Outcome);
    g.add_edge(a, b, -0.3, "why \"not\"");
    g.add_edge(b, a, 0.5, "x");
    const LoopSearch loops = find_loops(g);
    const LeverageAnalysis lev = leverage(g, default_outcomes(g));
    const std::string dot = to_dot(g, &loops, &lev);
    CHECK(dot.rfind("digraph causal {", 0) == 0);
    CHECK(dot.substr(dot.size() - 2) == "}\n");
    CHECK(std::count(dot.begin(), dot.end(), '{') == std::count(dot.begin(), dot.end(), '}'));
    CHECK(dot.find("say \\\"hi\\\"\\\\") != std::string::npos);
    CHECK(dot.find("n0 -> n1") != std::string::npos);
    CHECK(dot.find("style=dashed") != std::string::npos);   // the negative edge
    CHECK(dot.find("style=solid") != std::string::npos);
    // Every quote outside an escape opens or closes a string: their count is even on each line.
    std::size_t start = 0;
    while (start < dot.size()) {
        const std::size_t end = dot.find('\n', start);
        int quotes = 0;
        for (std::size_t i = start; i < end; ++i) {
            if (dot[i] == '\\') { ++i; continue; }
            if (dot[i] == '"') ++quotes;
        }
        CHECK(quotes % 2 == 0);
        start = end + 1;
    }
}

TEST_CASE("a scenario's graph carries its mechanisms, loops and own links") {
    Scenario s = small_org();
    s.causal = {CausalLink{"morale", "attrition:frontier", -0.01, {}}, CausalLink{"okrs", "morale", -0.5, {}}};
    const CausalGraph g = build_causal_graph(s);
    for (const char* id : {"gravity:okrs", "water:eng-culture", "practice:frontier:horizon", "friction:frontier",
                           "capacity:frontier", "attrition:frontier", "hiring:frontier",
                           "assumption:frontier:eng-culture", "supply:frontier:design", "fit:moonshot",
                           "hazard:moonshot", "progress:moonshot", "drift:frontier", "p_success:moonshot",
                           "value:moonshot", "morale"})
        CHECK_MESSAGE(g.find(id) >= 0, id);
    CHECK(g.nodes()[static_cast<std::size_t>(g.find("morale"))].kind == CausalKind::Qualitative);

    auto weight = [&](const std::string& from, const std::string& to) {
        for (const auto& e : g.edges())
            if (g.nodes()[static_cast<std::size_t>(e.from)].id == from && g.nodes()[static_cast<std::size_t>(e.to)].id == to)
                return e.weight;
        return 0.0;
    };
    // Signs follow the mechanisms: OKRs pull the long horizon down, the culture filters design
    // ideas, friction costs capacity, reviews add hazard, fit lowers it.
    CHECK(weight("gravity:okrs", "practice:frontier:horizon") < 0.0);
    CHECK(weight("assumption:frontier:eng-culture", "supply:frontier:design") < 0.0);
    CHECK(weight("friction:frontier", "capacity:frontier") < 0.0);
    CHECK(weight("gravity:okrs", "hazard:moonshot") > 0.0);
    CHECK(weight("fit:moonshot", "hazard:moonshot") < 0.0);
    CHECK(weight("practice:frontier:horizon", "drift:frontier") < 0.0);   // below intent: rising helps
    CHECK(weight("okrs", "morale") == 0.0);                                // resolved to the force node
    CHECK(weight("gravity:okrs", "morale") == doctest::Approx(-0.5));

    // The turnover loop: friction -> attrition -> hiring -> assumptions -> practice -> friction.
    const LoopSearch loops = find_loops(g);
    const bool turnover_loop = std::any_of(loops.loops.begin(), loops.loops.end(), [&](const FeedbackLoop& l) {
        const auto ids = loop_ids(g, l);
        return ids.count("friction:frontier") && ids.count("hiring:frontier") &&
               ids.count("assumption:frontier:eng-culture");
    });
    CHECK(turnover_loop);

    const LeverageAnalysis lev = leverage(g, default_outcomes(g));
    CHECK(lev.valid);
    CHECK(lev.spectral_radius < 1.0);
    CHECK_FALSE(lev.ranking.empty());
}

TEST_CASE("the graph's total effect of a force equals the derivative of the equilibrium") {
    // The linearization is right when (I - W)^-1 reproduces a finite difference of the mean-field
    // equilibrium it was taken around, feedback through friction, turnover and assumptions included.
    const Scenario s = small_org();
    const CausalGraph g = build_causal_graph(s);
    const auto T = total_effects(g);
    const std::size_t n = g.nodes().size();
    REQUIRE(T.size() == n * n);
    for (std::size_t force = 0; force < s.gravity.size(); ++force) {
        const double h = 1e-4;
        Scenario up = s, down = s;
        up.gravity[force].strength *= 1.0 + h;
        down.gravity[force].strength *= 1.0 - h;
        const auto pu = equilibrium_practice(up), pd = equilibrium_practice(down);
        for (std::size_t d = 0; d < s.dimensions.size(); ++d) {
            const double numeric = (pu[0][d] - pd[0][d]) / (2.0 * h);
            const int from = g.find("gravity:" + s.gravity[force].name);
            const int to = g.find("practice:frontier:" + s.dimensions[d].name);
            const double analytic = T[static_cast<std::size_t>(to) * n + static_cast<std::size_t>(from)];
            CAPTURE(force);
            CAPTURE(d);
            CHECK(analytic == doctest::Approx(numeric).epsilon(1e-4).scale(1.0));
        }
    }
}
