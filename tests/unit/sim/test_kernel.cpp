// The per-person hot path (sim/kernel.hpp): the run-time-selected vectorized code gives exactly
// what the plain loops of its contract give, and the practice noise is a standard normal.
#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "model/dynamics.hpp"
#include "model/loader.hpp"
#include "orgforces/source_dir.hpp"
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

TEST_CASE("team spreads equal their contract's plain loop, bit for bit") {
    for (int rows : {1, 2, 3, 6, 7}) {
        CAPTURE(rows);
        Org org(rows);
        std::vector<double> flat;
        for (const auto& a : org.A) flat.insert(flat.end(), a.begin(), a.end());
        std::vector<double> mean(std::size_t(org.T) * rows, 0.0);
        sim::kernel::team_means(flat.data(), org.N, rows, org.T, org.begin.data(), org.count.data(), mean.data());
        std::vector<double> got(org.T, -1.0);
        sim::kernel::team_spread(flat.data(), org.N, rows, org.T, org.begin.data(), org.count.data(), mean.data(),
                                 got.data());
        for (int t = 0; t < org.T; ++t) {
            const int n = org.count[t];
            double var = 0.0;
            for (int r = 0; r < rows; ++r) {
                const double m = mean[std::size_t(t) * rows + r];
                double q = 0.0;
                for (int i = 0; i < n; ++i) q += (org.A[r][org.begin[t] + i] - m) * (org.A[r][org.begin[t] + i] - m);
                var += q / n;
            }
            const double expected = n == 0 ? -1.0 : std::sqrt(var / rows);
            CHECK(std::bit_cast<std::uint64_t>(got[t]) == std::bit_cast<std::uint64_t>(expected));
        }
    }
}

// The tick's gravity against model/dynamics on every regime of several bundled scenarios, at random
// means, intents, wear and force factors (some zero), and at starting sums of −0 (zero leadership
// and mu, an intent of −0), where skipping a zero term would change the sign of a zero.
TEST_CASE("the tick's team forces equal model::team_pull and model::pressure, bit for bit") {
    const auto bits = [](double x) { return std::bit_cast<std::uint64_t>(x); };
    sim::Rng rng(11, 0, sim::StreamPurpose::Extra);
    for (const char* name : {"hello-world.yaml", "innovation-in-a-keeping-org.yaml", "bench/large-org.yaml",
                             "classics/harrison-carroll-1991.yaml", "okrs-and-long-horizons.yaml"}) {
        CAPTURE(name);
        const auto s = model::load_scenario_file(std::string(ORGFORCES_SOURCE_DIR) + "/scenarios/" + name);
        for (const auto& version : model::scenario_versions(s)) {
            model::Regime r = model::compile_regime(version.scenario);
            REQUIRE(r.T > 0);
            r.leadership[0] = 0.0;  // team 0: sums that can start at −0
            r.mu[0] = 0.0;
            const sim::kernel::TeamForces forces(r);
            const int D = r.D, G = r.G;
            std::vector<double> factors(G), mean(D), intent(D), a1(D), b1(D), a2(D), b2(D), g1(G), g2(G);
            for (int trial = 0; trial < 20; ++trial)
                for (int t = 0; t < r.T; ++t) {
                    for (int g = 0; g < G; ++g) factors[g] = rng.uniform() < 0.2 ? 0.0 : 0.05 * rng.uniform();
                    for (int d = 0; d < D; ++d) {
                        mean[d] = rng.uniform();
                        intent[d] = t == 0 && trial % 2 == 0 ? -0.0 : rng.uniform();
                    }
                    const double wear = trial == 1 ? 0.0 : rng.uniform();
                    model::team_pull(r, t, factors.data(), intent.data(), r.mu[t], mean.data(), a1.data(), b1.data(),
                                     g1.data(), wear);
                    forces.pull(t, factors.data(), intent.data(), r.mu[t], mean.data(), a2.data(), b2.data(),
                                g2.data(), wear);
                    for (int d = 0; d < D; ++d) {
                        CHECK(bits(a1[d]) == bits(a2[d]));
                        CHECK(bits(b1[d]) == bits(b2[d]));
                    }
                    for (int g = 0; g < G; ++g) CHECK(bits(g1[g]) == bits(g2[g]));
                    const model::Pressure p1 = model::pressure(r, t, factors.data(), mean.data());
                    const model::Pressure p2 = forces.pressure(t, factors.data(), mean.data());
                    CHECK(bits(p1.friction) == bits(p2.friction));
                    CHECK(bits(p1.load) == bits(p2.load));
                }
        }
    }
}

// The noise against its documented construction, one scalar xoshiro128** per lane: whichever copy
// of NormalStream::fill the processor runs (table loads or AVX2 gathers), the same values.
TEST_CASE("practice noise equals eight scalar xoshiro128** generators through the table") {
    const auto rotl = [](std::uint32_t x, int k) { return (x << k) | (x >> (32 - k)); };
    sim::Rng a(5, 3, sim::StreamPurpose::Practice), b(5, 3, sim::StreamPurpose::Practice);
    NormalStream noise;
    noise.seed(a);
    std::uint32_t s[8][4];
    for (auto& lane : s) {
        const std::uint64_t x = b.bits(), y = b.bits();
        lane[0] = std::uint32_t(x), lane[1] = std::uint32_t(x >> 32), lane[2] = std::uint32_t(y),
        lane[3] = std::uint32_t(y >> 32);
        if ((lane[0] | lane[1] | lane[2] | lane[3]) == 0) lane[0] = 1;
    }
    const float* table = NormalStream::table();
    std::vector<float> got(4096);
    for (int round = 0; round < 3; ++round) {
        noise.fill(got.data(), got.size());
        for (std::size_t j = 0; j < got.size(); j += 16)
            for (int l = 0; l < 8; ++l) {
                auto& g = s[l];
                const std::uint32_t r = rotl(g[1] * 5u, 7) * 9u, t = g[1] << 9;
                g[2] ^= g[0], g[3] ^= g[1], g[1] ^= g[2], g[0] ^= g[3], g[2] ^= t, g[3] = rotl(g[3], 11);
                CHECK(got[j + l] == table[r >> 20]);
                CHECK(got[j + 8 + l] == table[(r >> 8) & 4095u]);
            }
    }
}
