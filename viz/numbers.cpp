#include "viz/numbers.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

namespace orgforces::viz {

namespace {

constexpr const char* kMinus = "\u2212";

// |v| with `decimals` decimals and thousands separators; the sign is added by the caller.
std::string magnitude(double a, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, a);
    std::string digits = buf;
    std::size_t end = digits.find('.');
    if (end == std::string::npos) end = digits.size();
    std::string out;
    for (std::size_t i = 0; i < end; ++i) {
        out += digits[i];
        const std::size_t left = end - i - 1;
        if (left > 0 && left % 3 == 0) out += ',';
    }
    return out + digits.substr(end);
}

bool all_zero(const std::string& s) { return s.find_first_not_of("0.,") == std::string::npos; }

std::string with_sign(double v, const std::string& mag, bool plus) {
    if (all_zero(mag)) return "0";
    if (v < 0) return kMinus + mag;
    return plus ? "+" + mag : mag;
}

// Decimals that keep about two significant digits: 0 from 100, 1 from 10, 2 from 0.095, more below.
int decimals_for_value(double a) {
    if (a >= 1 && a < 1e15 && a == std::floor(a)) return 0;   // whole numbers stay whole: "20", not "20.0"
    if (a >= 99.5) return 0;
    if (a >= 0.995) return 1;
    if (a >= 0.095) return 2;
    if (a == 0.0) return 0;
    return std::min(9, 1 - int(std::floor(std::log10(a))));
}

std::string number(double v, bool plus) {
    if (std::isnan(v)) return "n/a";
    if (std::isinf(v)) return v > 0 ? "∞" : std::string(kMinus) + "∞";
    return with_sign(v, magnitude(std::abs(v), decimals_for_value(std::abs(v))), plus);
}

std::string points(double share, bool plus) {
    if (!std::isfinite(share)) return "n/a";
    const double p = std::abs(share) * 100.0;
    return with_sign(share, magnitude(p, p >= 9.95 ? 0 : 1), plus);
}

}  // namespace

std::string format_number(double value) { return number(value, false); }

std::string format_percent(double share) {
    if (!std::isfinite(share)) return "n/a";
    const double p = share * 100.0;
    // Whole percents, except where rounding would claim certainty (0% or 100%) that is not there.
    const bool near_end = (p > 0 && p < 0.5) || (p > 99.5 && p < 100);
    std::string s = magnitude(std::abs(p), near_end ? 1 : 0);
    if (near_end && s == "100.0") s = "99.9";
    return with_sign(p, s, false) + "%";
}

std::string format_range(double lo, double hi) {
    const std::string a = format_number(lo), b = format_number(hi);
    return lo < 0 || hi < 0 ? a + " to " + b : a + "–" + b;
}

std::string format_with_range(double value, double lo, double hi) {
    return format_number(value) + " (" + format_range(lo, hi) + ")";
}

std::string format_signed(double value) { return number(value, true); }

std::string format_change(double value, double lo, double hi, bool pts) {
    if (pts) return points(value, true) + " pts (" + points(lo, true) + " to " + points(hi, true) + ")";
    if (!std::isfinite(value) || !std::isfinite(lo) || !std::isfinite(hi))
        return format_signed(value) + " (" + format_signed(lo) + " to " + format_signed(hi) + ")";
    // The three numbers share the decimals of the largest, at most 4: a change finer than 0.0001
    // is no change a reader can act on, and equal decimals line the three up.
    const double a = std::max({std::abs(value), std::abs(lo), std::abs(hi)});
    const int d = std::min(4, decimals_for_value(a));
    auto one = [d](double x) { return with_sign(x, magnitude(std::abs(x), d), true); };
    return one(value) + " (" + one(lo) + " to " + one(hi) + ")";
}

bool is_probability(const std::string& m) { return m.rfind("p_", 0) == 0 || m.rfind("share", 0) == 0; }

