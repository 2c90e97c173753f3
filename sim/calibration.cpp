// Calibration by ABC-SMC: observations, distances, the population sequence and its summaries.
//
// Sections: [observations] [simulation] [abc-smc]

#include "sim/calibration.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <mutex>
#include <numeric>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "model/diagnostics.hpp"
#include "model/registry.hpp"
#include "model/suggest.hpp"
#include "model/uncertain.hpp"
#include "sim/attribution.hpp"
#include "sim/ensemble.hpp"
#include "sim/rng.hpp"
#include "sim/runner.hpp"
#include "sim/world.hpp"

namespace orgforces::sim {

// [observations] ------------------------------------------------------------------------------

namespace {

constexpr const char* kSucceeded = "succeeded";

std::string trim(std::string_view t) {
    std::size_t a = 0, b = t.size();
    while (a < b && (t[a] == ' ' || t[a] == '\t')) ++a;
    while (b > a && (t[b - 1] == ' ' || t[b - 1] == '\t' || t[b - 1] == '\r')) --b;
    return std::string(t.substr(a, b - a));
}

bool parse_number(const std::string& text, double& out) {
    if (text.empty()) return false;
    std::size_t used = 0;
    try {
        out = std::stod(text, &used);
    } catch (const std::exception&) {
        return false;
    }
    return used == text.size() && std::isfinite(out);
}

}  // namespace

namespace {

// What an observation may name: the scenario's teams and ventures, and the series a team has, as
// `run` names them.
struct Observable {
    std::vector<std::string> teams, ventures, entities, measures;
};

Observable observable(const model::Scenario& s) {
    Observable o;
    for (const auto& t : s.teams) o.teams.push_back(t.name);
    for (const auto& v : s.ventures) o.ventures.push_back(v.name);
    o.entities = o.teams;
    o.entities.insert(o.entities.end(), o.ventures.begin(), o.ventures.end());
    if (!s.classic) {
        const World world(s);
        for (const auto& spec : world.series())
            if (std::find(o.measures.begin(), o.measures.end(), spec.measure) == o.measures.end())
                o.measures.push_back(spec.measure);
    }
    return o;
}

// One CSV line's trimmed cells and the 1-based column where each starts.
void split_cells(std::string_view raw, std::vector<std::string>& cells, std::vector<int>& columns) {
    for (std::size_t a = 0;;) {
        const std::size_t comma = std::min(raw.find(',', a), raw.size());
        cells.push_back(trim(raw.substr(a, comma - a)));
        columns.push_back(static_cast<int>(a) + 1);
        if (comma >= raw.size()) break;
        a = comma + 1;
    }
}

using ErrorSink = std::function<void(int line, int column, std::string message)>;

// One data line as an observation, or nothing after reporting what is wrong with it.
std::optional<Observation> parse_observation(const std::vector<std::string>& cells, const std::vector<int>& columns,
                                             int line, bool with_sd, const std::string& origin,
                                             const model::Scenario& s, const Observable& names,
                                             const ErrorSink& error) {
    const std::size_t want = with_sd ? 5 : 4;
    if (cells.size() != want && !(with_sd && cells.size() == 4)) {
        error(line, 1, "expected " + std::to_string(want) + " fields, got " + std::to_string(cells.size()));
        return std::nullopt;
    }
    Observation o;
    o.pos = model::SourcePos{origin, line, 1};
    o.entity = cells[0];
    o.measure = cells[1];
    const bool venture = std::find(names.ventures.begin(), names.ventures.end(), o.entity) != names.ventures.end();
    if (!venture && std::find(names.teams.begin(), names.teams.end(), o.entity) == names.teams.end()) {
        error(line, columns[0], "unknown team or venture '" + o.entity.substr(0, 100) + "'" +
                                    model::did_you_mean(o.entity, names.entities));
        return std::nullopt;
    }
    if (venture && o.measure != kSucceeded) {
        error(line, columns[1], "unknown venture measure '" + o.measure.substr(0, 100) + "' (a venture's measure is " +
                                    kSucceeded + ": 1 if it had succeeded by the tick, else 0)");
        return std::nullopt;
    }
    if (!venture && std::find(names.measures.begin(), names.measures.end(), o.measure) == names.measures.end()) {
        error(line, columns[1], "unknown measure '" + o.measure.substr(0, 100) + "'" +
                                    model::did_you_mean(o.measure, names.measures) + " (the series of `orgforces run`)");
        return std::nullopt;
    }
    double tick = 0.0;
    if (!parse_number(cells[2], tick) || std::floor(tick) != tick) {
        error(line, columns[2], "tick must be a whole number, got '" + cells[2].substr(0, 40) + "'");
        return std::nullopt;
    }
    if (tick < 0 || tick > s.horizon) {
        error(line, columns[2], "tick " + cells[2] + " is outside the horizon [0, " + std::to_string(s.horizon) + "]");
        return std::nullopt;
    }
    o.tick = static_cast<int>(tick);
    if (!parse_number(cells[3], o.value)) {
        error(line, columns[3], "value must be a finite number, got '" + cells[3].substr(0, 40) + "'");
        return std::nullopt;
    }
    if (with_sd && cells.size() == 5 && !cells[4].empty()) {
        if (!parse_number(cells[4], o.sd) || !(o.sd > 0)) {
            error(line, columns[4], "sd must be a number above 0 (or empty), got '" + cells[4].substr(0, 40) + "'");
            return std::nullopt;
        }
    }
    return o;
}

}  // namespace

std::vector<Observation> read_observations(std::string_view text, const std::string& origin, const model::Scenario& s) {
    std::vector<model::Diagnostic> problems;
    const ErrorSink error = [&](int line, int column, std::string message) {
        if (problems.size() < 50) problems.push_back({model::SourcePos{origin, line, column}, std::move(message)});
    };
    const Observable names = observable(s);
    std::vector<Observation> out;
    std::size_t at = 0;
    int line = 0;
    bool header = false, with_sd = false;
    while (at < text.size()) {
        const std::size_t end = std::min(text.find('\n', at), text.size());
        const std::string_view raw = text.substr(at, end - at);
        at = end + 1;
        ++line;
        if (trim(raw).empty()) continue;
        std::vector<std::string> cells;
        std::vector<int> columns;
        split_cells(raw, cells, columns);
        if (!header) {
            header = true;
            const bool ok4 = cells.size() == 4 && cells[0] == "entity" && cells[1] == "measure" && cells[2] == "tick" &&
                             cells[3] == "value";
            const bool ok5 = cells.size() == 5 && cells[0] == "entity" && cells[1] == "measure" && cells[2] == "tick" &&
                             cells[3] == "value" && cells[4] == "sd";
            if (!ok4 && !ok5) {
                error(line, 1, "the header must be entity,measure,tick,value (optionally ,sd), got '" +
                                   trim(raw.substr(0, 200)) + "'");
                break;
            }
            with_sd = ok5;
            continue;
        }
        if (auto o = parse_observation(cells, columns, line, with_sd, origin, s, names, error)) out.push_back(std::move(*o));
    }
    if (problems.empty() && !header) error(1, 0, "the file is empty; expected the header entity,measure,tick,value[,sd]");
    if (problems.empty() && out.empty()) error(line, 0, "no observations after the header");
    if (!problems.empty()) throw model::ScenarioError(std::move(problems));
    return out;
}

// [simulation] --------------------------------------------------------------------------------

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// The observed cells of one simulation at unit-cube point `u`, or empty when the point is invalid.
std::vector<double> simulate(const model::Scenario& s, const std::vector<model::UncertainParam>& priors,
                             const std::vector<double>& u, const std::vector<Observation>& obs, std::uint64_t seed,
                             int simulation, int replicates) {
    model::Scenario point;
    try {
        point = model::apply_overrides(s, model::at_point(s, priors, u));
    } catch (const model::ScenarioError&) {
        return {};   // e.g. summed rates reaching 1 at this combination: outside the model's domain
    }
    EnsembleOptions eo;
    eo.threads = 1;
    const int stride = (replicates + kBlockSize - 1) / kBlockSize * kBlockSize;
    // Each simulation has its own replicates, hence its own random streams.
    PartialEnsemble part = run_replicates(point, seed, simulation * stride, replicates, eo);
    const EnsembleResult r = finish_traces(std::move(part), RunInfo{});
    std::vector<double> out;
    out.reserve(obs.size());
    for (const auto& o : obs) {
        if (o.measure == kSucceeded) {   // share of replicates whose venture had succeeded by the tick
            double done = 0.0;
            for (const auto& v : r.outcomes)
                if (v.venture == o.entity && v.status == VentureStatus::Succeeded && v.end_tick <= o.tick) done += 1.0;
            out.push_back(done / replicates);
            continue;
        }
        const Series* series = r.find_series(o.entity, o.measure);
        if (!series || static_cast<std::size_t>(o.tick) >= series->ticks.size())
            throw std::runtime_error("calibrate: the run has no " + o.measure + " of " + o.entity + " at tick " +
                                     std::to_string(o.tick));
        out.push_back(series->ticks[static_cast<std::size_t>(o.tick)].mean);
    }
    return out;
}

double distance(const std::vector<double>& simulated, const std::vector<Observation>& obs, const std::vector<double>& scale) {
    if (simulated.empty()) return kInf;
    double sum = 0.0;
    for (std::size_t i = 0; i < obs.size(); ++i) {
        const double z = (simulated[i] - obs[i].value) / scale[i];
        sum += z * z;
    }
    return std::sqrt(sum / static_cast<double>(obs.size()));
}

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

}  // namespace

