#include "store/run_digest.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "model/schema.hpp"
#include "store/sha256.hpp"

namespace orgforces::store {

namespace {

class Hasher {
public:
    void integer(std::int64_t v) {
        unsigned char b[8];
        for (int i = 0; i < 8; ++i) b[i] = static_cast<unsigned char>(static_cast<std::uint64_t>(v) >> (8 * i));
        sha_.update(b, 8);
    }
    void real(double v) {
        if (std::isnan(v)) v = std::numeric_limits<double>::quiet_NaN();
        if (v == 0.0) v = 0.0;   // -0.0 reads back as 0.0
        std::uint64_t bits = 0;
        std::memcpy(&bits, &v, sizeof bits);
        integer(static_cast<std::int64_t>(bits));
    }
    void text(const std::string& s) {
        integer(static_cast<std::int64_t>(s.size()));
        sha_.update(s.data(), s.size());
    }
    std::string hex() { return sha_.hex(); }

private:
    Sha256 sha_;
};

}  // namespace

std::string results_digest(const DigestedRow& row, const sim::EnsembleResult& r) {
    Hasher h;
    h.text("orgforces results v1");
    h.text(row.scenario_hash);
    h.text(row.overrides_json);
    h.integer(row.seed);
    h.integer(row.replicates);
    h.integer(row.horizon);
    h.integer(static_cast<std::int64_t>(r.series.size()));
    for (const auto& s : r.series) {
        h.text(s.entity);
        h.text(s.measure);
        h.integer(static_cast<std::int64_t>(s.ticks.size()));
        for (const auto& b : s.ticks)
            for (double v : {b.mean, b.ci_lo, b.ci_hi, b.q05, b.q25, b.q50, b.q75, b.q95}) h.real(v);
    }
    h.integer(static_cast<std::int64_t>(r.scalars.size()));
    for (const auto& s : r.scalars) {
        h.text(s.entity);
        h.text(s.measure);
        h.real(s.value);
        h.real(s.lo);
        h.real(s.hi);
        h.integer(s.n);
    }
    h.integer(static_cast<std::int64_t>(r.outcomes.size()));
    for (const auto& o : r.outcomes) {
        h.integer(o.replicate);
        h.text(o.venture);
        h.text(sim::to_string(o.status));
        h.integer(o.end_tick);
        h.real(o.value);
        h.real(o.salvage);
        h.text(o.promoted);
        h.integer(o.recovery_ticks);
        h.integer(o.tripwire_tick);
        h.real(o.spiral_effort);
        h.integer(o.stones_done);
        h.integer(o.stones_reused);
        h.integer(o.stones_graduated);
        h.text(o.failure_cause);
    }
    h.integer(static_cast<std::int64_t>(r.survival.size()));
    for (const auto& c : r.survival) {
        h.text(c.venture);
        h.integer(static_cast<std::int64_t>(c.tick.size()));
        auto at = [](const std::vector<double>& v, std::size_t i) { return i < v.size() ? v[i] : 0.0; };
        for (std::size_t i = 0; i < c.tick.size(); ++i) {
            h.integer(c.tick[i]);
            h.real(at(c.survival, i));
            h.real(at(c.lo, i));
            h.real(at(c.hi, i));
        }
    }
    h.integer(static_cast<std::int64_t>(r.horizon_values.size()));
    for (const auto& v : r.horizon_values) {
        h.text(v.entity);
        h.text(v.measure);
        h.integer(static_cast<std::int64_t>(v.values.size()));
        for (double x : v.values) h.real(x);
    }
    return h.hex();
}

namespace {

// a <= b, where a NaN (not measured) compares as anything.
bool ordered(double a, double b) { return std::isnan(a) || std::isnan(b) || a <= b; }
bool unit(double v) { return std::isnan(v) || (v >= 0.0 && v <= 1.0); }
bool probability_measure(const std::string& m) { return m.rfind("p_", 0) == 0; }

}  // namespace

std::string implausible_value(const sim::EnsembleResult& r, int replicates, int horizon) {
    for (const auto& s : r.series) {
        if (s.ticks.size() > static_cast<std::size_t>(horizon) + 1)
            return fmt::format("series {} {} has {} ticks for a horizon of {}", s.entity, s.measure, s.ticks.size(), horizon);
        for (std::size_t t = 0; t < s.ticks.size(); ++t) {
            const auto& b = s.ticks[t];
            if (!ordered(b.q05, b.q25) || !ordered(b.q25, b.q50) || !ordered(b.q50, b.q75) || !ordered(b.q75, b.q95) ||
                !ordered(b.ci_lo, b.ci_hi))
                return fmt::format("series {} {} at tick {}: quantiles {} {} {} {} {} or interval [{}, {}] out of order",
                                   s.entity, s.measure, t, b.q05, b.q25, b.q50, b.q75, b.q95, b.ci_lo, b.ci_hi);
        }
    }
    for (const auto& s : r.scalars) {
        // A calibration's posterior statistics rest on its particles, not on the run's replicates,
        // so the bound is the format's own limit rather than this run's count.
        if (s.n < 0 || s.n > model::Limits::max_replicates)
            return fmt::format("{} {} rests on {} values (the limit is {})", s.entity, s.measure, s.n,
                               model::Limits::max_replicates);
        if (probability_measure(s.measure) && (!unit(s.value) || !unit(s.lo) || !unit(s.hi)))
            return fmt::format("{} {} = {} [{}, {}] is not a probability", s.entity, s.measure, s.value, s.lo, s.hi);
    }
    for (const auto& o : r.outcomes) {
        if (o.replicate < 0 || o.replicate >= replicates)
            return fmt::format("outcome of {} in replicate {} of {}", o.venture, o.replicate, replicates);
        if (o.end_tick < -1 || o.end_tick > horizon)
            return fmt::format("outcome of {} ends at tick {} (horizon {})", o.venture, o.end_tick, horizon);
    }
    for (const auto& c : r.survival)
        for (std::size_t i = 0; i < c.tick.size(); ++i) {
            if (c.tick[i] < 0 || c.tick[i] > horizon)
                return fmt::format("survival of {} steps at tick {} (horizon {})", c.venture, c.tick[i], horizon);
            if (i < c.survival.size() && !unit(c.survival[i]))
                return fmt::format("survival of {} is {} at tick {}", c.venture, c.survival[i], c.tick[i]);
        }
    for (const auto& v : r.horizon_values)
        if (v.values.size() > static_cast<std::size_t>(model::Limits::max_replicates))  // a posterior: one per particle
            return fmt::format("{} {} has {} values (the limit is {})", v.entity, v.measure, v.values.size(),
                               model::Limits::max_replicates);
    return "";
}

}  // namespace orgforces::store
