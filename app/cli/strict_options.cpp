#include "app/cli/strict_options.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "app/cli/command.hpp"
#include "model/schema.hpp"
#include "sim/run_plan.hpp"
#include "store/sqlite.hpp"

namespace orgforces::cli {

namespace {

// CLI11 would wrap "-1" to 2^64 - 1 and saturate larger numbers; only plain digits are a seed.
std::string seed_problem(const std::string& text) {
    std::uint64_t v = 0;
    const char* end = text.data() + text.size();
    const bool digits = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
    const auto [ptr, ec] = std::from_chars(text.data(), end, v);
    if (!digits || ec != std::errc() || ptr != end)
        return "--seed must be a whole number from 0 to 18446744073709551615, got '" + text.substr(0, 40) + "'";
    return "";
}

std::string lower_threads(std::string& text) {
    long long v = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || ptr != text.data() + text.size()) return "";  // the command's own check reports it
    const int cores = sim::hardware_threads();
    const long long cap = static_cast<long long>(kMaxThreadsPerCore) * cores;
    if (v > cap) {
        std::fprintf(stderr, "orgforces: --threads %lld is more than %d per core on this machine (%d cores); using %lld "
                             "(results do not depend on the thread count)\n", v, kMaxThreadsPerCore, cores, cap);
        text = std::to_string(cap);
    }
    return "";
}

void harden(CLI::App& app) {
    for (CLI::Option* opt : app.get_options()) {
        if (opt->check_lname("seed"))
            opt->check(CLI::Validator(seed_problem, "UINT", "seed"));
        else if (opt->check_lname("replicates"))
            opt->check(CLI::Range(1, model::Limits::max_replicates));
        else if (opt->check_lname("threads"))
            opt->transform(CLI::Validator(lower_threads, "", "thread cap"));
    }
    for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) harden(*sub);
}

}  // namespace

void apply_strict_options(CLI::App& app) { harden(app); }

void configure_database_waits() {
    store::BusyPolicy policy;
    if (const char* env = std::getenv("ORGFORCES_DB_WAIT"); env && *env) {
        char* end = nullptr;
        const double seconds = std::strtod(env, &end);
        if (end == env || *end != '\0' || !std::isfinite(seconds) || seconds < 0)
            throw UsageError(fmt::format("ORGFORCES_DB_WAIT must be a number of seconds, got '{}'", env));
        policy.max_seconds = seconds;
    }
    policy.on_wait = [](const std::string& path, double max_seconds) {
        std::fprintf(stderr, "orgforces: waiting for %s: another process is writing to it (waiting up to %.0f s; "
                             "ORGFORCES_DB_WAIT=SECONDS changes this)\n", path.c_str(), max_seconds);
    };
    store::set_busy_policy(std::move(policy));
}

}  // namespace orgforces::cli
