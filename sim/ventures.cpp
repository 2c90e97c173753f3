// Ventures inside one replicate: fit, work, hazards, reviews, salvage, promotion (docs/ventures.md).
//
// [compiled]  the scenario's ventures as index arrays: stones, dependencies, benefits, reviews
// [state]     per-replicate progress: stones, hazards, the commons, spirals and framing
// [tick]      one tick: activation, framing, reuse from the commons, work, hazards, reviews,
//             promoted benefits
// [collect]   outcomes as of the horizon

#include "sim/ventures.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "model/reach.hpp"

namespace orgforces::sim {

namespace {

// A solved problem is retrieved, not explored: its stones need this share of their effort.
constexpr double kSolvedEffortFactor = 0.25;
// A problem believed unframed is approached with exploration it may not need.
constexpr double kUnframedCautionFactor = 2.0;
// Open sub-problems are capped so a long spiral stays a finite number.
constexpr double kMaxOpenSubproblems = 1e12;
// Work that converges keeps about this many sub-problems open: it closes them as fast as it opens
// them. A spiral starts here and grows; a trip-wire sees only noisy counts of it (Poisson, so a
// growth threshold of 1.5 trips on converging work within weeks, one of 3 almost never).
constexpr double kSteadyOpenSubproblems = 20.0;

// The k with P(X <= k-1) <= u < P(X <= k) for X ~ Poisson(mean): one uniform per count, so the
// number of draws never depends on the count. Above a mean of 64, a rounded normal quantile.
double inverse_normal(double u);
double poisson_quantile(double mean, double u) {
    if (!(mean > 0.0)) return 0.0;
    if (mean > 64.0) return std::max(0.0, std::floor(mean + std::sqrt(mean) * inverse_normal(u) + 0.5));
    double p = std::exp(-mean);
    double cdf = p;
    int k = 0;
    while (u >= cdf && k < 1000) {
        ++k;
        p *= mean / double(k);
        cdf += p;
    }
    return double(k);
}

// Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9).
double inverse_normal(double u) {
    static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                                   1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
    static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                   6.680131188771972e+01, -1.328068155288572e+01};
    static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                   -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
    static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                   3.754408661907416e+00};
    u = std::clamp(u, 1e-300, 1.0 - 1e-16);
    const double lo = 0.02425;
    if (u < lo || u > 1.0 - lo) {
        const double q = std::sqrt(-2.0 * std::log(u < lo ? u : 1.0 - u));
        const double x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
                         ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
        return u < lo ? x : -x;
    }
    const double q = u - 0.5;
    const double r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
           (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
}

double effort_factor(model::ProblemClass c) {
    switch (c) {
        case model::ProblemClass::Solved: return kSolvedEffortFactor;
        case model::ProblemClass::Solvable: return 1.0;
        case model::ProblemClass::Unsolvable: return kUnframedCautionFactor;
    }
    return 1.0;
}

// [compiled] -----------------------------------------------------------------------------------

struct CompiledStone {
    int kind = -1;              // index into organization.idea_mix order, -1: not in the mix
    int provides = 0;           // interned `provides` id
    std::vector<int> depends;
};

struct CompiledBenefit {
    std::vector<int> requires_stones;
};

struct CompiledReview {
    model::Review review;
    int gravity = 0;            // index of the force holding it
    double harshness = 0.0;     // after the team's shielding
};

struct CompiledVenture {
    int team = -1;
    std::vector<CompiledStone> stones;
    std::vector<CompiledBenefit> benefits;
    std::vector<int> framed_into;
    std::vector<CompiledReview> reviews;
    double total_effort = 0.0;
    const model::Tripwire* tripwire = nullptr;  // the team's, if any
};

struct Compiled {
    const model::Scenario* s = nullptr;
    std::vector<CompiledVenture> ventures;
    int provides_count = 0;
};

Compiled compile(const model::Scenario& s) {
    Compiled c;
    c.s = &s;
    std::map<std::string, int> kinds;
    {
        int k = 0;
        for (const auto& [name, weight] : s.organization.idea_mix) kinds[name] = k++;
    }
    std::map<std::string, int> provides;
    std::vector<std::vector<bool>> reached;  // per gravity force with reviews
    std::vector<std::vector<std::vector<bool>>> reviewed;  // per force, per review: the teams its own reach names
    reached.reserve(s.gravity.size());
    for (const auto& g : s.gravity) {
        reached.push_back(g.reviews.empty() ? std::vector<bool>{} : model::teams_reached(s, g.reach));
        reviewed.emplace_back();
        for (const auto& r : g.reviews) reviewed.back().push_back(model::teams_reached(s, r.reach));
    }

    for (const auto& v : s.ventures) {
        CompiledVenture cv;
        cv.team = s.team_index(v.team);
        std::map<std::string, int> stone_index;
        for (std::size_t i = 0; i < v.stones.size(); ++i) stone_index[v.stones[i].name] = int(i);
        for (const auto& st : v.stones) {
            CompiledStone cs;
            if (auto it = kinds.find(st.kind); it != kinds.end()) cs.kind = it->second;
            const std::string& p = st.provides.empty() ? st.name : st.provides;
            auto [it, inserted] = provides.emplace(p, int(provides.size()));
            cs.provides = it->second;
            for (const auto& d : st.depends)
                if (auto di = stone_index.find(d); di != stone_index.end()) cs.depends.push_back(di->second);
            cv.total_effort += std::max(0.0, st.effort);
            cv.stones.push_back(std::move(cs));
        }
        for (const auto& b : v.benefits) {
            CompiledBenefit cb;
            for (const auto& r : b.requires_stones)
                if (auto ri = stone_index.find(r); ri != stone_index.end()) cb.requires_stones.push_back(ri->second);
            cv.benefits.push_back(std::move(cb));
        }
        for (const auto& f : v.framed_into)
            if (int fi = s.venture_index(f); fi >= 0) cv.framed_into.push_back(fi);
        if (cv.team >= 0 && s.teams[std::size_t(cv.team)].tripwire) cv.tripwire = &*s.teams[std::size_t(cv.team)].tripwire;
        const double shielding =
            cv.team >= 0 ? std::clamp(s.teams[std::size_t(cv.team)].shielding, 0.0, 1.0) : 0.0;
        for (std::size_t g = 0; g < s.gravity.size(); ++g) {
            const auto& force = s.gravity[g];
            if (force.reviews.empty() || cv.team < 0 || !reached[g][std::size_t(cv.team)]) continue;
            for (std::size_t ri = 0; ri < force.reviews.size(); ++ri)
                if (reviewed[g][ri][std::size_t(cv.team)])  // a review scoped away exempts the team
                    cv.reviews.push_back({force.reviews[ri], int(g), std::max(0.0, force.reviews[ri].harshness) * (1.0 - shielding)});
        }
        c.ventures.push_back(std::move(cv));
    }
    c.provides_count = int(provides.size());
    return c;
}

bool review_due(const model::Review& r, const model::Schedule& sched, bool enabled, int tick) {
    if (!enabled || r.every <= 0) return false;
    if (tick < sched.start || (sched.end >= 0 && tick > sched.end)) return false;
    const int first = r.offset > 0 ? r.offset : r.every;
    return tick >= first && (tick - first) % r.every == 0;
}

// [state] --------------------------------------------------------------------------------------

// Framed: an unsolvable problem whose framing is done; it is navigated through the ventures it
// was framed into, never solved.
enum class Phase { Waiting, Dormant, Framing, Active, Succeeded, Failed, Framed };

struct StoneState {
    double remaining = 0.0;     // effort still to do (in the stone's own units)
    bool done = false;
    bool reused = false;        // taken from the commons
    bool started = false;
    std::vector<double> stamp;  // team mean practice at completion (built stones only)
};

struct VentureState {
    Phase phase = Phase::Waiting;
    int start_tick = -1;
    int end_tick = -1;
    std::string cause;
    std::vector<StoneState> stones;
    model::ProblemClass true_class = model::ProblemClass::Solvable;
    model::ProblemClass perceived = model::ProblemClass::Solvable;
    bool framed = true;             // false while a true unsolvable problem is unframed
    double open_subproblems = kSteadyOpenSubproblems;
    std::vector<double> observed;   // what the trip-wire counted of them, each active tick
    int tripwire_tick = -1;
    int framing_until = -1;
    double spiral_effort = 0.0;
    int reused = 0;
    int reworked = 0;
    double value = 0.0;
    int promoted = -1;              // benefit index
    double promoted_remaining = 0.0;
    int recovery_ticks = -1;
    bool promoted_failed = false;   // the promoted benefit met its own hazard or review
};

struct CommonsEntry {
    int venture = -1;               // builder
    int stone = -1;
    int reuses = 0;
};

}  // namespace

