// The ventures section of `orgforces run`: one column per venture, one row per question a
// planning lead asks (will it succeed, what is it worth, what is left if it fails, how fast do
// we recover, did we notice a spiral), so plans can be compared side by side.

#include "viz/text_ventures.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace orgforces::viz {

namespace {

std::string fmt(const char* f, double a) {
    char buf[64];
    std::snprintf(buf, sizeof buf, f, a);
    return buf;
}

std::string percent(const sim::Scalar& s) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.0f%% [%.0f-%.0f]", 100 * s.value, 100 * s.lo, 100 * s.hi);
    return buf;
}

std::string number(double x) {
    const double a = std::abs(x);
    return fmt(a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.2f", x);
}

std::string amount(const sim::Scalar& s) {
    return number(s.value) + " [" + number(s.lo) + "-" + number(s.hi) + "]";
}

std::string plural(const std::string& unit, double n) {
    if (unit.empty()) return "ticks";
    return n == 1.0 ? unit : unit + "s";
}

std::string class_text(const model::Venture& v) {
    std::string out = model::to_string(v.problem_class);
    if (v.perceived_class != v.problem_class)
        out += std::string(" (seen as ") + model::to_string(v.perceived_class) + ")";
    return out;
}

}  // namespace

std::string ventures_table(const model::Scenario& s, const sim::EnsembleResult& r) {
    if (s.ventures.empty()) return "";
    const char* dash = "-";
    std::vector<std::string> labels = {"",
                                       "team",
                                       "problem class",
                                       "P(success)",
                                       "E[value]",
                                       "E[total value]",
                                       "captured / lost",
                                       "P(failure)",
                                       "main failure cause",
                                       "E[salvage | failure]",
                                       "P(promotable | failure)",
                                       "median recovery",
                                       "P(trip-wire)",
                                       "spiral effort",
                                       "stones reused/graduated",
                                       "top salvage stones",
                                       "",
                                       ""};
    std::vector<std::vector<std::string>> columns;
    for (const auto& v : s.ventures) {
        std::vector<std::string> col;
        const auto get = [&](const char* measure) { return r.find_scalar(v.name, measure); };
        col.push_back(v.name);
        col.push_back(v.team);
        col.push_back(class_text(v));
        const auto* p = get("p_success");
        col.push_back(p ? percent(*p) : dash);
        const auto* ev = get("expected_value");
        col.push_back(ev ? amount(*ev) : dash);
        // Success, salvage and a promoted benefit that arrived, together.
        const auto* total = get("expected_total_value");
        col.push_back(total && total->n > 0 ? amount(*total) : dash);
        // An unsolvable goal is navigated: what its framing captured and what was lost.
        const auto* captured = get("expected_captured_value");
        const auto* lost = get("expected_lost_value");
        col.push_back(captured && lost && captured->n > 0 ? number(captured->value) + " / " + number(lost->value) : dash);
        const auto* pf = get("p_failure");
        col.push_back(pf ? percent(*pf) : dash);

        // Most frequent failure cause.
        std::string cause = dash;
        double best = 0.0;
        for (const auto& sc : r.scalars)
            if (sc.entity == v.name && sc.measure.rfind("p_cause:", 0) == 0 && sc.value > best) {
                best = sc.value;
                cause = sc.measure.substr(8) + " " + fmt("%.0f%%", 100 * sc.value);
            }
        col.push_back(cause);

        const auto* sal = get("expected_salvage_given_failure");
        col.push_back(sal && sal->n > 0 ? amount(*sal) : dash);
        const auto* prom = get("p_promotable_given_failure");
        col.push_back(prom && prom->n > 0 && !v.benefits.empty() ? percent(*prom) : dash);
        const auto* rec = get("recovery_ticks_median");
        if (!rec || rec->n == 0) col.push_back(dash);
        else if (rec->value < 0) col.push_back("never");
        else col.push_back(number(rec->value) + " " + plural(s.tick_unit, rec->value));

        const auto* trip = get("p_tripwire");
        const auto* detect = get("tripwire_detection_ticks");
        const bool spiral_possible = v.problem_class == model::ProblemClass::Unsolvable;
        const auto* q10 = get("tripwire_detection_ticks_q10");
        const auto* q90 = get("tripwire_detection_ticks_q90");
        const auto* alarm = get("p_false_alarm");
        if (trip && spiral_possible) {
            // Detection delay: mean, and the 10-90% range of the replicates that tripped.
            std::string t = fmt("%.0f%%", 100 * trip->value);
            if (detect && detect->n > 0) {
                t += " after " + number(detect->value);
                if (q10 && q90 && q10->n > 0) t += " [" + number(q10->value) + "-" + number(q90->value) + "]";
                t += " " + plural(s.tick_unit, detect->value);
            }
            col.push_back(t);
        } else if (alarm) {
            col.push_back(fmt("false alarm %.0f%%", 100 * alarm->value));
        } else {
            col.push_back(dash);
        }
        const auto* spiral = get("spiral_effort");
        col.push_back(spiral && (spiral->value > 0 || spiral_possible) ? number(spiral->value) : dash);
        const auto* reused = get("stones_reused");
        const auto* grad = get("stones_graduated");
        col.push_back(reused && grad ? number(reused->value) + " / " + number(grad->value) : dash);

        // Top three stones by expected salvage given failure (already ranked in the result).
        int shown = 0;
        const std::string prefix = v.name + "/";
        for (const auto& sc : r.scalars) {
            if (shown == 3) break;
            if (sc.measure != "salvage_rank_value" || sc.entity.rfind(prefix, 0) != 0 || !(sc.value > 0)) continue;
            col.push_back(sc.entity.substr(prefix.size()) + " " + number(sc.value));
            ++shown;
        }
        if (shown == 0) col.push_back(dash);
        columns.push_back(std::move(col));
    }

    std::size_t rows = labels.size() - 2;
    for (const auto& c : columns) rows = std::max(rows, c.size());
    std::size_t label_width = 0;
    for (const auto& l : labels) label_width = std::max(label_width, l.size());
    std::vector<std::size_t> widths;
    for (const auto& c : columns) {
        std::size_t w = 0;
        for (const auto& cell : c) w = std::max(w, cell.size());
        widths.push_back(w);
    }

    std::string out = "Ventures (" + std::to_string(r.info.replicates) + " replicates, horizon " +
                      std::to_string(s.horizon) + " " + plural(s.tick_unit, s.horizon) + ")\n";
    for (std::size_t row = 0; row < rows; ++row) {
        const std::string label = row < labels.size() ? labels[row] : "";
        std::string line = label + std::string(label_width - std::min(label_width, label.size()), ' ');
        for (std::size_t c = 0; c < columns.size(); ++c) {
            const std::string cell = row < columns[c].size() ? columns[c][row] : "";
            line += "  " + cell + std::string(widths[c] - std::min(widths[c], cell.size()), ' ');
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out += line + "\n";
        if (row == 0) out += std::string(line.size(), '-') + "\n";
    }
    out += "Intervals are 95%. Salvage: standalone value of the stones done when a venture fails.\n"
           "Promotable: a secondary benefit survives the failure and becomes a new primary.\n"
           "Total value: success, salvage and promoted benefits that arrived. Captured / lost: what\n"
           "framing an unsolvable goal yielded through its sub-problems, and what it left of the goal.\n";
    return out;
}

}  // namespace orgforces::viz
