#include "model/orgchart.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <set>

#include "model/diagnostics.hpp"
#include "model/schema.hpp"
#include "model/suggest.hpp"
#include "model/validate.hpp"

namespace orgforces::model {
namespace {

// [csv] ---------------------------------------------------------------------------------------

struct Cell {
    std::string text;
    int line = 0;
    int column = 0;
};
using Row = std::vector<Cell>;

/// Splits RFC 4180 CSV into rows of cells with their positions. Quoted cells may hold commas,
/// doubled quotes and line breaks; a byte-order mark and CRLF line ends are accepted.
class CsvReader {
public:
    CsvReader(std::string_view text, const std::string& file, std::vector<Diagnostic>& out)
        : text_(text), file_(file), out_(out) {
        if (text_.substr(0, 3) == "\xEF\xBB\xBF") text_.remove_prefix(3);
    }

    std::vector<Row> rows() {
        std::vector<Row> rows;
        Row row;
        while (i_ <= text_.size()) {
            Cell cell = next_cell();
            row.push_back(std::move(cell));
            if (i_ >= text_.size() || text_[i_] == '\n' || text_[i_] == '\r') {
                if (!(row.size() == 1 && row[0].text.empty() && !quoted_)) rows.push_back(std::move(row));
                row.clear();
                if (i_ >= text_.size()) break;
                if (text_[i_] == '\r' && i_ + 1 < text_.size() && text_[i_ + 1] == '\n') ++i_;
                ++i_;
                ++line_;
                line_start_ = i_;
            } else {
                ++i_;  // the comma
            }
        }
        return rows;
    }

private:
    Cell next_cell() {
        Cell cell{{}, line_, static_cast<int>(i_ - line_start_) + 1};
        quoted_ = false;
        if (i_ < text_.size() && text_[i_] == '"') {
            quoted_ = true;
            const int open_line = line_, open_column = cell.column;
            ++i_;
            for (;;) {
                if (i_ >= text_.size()) {
                    error(open_line, open_column, "a quoted cell opened here is never closed");
                    return cell;
                }
                const char c = text_[i_];
                if (c == '"') {
                    if (i_ + 1 < text_.size() && text_[i_ + 1] == '"') {
                        cell.text += '"';
                        i_ += 2;
                        continue;
                    }
                    ++i_;
                    break;
                }
                if (c == '\n') {
                    ++line_;
                    line_start_ = i_ + 1;
                }
                cell.text += c;
                ++i_;
            }
            if (i_ < text_.size() && text_[i_] != ',' && text_[i_] != '\n' && text_[i_] != '\r')
                error(line_, static_cast<int>(i_ - line_start_) + 1,
                      "unexpected text after a quoted cell (a quote inside a cell is written \"\")");
            while (i_ < text_.size() && text_[i_] != ',' && text_[i_] != '\n' && text_[i_] != '\r') ++i_;
            return cell;
        }
        while (i_ < text_.size() && text_[i_] != ',' && text_[i_] != '\n' && text_[i_] != '\r') cell.text += text_[i_++];
        return cell;
    }

    void error(int line, int column, std::string message) {
        out_.push_back(Diagnostic{SourcePos{file_, line, column}, std::move(message)});
    }

    std::string_view text_;
    const std::string& file_;
    std::vector<Diagnostic>& out_;
    std::size_t i_ = 0;
    std::size_t line_start_ = 0;
    int line_ = 1;
    bool quoted_ = false;
};

std::string trim(std::string_view s) {
    std::size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return std::string(s.substr(b, e - b));
}

/// The byte offset of the first invalid UTF-8 sequence or control character other than tab,
/// CR and LF, or npos.
std::size_t first_bad_byte(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) return i;
            ++i;
            continue;
        }
        const int extra = c >= 0xF0 && c <= 0xF4 ? 3 : c >= 0xE0 ? 2 : c >= 0xC2 && c < 0xE0 ? 1 : -1;
        if (extra < 0 || i + extra >= s.size() + (extra > 0 ? 0 : 1)) return i;
        for (int k = 1; k <= extra; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
        i += 1 + extra;
    }
    return std::string_view::npos;
}

// [columns] -----------------------------------------------------------------------------------

const std::vector<std::string> kKnownColumns = {"team", "unit", "size", "parent_unit", "leadership", "shielding"};

struct Columns {
    int team = -1, unit = -1, size = -1, parent = -1, leadership = -1, shielding = -1;
    std::vector<std::pair<int, std::string>> intent;  ///< column index, dimension name
};

