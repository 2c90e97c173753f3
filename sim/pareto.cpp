// Pareto fronts by pagmo2's NSGA-II, on common random numbers.
#include "sim/pareto.hpp"

#include <pagmo/algorithms/nsga2.hpp>
#include <pagmo/population.hpp>
#include <pagmo/problem.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <stdexcept>

#include "model/registry.hpp"
#include "model/uncertain.hpp"
#include "sim/ensemble.hpp"
#include "sim/run_plan.hpp"
#include "sim/uncertainty.hpp"

namespace orgforces::sim {

bool dominates(const std::vector<double>& a, const std::vector<double>& b) {
    bool better = false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i] > b[i]) return false;
        better = better || a[i] < b[i];
    }
    return better;
}

namespace {

/// Every point evaluated, memoized (NSGA-II re-proposes points it has seen).
struct Archive {
    UnitObjectives f;
    std::map<std::vector<double>, std::vector<double>> seen;
    int total = 0;
    std::function<void(int, int)> on_progress;

    const std::vector<double>& at(const std::vector<double>& u) {
        const auto found = seen.find(u);
        if (found != seen.end()) return found->second;
        auto& v = seen.emplace(u, f(u)).first->second;
        if (on_progress) on_progress(static_cast<int>(seen.size()), total);
        return v;
    }
};

/// The user-defined problem pagmo wants: copyable, so it holds the archive by pointer.
struct UnitProblem {
    std::shared_ptr<Archive> archive;
    int k = 1;
    int nobj = 2;
    pagmo::vector_double fitness(const pagmo::vector_double& u) const { return archive->at(u); }
    std::pair<pagmo::vector_double, pagmo::vector_double> get_bounds() const {
        return {pagmo::vector_double(static_cast<std::size_t>(k), 0.0), pagmo::vector_double(static_cast<std::size_t>(k), 1.0)};
    }
    pagmo::vector_double::size_type get_nobj() const { return static_cast<pagmo::vector_double::size_type>(nobj); }
};

}  // namespace

std::vector<ParetoPoint> nsga2_front(const UnitObjectives& f, int k, int objectives, int population, int generations,
                                     std::uint64_t seed, int* evaluations,
                                     const std::function<void(int, int)>& on_progress) {
    if (k < 1 || objectives < 2) throw std::invalid_argument("nsga2_front: needs at least one decision and two objectives");
    const int size = std::max(8, (population + 3) / 4 * 4);
    auto archive = std::make_shared<Archive>();
    archive->f = f;
    archive->total = size * (std::max(0, generations) + 1);
    archive->on_progress = on_progress;
    // pagmo takes 32-bit seeds; fold the 64-bit seed so every bit counts.
    const auto seed32 = static_cast<unsigned>((seed ^ (seed >> 32)) & 0xffffffffu);
    pagmo::problem problem{UnitProblem{archive, k, objectives}};
    pagmo::population pop{problem, static_cast<pagmo::population::size_type>(size), seed32};
    pagmo::algorithm algo{pagmo::nsga2(static_cast<unsigned>(std::max(0, generations)), 0.95, 10., 1.0 / k, 20., seed32 + 1)};
    pop = algo.evolve(pop);

    std::vector<ParetoPoint> front;
    for (const auto& [u, v] : archive->seen) {
        bool dominated = false;
        for (const auto& [u2, v2] : archive->seen)
            if (dominates(v2, v)) {
                dominated = true;
                break;
            }
        if (!dominated) front.push_back({u, v});
    }
    std::stable_sort(front.begin(), front.end(), [](const ParetoPoint& a, const ParetoPoint& b) { return a.objectives < b.objectives; });
    if (evaluations) *evaluations = static_cast<int>(archive->seen.size());
    return front;
}

ParetoResult pareto(const model::Scenario& s, const ParetoOptions& o) {
    if (o.decisions.empty()) throw std::invalid_argument("no decisions: pass --decide PATH=LO:HI");
    if (o.objectives.size() < 2) throw std::invalid_argument("a Pareto front needs two or more objectives");
    if (o.maximize.size() != o.objectives.size()) throw std::invalid_argument("pareto: one maximize flag per objective");
    std::vector<bool> integer;
    for (const auto& d : o.decisions) integer.push_back(model::find_parameter(s, d.path).kind == model::ParamKind::Integer);
    auto decision = [&](const std::vector<double>& u) {
        std::vector<model::Override> out;
        for (std::size_t i = 0; i < u.size(); ++i)
            out.push_back({o.decisions[i].path, model::quantile(o.decisions[i], u[i], integer[i]), {}});
        return out;
    };
    const RunPlan plan = RunPlan::resolve(s, {o.replicates, o.seed, o.threads, {}});
    const UnitObjectives f = [&](const std::vector<double>& u) {
        const auto set = decision(u);
        EnsembleOptions e = plan.ensemble_options();
        // The same worlds and random numbers for every candidate; the decision wins over a draw.
        if (!o.priors.empty()) e.replicate_overrides = prior_draws(s, o.priors, kBlockSize, set);
        const EnsembleResult r = run_ensemble(model::apply_overrides(s, set), e);
        std::vector<double> v;
        for (std::size_t m = 0; m < o.objectives.size(); ++m) {
            const double x = read_measure(r, o.objectives[m]);
            v.push_back(o.maximize[m] ? -x : x);
        }
        return v;
    };
    ParetoResult out;
    out.seed = plan.seed;
    auto front = nsga2_front(f, static_cast<int>(o.decisions.size()), static_cast<int>(o.objectives.size()), o.population,
                             o.generations, plan.seed, &out.evaluations, o.on_progress);
    for (auto& p : front) {
        ParetoPoint q;
        for (const auto& d : decision(p.decision)) q.decision.push_back(d.value);
        for (std::size_t m = 0; m < p.objectives.size(); ++m) q.objectives.push_back(o.maximize[m] ? -p.objectives[m] : p.objectives[m]);
        out.front.push_back(std::move(q));
    }
    return out;
}

}  // namespace orgforces::sim
