// Monte Carlo ensembles: replicates on worker threads, streaming summaries, exact merges.
//
// [summary]    PartialEnsemble::Impl: per (series, tick) cell a fixed-bin histogram, fixed-point
//              sums and min/max, all integers, so adding replicates or merging partials gives the
//              same bits in any order (any thread count, any MPI split)
// [bytes]      serialize / deserialize
// [runner]     run_trace_replicates: blocks of kBlockSize replicates on the runner's threads
// [finish]     bands per tick, then the model's own finish hook
//
// Generic over the model: a TraceModel (sim/trace.hpp) brings its series, workers and views;
// which model a scenario runs on is chosen in scenario_ensemble.cpp.

#include "sim/ensemble.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <exception>
#include <limits>
#include <mutex>
#include <stdexcept>

#include "sim/run_plan.hpp"
#include "sim/runner.hpp"

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
}  // namespace

// [summary] ------------------------------------------------------------------------------------
// A partial keeps, per cell, either each replicate's histogram bin (one byte per replicate and
// cell, "rows") or the histogram itself: rows while they take no more memory than the histogram
// would (count <= row_limit()), so a small run does not allocate and zero a histogram sized for a
// thousand replicates. The form is a function of the replicate count alone, and both forms give
// the same (bin, count) sequence per cell, hence the same bits after finish.

struct PartialEnsemble::Impl {
    int first = 0;       // first replicate covered
    int count = 0;       // replicates covered
    int ticks = 0;
    int bins = 0;
    std::vector<SeriesSpec> series;
    std::vector<int> scale;                  // per series: fixed-point exponent
    std::vector<std::uint8_t> rows;          // count × cells bin indices, replicate order (rows form)
    std::vector<std::uint32_t> hist;         // cells × bins (histogram form)
    std::vector<i128> sum, sumsq;            // cells
    std::vector<std::int64_t> vmin, vmax;    // cells, fixed-point
    std::vector<int> kept;                   // series with per-replicate horizon values
    std::vector<double> horizon;             // count × kept: values at the last tick
    std::int64_t person_ticks = 0;
    std::vector<VentureOutcome> outcomes;    // replicate order

    std::size_t cells() const { return series.size() * std::size_t(ticks); }
    // Bin indices fit a byte (kMaxBins = 256); rows cost at most what the histogram costs.
    int row_limit() const { return 4 * bins; }
    bool row_form(int n) const { return n <= row_limit(); }

    void init(const std::vector<SeriesSpec>& specs, int nticks, int first_replicate) {
        series = specs;
        ticks = nticks;
        first = first_replicate;
        count = 0;
        const std::size_t c = std::max<std::size_t>(cells(), 1);
        bins = static_cast<int>(std::clamp<std::size_t>(kHistogramBudgetBytes / (c * sizeof(std::uint32_t)), kMinBins, kMaxBins));
        scale.clear();
        kept.clear();
        for (std::size_t i = 0; i < series.size(); ++i) {
            const auto& sp = series[i];
            const double big = std::max({std::abs(sp.lo), std::abs(sp.hi), 1.0});
            scale.push_back(kScaleBits - 1 - std::ilogb(big));
            if (sp.per_replicate) kept.push_back(static_cast<int>(i));
        }
        rows.clear();
        hist.clear();
        horizon.clear();
        sum.assign(cells(), 0);
        sumsq.assign(cells(), 0);
        vmin.assign(cells(), std::numeric_limits<std::int64_t>::max());
        vmax.assign(cells(), std::numeric_limits<std::int64_t>::min());
    }

    // Sizes the bin storage for `n` replicates about to be added in one go (see run_trace_replicates).
    void reserve_for(int n) {
        if (row_form(n))
            rows.assign(std::size_t(n) * cells(), 0);
        else
            hist.assign(cells() * bins, 0);
        horizon.assign(std::size_t(n) * kept.size(), 0.0);
    }

    // Adds `n` rows of bin indices (replicate-major) to the histogram.
    void add_rows_to_hist(const std::uint8_t* r, int n) {
        const std::size_t C = cells();
        for (int i = 0; i < n; ++i)
            for (std::size_t c = 0; c < C; ++c) ++hist[c * bins + r[i * C + c]];
    }

    void to_hist() {
        if (!hist.empty() || rows.empty()) return;
        hist.assign(cells() * bins, 0);
        add_rows_to_hist(rows.data(), count);
        rows.clear();
        rows.shrink_to_fit();
    }