namespace {

struct MeasureWords {
    const char* measure;
    const char* label;
    const char* meaning;
};

// Keep in step with the measure table of docs/model.md.
constexpr MeasureWords kMeasures[] = {
    {"drift", "drift from intent", "distance between the team's practice and its leaders' intent, 0–1; lower is better"},
    {"friction", "felt friction", "strain a team feels when its practice departs from where forces pull it, 0 = none; lower is better"},
    {"capacity", "capacity left for work", "share of the team's effort left for its work after friction, 0–1; higher is better"},
    {"headcount", "people", "people in the team at the end of the period"},
    {"leavers", "people leaving", "people who left the team in the period; lower is better"},
    {"people_lost", "people lost", "people who left the team over the whole horizon; lower is better"},
    {"hires", "people hired", "people who joined the team in the period"},
    {"spread", "spread of practice", "how far the team's people differ from their mean practice, 0–1 (root mean square); lower is more alike"},
    {"distance_to_default", "distance from the organization's default",
     "how far the team's practice is from the organization's default practice, 0–1"},
    {"intent_kept", "intent kept",
     "how much of its intended difference from the organization's default the team still shows: 100% = as "
     "intended, 0% = like the default; – where the intent is within 0.1 of the default; higher is better"},
    {"intent_surviving", "intent kept",
     "how much of its intended difference from the organization's default the team still shows: 100% = as "
     "intended, 0% = like the default; – where the intent is within 0.1 of the default; higher is better"},
    {"p_success", "chance of success", "share of runs in which the venture reaches its goal; higher is better"},
    {"p_failure", "chance of failure", "share of runs in which the venture fails; lower is better"},
    {"expected_value", "expected value", "value the venture delivers on average over all runs, in its own units; higher is better"},
    {"expected_salvage_given_failure", "salvage if it fails", "value of finished stepping stones when the venture fails"},
    {"p_promotable_given_failure", "chance a benefit is promoted if it fails",
     "share of failures in which a secondary benefit becomes a venture of its own"},
    {"recovery_ticks_median", "median recovery", "time from a failure to the promoted benefit's first value"},
};

}  // namespace

std::string measure_label(const std::string& m) {
    for (const auto& w : kMeasures)
        if (m == w.measure) return w.label;
    if (const auto colon = m.find(':'); colon != std::string::npos) {
        const std::string head = m.substr(0, colon), tail = m.substr(colon + 1);
        if (head == "assumption") return "hold of " + tail;
        if (head == "ideas_produced") return tail + " ideas produced";
        if (head == "ideas_dismissed") return tail + " ideas dismissed";
        if (head == "p_cause") return "chance of failing by " + tail;
        if (head == "practice") return "practice on " + tail;
        for (const auto& w : kMeasures)
            if (head == w.measure) return measure_of(head, tail);
    }
    std::string out = m;
    for (auto& c : out)
        if (c == '_') c = ' ';
    return out;
}

std::string measure_meaning(const std::string& m) {
    for (const auto& w : kMeasures)
        if (m == w.measure) return w.meaning;
    if (m.rfind("assumption:", 0) == 0) return "how strongly people hold this cultural assumption, 0–1";
    if (m.rfind("practice:", 0) == 0) return "the team's mean practice on this dimension, 0–1";
    if (m.rfind("p_cause:", 0) == 0) return "share of failures with this cause";
    return "";
}

std::string parameter_label(const std::string& path) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= path.size()) {
        const auto end = std::min(path.find('.', start), path.size());
        parts.push_back(path.substr(start, end - start));
        start = end + 1;
    }
    // "teams.X.rest", "forces.X.rest", "ventures.X.rest": the entity, then what of it.
    std::size_t first = 0;
    std::string owner;
    if (parts.size() >= 3 && (parts[0] == "teams" || parts[0] == "forces" || parts[0] == "ventures" || parts[0] == "units")) {
        owner = parts[1];
        first = 2;
    } else if (parts.size() >= 2) {
        owner = parts[0];
        first = 1;
    }
    std::string rest;
    for (std::size_t i = first; i < parts.size(); ++i) rest += (rest.empty() ? "" : " ") + parts[i];
    for (auto& c : rest)
        if (c == '_') c = ' ';
    return owner.empty() ? rest : owner + ": " + rest;
}

std::string measure_of(const std::string& measure, const std::string& entity) {
    const std::string label = measure_label(measure);
    return entity.empty() ? label : label + " of " + entity;
}

}  // namespace orgforces::viz