class ChartReader {
public:
    ChartReader(const std::string& file, std::vector<Diagnostic>& out) : file_(file), out_(out) {}

    OrgChart read(const std::vector<Row>& rows) {
        OrgChart chart;
        if (rows.empty()) {
            error(1, 1, "the org chart is empty: expected a header line with at least team,unit,size");
            return chart;
        }
        if (!read_header(rows[0], chart)) return chart;
        for (std::size_t r = 1; r < rows.size(); ++r) read_team(rows[r], rows[0].size(), chart);
        if (chart.teams.empty() && out_.empty()) error(rows[0][0].line, 1, "the org chart has a header but no teams");
        resolve_units(chart);
        return chart;
    }

private:
    bool read_header(const Row& header, OrgChart& chart) {
        std::set<std::string> seen;
        for (std::size_t c = 0; c < header.size(); ++c) {
            const Cell& cell = header[c];
            const std::string name = trim(cell.text);
            const int index = static_cast<int>(c);
            if (!seen.insert(name).second) {
                error(cell, "duplicate column '" + name + "'");
                continue;
            }
            if (name == "team") cols_.team = index;
            else if (name == "unit") cols_.unit = index;
            else if (name == "size") cols_.size = index;
            else if (name == "parent_unit") cols_.parent = index;
            else if (name == "leadership") cols_.leadership = index;
            else if (name == "shielding") cols_.shielding = index;
            else if (name.rfind("intent.", 0) == 0) {
                const std::string dimension = name.substr(7);
                if (to_scenario_name(dimension) != dimension) {
                    error(cell, "column '" + name + "': '" + dimension +
                                    "' is not a valid dimension name (lower-case letters, digits, '-' or '_')");
                    continue;
                }
                cols_.intent.emplace_back(index, dimension);
                chart.dimensions.push_back(dimension);
            } else {
                std::vector<std::string> known = kKnownColumns;
                known.push_back("intent.<dimension>");
                error(cell, "unknown column '" + name + "'" + did_you_mean(name, known) +
                                "; known columns: team, unit, size, parent_unit, leadership, shielding, "
                                "intent.<dimension>");
            }
        }
        if (static_cast<int>(chart.dimensions.size()) > Limits::max_dimensions)
            error(header[0], fmt::format("{} intent columns; a scenario has at most {} dimensions",
                                         chart.dimensions.size(), Limits::max_dimensions));
        bool complete = true;
        for (const auto& [index, name] : {std::pair{cols_.team, "team"}, {cols_.unit, "unit"}, {cols_.size, "size"}}) {
            if (index >= 0) continue;
            error(header[0], std::string("missing column '") + name +
                                 "': the header must name at least team, unit and size");
            complete = false;
        }
        return complete;
    }

    void read_team(const Row& row, std::size_t width, OrgChart& chart) {
        if (row.size() != width) {
            error(row[0], fmt::format("this line has {} cells, the header has {}", row.size(), width));
            return;
        }
        ChartTeam t;
        t.line = row[0].line;
        const Cell& team = row[cols_.team];
        t.name = name_of(team, "team");
        if (t.name.empty()) return;
        if (trim(team.text) != t.name) t.label = trim(team.text);
        const auto [first, fresh] = team_lines_.emplace(t.name, t.line);
        if (!fresh) error(team, fmt::format("duplicate team '{}' (first at line {})", t.name, first->second));
        t.unit = name_of(row[cols_.unit], "unit");
        note_unit(row[cols_.unit], t.unit);
        if (cols_.parent >= 0 && !t.unit.empty()) note_parent(row[cols_.parent], t.unit);
        t.size = size_of(row[cols_.size]);
        if (cols_.leadership >= 0) t.leadership = share_of(row[cols_.leadership], "leadership");
        if (cols_.shielding >= 0) t.shielding = share_of(row[cols_.shielding], "shielding");
        for (const auto& [index, dimension] : cols_.intent)
            if (const auto v = share_of(row[index], "intent." + dimension)) t.intent[dimension] = *v;
        if (!fresh) return;
        people_ += std::max(t.size, 0);
        if (static_cast<int>(chart.teams.size()) == Limits::max_teams)
            error(team, fmt::format("more than {} teams", Limits::max_teams));
        if (people_ > Limits::max_people && people_ - t.size <= Limits::max_people)
            error(row[cols_.size], fmt::format("more than {} people in all", Limits::max_people));
        chart.teams.push_back(std::move(t));
    }

