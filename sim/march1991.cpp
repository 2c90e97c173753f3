// March (1991) discrete model: bit-packed state, one period per step (see sim/march1991.hpp for
// the rules and the choices the paper leaves open).
//
// Sections: [construction] [one period] [absorption] [queries] [runs and summaries]

#include "sim/march1991.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <stdexcept>
#include <memory>
#include <string>

#include "sim/trace.hpp"

namespace orgforces::sim {

namespace {

using Word = std::uint64_t;

bool is_probability(double p) { return p >= 0.0 && p <= 1.0; }

Word bit(int j) { return Word{1} << (j % 64); }

}  // namespace

MarchStat stat_of(const std::vector<double>& xs) {
    MarchStat s;
    s.n = static_cast<int>(xs.size());
    if (xs.empty()) return s;
    double sum = 0.0;
    for (double x : xs) sum += x;
    s.mean = sum / double(xs.size());
    if (xs.size() > 1) {
        double ss = 0.0;
        for (double x : xs) ss += (x - s.mean) * (x - s.mean);
        s.sd = std::sqrt(ss / double(xs.size() - 1));
        s.se = s.sd / std::sqrt(double(xs.size()));
    }
    return s;
}

// [construction] ------------------------------------------------------------------------------

Marchworld::Marchworld(const model::March1991& params, std::uint64_t seed,
                       std::uint64_t replicate)
    : params_(params), rng_(seed, replicate, StreamPurpose::Classic) {
    if (params.dimensions < 1 || params.people < 1)
        throw std::invalid_argument("march1991: dimensions and people must be at least 1");
    for (double p : {params.p1, params.p2, params.p3, params.p4, params.fast_share,
                     params.p1_fast, params.p1_slow})
        if (!is_probability(p))
            throw std::invalid_argument("march1991: rates and shares must lie in [0, 1]");
    m_ = params.dimensions;
    n_ = params.people;
    words_ = (m_ + 63) / 64;
    valid_.assign(std::size_t(words_), ~Word{0});
    if (m_ % 64 != 0) valid_.back() = (Word{1} << (m_ % 64)) - 1;
    reality_pos_.resize(std::size_t(words_));
    code_pos_.assign(std::size_t(words_), 0);
    code_neg_.assign(std::size_t(words_), 0);
    pos_.assign(std::size_t(n_) * std::size_t(words_), 0);
    neg_.assign(std::size_t(n_) * std::size_t(words_), 0);
    votes_.assign(std::size_t(m_), 0);

    rate_.assign(std::size_t(n_), params.p1);
    if (params.fast_share > 0.0) {
        const int fast = static_cast<int>(std::lround(params.fast_share * n_));
        for (int i = 0; i < n_; ++i) rate_[std::size_t(i)] = i < fast ? params.p1_fast : params.p1_slow;
    }
    // (1 − p2)^k by repeated multiplication: exact IEEE steps, the same on every libm.
    keep_.assign(std::size_t(n_) + 1, 1.0);
    for (int k = 1; k <= n_; ++k) keep_[std::size_t(k)] = keep_[std::size_t(k - 1)] * (1.0 - params.p2);

    for (int w = 0; w < words_; ++w) reality_pos_[std::size_t(w)] = rng_.bits() & valid_[std::size_t(w)];
    for (int i = 0; i < n_; ++i) draw_beliefs(i);
}

void Marchworld::draw_beliefs(int person) {
    Word* pos = &pos_[std::size_t(person) * std::size_t(words_)];
    Word* neg = &neg_[std::size_t(person) * std::size_t(words_)];
    for (int w = 0; w < words_; ++w) pos[w] = neg[w] = 0;
    for (int j = 0; j < m_; ++j) {
        const auto draw = rng_.below(3);  // 0: −1, 1: 0, 2: +1
        if (draw == 0) neg[j / 64] |= bit(j);
        if (draw == 2) pos[j / 64] |= bit(j);
    }
}

int Marchworld::matches(const Word* pos, const Word* neg) const {
    int count = 0;
    for (int w = 0; w < words_; ++w) {
        const Word r = reality_pos_[std::size_t(w)];
        const Word agree = (pos[w] & r) | (neg[w] & ~r & valid_[std::size_t(w)]);
        count += std::popcount(agree);
    }
    return count;
}

// [one period] --------------------------------------------------------------------------------

void Marchworld::superior_votes() const {
    for (auto& v : votes_) v = 0;
    const int code_matches = matches(code_pos_.data(), code_neg_.data());
    for (int i = 0; i < n_; ++i) {
        const Word* pos = &pos_[std::size_t(i) * std::size_t(words_)];
        const Word* neg = &neg_[std::size_t(i) * std::size_t(words_)];
        if (matches(pos, neg) <= code_matches) continue;
        for (int w = 0; w < words_; ++w) {
            for (Word b = pos[w]; b; b &= b - 1) ++votes_[std::size_t(w * 64 + std::countr_zero(b))];
            for (Word b = neg[w]; b; b &= b - 1) --votes_[std::size_t(w * 64 + std::countr_zero(b))];
        }
    }
}

double Marchworld::adopt_probability(int j) const {
    const int vote = votes_[std::size_t(j)];
    if (vote == 0 || vote == code(j) * std::abs(vote)) return 0.0;  // tie, or code agrees
    return 1.0 - keep_[std::size_t(std::abs(vote))];
}

void Marchworld::step() {
    // Turbulence, then turnover; both act before learning.
    if (params_.p4 > 0.0)
        for (int j = 0; j < m_; ++j)
            if (rng_.bernoulli(params_.p4)) reality_pos_[std::size_t(j / 64)] ^= bit(j);
    if (params_.p3 > 0.0)
        for (int i = 0; i < n_; ++i)
            if (rng_.bernoulli(params_.p3)) draw_beliefs(i);

    // Code learning reads the beliefs before socialization changes them.
    superior_votes();

    // Socialization toward the code as it stands at the start of the period.
    for (int i = 0; i < n_; ++i) {
        const double p1 = rate_[std::size_t(i)];
        if (p1 <= 0.0) continue;
        Word* pos = &pos_[std::size_t(i) * std::size_t(words_)];
        Word* neg = &neg_[std::size_t(i) * std::size_t(words_)];
        for (int w = 0; w < words_; ++w) {
            const Word cp = code_pos_[std::size_t(w)], cn = code_neg_[std::size_t(w)];
            const Word differ = (cp & ~pos[w]) | (cn & ~neg[w]);
            for (Word b = differ; b; b &= b - 1) {
                if (!rng_.bernoulli(p1)) continue;
                const Word one = b & (~b + 1);
                pos[w] = (pos[w] & ~one) | (cp & one);
                neg[w] = (neg[w] & ~one) | (cn & one);
            }
        }
    }

    // Code learning toward the superior group's dominant belief.
    for (int j = 0; j < m_; ++j) {
        const double p = adopt_probability(j);
        if (p <= 0.0 || !rng_.bernoulli(p)) continue;
        const Word one = bit(j);
        const std::size_t w = std::size_t(j / 64);
        if (votes_[std::size_t(j)] > 0) {
            code_pos_[w] |= one;
            code_neg_[w] &= ~one;
        } else {
            code_neg_[w] |= one;
            code_pos_[w] &= ~one;
        }
    }
    ++period_;
}

// [absorption] --------------------------------------------------------------------------------

bool Marchworld::socialization_possible() const {
    for (int i = 0; i < n_; ++i) {
        if (rate_[std::size_t(i)] <= 0.0) continue;
        const Word* pos = &pos_[std::size_t(i) * std::size_t(words_)];
        const Word* neg = &neg_[std::size_t(i) * std::size_t(words_)];
        for (int w = 0; w < words_; ++w)
            if ((code_pos_[std::size_t(w)] & ~pos[w]) | (code_neg_[std::size_t(w)] & ~neg[w]))
                return true;
    }
    return false;
}

bool Marchworld::code_learning_possible() const {
    if (params_.p2 <= 0.0) return false;
    superior_votes();
    for (int j = 0; j < m_; ++j)
        if (adopt_probability(j) > 0.0) return true;
    return false;
}

bool Marchworld::absorbed() const {
    if (params_.p3 > 0.0 || params_.p4 > 0.0) return false;
    return !socialization_possible() && !code_learning_possible();
}

// [queries] -----------------------------------------------------------------------------------

int Marchworld::dimensions() const { return m_; }
int Marchworld::people() const { return n_; }
int Marchworld::period() const { return period_; }

int Marchworld::reality(int j) const {
    return (reality_pos_[std::size_t(j / 64)] & bit(j)) ? 1 : -1;
}

int Marchworld::code(int j) const {
    const std::size_t w = std::size_t(j / 64);
    return (code_pos_[w] & bit(j)) ? 1 : (code_neg_[w] & bit(j)) ? -1 : 0;
}

int Marchworld::belief(int person, int j) const {
    const std::size_t w = std::size_t(person) * std::size_t(words_) + std::size_t(j / 64);
    return (pos_[w] & bit(j)) ? 1 : (neg_[w] & bit(j)) ? -1 : 0;
}

double Marchworld::rate(int person) const { return rate_[std::size_t(person)]; }

double Marchworld::code_knowledge() const {
    return double(matches(code_pos_.data(), code_neg_.data())) / double(m_);
}

double Marchworld::person_knowledge(int person) const {
    const std::size_t at = std::size_t(person) * std::size_t(words_);
    return double(matches(&pos_[at], &neg_[at])) / double(m_);
}

double Marchworld::mean_knowledge() const {
    long total = 0;
    for (int i = 0; i < n_; ++i) {
        const std::size_t at = std::size_t(i) * std::size_t(words_);
        total += matches(&pos_[at], &neg_[at]);
    }
    return double(total) / (double(m_) * double(n_));
}

void Marchworld::set_state(const std::vector<int>& reality, const std::vector<int>& code,
                           const std::vector<int>& beliefs) {
    if (reality.size() != std::size_t(m_) || code.size() != std::size_t(m_) ||
        beliefs.size() != std::size_t(m_) * std::size_t(n_))
        throw std::invalid_argument("march1991: set_state sizes must be m, m and n × m");
    auto put = [](Word* pos, Word* neg, int j, int value) {
        if (value < -1 || value > 1) throw std::invalid_argument("march1991: values must be -1, 0 or +1");
        pos[j / 64] &= ~bit(j);
        neg[j / 64] &= ~bit(j);
        if (value > 0) pos[j / 64] |= bit(j);
        if (value < 0) neg[j / 64] |= bit(j);
    };
    for (int j = 0; j < m_; ++j) {
        if (reality[std::size_t(j)] != 1 && reality[std::size_t(j)] != -1)
            throw std::invalid_argument("march1991: reality must be -1 or +1");
        if (reality[std::size_t(j)] > 0) reality_pos_[std::size_t(j / 64)] |= bit(j);
        else reality_pos_[std::size_t(j / 64)] &= ~bit(j);
        put(code_pos_.data(), code_neg_.data(), j, code[std::size_t(j)]);
        for (int i = 0; i < n_; ++i) {
            const std::size_t at = std::size_t(i) * std::size_t(words_);
            put(&pos_[at], &neg_[at], j, beliefs[std::size_t(i) * std::size_t(m_) + std::size_t(j)]);
        }
    }
}

// [runs and summaries] ------------------------------------------------------------------------

double March1991Trace::code_at(int t) const {
    if (code_knowledge.empty()) return 0.0;
    return code_knowledge[std::size_t(std::clamp<long>(t, 0, long(code_knowledge.size()) - 1))];
}

double March1991Trace::mean_at(int t) const {
    if (mean_knowledge.empty()) return 0.0;
    return mean_knowledge[std::size_t(std::clamp<long>(t, 0, long(mean_knowledge.size()) - 1))];
}

March1991Trace run_march1991(const model::March1991& params, int horizon, std::uint64_t seed,
                             std::uint64_t replicate) {
    Marchworld world(params, seed, replicate);
    March1991Trace trace;
    const bool can_absorb = params.p3 <= 0.0 && params.p4 <= 0.0;
    const int limit = can_absorb && params.until_equilibrium ? kMarchMaxPeriods : std::max(horizon, 0);
    trace.code_knowledge.push_back(world.code_knowledge());
    trace.mean_knowledge.push_back(world.mean_knowledge());
    while (true) {
        if (can_absorb && world.absorbed()) {
            trace.absorbed = true;
            break;
        }
        if (world.period() >= limit) break;
        world.step();
        trace.code_knowledge.push_back(world.code_knowledge());
        trace.mean_knowledge.push_back(world.mean_knowledge());
    }
    trace.periods = world.period();
    return trace;
}

March1991Summary summarize_march1991(const model::March1991& params, int horizon,
                                     std::uint64_t seed, int replicates, int at) {
    std::vector<double> code, mean, periods;
    int absorbed = 0;
    for (int r = 0; r < replicates; ++r) {
        const March1991Trace trace = run_march1991(params, horizon, seed, std::uint64_t(r));
        const int t = at < 0 ? trace.periods : at;
        code.push_back(trace.code_at(t));
        mean.push_back(trace.mean_at(t));
        periods.push_back(double(trace.periods));
        absorbed += trace.absorbed ? 1 : 0;
    }
    March1991Summary s;
    s.code_knowledge = stat_of(code);
    s.mean_knowledge = stat_of(mean);
    s.periods = stat_of(periods);
    s.absorbed_share = replicates > 0 ? double(absorbed) / double(replicates) : 0.0;
    return s;
}

// [ensemble] ----------------------------------------------------------------------------------

namespace {

class MarchWorker final : public TraceWorker {
public:
    MarchWorker(const model::March1991& params, int horizon) : params_(params), horizon_(horizon) {
        params_.until_equilibrium = false;  // the series end at the horizon
    }
    void run(std::uint64_t seed, int replicate, double* out, ReplicateExtras& extras) override {
        const March1991Trace trace = run_march1991(params_, horizon_, seed, std::uint64_t(replicate));
        const std::size_t ticks = std::size_t(horizon_) + 1;
        for (int t = 0; t <= horizon_; ++t) {
            out[std::size_t(t)] = trace.code_at(t);
            out[ticks + std::size_t(t)] = trace.mean_at(t);
        }
        extras.person_ticks += std::int64_t(params_.people) * trace.periods;
    }

private:
    model::March1991 params_;
    int horizon_;
};

}  // namespace

TraceModel march1991_trace_model(const model::Scenario& s) {
    if (!s.classic) throw std::invalid_argument("march1991_trace_model: the scenario is not a march1991 classic");
    const model::March1991 params = *s.classic;
    const int horizon = std::max(s.horizon, 0);
    TraceModel trace_model;
    trace_model.series = {SeriesSpec{"code", "knowledge", 0.0, 1.0}, SeriesSpec{"people", "knowledge", 0.0, 1.0}};
    trace_model.ticks = horizon + 1;
    trace_model.make_worker = [params, horizon]() -> std::unique_ptr<TraceWorker> {
        return std::make_unique<MarchWorker>(params, horizon);
    };
    return trace_model;
}

}  // namespace orgforces::sim
