// validate_march1991: prints the March (1991) reproduction tables of docs/validation.md.
//
//   validate_march1991 [--replicates N] [--seed S] [--table NAME]...
//
// NAME is one of p1p2, mix, turnover, turbulence (default: all four). Every cell is the mean
// over N replicates (default 1000) with its 95% interval half-width (1.96 standard errors).
// Deterministic: the same seed prints the same tables.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "model/march1991.hpp"
#include "sim/march1991.hpp"

using orgforces::model::March1991;
using orgforces::sim::summarize_march1991;

namespace {

struct Options {
    int replicates = 1000;
    std::uint64_t seed = 1991;
    std::set<std::string> tables;
};

std::string cell(const orgforces::sim::MarchStat& s) {
    return fmt::format("{:.3f} ± {:.3f}", s.mean, 1.96 * s.se);
}

// Code knowledge after each of `at` periods (one run per replicate to the last of them).
std::vector<std::string> cells_over_time(const March1991& p, const std::vector<int>& at,
                                         const Options& o) {
    std::vector<std::vector<double>> values(at.size());
    for (int r = 0; r < o.replicates; ++r) {
        const auto trace = orgforces::sim::run_march1991(p, at.back(), o.seed, std::uint64_t(r));
        for (std::size_t k = 0; k < at.size(); ++k) values[k].push_back(trace.code_at(at[k]));
    }
    std::vector<std::string> out;
    for (const auto& v : values) out.push_back(cell(orgforces::sim::stat_of(v)));
    return out;
}

March1991 base(double p1, double p2) {
    March1991 p;
    p.p1 = p1;
    p.p2 = p2;
    return p;
}

// Figure 1: equilibrium code knowledge by socialization rate p1 and code learning rate p2.
void table_p1p2(const Options& o) {
    fmt::print("### Equilibrium code knowledge by p1 (rows) and p2 (columns)\n\n");
    fmt::print("m = 30, n = 50, p3 = p4 = 0, run to the absorbing state; {} replicates per cell.\n\n",
               o.replicates);
    const std::vector<double> p2s = {0.1, 0.5, 0.9};
    fmt::print("| p1 |");
    for (double p2 : p2s) fmt::print(" p2 = {} |", p2);
    fmt::print(" periods to absorb (p2 = 0.5) |\n|---|");
    for (std::size_t i = 0; i < p2s.size(); ++i) fmt::print("---|");
    fmt::print("---|\n");
    for (double p1 : {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9}) {
        fmt::print("| {} |", p1);
        double periods = 0.0;
        for (double p2 : p2s) {
            const auto s = summarize_march1991(base(p1, p2), 0, o.seed, o.replicates);
            fmt::print(" {} |", cell(s.code_knowledge));
            if (p2 == 0.5) periods = s.periods.mean;
        }
        fmt::print(" {:.0f} |\n", periods);
    }
    fmt::print("\n");
}

// Figure 2: a mix of fast (0.9) and slow (0.1) learners against a uniform population of the
// same mean rate.
void table_mix(const Options& o) {
    fmt::print("### Fast/slow mix against a uniform population of the same mean p1\n\n");
    fmt::print("m = 30, n = 50, p2 = 0.5, p3 = p4 = 0, equilibrium code knowledge; fast learners "
               "p1 = 0.9, slow p1 = 0.1; {} replicates per cell.\n\n", o.replicates);
    fmt::print("| fast learners | mean p1 | mix (0.9 / 0.1) | uniform at mean p1 | mix − uniform | "
               "periods to absorb: mix / uniform |\n");
    fmt::print("|---|---|---|---|---|---|\n");
    for (int fast : {0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50}) {
        const double share = fast / 50.0;
        const double mean_p1 = 0.1 + 0.8 * share;
        March1991 mix = base(0.1, 0.5);
        mix.fast_share = share;
        const auto m = summarize_march1991(mix, 0, o.seed, o.replicates);
        const auto u = summarize_march1991(base(mean_p1, 0.5), 0, o.seed, o.replicates);
        fmt::print("| {} | {:.2f} | {} | {} | {:+.3f} | {:.0f} / {:.0f} |\n", fast, mean_p1,
                   cell(m.code_knowledge), cell(u.code_knowledge),
                   m.code_knowledge.mean - u.code_knowledge.mean, m.periods.mean, u.periods.mean);
    }
    fmt::print("\n");
}

// Figure 3: turnover by socialization rate, code knowledge after a fixed number of periods.
void table_turnover(const Options& o) {
    const std::vector<int> at = {20, 50, 100, 200};
    fmt::print("### Turnover p3 by socialization rate p1: code knowledge after t periods\n\n");
    fmt::print("m = 30, n = 50, p2 = 0.5, p4 = 0; {} replicates per cell.\n\n", o.replicates);
    fmt::print("| p1 | p3 |");
    for (int t : at) fmt::print(" t = {} |", t);
    fmt::print("\n|---|---|");
    for (std::size_t i = 0; i < at.size(); ++i) fmt::print("---|");
    fmt::print("\n");
    for (double p1 : {0.1, 0.5, 0.9}) {
        for (double p3 : {0.0, 0.01, 0.02, 0.05, 0.1, 0.2}) {
            March1991 p = base(p1, 0.5);
            p.p3 = p3;
            p.until_equilibrium = false;
            fmt::print("| {} | {} |", p1, p3);
            for (const auto& c : cells_over_time(p, at, o)) fmt::print(" {} |", c);
            fmt::print("\n");
        }
    }
    fmt::print("\n");
}

// Figure 4 / Table 1: turbulence with and without turnover, code knowledge over time.
void table_turbulence(const Options& o) {
    const std::vector<int> at = {0, 10, 20, 50, 100, 200, 400};
    fmt::print("### Turbulence p4 = 0.02 with and without turnover: code knowledge after t periods\n\n");
    fmt::print("m = 30, n = 50, p1 = p2 = 0.5; {} replicates per cell. Chance is 0.5 for a code "
               "with no zero entries.\n\n", o.replicates);
    fmt::print("| p3 |");
    for (int t : at) fmt::print(" t = {} |", t);
    fmt::print("\n|---|");
    for (std::size_t i = 0; i < at.size(); ++i) fmt::print("---|");
    fmt::print("\n");
    for (double p3 : {0.0, 0.01, 0.02, 0.05, 0.1, 0.2}) {
        March1991 p = base(0.5, 0.5);
        p.p3 = p3;
        p.p4 = 0.02;
        p.until_equilibrium = false;
        fmt::print("| {} |", p3);
        for (const auto& c : cells_over_time(p, at, o)) fmt::print(" {} |", c);
        fmt::print("\n");
    }
    fmt::print("\n");
}

[[noreturn]] void usage(int code) {
    std::fprintf(code == 0 ? stdout : stderr,
                 "usage: validate_march1991 [--replicates N] [--seed S] [--table NAME]...\n"
                 "Prints the March (1991) reproduction tables of docs/validation.md as Markdown.\n"
                 "  --replicates N  replicates per cell (default 1000)\n"
                 "  --seed S        run seed (default 1991)\n"
                 "  --table NAME    p1p2, mix, turnover or turbulence (repeatable; default all)\n");
    std::exit(code);
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) usage(2);
            return argv[++i];
        };
        try {
            if (arg == "--replicates") o.replicates = std::stoi(value());
            else if (arg == "--seed") o.seed = std::stoull(value());
            else if (arg == "--table") o.tables.insert(value());
            else if (arg == "--help" || arg == "-h") usage(0);
            else usage(2);
        } catch (const std::exception&) {
            usage(2);
        }
    }
    if (o.replicates < 2) usage(2);
    for (const auto& t : o.tables)
        if (t != "p1p2" && t != "mix" && t != "turnover" && t != "turbulence") usage(2);
    auto want = [&](const char* name) { return o.tables.empty() || o.tables.count(name) > 0; };

    const auto start = std::chrono::steady_clock::now();
    if (want("p1p2")) table_p1p2(o);
    if (want("mix")) table_mix(o);
    if (want("turnover")) table_turnover(o);
    if (want("turbulence")) table_turbulence(o);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::fprintf(stderr, "validate_march1991: %d replicates per cell, seed %llu, %.1f s\n",
                 o.replicates, static_cast<unsigned long long>(o.seed), seconds);
    return 0;
}
