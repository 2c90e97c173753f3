// An event's canonical text (model::event_text) reads back, through the loader's own event reader,
// to an equal event: for every kind of event, random values and awkward labels.
#include <doctest/doctest.h>

#include <cmath>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "model/diagnostics.hpp"
#include "model/loader.hpp"
#include "model/schema.hpp"

using namespace orgforces;
using model::Event;

namespace {

const std::vector<std::string> kDims = {"exploration", "horizon", "rigor"};

// Equal as the engine sees them: an intent absent and one with no dimension named are the same.
void check_same(const Event& a, const Event& b) {
    CHECK(a.tick == b.tick);
    CHECK(a.label == b.label);
    REQUIRE(a.set.size() == b.set.size());
    for (std::size_t i = 0; i < a.set.size(); ++i) {
        CHECK(a.set[i].path == b.set[i].path);
        CHECK(a.set[i].value == b.set[i].value);  // bit for bit: 17 digits
    }
    REQUIRE(a.move.has_value() == b.move.has_value());
    if (a.move) {
        CHECK(a.move->team == b.move->team);
        CHECK(a.move->unit == b.move->unit);
    }
    REQUIRE(a.leader.has_value() == b.leader.has_value());
    if (a.leader) {
        CHECK(a.leader->team == b.leader->team);
        CHECK(a.leader->leadership == b.leader->leadership);
        for (std::size_t d = 0; d < kDims.size(); ++d) {
            const auto at = [d](const model::PartialVector& v) { return d < v.size() ? v[d] : std::nullopt; };
            CHECK(at(a.leader->intent) == at(b.leader->intent));
        }
        CHECK(a.leader->interim == b.leader->interim);
        CHECK(a.leader->interim_leadership == b.leader->interim_leadership);
    }
    CHECK(a.layoff == b.layoff);
    REQUIRE(a.merge.has_value() == b.merge.has_value());
    if (a.merge) {
        CHECK(a.merge->teams == b.merge->teams);
        CHECK(a.merge->into == b.merge->into);
    }
    REQUIRE(a.split.has_value() == b.split.has_value());
    if (a.split) {
        CHECK(a.split->team == b.split->team);
        CHECK(a.split->into == b.split->into);
        CHECK(a.split->size == b.split->size);
        CHECK(a.split->who == b.split->who);
    }
}

Event round_trip(const Event& e) {
    const std::string text = model::event_text(e, kDims);
    INFO("canonical text: " << text);
    CHECK(text.find('\n') == std::string::npos);  // one line, as the store keeps it
    return model::read_event_text(text, kDims, "test");
}

// A random event of the given kind (0 set, 1 move, 2 replace_leader, 3 layoff, 4 all at once, 5 merge,
// 6 split).
Event random_event(std::mt19937_64& rng, int kind) {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const std::vector<std::string> labels = {"", "reorg", "the director leaves: \"interim\" # not a comment",
                                             "ünïcödé — 'quoted'", "a: b, {c}", "  padded  ", "null", "42", "yes"};
    const std::vector<std::string> names = {"frontier", "ml-platform", "team.with.dots", "x"};
    Event e;
    e.tick = static_cast<int>(rng() % 1000);
    e.label = labels[rng() % labels.size()];
    if (kind == 0 || kind == 4) {
        e.set.push_back({"teams." + names[rng() % names.size()] + ".size", double(rng() % 40), {}});
        e.set.push_back({"teams.frontier.shielding", unit(rng), {}});   // needs all 17 digits
        e.set.push_back({"forces.okrs.enabled", double(rng() % 2), {}});
    }
    if (kind == 1 || kind == 4) e.move = model::TeamMove{names[rng() % names.size()], "unit-" + std::to_string(rng() % 5), {}};
    if (kind == 2 || kind == 4) {
        model::LeaderChange l;
        l.team = names[rng() % names.size()];
        if (rng() % 2) l.leadership = unit(rng) * 0.2;
        l.intent.assign(kDims.size(), std::nullopt);
        for (auto& v : l.intent)
            if (rng() % 2) v = unit(rng);
        l.interim = static_cast<int>(rng() % 30);
        l.interim_leadership = unit(rng) * 0.05;
        e.leader = l;
    }
    if (kind == 3 || kind == 4) {
        const model::LayoffPolicy ps[] = {model::LayoffPolicy::Random, model::LayoffPolicy::Newest,
                                          model::LayoffPolicy::MostConforming, model::LayoffPolicy::LeastConforming};
        e.layoff = ps[rng() % 4];
        e.set.push_back({"teams.frontier.size", double(rng() % 10), {}});
    }
    const model::LayoffPolicy policies[] = {model::LayoffPolicy::Random, model::LayoffPolicy::Newest,
                                            model::LayoffPolicy::MostConforming, model::LayoffPolicy::LeastConforming};
    if (kind == 5 || kind == 4) {
        model::TeamMerge m;
        const std::size_t into = rng() % names.size();
        const std::size_t other = (into + 1 + rng() % (names.size() - 1)) % names.size();   // never `into`
        m.into = names[into];
        m.teams = {m.into, names[other]};
        if (rng() % 2) std::swap(m.teams[0], m.teams[1]);
        e.merge = m;
    }
    if (kind == 6 || kind == 4)
        e.split = model::TeamSplit{names[rng() % names.size()], "split-" + std::to_string(rng() % 5),
                                   static_cast<int>(1 + rng() % 40), policies[rng() % 4], {}};
    return e;
}

}  // namespace

