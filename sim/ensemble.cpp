// Monte Carlo ensembles: replicates on worker threads, streaming summaries, exact merges.
//
// [summary]    PartialEnsemble::Impl: per (series, tick) cell a fixed-bin histogram, fixed-point
//              sums and min/max, all integers, so adding replicates or merging partials gives the
//              same bits in any order (any thread count, any MPI split)
// [bytes]      serialize / deserialize
// [runner]     run_trace_replicates: blocks of kBlockSize replicates pulled by worker threads
// [finish]     bands per tick; the engine's scenario-level views

#include "sim/ensemble.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <exception>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "model/oracle.hpp"
#include "orgforces/version.hpp"
#include "sim/march1991.hpp"
#include "sim/world.hpp"
#include "sim/ventures.hpp"

namespace orgforces::sim {

namespace {
__extension__ typedef __int128 i128;

// Histogram memory per partial is bounded by this budget: small scenarios get fine bins.
constexpr std::size_t kHistogramBudgetBytes = std::size_t(192) << 20;
constexpr int kMinBins = 16;
constexpr int kMaxBins = 256;
// Fixed-point: |hi| maps below 2^40; values are clamped to 256 × max(|lo|, |hi|, 1).
constexpr int kScaleBits = 40;
constexpr double kClampFactor = 256.0;

// March (1991) is the bundled classic; set_classic_model_factory can replace it.
ClassicModelFactory g_classic_factory = march1991_trace_model;
}  // namespace

void set_classic_model_factory(ClassicModelFactory factory) { g_classic_factory = factory; }

// [summary] ------------------------------------------------------------------------------------

struct PartialEnsemble::Impl {
    int first = 0;       // first replicate covered
    int count = 0;       // replicates covered
    int ticks = 0;
    int bins = 0;
    std::vector<SeriesSpec> series;
    std::vector<int> scale;                  // per series: fixed-point exponent
    std::vector<std::uint32_t> hist;         // cells × bins
    std::vector<i128> sum, sumsq;            // cells
    std::vector<std::int64_t> vmin, vmax;    // cells, fixed-point
    std::int64_t person_ticks = 0;
    std::vector<VentureOutcome> outcomes;    // replicate order

    std::size_t cells() const { return series.size() * std::size_t(ticks); }

    void init(const std::vector<SeriesSpec>& specs, int nticks, int first_replicate) {
        series = specs;
        ticks = nticks;
        first = first_replicate;
        const std::size_t c = std::max<std::size_t>(cells(), 1);
        bins = static_cast<int>(std::clamp<std::size_t>(kHistogramBudgetBytes / (c * sizeof(std::uint32_t)), kMinBins, kMaxBins));
        scale.clear();
        for (const auto& s : series) {
            const double big = std::max({std::abs(s.lo), std::abs(s.hi), 1.0});
            scale.push_back(kScaleBits - 1 - std::ilogb(big));
        }
        hist.assign(cells() * bins, 0);
        sum.assign(cells(), 0);
        sumsq.assign(cells(), 0);
        vmin.assign(cells(), std::numeric_limits<std::int64_t>::max());
        vmax.assign(cells(), std::numeric_limits<std::int64_t>::min());
    }

    void add(const double* trace) {
        const std::size_t T = ticks;
        for (std::size_t s = 0; s < series.size(); ++s) {
            const double lo = series[s].lo;
            const double span = series[s].hi - series[s].lo;
            const double inv = span > 0.0 ? bins / span : 0.0;
            const double lim = kClampFactor * std::max({std::abs(series[s].lo), std::abs(series[s].hi), 1.0});
            const int e = scale[s];
            for (std::size_t t = 0; t < T; ++t) {
                const std::size_t c = s * T + t;
                double v = trace[c];
                if (std::isnan(v)) v = lo;
                v = std::clamp(v, -lim, lim);
                const double pos = (v - lo) * inv;
                const int b = pos <= 0.0 ? 0 : (pos >= bins - 1 ? bins - 1 : static_cast<int>(pos));
                ++hist[c * bins + b];
                const std::int64_t q = std::llround(std::ldexp(v, e));
                sum[c] += q;
                sumsq[c] += i128(q) * q;
                vmin[c] = std::min(vmin[c], q);
                vmax[c] = std::max(vmax[c], q);
            }
        }
        ++count;
    }

