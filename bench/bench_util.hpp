#pragma once
// Timing helpers shared by the benchmark programs.

#include <time.h>

#include <algorithm>
#include <vector>

namespace orgforces::bench {

/// CPU seconds of the whole process: on a shared machine wall time measures the neighbours too.
inline double cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

/// The upper median of `v` (0 when empty).
inline double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

}  // namespace orgforces::bench
