// Latency of the dashboard's live what-if: the time from a parameter change (an override applied
// to the scenario) to the first result the charts can draw, through the dashboard's own worker
// (viz/dash/worker.hpp), at the replicate count used while a slider is dragged and at full size.
//
//   bench_dash_latency [SCENARIO] [--param PATH] [--drag N] [--full N] [--repeats R] [--threads T]
//
// Prints medians over the repeats (milliseconds). Values alternate between two settings of the
// parameter so every request is a real change.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "model/diagnostics.hpp"
#include "model/loader.hpp"
#include "model/registry.hpp"
#include "sim/run_plan.hpp"
#include "viz/dash/worker.hpp"

using namespace orgforces;
using Clock = std::chrono::steady_clock;

namespace {

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

struct Timing {
    double first = 0.0;      ///< change -> first published result of the new request
    double complete = 0.0;   ///< change -> every requested replicate in
    double first_cpu = 0.0;  ///< process CPU time (all threads) until the first result
};

// CPU time of the whole process in ms: on a machine shared with other work, wall time measures the
// neighbours as much as us; CPU time / threads estimates the wall time on an idle machine.
double cpu_ms() { return 1000.0 * double(std::clock()) / CLOCKS_PER_SEC; }

// Applies `value` to `path`, submits, and waits for the request's first and last snapshot.
Timing change(dash::EnsembleWorker& worker, const model::Scenario& base, const std::string& path,
              double value, int replicates, bool preview) {
    const auto t0 = Clock::now();
    const double c0 = cpu_ms();
    auto variant = std::make_shared<const model::Scenario>(
        model::apply_overrides(base, {model::Override{.path = path, .value = value, .pos = {}}}));
    const auto generation = worker.submit(std::move(variant), replicates, preview);
    Timing t;
    for (;;) {
        const auto s = worker.snapshot();
        if (s->generation == generation && s->result && t.first == 0.0) {
            t.first = ms(Clock::now() - t0);
            t.first_cpu = cpu_ms() - c0;
        }
        if (s->generation == generation && (s->complete() || !s->error.empty())) {
            if (!s->error.empty()) {
                fmt::print(stderr, "bench_dash_latency: run failed: {}\n", s->error);
                std::exit(1);
            }
            t.complete = ms(Clock::now() - t0);
            return t;
        }
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
}

}  // namespace

int main(int argc, char** argv) {
    std::string file = "scenarios/innovation-in-a-keeping-org.yaml";
    std::string path = "teams.frontier.shielding";
    int drag = 16, full = 0, repeats = 7, threads = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) {
                fmt::print(stderr, "bench_dash_latency: {} needs a value\n", a);
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--param") path = next();
        else if (a == "--drag") drag = std::stoi(next());
        else if (a == "--full") full = std::stoi(next());
        else if (a == "--repeats") repeats = std::stoi(next());
        else if (a == "--threads") threads = std::stoi(next());
        else if (a == "--help" || a == "-h") {
            fmt::print("usage: bench_dash_latency [SCENARIO] [--param PATH] [--drag N] [--full N] "
                       "[--repeats R] [--threads T]\n");
            return 0;
        } else file = a;
    }
    try {
        const model::Scenario base = model::load_scenario_file(file);
        if (full <= 0) full = base.replicates;
        const model::Param p = model::find_parameter(base, path);
        const double lo = p.min + 0.25 * (p.max - p.min), hi = p.min + 0.75 * (p.max - p.min);

        dash::EnsembleWorker worker(threads, drag);
        change(worker, base, path, lo, drag, true);  // warm-up: caches, thread pool

        std::vector<double> drag_first, drag_cpu, full_first, full_complete, drag_over_running;
        for (int r = 0; r < repeats; ++r) {
            const double v = r % 2 ? lo : hi;
            const Timing d = change(worker, base, path, v, drag, true);
            drag_first.push_back(d.first);
            drag_cpu.push_back(d.first_cpu);
            const Timing f = change(worker, base, path, r % 2 ? hi : lo, full, false);
            full_first.push_back(f.first);
            full_complete.push_back(f.complete);
            // A drag that arrives while a full run is in flight: it must cancel the stale run.
            auto variant = std::make_shared<const model::Scenario>(
                model::apply_overrides(base, {model::Override{.path = path, .value = v, .pos = {}}}));
            worker.submit(variant, full, false);
            std::this_thread::sleep_for(std::chrono::milliseconds(30));
            drag_over_running.push_back(change(worker, base, path, r % 2 ? hi : lo, drag, true).first);
        }
        fmt::print("scenario {}  param {}  threads {}  repeats {}\n", file, path,
                   threads > 0 ? threads : sim::hardware_threads(), repeats);
        fmt::print("{:<52} {:>10}\n", "measure (median)", "ms");
        fmt::print("{:<52} {:>10.1f}\n", fmt::format("change -> first result, drag size ({} replicates)", drag),
                   median(drag_first));
        fmt::print("{:<52} {:>10.1f}\n", "  CPU time it took (all threads)", median(drag_cpu));
        fmt::print("{:<52} {:>10.1f}\n", "change during a running full ensemble -> first result",
                   median(drag_over_running));
        fmt::print("{:<52} {:>10.1f}\n", fmt::format("change -> first result, full size ({} replicates)", full),
                   median(full_first));
        fmt::print("{:<52} {:>10.1f}\n", fmt::format("change -> complete result, full size ({})", full),
                   median(full_complete));
        return 0;
    } catch (const model::ScenarioError& e) {
        for (const auto& d : e.diagnostics()) fmt::print(stderr, "{}\n", model::format(d));
        return 2;
    } catch (const std::exception& e) {
        fmt::print(stderr, "bench_dash_latency: {}\n", e.what());
        return 1;
    }
}
