// The causal-loop view's layout: every node gets a box of its label's size, no two boxes overlap,
// everything lies inside the extent, and every edge gets a curve (with Graphviz and without).
#include <doctest/doctest.h>

#include <filesystem>
#include <memory>

#include "model/loader.hpp"
#include "orgforces/source_dir.hpp"
#include "viz/dash/causal_view.hpp"

using namespace orgforces;

namespace {

model::Scenario flagship() {
    return model::load_scenario_file(std::filesystem::path(ORGFORCES_SOURCE_DIR) /
                                      "scenarios/innovation-in-a-keeping-org.yaml");
}

// Wider boxes for longer labels, as the panel's wrapped text makes them.
dash::Size2 sizer(const std::string& label) { return {40.0f + 6.0f * float(std::min<std::size_t>(label.size(), 25)), 30.0f}; }

void check_layout(const model::CausalGraph& g, const dash::CausalLayout& L) {
    const auto n = g.nodes().size();
    REQUIRE(L.centre.size() == n);
    REQUIRE(L.size.size() == n);
    CHECK(L.curve.size() == g.edges().size());
    for (std::size_t i = 0; i < n; ++i) {
        const auto s = sizer(g.nodes()[i].label);
        CHECK(L.size[i].w == s.w);
        CHECK(L.centre[i].x - s.w / 2 >= -0.5f);
        CHECK(L.centre[i].y - s.h / 2 >= -0.5f);
        CHECK(L.centre[i].x + s.w / 2 <= L.extent.w + 0.5f);
        CHECK(L.centre[i].y + s.h / 2 <= L.extent.h + 0.5f);
        for (std::size_t j = 0; j < i; ++j) {
            const bool apart = std::abs(L.centre[i].x - L.centre[j].x) >= (L.size[i].w + L.size[j].w) / 2 - 0.5f ||
                               std::abs(L.centre[i].y - L.centre[j].y) >= (L.size[i].h + L.size[j].h) / 2 - 0.5f;
            CHECK_MESSAGE(apart, g.nodes()[i].label << " overlaps " << g.nodes()[j].label);
        }
    }
    for (const auto& c : L.curve) {
        CHECK(c.size() >= 4);
        CHECK((c.size() - 1) % 3 == 0);
    }
}

}  // namespace

TEST_CASE("the built-in layered layout keeps boxes apart and edges whole") {
    const auto g = model::build_causal_graph(flagship());
    REQUIRE(g.nodes().size() > 5);
    const auto L = dash::layered_layout(g, sizer);
    CHECK(L.engine == "built-in layered layout");
    check_layout(g, L);
}

TEST_CASE("the panel's layout (Graphviz's dot where built with it) keeps boxes apart") {
    const auto g = model::build_causal_graph(flagship());
    const auto L = dash::layout_causal(g, sizer);
    INFO("engine: " << L.engine << " " << L.note);
    CHECK(L.note.empty());  // the layout did not fail over to the fallback
    check_layout(g, L);
}

TEST_CASE("the causal view is computed once per variant and again for a new one") {
    auto a = std::make_shared<const model::Scenario>(flagship());
    dash::CausalCache cache;
    const auto& v1 = cache.get(a, 13.0f, sizer);
    CHECK(v1.error.empty());
    CHECK(v1.scenario == a);
    const auto nodes = v1.graph.nodes().size();
    cache.get(a, 13.0f, sizer);
    CHECK(cache.computations() == 1);
    auto b = std::make_shared<const model::Scenario>(*a);  // an equal scenario, a new variant
    CHECK(cache.get(b, 13.0f, sizer).scenario == b);
    CHECK(cache.get(b, 13.0f, sizer).graph.nodes().size() == nodes);
    CHECK(cache.computations() == 2);
    cache.get(b, 16.0f, sizer);  // new label metrics: the layout changes
    CHECK(cache.computations() == 3);
}
