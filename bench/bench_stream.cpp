// The core's ceilings for the bound analysis of the tick loop (docs/performance.md): bytes per
// CPU-second a STREAM-like triad moves at working sets that fit L1, L2, L3 and none, and the
// double-precision operations per CPU-second of independent AVX2 multiplies and adds (the tick
// loop's operations: the build forbids fused multiply-adds). CPU time, not wall time: the
// machine may be shared.
//
//   build/bin/bench_stream [--repeats R]
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "bench_util.hpp"

namespace {

using orgforces::bench::cpu_seconds;
using orgforces::bench::median;

#if defined(__x86_64__) && defined(__GNUC__)
#define ORGFORCES_AVX2 __attribute__((target("avx2")))
#else
#define ORGFORCES_AVX2
#endif

typedef double f64x4 __attribute__((vector_size(32)));

// a = b + s c over n doubles (a multiple of 4), `passes` times: 24 bytes per element (two loads,
// one store), written with 4-lane vectors so it does not depend on the vectorizer.
ORGFORCES_AVX2 __attribute__((noinline)) void triad(double* __restrict a, const double* __restrict b,
                                                    const double* __restrict c, std::size_t n, int passes, double s) {
    const f64x4 sv = {s, s, s, s};
    for (int p = 0; p < passes; ++p) {
        for (std::size_t i = 0; i < n; i += 4) {
            f64x4 x, y;
            std::memcpy(&x, b + i, sizeof x);
            std::memcpy(&y, c + i, sizeof y);
            x += sv * y;
            std::memcpy(a + i, &x, sizeof x);
        }
        __asm__ volatile("" : : "r"(a) : "memory");  // keep every pass
    }
}

// 12 independent 4-lane chains of one multiply and one add each per step (96 operations a step):
// enough chains to cover the latency of both, so the two multiply and two add pipes stay busy.
ORGFORCES_AVX2 __attribute__((noinline)) double flops(long steps) {
    const f64x4 m = {0.999999, 0.999998, 0.999997, 0.999996}, a = {1e-9, 2e-9, 3e-9, 4e-9};
    f64x4 x0 = m * 1e-3, x1 = x0 + a, x2 = x1 + a, x3 = x2 + a, x4 = x3 + a, x5 = x4 + a, x6 = x5 + a, x7 = x6 + a,
          x8 = x7 + a, x9 = x8 + a, x10 = x9 + a, x11 = x10 + a;
    for (long i = 0; i < steps; ++i) {
        x0 = x0 * m + a;
        x1 = x1 * m + a;
        x2 = x2 * m + a;
        x3 = x3 * m + a;
        x4 = x4 * m + a;
        x5 = x5 * m + a;
        x6 = x6 * m + a;
        x7 = x7 * m + a;
        x8 = x8 * m + a;
        x9 = x9 * m + a;
        x10 = x10 * m + a;
        x11 = x11 * m + a;
    }
    const f64x4 t = ((x0 + x1) + (x2 + x3)) + ((x4 + x5) + (x6 + x7)) + ((x8 + x9) + (x10 + x11));
    return t[0] + t[1] + t[2] + t[3];
}

}  // namespace

int main(int argc, char** argv) {
    int repeats = 5;
    for (int i = 1; i < argc; ++i)
        if (std::string(argv[i]) == "--repeats" && i + 1 < argc) repeats = std::max(1, std::atoi(argv[++i]));
    std::printf("triad a = b + s c (24 bytes per element), median of %d, per CPU-second:\n", repeats);
    for (std::size_t kib : {16, 192, 384, 4096, 262144}) {  // L1, L2, just beyond L2 (512 KiB), L3, memory
        const std::size_t n = kib * 1024 / 24 / 4 * 4;
        std::vector<double> a(n, 0.0), b(n, 1.0), c(n, 2.0);
        const int passes = static_cast<int>(std::max<std::size_t>(1, (std::size_t(2) << 30) / (24 * n)));
        triad(a.data(), b.data(), c.data(), n, 1, 0.5);  // touch
        std::vector<double> rate;
        for (int r = 0; r < repeats; ++r) {
            const double c0 = cpu_seconds();
            triad(a.data(), b.data(), c.data(), n, passes, 0.5);
            rate.push_back(24.0 * double(n) * passes / (cpu_seconds() - c0));
        }
        std::printf("  working set %7zu KiB: %6.1f GB/s\n", kib, median(rate) / 1e9);
    }
    const long steps = 50'000'000;
    std::vector<double> rate;
    double sink = 0.0;
    for (int r = 0; r < repeats; ++r) {
        const double c0 = cpu_seconds();
        sink += flops(steps);
        rate.push_back(96.0 * double(steps) / (cpu_seconds() - c0));
    }
    std::printf("AVX2 multiplies and adds, double precision, no FMA: %.1f GFLOP/s (checksum %.3g)\n",
                median(rate) / 1e9, sink);
    return 0;
}
