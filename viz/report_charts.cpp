#include "viz/report_charts.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace orgforces::viz {

namespace {

std::string plural_unit(const std::string& unit) {
    if (unit.empty()) return "ticks";
    return unit.back() == 's' ? unit : unit + "s";
}

double tick_limit(const std::vector<sim::Band>& ticks, double sim::Band::*field, bool want_max) {
    double v = want_max ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
    for (const auto& b : ticks) {
        const double x = b.*field;
        if (!std::isfinite(x)) continue;
        v = want_max ? std::max(v, x) : std::min(v, x);
    }
    return v;
}

}  // namespace

Axis time_axis(int horizon, const std::string& tick_unit) {
    const int h = std::max(1, horizon);
    Axis a = make_axis("time", plural_unit(tick_unit), 0.0, h, true, 6);
    if (tick_unit == "week" && h >= 26) {
        // Quarters (13 weeks) or years (52) read better than 0, 50, 100 weeks.
        int step = 13;
        for (int s : {13, 26, 52, 104})
            if (h / s <= 7) {
                step = s;
                break;
            }
        a.ticks.clear();
        for (int t = 0; t <= h; t += step) a.ticks.push_back(t);
    }
    return a;
}

Chart fan_chart(const sim::Series& series, const std::string& title, const std::string& y_label,
                const std::string& tick_unit, std::optional<Range> y_domain, const sim::Series* baseline) {
    Chart c;
    c.title = title;
    const int horizon = std::max(1, static_cast<int>(series.ticks.size()) - 1);
    c.x = time_axis(horizon, tick_unit);
    double lo = tick_limit(series.ticks, &sim::Band::q05, false);
    double hi = tick_limit(series.ticks, &sim::Band::q95, true);
    if (baseline) {
        lo = std::min(lo, tick_limit(baseline->ticks, &sim::Band::q50, false));
        hi = std::max(hi, tick_limit(baseline->ticks, &sim::Band::q50, true));
    }
    if (!std::isfinite(lo) || !std::isfinite(hi)) lo = 0.0, hi = 1.0;
    if (y_domain) {
        c.y = make_axis(y_label, "", y_domain->lo, y_domain->hi, true, 5);
    } else {
        c.y = make_axis(y_label, "", std::min(0.0, lo), hi, false, 5);
    }
    const Rgba col = categorical(0);
    BandSeries outer{"5–95% of runs", tint(col, 0.78), {}, {}, {}, false};
    BandSeries inner{"25–75%", tint(col, 0.5), {}, {}, {}, false};
    LineSeries median{"median", col, {}, {}, 2.2, Dash::Solid, false};
    for (std::size_t t = 0; t < series.ticks.size(); ++t) {
        const auto& b = series.ticks[t];
        const double x = static_cast<double>(t);
        outer.x.push_back(x), outer.lo.push_back(b.q05), outer.hi.push_back(b.q95);
        inner.x.push_back(x), inner.lo.push_back(b.q25), inner.hi.push_back(b.q75);
        median.x.push_back(x), median.y.push_back(b.q50);
    }
    c.bands = {outer, inner};
    c.lines.push_back(median);
    c.legend = {{outer.name, LegendKind::Band, outer.color},
                {inner.name, LegendKind::Band, inner.color},
                {median.name, LegendKind::Line, col}};
    if (baseline) {
        LineSeries base{"baseline median", palette::kMuted, {}, {}, 1.6, Dash::Dashed, false};
        for (std::size_t t = 0; t < baseline->ticks.size(); ++t)
            base.x.push_back(static_cast<double>(t)), base.y.push_back(baseline->ticks[t].q50);
        c.lines.push_back(base);
        c.legend.push_back({base.name, LegendKind::Line, base.color, Dash::Dashed});
    }
    return c;
}

