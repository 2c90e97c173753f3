#include "viz/pareto.hpp"

#include <algorithm>

#include "viz/numbers.hpp"
#include "viz/report_document.hpp"

namespace orgforces::viz {

namespace {

/// "shielding 0.62" for a decision path (its last word) and value.
std::string decision_label(const ParetoInputs& in, const sim::ParetoPoint& p) {
    std::string out;
    for (std::size_t i = 0; i < in.decisions.size() && i < p.decision.size(); ++i)
        out += (out.empty() ? "" : ", ") + parameter_label(in.decisions[i]) + " " + format_number(p.decision[i]);
    return out;
}

std::string goal(const ParetoInputs& in, std::size_t m) {
    return measure_label(in.objectives[m]) + (in.maximize[m] ? " (higher is better)" : " (lower is better)");
}

}  // namespace

Chart pareto_chart(const ParetoInputs& in) {
    Chart c;
    c.title = "Pareto front: " + measure_label(in.objectives.at(0)) + " against " + measure_label(in.objectives.at(1));
    double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
    LineSeries line;
    line.color = palette::kMuted;
    line.dash = Dash::Dashed;
    line.width = 1.2;
    for (std::size_t i = 0; i < in.front.size(); ++i) {
        const auto& p = in.front[i];
        const double x = p.objectives[0], y = p.objectives[1];
        x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y), y1 = std::max(y1, y);
        line.x.push_back(x);
        line.y.push_back(y);
        Marker mk{x, y, MarkerShape::Circle, categorical(0), 8.0, "", false};
        // Label the two ends and the middle; more labels would collide.
        if (i == 0 || i + 1 == in.front.size() || i == in.front.size() / 2) {
            mk.label = decision_label(in, p);
            mk.label_left = i + 1 == in.front.size() && in.front.size() > 1;
        }
        c.markers.push_back(mk);
    }
    if (in.front.empty()) x0 = y0 = 0, x1 = y1 = 1;
    const double px = std::max(1e-9, (x1 - x0) * 0.1), py = std::max(1e-9, (y1 - y0) * 0.1);
    c.x = make_axis(goal(in, 0), "", x0 - px, x1 + px);
    c.y = make_axis(goal(in, 1), "", y0 - py, y1 + py);
    c.lines.push_back(std::move(line));
    c.legend = {{"a setting no other evaluated one beats on both", LegendKind::Marker, categorical(0)}};
    c.caption = "Every point is a trade-off: moving along the front gains on one objective only by losing on the other.";
    c.preferred_height = 380;
    return c;
}

std::string render_pareto_html(const ParetoInputs& in) {
    doc::Document d;
    d.title = "Policy search: " + in.scenario;
    d.subtitle = std::to_string(in.front.size()) + " settings on the Pareto front · " + std::to_string(in.evaluations) +
                 " evaluated · " + std::to_string(in.replicates) + " runs each · seed " + std::to_string(in.seed);
    doc::Section sec{"pareto", "The Pareto front", {}};
    doc::Block intro;
    intro.text = {{"NSGA-II searched the settings "}};
    for (std::size_t i = 0; i < in.decisions.size(); ++i)
        intro.text.push_back({(i ? ", " : "") + parameter_label(in.decisions[i])});
    intro.text.push_back({" for the best trade-offs between " + goal(in, 0) + " and " + goal(in, 1) +
                          (in.objectives.size() > 2 ? " (and " + std::to_string(in.objectives.size() - 2) + " more)" : "") +
                          ". Every setting ran the same " + std::to_string(in.replicates) + " runs on the same random numbers" +
                          (in.drawn_from.empty() ? "" : " and the same plausible worlds, drawn from " + in.drawn_from) +
                          ", so differences are the settings'."});
    sec.blocks.push_back(intro);
    doc::Block fig;
    fig.kind = doc::Block::Kind::Figures;
    if (in.objectives.size() >= 2 && !in.front.empty()) fig.figures.push_back({pareto_chart(in), 680, 0});
    if (!fig.figures.empty()) sec.blocks.push_back(fig);
    doc::Block table;
    table.kind = doc::Block::Kind::Table;
    for (const auto& p : in.decisions) table.table.header.push_back(parameter_label(p)), table.table.numeric.push_back(true);
    for (std::size_t m = 0; m < in.objectives.size(); ++m)
        table.table.header.push_back(goal(in, m)), table.table.numeric.push_back(true);
    // A long front is thinned to evenly spaced points (both ends kept); --json lists every one.
    const std::size_t shown = std::min<std::size_t>(in.front.size(), 12);
    for (std::size_t k = 0; k < shown; ++k) {
        const auto& p = in.front[shown == 1 ? 0 : k * (in.front.size() - 1) / (shown - 1)];
        std::vector<std::string> row;
        for (double v : p.decision) row.push_back(format_number(v));
        for (double v : p.objectives) row.push_back(format_number(v));
        table.table.rows.push_back(std::move(row));
    }
    sec.blocks.push_back(table);
    if (shown < in.front.size()) {
        doc::Block note;
        note.kind = doc::Block::Kind::Note;
        note.text = {{std::to_string(shown) + " of the " + std::to_string(in.front.size()) +
                      " points, evenly spaced along the front; "},
                     {"--json", doc::Span::Style::Code},
                     {" lists every one."}};
        sec.blocks.push_back(note);
    }
    d.sections.push_back(std::move(sec));
    return document_html(d);
}

}  // namespace orgforces::viz