struct VentureBook::Impl {
    Compiled base;  // as built: every replicate starts from it, whatever events rebound
    Compiled c;
    std::vector<VentureState> v;
    std::vector<CommonsEntry> commons;  // by provides id; venture -1 = nothing there yet
    std::vector<double> sharing;        // per team: ventures sharing its people this tick
    std::vector<double> pool;           // team × kind: surviving ideas not yet taken up by a stone
    int kinds = 0;                      // idea kinds (organization.idea_mix)
    std::vector<Success> successes;     // of the last step

    /// Takes one idea of the stone's kind from the team's pool to start the stone; false when
    /// there is none. A kind outside the mix, or a team whose ideas are not modelled, needs none.
    bool take_idea(int kind, int team, const TeamTick* view) {
        if (kind < 0 || team < 0 || !view || !view->ideas) return true;
        double& left = pool[std::size_t(team) * std::size_t(kinds) + std::size_t(kind)];
        if (left < 1.0) return false;
        left -= 1.0;
        return true;
    }

    const model::Scenario& s() const { return *c.s; }

    bool available(std::size_t vi, std::size_t si) const {
        const auto& st = v[vi].stones[si];
        if (st.done) return false;
        for (int d : c.ventures[vi].stones[si].depends)
            if (!v[vi].stones[std::size_t(d)].done) return false;
        return true;
    }

