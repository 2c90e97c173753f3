#pragma once
// Random numbers with a fixed meaning: the same seed gives the same numbers on every machine,
// compiler, thread count and MPI layout. The generator is pcg64 with one stream per
// (replicate, purpose); every distribution is written out here instead of taken from <random>,
// whose algorithms differ between standard libraries.

#include <cmath>
#include <cstddef>
#include <cstdint>

#include <pcg_random.hpp>

namespace orgforces::sim {

/// What a stream is used for; each purpose of each replicate has its own independent stream.
enum class StreamPurpose : std::uint64_t {
    Initial = 0,    ///< initial practice and assumptions
    Practice = 1,   ///< practice noise
    Turnover = 2,   ///< leaving and hiring
    Ideas = 3,      ///< idea production and filtering
    Ventures = 4,   ///< venture hazards, reviews, salvage
    Classic = 5,    ///< bundled classic models (March 1991)
    Extra = 6,
    Priors = 7,     ///< parameters drawn per world (sim/uncertainty.hpp); indexed by world, not replicate
};

/// Φ⁻¹(p) for 0 < p < 1 by Acklam's rational approximation (relative error < 1.2e-9), which uses
/// only arithmetic, sqrt and log, so it is the same everywhere (the practice noise's table).
inline double normal_quantile(double p) {
    constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                            1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
    constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                            6.680131188771972e+01, -1.328068155288572e+01};
    constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                            -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
    constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                            3.754408661907416e+00};
    if (p < 0.02425) {
        const double q = std::sqrt(-2.0 * std::log(p));
        return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
               ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
    }
    if (p > 1.0 - 0.02425) return -normal_quantile(1.0 - p);
    const double q = p - 0.5, r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
           (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
}

class Rng {
public:
    /// The stream for `purpose` in `replicate` of a run seeded with `seed`.
    Rng(std::uint64_t seed, std::uint64_t replicate, StreamPurpose purpose)
        : gen_(pcg_extras::pcg128_t(seed) << 64 | pcg_extras::pcg128_t(replicate),
               pcg_extras::pcg128_t(replicate) * 16u + static_cast<std::uint64_t>(purpose)) {}

    /// 64 uniformly random bits.
    std::uint64_t bits() { return gen_(); }

    /// Uniform in [0, 1) with 53 random bits.
    double uniform() { return static_cast<double>(gen_() >> 11) * 0x1.0p-53; }

    /// True with probability p (p <= 0 never, p >= 1 always).
    bool bernoulli(double p) { return uniform() < p; }

    /// Uniform integer in [0, n) without modulo bias (n > 0).
    std::uint64_t below(std::uint64_t n) { return gen_(n); }

    /// Standard normal by the Marsaglia polar method (pairs cached).
    double normal() {
        if (has_spare_) {
            has_spare_ = false;
            return spare_;
        }
        double u, v, s;
        do {
            u = 2.0 * uniform() - 1.0;
            v = 2.0 * uniform() - 1.0;
            s = u * u + v * v;
        } while (s >= 1.0 || s == 0.0);
        const double m = std::sqrt(-2.0 * std::log(s) / s);
        spare_ = v * m;
        has_spare_ = true;
        return u * m;
    }

    /// Poisson by inversion for small means, by a normal approximation (rounded, >= 0) above 64.
    std::int64_t poisson(double mean) {
        if (!(mean > 0.0)) return 0;
        if (mean > 64.0) {
            const double x = std::floor(mean + std::sqrt(mean) * normal() + 0.5);
            return x < 0.0 ? 0 : static_cast<std::int64_t>(x);
        }
        const double limit = std::exp(-mean);
        double prod = uniform();
        std::int64_t k = 0;
        while (prod > limit) {
            prod *= uniform();
            ++k;
        }
        return k;
    }

    /// Binomial(n, p) by counting Bernoulli trials for small n, else by a normal approximation.
    std::int64_t binomial(std::int64_t n, double p) {
        if (n <= 0 || p <= 0.0) return 0;
        if (p >= 1.0) return n;
        if (n <= 64) {
            std::int64_t k = 0;
            for (std::int64_t i = 0; i < n; ++i) k += bernoulli(p) ? 1 : 0;
            return k;
        }
        const double mean = double(n) * p;
        const double sd = std::sqrt(mean * (1.0 - p));
        const double x = std::floor(mean + sd * normal() + 0.5);
        return x < 0.0 ? 0 : (x > double(n) ? n : static_cast<std::int64_t>(x));
    }

private:
    pcg64 gen_;
    double spare_ = 0.0;
    bool has_spare_ = false;
};

}  // namespace orgforces::sim