    std::string name_of(const Cell& cell, const std::string& what) {
        const std::string text = trim(cell.text);
        if (text.empty()) {
            error(cell, "empty " + what + " name");
            return {};
        }
        std::string name = to_scenario_name(text);
        if (name.empty()) error(cell, what + " name '" + text + "' has no letter or digit to make a name from");
        return name;
    }

    int size_of(const Cell& cell) {
        const std::string text = trim(cell.text);
        int v = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) {
            error(cell, "size '" + text + "' is not a whole number of people");
            return 0;
        }
        if (v < 1 || v > Limits::max_team_size)
            error(cell, fmt::format("size {} is out of range [1, {}]", v, Limits::max_team_size));
        return v;
    }

    std::optional<double> share_of(const Cell& cell, const std::string& what) {
        const std::string text = trim(cell.text);
        if (text.empty()) return std::nullopt;  // an empty cell keeps the scenario's default
        char* end = nullptr;
        const double v = std::strtod(text.c_str(), &end);
        if (end != text.c_str() + text.size() || !std::isfinite(v)) {
            error(cell, what + " '" + text + "' is not a number");
            return std::nullopt;
        }
        if (v < 0 || v > 1) {
            error(cell, what + " " + text + " is out of range [0, 1]");
            return std::nullopt;
        }
        return v;
    }

    void note_unit(const Cell& cell, const std::string& name) {
        if (name.empty() || unit_index_.count(name)) return;
        unit_index_.emplace(name, units_.size());
        const std::string text = trim(cell.text);
        units_.push_back(ChartUnit{name, text != name ? text : std::string(), {}, cell.line});
    }

    void note_parent(const Cell& cell, const std::string& unit) {
        const std::string text = trim(cell.text);
        if (text.empty()) return;
        const std::string parent = name_of(cell, "parent unit");
        if (parent.empty()) return;
        if (parent == unit) {
            error(cell, "unit '" + unit + "' cannot be its own parent");
            return;
        }
        note_unit(cell, parent);
        ChartUnit& u = units_[unit_index_.at(unit)];
        if (u.parent.empty()) {
            u.parent = parent;
            parent_cells_.emplace(unit, cell);
        } else if (u.parent != parent) {
            error(cell, fmt::format("unit '{}' has parent '{}' here but '{}' at line {}", unit, parent, u.parent,
                                    parent_cells_.at(unit).line));
        }
    }

    /// Orders units parents first and reports every cycle once, at the cell that closes it.
    void resolve_units(OrgChart& chart) {
        enum State { unvisited, on_path, placed };
        std::vector<State> state(units_.size(), unvisited);
        std::vector<ChartUnit> ordered;
        for (std::size_t start = 0; start < units_.size(); ++start) {
            std::vector<std::size_t> path;
            for (std::size_t u = start; state[u] != placed;) {
                if (state[u] == on_path) {
                    std::string cycle;
                    for (auto it = std::find(path.begin(), path.end(), u); it != path.end(); ++it)
                        cycle += units_[*it].name + " -> ";
                    error(parent_cells_.at(units_[path.back()].name), "units form a cycle: " + cycle + units_[u].name);
                    units_[path.back()].parent.clear();  // break it so the rest can be ordered
                    break;
                }
                state[u] = on_path;
                path.push_back(u);
                if (units_[u].parent.empty()) break;
                u = unit_index_.at(units_[u].parent);
            }
            for (auto it = path.rbegin(); it != path.rend(); ++it) {
                state[*it] = placed;
                ordered.push_back(units_[*it]);
            }
        }
        chart.units = std::move(ordered);
    }

    void error(const Cell& cell, std::string message) { error(cell.line, cell.column, std::move(message)); }
    void error(int line, int column, std::string message) {
        out_.push_back(Diagnostic{SourcePos{file_, line, column}, std::move(message)});
    }

    const std::string& file_;
    std::vector<Diagnostic>& out_;
    Columns cols_;
    std::map<std::string, int> team_lines_;
    std::map<std::string, std::size_t> unit_index_;
    std::vector<ChartUnit> units_;
    std::map<std::string, Cell> parent_cells_;
    int people_ = 0;
};

// [yaml] --------------------------------------------------------------------------------------

