// Engine throughput (docs/performance.md): person-ticks per second of the tick loop on one and two
// threads, allocations inside the tick loop, and a whole ensemble with its summaries.
//
//   build/bin/bench_engine [scenarios/bench/large-org.yaml] [--replicates N] [--repeats R] [--threads T]
//                          [--no-ensemble]
// --threads T measures the tick loop on T threads only (default: 1 and 2); --no-ensemble skips the
// ensemble with summaries. bench/peers/numpy_core.py runs it pinned to one core.
#include <fmt/format.h>

#include <time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <optional>
#include <string>
#include <vector>

#include "bench_util.hpp"
#include "model/loader.hpp"
#include "sim/ensemble.hpp"
#include "sim/runner.hpp"
#include "sim/world.hpp"

// Counting allocator: the tick loop must not allocate.
namespace {
std::atomic<long long> g_allocations{0};
}
void* operator new(std::size_t n) {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(n ? n : 1)) return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace {

using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point t0) {
    return std::chrono::duration<double>(clock_type::now() - t0).count();
}

using orgforces::bench::cpu_seconds;
using orgforces::bench::median;

struct Rate {
    double wall = 0.0;  // person-ticks per wall second
    double cpu = 0.0;   // person-ticks per CPU second (per core)
};

// Steps `replicates` replicates per thread on the runner's pool (no summaries).
Rate tick_loop_rate(const orgforces::sim::World& world, int threads, int replicates, bool ventures) {
    std::vector<long long> work(threads, 0);
    std::vector<std::optional<orgforces::sim::Replicate>> reps(threads);
    const auto t0 = clock_type::now();
    const double c0 = cpu_seconds();
    orgforces::sim::run_jobs(threads * replicates, threads, [&](int k, int r) {
        if (!reps[k]) reps[k].emplace(world, ventures);
        orgforces::sim::Replicate& rep = *reps[k];
        rep.reset(1, r);
        while (rep.tick() < world.horizon()) rep.step();
        work[k] += rep.person_ticks();
    });
    const double s = seconds_since(t0), c = cpu_seconds() - c0;
    long long total = 0;
    for (auto w : work) total += w;
    return {total / s, total / c};
}

}  // namespace

int main(int argc, char** argv) {
    std::string file = "scenarios/bench/large-org.yaml";
    int replicates = 40;
    int repeats = 5;
    std::vector<int> thread_counts{1, 2};
    bool ensemble = true;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--replicates" && i + 1 < argc) replicates = std::atoi(argv[++i]);
        else if (a == "--repeats" && i + 1 < argc) repeats = std::atoi(argv[++i]);
        else if (a == "--threads" && i + 1 < argc) thread_counts = {std::max(1, std::atoi(argv[++i]))};
        else if (a == "--no-ensemble") ensemble = false;
        else if (a == "--help") {
            std::printf("usage: bench_engine [SCENARIO] [--replicates N] [--repeats R] [--threads T] [--no-ensemble]\n");
            return 0;
        } else file = a;
    }
    const auto s = orgforces::model::load_scenario_file(file);
    const orgforces::sim::World world(s);
    std::printf("scenario: %s: %d people, %d teams, %d dimensions, %d water, %zu gravity, %d ticks\n",
                file.c_str(), s.total_people(), world.teams(), world.dimensions(), world.waters(), s.gravity.size(),
                world.horizon());

    // Allocations inside the tick loop (after the replicate's buffers exist).
    {
        orgforces::sim::Replicate rep(world, false);
        rep.reset(1, 0);
        rep.step();  // first use builds the normal table (once per process)
        const long long before = g_allocations.load();
        while (rep.tick() < world.horizon()) rep.step();
        std::printf("allocations in %d ticks: %lld\n", world.horizon(), g_allocations.load() - before);
    }

    // Tick loop, engine only (practice, water, ideas, turnover, measures' inputs): 1 and 2 threads.
    for (int threads : thread_counts) {
        std::vector<double> wall, cpu;
        for (int r = 0; r < repeats; ++r) {
            const Rate rate = tick_loop_rate(world, threads, std::max(1, replicates / 8), false);
            wall.push_back(rate.wall);
            cpu.push_back(rate.cpu);
        }
        std::printf("tick loop, %d thread%s: median %.3g person-ticks/s wall, %.3g per CPU-second (of %d repeats)\n",
                    threads, threads > 1 ? "s" : "", median(wall), median(cpu), repeats);
    }

    // A whole ensemble with summaries, on 2 threads.
    if (ensemble) {
        orgforces::sim::EnsembleOptions o;
        o.replicates = replicates;
        o.threads = 2;
        std::vector<double> wall, cpu;
        for (int r = 0; r < std::max(1, repeats / 2); ++r) {
            const double c0 = cpu_seconds();
            const auto result = orgforces::sim::run_ensemble(s, o);
            wall.push_back(result.info.person_ticks / result.info.wall_seconds);
            cpu.push_back(result.info.person_ticks / (cpu_seconds() - c0));
        }
        std::printf("ensemble of %d replicates with summaries, 2 threads: median %.3g person-ticks/s wall, %.3g per "
                    "CPU-second\n",
                    replicates, median(wall), median(cpu));
    }
    return 0;
}
