#pragma once
// What an ensemble run produces: plain data that the store saves, the report and dashboard draw,
// and the CLI prints. Everything is keyed by names (team, venture, force) and measure names, so
// consumers need no knowledge of the engine.
//
// Measure names are fixed strings listed in docs/model.md (e.g. "drift", "friction",
// "capacity", "headcount", "leavers", "hires", "distance_to_default", "assumption:<water>",
// "ideas_produced:<kind>", "ideas_dismissed:<kind>"; per venture "survival").

#include <cstdint>
#include <string>
#include <vector>

namespace orgforces::sim {

/// Ensemble statistics of one measure at one tick.
struct Band {
    double mean = 0.0;
    double ci_lo = 0.0;    ///< 95% confidence interval of the mean
    double ci_hi = 0.0;
    double q05 = 0.0, q25 = 0.0, q50 = 0.0, q75 = 0.0, q95 = 0.0;
};

/// A measure of one entity over ticks 0..horizon (one Band per tick).
struct Series {
    std::string entity;    ///< team or venture name, or "" for the organization
    std::string measure;
    std::vector<Band> ticks;
};

/// A single ensemble figure with its 95% interval, e.g. P(success) of a venture.
struct Scalar {
    std::string entity;
    std::string measure;   ///< e.g. "p_success", "expected_value", "expected_salvage_given_failure"
    double value = 0.0;
    double lo = 0.0;
    double hi = 0.0;
    std::int64_t n = 0;    ///< replicates the estimate rests on; 0: undefined, value and interval NaN
};

/// Framed: an unsolvable problem whose framing is done (navigated, never solved).
enum class VentureStatus { Running, Succeeded, Failed, Dormant, Framed };

/// One venture's fate in one replicate.
struct VentureOutcome {
    int replicate = 0;
    std::string venture;
    VentureStatus status = VentureStatus::Running;
    int end_tick = -1;             ///< tick of success or failure (-1: still running at horizon)
    double value = 0.0;            ///< realized on success
    double salvage = 0.0;          ///< standalone value of done stones, on failure or framing
    std::string promoted;          ///< secondary benefit promoted after failure ("" = none)
    int recovery_ticks = -1;       ///< failure to the promoted benefit's first value (-1 = never or killed)
    int tripwire_tick = -1;        ///< when the trip-wire reclassified it (-1 = never)
    double spiral_effort = 0.0;    ///< work spent while spiraling on an unframed problem
    int stones_done = 0;
    int stones_reused = 0;         ///< stones taken from the commons instead of built
    int stones_graduated = 0;
    std::string failure_cause;     ///< "circumstances", "misfit", "shock", "review", ""
    int stones_reworked = 0;       ///< completed stones found wrong and redone
    std::vector<std::string> done_stones;   ///< names of the stones done at the end
    /// Mean team practice (size D) stamped on the stones this venture built; empty if none.
    std::vector<double> output_character;
};

/// Kaplan-Meier survival of a venture (failure as the event, censored at the horizon).
struct SurvivalCurve {
    std::string venture;
    std::vector<int> tick;         ///< step times
    std::vector<double> survival;  ///< S(t) just after each step
    std::vector<double> lo, hi;    ///< 95% Greenwood interval
};

/// One measure's value at the horizon in every replicate (values[r] for replicate r). Lets a
/// what-if pair replicates that share random streams; optional, empty when not collected.
struct ReplicateValues {
    std::string entity;
    std::string measure;
    std::vector<double> values;
};

/// What the run was: enough to reproduce it.
struct RunInfo {
    std::string scenario_name;
    std::uint64_t seed = 0;
    int replicates = 0;
    int horizon = 0;
    int threads = 0;
    double wall_seconds = 0.0;
    std::int64_t person_ticks = 0;
    std::string engine_version;
};

/// The whole result of one ensemble.
struct EnsembleResult {
    RunInfo info;
    std::vector<Series> series;
    std::vector<Scalar> scalars;
    std::vector<VentureOutcome> outcomes;
    std::vector<SurvivalCurve> survival;
    std::vector<ReplicateValues> horizon_values;   ///< optional per-replicate horizon values

    /// The named series or scalar, or nullptr.
    const Series* find_series(const std::string& entity, const std::string& measure) const;
    const Scalar* find_scalar(const std::string& entity, const std::string& measure) const;
};

const char* to_string(VentureStatus s);

}  // namespace orgforces::sim