    // The band of series s at tick t (defined with the quantiles below).
    Band band(std::size_t s, std::size_t t, std::vector<std::uint8_t>& column, std::vector<std::uint32_t>& counts) const;

    bool same_layout(const Impl& o) const {
        if (ticks != o.ticks || bins != o.bins || series.size() != o.series.size()) return false;
        for (std::size_t i = 0; i < series.size(); ++i)
            if (series[i].entity != o.series[i].entity || series[i].measure != o.series[i].measure ||
                series[i].lo != o.series[i].lo || series[i].hi != o.series[i].hi ||
                series[i].per_replicate != o.series[i].per_replicate)
                return false;
        return true;
    }
};

namespace {

// How one series maps a value to its histogram bin and its fixed-point integer.
// The fixed-point integer is llround(ldexp(v, e)), computed without the library calls: scaling
// by an exact power of two rounds like ldexp, and the fraction left by trunc is exact.
struct Quantizer {
    double lo = 0.0, inv = 0.0, lim = 0.0, pow2 = 1.0;
    int bins = 0;
    Quantizer(const SeriesSpec& s, int nbins, int exponent)
        : lo(s.lo),
          inv(s.hi - s.lo > 0.0 ? nbins / (s.hi - s.lo) : 0.0),
          lim(kClampFactor * std::max({std::abs(s.lo), std::abs(s.hi), 1.0})),
          pow2(std::ldexp(1.0, exponent)),
          bins(nbins) {}
    void operator()(double v, std::uint8_t& bin, std::int64_t& q) const {
        if (std::isnan(v)) v = lo;
        v = std::clamp(v, -lim, lim);
        const double pos = (v - lo) * inv;
        bin = static_cast<std::uint8_t>(pos <= 0.0 ? 0 : (pos >= bins - 1 ? bins - 1 : static_cast<int>(pos)));
        const double x = v * pow2;
        const double whole = std::trunc(x);
        q = static_cast<std::int64_t>(whole);
        if (x - whole >= 0.5) ++q;
        else if (whole - x >= 0.5) --q;
    }
};

}  // namespace

PartialEnsemble::PartialEnsemble() : impl(std::make_unique<Impl>()) {}
PartialEnsemble::~PartialEnsemble() = default;
PartialEnsemble::PartialEnsemble(PartialEnsemble&&) noexcept = default;
PartialEnsemble& PartialEnsemble::operator=(PartialEnsemble&&) noexcept = default;

PartialEnsemble PartialEnsemble::clone() const {
    PartialEnsemble p;
    if (impl) *p.impl = *impl;
    return p;
}

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
    const int total = a.count + b.count;
    if (a.row_form(total)) {
        a.rows.insert(a.rows.end(), b.rows.begin(), b.rows.end());
    } else {
        a.to_hist();
        if (!b.hist.empty())
            for (std::size_t i = 0; i < a.hist.size(); ++i) a.hist[i] += b.hist[i];
        else
            a.add_rows_to_hist(b.rows.data(), b.count);
    }
    for (std::size_t c = 0; c < a.sum.size(); ++c) {
        a.sum[c] += b.sum[c];
        a.sumsq[c] += b.sumsq[c];
        a.vmin[c] = std::min(a.vmin[c], b.vmin[c]);
        a.vmax[c] = std::max(a.vmax[c], b.vmax[c]);
    }
    a.horizon.insert(a.horizon.end(), b.horizon.begin(), b.horizon.end());
    a.count = total;
    a.person_ticks += b.person_ticks;
    a.outcomes.insert(a.outcomes.end(), std::make_move_iterator(b.outcomes.begin()),
                      std::make_move_iterator(b.outcomes.end()));
}

// [bytes] --------------------------------------------------------------------------------------
// Little-endian host layout (every supported platform); a magic number and version guard it.

