#pragma once
// How numbers and measures read, everywhere a person reads them (the report, the dashboard and
// the command line's text tables): significant digits suited to the value, no scientific
// notation, a true minus sign, percentages for probabilities, ranges that cannot be misread,
// and a label with a one-line meaning for every measure. Machine outputs (CSV, JSON) keep full
// precision and do not use these.

#include <string>

namespace orgforces::viz {

/// A value for prose and tables: about two significant digits, never in scientific notation
/// ("0.38", "12.4", "1,250", "0.0029", "−0.027").
std::string format_number(double value);

/// A share in [0,1] as a percentage ("38%"; "0.4%" and "99.6%" near the ends).
std::string format_percent(double share);

/// A range: "0.25–0.37" when both ends are non-negative, else "−0.027 to −0.026".
std::string format_range(double lo, double hi);

/// A value with its range in brackets: "0.31 (0.25–0.37)".
std::string format_with_range(double value, double lo, double hi);

/// A change with its sign: "+0.031", "−0.027", "0".
std::string format_signed(double value);

/// A change and its 95% interval: "−0.031 (−0.045 to −0.017)"; with `points`, a change of a
/// probability in percentage points: "+5.2 pts (+1.0 to +9.4)".
std::string format_change(double value, double lo, double hi, bool points = false);

/// Whether a measure is a probability (shown as a percentage): "p_success", "p_cause:misfit", ...
bool is_probability(const std::string& measure);

/// A measure's name in words ("drift" → "drift from intent", "p_success" → "chance of success").
std::string measure_label(const std::string& measure);

/// One line saying what the measure means and which way is better.
std::string measure_meaning(const std::string& measure);

/// A registry path in words: "teams.frontier.hiring.external_fraction" → "frontier: hiring
/// external fraction", "forces.quarterly-okrs.reaches.frontier" → "quarterly-okrs: reaches frontier".
std::string parameter_label(const std::string& path);

/// A measure of an entity in words: "drift from intent of frontier".
std::string measure_of(const std::string& measure, const std::string& entity);

}  // namespace orgforces::viz
