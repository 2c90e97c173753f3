#pragma once
// Org-chart import: an HR or org-chart export (CSV) turned into a scenario scaffold, and the
// annotated starting scenario of `orgforces init`. See docs/scenario-format.md#starting-a-scenario.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace orgforces::model {

/// One team of the chart (one CSV row).
struct ChartTeam {
    std::string name;            ///< scenario name (letters, digits, '-', '_')
    std::string label;           ///< the name as the chart spells it, when it differs from `name`
    std::string unit;            ///< scenario name of its unit
    int size = 0;
    std::optional<double> leadership;
    std::optional<double> shielding;
    std::map<std::string, double> intent;  ///< dimension -> level in [0,1]
    int line = 0;
};

/// One unit of the chart; `parent` is empty for a top-level unit.
struct ChartUnit {
    std::string name;
    std::string label;
    std::string parent;
    int line = 0;                ///< where the unit is first named
};

/// An org chart as read from CSV: units parents-first, teams in file order.
struct OrgChart {
    std::vector<ChartUnit> units;
    std::vector<ChartTeam> teams;
    std::vector<std::string> dimensions;  ///< from the `intent.<dimension>` columns, in column order
};

/// Reads an org-chart CSV (header `team,unit,size`, optional `parent_unit`, `leadership`,
/// `shielding`, `intent.<dimension>`); throws ScenarioError with `file:line:col` for every problem.
OrgChart read_org_chart(std::string_view csv, const std::string& file);

/// A commented scenario for `chart` that passes `orgforces check`: its teams and units as given,
/// with forces and ventures as clearly marked examples to edit. `source` names the CSV in a comment.
std::string scaffold_scenario(const OrgChart& chart, std::string_view source);

/// The small annotated starting scenario that `orgforces init` writes without a chart.
std::string starter_scenario();

/// `text` as a scenario name: lower case, runs of other characters as one '-', at most 64
/// characters; "" when nothing usable is left.
std::string to_scenario_name(std::string_view text);

}  // namespace orgforces::model
