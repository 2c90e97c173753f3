// One stability rule (model/dynamics.hpp, docs/model.md#stability): validation accepts a scenario
// exactly when the engine does, on every bundled scenario, every file of the invalid corpus and
// perturbations of the bundled scenarios that straddle the limit (strong forces, pulses of no
// duration, links declared by one side, heavy leans, strong leadership).
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/diagnostics.hpp"
#include "model/dynamics.hpp"
#include "model/loader.hpp"
#include "orgforces/source_dir.hpp"
#include "sim/world.hpp"

using namespace orgforces;
namespace fs = std::filesystem;

namespace {

// The messages a check throws; empty when it accepts.
std::vector<std::string> problems(const std::function<void()>& check) {
    try {
        check();
    } catch (const model::ScenarioError& e) {
        std::vector<std::string> out;
        for (const auto& d : e.diagnostics()) out.push_back(d.message);
        return out.empty() ? std::vector<std::string>{"(no message)"} : out;
    }
    return {};
}

void check_same_verdict(const model::Scenario& s, const std::string& what) {
    const auto validation = problems([&] { model::validate(s); });
    const auto engine = problems([&] { sim::World world(s); });
    CAPTURE(what);
    CAPTURE(validation.empty() ? std::string("accepted") : validation.front());
    CAPTURE(engine.empty() ? std::string("accepted") : engine.front());
    CHECK(validation.empty() == engine.empty());
    // The same rule gives the same words (validation may add where: "event at tick 52 ... makes").
    for (const auto& m : engine)
        CHECK(std::any_of(validation.begin(), validation.end(),
                          [&](const std::string& v) { return v.find(m) != std::string::npos; }));
}

std::vector<std::pair<std::string, std::function<void(model::Scenario&)>>> perturbations() {
    std::vector<std::pair<std::string, std::function<void(model::Scenario&)>>> out;
    for (double f : {2.0, 4.0, 8.0, 16.0})
        out.push_back({"strengths x" + std::to_string(f), [f](model::Scenario& s) {
                           for (auto& g : s.gravity) g.strength = std::min(1.0, g.strength * f);
                       }});
    out.push_back({"pulses of no duration at multiplier 100", [](model::Scenario& s) {
                       for (auto& g : s.gravity)
                           if (g.schedule.every > 0) {
                               g.schedule.duration = 0;
                               g.schedule.multiplier = 100.0;
                           }
                   }});
    for (double m : {10.0, 40.0})
        out.push_back({"pulse multipliers " + std::to_string(m), [m](model::Scenario& s) {
                           for (auto& g : s.gravity)
                               if (g.schedule.every > 0) g.schedule.multiplier = m;
                       }});
    for (double n : {0.3, 0.6, 0.9})
        out.push_back({"network influence " + std::to_string(n), [n](model::Scenario& s) {
                           s.organization.network_influence = n;
                       }});
    for (double w : {0.5, 0.95})
        out.push_back({"lean weights " + std::to_string(w), [w](model::Scenario& s) {
                           for (auto& wf : s.water) wf.lean_weight = w;
                       }});
    for (double l : {0.5, 0.9})
        out.push_back({"leadership " + std::to_string(l), [l](model::Scenario& s) {
                           for (auto& t : s.teams) t.leadership = l;
                       }});
    return out;
}

std::vector<fs::path> yaml_files(const fs::path& dir) {
    std::vector<fs::path> out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file() && e.path().extension() == ".yaml") out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("validation accepts a scenario exactly when the engine does") {
    const fs::path root = ORGFORCES_SOURCE_DIR;
    int bundled = 0, perturbed = 0;
    for (const auto& file : yaml_files(root / "scenarios")) {
        const model::Scenario s = model::load_scenario_file(file);
        if (s.classic) continue;  // a classic model has its own engine (sim/march1991.hpp)
        ++bundled;
        check_same_verdict(s, file.string());
        for (const auto& [name, change] : perturbations()) {
            model::Scenario p = s;
            change(p);
            check_same_verdict(p, file.filename().string() + ": " + name);
            ++perturbed;
        }
    }
    CHECK(bundled >= 7);
    CHECK(perturbed >= bundled * 10);
    // The invalid corpus never reaches the engine: the loader's validation refuses every file.
    for (const auto& file : yaml_files(root / "tests" / "invalid")) {
        CAPTURE(file.string());
        std::optional<model::Scenario> s;
        try {
            s = model::load_scenario_file(file);
        } catch (const model::ScenarioError&) {
        }
        CHECK_FALSE(s.has_value());
        if (s) check_same_verdict(*s, file.string());
    }
}

TEST_CASE("the stability rule: pulses at their peak, links one-way, leans at full level") {
    model::Scenario s;
    // Built from the pieces the rule reads; compiled with no loader.
    s.dimensions = {{"x", "lo", "hi"}};
    s.organization.peer_conformity = 0.1;
    s.organization.network_influence = 0.5;
    model::Team a, b;
    a.name = "a";
    b.name = "b";
    a.intent = b.intent = {0.5};
    a.leadership = b.leadership = 0.2;
    a.links.push_back({"b", 1.0, {}});  // a pulls toward b at 0.5; b does not pull toward a
    s.teams = {a, b};
    model::GravityForce g;
    g.name = "g";
    g.target = {0.1};
    g.strength = 0.1;
    g.schedule.every = 4;
    g.schedule.duration = 1;
    g.schedule.multiplier = 3.0;
    s.gravity = {g};
    const auto rates = [&] { return model::stability_problems(s, model::compile_regime(s)); };
    // a: 0.3 peak gravity + 0.2 + 0.1 + 0.5 link = 1.1; b: 0.3 + 0.2 + 0.1 = 0.6.
    auto found = rates();
    REQUIRE(found.size() == 1);
    CHECK(found[0].team == 0);
    s.gravity[0].schedule.duration = 0;  // the multiplier never applies: a is at 0.9
    CHECK(rates().empty());
    s.water.push_back({});
    s.water[0].name = "w";
    s.water[0].leans = {0.2};
    s.water[0].lean_weight = 0.15;  // at full level: a at 1.05, b at 0.55
    found = rates();
    REQUIRE(found.size() == 1);
    CHECK(found[0].team == 0);
}