    bool same_layout(const Impl& o) const {
        if (ticks != o.ticks || bins != o.bins || series.size() != o.series.size()) return false;
        for (std::size_t i = 0; i < series.size(); ++i)
            if (series[i].entity != o.series[i].entity || series[i].measure != o.series[i].measure ||
                series[i].lo != o.series[i].lo || series[i].hi != o.series[i].hi)
                return false;
        return true;
    }
};

PartialEnsemble::PartialEnsemble() : impl(std::make_unique<Impl>()) {}
PartialEnsemble::~PartialEnsemble() = default;
PartialEnsemble::PartialEnsemble(PartialEnsemble&&) noexcept = default;
PartialEnsemble& PartialEnsemble::operator=(PartialEnsemble&&) noexcept = default;

void PartialEnsemble::merge(PartialEnsemble&& next) {
    if (!next.impl || next.impl->count == 0) return;
    if (!impl || (impl->count == 0 && impl->series.empty())) {
        impl = std::move(next.impl);
        return;
    }
    Impl& a = *impl;
    Impl& b = *next.impl;
    if (b.first != a.first + a.count)
        throw std::logic_error("PartialEnsemble::merge: the partials do not cover consecutive replicates");
    if (!a.same_layout(b)) throw std::logic_error("PartialEnsemble::merge: the partials summarize different series");
    for (std::size_t i = 0; i < a.hist.size(); ++i) a.hist[i] += b.hist[i];
    for (std::size_t c = 0; c < a.sum.size(); ++c) {
        a.sum[c] += b.sum[c];
        a.sumsq[c] += b.sumsq[c];
        a.vmin[c] = std::min(a.vmin[c], b.vmin[c]);
        a.vmax[c] = std::max(a.vmax[c], b.vmax[c]);
    }
    a.count += b.count;
    a.person_ticks += b.person_ticks;
    a.outcomes.insert(a.outcomes.end(), std::make_move_iterator(b.outcomes.begin()),
                      std::make_move_iterator(b.outcomes.end()));
}

// [bytes] --------------------------------------------------------------------------------------
// Little-endian host layout (every supported platform); a magic number and version guard it.

namespace {
constexpr std::uint32_t kMagic = 0x4f465045;  // "OFPE"
constexpr std::uint32_t kFormatVersion = 1;  // of the byte image, not of the engine

struct Writer {
    std::vector<std::uint8_t> out;
    template <class T>
    void pod(const T& v) {
        const auto* p = reinterpret_cast<const std::uint8_t*>(&v);
        out.insert(out.end(), p, p + sizeof(T));
    }
    template <class T>
    void array(const std::vector<T>& v) {
        pod<std::uint64_t>(v.size());
        const auto* p = reinterpret_cast<const std::uint8_t*>(v.data());
        out.insert(out.end(), p, p + v.size() * sizeof(T));
    }
    void str(const std::string& s) {
        pod<std::uint64_t>(s.size());
        out.insert(out.end(), s.begin(), s.end());
    }
};

struct Reader {
    const std::vector<std::uint8_t>& in;
    std::size_t at = 0;
    void need(std::size_t n) {
        if (n > in.size() - at) throw std::runtime_error("PartialEnsemble::deserialize: truncated or corrupt data");
    }
    template <class T>
    T pod() {
        need(sizeof(T));
        T v;
        std::memcpy(&v, in.data() + at, sizeof(T));
        at += sizeof(T);
        return v;
    }
    template <class T>
    std::vector<T> array() {
        const auto n = pod<std::uint64_t>();
        if (n > (in.size() - at) / sizeof(T)) need(in.size());  // throws
        std::vector<T> v(n);
        if (n) std::memcpy(v.data(), in.data() + at, n * sizeof(T));
        at += n * sizeof(T);
        return v;
    }
    std::string str() {
        const auto n = pod<std::uint64_t>();
        need(n);
        std::string s(reinterpret_cast<const char*>(in.data() + at), n);
        at += n;
        return s;
    }
};

void write_outcome(Writer& w, const VentureOutcome& o) {
    w.pod<std::int32_t>(o.replicate);
    w.str(o.venture);
    w.pod<std::int32_t>(static_cast<std::int32_t>(o.status));
    w.pod<std::int32_t>(o.end_tick);
    w.pod(o.value);
    w.pod(o.salvage);
    w.str(o.promoted);
    w.pod<std::int32_t>(o.recovery_ticks);
    w.pod<std::int32_t>(o.tripwire_tick);
    w.pod(o.spiral_effort);
    w.pod<std::int32_t>(o.stones_done);
    w.pod<std::int32_t>(o.stones_reused);
    w.pod<std::int32_t>(o.stones_graduated);
    w.str(o.failure_cause);
    w.pod<std::int32_t>(o.stones_reworked);
    w.pod<std::uint64_t>(o.done_stones.size());
    for (const auto& s : o.done_stones) w.str(s);
    w.array(o.output_character);
}

VentureOutcome read_outcome(Reader& r) {
    VentureOutcome o;
    o.replicate = r.pod<std::int32_t>();
    o.venture = r.str();
    const auto status = r.pod<std::int32_t>();
    if (status < 0 || status > static_cast<int>(VentureStatus::Dormant))
        throw std::runtime_error("PartialEnsemble::deserialize: bad venture status");
    o.status = static_cast<VentureStatus>(status);
    o.end_tick = r.pod<std::int32_t>();
    o.value = r.pod<double>();
    o.salvage = r.pod<double>();
    o.promoted = r.str();
    o.recovery_ticks = r.pod<std::int32_t>();
    o.tripwire_tick = r.pod<std::int32_t>();
    o.spiral_effort = r.pod<double>();
    o.stones_done = r.pod<std::int32_t>();
    o.stones_reused = r.pod<std::int32_t>();
    o.stones_graduated = r.pod<std::int32_t>();
    o.failure_cause = r.str();
    o.stones_reworked = r.pod<std::int32_t>();
    const auto n = r.pod<std::uint64_t>();
    r.need(n * sizeof(std::uint64_t) > r.in.size() ? r.in.size() : 0);
    for (std::uint64_t i = 0; i < n; ++i) o.done_stones.push_back(r.str());
    o.output_character = r.array<double>();
    return o;
}
}  // namespace

std::vector<std::uint8_t> PartialEnsemble::serialize() const {
    Writer w;
    w.pod(kMagic);
    w.pod(kFormatVersion);
    const Impl empty;
    const Impl& a = impl ? *impl : empty;
    w.pod<std::int32_t>(a.first);
    w.pod<std::int32_t>(a.count);
    w.pod<std::int32_t>(a.ticks);
    w.pod<std::int32_t>(a.bins);
    w.pod<std::uint64_t>(a.series.size());
    for (const auto& s : a.series) {
        w.str(s.entity);
        w.str(s.measure);
        w.pod(s.lo);
        w.pod(s.hi);
    }
    w.array(a.scale);
    w.array(a.hist);
    w.array(a.sum);
    w.array(a.sumsq);
    w.array(a.vmin);
    w.array(a.vmax);
    w.pod(a.person_ticks);
    w.pod<std::uint64_t>(a.outcomes.size());
    for (const auto& o : a.outcomes) write_outcome(w, o);
    return std::move(w.out);
}

PartialEnsemble PartialEnsemble::deserialize(const std::vector<std::uint8_t>& bytes) {
    Reader r{bytes};
    if (r.pod<std::uint32_t>() != kMagic || r.pod<std::uint32_t>() != kFormatVersion)
        throw std::runtime_error("PartialEnsemble::deserialize: not a partial ensemble of this version");
    PartialEnsemble p;
    Impl& a = *p.impl;
    a.first = r.pod<std::int32_t>();
    a.count = r.pod<std::int32_t>();
    a.ticks = r.pod<std::int32_t>();
    a.bins = r.pod<std::int32_t>();
    const auto n = r.pod<std::uint64_t>();
    for (std::uint64_t i = 0; i < n; ++i) {
        SeriesSpec s;
        s.entity = r.str();
        s.measure = r.str();
        s.lo = r.pod<double>();
        s.hi = r.pod<double>();
        a.series.push_back(std::move(s));
    }
    a.scale = r.array<int>();
    a.hist = r.array<std::uint32_t>();
    a.sum = r.array<i128>();
    a.sumsq = r.array<i128>();
    a.vmin = r.array<std::int64_t>();
    a.vmax = r.array<std::int64_t>();
    a.person_ticks = r.pod<std::int64_t>();
    const auto m = r.pod<std::uint64_t>();
    for (std::uint64_t i = 0; i < m; ++i) a.outcomes.push_back(read_outcome(r));
    const std::size_t cells = a.cells();
    if (a.scale.size() != a.series.size() || a.hist.size() != cells * std::size_t(std::max(a.bins, 0)) ||
        a.sum.size() != cells || a.sumsq.size() != cells || a.vmin.size() != cells || a.vmax.size() != cells ||
        r.at != bytes.size())
        throw std::runtime_error("PartialEnsemble::deserialize: inconsistent sizes");
    return p;
}

// [runner] -------------------------------------------------------------------------------------

PartialEnsemble run_trace_replicates(const TraceModel& model, std::uint64_t seed, int first, int count,
                                     const EnsembleOptions& options) {
    if (first < 0 || first % kBlockSize != 0) throw std::invalid_argument("run_replicates: first must be a multiple of kBlockSize");
    if (count < 0) throw std::invalid_argument("run_replicates: negative replicate count");
    PartialEnsemble result;
    result.impl->init(model.series, model.ticks, first);
    if (count == 0) return result;

    const int blocks = (count + kBlockSize - 1) / kBlockSize;
    int threads = options.threads > 0 ? options.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    threads = std::clamp(threads, 1, blocks);

    std::mutex lock;
    std::atomic<int> next_block{0};
    std::atomic<bool> stop{false};
    bool cancelled = false;
    std::exception_ptr failure;
    int done = 0;
    const std::size_t cells = model.series.size() * std::size_t(model.ticks);

    auto work = [&] {
        try {
            std::unique_ptr<TraceWorker> worker = model.make_worker();
            std::vector<double> trace(cells, 0.0);
            ReplicateExtras extras;
            for (;;) {
                if (stop.load()) return;
                if (options.cancel && options.cancel->load()) {
                    std::lock_guard<std::mutex> g(lock);
                    cancelled = true;
                    stop = true;
                    return;
                }
                const int b = next_block.fetch_add(1);
                if (b >= blocks) return;
                const int lo = b * kBlockSize, hi = std::min(count, lo + kBlockSize);
                for (int i = lo; i < hi; ++i) {
                    extras.person_ticks = 0;
                    extras.outcomes.clear();
                    worker->run(seed, first + i, trace.data(), extras);
                    std::lock_guard<std::mutex> g(lock);
                    result.impl->add(trace.data());
                    result.impl->person_ticks += extras.person_ticks;
                    for (auto& o : extras.outcomes) result.impl->outcomes.push_back(std::move(o));
                    ++done;
                    if (options.on_progress) options.on_progress(done, count);
                }
            }
        } catch (...) {
            std::lock_guard<std::mutex> g(lock);
            if (!failure) failure = std::current_exception();
            stop = true;
        }
    };
    if (threads == 1) {
        work();
    } else {
        std::vector<std::thread> pool;
        for (int i = 0; i < threads; ++i) pool.emplace_back(work);
        for (auto& t : pool) t.join();
    }
    if (failure) std::rethrow_exception(failure);
    if (cancelled) throw Cancelled();
    // Workers finish replicates in any order; outcomes are kept in replicate order.
    std::stable_sort(result.impl->outcomes.begin(), result.impl->outcomes.end(),
                     [](const VentureOutcome& a, const VentureOutcome& b) { return a.replicate < b.replicate; });
    return result;
}

PartialEnsemble run_replicates(const model::Scenario& s, std::uint64_t seed, int first, int count,
                               const EnsembleOptions& options) {
    if (s.classic) {
        // Another classic would be picked here by its kind; March (1991) is the one bundled.
        const TraceModel classic = g_classic_factory ? g_classic_factory(s) : march1991_trace_model(s);
        return run_trace_replicates(classic, seed, first, count, options);
    }
    const World world(s);
    return run_trace_replicates(world.trace_model(), seed, first, count, options);
}

// [finish] -------------------------------------------------------------------------------------

namespace {

double quantile(const std::uint32_t* h, int bins, double lo, double hi, double vmin, double vmax, std::int64_t n,
                double p) {
    if (vmin >= vmax) return vmin;
    const double rank = p * double(n);
    const double width = (hi - lo) / bins;
    double cum = 0.0;
    for (int b = 0; b < bins; ++b) {
        const double c = h[b];
        if (c == 0.0) continue;
        if (cum + c >= rank) {
            const double edge_lo = b == 0 ? -std::numeric_limits<double>::infinity() : lo + b * width;
            const double edge_hi = b == bins - 1 ? std::numeric_limits<double>::infinity() : lo + (b + 1) * width;
            const double lower = std::max(edge_lo, vmin);
            const double upper = std::max(lower, std::min(edge_hi, vmax));
            return lower + (rank - cum) / c * (upper - lower);
        }
        cum += c;
    }
    return vmax;
}

}  // namespace

EnsembleResult finish_traces(PartialEnsemble&& all, const RunInfo& info) {
    EnsembleResult r;
    r.info = info;
    if (!all.impl) return r;
    PartialEnsemble::Impl& a = *all.impl;
    r.info.replicates = a.count;
    r.info.person_ticks = a.person_ticks;
    const std::int64_t n = a.count;
    const std::size_t T = a.ticks;
    r.series.reserve(a.series.size());
    for (std::size_t s = 0; s < a.series.size(); ++s) {
        Series out;
        out.entity = a.series[s].entity;
        out.measure = a.series[s].measure;
        out.ticks.resize(T);
        const long double unit = std::ldexp(1.0L, -a.scale[s]);
        for (std::size_t t = 0; t < T && n > 0; ++t) {
            const std::size_t c = s * T + t;
            Band& b = out.ticks[t];
            const long double sum = static_cast<long double>(a.sum[c]);
            const long double mean = sum / n;
            b.mean = static_cast<double>(mean * unit);
            double half = 0.0;
            if (n > 1) {
                long double var = (static_cast<long double>(a.sumsq[c]) - sum * mean) / (n - 1);
                if (var < 0) var = 0;
                half = 1.96 * std::sqrt(static_cast<double>(var * unit * unit) / n);
            }
            b.ci_lo = b.mean - half;
            b.ci_hi = b.mean + half;
            const double vmin = static_cast<double>(a.vmin[c] * unit), vmax = static_cast<double>(a.vmax[c] * unit);
            const std::uint32_t* h = &a.hist[c * a.bins];
            const double lo = a.series[s].lo, hi = a.series[s].hi;
            b.q05 = quantile(h, a.bins, lo, hi, vmin, vmax, n, 0.05);
            b.q25 = quantile(h, a.bins, lo, hi, vmin, vmax, n, 0.25);
            b.q50 = quantile(h, a.bins, lo, hi, vmin, vmax, n, 0.50);
            b.q75 = quantile(h, a.bins, lo, hi, vmin, vmax, n, 0.75);
            b.q95 = quantile(h, a.bins, lo, hi, vmin, vmax, n, 0.95);
        }
        r.series.push_back(std::move(out));
    }
    r.outcomes = std::move(a.outcomes);
    return r;
}

EnsembleResult finish(const model::Scenario& s, PartialEnsemble&& all, const RunInfo& info) {
    if (s.classic) return finish_traces(std::move(all), info);
    EnsembleResult r = finish_traces(std::move(all), info);
    // Share of intent surviving at the horizon: 1 − ‖p̄ − m‖ / ‖e − m‖, from the mean drift.
    const double root_d = std::sqrt(double(std::max<std::size_t>(s.dimensions.size(), 1)));
    for (int t = 0; t < static_cast<int>(s.teams.size()); ++t) {
        const Series* drift = r.find_series(s.teams[t].name, "drift");
        if (!drift || drift->ticks.empty()) continue;
        const auto e = model::environment_default(s, t);
        double gap2 = 0.0;
        for (std::size_t d = 0; d < e.size(); ++d) gap2 += (e[d] - s.teams[t].intent[d]) * (e[d] - s.teams[t].intent[d]);
        const double gap = std::sqrt(gap2) / root_d;
        if (gap < 1e-12) continue;
        const Band& b = drift->ticks.back();
        r.scalars.push_back({s.teams[t].name, "intent_surviving", 1.0 - b.mean / gap, 1.0 - b.ci_hi / gap,
                             1.0 - b.ci_lo / gap, r.info.replicates});
    }
    if (!s.ventures.empty()) summarize_ventures(s, r.outcomes, r);
    return r;
}

EnsembleResult run_ensemble(const model::Scenario& s, const EnsembleOptions& options) {
    const auto started = std::chrono::steady_clock::now();
    const std::uint64_t seed = options.seed.value_or(s.seed);
    const int replicates = options.replicates > 0 ? options.replicates : std::max(1, s.replicates);
    const int threads = options.threads > 0 ? options.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    EnsembleOptions opts = options;
    opts.threads = threads;
    PartialEnsemble all = run_replicates(s, seed, 0, replicates, opts);
    RunInfo info;
    info.scenario_name = s.name;
    info.seed = seed;
    info.replicates = replicates;
    info.horizon = s.horizon;
    info.threads = threads;
    info.engine_version = orgforces::kVersion;
    EnsembleResult r = finish(s, std::move(all), info);
    r.info.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return r;
}

}  // namespace orgforces::sim
