#include "viz/text_summary.hpp"

#include <fmt/format.h>

#include "viz/numbers.hpp"

#include <algorithm>
#include <cmath>

namespace orgforces::viz {

namespace {

// Sum of the per-tick means of a measure over the run: the expected total.
double run_total(const sim::EnsembleResult& r, const std::string& team, const std::string& measure) {
    const auto* s = r.find_series(team, measure);
    if (!s) return 0.0;
    double total = 0.0;
    for (std::size_t t = 1; t < s->ticks.size(); ++t) total += s->ticks[t].mean;
    return total;
}

std::string percent(double share) {
    if (!std::isfinite(share)) return "–";
    return fmt::format("{:.0f}%", 100.0 * share);
}

std::string pad(const std::string& text, std::size_t width, bool right = false) {
    // Width in characters, counting UTF-8 continuation bytes as nothing.
    std::size_t shown = 0;
    for (unsigned char c : text) shown += (c & 0xC0) != 0x80;
    if (shown >= width) return text;
    const std::string fill(width - shown, ' ');
    return right ? fill + text : text + fill;
}

// A table: a header of one or more lines (a '\n' in a heading splits it, bottom-aligned), a rule,
// then the rows; the first column left-aligned, the rest right-aligned.
std::string render(const std::vector<std::string>& head, const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::vector<std::string>> head_lines(1, std::vector<std::string>(head.size()));
    for (std::size_t i = 0; i < head.size(); ++i) {
        std::vector<std::string> parts;
        for (std::size_t at = 0;;) {
            const std::size_t nl = head[i].find('\n', at);
            parts.push_back(head[i].substr(at, nl == std::string::npos ? std::string::npos : nl - at));
            if (nl == std::string::npos) break;
            at = nl + 1;
        }
        while (head_lines.size() < parts.size()) head_lines.insert(head_lines.begin(), std::vector<std::string>(head.size()));
        for (std::size_t k = 0; k < parts.size(); ++k) head_lines[head_lines.size() - parts.size() + k][i] = parts[k];
    }
    std::vector<std::size_t> width(head.size(), 0);
    auto measure = [&](const std::vector<std::string>& row) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            std::size_t shown = 0;
            for (unsigned char c : row[i]) shown += (c & 0xC0) != 0x80;
            width[i] = std::max(width[i], shown);
        }
    };
    for (const auto& h : head_lines) measure(h);
    for (const auto& row : rows) measure(row);
    std::string out;
    auto line = [&](const std::vector<std::string>& row) {
        std::string l;
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (i) l += "  ";
            l += pad(row[i], width[i], i > 0);
        }
        while (!l.empty() && l.back() == ' ') l.pop_back();
        out += l + "\n";
    };
    for (const auto& h : head_lines) line(h);
    std::size_t total = 0;
    for (auto w : width) total += w;
    out += std::string(total + 2 * (width.size() - 1), '-') + "\n";
    for (const auto& row : rows) line(row);
    return out;
}

}  // namespace

std::string wrap_text(const std::string& text, std::size_t width) {
    std::string out, line;
    std::size_t shown = 0, at = 0;
    while (at < text.size()) {
        const std::size_t end = std::min(text.find(' ', at), text.size());
        const std::string word = text.substr(at, end - at);
        std::size_t glyphs = 0;
        for (unsigned char c : word) glyphs += (c & 0xC0) != 0x80;
        if (shown > 0 && shown + 1 + glyphs > width) {
            out += line + "\n";
            line.clear();
            shown = 0;
        }
        line += (shown > 0 ? " " : "") + word;
        shown += (shown > 0 ? 1 : 0) + glyphs;
        at = end + 1;
    }
    return line.empty() ? out : out + line + "\n";
}