namespace {
constexpr std::uint32_t kMagic = 0x4f465045;  // "OFPE"
constexpr std::uint32_t kFormatVersion = 2;  // of the byte image, not of the engine

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
    if (status < 0 || status > static_cast<int>(VentureStatus::Framed))
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
        w.pod<std::uint8_t>(s.per_replicate ? 1 : 0);
    }
    w.array(a.scale);
    w.array(a.rows);
    w.array(a.hist);
    w.array(a.sum);
    w.array(a.sumsq);
    w.array(a.vmin);
    w.array(a.vmax);
    w.array(a.horizon);
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
        s.per_replicate = r.pod<std::uint8_t>() != 0;
        if (s.per_replicate) a.kept.push_back(static_cast<int>(a.series.size()));
        a.series.push_back(std::move(s));
    }
    a.scale = r.array<int>();
    a.rows = r.array<std::uint8_t>();
    a.hist = r.array<std::uint32_t>();
    a.sum = r.array<i128>();
    a.sumsq = r.array<i128>();
    a.vmin = r.array<std::int64_t>();
    a.vmax = r.array<std::int64_t>();
    a.horizon = r.array<double>();
    a.person_ticks = r.pod<std::int64_t>();
    const auto m = r.pod<std::uint64_t>();
    for (std::uint64_t i = 0; i < m; ++i) a.outcomes.push_back(read_outcome(r));
    const std::size_t cells = a.cells();
    const bool empty = a.count == 0 && a.rows.empty() && a.hist.empty();
    const bool rows_ok = a.count >= 0 && a.bins >= 0 && a.bins <= kMaxBins && (a.count == 0 || a.bins > 0) &&
                         (empty || a.row_form(a.count) ? a.rows.size() == std::size_t(a.count) * cells && a.hist.empty()
                                              : a.hist.size() == cells * std::size_t(a.bins) && a.rows.empty());
    bool bins_ok = rows_ok;
    for (std::size_t i = 0; bins_ok && i < a.rows.size(); ++i) bins_ok = a.rows[i] < a.bins;
    if (!bins_ok || a.horizon.size() != std::size_t(std::max(a.count, 0)) * a.kept.size() ||
        a.scale.size() != a.series.size() ||
        a.sum.size() != cells || a.sumsq.size() != cells || a.vmin.size() != cells || a.vmax.size() != cells ||
        r.at != bytes.size())
        throw std::runtime_error("PartialEnsemble::deserialize: inconsistent sizes");
    return p;
}

// [runner] -------------------------------------------------------------------------------------
// The runner's threads (sim/runner.hpp) take blocks; each replicate's trace is quantized outside any
// lock and added to the shared sums one stripe of cells at a time, each stripe under its own lock
// (threads start on different stripes, so they rarely wait). The sums are integers, so the order
// of additions does not matter; bin rows and horizon values go to the replicate's own slot.

namespace {
constexpr std::size_t kStripeCells = 4096;

// What one runner thread reuses from block to block.
struct WorkerScratch {
    std::unique_ptr<TraceWorker> worker;
    std::vector<double> trace;
    std::vector<std::uint8_t> bins;
    std::vector<std::int64_t> q;
    ReplicateExtras extras;
};
}  // namespace

