// Per-replicate parameter draws and the trace model that runs them.
#include "sim/uncertainty.hpp"

#include <algorithm>
#include <stdexcept>

#include "model/registry.hpp"
#include "model/uncertain.hpp"
#include "sim/rng.hpp"
#include "sim/world.hpp"

namespace orgforces::sim {

std::vector<double> world_point(std::uint64_t seed, int world, int k) {
    Rng rng(seed, static_cast<std::uint64_t>(world), StreamPurpose::Priors);
    std::vector<double> u(static_cast<std::size_t>(k));
    for (auto& x : u) x = (static_cast<double>(rng.bits() >> 11) + 0.5) * 0x1.0p-53;   // in (0, 1)
    return u;
}

ReplicateOverrides prior_draws(const model::Scenario& s, std::vector<model::UncertainParam> priors, int per_world,
                               std::vector<model::Override> then) {
    std::vector<bool> integer;
    for (const auto& p : priors) integer.push_back(model::find_parameter(s, p.path).kind == model::ParamKind::Integer);
    per_world = std::max(1, per_world);
    return [priors = std::move(priors), integer = std::move(integer), per_world, then = std::move(then)](
               std::uint64_t seed, int replicate) {
        const auto u = world_point(seed, replicate / per_world, static_cast<int>(priors.size()));
        std::vector<model::Override> out;
        for (std::size_t i = 0; i < priors.size(); ++i)
            out.push_back({priors[i].path, model::quantile(priors[i], u[i], integer[i]), priors[i].pos});
        out.insert(out.end(), then.begin(), then.end());
        return out;
    };
}

ReplicateOverrides sample_draws(std::vector<std::string> paths, std::vector<std::vector<double>> sample,
                                std::vector<double> weights, int per_world, std::vector<model::Override> then) {
    if (sample.empty() || sample.size() != weights.size()) throw std::invalid_argument("sample_draws: empty or unweighted sample");
    std::vector<double> cumulative;
    double total = 0.0;
    for (double w : weights) cumulative.push_back(total += std::max(0.0, w));
    if (!(total > 0)) throw std::invalid_argument("sample_draws: the weights sum to 0");
    per_world = std::max(1, per_world);
    return [paths = std::move(paths), sample = std::move(sample), cumulative = std::move(cumulative), total, per_world,
            then = std::move(then)](std::uint64_t seed, int replicate) {
        const double u = world_point(seed, replicate / per_world, 1)[0] * total;
        const auto at = std::upper_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin();
        const auto& row = sample[std::min<std::size_t>(static_cast<std::size_t>(at), sample.size() - 1)];
        std::vector<model::Override> out;
        for (std::size_t i = 0; i < paths.size(); ++i) out.push_back({paths[i], row.at(i), {}});
        out.insert(out.end(), then.begin(), then.end());
        return out;
    };
}

namespace {

/// Compiles the drawn scenario of each replicate and runs that replicate on it.
class VaryingWorker : public TraceWorker {
public:
    VaryingWorker(const World& base, const ReplicateOverrides& overrides) : base_(base), overrides_(overrides) {}
    void run(std::uint64_t seed, int replicate, double* out, ReplicateExtras& extras) override {
        const model::Scenario drawn = model::apply_overrides(base_.scenario(), overrides_(seed, replicate));
        const World world(drawn);
        if (world.series().size() != base_.series().size() || world.horizon() != base_.horizon())
            throw std::logic_error("drawn parameters changed the series of the scenario");
        world.trace_model().make_worker()->run(seed, replicate, out, extras);
    }

private:
    const World& base_;
    const ReplicateOverrides& overrides_;
};

}  // namespace

TraceModel varying_trace_model(const World& base, ReplicateOverrides overrides) {
    TraceModel m = base.trace_model();
    auto shared = std::make_shared<ReplicateOverrides>(std::move(overrides));
    m.make_worker = [&base, shared] { return std::make_unique<VaryingWorker>(base, *shared); };
    return m;
}

void store_posterior(const PosteriorSample& p, EnsembleResult& stored) {
    for (std::size_t d = 0; d < p.paths.size(); ++d) {
        ReplicateValues v{"posterior", p.paths[d], {}};
        for (const auto& row : p.values) v.values.push_back(row[d]);
        stored.horizon_values.push_back(std::move(v));
    }
    stored.horizon_values.push_back({"posterior", "weight", p.weights});
    for (const auto& o : p.observed) {
        const std::string entity = "observed:" + o.entity;
        auto it = std::find_if(stored.horizon_values.begin(), stored.horizon_values.end(),
                               [&](const ReplicateValues& v) { return v.entity == entity && v.measure == o.measure; });
        if (it == stored.horizon_values.end())
            it = stored.horizon_values.insert(stored.horizon_values.end(), ReplicateValues{entity, o.measure, {}});
        it->values.push_back(o.tick);
        it->values.push_back(o.value);
    }
}

PosteriorSample stored_posterior(const EnsembleResult& stored) {
    PosteriorSample p;
    std::vector<const std::vector<double>*> columns;
    for (const auto& v : stored.horizon_values) {
        if (v.entity.rfind("observed:", 0) == 0) {
            for (std::size_t i = 0; i + 1 < v.values.size(); i += 2)
                p.observed.push_back({v.entity.substr(9), v.measure, static_cast<int>(v.values[i]), v.values[i + 1]});
        } else if (v.entity == "posterior" && v.measure == "weight") {
            p.weights = v.values;
        } else if (v.entity == "posterior") {
            p.paths.push_back(v.measure);
            columns.push_back(&v.values);
        }
    }
    for (std::size_t i = 0; i < p.weights.size(); ++i) {
        std::vector<double> row;
        for (const auto* c : columns) row.push_back(i < c->size() ? (*c)[i] : 0.0);
        p.values.push_back(std::move(row));
    }
    return p;
}

}  // namespace orgforces::sim