std::string team_summary_table(const model::Scenario& s, const sim::EnsembleResult& r,
                               const std::vector<model::TeamOracle>* oracle) {
    std::vector<std::vector<std::string>> rows;
    // The teams the scenario focuses on lead; the rest follow in file order.
    std::vector<std::size_t> order;
    for (const auto& f : model::focus_teams(s)) order.push_back(std::size_t(s.team_index(f)));
    for (std::size_t t = 0; t < s.teams.size(); ++t)
        if (std::find(order.begin(), order.end(), t) == order.end()) order.push_back(t);
    for (const std::size_t t : order) {
        const auto& name = s.teams[t].name;
        const auto* drift = r.find_series(name, "drift");
        const auto* friction = r.find_series(name, "friction");
        const auto* load = r.find_series(name, "leader_load");
        if (!drift || drift->ticks.empty()) continue;
        const auto& d = drift->ticks.back();
        double produced = 0.0, dismissed = 0.0;
        for (const auto& [kind, weight] : s.organization.idea_mix) {
            produced += run_total(r, name, "ideas_produced:" + kind);
            dismissed += run_total(r, name, "ideas_dismissed:" + kind);
        }
        const auto* surviving = r.find_scalar(name, "intent_surviving");
        std::vector<std::string> row{
            name,
            fmt::format("{:.3f} [{:.3f}–{:.3f}]", d.q50, d.q05, d.q95),
            friction ? fmt::format("{:.3f}", friction->ticks.back().mean) : "–",
            load ? fmt::format("{:.3f}", load->ticks.back().mean) : "–",
            fmt::format("{:.1f}", run_total(r, name, "leavers")),
            s.organization.idea_mix.empty() ? "–"
                                            : fmt::format("{:.0f} ({})", dismissed, percent(produced > 0 ? dismissed / produced : 0.0)),
            surviving ? percent(surviving->value) : "–",
        };
        if (oracle && t < oracle->size()) row.push_back(percent((*oracle)[t].horizon_intent_kept));
        rows.push_back(std::move(row));
    }
    // Two-line headings keep the table within 100 columns for team names of 20 characters.
    std::vector<std::string> head{"team", "drift at horizon\n[5–95%]", "friction", "leader\nload", "leavers",
                                  "ideas\ndismissed", "intent\nkept"};
    if (oracle) head.push_back("analytic");
    std::string out = fmt::format("Teams after {} {}s ({} replicates, seed {}):\n", r.info.horizon, s.tick_unit,
                                  r.info.replicates, r.info.seed);
    out += render(head, rows);
    out += "drift: distance of the team's mean practice from its intent (0 = as intended, 1 = opposite corner);\n"
           "friction: the environment's pressure the team feels; leader load: the share its leaders absorb by\n"
           "shielding, which wears their leadership down (both 0 to 1);\n"
           "leavers and dismissed ideas: expected totals over the run;\n" +
           wrap_text("intent kept: " + measure_meaning("intent_kept") + ".", 100);
    if (oracle)
        out += wrap_text("analytic: the mean-field share at the horizon (`orgforces analyze` gives where it settles). " +
                        std::string(model::oracle_scope()),
                    100);
    return out;
}

std::string series_horizon_table(const sim::EnsembleResult& r) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& series : r.series) {
        if (series.ticks.empty()) continue;
        const sim::Band& b = series.ticks.back();
        rows.push_back({series.entity, series.measure, fmt::format("{:.3f}", b.mean),
                        fmt::format("{:.3f} [{:.3f}–{:.3f}]", b.q50, b.q05, b.q95)});
    }
    std::string out = fmt::format("At the horizon, tick {} ({} replicates, seed {}):\n", r.info.horizon,
                                  r.info.replicates, r.info.seed);
    return out + render({"entity", "series", "mean", "median [5–95%]"}, rows);
}

std::string oracle_table(const model::Scenario& s, const std::vector<model::TeamOracle>& oracle) {
    std::vector<std::vector<std::string>> rows;
    for (std::size_t t = 0; t < s.teams.size() && t < oracle.size(); ++t) {
        const auto& o = oracle[t];
        std::string steady, def;
        for (std::size_t d = 0; d < o.steady_state.size(); ++d) {
            steady += fmt::format("{}{:.2f}", d ? " " : "", o.steady_state[d]);
            def += fmt::format("{}{:.2f}", d ? " " : "", o.environment_default[d]);
        }
        rows.push_back({s.teams[t].name, steady, def, fmt::format("{:.3f}", o.steady_drift), percent(o.intent_surviving),
                        std::isfinite(o.half_life) ? fmt::format("{:.1f}", o.half_life) : "never",
                        fmt::format("{}", o.period)});
    }
    std::string dims;
    for (std::size_t d = 0; d < s.dimensions.size(); ++d) dims += (d ? ", " : "") + s.dimensions[d].name;
    std::string out = fmt::format("Analytic steady state per team (practice on {}):\n", dims);
    out += render({"team", "steady state", "environment default", "drift", "intent kept",
                   fmt::format("half-life ({}s)", s.tick_unit), "period"},
                  rows);
    out += std::string(model::oracle_scope()) + " `orgforces run` simulates everything.\n";
    return out;
}

}  // namespace orgforces::viz
