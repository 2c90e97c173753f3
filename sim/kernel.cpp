// The per-person hot path (sim/kernel.hpp). Every loop runs over contiguous slots with no branch
// the compiler cannot turn into a select, so it vectorizes; target_clones builds an AVX2 copy
// (gathers for the team coefficients and the noise table) next to the baseline one. Both round
// identically: -ffp-contract=off forbids fused multiply-adds, and the remaining operations
// (add, multiply, compare-select, float → double, integer shifts) are exact or correctly rounded.

#include "sim/kernel.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
#define ORGFORCES_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define ORGFORCES_CLONES
#endif
// Inlined into each clone, so they are compiled for its instruction set.
#define ORGFORCES_INLINE inline __attribute__((always_inline))

namespace orgforces::sim::kernel {

namespace {

constexpr int kTableBits = 12;
constexpr std::size_t kLevels = std::size_t(1) << kTableBits;

// Φ⁻¹ at the midpoints of 4,096 equal-probability bins, made exactly symmetric and scaled so the
// levels have variance 1 (the raw midpoints have about 0.9989: the tails beyond the last midpoint
// are cut off), so the noise has the standard deviation the scenario names.
std::array<float, kLevels> make_table() {
    std::array<double, kLevels> x{};
    for (std::size_t k = 0; k < kLevels / 2; ++k) {
        x[k] = normal_quantile((double(k) + 0.5) / double(kLevels));
        x[kLevels - 1 - k] = -x[k];
    }
    double ss = 0.0;
    for (double v : x) ss += v * v;
    const double scale = 1.0 / std::sqrt(ss / double(kLevels));
    std::array<float, kLevels> t{};
    for (std::size_t k = 0; k < kLevels; ++k) t[k] = static_cast<float>(x[k] * scale);
    return t;
}

ORGFORCES_INLINE double clip01(double x) { return x < 0.0 ? 0.0 : (x > 1.0 ? 1.0 : x); }

// Team t's people [b, b + n) with its coefficients al, be and L ≤ 3 leans known at compile time
// (a0..a2, already offset by b; restrict: the person arrays never overlap, so no run-time alias
// checks); Noise false when sigma = 0 (z is not read).
template <int L, bool Noise>
ORGFORCES_INLINE void practice_team(double* __restrict p, int n, double al, double be, const double* __restrict a0,
                                    const double* __restrict a1, const double* __restrict a2, const Lean* leans,
                                    double sigma, const float* __restrict z) {
    static_assert(L >= 0 && L <= 3);
    const double w0 = L > 0 ? leans[0].w : 0.0, v0 = L > 0 ? leans[0].v : 0.0;
    const double w1 = L > 1 ? leans[1].w : 0.0, v1 = L > 1 ? leans[1].v : 0.0;
    const double w2 = L > 2 ? leans[2].w : 0.0, v2 = L > 2 ? leans[2].v : 0.0;
    for (int i = 0; i < n; ++i) {
        double ca = al, cb = be;
        if constexpr (L > 0) {
            ca += a0[i] * w0;
            cb += a0[i] * v0;
        }
        if constexpr (L > 1) {
            ca += a1[i] * w1;
            cb += a1[i] * v1;
        }
        if constexpr (L > 2) {
            ca += a2[i] * w2;
            cb += a2[i] * v2;
        }
        const double x = p[i] + (cb - ca * p[i]);
        p[i] = clip01(Noise ? x + sigma * double(z[i]) : x);
    }
}

// More leans than the unrolled cases: the same arithmetic in the same order, not vectorized.
template <bool Noise>
ORGFORCES_INLINE void practice_team_any(double* p, std::size_t b, int n, double al, double be, const Lean* leans,
                                        int nleans, double sigma, const float* z) {
    for (std::size_t i = b; i < b + std::size_t(n); ++i) {
        double ca = al, cb = be;
        for (int l = 0; l < nleans; ++l) {
            ca += leans[l].a[i] * leans[l].w;
            cb += leans[l].a[i] * leans[l].v;
        }
        const double x = p[i] + (cb - ca * p[i]);
        p[i] = clip01(Noise ? x + sigma * double(z[i]) : x);
    }
}

template <int L, bool Noise>
ORGFORCES_INLINE void practice_teams(double* p, int T, const int* begin, const int* count, const double* alpha,
                                     const double* beta, const Lean* leans, int nleans, double sigma, const float* z) {
    for (int t = 0; t < T; ++t) {
        const std::size_t b = std::size_t(begin[t]);
        if constexpr (L >= 0)
            practice_team<L, Noise>(p + b, count[t], alpha[t], beta[t], L > 0 ? leans[0].a + b : nullptr,
                                    L > 1 ? leans[1].a + b : nullptr, L > 2 ? leans[2].a + b : nullptr, leans, sigma,
                                    z + b);
        else
            practice_team_any<Noise>(p, std::size_t(begin[t]), count[t], alpha[t], beta[t], leans, nleans, sigma, z);
    }
}

template <bool Noise>
ORGFORCES_INLINE void practice_dispatch(double* p, int T, const int* begin, const int* count, const double* alpha,
                                        const double* beta, const Lean* leans, int nleans, double sigma,
                                        const float* z) {
    switch (nleans) {
        case 0: return practice_teams<0, Noise>(p, T, begin, count, alpha, beta, leans, nleans, sigma, z);
        case 1: return practice_teams<1, Noise>(p, T, begin, count, alpha, beta, leans, nleans, sigma, z);
        case 2: return practice_teams<2, Noise>(p, T, begin, count, alpha, beta, leans, nleans, sigma, z);
        case 3: return practice_teams<3, Noise>(p, T, begin, count, alpha, beta, leans, nleans, sigma, z);
        default: return practice_teams<-1, Noise>(p, T, begin, count, alpha, beta, leans, nleans, sigma, z);
    }
}

}  // namespace

const float* NormalStream::table() {
    static const std::array<float, kLevels> t = make_table();
    return t.data();
}

void NormalStream::seed(Rng& from) {
    for (std::size_t l = 0; l < kLanes; ++l) {
        const std::uint64_t x = from.bits(), y = from.bits();
        s_[0][l] = static_cast<std::uint32_t>(x);
        s_[1][l] = static_cast<std::uint32_t>(x >> 32);
        s_[2][l] = static_cast<std::uint32_t>(y);
        s_[3][l] = static_cast<std::uint32_t>(y >> 32);
        if ((s_[0][l] | s_[1][l] | s_[2][l] | s_[3][l]) == 0) s_[0][l] = 1;  // xoshiro's one bad state
    }
}

// Lane l of step j gives out[j·16 + l] (its top 12 bits) and out[j·16 + 8 + l] (the next 12). The
// eight generators advance together as one vector (GCC vector extension: two SSE2 registers in
// the baseline clone, one AVX2 register in the other); the table lookups are scalar L1 loads.
ORGFORCES_CLONES void NormalStream::fill(float* out, std::size_t n) {
    typedef std::uint32_t u32x8 __attribute__((vector_size(32)));
    const float* t = table();
    u32x8 s0, s1, s2, s3;
    std::memcpy(&s0, s_[0], sizeof s0);
    std::memcpy(&s1, s_[1], sizeof s1);
    std::memcpy(&s2, s_[2], sizeof s2);
    std::memcpy(&s3, s_[3], sizeof s3);
    for (std::size_t j = 0; j < n; j += kBlock) {
        const u32x8 x = s1 * 5u;  // xoshiro128**
        const u32x8 r = ((x << 7) | (x >> 25)) * 9u;
        const u32x8 sh = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= sh;
        s3 = (s3 << 11) | (s3 >> 21);
        const u32x8 hi = r >> (32 - kTableBits);
        const u32x8 lo = (r >> (32 - 2 * kTableBits)) & std::uint32_t(kLevels - 1);
        for (std::size_t l = 0; l < kLanes; ++l) {
            out[j + l] = t[hi[l]];
            out[j + kLanes + l] = t[lo[l]];
        }
    }
    std::memcpy(s_[0], &s0, sizeof s0);
    std::memcpy(s_[1], &s1, sizeof s1);
    std::memcpy(s_[2], &s2, sizeof s2);
    std::memcpy(s_[3], &s3, sizeof s3);
}

ORGFORCES_CLONES void practice(double* p, std::size_t slots, int T, const int* begin, const int* count,
                               const double* alpha, const double* beta, const Lean* leans, int nleans, double sigma,
                               NormalStream& noise, float* z) {
    if (sigma > 0.0) {
        noise.fill(z, slots);
        practice_dispatch<true>(p, T, begin, count, alpha, beta, leans, nleans, sigma, z);
    } else {
        practice_dispatch<false>(p, T, begin, count, alpha, beta, leans, nleans, sigma, z);
    }
}

ORGFORCES_CLONES void socialize(double* a, std::size_t n, double code, double depth) {
    for (std::size_t i = 0; i < n; ++i) a[i] += depth * (code - a[i]);
}

// Partial sum l holds the elements i ≡ l (mod 4) in order: one 4-lane vector add per 4 elements.
ORGFORCES_INLINE double sum_inline(const double* x, int n) {
    typedef double f64x4 __attribute__((vector_size(32)));
    f64x4 acc = {0.0, 0.0, 0.0, 0.0};
    int i = 0;
    for (; i + 4 <= n; i += 4) {
        f64x4 v;
        std::memcpy(&v, x + i, sizeof v);
        acc += v;
    }
    // The tail (at most 3) goes to lanes 0, 1, 2 as scalars: writing a lane of `acc` in place
    // would round-trip it through memory and stall the next read of the whole vector.
    double s0 = acc[0], s1 = acc[1], s2 = acc[2];
    const double s3 = acc[3];
    if (i < n) s0 += x[i++];
    if (i < n) s1 += x[i++];
    if (i < n) s2 += x[i];
    return (s0 + s1) + (s2 + s3);
}

double sum(const double* x, int n) { return sum_inline(x, n); }

ORGFORCES_CLONES void team_means(const double* x, std::size_t slots, int rows, int T, const int* begin,
                                 const int* count, double* out) {
    for (int t = 0; t < T; ++t) {
        const int n = count[t];
        if (n == 0) continue;
        for (int r = 0; r < rows; ++r)
            out[std::size_t(t) * rows + r] = sum_inline(x + std::size_t(r) * slots + begin[t], n) / n;
    }
}

// q_tr for R rows at once: R independent chains (the additions of each in slot order), so the
// core overlaps their latencies instead of waiting on one chain at a time.
template <int R>
ORGFORCES_INLINE void add_squares(const double* x, std::size_t slots, int n, const double* m, double& var) {
    double q[R] = {};
    for (int i = 0; i < n; ++i)
        for (int r = 0; r < R; ++r) {
            const double e = x[std::size_t(r) * slots + i] - m[r];
            q[r] += e * e;
        }
    for (int r = 0; r < R; ++r) var += q[r] / n;
}

ORGFORCES_CLONES void team_spread(const double* x, std::size_t slots, int rows, int T, const int* begin,
                                  const int* count, const double* mean, double* out) {
    for (int t = 0; t < T; ++t) {
        const int n = count[t];
        if (n == 0 || rows == 0) continue;
        const double* xt = x + begin[t];
        const double* m = mean + std::size_t(t) * rows;
        double var = 0.0;
        int r = 0;
        for (; r + 4 <= rows; r += 4) add_squares<4>(xt + std::size_t(r) * slots, slots, n, m + r, var);
        for (; r + 2 <= rows; r += 2) add_squares<2>(xt + std::size_t(r) * slots, slots, n, m + r, var);
        for (; r < rows; ++r) add_squares<1>(xt + std::size_t(r) * slots, slots, n, m + r, var);
        out[t] = std::sqrt(var / rows);
    }
}

TeamForces::TeamForces(const model::Regime& r) : r_(&r) {
    const int G = r.G, D = r.D;
    term_begin_.push_back(0);
    for (int g = 0; g < G; ++g) {
        for (int d = 0; d < D; ++d) {
            const double mk = r.mask[std::size_t(g) * D + d];
            if (mk != 0.0) terms_.push_back({d, mk, r.target[std::size_t(g) * D + d]});
        }
        term_begin_.push_back(static_cast<int>(terms_.size()));
    }
    reach_begin_.push_back(0);
    for (int t = 0; t < r.T; ++t) {
        for (int g = 0; g < G; ++g)
            if (r.reach[std::size_t(t) * G + g]) reach_.push_back(g);
        reach_begin_.push_back(static_cast<int>(reach_.size()));
    }
}

// model::team_pull's arithmetic over the forces reaching t only (an unreached force adds nothing:
// it is skipped there too), with the D sums in registers: through the output pointers, which may
// alias the inputs, every addition would be a store and a reload.
template <int D>
ORGFORCES_INLINE void pull_fixed(const model::Regime& r, const int* reach, int nreach, int t, const double* factors,
                                 const double* intent, double mu, const double* mean, double* alpha, double* beta,
                                 double* gk, double wear) {
    const double keep = 1.0 - r.shielding[t];
    const double lam = r.leadership[t] * (1.0 - wear);
    double a[D], b[D];
    for (int d = 0; d < D; ++d) {
        a[d] = lam + mu;
        b[d] = mu != 0.0 ? lam * intent[d] + mu * mean[d] : lam * intent[d];
    }
    for (int g = 0; g < r.G; ++g) gk[g] = 0.0;
    for (int j = 0; j < nreach; ++j) {
        const int g = reach[j];
        const double k = keep * factors[g];
        gk[g] = k;
        if (k == 0.0) continue;
        const double* tg = r.target.data() + std::size_t(g) * D;
        const double* mk = r.mask.data() + std::size_t(g) * D;
        for (int d = 0; d < D; ++d) {
            a[d] += k * mk[d];
            b[d] += k * mk[d] * tg[d];
        }
    }
    for (int d = 0; d < D; ++d) {
        alpha[d] = a[d];
        beta[d] = b[d];
    }
}

void TeamForces::pull(int t, const double* factors, const double* intent, double mu, const double* mean,
                      double* alpha, double* beta, double* gk, double wear) const {
    const model::Regime& r = *r_;
    const int* reach = reach_.data() + reach_begin_[t];
    const int n = reach_begin_[t + 1] - reach_begin_[t];
    switch (r.D) {
        case 1: return pull_fixed<1>(r, reach, n, t, factors, intent, mu, mean, alpha, beta, gk, wear);
        case 2: return pull_fixed<2>(r, reach, n, t, factors, intent, mu, mean, alpha, beta, gk, wear);
        case 3: return pull_fixed<3>(r, reach, n, t, factors, intent, mu, mean, alpha, beta, gk, wear);
        case 4: return pull_fixed<4>(r, reach, n, t, factors, intent, mu, mean, alpha, beta, gk, wear);
        case 5: return pull_fixed<5>(r, reach, n, t, factors, intent, mu, mean, alpha, beta, gk, wear);
        case 6: return pull_fixed<6>(r, reach, n, t, factors, intent, mu, mean, alpha, beta, gk, wear);
        case 7: return pull_fixed<7>(r, reach, n, t, factors, intent, mu, mean, alpha, beta, gk, wear);
        case 8: return pull_fixed<8>(r, reach, n, t, factors, intent, mu, mean, alpha, beta, gk, wear);
        default: return model::team_pull(r, t, factors, intent, mu, mean, alpha, beta, gk, wear);
    }
}

// An unnamed dimension adds 0 · gap² (±0) to a sum that starts at +0 and only grows: no change.
model::Pressure TeamForces::pressure(int t, const double* factors, const double* mean) const {
    const model::Regime& r = *r_;
    double total = 0.0;
    for (int j = reach_begin_[t]; j < reach_begin_[t + 1]; ++j) {
        const int g = reach_[j];
        if (factors[g] == 0.0 || r.mask_count[g] == 0.0) continue;
        double gap2 = 0.0;
        for (int i = term_begin_[g]; i < term_begin_[g + 1]; ++i) {
            const Term& term = terms_[i];
            const double diff = mean[term.d] - term.target;
            gap2 += term.mask * diff * diff;
        }
        total += factors[g] * std::sqrt(gap2 / r.mask_count[g]);
    }
    const double s = r.shielding[t];
    return {model::saturate((1.0 - s) * total, r.friction_scale), model::saturate(s * total, r.friction_scale)};
}

}  // namespace orgforces::sim::kernel
