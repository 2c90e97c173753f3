#include "viz/dash/figures.hpp"

#include <algorithm>
#include <cmath>
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

viz::Chart drift_chart(const model::Scenario& s, const sim::EnsembleResult& r,
                       const sim::EnsembleResult* baseline, const std::string& team,
                       std::optional<double> steady_drift, int scrub_tick, bool compact) {
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

viz::Chart salvage_chart(const Gifts& g) {
    viz::Chart c;
    c.title = "Stones by expected salvage given failure";
    c.caption = "Standalone value × P(stone done | venture failed): what a failure still leaves";
    double vmax = 1e-9;
    std::map<std::string, std::size_t> venture_color;
    for (const auto& st : g.stones) {
        venture_color.emplace(st.venture, venture_color.size());
        c.rows.push_back(st.stone);
        viz::Bar b;
        b.from = 0;
        b.to = st.expected_salvage;
        b.color = viz::categorical(venture_color[st.venture]);
        b.value_label = viz::format_number(st.expected_salvage) + "  (" +
                        viz::format_percent(st.p_done_given_failure) + " of " +
                        viz::format_number(st.value) + ")";
        c.bar_rows.push_back({{b}});
        vmax = std::max(vmax, st.value);
    }
    for (const auto& [name, i] : venture_color)
        c.legend.push_back({name, viz::LegendKind::Swatch, viz::categorical(i)});
    c.x = viz::make_axis("expected salvage", "value units", 0, vmax * 1.25, false, 5);
    return c;
}

viz::Chart promotion_chart(const Gifts& g) {
    viz::Chart c;
    c.title = "Secondary benefits by promotion odds";
    c.caption = "P(benefit promoted to a new venture | its venture failed)";
    std::map<std::string, std::size_t> venture_color;
    for (const auto& b : g.benefits) {
        venture_color.emplace(b.venture, venture_color.size());
        c.rows.push_back(b.benefit);
        viz::Bar bar;
        bar.from = 0;
        bar.to = b.p_promoted_given_failure;
        bar.color = viz::categorical(venture_color[b.venture]);
        bar.value_label = viz::format_percent(b.p_promoted_given_failure) + " · value " +
                          viz::format_number(b.value);
        c.bar_rows.push_back({{bar}});
    }
    for (const auto& [name, i] : venture_color)
        c.legend.push_back({name, viz::LegendKind::Swatch, viz::categorical(i)});
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
                    ? "Team trails from the analytic mean field (the engine reports no practice series)"
                    : "Median team practice over time; arrows: net pull at the scrubbed tick";
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
                             focal ? team.name : ""});
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

}  // namespace orgforces::dash
