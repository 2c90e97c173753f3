// Policy search with NLopt's COBYLA on common random numbers.
#include "sim/optimize.hpp"

#include <nlopt.hpp>

#include <algorithm>
#include <cmath>
#include <exception>
#include <map>
#include <stdexcept>

#include "model/registry.hpp"
#include "model/uncertain.hpp"
#include "sim/ensemble.hpp"
#include "sim/run_plan.hpp"
#include "sim/uncertainty.hpp"

namespace orgforces::sim {

Constraint parse_constraint(const model::Scenario& s, const std::string& text) {
    const auto le = text.find("<="), ge = text.find(">=");
    const auto at = le != std::string::npos ? le : ge;
    if (at == std::string::npos)
        throw std::invalid_argument("constraint '" + text + "': write KIND:NAME<=X or KIND:NAME>=X, e.g. friction:frontier<=0.3");
    Constraint c;
    c.measure = parse_measure(s, text.substr(0, at));
    c.at_least = at == ge;
    std::size_t used = 0;
    const std::string number = text.substr(at + 2);
    try {
        c.bound = std::stod(number, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != number.size() || !std::isfinite(c.bound))
        throw std::invalid_argument("constraint '" + text + "': the bound must be a number");
    return c;
}

namespace {

/// One candidate's objective and constraint measures, memoized by point (COBYLA asks for the
/// objective and each constraint at the same point separately).
class Evaluations {
public:
    Evaluations(const model::Scenario& s, const OptimizeOptions& o)
        : s_(s), o_(o), plan_(RunPlan::resolve(s, {o.replicates, o.seed, o.threads, {}})) {
        for (const auto& d : o.decisions) integer_.push_back(model::find_parameter(s, d.path).kind == model::ParamKind::Integer);
    }

    std::vector<model::Override> decision(const std::vector<double>& u) const {
        std::vector<model::Override> out;
        for (std::size_t i = 0; i < u.size(); ++i)
            out.push_back({o_.decisions[i].path, model::quantile(o_.decisions[i], u[i], integer_[i]), {}});
        return out;
    }

    /// Objective first, then one value per constraint.
    const std::vector<double>& at(const std::vector<double>& u) {
        const auto found = cache_.find(u);
        if (found != cache_.end()) return found->second;
        const auto set = decision(u);
        const model::Scenario point = model::apply_overrides(s_, set);
        EnsembleOptions e = plan_.ensemble_options();
        // The decision wins over a draw of the same parameter.
        if (!o_.priors.empty()) e.replicate_overrides = prior_draws(s_, o_.priors, kBlockSize, set);
        const EnsembleResult r = run_ensemble(point, e);
        std::vector<double> v{read_measure(r, o_.objective)};
        for (const auto& c : o_.constraints) v.push_back(read_measure(r, c.measure));
        ++count_;
        if (o_.on_progress) o_.on_progress(count_, o_.evaluations);
        return cache_.emplace(u, std::move(v)).first->second;
    }
    int count() const { return count_; }
    std::uint64_t seed() const { return plan_.seed; }
    std::exception_ptr failure;   ///< from a run inside NLopt's callbacks, rethrown after it

private:
    const model::Scenario& s_;
    const OptimizeOptions& o_;
    const RunPlan plan_;   // every candidate: the same replicates and seed
    std::vector<bool> integer_;
    std::map<std::vector<double>, std::vector<double>> cache_;
    int count_ = 0;
};

struct Callback {
    Evaluations* evaluations;
    const OptimizeOptions* options;
    int constraint = -1;   ///< -1: the objective
};

/// The objective (constraint < 0) or constraint value NLopt asks for; a failed run stops NLopt and
/// is kept for rethrowing with its own message.
double value(const std::vector<double>& u, Callback& c) {
    try {
        const auto& v = c.evaluations->at(u);
        if (c.constraint < 0) return v[0];
        const auto& k = c.options->constraints[static_cast<std::size_t>(c.constraint)];
        const double m = v[static_cast<std::size_t>(c.constraint) + 1];
        return k.at_least ? k.bound - m : m - k.bound;   // NLopt wants g(x) <= 0
    } catch (...) {
        c.evaluations->failure = std::current_exception();
        throw nlopt::forced_stop();
    }
}

double callback(const std::vector<double>& u, std::vector<double>&, void* data) { return value(u, *static_cast<Callback*>(data)); }

}  // namespace

OptimizeResult optimize(const model::Scenario& s, const OptimizeOptions& options) {
    if (options.decisions.empty()) throw std::invalid_argument("no decisions: pass --decide PATH=LO:HI");
    const auto k = static_cast<unsigned>(options.decisions.size());
    Evaluations evaluations(s, options);
    // Work on [0, 1] per decision, so one step size suits every range.
    std::vector<double> u(k);
    for (unsigned i = 0; i < k; ++i) {
        const auto& d = options.decisions[i];
        u[i] = std::clamp((model::find_parameter(s, d.path).value - d.lo) / (d.hi - d.lo), 0.0, 1.0);
    }
    OptimizeResult r;
    r.seed = evaluations.seed();
    for (const auto& o : evaluations.decision(u)) r.start.push_back(o.value);
    r.start_objective = evaluations.at(u)[0];

    nlopt::opt opt(nlopt::LN_COBYLA, k);
    opt.set_lower_bounds(std::vector<double>(k, 0.0));
    opt.set_upper_bounds(std::vector<double>(k, 1.0));
    opt.set_initial_step(0.25);
    opt.set_xtol_abs(1e-3);
    opt.set_maxeval(std::max(2, options.evaluations));
    Callback goal{&evaluations, &options, -1};
    if (options.maximize)
        opt.set_max_objective(callback, &goal);
    else
        opt.set_min_objective(callback, &goal);
    std::vector<Callback> limits;
    limits.reserve(options.constraints.size());
    for (std::size_t i = 0; i < options.constraints.size(); ++i) limits.push_back({&evaluations, &options, static_cast<int>(i)});
    for (auto& c : limits) opt.add_inequality_constraint(callback, &c, 1e-6);
    double best = 0.0;
    try {
        const nlopt::result why = opt.optimize(u, best);
        r.stopped = why == nlopt::MAXEVAL_REACHED ? "reached the evaluation limit" : "converged";
    } catch (const nlopt::forced_stop&) {
        if (evaluations.failure) std::rethrow_exception(evaluations.failure);
        throw;
    } catch (const nlopt::roundoff_limited&) {
        r.stopped = "stopped by rounding (the objective no longer changes measurably)";
    }
    for (const auto& o : evaluations.decision(u)) r.best.push_back(o.value);
    const auto& v = evaluations.at(u);
    r.best_objective = v[0];
    r.best_constraints.assign(v.begin() + 1, v.end());
    for (std::size_t i = 0; i < options.constraints.size(); ++i) {
        const auto& c = options.constraints[i];
        // COBYLA approaches a binding constraint from either side; a hair over counts as met.
        const double slack = 1e-4 * (1.0 + std::abs(c.bound));
        r.met.push_back(c.at_least ? v[i + 1] >= c.bound - slack : v[i + 1] <= c.bound + slack);
        if (!r.met.back()) r.feasible = false;
    }
    r.evaluations = evaluations.count();
    return r;
}

}  // namespace orgforces::sim
