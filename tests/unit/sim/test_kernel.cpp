// The per-person hot path (sim/kernel.hpp): the run-time-selected vectorized code gives exactly
// what the plain loops of its contract give, and the practice noise is a standard normal.
#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <vector>

#include "sim/kernel.hpp"
#include "sim/rng.hpp"

using namespace orgforces;
using sim::kernel::Lean;
using sim::kernel::NormalStream;

namespace {

double clip01(double x) { return x < 0.0 ? 0.0 : (x > 1.0 ? 1.0 : x); }

// Teams of 0 to 40 people in slots of 45 each, practice and assumption levels uniform in [0, 1].
struct Org {
    int T = 37;
    std::size_t cap = 45, N = 0;
    std::vector<int> begin, count;
    std::vector<double> P, alpha, beta;
    std::vector<std::vector<double>> A;
    explicit Org(int waters) {
        sim::Rng rng(7, 0, sim::StreamPurpose::Extra);
        for (int t = 0; t < T; ++t) {
            begin.push_back(static_cast<int>(N));
            count.push_back(t == 3 ? 0 : static_cast<int>(rng.below(41)));
            N += cap;
            alpha.push_back(0.01 + 0.2 * rng.uniform());
            beta.push_back(0.1 * rng.uniform());
        }
        for (std::size_t i = 0; i < N; ++i) P.push_back(rng.uniform());
        P[5] = 0.0;  // at the bounds, where the clip decides
        P[6] = 1.0;
        for (int k = 0; k < waters; ++k) {
            A.emplace_back();
            for (std::size_t i = 0; i < N; ++i) A.back().push_back(rng.uniform());
        }
    }
};

}  // namespace

TEST_CASE("the practice kernel equals its contract's plain loop, bit for bit, for 0 to 5 leans") {
    for (int leans = 0; leans <= 5; ++leans)
        for (double sigma : {0.0, 0.05, 0.8}) {  // 0.8 pushes many people past 0 and 1
            CAPTURE(leans);
            CAPTURE(sigma);
            Org org(leans);
            std::vector<Lean> ls;
            for (int k = 0; k < leans; ++k) ls.push_back({org.A[k].data(), 0.01 * (k + 1), 0.004 * (k + 2)});
            sim::Rng seeder(3, 1, sim::StreamPurpose::Practice);
            NormalStream noise;
            noise.seed(seeder);
            NormalStream copy = noise;
            std::vector<float> z(sim::kernel::noise_room(org.N)), zref(z.size());
            if (sigma > 0.0) copy.fill(zref.data(), org.N);
            std::vector<double> expected = org.P;
            for (int t = 0; t < org.T; ++t)
                for (int i = org.begin[t]; i < org.begin[t] + org.count[t]; ++i) {
                    double ca = org.alpha[t], cb = org.beta[t];
                    for (const Lean& l : ls) {
                        ca += l.a[i] * l.w;
                        cb += l.a[i] * l.v;
                    }
                    const double x = expected[i] + (cb - ca * expected[i]);
                    expected[i] = clip01(sigma > 0.0 ? x + sigma * double(zref[i]) : x);
                }
            sim::kernel::practice(org.P.data(), org.N, org.T, org.begin.data(), org.count.data(), org.alpha.data(),
                                  org.beta.data(), ls.data(), leans, sigma, noise, z.data());
            const Org before(leans);
            int differ = 0, moved = 0;
            for (std::size_t i = 0; i < org.N; ++i) {
                differ += std::bit_cast<std::uint64_t>(org.P[i]) != std::bit_cast<std::uint64_t>(expected[i]);
                moved += org.P[i] != before.P[i];
            }
            CHECK(differ == 0);
            CHECK(moved > 500);  // people outside any team (and team 3's slots) stay put; the rest move
        }
}

TEST_CASE("team means and socialization equal their plain loops") {
    Org org(3);
    std::vector<double> flat;
    for (const auto& a : org.A) flat.insert(flat.end(), a.begin(), a.end());
    std::vector<double> got(std::size_t(org.T) * 3, -1.0);
    sim::kernel::team_means(flat.data(), org.N, 3, org.T, org.begin.data(), org.count.data(), got.data());
    for (int t = 0; t < org.T; ++t)
        for (int k = 0; k < 3; ++k) {
            const double* x = &org.A[k][org.begin[t]];
            const int n = org.count[t];
            double s[4] = {0, 0, 0, 0};
            for (int i = 0; i < n; ++i) s[i % 4] += x[i];  // the documented order
            const double expected = n == 0 ? -1.0 : ((s[0] + s[1]) + (s[2] + s[3])) / n;
            CHECK(got[std::size_t(t) * 3 + k] == expected);
            if (n > 0) CHECK(std::abs(expected - sim::kernel::sum(x, n) / n) == 0.0);
        }
    std::vector<double> a = org.A[0];
    sim::kernel::socialize(a.data(), org.N, 0.7, 0.03);
    for (std::size_t i = 0; i < org.N; ++i) CHECK(a[i] == org.A[0][i] + 0.03 * (0.7 - org.A[0][i]));
}

TEST_CASE("practice noise: unit normal moments, tails, per-seed determinism and independent replicates") {
    const float* table = NormalStream::table();
    double m = 0.0, v = 0.0;
    for (int k = 0; k < 4096; ++k) {
        m += table[k];
        v += double(table[k]) * table[k];
    }
    CHECK(std::abs(m / 4096) < 1e-9);
    CHECK(std::abs(v / 4096 - 1.0) < 1e-6);
    CHECK(table[0] < -3.5);
    CHECK(table[4095] > 3.5);

    const std::size_t n = 1 << 20;
    std::vector<float> z(n), again(n), other(n);
    auto draw = [&](std::uint64_t replicate, std::vector<float>& out) {
        sim::Rng seeder(11, replicate, sim::StreamPurpose::Practice);
        NormalStream s;
        s.seed(seeder);
        for (std::size_t b = 0; b < n; b += 4096) s.fill(out.data() + b, 4096);
    };
    draw(0, z);
    draw(0, again);
    draw(1, other);
    CHECK(z == again);
    double sum = 0.0, sq = 0.0, cross = 0.0, lag = 0.0;
    std::size_t beyond = 0;
    for (std::size_t i = 0; i < n; ++i) {
        sum += z[i];
        sq += double(z[i]) * z[i];
        cross += double(z[i]) * other[i];
        if (i > 0) lag += double(z[i]) * z[i - 1];
        beyond += std::abs(z[i]) > 1.959964;
    }
    const double se = 1.0 / std::sqrt(double(n));  // about 0.001
    CHECK(std::abs(sum / n) < 5 * se);
    CHECK(std::abs(sq / n - 1.0) < 5 * std::sqrt(2.0) * se);
    CHECK(std::abs(cross / n) < 5 * se);  // replicates' streams are uncorrelated
    CHECK(std::abs(lag / n) < 5 * se);    // and so are neighbouring slots
    CHECK(std::abs(double(beyond) / n - 0.05) < 5 * std::sqrt(0.05 * 0.95) * se);
}