Chart sweep_chart(const sim::SweepCurve& curve) {
    Chart c;
    const std::string measure = measure_of(curve.measure.kind, curve.measure.entity);
    c.title = measure + " against " + parameter_label(curve.path);
    double xlo = curve.x.empty() ? 0.0 : curve.x.front(), xhi = curve.x.empty() ? 1.0 : curve.x.back();
    if (xhi <= xlo) xhi = xlo + 1.0;
    c.x = make_axis(parameter_label(curve.path), "", xlo, xhi, true, 5);
    double lo = 0.0, hi = 0.0;
    for (std::size_t i = 0; i < curve.x.size(); ++i) {
        if (std::isfinite(curve.lo[i])) lo = std::min(lo, curve.lo[i]);
        if (std::isfinite(curve.hi[i])) hi = std::max(hi, curve.hi[i]);
    }
    if (is_probability(curve.measure.kind)) lo = 0.0, hi = std::max(hi, 1.0);
    if (hi <= lo) hi = lo + 1.0;
    c.y = make_axis(measure_label(curve.measure.kind), "", lo, hi, false, 5);
    const Rgba col = categorical(0);
    const std::string band_name = curve.measure.venture ? "95% interval" : "5–95% of runs";
    BandSeries band{band_name, tint(col, 0.7), curve.x, curve.lo, curve.hi, false};
    LineSeries mean{"mean", col, curve.x, curve.mean, 2.2, Dash::Solid, false};
    c.bands.push_back(band);
    c.lines.push_back(mean);
    for (std::size_t i = 0; i < curve.x.size(); ++i)
        c.markers.push_back({curve.x[i], curve.mean[i], MarkerShape::Circle, col, 6.0, ""});
    c.legend = {{band.name, LegendKind::Band, band.color}, {mean.name, LegendKind::Line, col}};
    c.preferred_width = 420;
    c.preferred_height = 300;
    return c;
}

Chart horizon_dot_chart(const sim::EnsembleResult& r, const std::vector<std::string>& teams,
                        const std::string& measure, const std::string& title, const std::string& x_label) {
    Chart c;
    c.title = title;
    double hi = 0.0;
    for (const auto& t : teams) {
        const auto* s = r.find_series(t, measure);
        if (!s || s->ticks.empty()) continue;
        const auto& b = s->ticks.back();
        c.rows.push_back(t);
        BarRow row;
        Bar bar;
        bar.from = b.q25;
        bar.to = b.q75;
        bar.color = tint(categorical(0), 0.45);
        bar.lo = b.q05;
        bar.hi = b.q95;
        row.bars.push_back(bar);
        c.bar_rows.push_back(row);
        c.markers.push_back({b.q50, c.rows.size() - 0.5, MarkerShape::Circle, categorical(0), 7.0, ""});
        hi = std::max(hi, b.q95);
    }
    c.x = make_axis(x_label, "", 0.0, std::max(hi, 1e-3), false, 5);
    c.legend = {{"25–75% of runs", LegendKind::Band, tint(categorical(0), 0.45)},
                {"median", LegendKind::Marker, categorical(0)}};
    c.preferred_height = 60 + 20.0 * std::max<std::size_t>(c.rows.size(), 3) + 40;
    return c;
}

Chart heatmap_chart(const sim::EnsembleResult& r, const std::vector<std::string>& teams,
                    const std::string& measure, const std::string& title, const std::string& tick_unit,
                    int horizon) {
    Chart c;
    c.title = title;
    c.x = time_axis(horizon, tick_unit);
    c.x.grid = false;
    double vmax = 0.0;
    std::vector<const sim::Series*> found;
    for (const auto& t : teams) {
        const auto* s = r.find_series(t, measure);
        if (!s) continue;
        found.push_back(s);
        c.rows.push_back(t);
        for (const auto& b : s->ticks)
            if (std::isfinite(b.q50)) vmax = std::max(vmax, b.q50);
    }
    // The colour scale starts at zero and ends on a nice value, so "pale" always means "little".
    const Range dom = vmax > 0 ? nice_domain(0.0, vmax, 4) : Range{0.0, 1.0};
    for (std::size_t i = 0; i < found.size(); ++i) {
        const auto& ticks = found[i]->ticks;
        for (std::size_t t = 0; t < ticks.size(); ++t) {
            const double v = ticks[t].q50;
            HeatCell cell;
            cell.x0 = std::max(0.0, t - 0.5);
            cell.x1 = std::min(static_cast<double>(horizon), t + 0.5);
            cell.y0 = static_cast<double>(i);
            cell.y1 = i + 1.0;
            cell.value = v;
            cell.color = ramp(sequential_stops(), (v - dom.lo) / dom.span());
            // Runs of one colour become one cell: the same picture with far fewer rectangles.
            if (t > 0 && !c.cells.empty() && c.cells.back().y0 == cell.y0 && c.cells.back().color == cell.color) {
                c.cells.back().x1 = cell.x1;
                continue;
            }
            c.cells.push_back(cell);
        }
    }
    ColorBar cb;
    cb.label = "median " + measure;
    cb.domain = dom;
    cb.stops = sequential_stops();
    cb.ticks = nice_ticks(dom.lo, dom.hi, 4);
    c.colorbar = cb;
    c.preferred_height = 90 + 16.0 * std::max<std::size_t>(c.rows.size(), 3) + 40;
    return c;
}