    bool all_done(std::size_t vi) const {
        for (const auto& st : v[vi].stones)
            if (!st.done) return false;
        return true;
    }

    void activate(std::size_t vi, int tick) {
        auto& st = v[vi];
        st.start_tick = tick;
        st.observed.clear();
        if (st.true_class == model::ProblemClass::Unsolvable &&
            st.perceived == model::ProblemClass::Unsolvable) {
            // Known to be unframed: the team frames it first, without needing a trip-wire.
            st.phase = Phase::Framing;
            st.framing_until = tick + framing_ticks(vi);
        } else {
            st.phase = Phase::Active;
        }
    }

    int framing_ticks(std::size_t vi) const {
        const int team = c.ventures[vi].team;
        if (team >= 0) {
            const auto& tw = s().teams[std::size_t(team)].tripwire;
            if (tw) return std::max(0, tw->framing_ticks);
        }
        return model::Tripwire{}.framing_ticks;
    }

    // An unsolvable problem is navigated, not solved: framing ends its own work and starts the
    // solvable sub-problems it was framed into. Framing a solvable problem (a false alarm) only
    // cost the framing time; the work goes on.
    void finish_framing(std::size_t vi, int tick) {
        auto& st = v[vi];
        if (st.true_class != model::ProblemClass::Unsolvable) {
            st.phase = Phase::Active;
            return;
        }
        st.framed = true;
        st.phase = Phase::Framed;
        st.end_tick = tick;
        for (int f : c.ventures[vi].framed_into) {
            auto& other = v[std::size_t(f)];
            if (other.phase == Phase::Dormant || other.phase == Phase::Waiting) activate(std::size_t(f), tick);
        }
    }

