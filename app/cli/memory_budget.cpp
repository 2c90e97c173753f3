#include "app/cli/memory_budget.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <string>

#include "app/cli/command.hpp"
#include "sim/runner.hpp"
#include "sim/world.hpp"

namespace orgforces::cli {

namespace {

// Mirrors sim/ensemble.cpp: a 192 MiB histogram budget split over cells, 16 to 256 bins each;
// with few replicates their bin indices (one byte per cell each) are kept instead.
constexpr double kHistogramBudget = 192.0 * 1024 * 1024;
constexpr double kFixedBytes = 64.0 * 1024 * 1024;   // program, scenario, engine state

double available_bytes() {
    std::ifstream in("/proc/meminfo");
    std::string key;
    double kib = 0;
    std::string unit;
    while (in >> key >> kib >> unit)
        if (key == "MemAvailable:") return kib * 1024.0;
    return 0.0;   // unknown: no limit
}

}  // namespace

double estimate_run_bytes(const model::Scenario& s, int replicates, int threads) {
    if (s.classic) return kFixedBytes;   // a classic model's few series stay small
    const sim::World world(s);
    const double cells = static_cast<double>(world.series().size()) * (world.horizon() + 1.0);
    // Each runner thread keeps one trace of every cell; no more threads run than blocks.
    const int t = sim::pool_threads(threads, (std::max(replicates, 1) + sim::kBlockSize - 1) / sim::kBlockSize);
    const double bins = std::clamp(kHistogramBudget / std::max(cells * 4.0, 1.0), 16.0, 256.0);
    const double per_cell_bins = std::min<double>(std::max(replicates, 1), 4.0 * bins);
    return kFixedBytes + cells * (48.0 + 64.0 + 8.0 * t + per_cell_bins);
}

void require_memory_for(const model::Scenario& s, int replicates, int threads) {
    double limit = 0.0;
    std::string source;
    if (const char* env = std::getenv("ORGFORCES_MEMORY_LIMIT"); env && *env) {
        char* end = nullptr;
        const double mib = std::strtod(env, &end);
        if (end == env || *end != '\0' || !std::isfinite(mib) || mib <= 0)
            throw UsageError(fmt::format("ORGFORCES_MEMORY_LIMIT must be a number of MiB, got '{}'", env));
        limit = mib * 1024 * 1024;
        source = "ORGFORCES_MEMORY_LIMIT";
    } else {
        limit = available_bytes();
        source = "the memory available now";
    }
    if (limit <= 0) return;
    const double need = estimate_run_bytes(s, replicates, threads);
    if (need <= limit) return;
    const double mib = 1024.0 * 1024.0;
    throw UsageError(fmt::format(
        "this run needs about {:.0f} MiB ({} teams over {} ticks: memory grows with teams x horizon), more than "
        "{} ({:.0f} MiB). Shorten the horizon, use fewer teams or threads, or set ORGFORCES_MEMORY_LIMIT=MiB "
        "to allow more",
        need / mib, s.teams.size(), s.horizon, source, limit / mib));
}

}  // namespace orgforces::cli