Chart survival_chart(const std::vector<sim::SurvivalCurve>& curves, int horizon, const std::string& tick_unit) {
    Chart c;
    c.title = "Venture survival";
    c.x = time_axis(horizon, tick_unit);
    c.y = make_axis("still alive", "share of runs", 0.0, 1.0, true, 5);
    for (std::size_t i = 0; i < curves.size(); ++i) {
        const auto& k = curves[i];
        const Rgba col = categorical(i);
        // Start at S(0) = 1 and carry the last value to the horizon so every curve spans the plot.
        std::vector<double> x{0.0}, y{1.0}, lo{1.0}, hi{1.0};
        for (std::size_t j = 0; j < k.tick.size(); ++j) {
            x.push_back(k.tick[j]);
            y.push_back(j < k.survival.size() ? k.survival[j] : y.back());
            lo.push_back(j < k.lo.size() ? k.lo[j] : y.back());
            hi.push_back(j < k.hi.size() ? k.hi[j] : y.back());
        }
        if (x.back() < horizon) {
            x.push_back(horizon);
            y.push_back(y.back());
            lo.push_back(lo.back());
            hi.push_back(hi.back());
        }
        c.bands.push_back({"", with_alpha(col, 0.16), x, lo, hi, true});
        c.lines.push_back({k.venture, col, x, y, 2.2, i % 2 ? Dash::Dashed : Dash::Solid, true});
        c.legend.push_back({k.venture, LegendKind::Line, col, i % 2 ? Dash::Dashed : Dash::Solid});
    }
    if (!curves.empty()) c.legend.push_back({"95% interval", LegendKind::Band, with_alpha(palette::kMuted, 0.25)});
    return c;
}

Chart practice_map(const model::Scenario& s, const sim::EnsembleResult& r, int dx, int dy,
                   const std::vector<std::string>& focal) {
    Chart c;
    const auto& X = s.dimensions.at(static_cast<std::size_t>(dx));
    const auto& Y = s.dimensions.at(static_cast<std::size_t>(dy));
    c.title = "Practice map: " + X.name + " × " + Y.name;
    c.x = make_axis(X.name, X.low + " → " + X.high, 0.0, 1.0, true, 5);
    c.y = make_axis(Y.name, Y.low + " → " + Y.high, 0.0, 1.0, true, 5);
    c.equal_aspect = true;
    c.preferred_width = 520;
    c.preferred_height = 500;

    const Rgba well = palette::kMuted;
    for (const auto& g : s.gravity) {
        if (!g.enabled) continue;
        const auto tx = static_cast<std::size_t>(dx) < g.target.size() ? g.target[dx] : std::nullopt;
        const auto ty = static_cast<std::size_t>(dy) < g.target.size() ? g.target[dy] : std::nullopt;
        if (!tx && !ty) continue;
        // A target on one dimension only is a line of equilibrium; mark it where the baseline is.
        const double bx = tx ? *tx : (dx < static_cast<int>(s.organization.baseline.size()) ? s.organization.baseline[dx] : 0.5);
        const double by = ty ? *ty : (dy < static_cast<int>(s.organization.baseline.size()) ? s.organization.baseline[dy] : 0.5);
        // Targets are labelled on the left, intents and the baseline on the right, so that a target
        // near the baseline (the usual case) does not print over it.
        c.markers.push_back({bx, by, MarkerShape::Ring, well, 12.0, g.name, true});
    }
    if (static_cast<int>(s.organization.baseline.size()) > std::max(dx, dy))
        c.markers.push_back({s.organization.baseline[dx], s.organization.baseline[dy], MarkerShape::Square,
                             palette::kInk, 8.0, "organization baseline"});

    std::size_t colour = 0;
    for (const auto& name : focal) {
        const int ti = s.team_index(name);
        if (ti < 0) continue;
        const auto& team = s.teams[static_cast<std::size_t>(ti)];
        const Rgba col = categorical(colour++);
        const auto* px = r.find_series(name, "practice:" + X.name);
        const auto* py = r.find_series(name, "practice:" + Y.name);
        if (px && py) {
            LineSeries trail{"", col, {}, {}, 2.0, Dash::Solid, false};
            const std::size_t n = std::min(px->ticks.size(), py->ticks.size());
            for (std::size_t t = 0; t < n; ++t) {
                trail.x.push_back(px->ticks[t].q50);
                trail.y.push_back(py->ticks[t].q50);
            }
            if (n > 0) {
                c.lines.push_back(trail);
                c.markers.push_back({trail.x.back(), trail.y.back(), MarkerShape::Circle, col, 8.0, ""});
            }
        }
        if (static_cast<int>(team.intent.size()) > std::max(dx, dy))
            c.markers.push_back({team.intent[dx], team.intent[dy], MarkerShape::Diamond, col, 9.0, name});
        c.legend.push_back({name, LegendKind::Marker, col, Dash::Solid, MarkerShape::Diamond});
        for (const auto& v : s.ventures) {
            if (v.team != name) continue;
            const auto* ox = r.find_scalar(v.name, "output_character:" + X.name);
            const auto* oy = r.find_scalar(v.name, "output_character:" + Y.name);
            if (ox && oy)
                c.markers.push_back({ox->value, oy->value, MarkerShape::Triangle, col, 9.0, v.name + " output"});
        }
    }
    c.legend.push_back({"intent", LegendKind::Marker, palette::kInk, Dash::Solid, MarkerShape::Diamond});
    c.legend.push_back({"gravity target", LegendKind::Marker, well, Dash::Solid, MarkerShape::Ring});
    c.legend.push_back({"delivered work", LegendKind::Marker, palette::kInk, Dash::Solid, MarkerShape::Triangle});
    return c;
}

