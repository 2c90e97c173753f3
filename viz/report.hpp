#pragma once
// The planning-review report: one self-contained HTML file (inline SVG and CSS, no scripts, no
// external fetches, prints on A4/Letter) and its Markdown twin, built from one ensemble result.
//
// Sections, in review order: question and answer, organization and forces, drift, practice map,
// friction, ventures, gifts of failure, hidden forces (attribution), levers (sensitivity),
// settings explored (a sweep's curves, a policy search's Pareto front), how sure we are, what-if comparison,
// glossary, appendix (scenario text, overrides, seed, replicates, engine version).
// Every string that comes from a scenario is escaped by the renderers.

#include <optional>
#include <string>
#include <vector>

#include "model/scenario.hpp"
#include "sim/results.hpp"
#include "sim/sweep.hpp"
#include "sim/uncertainty.hpp"
#include "viz/pareto.hpp"

namespace orgforces::viz {

/// One contributor's Shapley share of a measure (filled by `orgforces attribute`).
struct AttributionRow {
    std::string force;       ///< the contributor: a force, or a policy of the teams
    std::string kind;        ///< its group: "gravity", "water", "links", "leadership" or "hiring"
    std::string measure;     ///< e.g. "drift"
    double value = 0.0;      ///< the force's contribution to the measure
    double lo = 0.0, hi = 0.0;  ///< 95% interval of value
    std::string entity;      ///< team or venture the measure belongs to ("" = the focal team)
};

/// One parameter's effect on a measure across its range (filled by the sensitivity analysis).
struct LeverRow {
    std::string path;        ///< registry path, e.g. "teams.frontier.shielding"
    std::string measure;     ///< e.g. "drift:frontier"
    double low = 0.0;        ///< change of the measure with the parameter at its low end
    double high = 0.0;       ///< change of the measure with the parameter at its high end
    double lo = 0.0, hi = 0.0;  ///< 95% interval of the swing (high - low)
};

/// One parameter's global (Sobol) sensitivity on a measure over a range of values.
struct GlobalLeverRow {
    std::string path;
    std::string measure;       ///< e.g. "drift:frontier"
    std::string range;         ///< the values ranked over, e.g. "uniform [0.15, 0.45]"
    bool uncertain = false;    ///< a prior of the scenario's `uncertain:`, not a setting's range
    double s1 = 0.0, s1_lo = 0.0, s1_hi = 0.0;   ///< first-order index, 95% interval
    double st = 0.0, st_lo = 0.0, st_hi = 0.0;   ///< total-order index, 95% interval
    double correlation = 0.0;  ///< of the parameter with the measure: > 0 raising it raises the measure
};

/// The global ranking and how it was computed.
struct GlobalLevers {
    std::vector<GlobalLeverRow> rows;
    int samples = 0, points = 0, replicates = 0;   ///< Sobol base points, design points, replicates per point
};

/// A stored sweep, charted measure against each swept parameter (`report --sweep ID`).
struct SweepInputs {
    long long id = 0;
    int points = 0;                          ///< design points with a complete run
    int replicates = 0;                      ///< per point
    std::vector<sim::SweepCurve> curves;
};

/// A what-if variant's result beside the baseline (same seed: common random numbers).
struct VariantResult {
    std::string name;
    std::string description;
    sim::EnsembleResult result;
};

/// Everything the report shows. Absent optional parts print a note saying how to compute them.
struct ReportInputs {
    model::Scenario scenario;
    sim::EnsembleResult result;                    ///< the baseline
    std::vector<model::Override> overrides;        ///< applied to the scenario for this run
    std::optional<std::vector<AttributionRow>> attribution;
    std::optional<std::vector<LeverRow>> levers;   ///< local (+-10%) levers
    std::optional<GlobalLevers> global_levers;      ///< global levers (shown instead of local ones)
    /// Non-empty when every run drew its parameters per plausible world of `per_world` replicates
    /// (--uncertain, --posterior): what the draws came from, e.g. "the priors of 3 uncertain parameters".
    std::string drawn_from;
    int per_world = 8;
    std::optional<long long> calibration_id;        ///< --posterior: the calibration drawn from
    std::vector<sim::ObservedValue> observed;       ///< its observations (posterior predictive check)
    std::vector<VariantResult> variants;            ///< empty: the what-if section says how to add it
    std::optional<SweepInputs> sweep;               ///< `--sweep ID`
    std::optional<ParetoInputs> pareto;             ///< `--pareto FRONT.json`: a policy search's front
    std::string source;                            ///< "scenarios/x.yaml" or "run 12 of orgforces.db"
    std::optional<long long> run_id;               ///< the stored run, when loaded from the store
    std::string run_db;                            ///< the database holding run_id
    std::string variant;                           ///< the what-if variant a stored run ran, if any (in scenario already)
};

/// Teams the report focuses on (at most `limit`): the scenario's `focus` (model::focus_teams), or
/// without it those with ventures first, then those whose intent differs most from the
/// organization's baseline.
std::vector<std::string> focal_teams(const model::Scenario& s, std::size_t limit = 6);

/// The one-paragraph answer in plain words, computed from the results.
std::string answer_paragraph(const ReportInputs& in);

/// The whole report as one HTML document.
std::string render_html(const ReportInputs& in);

/// The same report as Markdown (figures become their titles, captions and key numbers).
std::string render_markdown(const ReportInputs& in);

/// The Markdown twin with its figures as SVG files: links point into `folder` (relative to the
/// Markdown file) and `files` receives (file name, SVG text) for the caller to write there.
std::string render_markdown(const ReportInputs& in, const std::string& folder,
                            std::vector<std::pair<std::string, std::string>>& files);

/// Section ids in report order ("question", "forces", ..., "appendix"), as used in the HTML.
const std::vector<std::string>& report_section_ids();

}  // namespace orgforces::viz
