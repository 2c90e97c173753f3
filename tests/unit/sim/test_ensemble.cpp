// Ensembles: determinism for any thread count, exact merges and byte images of partials.
#include <doctest/doctest.h>

#include <cstring>

#include "scenarios.hpp"
#include "sim/ensemble.hpp"

using namespace orgforces;
using test::gravity;
using test::quiet_scenario;
using test::water;

namespace {

// Every mechanism on, small enough to run in well under a second.
model::Scenario busy_scenario() {
    auto s = quiet_scenario(15, 40);
    s.organization.noise = 0.02;
    s.organization.idea_rate = 0.2;
    s.organization.idea_mix = {{"design", 1.0}, {"engineering", 2.0}};
    s.organization.peer_conformity = 0.05;
    s.organization.network_influence = 0.02;
    s.organization.friction_attrition = 0.05;
    s.organization.intent_erosion = 0.01;
    s.teams[0].base_attrition = 0.02;
    s.teams[0].initial_spread = 0.05;
    auto other = s.teams[0];
    other.name = "core";
    other.intent = {0.3, 0.2};
    other.links = {{"frontier", 1.0, {}}};
    s.teams.push_back(other);
    s.teams[0].links = {{"core", 0.5, {}}};
    s.teams[0].hiring.growth = 0.1;
    s.gravity.push_back(gravity("okrs", {0.2, 0.1}, 0.05));
    auto w = water("ship-it", 0.8, 0.05);
    w.code_learning = 0.1;
    w.leans = {0.1, 0.2};
    w.lean_weight = 0.02;
    w.filters = {{"design", 0.6}};
    s.water.push_back(w);
    return s;
}

std::uint64_t fnv(std::uint64_t h, const void* p, std::size_t n) {
    const auto* b = static_cast<const unsigned char*>(p);
    for (std::size_t i = 0; i < n; ++i) h = (h ^ b[i]) * 1099511628211ull;
    return h;
}

std::uint64_t hash(const sim::EnsembleResult& r) {
    std::uint64_t h = 1469598103934665603ull;
    for (const auto& s : r.series) {
        h = fnv(h, s.entity.data(), s.entity.size());
        h = fnv(h, s.measure.data(), s.measure.size());
        for (const auto& b : s.ticks) h = fnv(h, &b, sizeof b);
    }
    for (const auto& s : r.scalars) h = fnv(h, &s.value, sizeof s.value);
    return h;
}

}  // namespace

TEST_CASE("summaries are bit-identical for 1, 2 and 4 threads") {
    const auto s = busy_scenario();
    sim::EnsembleOptions o;
    o.replicates = 37;  // a partial last block
    o.threads = 1;
    const auto one = sim::run_ensemble(s, o);
    o.threads = 2;
    const auto two = sim::run_ensemble(s, o);
    o.threads = 4;
    const auto four = sim::run_ensemble(s, o);
    CHECK(one.info.replicates == 37);
    CHECK(hash(one) == hash(two));
    CHECK(hash(one) == hash(four));
    CHECK(one.info.person_ticks == four.info.person_ticks);
    // A different seed gives a different result (the hash is sensitive).
    o.seed = 99;
    CHECK(hash(sim::run_ensemble(s, o)) != hash(one));
}

TEST_CASE("partials merge exactly and survive a byte image") {
    const auto s = busy_scenario();
    sim::EnsembleOptions o;
    o.threads = 2;
    sim::RunInfo info;
    auto whole = sim::run_replicates(s, 5, 0, 24, o);
    auto a = sim::run_replicates(s, 5, 0, 16, o);
    auto b = sim::run_replicates(s, 5, 16, 8, o);
    auto b_copy = sim::PartialEnsemble::deserialize(b.serialize());
    CHECK(b_copy.serialize() == b.serialize());
    a.merge(std::move(b_copy));
    CHECK(a.serialize() == whole.serialize());
    CHECK(hash(sim::finish(s, std::move(a), info)) == hash(sim::finish(s, std::move(whole), info)));
    // Out-of-order merges are refused.
    auto c = sim::run_replicates(s, 5, 0, 8, o);
    auto d = sim::run_replicates(s, 5, 16, 8, o);
    CHECK_THROWS(c.merge(std::move(d)));
    CHECK_THROWS(sim::PartialEnsemble::deserialize({1, 2, 3}));
}

TEST_CASE("bands bracket the mean and quantiles are ordered") {
    const auto s = busy_scenario();
    sim::EnsembleOptions o;
    o.replicates = 40;
    o.threads = 2;
    const auto r = sim::run_ensemble(s, o);
    const auto* drift = r.find_series("frontier", "drift");
    REQUIRE(drift != nullptr);
    REQUIRE(drift->ticks.size() == 41);
    for (const auto& b : drift->ticks) {
        CHECK(b.q05 <= b.q25);
        CHECK(b.q25 <= b.q50);
        CHECK(b.q50 <= b.q75);
        CHECK(b.q75 <= b.q95);
        CHECK(b.ci_lo <= b.mean);
        CHECK(b.mean <= b.ci_hi);
    }
    // A constant measure has a degenerate band at its value.
    const auto* head = r.find_series("core", "headcount");
    REQUIRE(head != nullptr);
    CHECK(head->ticks.back().q05 == 15.0);
    CHECK(head->ticks.back().q95 == 15.0);
    CHECK(r.find_scalar("frontier", "intent_surviving") != nullptr);
    CHECK(r.info.person_ticks > 40 * 40 * 30);
}

TEST_CASE("a cancelled run stops with Cancelled") {
    const auto s = busy_scenario();
    std::atomic<bool> cancel{true};
    sim::EnsembleOptions o;
    o.replicates = 64;
    o.cancel = &cancel;
    CHECK_THROWS_AS(sim::run_ensemble(s, o), sim::Cancelled);
}