    void complete_stone(std::size_t vi, std::size_t si, const TeamTick* team, int tick);
    void fail(std::size_t vi, int tick, const std::string& cause, Rng& rng);
    void step_venture(std::size_t vi, int tick, const TeamTick* team, double team_ventures, Rng& rng);
    void mingle(std::size_t vi, Rng& rng);
    void spiral(std::size_t vi, double work, double pace);
    void work_on_stones(std::size_t vi, double work, const TeamTick* team, int tick, Rng& rng);
    bool succeed_if_done(std::size_t vi, int tick);
    bool hazard_strikes(std::size_t vi, int tick, double fit, double u_hazard, double u_cause, Rng& rng);
    bool review_kills(std::size_t vi, int tick, Rng& rng);
    static bool promotion_under_way(const VentureState& st) {
        return st.promoted >= 0 && st.recovery_ticks < 0 && !st.promoted_failed;
    }
    void step_promoted(std::size_t vi, int tick, double fit, double work, Rng& rng);
    void watch(std::size_t vi, int tick, double u_observe);
    /// True if the venture takes a share of its team's people this tick.
    bool occupies_team(std::size_t vi, int tick) const {
        const auto& st = v[vi];
        switch (st.phase) {
            case Phase::Waiting: return tick > s().ventures[vi].start;
            case Phase::Active:
            case Phase::Framing: return tick > st.start_tick;
            case Phase::Failed: return promotion_under_way(st);
            default: return false;
        }
    }
};

namespace {

double fit_of(const model::Venture& v, const TeamTick* team) {
    if (!team || !team->mean_practice) return 1.0;
    const double tau = std::max(1e-9, v.fit_tolerance);
    double sum = 0.0;
    for (std::size_t d = 0; d < v.needs.size(); ++d) {
        if (!v.needs[d]) continue;
        const double gap = std::max(0.0, *v.needs[d] - team->mean_practice[d]);
        sum += gap * gap;
    }
    return std::exp(-sum / (2.0 * tau * tau));
}


}  // namespace

void VentureBook::Impl::complete_stone(std::size_t vi, std::size_t si, const TeamTick* team, int tick) {
    (void)tick;
    auto& stone = v[vi].stones[si];
    stone.done = true;
    stone.remaining = 0.0;
    const std::size_t dims = s().dimensions.size();
    if (team && team->mean_practice) stone.stamp.assign(team->mean_practice, team->mean_practice + dims);
    auto& entry = commons[std::size_t(c.ventures[vi].stones[si].provides)];
    if (entry.venture < 0) entry = {int(vi), int(si), 0};
}

void VentureBook::Impl::fail(std::size_t vi, int tick, const std::string& cause, Rng& rng) {
    auto& st = v[vi];
    const auto& def = s().ventures[vi];
    st.phase = Phase::Failed;
    st.end_tick = tick;
    st.cause = cause;
    // Every benefit draws, so the number of draws does not depend on which stones are done.
    int best = -1;
    for (std::size_t b = 0; b < def.benefits.size(); ++b) {
        const bool survives = rng.bernoulli(def.benefits[b].independence);
        bool ready = true;
        for (int r : c.ventures[vi].benefits[b].requires_stones)
            if (!st.stones[std::size_t(r)].done) ready = false;
        if (!survives || !ready) continue;
        if (best < 0 || def.benefits[b].value > def.benefits[std::size_t(best)].value) best = int(b);
    }
    st.promoted = best;
    if (best >= 0) {
        st.promoted_remaining = std::max(0.0, def.benefits[std::size_t(best)].effort);
        if (st.promoted_remaining <= 0.0) st.recovery_ticks = 0;
    }
}

namespace {

// Per-tick hazard: circumstances, own limitations (misfit), a worthy foe (shocks at this tick).
double hazard_of(const model::Venture& def, double fit, int tick, double& h_base, double& h_misfit) {
    h_base = std::max(0.0, def.base_hazard);
    h_misfit = std::max(0.0, def.misfit_hazard) * (1.0 - fit);
    double h_shock = 0.0;
    for (const auto& sh : def.shocks)
        if (sh.tick == tick) h_shock += std::max(0.0, sh.hazard);
    return h_base + h_misfit + h_shock;
}

}  // namespace

