// Cost of storing a run in the results database, relative to the run itself.
//
//   bench_store [SCENARIO] [--replicates N] [--repeats R] [--threads T]
//
// Runs the ensemble once, then stores it R times into a fresh database file (begin_run +
// finish_run, as `orgforces run` does) and loads it back R times; prints medians and the ratio
// of storing to running. Default: the flagship scenario (path relative to the source tree),
// 1,000 replicates, 5 repeats.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <unistd.h>

#include "model/loader.hpp"
#include "sim/ensemble.hpp"
#include "store/results_store.hpp"

using namespace orgforces;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const auto n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

}  // namespace

int main(int argc, char** argv) {
    std::string path = "scenarios/innovation-in-a-keeping-org.yaml";   // run from the source tree
    int replicates = 1000, repeats = 5, threads = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> int {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "bench_store: %s needs a value\n", a.c_str());
                std::exit(2);
            }
            return std::atoi(argv[++i]);
        };
        if (a == "--replicates") replicates = next();
        else if (a == "--repeats") repeats = std::max(1, next());
        else if (a == "--threads") threads = next();
        else if (a == "--help" || a == "-h") {
            std::puts("bench_store [SCENARIO] [--replicates N] [--repeats R] [--threads T]");
            return 0;
        } else path = a;
    }
    try {
        const auto scenario = model::load_scenario_file(path);
        sim::EnsembleOptions options;
        options.replicates = replicates;
        options.threads = threads;
        const auto started = std::chrono::steady_clock::now();
        const auto result = sim::run_ensemble(scenario, options);
        const double run_seconds = seconds_since(started);

        const auto dir = std::filesystem::temp_directory_path() / ("orgforces-bench-store-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir);
        std::vector<double> store_times, load_times;
        std::size_t rows = 0;
        for (int r = 0; r < repeats; ++r) {
            const auto db_path = (dir / fmt::format("bench-{}.db", r)).string();
            const auto t0 = std::chrono::steady_clock::now();
            {
                store::ResultsStore db(db_path);
                store::RunSpec spec;
                spec.scenario_name = scenario.name;
                spec.scenario_text = scenario.source_text;
                spec.events = scenario.events;
                for (const auto& d : scenario.dimensions) spec.dimensions.push_back(d.name);
                spec.seed = result.info.seed;
                spec.replicates = result.info.replicates;
                spec.horizon = result.info.horizon;
                spec.threads = result.info.threads;
                const auto id = db.begin_run(spec);
                db.finish_run(id, result);
            }
            store_times.push_back(seconds_since(t0));
            const auto t1 = std::chrono::steady_clock::now();
            {
                store::ResultsStore db(db_path, store::ResultsStore::OpenMode::MustExist);
                const auto back = db.load_run(1);
                rows = back.result.outcomes.size();
                for (const auto& s : back.result.series) rows += s.ticks.size();
            }
            load_times.push_back(seconds_since(t1));
        }
        std::filesystem::remove_all(dir);
        const double store_median = median(store_times);
        fmt::print("scenario            {}\n", scenario.name);
        fmt::print("replicates          {}\n", result.info.replicates);
        fmt::print("threads             {}\n", result.info.threads);
        fmt::print("rows stored         {} (series ticks + venture outcomes)\n", rows);
        fmt::print("run                 {:.3f} s\n", run_seconds);
        fmt::print("store (median of {}) {:.4f} s\n", repeats, store_median);
        fmt::print("load  (median of {}) {:.4f} s\n", repeats, median(load_times));
        fmt::print("store / run         {:.2f} %\n", 100.0 * store_median / run_seconds);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_store: %s\n", e.what());
        return 1;
    }
    return 0;
}