/// A YAML double-quoted scalar (the text has no control characters: the reader refused them).
std::string quoted(std::string_view s) {
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

std::string number(double v) { return fmt::format("{}", v); }

std::string vector_text(const std::map<std::string, double>& v, const std::vector<std::string>& order) {
    std::string out;
    for (const auto& d : order) {
        const auto it = v.find(d);
        if (it == v.end()) continue;
        out += (out.empty() ? "" : ", ") + d + ": " + number(it->second);
    }
    return "{" + out + "}";
}

std::vector<std::string> dimension_names(const OrgChart& chart) {
    if (!chart.dimensions.empty()) return chart.dimensions;
    std::vector<std::string> out;
    for (const auto& d : default_dimensions()) out.push_back(d.name);
    return out;
}

}  // namespace

std::string to_scenario_name(std::string_view text) {
    std::string out;
    bool gap = false;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || c == '_') {
            if (gap && !out.empty()) out += '-';
            out += static_cast<char>(std::tolower(c));
            gap = false;
        } else {
            gap = true;  // '-' too: runs of separators become one '-'
        }
    }
    if (out.size() > Limits::max_name_length) out.resize(Limits::max_name_length);
    while (!out.empty() && out.back() == '-') out.pop_back();
    if (!out.empty() && out[0] == '_') out.erase(0, out.find_first_not_of('_'));
    return out;
}

OrgChart read_org_chart(std::string_view csv, const std::string& file) {
    std::vector<Diagnostic> problems;
    if (csv.size() > Limits::max_file_bytes)
        throw ScenarioError({Diagnostic{SourcePos{file, 0, 0},
                                        fmt::format("the file has {} bytes; the limit is {}", csv.size(),
                                                    Limits::max_file_bytes)}});
    if (const std::size_t bad = first_bad_byte(csv); bad != std::string_view::npos) {
        const std::string_view before = csv.substr(0, bad);
        const int line = 1 + static_cast<int>(std::count(before.begin(), before.end(), '\n'));
        const std::size_t start = before.rfind('\n');
        const int column = static_cast<int>(bad - (start == std::string_view::npos ? 0 : start + 1)) + 1;
        throw ScenarioError({Diagnostic{SourcePos{file, line, column},
                                        "invalid UTF-8 or a control character; save the file as UTF-8 text"}});
    }
    const std::vector<Row> rows = CsvReader(csv, file, problems).rows();
    OrgChart chart;
    if (problems.empty()) chart = ChartReader(file, problems).read(rows);
    if (!problems.empty()) throw ScenarioError(std::move(problems));
    return chart;
}