// A promoted benefit is a venture of its own: the team's fit sets its pace and its misfit hazard,
// it meets the primary's circumstances and shocks, and reviews look at it. It shows no legible
// progress until its first value, against a plan of the primary's planned_ticks scaled by its
// share of the primary's effort.
void VentureBook::Impl::step_promoted(std::size_t vi, int tick, double fit, double work, Rng& rng) {
    auto& st = v[vi];
    const auto& def = s().ventures[vi];
    const auto& cv = c.ventures[vi];
    const double u_hazard = rng.uniform();
    st.promoted_remaining -= work;
    if (st.promoted_remaining <= 1e-12) {
        st.recovery_ticks = tick - st.end_tick;
        return;
    }
    double h_base = 0.0, h_misfit = 0.0;
    const double h_total = hazard_of(def, fit, tick, h_base, h_misfit);
    if (h_total > 0.0 && u_hazard < 1.0 - std::exp(-h_total)) {
        st.promoted_failed = true;
        return;
    }
    const double effort = std::max(0.0, def.benefits[std::size_t(st.promoted)].effort);
    const double share = cv.total_effort > 0.0 ? effort / cv.total_effort : 1.0;
    const double planned = std::max(1.0, double(std::max(1, def.planned_ticks)) * share);
    for (const auto& r : cv.reviews) {
        const auto& force = s().gravity[std::size_t(r.gravity)];
        if (!review_due(r.review, force.schedule, force.enabled, tick)) continue;
        const double expected = std::min(1.0, double(tick - st.end_tick) / planned);
        if (rng.bernoulli(std::clamp(r.harshness * expected, 0.0, 1.0))) {
            st.promoted_failed = true;
            return;
        }
    }
}

// The trip-wire sees what a team can count: a noisy number of open sub-problems (Poisson around
// the true number). It trips at the first tick whose count is at least `growth` times the count
// `window` ticks earlier (or at the venture's first tick, while fewer ticks have passed). Work
// that converges can trip it too: a false alarm, paid for with the framing time.
void VentureBook::Impl::watch(std::size_t vi, int tick, double u_observe) {
    auto& st = v[vi];
    const auto* tw = c.ventures[vi].tripwire;
    if (!tw || tw->window <= 0 || st.tripwire_tick >= 0 || st.phase != Phase::Active) return;
    st.observed.push_back(poisson_quantile(st.open_subproblems, u_observe));
    const std::size_t now = st.observed.size() - 1;
    if (now == 0) return;
    const double then = st.observed[now - std::min(now, std::size_t(tw->window))];
    if (st.observed[now] < tw->growth * std::max(1.0, then)) return;
    st.tripwire_tick = tick;
    st.phase = Phase::Framing;
    st.framing_until = tick + std::max(0, tw->framing_ticks);
    if (tw->framing_ticks <= 0) finish_framing(vi, tick);
}

// Mingling: an unstarted stone another venture has already built may be reused. A seed is found
// by chance; once reuse has graduated it to core, every venture takes it.
void VentureBook::Impl::mingle(std::size_t vi, Rng& rng) {
    auto& st = v[vi];
    const auto& cv = c.ventures[vi];
    for (std::size_t si = 0; si < st.stones.size(); ++si) {
        auto& stone = st.stones[si];
        if (stone.done || stone.started) continue;
        auto& entry = commons[std::size_t(cv.stones[si].provides)];
        if (entry.venture < 0 || entry.venture == int(vi)) continue;
        const bool found = rng.bernoulli(s().commons.mingling);
        if (!found && entry.reuses < std::max(1, s().commons.graduation)) continue;
        stone.done = true;
        stone.reused = true;
        stone.remaining = 0.0;
        ++st.reused;
        ++entry.reuses;
    }
}

// Unframed: work opens sub-problems faster than it closes them; no stone completes. Growth
// follows the pace of the work, not the number of people doing it.
void VentureBook::Impl::spiral(std::size_t vi, double work, double pace) {
    auto& st = v[vi];
    st.spiral_effort += work;
    st.open_subproblems = std::min(kMaxOpenSubproblems,
                                   st.open_subproblems * (1.0 + std::max(0.0, s().ventures[vi].spiral_rate) * pace));
}