Chart ranked_bars(const std::vector<RankedValue>& rows, const std::string& title, const std::string& x_label,
                  const std::string& unit) {
    Chart c;
    c.title = title;
    double lo = 0.0, hi = 0.0;
    for (const auto& row : rows) {
        c.rows.push_back(row.label);
        Bar b;
        b.from = 0.0;
        b.to = row.value;
        b.color = row.color;
        if (row.lo != row.value || row.hi != row.value) {
            b.lo = row.lo;
            b.hi = row.hi;
        }
        b.value_label = format_number(row.value);
        c.bar_rows.push_back({{b}});
        lo = std::min({lo, row.value, row.lo});
        hi = std::max({hi, row.value, row.hi});
    }
    // Room for the value labels past the longest bar.
    const double pad = (hi - lo) * 0.12;
    c.x = make_axis(x_label, unit, lo < 0 ? lo - pad : 0.0, hi + pad, false, 5);
    if (lo < 0) c.refs.push_back({true, 0.0, "", palette::kInk, Dash::Solid});
    c.preferred_height = 70 + 24.0 * std::max<std::size_t>(rows.size(), 2) + 40;
    return c;
}

namespace {
const std::vector<std::pair<std::string, std::string>>& groups() {
    static const std::vector<std::pair<std::string, std::string>> g{
        {"gravity", "gravity (structure, incentives)"}, {"water", "water (culture)"},
        {"links", "collaboration links"}, {"leadership", "leadership and shielding"}, {"hiring", "hiring"}};
    return g;
}
}  // namespace

Rgba group_color(const std::string& group) {
    // Blue and green as before for gravity and water; then orange, purple and vermillion, which
    // stay apart from them for common colour-vision deficiencies (never the weak yellow).
    static constexpr std::size_t kColour[] = {0, 2, 1, 3, 5};
    for (std::size_t i = 0; i < groups().size(); ++i)
        if (groups()[i].first == group) return categorical(kColour[i]);
    return palette::kMuted;
}

std::string group_label(const std::string& group) {
    for (const auto& [g, label] : groups())
        if (g == group) return label;
    return group;
}

