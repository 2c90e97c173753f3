#pragma once
// The per-person hot path of a tick (docs/model.md#one-tick, docs/performance.md): the practice
// update of one dimension for every team in one call, water socialization, team sums, and the
// practice noise. Loops are written so the compiler vectorizes them; with GCC on x86-64 each
// function is also built for AVX2 and picked at run time, with the same results (no fused
// multiply-adds, only exactly rounded operations), so a seed means the same numbers everywhere.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "model/dynamics.hpp"
#include "sim/rng.hpp"

namespace orgforces::sim::kernel {

/// Practice noise: standard normals quantized to 4,096 levels (Φ⁻¹ at the midpoints, scaled to unit
/// variance, |z| ≤ 3.7), from 8 interleaved xoshiro128** generators seeded from one Rng; each
/// 32-bit draw gives two values, and the 16 KiB table stays in L1.
class NormalStream {
public:
    static constexpr std::size_t kLanes = 8;
    static constexpr std::size_t kBlock = 2 * kLanes;  ///< values per generator step

    /// Seeds every lane from `from` (the replicate's practice stream).
    void seed(Rng& from);
    /// Writes round_up(n, kBlock) values to out (which must have room for them).
    void fill(float* out, std::size_t n);
    /// The 4,096 levels (mean 0, variance 1).
    static const float* table();

private:
    alignas(32) std::uint32_t s_[4][kLanes] = {};
};

/// A water force leaning on the dimension being updated: alpha += w a, beta += v a per person.
struct Lean {
    const double* a;  ///< the force's assumption levels, one per slot
    double w, v;
};

/// Room for the noise of `slots` slots (NormalStream::fill rounds up).
inline std::size_t noise_room(std::size_t slots) {
    return (slots + NormalStream::kBlock - 1) / NormalStream::kBlock * NormalStream::kBlock;
}

/// One dimension's practice update: p[i] = clip01(p[i] + (b_i − a_i p[i]) + sigma z_i) for the
/// first count[t] slots from begin[t] of each team t < T, where a_i = alpha[t] + Σ leans w·a[i] and
/// b_i = beta[t] + Σ leans v·a[i]. The noise z is drawn for all `slots` slots (so the stream does
/// not depend on headcounts) into z, which has noise_room(slots) floats; none when sigma = 0.
void practice(double* p, std::size_t slots, int T, const int* begin, const int* count, const double* alpha,
              const double* beta, const Lean* leans, int nleans, double sigma, NormalStream& noise, float* z);

/// a[i] += depth (code − a[i]) for every slot i < n.
void socialize(double* a, std::size_t n, double code, double depth);

/// Σ x[0, n) in a fixed order (four interleaved partial sums, then (s0 + s1) + (s2 + s3)).
double sum(const double* x, int n);

/// Team means of `rows` rows of `slots` slots (row r at x + r · slots): out[t · rows + r] is the
/// sum of the first count[t] slots from begin[t] over count[t]; teams with no people keep theirs.
void team_means(const double* x, std::size_t slots, int rows, int T, const int* begin, const int* count, double* out);

/// Team spreads from the team means `mean` (T × rows): out[t] = sqrt((Σ_r q_tr / count[t]) / rows)
/// with q_tr = Σ_i (x_ri − mean[t · rows + r])² over the team's slots in order and the outer sum in
/// row order; teams with no people (or rows = 0) keep theirs.
void team_spread(const double* x, std::size_t slots, int rows, int T, const int* begin, const int* count,
                 const double* mean, double* out);

/// One regime's gravity laid out for the tick (the forces reaching each team; for the pressure, the
/// dimensions each force names), giving exactly what model::team_pull and model::pressure give,
/// bit for bit, without their loops over unreached forces. `r` must outlive it.
class TeamForces {
public:
    explicit TeamForces(const model::Regime& r);
    /// model::team_pull(r, t, ...), the same numbers.
    void pull(int t, const double* factors, const double* intent, double mu, const double* mean, double* alpha,
              double* beta, double* gk, double wear) const;
    /// model::pressure(r, t, factors, mean), the same numbers.
    model::Pressure pressure(int t, const double* factors, const double* mean) const;

private:
    struct Term {
        int d;
        double mask, target;
    };
    const model::Regime* r_;
    std::vector<int> term_begin_;   // G + 1: force g names terms_[term_begin_[g], term_begin_[g + 1])
    std::vector<Term> terms_;
    std::vector<int> reach_begin_;  // T + 1: team t is reached by reach_[reach_begin_[t], reach_begin_[t + 1])
    std::vector<int> reach_;
};

}  // namespace orgforces::sim::kernel