// The team works through its available stones in plan order, one at a time; work left when a
// stone completes carries on to the next. Stones not yet reached stay unstarted, so the commons
// can still supply them.
void VentureBook::Impl::work_on_stones(std::size_t vi, double work, const TeamTick* team, int tick, Rng& rng) {
    auto& st = v[vi];
    const auto& def = s().ventures[vi];
    const auto& cv = c.ventures[vi];
    // Believing a problem harder than it is wastes effort; the true class sets the floor.
    const double factor = std::max(effort_factor(st.true_class),
                                   st.perceived == model::ProblemClass::Solved ? effort_factor(st.true_class)
                                                                               : effort_factor(st.perceived));
    const bool wrong_answers = st.true_class == model::ProblemClass::Solvable &&
                               st.perceived == model::ProblemClass::Solved;
    double budget = work;
    const double rate = 1.0 / factor;  // effort per unit of work
    for (std::size_t si = 0; si < st.stones.size() && budget > 0.0; ++si) {
        if (!available(vi, si)) continue;
        auto& stone = st.stones[si];
        // A stone starts from a surviving idea of its kind; without one it waits.
        if (!stone.started && !take_idea(cv.stones[si].kind, cv.team, team)) continue;
        stone.started = true;
        const double needed = stone.remaining / rate;
        if (needed > budget + 1e-12) {
            stone.remaining -= budget * rate;
            budget = 0.0;
            break;
        }
        budget -= needed;
        if (wrong_answers && rng.bernoulli(def.rework_probability)) {
            // Found wrong: it is redone from scratch, starting next tick.
            stone.remaining = std::max(0.0, def.stones[si].effort);
            ++st.reworked;
            break;
        }
        complete_stone(vi, si, team, tick);
        si = std::size_t(-1);  // a completion may open earlier-listed dependants
    }
}

// Only a problem that can be solved succeeds; an unsolvable one is at best framed.
bool VentureBook::Impl::succeed_if_done(std::size_t vi, int tick) {
    auto& st = v[vi];
    if (!all_done(vi) || st.true_class == model::ProblemClass::Unsolvable) return false;
    st.phase = Phase::Succeeded;
    st.end_tick = tick;
    st.value = s().ventures[vi].value;
    successes.push_back({c.ventures[vi].team, tick - st.start_tick});
    return true;
}

// Hazards: circumstances, own limitations, a worthy foe. True when the venture failed.
bool VentureBook::Impl::hazard_strikes(std::size_t vi, int tick, double fit, double u_hazard, double u_cause, Rng& rng) {
    double h_base = 0.0, h_misfit = 0.0;
    const double h_total = hazard_of(s().ventures[vi], fit, tick, h_base, h_misfit);
    if (!(h_total > 0.0 && u_hazard < 1.0 - std::exp(-h_total))) return false;
    const double pick = u_cause * h_total;
    const char* cause = pick < h_base ? "circumstances" : pick < h_base + h_misfit ? "misfit" : "shock";
    fail(vi, tick, cause, rng);
    return true;
}

// Reviews see only legible progress against a linear plan. True when a review killed the venture.
bool VentureBook::Impl::review_kills(std::size_t vi, int tick, Rng& rng) {
    const auto& st = v[vi];
    const auto& def = s().ventures[vi];
    const auto& cv = c.ventures[vi];
    for (const auto& r : cv.reviews) {
        const auto& force = s().gravity[std::size_t(r.gravity)];
        if (!review_due(r.review, force.schedule, force.enabled, tick)) continue;
        const double elapsed = double(tick - st.start_tick);
        const double expected = std::min(1.0, elapsed / double(std::max(1, def.planned_ticks)));
        double legible = 0.0;
        if (cv.total_effort > 0.0) {
            for (std::size_t si = 0; si < st.stones.size(); ++si)
                if (st.stones[si].done)
                    legible += std::max(0.0, def.stones[si].effort) * std::clamp(def.stones[si].legibility, 0.0, 1.0);
            legible /= cv.total_effort;
        }
        const double p_kill = std::clamp(r.harshness * std::max(0.0, expected - legible), 0.0, 1.0);
        if (rng.bernoulli(p_kill)) {
            fail(vi, tick, "review", rng);
            return true;
        }
    }
    return false;
}