PartialEnsemble run_trace_replicates(const TraceModel& model, std::uint64_t seed, int first, int count,
                                     const EnsembleOptions& options) {
    if (first < 0 || first % kBlockSize != 0) throw std::invalid_argument("run_replicates: first must be a multiple of kBlockSize");
    if (count < 0) throw std::invalid_argument("run_replicates: negative replicate count");
    PartialEnsemble result;
    PartialEnsemble::Impl& acc = *result.impl;
    acc.init(model.series, model.ticks, first);
    if (count == 0) return result;
    acc.reserve_for(count);
    acc.count = count;
    const bool row_form = acc.row_form(count);

    const int blocks = (count + kBlockSize - 1) / kBlockSize;
    const int threads = pool_threads(options.threads, blocks);

    const std::size_t T = std::size_t(model.ticks);
    const std::size_t cells = acc.cells();
    const std::size_t stripes = (cells + kStripeCells - 1) / kStripeCells;
    std::vector<Quantizer> quantizers;
    for (std::size_t s = 0; s < acc.series.size(); ++s) quantizers.emplace_back(acc.series[s], acc.bins, acc.scale[s]);

    std::mutex lock;
    std::vector<std::mutex> stripe_locks(std::max<std::size_t>(stripes, 1));
    std::vector<WorkerScratch> scratch(static_cast<std::size_t>(threads));
    int done = 0;

    auto block = [&](int thread_index, int b) {
        WorkerScratch& w = scratch[std::size_t(thread_index)];
        if (!w.worker) {
            w.worker = model.make_worker();
            w.trace.assign(cells, 0.0);
            w.bins.resize(kStripeCells);
            w.q.resize(kStripeCells);
        }
        const std::size_t start_stripe = stripes * std::size_t(thread_index) / std::size_t(threads);
        const int lo = b * kBlockSize, hi = std::min(count, lo + kBlockSize);
        for (int i = lo; i < hi; ++i) {
            // Checked per replicate, not per block: a stale dashboard run stops sooner.
            if (options.cancel && options.cancel->load()) throw Cancelled();
            w.extras.person_ticks = 0;
            w.extras.outcomes.clear();
            w.worker->run(seed, first + i, w.trace.data(), w.extras);
            std::uint8_t* row = row_form ? &acc.rows[std::size_t(i) * cells] : nullptr;
            for (std::size_t k = 0; k < stripes; ++k) {
                const std::size_t st = (start_stripe + k) % stripes;
                const std::size_t c0 = st * kStripeCells, c1 = std::min(cells, c0 + kStripeCells);
                for (std::size_t c = c0; c < c1;) {  // one series segment at a time
                    const std::size_t s = c / T, end = std::min(c1, (s + 1) * T);
                    const Quantizer& qz = quantizers[s];
                    for (; c < end; ++c) qz(w.trace[c], w.bins[c - c0], w.q[c - c0]);
                }
                if (row) std::copy(w.bins.begin(), w.bins.begin() + (c1 - c0), row + c0);
                std::lock_guard<std::mutex> g(stripe_locks[st]);
                for (std::size_t c = c0; c < c1; ++c) {
                    const std::int64_t q = w.q[c - c0];
                    acc.sum[c] += q;
                    acc.sumsq[c] += i128(q) * q;
                    acc.vmin[c] = std::min(acc.vmin[c], q);
                    acc.vmax[c] = std::max(acc.vmax[c], q);
                }
                if (!row)
                    for (std::size_t c = c0; c < c1; ++c) ++acc.hist[c * acc.bins + w.bins[c - c0]];
            }
            double* kept = acc.horizon.data() + std::size_t(i) * acc.kept.size();
            for (std::size_t j = 0; T > 0 && j < acc.kept.size(); ++j) kept[j] = w.trace[std::size_t(acc.kept[j]) * T + T - 1];
            std::lock_guard<std::mutex> g(lock);
            acc.person_ticks += w.extras.person_ticks;
            for (auto& o : w.extras.outcomes) acc.outcomes.push_back(std::move(o));
            ++done;
            if (options.on_progress) options.on_progress(done, count);
        }
    };
    run_jobs(blocks, threads, block, RunControl{options.cancel, {}});
    // Workers finish replicates in any order; outcomes are kept in replicate order.
    std::stable_sort(acc.outcomes.begin(), acc.outcomes.end(),
                     [](const VentureOutcome& a, const VentureOutcome& b) { return a.replicate < b.replicate; });
    return result;
}

// [finish] -------------------------------------------------------------------------------------

namespace {

constexpr double kQuantileP[5] = {0.05, 0.25, 0.50, 0.75, 0.95};

// The five quantiles of a cell in one pass over its occupied bins in ascending order: `each`
// calls its argument with (bin, count > 0) until it returns false. Within the bin that holds a
// rank, values are taken as spread evenly between the bin's edges, narrowed to [vmin, vmax].
template <class EachBin>
void quantiles(EachBin&& each, int bins, double lo, double hi, double vmin, double vmax, std::int64_t n,
               double* out) {
    if (vmin >= vmax) {
        std::fill_n(out, 5, vmin);
        return;
    }
    const double width = (hi - lo) / bins;
    int k = 0;
    double cum = 0.0;
    each([&](int b, double c) {
        for (; k < 5; ++k) {
            const double rank = kQuantileP[k] * double(n);
            if (!(cum + c >= rank)) break;
            const double edge_lo = b == 0 ? -std::numeric_limits<double>::infinity() : lo + b * width;
            const double edge_hi = b == bins - 1 ? std::numeric_limits<double>::infinity() : lo + (b + 1) * width;
            const double lower = std::max(edge_lo, vmin);
            const double upper = std::max(lower, std::min(edge_hi, vmax));
            out[k] = lower + (rank - cum) / c * (upper - lower);
        }
        cum += c;
        return k < 5;
    });
    for (; k < 5; ++k) out[k] = vmax;
}

}  // namespace