double weighted_quantile(const std::vector<double>& x, const std::vector<double>& w, double p) {
    std::vector<std::size_t> order(x.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
    double total = 0.0;
    for (double v : w) total += v;
    double cum = 0.0;
    for (std::size_t i : order) {
        cum += w[i];
        if (cum >= p * total) return x[i];
    }
    return order.empty() ? 0.0 : x[order.back()];
}

// [abc-smc] -----------------------------------------------------------------------------------

Calibration calibrate(const model::Scenario& s, const std::vector<Observation>& observations,
                      const CalibrationOptions& options) {
    Calibration c;
    c.priors = options.priors.empty() ? s.uncertain : options.priors;
    c.observations = observations;
    if (c.priors.empty()) throw std::invalid_argument("no parameters to fit: add an `uncertain:` block or pass --fit PATH=LO:HI");
    if (observations.empty()) throw std::invalid_argument("no observations to fit");
    const auto K = c.priors.size();
    const int N = std::max(10, options.particles);
    const int R = std::max(1, options.replicates);

    struct Proposal {
        std::vector<double> u;
        std::vector<double> simulated;
    };
    // Runs proposals [0, n) of a generation in parallel; `propose(i)` must depend on i alone.
    auto run_batch = [&](int n, const std::function<std::vector<double>(int)>& propose) {
        std::vector<Proposal> batch(static_cast<std::size_t>(n));
        const int first = c.simulations;
        parallel_for(n, options.threads, [&](int i) {
            auto& p = batch[static_cast<std::size_t>(i)];
            p.u = propose(i);
            if (!p.u.empty()) p.simulated = simulate(s, c.priors, p.u, observations, options.seed, first + i, R);
        });
        c.simulations += n;
        return batch;
    };

    // Generation 0: the prior. Its spread of simulated values scales observations without an sd.
    std::vector<std::vector<double>> u;
    std::vector<std::vector<double>> sims;
    {
        auto batch = run_batch(N, [&](int i) {
            Rng rng(options.seed, static_cast<std::uint64_t>(i), StreamPurpose::Extra);
            std::vector<double> x(K);
            for (auto& v : x) v = (static_cast<double>(rng.bits() >> 11) + 0.5) * 0x1.0p-53;
            return x;
        });
        for (auto& p : batch)
            if (!p.simulated.empty()) {
                u.push_back(std::move(p.u));
                sims.push_back(std::move(p.simulated));
            }
        if (u.size() < 2) throw std::runtime_error("calibrate: the prior gives fewer than 2 valid scenarios");
        for (std::size_t i = 0; i < observations.size(); ++i) {
            double scale = observations[i].sd;
            if (!(scale > 0)) {
                double m = 0.0, ss = 0.0;
                for (const auto& x : sims) m += x[i];
                m /= static_cast<double>(sims.size());
                for (const auto& x : sims) ss += (x[i] - m) * (x[i] - m);
                scale = std::sqrt(ss / static_cast<double>(sims.size() - 1));
            }
            c.scales.push_back(scale > 1e-12 ? scale : 1.0);
        }
        c.distances.clear();
        for (const auto& x : sims) c.distances.push_back(distance(x, observations, c.scales));
        c.weights.assign(u.size(), 1.0 / static_cast<double>(u.size()));
        c.generations.push_back({kInf, N, static_cast<double>(u.size()) / N, static_cast<double>(u.size())});
        if (options.on_progress) options.on_progress(0, c.simulations);
    }

    c.stopped = "reached the last generation";
    for (int g = 1; g <= options.generations; ++g) {
        const double tolerance = weighted_quantile(c.distances, c.weights, options.quantile);
        // Kernel: Gaussian with twice the weighted variance per coordinate, truncated to the cube.
        std::vector<double> sigma(K);
        for (std::size_t d = 0; d < K; ++d) {
            double m = 0.0, v = 0.0;
            for (std::size_t i = 0; i < u.size(); ++i) m += c.weights[i] * u[i][d];
            for (std::size_t i = 0; i < u.size(); ++i) v += c.weights[i] * (u[i][d] - m) * (u[i][d] - m);
            sigma[d] = std::max(std::sqrt(2.0 * v), 1e-6);
        }
        std::vector<double> cumulative;
        double total = 0.0;
        for (double w : c.weights) cumulative.push_back(total += w);
        std::vector<double> mass(u.size(), 1.0);   // each ancestor's kernel mass inside the cube
        for (std::size_t j = 0; j < u.size(); ++j)
            for (std::size_t d = 0; d < K; ++d)
                mass[j] *= normal_cdf((1.0 - u[j][d]) / sigma[d]) - normal_cdf(-u[j][d] / sigma[d]);

        const int cap = static_cast<int>(std::ceil(N / std::max(options.min_acceptance, 1e-6)));
        std::vector<std::vector<double>> next_u, next_sims;
        std::vector<double> next_d;
        int simulated = 0;
        int proposed = 0;
        while (static_cast<int>(next_u.size()) < N && simulated < cap) {
            const int n = std::min(N, cap - simulated);
            const int offset = proposed;
            auto batch = run_batch(n, [&](int i) {
                Rng rng(options.seed, (static_cast<std::uint64_t>(g) << 32) + static_cast<std::uint64_t>(offset + i),
                        StreamPurpose::Extra);
                const double pick = rng.uniform() * total;
                const auto a = std::min<std::size_t>(
                    static_cast<std::size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), pick) - cumulative.begin()),
                    u.size() - 1);
                for (int attempt = 0; attempt < 1000; ++attempt) {
                    std::vector<double> x(K);
                    bool inside = true;
                    for (std::size_t d = 0; d < K; ++d) {
                        x[d] = u[a][d] + sigma[d] * rng.normal();
                        inside = inside && x[d] > 0.0 && x[d] < 1.0;
                    }
                    if (inside) return x;
                }
                return u[a];
            });
            proposed += n;
            simulated += n;
            for (auto& p : batch) {
                if (static_cast<int>(next_u.size()) >= N) break;
                const double d = distance(p.simulated, observations, c.scales);
                if (d <= tolerance) {
                    next_u.push_back(std::move(p.u));
                    next_sims.push_back(std::move(p.simulated));
                    next_d.push_back(d);
                }
            }
        }
        if (options.on_progress) options.on_progress(g, c.simulations);
        if (static_cast<int>(next_u.size()) < N) {
            c.stopped = "acceptance fell below " + std::to_string(options.min_acceptance).substr(0, 5) + " at generation " +
                        std::to_string(g) + " (kept generation " + std::to_string(g - 1) + ")";
            break;
        }
        // Population Monte Carlo weights: prior (1 on the cube) over the mixture of truncated kernels.
        std::vector<double> w(next_u.size());
        for (std::size_t i = 0; i < next_u.size(); ++i) {
            double mix = 0.0;
            for (std::size_t j = 0; j < u.size(); ++j) {
                double k = 1.0;
                for (std::size_t d = 0; d < K; ++d) {
                    const double z = (next_u[i][d] - u[j][d]) / sigma[d];
                    k *= std::exp(-0.5 * z * z);
                }
                mix += c.weights[j] * k / mass[j];
            }
            w[i] = mix > 0 ? 1.0 / mix : 0.0;
        }
        double sum = 0.0;
        for (double x : w) sum += x;
        for (double& x : w) x /= sum;
        double ess = 0.0;
        for (double x : w) ess += x * x;
        u = std::move(next_u);
        sims = std::move(next_sims);
        c.distances = std::move(next_d);
        c.weights = std::move(w);
        c.generations.push_back({tolerance, simulated, static_cast<double>(N) / simulated, 1.0 / ess});
    }

    // Parameter values and their weighted quantiles.
    std::vector<bool> integer;
    for (const auto& p : c.priors) integer.push_back(model::find_parameter(s, p.path).kind == model::ParamKind::Integer);
    c.values.assign(u.size(), std::vector<double>(K));
    for (std::size_t i = 0; i < u.size(); ++i)
        for (std::size_t d = 0; d < K; ++d) c.values[i][d] = model::quantile(c.priors[d], u[i][d], integer[d]);
    for (std::size_t d = 0; d < K; ++d) {
        std::vector<double> x;
        for (const auto& row : c.values) x.push_back(row[d]);
        c.parameters.push_back({c.priors[d].path, weighted_quantile(x, c.weights, 0.5), weighted_quantile(x, c.weights, 0.05),
                                weighted_quantile(x, c.weights, 0.95), model::quantile(c.priors[d], 0.05, integer[d]),
                                model::quantile(c.priors[d], 0.95, integer[d])});
    }
    return c;
}

}  // namespace orgforces::sim