void VentureBook::Impl::step_venture(std::size_t vi, int tick, const TeamTick* team, double team_ventures, Rng& rng) {
    auto& st = v[vi];
    const auto& def = s().ventures[vi];

    // The step for `tick` covers (tick - 1, tick]: a venture starting at tick t works from t + 1.
    if (st.phase == Phase::Waiting && tick > def.start) activate(vi, def.start);
    if ((st.phase == Phase::Active || st.phase == Phase::Framing) && tick <= st.start_tick) return;
    const double capacity = team ? std::max(0.0, team->capacity) : 1.0;
    const double fit = fit_of(def, team);
    // Effort is in person-ticks: a team's work per tick scales with its headcount.
    // A team's people are shared evenly among the ventures it is working on this tick.
    const double people = (team ? std::max(0.0, team->headcount) : 1.0) / std::max(1.0, team_ventures);
    const double pace = std::max(0.0, def.velocity) * capacity * fit;  // per person

    // A promoted benefit keeps the team busy after the failure until it yields its first value.
    if (st.phase == Phase::Failed) {
        if (promotion_under_way(st)) step_promoted(vi, tick, fit, pace * people, rng);
        return;
    }
    if (st.phase != Phase::Active && st.phase != Phase::Framing) return;

    // Draws happen in a fixed order for every running venture (hazard, cause, observation,
    // review), so common random numbers line up across what-if variants.
    const double u_hazard = rng.uniform();
    const double u_cause = rng.uniform();
    const double u_observe = rng.uniform();

    if (st.phase == Phase::Framing && tick >= st.framing_until) {
        finish_framing(vi, tick);
        if (st.phase == Phase::Framed) return;
    }
    if (st.phase == Phase::Active) {
        if (st.framed) {   // framed: the stones of the plan can be built
            mingle(vi, rng);
            work_on_stones(vi, pace * people, team, tick, rng);
        } else {
            spiral(vi, pace * people, pace);
        }
    }
    if (succeed_if_done(vi, tick)) return;
    watch(vi, tick, u_observe);
    if (st.phase == Phase::Framed) return;
    if (hazard_strikes(vi, tick, fit, u_hazard, u_cause, rng)) return;
    review_kills(vi, tick, rng);
}

// [public] -------------------------------------------------------------------------------------

VentureBook::VentureBook(const model::Scenario& s) : impl_(std::make_unique<Impl>()) {
    impl_->base = compile(s);
    impl_->c = impl_->base;
    reset();
}
VentureBook::~VentureBook() = default;
VentureBook::VentureBook(VentureBook&&) noexcept = default;
VentureBook& VentureBook::operator=(VentureBook&&) noexcept = default;

void VentureBook::reset() {
    auto& m = *impl_;
    if (m.c.s != m.base.s) m.c = m.base;
    const auto& s = m.s();
    m.v.assign(s.ventures.size(), VentureState{});
    m.commons.assign(std::size_t(m.c.provides_count), CommonsEntry{});
    m.kinds = int(s.organization.idea_mix.size());
    m.pool.assign(s.teams.size() * std::size_t(m.kinds), 0.0);
    m.successes.clear();
    for (std::size_t i = 0; i < s.ventures.size(); ++i) {
        const auto& def = s.ventures[i];
        auto& st = m.v[i];
        st.phase = def.dormant ? Phase::Dormant : Phase::Waiting;
        st.true_class = def.problem_class;
        st.perceived = def.perceived_class;
        st.framed = def.problem_class != model::ProblemClass::Unsolvable;
        st.stones.resize(def.stones.size());
        for (std::size_t si = 0; si < def.stones.size(); ++si)
            st.stones[si].remaining = std::max(0.0, def.stones[si].effort);
    }
}