TEST_CASE("every kind of event reads back equal from its canonical text") {
    std::mt19937_64 rng(19);
    for (int kind = 0; kind <= 6; ++kind)
        for (int i = 0; i < 200; ++i) {
            const Event e = random_event(rng, kind);
            check_same(e, round_trip(e));
        }
}

TEST_CASE("the canonical text writes every key an event may have") {
    // A new kind of event is a new key of the format: it must reach the canonical text too.
    std::mt19937_64 rng(7);
    std::set<std::string> written;
    for (int i = 0; i < 50; ++i) {
        const std::string text = model::event_text(random_event(rng, 4), kDims);
        for (const auto& key : model::object_spec("event").keys())
            if (text.find(key + ":") != std::string::npos) written.insert(key);
    }
    for (const auto& key : model::object_spec("event").keys()) {
        INFO("event key " << key);
        CHECK(written.count(key) == 1);
    }
}

TEST_CASE("events of a scenario file read back equal, a what-if's too") {
    const auto s = model::load_scenario_text(R"(
name: round-trip
horizon: 60
dimensions: [{name: exploration}, {name: horizon}, {name: rigor}]
organization: {units: [{name: lab}, {name: product}]}
teams:
  - {name: frontier, unit: lab, size: 12}
  - {name: apps, unit: product, size: 8}
events:
  - tick: 10
    label: "cut: 8"
    set: {teams.frontier.size: 8}
    layoff: most-conforming
  - {tick: 20, label: reorg, move: {team: frontier, to: product}}
what_if:
  - name: leaves
    events:
      - tick: 30
        replace_leader: {team: apps, leadership: 0.04, intent: {horizon: 0.7}, interim: 6, interim_leadership: 0.01}
)", "round-trip.yaml");
    std::vector<std::string> dims;
    for (const auto& d : s.dimensions) dims.push_back(d.name);
    std::vector<Event> all = s.events;
    all.insert(all.end(), s.variants[0].events.begin(), s.variants[0].events.end());
    REQUIRE(all.size() == 3);
    for (const auto& e : all) check_same(e, model::read_event_text(model::event_text(e, dims), dims, "test"));
}

TEST_CASE("a damaged event text is refused with its origin") {
    CHECK_THROWS_AS(model::read_event_text("{tick: 3, move: {team: x}", kDims, "run 4 event"), model::ScenarioError);
    try {
        model::read_event_text("{tick: 3, shove: {team: x}}", kDims, "run 4 event");
        FAIL("an unknown key was read");
    } catch (const model::ScenarioError& e) {
        CHECK(e.diagnostics().front().pos.file == "run 4 event");
        CHECK(e.diagnostics().front().message.find("shove") != std::string::npos);
    }
}