// The band of series s at tick t: mean with its 95% CI, quantiles from the cell's bins (the
// histogram, or the bin rows: sorted when few, counted otherwise). `column` and `counts` are
// scratch space reused across cells; `counts` is left all zero.
Band PartialEnsemble::Impl::band(std::size_t s, std::size_t t, std::vector<std::uint8_t>& column,
                                 std::vector<std::uint32_t>& counts) const {
    const Impl& a = *this;
    const std::int64_t n = a.count;
    const std::size_t c = s * std::size_t(a.ticks) + t;
    const std::size_t cells = a.cells();
    const bool row_form = a.hist.empty();
    const long double unit = std::ldexp(1.0L, -a.scale[s]);
    Band b;
    const long double total = static_cast<long double>(a.sum[c]);
    const long double mean = total / n;
    b.mean = static_cast<double>(mean * unit);
    double half = 0.0;
    if (n > 1) {
        long double var = (static_cast<long double>(a.sumsq[c]) - total * mean) / (n - 1);
        if (var < 0) var = 0;
        half = 1.96 * std::sqrt(static_cast<double>(var * unit * unit) / n);
    }
    b.ci_lo = b.mean - half;
    b.ci_hi = b.mean + half;
    const double lowest = static_cast<double>(a.vmin[c] * unit), highest = static_cast<double>(a.vmax[c] * unit);
    const double lo = a.series[s].lo, hi = a.series[s].hi;
    double q[5];
    if (!row_form) {
        const std::uint32_t* h = &a.hist[c * a.bins];
        quantiles(
            [&](auto&& f) {
                for (int i = 0; i < a.bins; ++i)
                    if (h[i] != 0 && !f(i, double(h[i]))) return;
            },
            a.bins, lo, hi, lowest, highest, n, q);
    } else if (n <= 32) {
        // Few replicates: sort the cell's bins; equal bins form the histogram's counts.
        for (std::int64_t i = 0; i < n; ++i) column[i] = a.rows[std::size_t(i) * cells + c];
        std::sort(column.begin(), column.end());
        quantiles(
            [&](auto&& f) {
                for (std::int64_t i = 0; i < n;) {
                    std::int64_t j = i + 1;
                    while (j < n && column[j] == column[i]) ++j;
                    if (!f(column[i], double(j - i))) return;
                    i = j;
                }
            },
            a.bins, lo, hi, lowest, highest, n, q);
    } else {
        int first_bin = a.bins, last = -1;
        for (std::int64_t i = 0; i < n; ++i) {
            const int bin = a.rows[std::size_t(i) * cells + c];
            ++counts[bin];
            first_bin = std::min(first_bin, bin);
            last = std::max(last, bin);
        }
        quantiles(
            [&](auto&& f) {
                for (int i = first_bin; i <= last; ++i)
                    if (counts[i] != 0 && !f(i, double(counts[i]))) return;
            },
            a.bins, lo, hi, lowest, highest, n, q);
        std::fill(counts.begin() + first_bin, counts.begin() + last + 1, 0u);
    }
    b.q05 = q[0];
    b.q25 = q[1];
    b.q50 = q[2];
    b.q75 = q[3];
    b.q95 = q[4];
    return b;
}

EnsembleResult finish_traces(PartialEnsemble&& all, const RunInfo& info) {
    EnsembleResult r;
    r.info = info;
    if (!all.impl) return r;
    PartialEnsemble::Impl& a = *all.impl;
    r.info.replicates = a.count;
    r.info.person_ticks = a.person_ticks;
    const std::int64_t n = a.count;
    const std::size_t T = a.ticks;
    std::vector<std::uint8_t> column(std::size_t(std::max<std::int64_t>(n, 0)));  // one cell's bins
    std::vector<std::uint32_t> counts(std::size_t(std::max(a.bins, 1)), 0);
    r.series.reserve(a.series.size());
    for (std::size_t s = 0; s < a.series.size(); ++s) {
        Series out;
        out.entity = a.series[s].entity;
        out.measure = a.series[s].measure;
        out.ticks.resize(T);
        for (std::size_t t = 0; t < T && n > 0; ++t) out.ticks[t] = a.band(s, t, column, counts);
        r.series.push_back(std::move(out));
    }
    // Per-replicate values at the horizon, for pairing runs on common random numbers.
    for (std::size_t j = 0; j < a.kept.size(); ++j) {
        const auto& spec = a.series[a.kept[j]];
        ReplicateValues v{spec.entity, spec.measure, std::vector<double>(std::size_t(std::max<std::int64_t>(n, 0)))};
        for (std::int64_t i = 0; i < n; ++i) v.values[i] = a.horizon[std::size_t(i) * a.kept.size() + j];
        r.horizon_values.push_back(std::move(v));
    }
    r.outcomes = std::move(a.outcomes);
    return r;
}

EnsembleResult finish_traces(const TraceModel& model, PartialEnsemble&& all, const RunInfo& info) {
    EnsembleResult r = finish_traces(std::move(all), info);
    if (model.finish) model.finish(r);
    return r;
}

}  // namespace orgforces::sim