std::string scaffold_scenario(const OrgChart& chart, std::string_view source) {
    const std::vector<std::string> dims = dimension_names(chart);
    std::string y;
    y += fmt::format(
        "# A scenario scaffold made by `orgforces init --from-csv` from {}.\n"
        "#\n"
        "# The units and teams below come from the org chart. Everything marked EXAMPLE is a placeholder:\n"
        "# replace it with your organization's forces, culture and ventures, then\n"
        "#   orgforces check  THIS_FILE      # every problem with line:col\n"
        "#   orgforces params THIS_FILE      # every number you can change with --set\n"
        "#   orgforces run    THIS_FILE\n"
        "# docs/scenario-format.md describes every key.\n\n",
        source);
    y += "name: Imported organization                 # EXAMPLE: a title for reports\n";
    y += "question: What pulls our teams away from what their leaders intend?   # EXAMPLE\n\n";
    y += "horizon: 104        # ticks to simulate: two years of weeks\ntick_unit: week\nseed: 1\nreplicates: 100\n\n";
    if (!chart.dimensions.empty()) {
        y += "# Practice dimensions, from the chart's intent columns. Say what 0 and 1 mean on each.\ndimensions:\n";
        for (const auto& d : chart.dimensions) y += "  - {name: " + d + ", low: low, high: high}   # EXAMPLE labels\n";
        y += "\n";
    } else {
        y += "# Practice dimensions: the defaults (horizon, exploration, breadth), each from 0 to 1.\n\n";
    }
    y += "organization:\n  name: Imported organization                 # EXAMPLE\n  units:\n";
    for (const auto& u : chart.units) {
        y += "    - {name: " + u.name + (u.parent.empty() ? "" : ", parent: " + u.parent) + "}";
        y += u.label.empty() ? "\n" : "   # " + quoted(u.label) + " in the chart\n";
    }
    y += "  # How the organization works where no force says otherwise.   EXAMPLE levels\n  baseline: {";
    for (std::size_t i = 0; i < dims.size(); ++i) y += (i ? ", " : "") + dims[i] + ": 0.3";
    y += "}\n\n";
    y += "# EXAMPLE gravity force (structure and incentives): a planning cycle pulling everyone toward\n"
         "# short-term work. Replace it with your own, or delete it.\n"
         "gravity:\n  - name: example-planning\n"
         "    description: EXAMPLE. Work is planned against near-term deliverables.\n    target: {";
    for (std::size_t i = 0; i < dims.size(); ++i) y += (i ? ", " : "") + dims[i] + ": 0.2";
    y += "}\n    strength: 0.01\n\n";
    y += "# EXAMPLE water force (culture taken for granted), left out until you describe one:\n"
         "# water:\n"
         "#   - name: example-culture\n"
         "#     prevalence: 0.7        # how widely the assumption is held\n"
         "#     filters: {design: 0.4} # share of design ideas dismissed at full belief\n\n";
    y += "teams:\n";
    for (const auto& t : chart.teams) {
        y += "  - name: " + t.name + (t.label.empty() ? "" : "   # " + quoted(t.label) + " in the chart") + "\n";
        y += "    unit: " + t.unit + "\n";
        y += "    size: " + std::to_string(t.size) + "\n";
        if (!t.intent.empty()) y += "    intent: " + vector_text(t.intent, dims) + "\n";
        if (t.leadership) y += "    leadership: " + number(*t.leadership) + "\n";
        if (t.shielding) y += "    shielding: " + number(*t.shielding) + "\n";
    }
    y += "\n# EXAMPLE venture, left out until you describe one (see docs/ventures.md):\n"
         "# ventures:\n"
         "#   - name: example-venture\n"
         "#     team: " +
         (chart.teams.empty() ? std::string("TEAM") : chart.teams.front().name) +
         "\n"
         "#     value: 10\n"
         "#     stones:\n"
         "#       - {name: prototype, effort: 40, value: 2}\n";
    return y;
}

std::string starter_scenario() {
    return R"(# A starting scenario made by `orgforces init`. Edit it, then
#   orgforces check  THIS_FILE      # every problem with line:col
#   orgforces run    THIS_FILE      # the ensemble: drift, friction, ventures
#   orgforces report THIS_FILE      # an HTML report
# docs/scenario-format.md describes every key; `orgforces init --from-csv ORG.csv` starts from an
# org chart instead.

name: My organization
question: Can a new team keep working differently from the organization around it?

horizon: 104          # ticks to simulate (two years of weeks)
tick_unit: week       # every rate below is per tick
seed: 1               # same seed, same results
replicates: 100       # Monte Carlo replicates

# Practice space: each dimension runs from 0 to 1.
dimensions:
  - {name: horizon, low: short-term, high: long-term}
  - {name: exploration, low: keep, high: explore}

organization:
  name: My organization
  units:
    - name: engineering
    - {name: new-ventures, parent: engineering}
  baseline: {horizon: 0.3, exploration: 0.3}   # how work goes where no force says otherwise

# Gravity: structure and incentives. Each pulls practice toward its target; `strength` is the
# share of the gap closed per tick.
gravity:
  - name: quarterly-planning
    description: Planning weeks each quarter push toward deliverables that show within the quarter.
    target: {horizon: 0.15, exploration: 0.2}
    strength: 0.01
    schedule: {every: 13, duration: 2, multiplier: 2.5}   # two planning weeks a quarter

# Water: culture taken for granted. People hold the assumption to a degree; it leans practice and
# quietly dismisses some kinds of ideas.
water:
  - name: delivery-first
    description: Shipping what was promised counts; open questions do not.
    prevalence: 0.7
    leans: {exploration: 0.2}
    lean_weight: 0.01
    filters: {research: 0.5}

teams:
  - name: new-team                     # the team that must work differently
    unit: new-ventures
    size: 8
    intent: {horizon: 0.8, exploration: 0.8}
    leadership: 0.04                   # pull back toward intent per tick
    shielding: 0.3                     # share of gravity its leaders keep off
  - name: operations
    unit: engineering
    size: 30
    intent: {horizon: 0.2, exploration: 0.2}

# Policies to compare with `orgforces whatif`.
what_if:
  - name: more-shielding
    description: The director absorbs more of the planning pressure.
    set: {teams.new-team.shielding: 0.6}
)";
}

}  // namespace orgforces::model
