#include "viz/dash/figures.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>

#include "model/oracle.hpp"
#include "model/reach.hpp"
#include "viz/palette.hpp"
#include "viz/report_charts.hpp"

namespace orgforces::dash {

namespace {

using viz::palette::kInk;
using viz::palette::kMuted;

template <class F>
std::vector<double> take(const sim::Series& s, F f) {
    std::vector<double> v;
    v.reserve(s.ticks.size());
    for (const auto& b : s.ticks) v.push_back(f(b));
    return v;
}

}  // namespace

std::optional<double> median_at(const sim::EnsembleResult& r, const std::string& entity,
                                const std::string& measure, int tick) {
    const sim::Series* s = r.find_series(entity, measure);
    if (!s || s->ticks.empty()) return std::nullopt;
    const int t = std::clamp(tick, 0, int(s->ticks.size()) - 1);
    return s->ticks[std::size_t(t)].q50;
}

viz::Range shared_drift_domain(const model::Scenario& s, const sim::EnsembleResult& r,
                               const sim::EnsembleResult* baseline, const std::vector<double>& steady) {
    double lo = 0.0, hi = 0.05;
    for (const auto* result : {&r, baseline}) {
        if (!result) continue;
        for (const auto& team : s.teams)
            if (const sim::Series* ser = result->find_series(team.name, "drift"))
                for (const auto& b : ser->ticks) lo = std::min(lo, b.q05), hi = std::max(hi, b.q95);
    }
    for (double d : steady)
        if (std::isfinite(d)) lo = std::min(lo, d), hi = std::max(hi, d);
    return viz::nice_domain(lo, hi, 3);
}

viz::Chart drift_chart(const model::Scenario& s, const sim::EnsembleResult& r,
                       const sim::EnsembleResult* baseline, const std::string& team,
                       std::optional<double> steady_drift, int scrub_tick, bool compact,
                       std::optional<viz::Range> y_domain) {
    const sim::Series* cur = r.find_series(team, "drift");
    const sim::Series* base = baseline ? baseline->find_series(team, "drift") : nullptr;
    if (!cur) {
        viz::Chart empty;
        empty.title = team;
        empty.caption = "no drift series in this result";
        return empty;
    }
    // The report's fan chart, plus what only a live view has: the scrubbed tick and the
    // analytic steady state as an instant marker.
    viz::Chart c = viz::fan_chart(*cur, team, compact ? "" : "drift", s.tick_unit, std::nullopt, base);
    c.caption = compact ? "" : "Distance from the team's intent (0 = doing what its leaders intend)";
    if (base) {
        // The baseline's middle band too, faintly, under the current bands.
        viz::BandSeries faint{"", viz::with_alpha(kMuted, 0.10), {}, {}, {}, false};
        for (std::size_t t = 0; t < base->ticks.size(); ++t) {
            faint.x.push_back(double(t));
            faint.lo.push_back(base->ticks[t].q25);
            faint.hi.push_back(base->ticks[t].q75);
        }
        c.bands.insert(c.bands.begin(), std::move(faint));
    }
    if (steady_drift && std::isfinite(*steady_drift)) {
        c.markers.push_back({double(s.horizon), *steady_drift, viz::MarkerShape::Diamond,
                             viz::palette::kOkabeIto[5], compact ? 7.0 : 9.0, ""});
        if (*steady_drift > c.y.domain.hi)
            c.y = viz::make_axis(c.y.label, c.y.unit, c.y.domain.lo, *steady_drift, false, 5);
        // The panel prints what the analytic figures leave out on its own line above the chart;
        // repeated here, the sentence ran past the chart's width.
        if (!compact) c.caption += ". Diamond: analytic steady state (what it leaves out: the line above).";
        if (!compact)
            c.legend.push_back({"analytic steady state", viz::LegendKind::Marker, viz::palette::kOkabeIto[5],
                                viz::Dash::Solid, viz::MarkerShape::Diamond});
    }
    if (scrub_tick > 0 && scrub_tick < s.horizon)
        c.refs.push_back({true, double(scrub_tick), "", viz::with_alpha(kInk, 0.45), viz::Dash::Solid});
    if (compact) {
        c.legend.clear();
        c.x.label.clear();
        c.x.unit.clear();
        c.x.tick_labels.clear();
        c.x.ticks = viz::nice_ticks(0, s.horizon, 3);
        std::erase_if(c.x.ticks, [&](double t) { return t > s.horizon; });
        c.y = viz::make_axis("", "", c.y.domain.lo, c.y.domain.hi, false, 3);
    }
    if (y_domain) c.y = viz::make_axis(c.y.label, c.y.unit, y_domain->lo, y_domain->hi, true, compact ? 3 : 5);
    return c;
}

viz::Chart friction_heatmap(const model::Scenario& s, const sim::EnsembleResult& r, int scrub_tick) {
    std::vector<std::string> teams;
    for (const auto& t : s.teams) teams.push_back(t.name);
    viz::Chart c = viz::heatmap_chart(r, teams, "friction", "Friction by team over time", s.tick_unit, s.horizon);
    if (c.caption.empty())
        c.caption = "Median friction: what a team feels when its practice deviates from what the forces pull toward";
    if (scrub_tick > 0 && scrub_tick < s.horizon)
        c.refs.push_back({true, double(scrub_tick), "", viz::with_alpha(kInk, 0.6), viz::Dash::Solid});
    return c;
}

viz::Chart survival_chart(const model::Scenario& s, const sim::EnsembleResult& r,
                          const sim::EnsembleResult* baseline, int scrub_tick) {
    viz::Chart c = viz::survival_chart(r.survival, s.horizon, s.tick_unit);
    if (baseline) {
        // The baseline's curves, dashed in each venture's colour, under the current ones.
        std::vector<viz::LineSeries> dashed;
        for (std::size_t v = 0; v < r.survival.size(); ++v)
            for (const auto& k : baseline->survival) {
                if (k.venture != r.survival[v].venture) continue;
                viz::LineSeries l{"", viz::with_alpha(viz::categorical(v), 0.6), {0.0}, {1.0}, 1.3,
                                  viz::Dash::Dashed, true};
                for (std::size_t i = 0; i < k.tick.size(); ++i) {
                    l.x.push_back(k.tick[i]);
                    l.y.push_back(k.survival[i]);
                }
                l.x.push_back(s.horizon);
                l.y.push_back(l.y.back());
                dashed.push_back(std::move(l));
            }
        c.lines.insert(c.lines.begin(), dashed.begin(), dashed.end());
        c.legend.push_back({"baseline (dashed)", viz::LegendKind::Line, viz::with_alpha(kMuted, 0.8), viz::Dash::Dashed});
    }
    if (scrub_tick > 0 && scrub_tick < s.horizon)
        c.refs.push_back({true, double(scrub_tick), "", viz::with_alpha(kInk, 0.45), viz::Dash::Solid});
    return c;
}

Gifts gifts_of_failure(const model::Scenario& s, const sim::EnsembleResult& r) {
    Gifts g;
    std::map<std::string, int> failures;                       // venture -> failed replicates
    std::map<std::pair<std::string, std::string>, int> done;   // (venture, stone) -> count
    std::map<std::pair<std::string, std::string>, int> promoted;
    std::map<std::pair<std::string, std::string>, std::pair<double, int>> recovery;
    for (const auto& o : r.outcomes) {
        if (o.status != sim::VentureStatus::Failed) continue;
        ++failures[o.venture];
        ++g.failures;
        for (const auto& st : o.done_stones) ++done[{o.venture, st}];
        if (!o.promoted.empty()) {
            ++promoted[{o.venture, o.promoted}];
            if (o.recovery_ticks >= 0) {
                auto& rec = recovery[{o.venture, o.promoted}];
                rec.first += o.recovery_ticks;
                ++rec.second;
            }
        }
    }
    for (const auto& v : s.ventures) {
        g.ventures.push_back(v.name);
        const int n = failures[v.name];
        for (const auto& st : v.stones) {
            StoneSalvage x{v.name, st.name, st.value, 0.0, 0.0};
            if (n > 0) x.p_done_given_failure = double(done[{v.name, st.name}]) / n;
            x.expected_salvage = st.value * x.p_done_given_failure;
            g.stones.push_back(x);
        }
        for (const auto& b : v.benefits) {
            BenefitOdds x{v.name, b.name, b.value, 0.0, -1.0};
            if (n > 0) x.p_promoted_given_failure = double(promoted[{v.name, b.name}]) / n;
            if (auto it = recovery.find({v.name, b.name}); it != recovery.end() && it->second.second > 0)
                x.mean_recovery_ticks = it->second.first / it->second.second;
            g.benefits.push_back(x);
        }
    }
    std::stable_sort(g.stones.begin(), g.stones.end(), [](const auto& a, const auto& b) {
        return a.expected_salvage > b.expected_salvage;
    });
    std::stable_sort(g.benefits.begin(), g.benefits.end(), [](const auto& a, const auto& b) {
        return a.p_promoted_given_failure > b.p_promoted_given_failure;
    });
    return g;
}

namespace {

// Each venture's colour is its index in the scenario, as in the ventures panel; ventures named
// only in the rows (a hand-made Gifts) follow.
std::map<std::string, std::size_t> colour_index(const Gifts& g) {
    std::map<std::string, std::size_t> index;
    for (const auto& v : g.ventures) index.emplace(v, index.size());
    for (const auto& st : g.stones) index.emplace(st.venture, index.size());
    for (const auto& b : g.benefits) index.emplace(b.venture, index.size());
    return index;
}

/// One row `row` with a bar from 0 to `to` in its venture's colour.
void add_gift_bar(viz::Chart& c, const std::string& row, double to, std::size_t venture_colour, std::string value_label) {
    c.rows.push_back(row);
    viz::Bar b;
    b.from = 0;
    b.to = to;
    b.color = viz::categorical(venture_colour);
    b.value_label = std::move(value_label);
    c.bar_rows.push_back({{b}});
}

void add_venture_legend(viz::Chart& c, const Gifts& g) {
    const auto index = colour_index(g);
    std::vector<std::pair<std::size_t, std::string>> shown;
    for (const auto& [name, i] : index) {
        const bool used = std::any_of(g.stones.begin(), g.stones.end(), [&](const auto& x) { return x.venture == name; }) ||
                          std::any_of(g.benefits.begin(), g.benefits.end(), [&](const auto& x) { return x.venture == name; });
        if (used) shown.emplace_back(i, name);
    }
    std::sort(shown.begin(), shown.end());
    for (const auto& [i, name] : shown) c.legend.push_back({name, viz::LegendKind::Swatch, viz::categorical(i)});
}

}  // namespace

viz::Chart salvage_chart(const Gifts& g) {
    viz::Chart c;
    c.title = "Stones by expected salvage given failure";
    c.caption = "Standalone value × P(stone done | venture failed): what a failure still leaves";
    double vmax = 1e-9;
    const auto venture_color = colour_index(g);
    for (const auto& st : g.stones) {
        add_gift_bar(c, st.stone, st.expected_salvage, venture_color.at(st.venture),
                     viz::format_number(st.expected_salvage) + "  (" + viz::format_percent(st.p_done_given_failure) +
                         " of " + viz::format_number(st.value) + ")");
        vmax = std::max(vmax, st.value);
    }
    add_venture_legend(c, g);
    c.x = viz::make_axis("expected salvage", "value units", 0, vmax * 1.25, false, 5);
    return c;
}

viz::Chart promotion_chart(const Gifts& g) {
    viz::Chart c;
    c.title = "Secondary benefits by promotion odds";
    c.caption = "P(benefit promoted to a new venture | its venture failed)";
    const auto venture_color = colour_index(g);
    for (const auto& b : g.benefits)
        add_gift_bar(c, b.benefit, b.p_promoted_given_failure, venture_color.at(b.venture),
                     viz::format_percent(b.p_promoted_given_failure) + " · value " + viz::format_number(b.value));
    add_venture_legend(c, g);
    c.x = viz::make_axis("P(promoted | failure)", "", 0, 1.3, true, 5);
    std::erase_if(c.x.ticks, [](double t) { return t > 1.0; });
    return c;
}

PracticeTrails practice_trails(const model::Scenario& s, const sim::EnsembleResult* r, int dim_x,
                               int dim_y) {
    PracticeTrails t;
    const auto& dims = s.dimensions;
    bool have_all = r != nullptr;
    for (const auto& team : s.teams) {
        const sim::Series* sx = r ? r->find_series(team.name, "practice:" + dims[std::size_t(dim_x)].name) : nullptr;
        const sim::Series* sy = r ? r->find_series(team.name, "practice:" + dims[std::size_t(dim_y)].name) : nullptr;
        if (!sx || !sy) {
            have_all = false;
            break;
        }
        t.x.push_back(take(*sx, [](const sim::Band& b) { return b.q50; }));
        t.y.push_back(take(*sy, [](const sim::Band& b) { return b.q50; }));
    }
    if (have_all) return t;
    t = PracticeTrails{};
    t.analytic = true;
    const auto all = model::mean_trajectories(s, s.horizon);
    for (int ti = 0; ti < int(s.teams.size()); ++ti) {
        const auto& traj = all[std::size_t(ti)];
        std::vector<double> xs, ys;
        for (const auto& p : traj) {
            xs.push_back(p[std::size_t(dim_x)]);
            ys.push_back(p[std::size_t(dim_y)]);
        }
        t.x.push_back(std::move(xs));
        t.y.push_back(std::move(ys));
    }
    return t;
}

const PracticeTrails& TrailsCache::get(const std::shared_ptr<const model::Scenario>& s,
                                       const std::shared_ptr<const sim::EnsembleResult>& r, int dim_x, int dim_y) {
    if (computations_ > 0 && s == scenario_ && r == result_ && dim_x == dim_x_ && dim_y == dim_y_) return trails_;
    trails_ = practice_trails(*s, r.get(), dim_x, dim_y);
    scenario_ = s;
    result_ = r;
    dim_x_ = dim_x;
    dim_y_ = dim_y;
    ++computations_;
    return trails_;
}

std::vector<double> net_force(const model::Regime& r, const model::Scenario& s, int team,
                              const std::vector<double>& p, int tick) {
    const std::size_t D = s.dimensions.size(), K = s.water.size();
    const auto& t = s.teams[std::size_t(team)];
    std::vector<double> factors(std::size_t(r.G)), gk(std::size_t(r.G)), alpha(D), beta(D), levels(K);
    for (std::size_t w = 0; w < K; ++w)
        levels[w] = t.initial_assumptions && w < t.initial_assumptions->size() ? (*t.initial_assumptions)[w]
                                                                               : s.water[w].prevalence;
    model::force_factors(r, tick, factors.data());
    model::team_pull(r, team, factors.data(), r.intent.data() + std::size_t(team) * D, 0.0, nullptr, alpha.data(), beta.data(), gk.data());
    model::add_leans(r, levels.data(), alpha.data(), beta.data());
    std::vector<double> f(D);
    for (std::size_t d = 0; d < D; ++d) f[d] = beta[d] - alpha[d] * p[d];
    return f;
}

viz::Chart practice_map(const model::Scenario& s, const PracticeTrails& trails, int dim_x,
                        int dim_y, int tick, int highlight, double arrow_scale) {
    viz::Chart c;
    const auto& dx = s.dimensions[std::size_t(dim_x)];
    const auto& dy = s.dimensions[std::size_t(dim_y)];
    c.title = "Practice map: " + dx.name + " × " + dy.name;
    c.caption = trails.analytic
                    ? "Team trails from the analytic mean field (this result records no practice series)"
                    : "Recorded median team practice over time; arrows: net pull at the scrubbed tick";
    c.equal_aspect = true;
    c.x = viz::make_axis(dx.name + ": " + dx.low + " → " + dx.high, "", 0, 1, true, 5);
    c.y = viz::make_axis(dy.name + ": " + dy.low + " → " + dy.high, "", 0, 1, true, 5);
    const viz::Rgba well = viz::palette::kOkabeIto[5];
    // Gravity targets as wells: concentric faint rings (a force naming only one of the two
    // dimensions is drawn at the other dimension's organization baseline).
    for (const auto& g : s.gravity) {
        if (!g.enabled) continue;
        const bool hx = std::size_t(dim_x) < g.target.size() && g.target[std::size_t(dim_x)];
        const bool hy = std::size_t(dim_y) < g.target.size() && g.target[std::size_t(dim_y)];
        if (!hx && !hy) continue;
        const double gx = hx ? *g.target[std::size_t(dim_x)] : s.organization.baseline[std::size_t(dim_x)];
        const double gy = hy ? *g.target[std::size_t(dim_y)] : s.organization.baseline[std::size_t(dim_y)];
        const double depth = std::clamp(g.strength * 60.0, 0.4, 1.0);
        for (int ring = 3; ring >= 1; --ring)
            c.markers.push_back({gx, gy, viz::MarkerShape::Circle,
                                 viz::with_alpha(well, 0.08 * depth * (4 - ring)), 14.0 * ring, ""});
        c.markers.push_back({gx, gy, viz::MarkerShape::Cross, viz::with_alpha(well, 0.9), 7.0, g.name});
    }
    const int n = int(trails.x.size());
    // The regime in force at the scrubbed tick (events change the forces).
    const auto versions = model::scenario_versions(s);
    std::size_t v = 0;
    while (v + 1 < versions.size() && versions[v + 1].start <= tick) ++v;
    const model::Regime regime = model::compile_regime(versions[v].scenario);
    auto draw_team = [&](int ti, bool focal) {
        const auto& xs = trails.x[std::size_t(ti)];
        const auto& ys = trails.y[std::size_t(ti)];
        if (xs.empty()) return;
        const int upto = std::clamp(tick, 0, int(xs.size()) - 1);
        const viz::Rgba col = focal ? viz::categorical(0) : viz::with_alpha(kMuted, 0.35);
        viz::LineSeries l{"", col, {xs.begin(), xs.begin() + upto + 1}, {ys.begin(), ys.begin() + upto + 1},
                          focal ? 2.2 : 1.0, viz::Dash::Solid, false};
        c.lines.push_back(std::move(l));
        const auto& team = s.teams[std::size_t(ti)];
        c.markers.push_back({team.intent[std::size_t(dim_x)], team.intent[std::size_t(dim_y)],
                             viz::MarkerShape::Ring, focal ? viz::categorical(0) : viz::with_alpha(kMuted, 0.5),
                             focal ? 11.0 : 6.0, focal ? team.name + " intent" : ""});
        const double px = xs[std::size_t(upto)], py = ys[std::size_t(upto)];
        std::vector<double> p(s.dimensions.size());
        for (std::size_t d = 0; d < p.size(); ++d)
            p[d] = team.initial_practice && d < team.initial_practice->size() ? (*team.initial_practice)[d]
                                                                               : team.intent[d];
        p[std::size_t(dim_x)] = px;
        p[std::size_t(dim_y)] = py;
        const auto f = net_force(regime, s, ti, p, upto);
        c.arrows.push_back({px, py, px + arrow_scale * f[std::size_t(dim_x)],
                            py + arrow_scale * f[std::size_t(dim_y)],
                            focal ? viz::palette::kInk : viz::with_alpha(kMuted, 0.6), focal ? 2.0 : 1.0});
        c.markers.push_back({px, py, viz::MarkerShape::Circle,
                             focal ? viz::categorical(0) : viz::with_alpha(kMuted, 0.7), focal ? 9.0 : 5.0,
                             team.name});
    };
    for (int ti = 0; ti < n; ++ti)
        if (ti != highlight) draw_team(ti, false);
    if (highlight >= 0 && highlight < n) draw_team(highlight, true);
    c.legend.push_back({"focal team", viz::LegendKind::Line, viz::categorical(0)});
    c.legend.push_back({"other teams", viz::LegendKind::Line, viz::with_alpha(kMuted, 0.5)});
    c.legend.push_back({"intent", viz::LegendKind::Marker, viz::categorical(0), viz::Dash::Solid,
                        viz::MarkerShape::Ring});
    c.legend.push_back({"gravity target (well)", viz::LegendKind::Marker, well, viz::Dash::Solid,
                        viz::MarkerShape::Cross});
    c.legend.push_back({"net pull ×" + viz::format_number(arrow_scale), viz::LegendKind::Line, kInk});
    return c;
}

viz::Chart worlds_chart(const std::vector<sim::RobustComparison>& rows, const std::string& title) {
    viz::Chart c;
    c.title = title;
    c.caption = "Share of plausible worlds in which the change beats the baseline; label: expected regret of making it";
    for (const auto& x : rows) {
        c.rows.push_back(x.measure == "p_success" ? "chance of success, " + x.entity : viz::measure_of(x.measure, x.entity));
        viz::Bar b;
        b.from = 0;
        b.to = x.share_better;
        // Blue when the change wins in most worlds, vermillion when it loses in most.
        b.color = viz::categorical(x.share_better >= x.share_worse ? 0 : 5);
        const bool pts = viz::is_probability(x.measure);
        b.value_label = viz::format_percent(x.share_better) + " better, " + viz::format_percent(x.share_worse) +
                        " worse · regret " +
                        (pts ? viz::format_number(100 * x.regret_variant) + " pts" : viz::format_number(x.regret_variant));
        c.bar_rows.push_back({{b}});
    }
    c.x = viz::make_axis("share of plausible worlds where the change is better", "", 0, 1, true, 5);
    c.refs.push_back({true, 0.5, "", viz::with_alpha(kMuted, 0.6), viz::Dash::Dashed});
    return c;
}

SweepData sweep_data(const std::vector<std::vector<model::Override>>& overrides,
                     const std::vector<const sim::EnsembleResult*>& results) {
    SweepData d;
    auto index = [](std::vector<std::string>& names, const std::string& name) {
        const auto it = std::find(names.begin(), names.end(), name);
        if (it != names.end()) return std::size_t(it - names.begin());
        names.push_back(name);
        return names.size() - 1;
    };
    for (const auto& point : overrides)
        for (const auto& o : point) index(d.parameters, o.path);
    for (const auto* r : results) {
        if (!r) continue;
        for (const auto& ser : r->series)
            if ((ser.measure == "drift" || ser.measure == "friction") && !ser.entity.empty())
                index(d.measures, ser.measure + ":" + ser.entity);
        for (const auto& sc : r->scalars)
            if (sc.measure == "p_success" || sc.measure == "expected_value") index(d.measures, sc.measure + ":" + sc.entity);
    }
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (std::size_t p = 0; p < overrides.size() && p < results.size(); ++p) {
        std::vector<double> at(d.parameters.size(), nan);
        for (const auto& o : overrides[p]) at[index(d.parameters, o.path)] = o.value;
        std::vector<std::optional<sim::Band>> value(d.measures.size());
        if (const auto* r = results[p]) {
            for (const auto& ser : r->series) {
                const auto it = std::find(d.measures.begin(), d.measures.end(), ser.measure + ":" + ser.entity);
                if (it != d.measures.end() && !ser.ticks.empty()) value[std::size_t(it - d.measures.begin())] = ser.ticks.back();
            }
            for (const auto& sc : r->scalars) {
                const auto it = std::find(d.measures.begin(), d.measures.end(), sc.measure + ":" + sc.entity);
                if (it == d.measures.end()) continue;
                sim::Band b;
                b.mean = b.q50 = sc.value;
                b.q05 = b.q25 = b.ci_lo = sc.lo;
                b.q95 = b.q75 = b.ci_hi = sc.hi;
                value[std::size_t(it - d.measures.begin())] = b;
            }
        }
        d.at.push_back(std::move(at));
        d.value.push_back(std::move(value));
    }
    return d;
}

viz::Chart sweep_chart(const SweepData& d, std::size_t measure, std::size_t parameter) {
    viz::Chart c;
    if (measure >= d.measures.size() || parameter >= d.parameters.size()) return c;
    const std::string& key = d.measures[measure];
    const auto colon = key.find(':');
    const std::string m = key.substr(0, colon), entity = key.substr(colon + 1);
    const bool interval = m == "p_success" || m == "expected_value";
    // Quantiles averaged per value of the parameter.
    std::map<double, std::pair<std::array<double, 5>, int>> by_value;
    for (std::size_t p = 0; p < d.at.size(); ++p) {
        const double x = d.at[p][parameter];
        const auto& b = d.value[p][measure];
        if (!std::isfinite(x) || !b) continue;
        auto& [sum, n] = by_value[x];
        const std::array<double, 5> q{b->q05, b->q25, b->q50, b->q75, b->q95};
        for (std::size_t k = 0; k < 5; ++k) sum[k] += q[k];
        ++n;
    }
    c.title = viz::measure_of(m, entity) + " against " + viz::parameter_label(d.parameters[parameter]);
    viz::BandSeries outer{interval ? "95% interval" : "5–95% of runs", viz::with_alpha(viz::categorical(0), 0.18), {}, {}, {}, false};
    viz::BandSeries inner{interval ? "" : "25–75%", viz::with_alpha(viz::categorical(0), 0.32), {}, {}, {}, false};
    viz::LineSeries median{interval ? "estimate" : "median", viz::categorical(0), {}, {}, 2.0, viz::Dash::Solid, false};
    double lo = 0, hi = 0.05, xlo = 0, xhi = 1;
    bool first = true;
    int shared = 0;
    for (const auto& [x, entry] : by_value) {
        const auto& [sum, n] = entry;
        std::array<double, 5> q{};
        for (std::size_t k = 0; k < 5; ++k) q[k] = sum[k] / n;
        outer.x.push_back(x), outer.lo.push_back(q[0]), outer.hi.push_back(q[4]);
        if (!interval) inner.x.push_back(x), inner.lo.push_back(q[1]), inner.hi.push_back(q[3]);
        median.x.push_back(x), median.y.push_back(q[2]);
        c.markers.push_back({x, q[2], viz::MarkerShape::Circle, viz::categorical(0), 6.0, "", false});
        lo = std::min(lo, q[0]), hi = std::max(hi, q[4]);
        xlo = first ? x : std::min(xlo, x), xhi = first ? x : std::max(xhi, x);
        first = false;
        shared = std::max(shared, n);
    }
    if (by_value.empty()) {
        c.caption = "no point of this sweep sets the parameter and records the measure";
        return c;
    }
    if (xhi <= xlo) xhi = xlo + 1;
    c.bands.push_back(std::move(outer));
    if (!interval) c.bands.push_back(std::move(inner));
    c.lines.push_back(std::move(median));
    c.x = viz::make_axis(viz::parameter_label(d.parameters[parameter]), "", xlo, xhi, true, 4);
    const viz::Range y = viz::nice_domain(lo, hi, 4);
    c.y = viz::make_axis(viz::measure_label(m), "", y.lo, y.hi, true, 4);
    c.caption = std::to_string(by_value.size()) + " settings" +
                (shared > 1 ? ", each averaged over " + std::to_string(shared) + " points of the other parameters" : "");
    for (const auto& b : c.bands)
        if (!b.name.empty()) c.legend.push_back({b.name, viz::LegendKind::Band, b.color});
    c.legend.push_back({interval ? "estimate" : "median", viz::LegendKind::Line, viz::categorical(0)});
    return c;
}

}  // namespace orgforces::dash
