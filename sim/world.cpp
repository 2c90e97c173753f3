// The engine for one replicate (docs/model.md#one-tick describes every rule below; the regimes and
// the linear pull come from model/dynamics.hpp).
//
// [world]      the regimes of a scenario and its events, person slots, series specs
// [state]      per-replicate buffers (structure of arrays, dimension-major, teams contiguous)
// [tick]       forces -> ideas -> ventures -> practice -> water -> intent -> turnover -> means
// [measures]   one tick's row of the trace

#include "sim/world.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "model/diagnostics.hpp"
#include "model/dynamics.hpp"
#include "model/oracle.hpp"
#include "model/reach.hpp"
#include "sim/assert.hpp"
#include "sim/kernel.hpp"

namespace orgforces::sim {

// [world] --------------------------------------------------------------------------------------

struct World::Layout {
    std::vector<int> begin, cap, size;  // T each
    int slots = 0;                      // total person slots
    int max_cap = 0;
};

World::World(const model::Scenario& s) : scenario_(s) {
    T_ = static_cast<int>(s.teams.size());
    D_ = static_cast<int>(s.dimensions.size());
    K_ = static_cast<int>(s.water.size());
    C_ = static_cast<int>(s.organization.idea_mix.size());
    H_ = std::max(0, s.horizon);
    M_ = kFixedMeasures + K_ + 2 * C_ + D_;

    // Scenario versions (model::scenario_versions), each compiled and checked by model/dynamics;
    // the original first, so its problems are reported before those of the versions events make.
    const auto compile = [this](const model::Scenario& version, int start) {
        regimes_.push_back(std::make_unique<Regime>(model::compile_regime(version)));
        auto problems = model::stability_diagnostics(version, *regimes_.back());
        if (!problems.empty()) throw model::ScenarioError(std::move(problems));
        regime_start_.push_back(start);
        regime_scenarios_.push_back(version);
    };
    compile(s, 0);
    regroupings_.emplace_back();
    auto versions = model::scenario_versions(s);
    for (std::size_t i = 1; i < versions.size(); ++i) {
        compile(versions[i].scenario, versions[i].start);
        regroupings_.push_back(std::move(versions[i].regroupings));
    }

    // Person slots: a team's people are contiguous; growth may add people up to the horizon.
    layout_ = std::make_unique<Layout>();
    std::vector<int> caps;
    for (int t = 0; t < T_; ++t) {
        double max_growth = 0.0;
        for (const auto& r : regimes_) max_growth = std::max(max_growth, r->growth[t]);
        int largest = std::max(0, s.teams[t].size);  // a size event may hire beyond the starting size
        for (const auto& version : regime_scenarios_) largest = std::max(largest, version.teams[t].size);
        caps.push_back(largest + static_cast<int>(std::ceil(max_growth * H_)));
    }
    // A merged or split-off team may receive everyone the other team could hold.
    for (const auto& events : regroupings_)
        for (const auto& e : events) {
            if (e.merge)
                for (const auto& name : e.merge->teams)
                    if (const int u = s.team_index(name), into = s.team_index(e.merge->into); u >= 0 && into >= 0 && u != into)
                        caps[std::size_t(into)] += caps[std::size_t(u)];
            if (e.split)
                if (const int from = s.team_index(e.split->team), to = s.team_index(e.split->into); from >= 0 && to >= 0)
                    caps[std::size_t(to)] += std::min(e.split->size, caps[std::size_t(from)]);
        }
    for (int t = 0; t < T_; ++t) {
        const int size = std::max(0, s.teams[t].size), cap = caps[std::size_t(t)];
        layout_->begin.push_back(layout_->slots);
        layout_->cap.push_back(cap);
        layout_->size.push_back(size);
        layout_->slots += cap;
        layout_->max_cap = std::max(layout_->max_cap, cap);
        ORGFORCES_ASSERT(0 <= size && size <= cap, "a team's starting headcount fits its slots");
    }
    // Starting assumption levels, T × K (the scope of each culture: model/reach.hpp).
    start_levels_.assign(std::size_t(T_) * K_, 0.0);
    for (int k = 0; k < K_; ++k) {
        const model::CultureScope scope = model::culture_scope(s, s.water[k]);
        for (int t = 0; t < T_; ++t) start_levels_[std::size_t(t) * K_ + k] = model::starting_assumption(s, scope, t, k);
    }
    // Every regime's per-team tables and links index teams 0..T-1 (the tick reads them unchecked).
    for (const auto& r : regimes_) {
        ORGFORCES_ASSERT(r->link_begin.size() == std::size_t(T_) + 1, "one link range per team");
        ORGFORCES_ASSERT(r->growth.size() == std::size_t(T_) && r->h0.size() == std::size_t(T_),
                         "per-team rates for every team");
        for (int u : r->link_team) ORGFORCES_ASSERT(0 <= u && u < T_, "a link names an existing team");
    }

    // Series: team-major, measure-minor. Histogram ranges: shares in [0,1]; counts up to what a
    // team can plausibly reach (beyond it the min/max clamp keeps quantiles honest).
    std::vector<std::string> kinds;
    for (const auto& [kind, weight] : s.organization.idea_mix) kinds.push_back(kind);
    for (int t = 0; t < T_; ++t) {
        const auto& name = s.teams[t].name;
        const double cap = std::max(1, layout_->cap[t]);
        double ideas = 0.0;
        for (const auto& r : regimes_) ideas = std::max(ideas, r->idea_rate * cap);
        const double idea_hi = std::ceil(ideas + 4.0 * std::sqrt(ideas) + 4.0);
        series_.push_back({name, "drift", 0.0, 1.0, true});
        series_.push_back({name, "distance_to_default", 0.0, 1.0});
        // Mostly in [0, 1]; overshooting the intent or crossing the default leaves it.
        series_.push_back({name, "intent_kept", -0.5, 1.5});
        series_.push_back({name, "friction", 0.0, 1.0, true});
        series_.push_back({name, "leader_load", 0.0, 1.0});
        series_.push_back({name, "capacity", 0.0, 1.0});
        series_.push_back({name, "headcount", 0.0, cap});
        series_.push_back({name, "leavers", 0.0, std::ceil(cap / 4.0) + 1.0});
        series_.push_back({name, "hires", 0.0, std::ceil(cap / 4.0) + 1.0});
        series_.push_back({name, "spread", 0.0, 1.0});
        for (int w = 0; w < K_; ++w) series_.push_back({name, "assumption:" + s.water[w].name, 0.0, 1.0});
        for (int c = 0; c < C_; ++c) series_.push_back({name, "ideas_produced:" + kinds[c], 0.0, idea_hi});
        for (int c = 0; c < C_; ++c) series_.push_back({name, "ideas_dismissed:" + kinds[c], 0.0, idea_hi});
        // The team's mean practice per dimension: the trails of the practice map.
        for (int d = 0; d < D_; ++d) series_.push_back({name, "practice:" + s.dimensions[d].name, 0.0, 1.0});
    }
}

World::~World() = default;

const std::vector<double>& World::defaults() const { return regimes_.front()->defaults; }

namespace {
class EngineWorker final : public TraceWorker {
public:
    explicit EngineWorker(const World& w) : rep_(w, !w.scenario().ventures.empty()) {}
    void run(std::uint64_t seed, int replicate, double* out, ReplicateExtras& extras) override {
        rep_.run(seed, replicate, out, extras);
    }

private:
    Replicate rep_;
};
}  // namespace

TraceModel World::trace_model() const {
    TraceModel m;
    m.series = series_;
    m.ticks = H_ + 1;
    m.make_worker = [this] { return std::make_unique<EngineWorker>(*this); };
    return m;
}

// [state] --------------------------------------------------------------------------------------

struct Replicate::State {
    // People: practice D × N and assumption levels K × N, dimension-major (column d of an N × D
    // column-major matrix), so a team's values on one dimension are one contiguous run.
    std::vector<double> P, A;
    std::vector<int> n;                       // T: people present
    std::vector<double> mean, amean;          // T × D, T × K
    std::vector<double> spread;               // T: root-mean-square distance of people from the team mean
    std::vector<double> code;                 // K
    std::vector<double> held;                 // K: the code as people hold it (lags the code by depth)
    std::vector<double> intent;               // T × D: current (eroding) intent
    std::vector<double> growth_acc;           // T
    // This tick's compiled coefficients and counters.
    std::vector<double> sched;                // G: strength × schedule factor
    std::vector<double> gk;                   // T × G: (1 − s) k_g(t) where reached
    std::vector<double> alpha, beta;          // T × D
    std::vector<double> fric, load, capac;    // T: friction, leaders' load, capacity
    std::vector<double> wear;                 // T: leaders' wear
    std::vector<double> kept, produced, dismissed;  // T × C: ideas that survived, were made, were dismissed
    std::vector<int> leavers, hires;          // T
    std::vector<int> hired;                   // N: tick each person was hired (0 for the starting people)
    int now = 0;                              // the tick being stepped
    // Practice noise (sim/kernel.hpp) and scratch.
    kernel::NormalStream noise;
    std::vector<float> z;                     // one dimension's noise, kernel::noise_room(slots)
    std::vector<kernel::Lean> leans;          // the leans on one dimension, at most K
    std::vector<double> alpha_d, beta_d;      // T: alpha and beta on one dimension
    std::vector<double> draw;
    std::vector<int> leaving;
    Rng initial{0, 0, StreamPurpose::Initial}, practice{0, 0, StreamPurpose::Practice},
        turnover{0, 0, StreamPurpose::Turnover}, ideas{0, 0, StreamPurpose::Ideas},
        ventures{0, 0, StreamPurpose::Ventures};
    int regime = 0;
    std::unique_ptr<VentureBook> book;
    std::vector<TeamTick> team_ticks;
    std::vector<kernel::TeamForces> forces;   // per regime: model::team_pull and model::pressure, sparse
};

Replicate::Replicate(const World& world, bool with_ventures) : world_(world), st_(std::make_unique<State>()) {
    const int T = world.teams(), D = world.dimensions(), K = world.waters(), C = world.kinds();
    const auto& L = world.layout();
    const std::size_t N = L.slots;
    const int G = world.regime(0).G;
    State& s = *st_;
    s.P.assign(std::size_t(D) * N, 0.0);
    s.A.assign(std::size_t(K) * N, 0.0);
    s.n.assign(T, 0);
    s.mean.assign(std::size_t(T) * D, 0.0);
    s.amean.assign(std::size_t(T) * K, 0.0);
    s.spread.assign(T, 0.0);
    s.code.assign(K, 0.0);
    s.held.assign(K, 0.0);
    s.intent.assign(std::size_t(T) * D, 0.0);
    s.growth_acc.assign(T, 0.0);
    s.sched.assign(G, 0.0);
    s.gk.assign(std::size_t(T) * G, 0.0);
    s.alpha.assign(std::size_t(T) * D, 0.0);
    s.beta.assign(std::size_t(T) * D, 0.0);
    s.fric.assign(T, 0.0);
    s.load.assign(T, 0.0);
    s.wear.assign(T, 0.0);
    s.capac.assign(T, 1.0);
    s.kept.assign(std::size_t(T) * C, 0.0);
    s.produced.assign(std::size_t(T) * C, 0.0);
    s.dismissed.assign(std::size_t(T) * C, 0.0);
    s.leavers.assign(T, 0);
    s.hires.assign(T, 0);
    s.hired.assign(N, 0);
    ORGFORCES_ASSERT(L.begin.size() == std::size_t(T) && (T == 0 || std::size_t(L.begin[T - 1] + L.cap[T - 1]) == N),
                     "team slot ranges tile the person arrays");
    const std::size_t scratch = std::max(1, L.max_cap);
    s.z.assign(kernel::noise_room(N), 0.0f);
    s.leans.reserve(std::size_t(K));
    s.alpha_d.assign(T, 0.0);
    s.beta_d.assign(T, 0.0);
    s.draw.assign(std::max<std::size_t>(D, 1), 0.0);
    s.leaving.assign(scratch, 0);
    if (with_ventures && !world.scenario().ventures.empty()) s.book = std::make_unique<VentureBook>(world.scenario());
    s.team_ticks.resize(T);
    for (int i = 0; i < world.regimes(); ++i) s.forces.emplace_back(world.regime(i));
}

Replicate::~Replicate() = default;

int Replicate::headcount(int team) const { return st_->n[team]; }
double Replicate::mean_practice(int team, int d) const { return st_->mean[std::size_t(team) * world_.dimensions() + d]; }
double Replicate::mean_assumption(int team, int w) const { return st_->amean[std::size_t(team) * world_.waters() + w]; }
double Replicate::code(int w) const { return st_->code[w]; }
double Replicate::friction(int team) const { return st_->fric[team]; }
double Replicate::capacity(int team) const { return st_->capac[team]; }
double Replicate::intent(int team, int d) const { return st_->intent[std::size_t(team) * world_.dimensions() + d]; }

namespace {

double clip01(double x) { return x < 0.0 ? 0.0 : (x > 1.0 ? 1.0 : x); }

// Recomputes team means from the person arrays (fixed summation order: deterministic).
void compute_means(const World& w, Replicate::State& s) {
    const int T = w.teams(), D = w.dimensions(), K = w.waters();
    const auto& L = w.layout();
    const std::size_t N = L.slots;
    kernel::team_means(s.P.data(), N, D, T, L.begin.data(), s.n.data(), s.mean.data());  // empty teams keep theirs
    kernel::team_means(s.A.data(), N, K, T, L.begin.data(), s.n.data(), s.amean.data());
}

// The spread of practice from the team means just computed: the root-mean-square distance of a
// team's people from its mean, over dimensions (what peer conformity narrows).
void compute_spread(const World& w, Replicate::State& s) {
    const auto& L = w.layout();
    kernel::team_spread(s.P.data(), L.slots, w.dimensions(), w.teams(), L.begin.data(), s.n.data(), s.mean.data(),
                        s.spread.data());  // empty teams keep theirs
}

// Forces of tick `tick`: per-team gravity rates, friction, capacity and the linear coefficients
// alpha (pull rate) and beta (pull target × rate) of the practice update, people aside.
void compute_forces(const World& w, const Regime& r, Replicate::State& s, int tick) {
    const int T = w.teams(), D = w.dimensions(), G = r.G;
    const kernel::TeamForces& forces = s.forces[std::size_t(s.regime)];
    model::force_factors(r, tick, s.sched.data());
    for (int t = 0; t < T; ++t) {
        const double* m = s.mean.data() + std::size_t(t) * D;
        double* gk = s.gk.data() + std::size_t(t) * G;
        double* al = s.alpha.data() + std::size_t(t) * D;
        double* be = s.beta.data() + std::size_t(t) * D;
        forces.pull(t, s.sched.data(), s.intent.data() + std::size_t(t) * D, r.mu[t], m, al, be, gk, s.wear[t]);
        // Nobody in an empty team feels pressure, nor do its leaders carry any.
        const model::Pressure p = s.n[t] > 0 ? forces.pressure(t, s.sched.data(), m) : model::Pressure{};
        s.fric[t] = p.friction;
        s.load[t] = p.load;
        s.capac[t] = std::max(0.0, 1.0 - r.phi * s.fric[t]);  // friction in [0,1], phi in [0,1]: a guard only
        for (int j = r.link_begin[t]; j < r.link_begin[t + 1]; ++j) {
            const int u = r.link_team[j];
            if (s.n[u] == 0) continue;
            const double* mu_ = s.mean.data() + std::size_t(u) * D;
            for (int d = 0; d < D; ++d) be[d] += r.link_rate[j] * (mu_[d] - m[d]);
        }
    }
}

void hire(const World& w, const Regime& r, Replicate::State& s, int t, std::size_t slot, bool outside) {
    const int D = w.dimensions(), K = w.waters();
    const std::size_t N = w.layout().slots;
    const double spread = r.spread[t];
    s.hired[slot] = s.now;
    for (int d = 0; d < D; ++d) {
        const double base = outside ? r.ext_practice[std::size_t(t) * D + d] : r.defaults[std::size_t(t) * D + d];
        s.P[d * N + slot] = clip01(base + (spread > 0.0 ? spread * s.turnover.normal() : 0.0));
    }
    // Selection: the organization picks, among candidates, those nearer its code as the team's
    // unit holds it. Inside hires bring the level of the unit they come from; a culture that does
    // not reach the team comes with nobody.
    const double select = r.selectivity[t];
    for (int k = 0; k < K; ++k) {
        const std::size_t i = std::size_t(t) * K + k;
        if (!r.water_reach[i]) {
            s.A[k * N + slot] = 0.0;
            continue;
        }
        const double level = outside ? r.ext_assumptions[i] : r.local_prevalence[i];
        s.A[k * N + slot] = level + select * (model::team_code(r, t, k, s.code[k]) - level);
    }
}

void move_person(const World& w, Replicate::State& s, std::size_t from, std::size_t to) {
    const int D = w.dimensions(), K = w.waters();
    const std::size_t N = w.layout().slots;
    for (int d = 0; d < D; ++d) s.P[d * N + to] = s.P[d * N + from];
    for (int k = 0; k < K; ++k) s.A[k * N + to] = s.A[k * N + from];
    s.hired[to] = s.hired[from];
}

// Lets team t's people go down to `target` by `policy` (an event's `layoff`, a split's `who`):
// those first in the policy's order leave, each handed to `leave` (its slot) before the slot is
// reused; ties go to the lower slot. Random draws as turnover does.
template <class Leave>
int let_go(const World& w, Replicate::State& s, int t, int n, int target, model::LayoffPolicy policy, Leave leave) {
    const std::size_t b = w.layout().begin[t];
    if (policy == model::LayoffPolicy::Random) {
        for (; n > target; --n) {
            const int i = static_cast<int>(s.turnover.below(static_cast<std::uint64_t>(n)));
            leave(b + i);
            if (i != n - 1) move_person(w, s, b + n - 1, b + i);
        }
        return n;
    }
    const int D = w.dimensions();
    const std::size_t N = w.layout().slots;
    std::vector<double> key(static_cast<std::size_t>(n));  // smaller leaves first (an event's tick only)
    for (int i = 0; i < n; ++i) {
        double dist2 = 0.0;
        for (int d = 0; d < D; ++d) {
            const double g = s.P[d * N + b + i] - s.mean[std::size_t(t) * D + d];
            dist2 += g * g;
        }
        key[std::size_t(i)] = policy == model::LayoffPolicy::Newest           ? -double(s.hired[b + i])
                              : policy == model::LayoffPolicy::MostConforming ? dist2
                                                                              : -dist2;
    }
    std::vector<int> order(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) order[std::size_t(i)] = i;
    std::stable_sort(order.begin(), order.end(), [&](int a, int c) { return key[std::size_t(a)] < key[std::size_t(c)]; });
    std::vector<int> leaving(order.begin(), order.begin() + (n - target));
    std::sort(leaving.rbegin(), leaving.rend());  // descending, so swaps never touch a pending leaver
    for (const int i : leaving) {
        leave(b + i);
        if (i != n - 1) move_person(w, s, b + n - 1, b + i);
        --n;
    }
    return n;
}

// Whether a merge or split of regime `i`'s start involves team t: its declared size then follows
// the people moved, not a size event.
bool regrouped_team(const World& w, int i, int t) {
    const auto& name = w.scenario().teams[std::size_t(t)].name;
    for (const auto& e : w.regroupings(i)) {
        if (e.merge && (e.merge->into == name ||
                        std::find(e.merge->teams.begin(), e.merge->teams.end(), name) != e.merge->teams.end()))
            return true;
        if (e.split && (e.split->team == name || e.split->into == name)) return true;
    }
    return false;
}

int lay_off(const World& w, Replicate::State& s, int t, int n, int target, model::LayoffPolicy policy) {
    return let_go(w, s, t, n, target, policy, [](std::size_t) {});
}

// Moves the person in slot `from` to the end of team `to`; a culture that does not reach that
// team is left behind, as when a team moves out of its reach (docs/model.md#events).
void join(const World& w, const Regime& r, Replicate::State& s, std::size_t from, int to) {
    const int K = w.waters();
    const std::size_t slot = w.layout().begin[to] + std::size_t(s.n[to]);
    ORGFORCES_ASSERT(s.n[to] < w.layout().cap[to], "a merged or split-off team has room for its people");
    move_person(w, s, from, slot);
    for (int k = 0; k < K; ++k)
        if (!r.water_reach[std::size_t(to) * K + k]) s.A[k * w.layout().slots + slot] = 0.0;
    ++s.n[to];
}

// The merges and splits of event `e` (docs/model.md#events): people move, nobody is hired or lost.
void regroup(const World& w, const Regime& r, Replicate::State& s, const model::Event& e) {
    const auto& sc = w.scenario();
    const auto& L = w.layout();
    if (e.merge) {
        const int into = sc.team_index(e.merge->into);
        for (const auto& name : e.merge->teams) {
            const int u = sc.team_index(name);
            if (u < 0 || into < 0 || u == into) continue;
            for (int i = 0; i < s.n[u]; ++i) join(w, r, s, L.begin[u] + std::size_t(i), into);
            s.n[u] = 0;
            s.growth_acc[u] = 0.0;
        }
    }
    if (e.split) {
        const int from = sc.team_index(e.split->team), to = sc.team_index(e.split->into);
        if (from < 0 || to < 0 || from == to) return;
        const int n = s.n[from], target = std::max(0, n - e.split->size);
        s.n[from] = let_go(w, s, from, n, target, e.split->who, [&](std::size_t slot) { join(w, r, s, slot, to); });
    }
}

}  // namespace

void Replicate::reset(std::uint64_t seed, int replicate) {
    State& s = *st_;
    const World& w = world_;
    const auto& sc = w.scenario();
    const int T = w.teams(), D = w.dimensions(), K = w.waters();
    const auto& L = w.layout();
    const std::size_t N = L.slots;
    const std::uint64_t rep = static_cast<std::uint64_t>(replicate);
    s.initial = Rng(seed, rep, StreamPurpose::Initial);
    s.practice = Rng(seed, rep, StreamPurpose::Practice);
    s.turnover = Rng(seed, rep, StreamPurpose::Turnover);
    s.ideas = Rng(seed, rep, StreamPurpose::Ideas);
    s.ventures = Rng(seed, rep, StreamPurpose::Ventures);
    s.noise.seed(s.practice);
    tick_ = 0;
    s.now = 0;
    std::fill(s.hired.begin(), s.hired.end(), 0);
    person_ticks_ = 0;
    s.regime = 0;
    while (s.regime + 1 < w.regimes() && w.regime_start(s.regime + 1) <= 0) ++s.regime;
    const Regime& r = w.regime(s.regime);
    for (int t = 0; t < T; ++t) {
        const auto& team = sc.teams[t];
        const int n = L.size[t];
        ORGFORCES_ASSERT(0 <= n && n <= L.cap[t], "starting headcount within the team's slots");
        s.n[t] = n;
        s.growth_acc[t] = 0.0;
        const std::vector<double>& start = team.initial_practice ? *team.initial_practice : team.intent;
        const std::size_t b = L.begin[t];
        for (int i = 0; i < n; ++i)
            for (int d = 0; d < D; ++d)
                s.P[d * N + b + i] = clip01(start[d] + (team.initial_spread > 0.0 ? team.initial_spread * s.initial.normal() : 0.0));
        for (int k = 0; k < K; ++k) std::fill_n(&s.A[k * N + b], n, w.start_assumption(t, k));
        // A team that starts empty keeps its declared start as its means until people join it
        // (compute_means leaves an empty team's means as they are).
        for (int d = 0; d < D && n == 0; ++d) s.mean[std::size_t(t) * D + d] = clip01(start[d]);
        for (int k = 0; k < K && n == 0; ++k) s.amean[std::size_t(t) * K + k] = w.start_assumption(t, k);
        if (n == 0) s.spread[t] = 0.0;
        for (int d = 0; d < D; ++d) s.intent[std::size_t(t) * D + d] = r.intent[std::size_t(t) * D + d];
        s.wear[t] = 0.0;
        s.leavers[t] = s.hires[t] = 0;
    }
    for (int k = 0; k < K; ++k) s.held[k] = s.code[k] = sc.water[k].initial_code.value_or(sc.water[k].prevalence);
    std::fill(s.produced.begin(), s.produced.end(), 0.0);
    std::fill(s.dismissed.begin(), s.dismissed.end(), 0.0);
    std::fill(s.kept.begin(), s.kept.end(), 0.0);
    compute_means(w, s);
    compute_spread(w, s);
    compute_forces(w, r, s, 0);
    if (s.book) {
        s.book->reset();
        if (s.regime > 0) s.book->rebind(w.regime_scenario(s.regime));
    }
}

// [tick] ---------------------------------------------------------------------------------------

namespace {

using State = Replicate::State;

// Events: switches to the scenario version in force from `tick` and applies what the switch
// declares (intent, new leaders, new codes, cultures left behind, the ventures' rebinding).
// Returns the regime in force before.
int switch_regime(const World& w, State& s, int tick) {
    const int T = w.teams(), D = w.dimensions(), K = w.waters();
    const auto& L = w.layout();
    const std::size_t N = L.slots;
    const int before = s.regime;
    while (s.regime + 1 < w.regimes() && w.regime_start(s.regime + 1) <= tick) ++s.regime;
    const Regime& r = w.regime(s.regime);
    if (s.regime != before) {
        const Regime& old = w.regime(before);
        for (std::size_t i = 0; i < s.intent.size(); ++i)
            if (old.intent[i] != r.intent[i]) s.intent[i] = r.intent[i];  // a declared new intent resets erosion
        for (int t = 0; t < T; ++t)  // a new leader: the intent as declared, no wear yet
            if (old.leader_generation[t] != r.leader_generation[t]) {
                std::copy_n(&r.intent[std::size_t(t) * D], D, &s.intent[std::size_t(t) * D]);
                s.wear[t] = 0.0;
            }
        for (int k = 0; k < K; ++k)
            if (model::declares_new_code(old, r, k)) s.code[k] = r.declared_code[std::size_t(k)];
        // A team moved out of a culture's reach leaves it behind (docs/model.md#events).
        bool left = false;
        for (int t = 0; t < T; ++t)
            for (int k = 0; k < K; ++k)
                if (old.water_reach[std::size_t(t) * K + k] && !r.water_reach[std::size_t(t) * K + k]) {
                    std::fill_n(&s.A[k * N + L.begin[t]], L.cap[t], 0.0);
                    left = true;
                }
        bool regrouped = false;
        for (int i = before + 1; i <= s.regime; ++i)
            for (const auto& e : w.regroupings(i)) {
                regroup(w, r, s, e);
                regrouped = true;
            }
        if (left || regrouped) compute_means(w, s);
        if (regrouped) compute_spread(w, s);
        if (s.book) s.book->rebind(w.regime_scenario(s.regime));
    }
    return before;
}

// Ideas: Poisson per kind (rate ∝ headcount × exploration practice), dismissed by water.
void make_ideas(const World& w, const Regime& r, State& s) {
    const int T = w.teams(), D = w.dimensions(), K = w.waters(), C = w.kinds();
    for (int t = 0; t < T; ++t) {
        const double explore = r.explore_dim >= 0 ? s.mean[std::size_t(t) * D + r.explore_dim] : 1.0;
        const double rate = r.idea_rate * s.n[t] * explore;
        for (int c = 0; c < C; ++c) {
            double keep = 1.0;
            for (int k = 0; k < K; ++k) keep *= 1.0 - s.amean[std::size_t(t) * K + k] * r.filter[std::size_t(k) * C + c];
            const std::int64_t made = s.ideas.poisson(rate * r.mix_share[c]);
            const std::int64_t dropped = s.ideas.binomial(made, 1.0 - keep);
            const std::size_t i = std::size_t(t) * C + c;
            s.produced[i] = double(made);
            s.dismissed[i] = double(dropped);
            s.kept[i] = double(made - dropped);
        }
    }
}

// Ventures see capacity, mean practice, surviving ideas and headcount. A success teaches the
// code: it moves toward the succeeding team's assumptions as far as every tick of the venture's
// run would have taught it, learning from that team alone (docs/model.md#water).
void step_ventures(const World& w, const Regime& r, State& s, int tick) {
    const int T = w.teams(), D = w.dimensions(), K = w.waters(), C = w.kinds();
    for (int t = 0; t < T; ++t) {
        auto& tt = s.team_ticks[t];
        tt.capacity = s.capac[t];
        tt.mean_practice = s.mean.data() + std::size_t(t) * D;
        tt.ideas = C > 0 ? &s.kept[std::size_t(t) * C] : nullptr;
        tt.headcount = s.n[t];
    }
    s.book->step(tick, s.team_ticks, s.ventures);
    for (const Success& won : s.book->successes()) {
        if (won.team < 0 || s.n[won.team] == 0) continue;
        for (int k = 0; k < K; ++k) {
            const std::size_t i = std::size_t(won.team) * K + k;
            if (!r.water_reach[i]) continue;  // a culture learns only from teams that hold it
            const double lesson = 1.0 - std::pow(1.0 - r.code_learning[k], double(std::max(1, won.ticks)));
            s.code[k] += lesson * (s.amean[i] - r.code_offset[i] - s.code[k]);
        }
    }
}

// Practice: p += (beta + Σ_w a_w ω U v) − (alpha + Σ_w a_w ω U) p + σ ξ, then clip; one pass per
// dimension (sim/kernel.hpp), the noise drawn per slot.
void move_practice(const World& w, const Regime& r, State& s) {
    const int T = w.teams(), D = w.dimensions(), K = w.waters();
    const auto& L = w.layout();
    const std::size_t N = L.slots;
    for (int d = 0; d < D; ++d) {
        s.leans.clear();
        for (int k = 0; k < K; ++k) {
            const double lw = r.lean_w[std::size_t(k) * D + d];
            if (lw != 0.0) s.leans.push_back({&s.A[k * N], lw, r.lean_v[std::size_t(k) * D + d]});
        }
        for (int t = 0; t < T; ++t) {
            s.alpha_d[t] = s.alpha[std::size_t(t) * D + d];
            s.beta_d[t] = s.beta[std::size_t(t) * D + d];
        }
        kernel::practice(&s.P[d * N], N, T, L.begin.data(), s.n.data(), s.alpha_d.data(), s.beta_d.data(),
                         s.leans.data(), static_cast<int>(s.leans.size()), r.sigma, s.noise, s.z.data());
    }
}

// Water: the held code follows the code (slowly when the assumption is deep), people socialize
// toward it (one pass over every slot; empty ones are never read before a hire overwrites them),
// and the code learns from the better-performing teams (friction at most the headcount-weighted
// mean friction: they seem to work).
void step_water(const World& w, const Regime& r, State& s) {
    const int T = w.teams(), K = w.waters();
    const auto& L = w.layout();
    const std::size_t N = L.slots;
    double people = 0.0, fsum = 0.0;
    for (int t = 0; t < T; ++t) {
        people += s.n[t];
        fsum += s.n[t] * s.fric[t];
    }
    const double fbar = people > 0.0 ? fsum / people : 0.0;
    for (int k = 0; k < K; ++k) {
        const double c = s.code[k], rate = r.socialization[k];
        const double held = s.held[k] = model::follow_code(r, k, s.held[k], c);
        double top_n = 0.0, top_sum = 0.0;
        for (int t = 0; t < T; ++t) {
            const int n = s.n[t];
            const std::size_t i = std::size_t(t) * K + k;
            if (n == 0 || !r.water_reach[i]) continue;
            if (s.fric[t] <= fbar + 1e-12) {
                top_n += n;
                top_sum += n * (s.amean[i] - r.code_offset[i]);
            }
        }
        if (rate != 0.0 && !r.water_scoped[k]) {
            kernel::socialize(&s.A[k * N], N, held, rate);
        } else if (rate != 0.0) {
            // A scoped culture: only the teams it reaches, each toward the code as its unit holds it.
            for (int t = 0; t < T; ++t)
                if (s.n[t] > 0 && r.water_reach[std::size_t(t) * K + k])
                    kernel::socialize(&s.A[k * N + L.begin[t]], std::size_t(s.n[t]), model::team_code(r, t, k, held), rate);
        }
        if (top_n > 0.0) s.code[k] = c + r.code_learning[k] * (top_sum / top_n - c);
    }
}

// Intent erosion: leaders lower their sights toward what the team does. Leaders' wear follows
// the load they carried this tick (docs/model.md#friction).
void erode_intent(const World& w, const Regime& r, State& s) {
    const int T = w.teams(), D = w.dimensions();
    if (r.eps > 0.0)
        for (int t = 0; t < T; ++t)
            if (s.n[t] > 0)
                for (int d = 0; d < D; ++d) {
                    double& m = s.intent[std::size_t(t) * D + d];
                    m += r.eps * (s.mean[std::size_t(t) * D + d] - m);
                }
    for (int t = 0; t < T; ++t) s.wear[t] = model::next_wear(r, s.wear[t], s.load[t]);
}

// Who leaves team t this tick: each of its n people with h0 + η F, by geometric skips over the
// team; their indices go to s.leaving. Returns how many.
int draw_leavers(const Regime& r, State& s, int t, int n) {
    const double h = std::clamp(r.h0[t] + r.eta * s.fric[t], 0.0, 1.0);
    int count = 0;
    if (h > 0.0 && n > 0) {
        if (h >= 1.0) {
            for (int i = 0; i < n; ++i) s.leaving[count++] = i;
        } else {
            const double log_stay = std::log1p(-h);
            long long i = -1;
            for (;;) {
                i += 1 + static_cast<long long>(std::floor(std::log1p(-s.turnover.uniform()) / log_stay));
                if (i >= n) break;
                s.leaving[count++] = static_cast<int>(i);
            }
        }
    }
    ORGFORCES_ASSERT(count <= n, "no more leavers than people");
    return count;
}

// Planned growth (or shrinkage) of team t, one person per whole unit accumulated; returns the
// new headcount.
int grow(const World& w, const Regime& r, State& s, int t, int n) {
    const auto& L = w.layout();
    const std::size_t b = L.begin[t];
    s.growth_acc[t] += r.growth[t];
    while (s.growth_acc[t] >= 1.0) {
        s.growth_acc[t] -= 1.0;
        if (n >= L.cap[t]) continue;
        hire(w, r, s, t, b + n, s.turnover.bernoulli(r.ext_frac[t]));
        ++n;
        ++s.hires[t];
    }
    while (s.growth_acc[t] <= -1.0) {
        s.growth_acc[t] += 1.0;
        if (n == 0) continue;
        const int i = static_cast<int>(s.turnover.below(static_cast<std::uint64_t>(n)));
        if (i != n - 1) move_person(w, s, b + n - 1, b + i);
        --n;
        ++s.leavers[t];
    }
    return n;
}

// A size event sets the headcount from this tick (docs/model.md#events): hires arrive as
// replacements do; a layoff lets people go as the event's policy says. Returns the new headcount.
int apply_size_event(const World& w, const Regime& r, State& s, int t, int n, int before) {
    const auto& L = w.layout();
    const std::size_t b = L.begin[t];
    const auto& team = w.regime_scenario(s.regime).teams[t];
    const int target = std::min(team.size, L.cap[t]);
    if (target != w.regime_scenario(before).teams[t].size) {
        for (; n < target; ++n, ++s.hires[t]) hire(w, r, s, t, b + n, s.turnover.bernoulli(r.ext_frac[t]));
        if (n > target) {
            s.leavers[t] += n - target;
            n = lay_off(w, s, t, n, target, team.layoff);
        }
    }
    return n;
}

// Turnover: leavers are replaced by outside hires (external_fraction) or inside transfers, or the
// team shrinks; then planned growth and, after an event switch, the size the event sets.
void turnover(const World& w, const Regime& r, State& s, bool switched, int before) {
    const auto& L = w.layout();
    for (int t = 0; t < w.teams(); ++t) {
        s.leavers[t] = s.hires[t] = 0;
        int n = s.n[t];
        const std::size_t b = L.begin[t];
        const int count = draw_leavers(r, s, t, n);
        s.leavers[t] = count;
        if (r.replace[t]) {
            for (int j = 0; j < count; ++j) hire(w, r, s, t, b + s.leaving[j], s.turnover.bernoulli(r.ext_frac[t]));
            s.hires[t] = count;
        } else {
            for (int j = count - 1; j >= 0; --j) {  // descending, so swaps never touch a pending leaver
                const int i = s.leaving[j];
                if (i != n - 1) move_person(w, s, b + n - 1, b + i);
                --n;
            }
        }
        n = grow(w, r, s, t, n);
        if (switched && !regrouped_team(w, s.regime, t)) n = apply_size_event(w, r, s, t, n, before);
        ORGFORCES_ASSERT(0 <= n && n <= L.cap[t], "headcount within the team's slots after turnover");
        s.n[t] = n;
    }
}

}  // namespace

// One tick, in the order docs/model.md gives: events, forces, ideas, ventures, practice, water,
// intent and wear, turnover, then the new team means.
void Replicate::step() {
    State& s = *st_;
    const World& w = world_;
    const int tick = ++tick_;
    s.now = tick;
    const int before = switch_regime(w, s, tick);
    const bool switched = s.regime != before;
    const Regime& r = w.regime(s.regime);
    compute_forces(w, r, s, tick);  // on the state at the start of the tick
    make_ideas(w, r, s);
    if (s.book) step_ventures(w, r, s, tick);
    for (int t = 0; t < w.teams(); ++t) person_ticks_ += s.n[t];
    move_practice(w, r, s);
    step_water(w, r, s);
    erode_intent(w, r, s);
    turnover(w, r, s, switched, before);
    compute_means(w, s);  // the state at the end of the tick
    compute_spread(w, s);
}

// [measures] -----------------------------------------------------------------------------------

void Replicate::record(double* trace) const {
    const State& s = *st_;
    const World& w = world_;
    const int T = w.teams(), D = w.dimensions(), K = w.waters(), C = w.kinds(), M = w.measures_per_team();
    const std::size_t ticks = std::size_t(w.horizon()) + 1;
    const Regime& r = w.regime(s.regime);
    const double root_d = D > 0 ? std::sqrt(double(D)) : 1.0;
    for (int t = 0; t < T; ++t) {
        double* row = trace + std::size_t(t) * M * ticks + tick_;
        double drift2 = 0.0, dist2 = 0.0;
        for (int d = 0; d < D; ++d) {
            const double x = s.mean[std::size_t(t) * D + d];
            const double dm = x - r.intent[std::size_t(t) * D + d];
            const double de = x - r.defaults[std::size_t(t) * D + d];
            drift2 += dm * dm;
            dist2 += de * de;
        }
        row[kDrift * ticks] = std::sqrt(drift2) / root_d;
        row[kDistanceToDefault * ticks] = std::sqrt(dist2) / root_d;
        row[kIntentKept * ticks] = model::intent_projection(&s.mean[std::size_t(t) * D], &r.intent[std::size_t(t) * D],
                                                            &r.defaults[std::size_t(t) * D], std::size_t(D));
        row[kFriction * ticks] = s.fric[t];
        row[kLeaderLoad * ticks] = s.load[t];
        row[kCapacity * ticks] = s.capac[t];
        row[kHeadcount * ticks] = s.n[t];
        row[kLeavers * ticks] = s.leavers[t];
        row[kHires * ticks] = s.hires[t];
        row[kSpread * ticks] = s.spread[t];
        for (int k = 0; k < K; ++k) row[(kFixedMeasures + k) * ticks] = s.amean[std::size_t(t) * K + k];
        for (int c = 0; c < C; ++c) {
            row[(kFixedMeasures + K + c) * ticks] = s.produced[std::size_t(t) * C + c];
            row[(kFixedMeasures + K + C + c) * ticks] = s.dismissed[std::size_t(t) * C + c];
        }
        for (int d = 0; d < D; ++d) row[(kFixedMeasures + K + 2 * C + d) * ticks] = s.mean[std::size_t(t) * D + d];
        // A NaN or infinity here would silently poison every ensemble statistic downstream.
        for (int m = 0; m < M; ++m) ORGFORCES_ASSERT(std::isfinite(row[std::size_t(m) * ticks]), "a finite measure");
    }
}

void Replicate::run(std::uint64_t seed, int replicate, double* trace, ReplicateExtras& extras) {
    reset(seed, replicate);
    record(trace);
    for (int t = 1; t <= world_.horizon(); ++t) {
        step();
        record(trace);
    }
    extras.person_ticks += person_ticks_;
    if (st_->book) st_->book->collect(replicate, extras.outcomes);
}

}  // namespace orgforces::sim