void VentureBook::rebind(const model::Scenario& current) {
    // Structure is unchanged by events, so the per-replicate state stays valid.
    impl_->c = compile(current);
}

void VentureBook::step(int tick, const std::vector<TeamTick>& teams, Rng& rng) {
    auto& m = *impl_;
    m.successes.clear();
    // Ideas that survived this tick join their team's pool, where stones of their kind take them.
    for (std::size_t t = 0; t < teams.size() && t < m.s().teams.size(); ++t)
        if (teams[t].ideas)
            for (int k = 0; k < m.kinds; ++k) m.pool[t * std::size_t(m.kinds) + std::size_t(k)] += teams[t].ideas[k];
    // How many ventures share each team's people this tick (counted before anyone moves).
    m.sharing.assign(m.s().teams.size(), 0.0);
    for (std::size_t vi = 0; vi < m.v.size(); ++vi) {
        const int t = m.c.ventures[vi].team;
        if (t >= 0 && m.occupies_team(vi, tick)) m.sharing[std::size_t(t)] += 1.0;
    }
    for (std::size_t vi = 0; vi < m.v.size(); ++vi) {
        const int t = m.c.ventures[vi].team;
        const TeamTick* team = (t >= 0 && std::size_t(t) < teams.size()) ? &teams[std::size_t(t)] : nullptr;
        m.step_venture(vi, tick, team, t >= 0 ? m.sharing[std::size_t(t)] : 1.0, rng);
    }
}

const std::vector<Success>& VentureBook::successes() const { return impl_->successes; }

// [collect] ------------------------------------------------------------------------------------

void VentureBook::collect(int replicate, std::vector<VentureOutcome>& out) const {
    const auto& m = *impl_;
    const auto& s = m.s();
    const std::size_t dims = s.dimensions.size();
    for (std::size_t vi = 0; vi < m.v.size(); ++vi) {
        const auto& st = m.v[vi];
        const auto& def = s.ventures[vi];
        VentureOutcome o;
        o.replicate = replicate;
        o.venture = def.name;
        switch (st.phase) {
            case Phase::Waiting:
            case Phase::Dormant: o.status = VentureStatus::Dormant; break;
            case Phase::Framing:
            case Phase::Active: o.status = VentureStatus::Running; break;
            case Phase::Succeeded: o.status = VentureStatus::Succeeded; break;
            case Phase::Failed: o.status = VentureStatus::Failed; break;
            case Phase::Framed: o.status = VentureStatus::Framed; break;
        }
        o.end_tick = st.end_tick;
        o.value = st.value;
        o.salvage = 0.0;
        if (st.phase == Phase::Failed || st.phase == Phase::Framed)
            for (std::size_t si = 0; si < st.stones.size(); ++si)
                if (st.stones[si].done) o.salvage += def.stones[si].value;
        o.promoted = st.promoted >= 0 ? def.benefits[std::size_t(st.promoted)].name : "";
        o.recovery_ticks = st.recovery_ticks;
        o.tripwire_tick = st.tripwire_tick;
        o.spiral_effort = st.spiral_effort;
        o.stones_reused = st.reused;
        o.stones_reworked = st.reworked;
        o.failure_cause = st.cause;
        std::vector<double> character(dims, 0.0);
        int stamped = 0;
        for (std::size_t si = 0; si < st.stones.size(); ++si) {
            const auto& stone = st.stones[si];
            if (!stone.done) continue;
            ++o.stones_done;
            o.done_stones.push_back(def.stones[si].name);
            if (!stone.reused && stone.stamp.size() == dims) {
                for (std::size_t d = 0; d < dims; ++d) character[d] += stone.stamp[d];
                ++stamped;
            }
        }
        if (stamped > 0) {
            for (auto& x : character) x /= double(stamped);
            o.output_character = std::move(character);
        }
        for (const auto& e : m.commons)
            if (e.venture == int(vi) && e.reuses >= std::max(1, s.commons.graduation)) ++o.stones_graduated;
        out.push_back(std::move(o));
    }
}

}  // namespace orgforces::sim
