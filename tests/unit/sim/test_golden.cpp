// Golden determinism: the bundled hello-world and March (1991) scenarios, at a fixed seed and
// replicate count, hash to the constants stored with the engine version (orgforces/version.hpp)
// on 1 and 2 threads. Agreement across thread counts alone would let a silent change of
// arithmetic pass; the stored hash does not.
//
// Updating: when a change is meant to alter results (a model change, a new measure, a different
// summary), run this test, copy the "got" hashes it prints into cmake/version.hpp.in, raise the
// project version in CMakeLists.txt in the same commit, and say in CHANGELOG.md which results
// change and why. A refactoring must leave the hashes alone.
#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

#include "model/loader.hpp"
#include "orgforces/source_dir.hpp"
#include "orgforces/version.hpp"
#include "sim/ensemble.hpp"

using namespace orgforces;

namespace {

// FNV-1a, 64 bits, over a canonical byte sequence: fields in declaration order, doubles by their
// bit patterns, integers as 64-bit values, strings with their length. No struct padding is read.
struct Hasher {
    std::uint64_t h = 1469598103934665603ull;
    void byte(unsigned char b) { h = (h ^ b) * 1099511628211ull; }
    void u64(std::uint64_t v) {
        for (int i = 0; i < 8; ++i) byte(static_cast<unsigned char>(v >> (8 * i)));
    }
    void i64(std::int64_t v) { u64(static_cast<std::uint64_t>(v)); }
    void f64(double v) { u64(std::bit_cast<std::uint64_t>(v)); }
    void str(const std::string& s) {
        u64(s.size());
        for (char c : s) byte(static_cast<unsigned char>(c));
    }
};

// Every result field except wall_seconds and threads, which describe the machine, not the run.
std::uint64_t canonical_hash(const sim::EnsembleResult& r) {
    Hasher x;
    x.str(r.info.scenario_name);
    x.u64(r.info.seed);
    x.i64(r.info.replicates);
    x.i64(r.info.horizon);
    x.i64(r.info.person_ticks);
    x.u64(r.series.size());
    for (const auto& s : r.series) {
        x.str(s.entity);
        x.str(s.measure);
        x.u64(s.ticks.size());
        for (const auto& b : s.ticks)
            for (double v : {b.mean, b.ci_lo, b.ci_hi, b.q05, b.q25, b.q50, b.q75, b.q95}) x.f64(v);
    }
    x.u64(r.scalars.size());
    for (const auto& s : r.scalars) {
        x.str(s.entity);
        x.str(s.measure);
        for (double v : {s.value, s.lo, s.hi}) x.f64(v);
        x.i64(s.n);
    }
    x.u64(r.outcomes.size());
    for (const auto& o : r.outcomes) {
        x.i64(o.replicate);
        x.str(o.venture);
        x.i64(static_cast<int>(o.status));
        x.i64(o.end_tick);
        x.f64(o.value);
        x.f64(o.salvage);
        x.str(o.promoted);
        x.i64(o.recovery_ticks);
        x.i64(o.tripwire_tick);
        x.f64(o.spiral_effort);
        for (int n : {o.stones_done, o.stones_reused, o.stones_graduated, o.stones_reworked}) x.i64(n);
        x.str(o.failure_cause);
        x.u64(o.done_stones.size());
        for (const auto& d : o.done_stones) x.str(d);
        x.u64(o.output_character.size());
        for (double v : o.output_character) x.f64(v);
    }
    x.u64(r.survival.size());
    for (const auto& c : r.survival) {
        x.str(c.venture);
        x.u64(c.tick.size());
        for (int t : c.tick) x.i64(t);
        for (const auto* column : {&c.survival, &c.lo, &c.hi}) {
            x.u64(column->size());
            for (double v : *column) x.f64(v);
        }
    }
    x.u64(r.horizon_values.size());
    for (const auto& h : r.horizon_values) {
        x.str(h.entity);
        x.str(h.measure);
        x.u64(h.values.size());
        for (double v : h.values) x.f64(v);
    }
    return x.h;
}

std::string hex(std::uint64_t h) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "0x%016llxull", static_cast<unsigned long long>(h));
    return buf;
}

// Runs `file` at a fixed seed and replicate count on `threads` threads and hashes the result.
std::uint64_t golden_run(const char* file, int replicates, int threads) {
    const auto s = model::load_scenario_file(std::filesystem::path(ORGFORCES_SOURCE_DIR) / file);
    sim::EnsembleOptions o;
    o.seed = 20201;
    o.replicates = replicates;
    o.threads = threads;
    return canonical_hash(sim::run_ensemble(s, o));
}

void check_golden(const char* file, int replicates, std::uint64_t expected) {
    for (int threads : {1, 2}) {
        const std::uint64_t got = golden_run(file, replicates, threads);
        INFO(std::string(file), " on ", threads, " thread(s): got ", hex(got), ", expected ", hex(expected),
             " (see the top of this file before updating)");
        CHECK(got == expected);
    }
}

}  // namespace

TEST_CASE("hello-world hashes to the golden value of this engine version") {
    check_golden("scenarios/hello-world.yaml", 20, kGoldenHelloWorld);
}

TEST_CASE("the March (1991) classic hashes to the golden value of this engine version") {
    check_golden("scenarios/classics/march1991.yaml", 24, kGoldenMarch1991);
}

TEST_CASE("the canonical hash sees a one-ulp change in any band") {
    sim::EnsembleResult r;
    r.series.push_back({"", "drift", {sim::Band{}, sim::Band{}}});
    const std::uint64_t before = canonical_hash(r);
    r.series[0].ticks[1].q95 = std::nextafter(0.0, 1.0);
    CHECK(canonical_hash(r) != before);
    r.series[0].ticks[1].q95 = 0.0;
    CHECK(canonical_hash(r) == before);
    r.info.wall_seconds = 3.0;  // machine facts are not part of the result
    r.info.threads = 2;
    CHECK(canonical_hash(r) == before);
}