std::vector<RankedValue> contribution_bars(std::vector<Contribution> rows, std::size_t keep) {
    std::stable_sort(rows.begin(), rows.end(),
                     [](const Contribution& a, const Contribution& b) { return std::abs(a.value) > std::abs(b.value); });
    std::vector<RankedValue> out;
    // "Other" replaces at least two rows: one hidden row would cost the same line as itself.
    const std::size_t shown = rows.size() <= keep + 1 ? rows.size() : keep;
    for (std::size_t i = 0; i < shown; ++i)
        out.push_back({rows[i].name, rows[i].value, rows[i].lo, rows[i].hi, group_color(rows[i].group)});
    if (shown < rows.size()) {
        double rest = 0.0;
        for (std::size_t i = shown; i < rows.size(); ++i) rest += rows[i].value;
        out.push_back({"other (" + std::to_string(rows.size() - shown) + ")", rest, rest, rest, palette::kMuted});
    }
    return out;
}

std::vector<LegendEntry> group_legend(const std::vector<Contribution>& rows) {
    std::vector<LegendEntry> out;
    for (const auto& group : groups()) {
        const std::string& name = group.first;
        if (std::any_of(rows.begin(), rows.end(), [&name](const Contribution& c) { return c.group == name; }))
            out.push_back({group.second, LegendKind::Swatch, group_color(name)});
    }
    return out;
}

Chart tornado_chart(const std::vector<TornadoRow>& rows, const std::string& title, const std::string& x_label) {
    Chart c;
    c.title = title;
    double lo = 0.0, hi = 0.0;
    const Rgba low_col = categorical(0), high_col = categorical(5);
    for (const auto& row : rows) {
        c.rows.push_back(row.label);
        Bar a{0.0, row.low, low_col, std::nullopt, std::nullopt, format_number(row.low)};
        Bar b{0.0, row.high, high_col, std::nullopt, std::nullopt, format_number(row.high)};
        c.bar_rows.push_back({{a, b}});
        lo = std::min({lo, row.low, row.high});
        hi = std::max({hi, row.low, row.high});
    }
    const double pad = std::max(hi - lo, 1e-9) * 0.15;
    c.x = make_axis(x_label, "", lo - (lo < 0 ? pad : 0), hi + (hi > 0 ? pad : 0), false, 5);
    c.refs.push_back({true, 0.0, "", palette::kInk, Dash::Solid});
    c.legend = {{"parameter lowered", LegendKind::Swatch, low_col},
                {"parameter raised", LegendKind::Swatch, high_col}};
    c.preferred_height = 80 + 24.0 * std::max<std::size_t>(rows.size(), 2) + 40;
    return c;
}

std::vector<std::pair<std::string, std::string>> observed_series(const std::vector<sim::ObservedValue>& observed) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& o : observed)
        if (std::find(out.begin(), out.end(), std::make_pair(o.entity, o.measure)) == out.end())
            out.emplace_back(o.entity, o.measure);
    return out;
}

Chart predictive_chart(const sim::Series& simulated, const std::vector<sim::ObservedValue>& observed,
                       const std::string& tick_unit, int& inside, int& total) {
    inside = total = 0;
    double lo = 0, hi = 0.05;
    for (const auto& b : simulated.ticks) lo = std::min(lo, b.q05), hi = std::max(hi, b.q95);
    std::vector<Marker> marks;
    for (const auto& o : observed) {
        if (o.entity != simulated.entity || o.measure != simulated.measure || o.tick < 0 ||
            std::size_t(o.tick) >= simulated.ticks.size())
            continue;
        const auto& b = simulated.ticks[std::size_t(o.tick)];
        const bool ok = o.value >= b.q05 && o.value <= b.q95;
        inside += ok;
        ++total;
        lo = std::min(lo, o.value), hi = std::max(hi, o.value);
        marks.push_back({double(o.tick), o.value, ok ? MarkerShape::Circle : MarkerShape::Cross, palette::kInk,
                         ok ? 7.0 : 9.0, "", false});
    }
    const std::string label = measure_label(simulated.measure);
    Chart c = fan_chart(simulated, label + " of " + simulated.entity + ": observed against simulated", label, tick_unit,
                        nice_domain(lo, hi, 4));
    c.markers.insert(c.markers.end(), marks.begin(), marks.end());
    c.legend.push_back({"observed", LegendKind::Marker, palette::kInk});
    c.caption = std::to_string(inside) + " of " + std::to_string(total) +
                " observations inside the middle 90% of runs drawn from the posterior (a cross marks one outside).";
    return c;
}

}  // namespace orgforces::viz
