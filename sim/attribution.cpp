// Shapley attribution of contributors (forces and team policies), measures, batching and the small job pool shared with levers.
//
// Sections: [measures] [jobs] [shapley]

#include "sim/attribution.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <limits>
#include <map>
#include <mutex>
#include <stdexcept>

#include "model/oracle.hpp"
#include "model/registry.hpp"
#include "sim/ensemble.hpp"
#include "sim/rng.hpp"
#include "sim/run_plan.hpp"
#include "sim/runner.hpp"

namespace orgforces::sim {

// [measures] ----------------------------------------------------------------------------------

namespace {
const std::vector<std::string>& team_kinds() {
    static const std::vector<std::string> kinds{"drift", "friction", "leader_load", "capacity", "headcount", "distance_to_default", "spread"};
    return kinds;
}
const std::vector<std::string>& venture_kinds() {
    static const std::vector<std::string> kinds{"p_success", "expected_value"};
    return kinds;
}
std::string join(const std::vector<std::string>& xs) {
    std::string out;
    for (const auto& x : xs) out += (out.empty() ? "" : ", ") + x;
    return out;
}
}  // namespace

Measure parse_measure(const model::Scenario& s, std::string_view text) {
    const auto colon = text.find(':');
    const std::string kind(text.substr(0, colon));
    const std::string entity = colon == std::string_view::npos ? "" : std::string(text.substr(colon + 1));
    const bool team_kind = std::find(team_kinds().begin(), team_kinds().end(), kind) != team_kinds().end();
    const bool venture_kind = std::find(venture_kinds().begin(), venture_kinds().end(), kind) != venture_kinds().end();
    if (!team_kind && !venture_kind)
        throw std::invalid_argument("unknown measure '" + std::string(text) + "': write KIND:NAME with KIND one of " +
                                    join(team_kinds()) + " (teams) or " + join(venture_kinds()) + " (ventures)");
    if (team_kind && s.team_index(entity) < 0) {
        std::vector<std::string> names;
        for (const auto& t : s.teams) names.push_back(t.name);
        throw std::invalid_argument("measure '" + std::string(text) + "': no team '" + entity + "' (teams: " +
                                    join(names) + ")");
    }
    if (venture_kind && s.venture_index(entity) < 0) {
        std::vector<std::string> names;
        for (const auto& v : s.ventures) names.push_back(v.name);
        throw std::invalid_argument("measure '" + std::string(text) + "': no venture '" + entity + "'" +
                                    (names.empty() ? std::string(" (the scenario has none)") : " (ventures: " + join(names) + ")"));
    }
    return Measure{kind, entity, venture_kind};
}

bool lower_is_better(std::string_view kind) {
    kind = kind.substr(0, kind.find(':'));
    for (std::string_view k : {"drift", "friction", "leader_load", "distance_to_default", "spread", "leavers", "ideas_dismissed"})
        if (kind == k) return true;
    return false;
}

std::vector<Measure> default_measures(const model::Scenario& s) {
    if (const auto teams = model::focus_teams(s); !teams.empty()) {
        std::vector<Measure> out;
        for (const auto& t : teams) out.push_back({"drift", t, false});
        for (const auto& t : teams) out.push_back({"friction", t, false});
        for (const auto& v : model::focus_ventures(s)) {
            out.push_back({"p_success", v, true});
            out.push_back({"expected_value", v, true});
        }
        return out;
    }
    std::vector<std::string> focal;
    for (const auto& v : s.ventures)
        if (std::find(focal.begin(), focal.end(), v.team) == focal.end()) focal.push_back(v.team);
    if (focal.empty()) {
        for (int t = 0; t < static_cast<int>(s.teams.size()) && focal.empty(); ++t) {
            const auto e = model::environment_default(s, t);
            double gap = 0.0;
            for (std::size_t d = 0; d < e.size() && d < s.teams[t].intent.size(); ++d)
                gap = std::max(gap, std::abs(e[d] - s.teams[t].intent[d]));
            if (gap > 0.05) focal.push_back(s.teams[t].name);
        }
    }
    if (focal.empty() && !s.teams.empty()) focal.push_back(s.teams.front().name);
    std::vector<Measure> out;
    for (const auto& t : focal) out.push_back({"drift", t, false});
    for (const auto& t : focal) out.push_back({"friction", t, false});
    for (const auto& v : s.ventures) {
        if (std::find(focal.begin(), focal.end(), v.team) == focal.end()) continue;
        out.push_back({"p_success", v.name, true});
        out.push_back({"expected_value", v.name, true});
    }
    return out;
}

double read_measure(const EnsembleResult& r, const Measure& m) {
    if (m.venture) {
        if (const Scalar* x = r.find_scalar(m.entity, m.kind)) return x->value;
    } else if (const Series* x = r.find_series(m.entity, m.kind); x && !x->ticks.empty()) {
        return x->ticks.back().mean;
    }
    throw std::runtime_error("the run produced no measure " + m.name());
}

Evaluator engine_evaluator(std::vector<Measure> measures) {
    return [measures = std::move(measures)](const model::Scenario& s, std::uint64_t seed, int first, int count) {
        EnsembleOptions options;
        options.threads = 1;   // parallelism is over coalitions and batches, not inside one run
        PartialEnsemble part = run_replicates(s, seed, first, count, options);
        const EnsembleResult r = finish(s, std::move(part), RunPlan::resolve(s, {count, seed, 1, {}}).info());
        std::vector<double> out;
        out.reserve(measures.size());
        for (const auto& m : measures) out.push_back(read_measure(r, m));
        return out;
    };
}

// [jobs] --------------------------------------------------------------------------------------

Batching make_batching(int replicates) {
    const int blocks = std::max(1, (std::max(1, replicates) + kBlockSize - 1) / kBlockSize);
    Batching b;
    b.batches = std::min(8, blocks);
    b.per_batch = ((blocks + b.batches - 1) / b.batches) * kBlockSize;
    return b;
}

// [shapley] -----------------------------------------------------------------------------------

std::vector<Contributor> contributors(const model::Scenario& s) {
    std::vector<Contributor> out;
    auto force = [](const std::string& name, const char* group) {
        return Contributor{name, group, {model::Override{"forces." + name + ".enabled", 0.0, {}}}};
    };
    for (const auto& g : s.gravity)
        if (g.enabled) out.push_back(force(g.name, "gravity"));
    for (const auto& w : s.water)
        if (w.enabled) out.push_back(force(w.name, "water"));
    // The policies every team sets are one contributor each: per team they would multiply the
    // coalitions (2^n) past what a report can run, and a planner changes them as policies.
    Contributor links{"collaboration links", "links", {}}, lead{"leadership and shielding", "leadership", {}},
        hiring{"hiring", "hiring", {}};
    for (const auto& t : s.teams) {
        const std::string p = "teams." + t.name;
        if (s.organization.network_influence > 0.0)
            for (const auto& l : t.links)
                if (l.weight > 0.0) links.off.push_back({p + ".links." + l.team, 0.0, {}});
        if (t.leadership > 0.0) lead.off.push_back({p + ".leadership", 0.0, {}});
        if (t.shielding > 0.0) lead.off.push_back({p + ".shielding", 0.0, {}});
        if (t.hiring.replace_leavers) hiring.off.push_back({p + ".hiring.replace_leavers", 0.0, {}});
        if (t.hiring.growth != 0.0) hiring.off.push_back({p + ".hiring.growth", 0.0, {}});
    }
    for (auto* c : {&links, &lead, &hiring})
        if (!c->off.empty()) out.push_back(std::move(*c));
    return out;
}

namespace {

/// The scenario with only the contributors in `mask` (bit i = players[i]) present.
model::Scenario coalition(const model::Scenario& s, const std::vector<Contributor>& players, std::uint64_t mask) {
    std::vector<model::Override> set;
    for (std::size_t i = 0; i < players.size(); ++i)
        if (!(mask >> i & 1u)) set.insert(set.end(), players[i].off.begin(), players[i].off.end());
    return set.empty() ? s : model::apply_overrides(s, set);
}

double factorial(int n) {
    double f = 1.0;
    for (int i = 2; i <= n; ++i) f *= i;
    return f;
}

// The coalitions met along `permutations` random orders of n players, after the empty and the
// full one (`all`); the orders are appended to `orders`.
std::vector<std::uint64_t> sampled_coalitions(int n, std::uint64_t all, int permutations, std::uint64_t seed,
                                              std::vector<std::vector<int>>& orders) {
    Rng rng(seed, 0, StreamPurpose::Extra);
    std::map<std::uint64_t, bool> seen{{0, true}, {all, true}};
    std::vector<std::uint64_t> masks = {0, all};
    for (int p = 0; p < permutations; ++p) {
        std::vector<int> order(static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i) order[static_cast<std::size_t>(i)] = i;
        for (int i = n - 1; i > 0; --i)
            std::swap(order[static_cast<std::size_t>(i)], order[rng.below(static_cast<std::uint64_t>(i) + 1)]);
        std::uint64_t m = 0;
        for (int i : order) {
            m |= 1ull << i;
            if (!seen[m]) {
                seen[m] = true;
                masks.push_back(m);
            }
        }
        orders.push_back(std::move(order));
    }
    return masks;
}

// v(coalition) per batch and overall (the mean of equal batches is the mean over all replicates),
// read from the jobs' results: one row per (coalition slot, batch).
struct CoalitionValues {
    const std::vector<std::vector<double>>& results;
    const std::map<std::uint64_t, std::size_t>& slot;
    int batches = 1;
    double batch(std::uint64_t m, int b, std::size_t k) const {
        return results[slot.at(m) * static_cast<std::size_t>(batches) + static_cast<std::size_t>(b)][k];
    }
    double mean(std::uint64_t m, std::size_t k) const {
        double sum = 0.0;
        for (int b = 0; b < batches; ++b) sum += batch(m, b, k);
        return sum / batches;
    }
};

// phi_i on measure k per batch: the sum over S without i of |S|! (n - |S| - 1)! / n! (v(S + i) - v(S)).
std::vector<double> exact_contributions(const CoalitionValues& v, int i, int n, std::size_t k) {
    const std::uint64_t all = (1ull << n) - 1, bit = 1ull << i;
    std::vector<double> per_batch(static_cast<std::size_t>(v.batches), 0.0);
    for (std::uint64_t m = 0; m <= all; ++m) {
        if (m & bit) continue;
        const int size = __builtin_popcountll(m);
        const double w = factorial(size) * factorial(n - size - 1) / factorial(n);
        for (int b = 0; b < v.batches; ++b)
            per_batch[static_cast<std::size_t>(b)] += w * (v.batch(m | bit, b, k) - v.batch(m, b, k));
    }
    return per_batch;
}

// Player i's marginal contributions on measure k along the sampled orders.
std::vector<double> sampled_contributions(const CoalitionValues& v, const std::vector<std::vector<int>>& orders, int i,
                                          std::size_t k) {
    std::vector<double> contrib;
    for (const auto& order : orders) {
        std::uint64_t m = 0;
        for (int j : order) {
            if (j == i) {
                contrib.push_back(v.mean(m | (1ull << i), k) - v.mean(m, k));
                break;
            }
            m |= 1ull << j;
        }
    }
    return contrib;
}

// The mean of xs and its standard error (NaN from fewer than two values).
std::pair<double, double> mean_and_se(const std::vector<double>& xs) {
    const double count = static_cast<double>(xs.size());
    double mean = 0.0;
    for (double x : xs) mean += x;
    mean /= count;
    double ss = 0.0;
    for (double x : xs) ss += (x - mean) * (x - mean);
    return {mean, xs.size() > 1 ? std::sqrt(ss / (count - 1) / count) : std::numeric_limits<double>::quiet_NaN()};
}

}  // namespace

Attribution attribute(const model::Scenario& s, const AttributionOptions& options, const Evaluator& evaluate_in) {
    Attribution a;
    a.measures = options.measures.empty() ? default_measures(s) : options.measures;
    const Evaluator evaluate = evaluate_in ? evaluate_in : engine_evaluator(a.measures);
    const RunPlan plan = RunPlan::resolve(s, {options.replicates, options.seed, options.threads, {}});
    a.seed = plan.seed;
    const Batching batching = make_batching(plan.replicates);
    a.replicates = batching.replicates();
    const std::size_t M = a.measures.size();

    const std::vector<Contributor> players = contributors(s);
    const int n = static_cast<int>(players.size());
    if (n > 62) throw std::invalid_argument("attribution supports at most 62 contributors");
    const std::uint64_t all = n == 0 ? 0 : (n == 64 ? ~0ull : ((1ull << n) - 1));
    a.exact = n <= options.exact_limit;

    // The coalitions to run: all of them, or those met along sampled permutations.
    std::vector<std::vector<int>> orders;
    std::vector<std::uint64_t> masks;
    if (a.exact) {
        for (std::uint64_t m = 0; m <= all; ++m) masks.push_back(m);
    } else {
        a.permutations = std::max(2, options.permutations);
        masks = sampled_coalitions(n, all, a.permutations, a.seed, orders);
    }
    std::map<std::uint64_t, std::size_t> slot;
    for (std::size_t i = 0; i < masks.size(); ++i) slot[masks[i]] = i;
    a.coalitions = static_cast<int>(masks.size());

    // Scenarios are made up front (the registry validates each), then every (coalition, batch)
    // runs as an independent job writing its own slot.
    std::vector<model::Scenario> scenarios;
    scenarios.reserve(masks.size());
    for (std::uint64_t m : masks) scenarios.push_back(coalition(s, players, m));
    const int B = batching.batches;
    const int jobs = static_cast<int>(masks.size()) * B;
    std::vector<std::vector<double>> results(static_cast<std::size_t>(jobs));
    std::mutex progress_mutex;
    int done = 0;
    parallel_for(jobs, options.threads, [&](int j) {
        const auto c = static_cast<std::size_t>(j / B);
        const int b = j % B;
        auto values = evaluate(scenarios[c], a.seed, b * batching.per_batch, batching.per_batch);
        if (values.size() != M) throw std::runtime_error("attribution: evaluator returned the wrong number of measures");
        results[static_cast<std::size_t>(j)] = std::move(values);
        if (options.on_progress) {
            std::lock_guard<std::mutex> lock(progress_mutex);
            options.on_progress(++done, jobs);
        }
    });
    const CoalitionValues v{results, slot, B};
    for (std::size_t k = 0; k < M; ++k) {
        a.full.push_back(v.mean(all, k));
        a.empty.push_back(v.mean(0, k));
    }

    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (int i = 0; i < n; ++i) {
        ForceShare f{players[static_cast<std::size_t>(i)].name, players[static_cast<std::size_t>(i)].group,
                     std::vector<double>(M, 0.0), std::vector<double>(M, 0.0), std::vector<double>(M, nan)};
        for (std::size_t k = 0; k < M; ++k) {
            // Exact: per batch, whose spread gives the error; sampled: along the orders.
            const auto [mean, se] = mean_and_se(a.exact ? exact_contributions(v, i, n, k) : sampled_contributions(v, orders, i, k));
            f.value[k] = mean;
            f.se[k] = se;
            const double diff = a.full[k] - a.empty[k];
            if (std::abs(diff) > 1e-12) f.share[k] = f.value[k] / diff;
        }
        a.forces.push_back(std::move(f));
    }
    a.se_kind = a.exact ? "replicate batches" : "permutations";
    return a;
}

std::vector<GroupShare> group_totals(const Attribution& a) {
    std::vector<GroupShare> out;
    for (const char* g : {"gravity", "water", "links", "leadership", "hiring"})
        for (const auto& f : a.forces) {
            if (f.group != g) continue;
            if (out.empty() || out.back().group != g) out.push_back({g, std::vector<double>(a.measures.size(), 0.0)});
            for (std::size_t k = 0; k < f.value.size() && k < out.back().value.size(); ++k) out.back().value[k] += f.value[k];
        }
    return out;
}

std::vector<std::size_t> ranked(const Attribution& a, std::size_t m) {
    std::vector<std::size_t> idx(a.forces.size());
    for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
    std::stable_sort(idx.begin(), idx.end(), [&](std::size_t x, std::size_t y) {
        return std::abs(a.forces[x].value[m]) > std::abs(a.forces[y].value[m]);
    });
    return idx;
}

}  // namespace orgforces::sim
