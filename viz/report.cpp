// The planning-review report: builds one document from the inputs, then renders it as HTML and
// Markdown (viz/report_html.cpp, viz/markdown.cpp).
//
// Sections: [helpers] [focal teams] [answer] [question] [forces] [drift] [practice] [friction]
//           [ventures] [gifts] [attribution] [levers] [decision] [whatif] [glossary] [appendix] [document]
#include "viz/report.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <numeric>
#include <set>

#include "model/registry.hpp"
#include "model/uncertain.hpp"
#include "sim/whatif.hpp"
#include "viz/report_charts.hpp"
#include "viz/report_document.hpp"

namespace orgforces::viz {

namespace {

using doc::Block;
using doc::Span;

// [helpers] -----------------------------------------------------------------------------------

Block paragraph(doc::Inline text, std::string role = "") {
    Block b;
    b.kind = Block::Kind::Paragraph;
    b.text = std::move(text);
    b.role = std::move(role);
    return b;
}
Block paragraph(const std::string& text) { return paragraph(doc::Inline{{text}}); }

// `word` as one shell word: quoted unless it is made of characters no shell treats specially.
std::string shell_word(const std::string& word) {
    const bool plain = !word.empty() && std::all_of(word.begin(), word.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '.' || c == '/' || c == '_' || c == '-' || c == '+' || c == ',' || c == ':';
    });
    if (plain) return word;
    std::string quoted = "'";
    for (const char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}
Block note(doc::Inline text) {
    Block b;
    b.kind = Block::Kind::Note;
    b.text = std::move(text);
    return b;
}
Block heading(const std::string& text) {
    Block b;
    b.kind = Block::Kind::Heading;
    b.text = {{text}};
    return b;
}
Block table_block(doc::Table t) {
    Block b;
    b.kind = Block::Kind::Table;
    b.table = std::move(t);
    return b;
}
Block figures(std::vector<doc::Figure> f, int columns) {
    Block b;
    b.kind = Block::Kind::Figures;
    b.figures = std::move(f);
    b.columns = columns;
    return b;
}
Block not_computed(const std::string& what, const std::string& command, const std::string& flag) {
    return note({{what + ": not computed — run "}, {command, Span::Style::Code},
                 {", or add "}, {flag, Span::Style::Code}, {" to "}, {"orgforces report", Span::Style::Code}, {"."}});
}

std::string plural(const std::string& unit) {
    if (unit.empty()) return "ticks";
    return unit.back() == 's' ? unit : unit + "s";
}

/// "3 years", "156 weeks", "1 year".
std::string duration_phrase(int ticks, const std::string& unit) {
    if (unit == "week" && ticks >= 52 && ticks % 52 == 0) {
        const int y = ticks / 52;
        return std::to_string(y) + (y == 1 ? " year" : " years");
    }
    if (unit == "month" && ticks >= 12 && ticks % 12 == 0) {
        const int y = ticks / 12;
        return std::to_string(y) + (y == 1 ? " year" : " years");
    }
    return std::to_string(ticks) + " " + (ticks == 1 ? unit : plural(unit));
}

std::string num(double v) { return format_number(v); }

/// "0.31 (0.25–0.37)".
std::string with_interval(double v, double lo, double hi) { return format_with_range(v, lo, hi); }

/// "38% (29–47%)".
std::string pct_interval(double v, double lo, double hi) {
    std::string a = format_percent(lo), b = format_percent(hi);
    if (!a.empty() && a.back() == '%') a.pop_back();
    return format_percent(v) + " (" + a + "–" + b + ")";
}

std::string signed_num(double v) { return format_signed(v); }

/// Wilson 95% interval of k successes out of n.
struct Proportion {
    double p = 0, lo = 0, hi = 0;
    std::int64_t n = 0;
};
Proportion wilson(std::int64_t k, std::int64_t n) {
    Proportion r;
    r.n = n;
    if (n <= 0) return r;
    const double z = 1.959963984540054, p = double(k) / n;
    const double d = 1 + z * z / n;
    const double c = (p + z * z / (2.0 * n)) / d;
    const double h = z * std::sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / d;
    r.p = p;
    r.lo = std::max(0.0, c - h);
    r.hi = std::min(1.0, c + h);
    return r;
}

double median(std::vector<double> xs) {
    if (xs.empty()) return std::nan("");
    std::sort(xs.begin(), xs.end());
    const std::size_t n = xs.size();
    return n % 2 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2.0;
}

const sim::Band* at_horizon(const sim::EnsembleResult& r, const std::string& team, const std::string& measure) {
    const auto* s = r.find_series(team, measure);
    return s && !s->ticks.empty() ? &s->ticks.back() : nullptr;
}

/// Intent kept at the horizon (docs/model.md#measures): the median of the intent_kept series with
/// its 5–95% band. Unknown where the engine dropped the series (intent too close to the default).
struct Kept {
    bool known = false;
    double value = 0, lo = 0, hi = 0;
};
Kept intent_kept(const sim::EnsembleResult& r, const std::string& team) {
    Kept k;
    const auto* kept = r.find_series(team, "intent_kept");
    if (!kept || kept->ticks.empty()) return k;
    const auto& b = kept->ticks.back();
    k.known = true;
    k.value = b.q50;
    k.lo = b.q05;
    k.hi = b.q95;
    return k;
}

std::string vector_text(const model::Scenario& s, const model::PartialVector& v) {
    std::string out;
    for (std::size_t d = 0; d < v.size() && d < s.dimensions.size(); ++d) {
        if (!v[d]) continue;
        if (!out.empty()) out += ", ";
        out += s.dimensions[d].name + " " + num(*v[d]);
    }
    return out.empty() ? "—" : out;
}

std::string full_vector_text(const model::Scenario& s, const std::vector<double>& v) {
    std::string out;
    for (std::size_t d = 0; d < v.size() && d < s.dimensions.size(); ++d) {
        if (!out.empty()) out += " · ";
        out += num(v[d]);
    }
    return out.empty() ? "—" : out;
}

std::string reach_text(const model::Reach& r) {
    auto join = [](const std::vector<std::string>& xs) {
        std::string s;
        for (const auto& x : xs) s += (s.empty() ? "" : ", ") + x;
        return s;
    };
    std::string out;
    if (!r.units.empty() || !r.teams.empty()) {
        if (!r.units.empty()) out += "units " + join(r.units);
        if (!r.teams.empty()) out += (out.empty() ? "teams " : "; teams ") + join(r.teams);
    } else {
        out = "everyone";
    }
    std::vector<std::string> ex = r.exclude_units;
    ex.insert(ex.end(), r.exclude_teams.begin(), r.exclude_teams.end());
    if (!ex.empty()) out += " except " + join(ex);
    return out;
}

std::string schedule_text(const model::GravityForce& g, const std::string& unit) {
    const auto& sc = g.schedule;
    std::string out;
    if (sc.every > 0)
        out = "×" + num(sc.multiplier) + " for " + duration_phrase(sc.duration, unit) + " every " +
              duration_phrase(sc.every, unit) + (sc.between != 1.0 ? ", ×" + num(sc.between) + " between" : "");
    else
        out = "constant";
    if (sc.start > 0) out += ", from " + unit + " " + std::to_string(sc.start);
    if (sc.end >= 0) out += ", until " + unit + " " + std::to_string(sc.end);
    for (const auto& rv : g.reviews) {
        // A review's own reach narrows the force's; without one it reviews everyone the force reaches.
        const bool all = rv.reach.everyone && rv.reach.exclude_units.empty() && rv.reach.exclude_teams.empty();
        out += "; reviews " + (all ? std::string("ventures") : "the ventures of " + reach_text(rv.reach)) + " every " +
               duration_phrase(rv.every, unit) + " (harshness " + num(rv.harshness) + ")";
    }
    return out;
}

/// What an event changes, in words: its assignments, a move, a new leader, who leaves.
std::string event_changes(const model::Scenario& s, const model::Event& e) {
    std::vector<std::string> parts;
    const auto params = model::parameters(s);
    for (const auto& o : e.set) {
        const auto p = std::find_if(params.begin(), params.end(), [&](const model::Param& q) { return q.path == o.path; });
        const bool toggle = p != params.end() && p->kind == model::ParamKind::Toggle;
        parts.push_back(o.path + " = " + (toggle ? (o.value != 0.0 ? "on" : "off") : num(o.value)));
    }
    if (e.move) parts.push_back(e.move->team + " moves to unit " + e.move->unit);
    if (e.leader) {
        const auto& l = *e.leader;
        std::string t = l.team + "'s leader replaced";
        std::vector<std::string> what;
        if (l.leadership) what.push_back("leadership " + num(*l.leadership));
        if (const std::string v = vector_text(s, l.intent); v != "—") what.push_back("intent " + v);
        if (l.interim > 0)
            what.push_back("after " + duration_phrase(l.interim, s.tick_unit) + " of interim leadership " +
                           num(l.interim_leadership));
        for (std::size_t i = 0; i < what.size(); ++i) t += (i == 0 ? ": " : ", ") + what[i];
        parts.push_back(t);
    }
    if (e.merge) {
        std::string teams;
        for (const auto& t : e.merge->teams)
            if (t != e.merge->into) teams += (teams.empty() ? "" : ", ") + t;
        parts.push_back("merge " + teams + " into " + e.merge->into);
    }
    if (e.split)
        parts.push_back("split " + std::to_string(e.split->size) + " of " + e.split->team + " into " + e.split->into);
    if (e.layoff != model::LayoffPolicy::Random) parts.push_back(std::string("layoffs: ") + model::to_string(e.layoff) + " first");
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
    return out.empty() ? "—" : out;
}

// [focal teams] -------------------------------------------------------------------------------

double intent_distance(const model::Scenario& s, const model::Team& t) {
    double d2 = 0;
    const auto& base = s.organization.baseline;
    for (std::size_t d = 0; d < t.intent.size() && d < base.size(); ++d)
        d2 += (t.intent[d] - base[d]) * (t.intent[d] - base[d]);
    return s.dimensions.empty() ? 0.0 : std::sqrt(d2 / s.dimensions.size());
}

}  // namespace

std::vector<std::string> focal_teams(const model::Scenario& s, std::size_t limit) {
    // The scenario names them: nothing else is focal.
    if (auto focus = model::focus_teams(s); !focus.empty()) {
        if (focus.size() > limit) focus.resize(limit);
        return focus;
    }
    std::vector<std::string> out;
    std::set<std::string> with_ventures;
    for (const auto& v : s.ventures) with_ventures.insert(v.team);
    for (const auto& t : s.teams)
        if (with_ventures.count(t.name)) out.push_back(t.name);
    std::vector<std::pair<double, std::size_t>> rest;
    for (std::size_t i = 0; i < s.teams.size(); ++i) {
        if (with_ventures.count(s.teams[i].name)) continue;
        const double d = intent_distance(s, s.teams[i]);
        // Below this the intent is the organization's default in all but name.
        if (d >= 0.1) rest.push_back({-d, i});
    }
    std::stable_sort(rest.begin(), rest.end());
    for (const auto& [d, i] : rest) out.push_back(s.teams[i].name);
    // With nothing distinctive, show the first teams rather than nothing.
    for (std::size_t i = 0; out.empty() && i < s.teams.size() && i < limit; ++i) out.push_back(s.teams[i].name);
    if (out.size() > limit) out.resize(limit);
    return out;
}

namespace {

// [answer] ------------------------------------------------------------------------------------

std::string share_words(double share) {
    if (share >= 0.9) return "nearly all";
    if (share >= 0.7) return "most";
    if (share >= 0.6) return "about two thirds";
    if (share >= 0.42) return "about half";
    if (share >= 0.3) return "about a third";
    if (share >= 0.2) return "about a quarter";
    return "a small part";
}

std::vector<AttributionRow> drift_attribution(const ReportInputs& in, const std::string& team) {
    std::vector<AttributionRow> rows;
    if (!in.attribution) return rows;
    for (const auto& a : *in.attribution)
        if ((a.measure == "drift" && (a.entity.empty() || a.entity == team)) || a.measure == "drift:" + team)
            rows.push_back(a);
    return rows;
}

}  // namespace

std::string answer_paragraph(const ReportInputs& in) {
    const auto& s = in.scenario;
    const auto& r = in.result;
    const int horizon = r.info.horizon > 0 ? r.info.horizon : s.horizon;
    const std::string when = duration_phrase(horizon, s.tick_unit);
    const auto focal = focal_teams(s, 6);
    std::string out;
    if (focal.empty()) return "The scenario has no teams, so there is nothing to report.";
    const std::string& f = focal.front();

    const Kept k = intent_kept(r, f);
    const auto* drift = at_horizon(r, f, "drift");
    if (k.known) {
        out += "After " + when + ", " + f + " keeps " + pct_interval(k.value, k.lo, k.hi) +
               " of its intended difference from the organization's default (median, with the middle 90% of runs "
               "in brackets)";
        if (drift) out += "; its drift from intent is " + with_interval(drift->q50, drift->q05, drift->q95) + " on a 0–1 scale";
        out += ".";
    } else if (drift) {
        out += "After " + when + ", " + f + " drifts " + with_interval(drift->q50, drift->q05, drift->q95) +
               " from its intended practice on a 0–1 scale (median, with the middle 90% of runs in brackets).";
    } else {
        out += "The results hold no drift for " + f + ".";
    }

    // Friction rank among all teams.
    if (const auto* fr = at_horizon(r, f, "friction")) {
        int higher = 0, counted = 0;
        for (const auto& t : s.teams) {
            const auto* b = at_horizon(r, t.name, "friction");
            if (!b) continue;
            ++counted;
            if (b->q50 > fr->q50) ++higher;
        }
        out += " It ends with a median friction of " + num(fr->q50);
        if (counted > 1)
            out += higher == 0 ? ", the highest of " + std::to_string(counted) + " teams"
                               : ", rank " + std::to_string(higher + 1) + " of " + std::to_string(counted) + " teams";
        out += ".";
    }

    // Ventures of the focal team.
    int shown = 0;
    for (const auto& v : s.ventures) {
        if (shown == 3) break;
        const auto* ps = r.find_scalar(v.name, "p_success");
        if (!ps) continue;
        ++shown;
        const auto* captured = r.find_scalar(v.name, "expected_captured_value");
        if (captured && captured->n > 0) {
            // Unsolvable: navigated, never solved.
            out += " " + v.name + " cannot be solved; framing it captures " + num(captured->value) + " of its " +
                   num(v.value) + " on average.";
            continue;
        }
        out += " " + v.name + " succeeds in " + pct_interval(ps->value, ps->lo, ps->hi) + " of runs";
        const auto* pf = r.find_scalar(v.name, "p_failure");
        const auto* sal = r.find_scalar(v.name, "expected_salvage_given_failure");
        const auto* pp = r.find_scalar(v.name, "p_promotable_given_failure");
        if (pf && pf->value > 0 && sal) {
            out += "; when it fails, its finished stones are worth " + num(sal->value) + " of its " + num(v.value);
            if (pp) out += ", and a secondary benefit is promoted in " + format_percent(pp->value) + " of failures";
        }
        out += ".";
    }

    // Attribution, only when computed.
    auto rows = drift_attribution(in, f);
    if (!rows.empty()) {
        // Shares of what pushes drift up: with leadership among the contributors, shares of the
        // net difference would add up to far more than 100%.
        double total = 0;
        for (const auto& a : rows) total += std::max(0.0, a.value);
        std::stable_sort(rows.begin(), rows.end(),
                         [](const AttributionRow& a, const AttributionRow& b) { return a.value > b.value; });
        if (total > 0 && rows.front().value > 0) {
            const double share = rows.front().value / total;
            const bool force = rows.front().kind == "gravity" || rows.front().kind == "water";
            out += " " + rows.front().force + (force ? " (" + rows.front().kind + ")" : "") + " causes " +
                   share_words(share) + " (" +
                   format_percent(share) + ") of the drift";
            if (rows.size() > 1 && rows[1].value > 0)
                out += ", " + rows[1].force + " " + format_percent(rows[1].value / total);
            if (rows.back().value < 0)
                out += "; " + rows.back().force + " holds it back by " + num(-rows.back().value);
            out += ".";
        }
    }

    // The what-if that keeps the most intent.
    if (!in.variants.empty()) {
        const VariantResult* best = nullptr;
        double best_drift = drift ? drift->q50 : 1e300;
        for (const auto& v : in.variants) {
            const auto* b = at_horizon(v.result, f, "drift");
            if (b && b->q50 < best_drift) {
                best_drift = b->q50;
                best = &v;
            }
        }
        if (best) {
            const Kept kb = intent_kept(best->result, f);
            out += " Of the what-ifs, " + best->name + " lowers " + f + "'s drift most: ";
            out += kb.known ? "it keeps " + pct_interval(kb.value, kb.lo, kb.hi) + " of its intent."
                            : "its drift falls to " + num(best_drift) + ".";
        } else {
            out += " None of the what-ifs lowers " + f + "'s median drift.";
        }
    }
    return out;
}

namespace {

// [question] ----------------------------------------------------------------------------------

doc::Section question_section(const ReportInputs& in) {
    doc::Section sec{"question", "The question and the answer", {}};
    const std::string q = in.scenario.question.empty() ? "(The scenario states no question.)" : in.scenario.question;
    sec.blocks.push_back(paragraph({{q}}, "question"));
    if (in.variants.empty()) {
        sec.blocks.push_back(paragraph({{answer_paragraph(in)}}, "answer"));
    } else {
        // The decision (inserted above) is the answer; this is what happens under the current policy.
        sec.blocks.push_back(heading("Under the current policy"));
        sec.blocks.push_back(paragraph(answer_paragraph(in)));
    }
    const auto& info = in.result.info;
    sec.blocks.push_back(paragraph(
        "Every figure comes from " + std::to_string(info.replicates) + " simulated runs of " +
        duration_phrase(info.horizon > 0 ? info.horizon : in.scenario.horizon, in.scenario.tick_unit) +
        " (seed " + std::to_string(info.seed) + "). Ranges in brackets hold the middle 90% of runs unless a " +
        "table says \"95% CI\", which is the uncertainty of an average or a probability."));
    return sec;
}

// [forces] ------------------------------------------------------------------------------------

doc::Section forces_section(const ReportInputs& in, const std::vector<std::string>& focal) {
    const auto& s = in.scenario;
    doc::Section sec{"forces", "The organization and its forces", {}};
    std::set<std::string> units;
    for (const auto& u : s.organization.units) units.insert(u.name);
    sec.blocks.push_back(paragraph(
        (s.organization.name.empty() ? std::string("The organization") : s.organization.name) + " has " +
        std::to_string(s.teams.size()) + " teams and " + std::to_string(s.total_people()) + " people in " +
        std::to_string(units.size()) + " units. Gravity forces are structures and incentives that pull " +
        "practice toward a target; water forces are cultural assumptions people hold to a degree, which lean " +
        "practice and quietly dismiss some kinds of ideas."));

    doc::Table ft;
    ft.header = {"force", "kind", "reaches", "strength", "schedule", "pulls toward / filters", "what it is"};
    ft.numeric = {false, false, false, true, false, false, false};
    for (const auto& g : s.gravity)
        ft.rows.push_back({g.name + (g.enabled ? "" : " (off)"), "gravity", reach_text(g.reach), num(g.strength),
                           schedule_text(g, s.tick_unit), vector_text(s, g.target), g.description});
    for (const auto& w : s.water) {
        std::string what = "prevalence " + num(w.prevalence);
        if (!w.unit_prevalence.empty()) {
            std::string per;
            for (const auto& [unit, p] : w.unit_prevalence) per += (per.empty() ? "" : ", ") + unit + " " + num(p);
            what += " (in " + per + ")";
        }
        const std::string leans = vector_text(s, w.leans);
        if (leans != "—") what += "; leans " + leans + " (weight " + num(w.lean_weight) + ")";
        if (!w.filters.empty()) {
            what += "; dismisses ";
            bool first = true;
            for (const auto& [kind, p] : w.filters) {
                what += (first ? "" : ", ") + kind + " ideas " + format_percent(p);
                first = false;
            }
        }
        ft.rows.push_back({w.name + (w.enabled ? "" : " (off)"), "water", reach_text(w.reach), num(w.socialization),
                           "socializes continuously", what, w.description});
    }
    sec.blocks.push_back(heading("Forces"));
    if (ft.rows.empty())
        sec.blocks.push_back(paragraph("The scenario defines no forces."));
    else
        sec.blocks.push_back(table_block(ft));
    sec.blocks.push_back(paragraph(
        "Strength is the share of the gap to the target closed per " + (s.tick_unit.empty() ? std::string("tick") : s.tick_unit) +
        "; for water it is the socialization rate toward the culture's code."));

    std::string dims;
    for (const auto& d : s.dimensions) dims += (dims.empty() ? "" : " · ") + d.name;
    doc::Table tt;
    tt.header = {"team", "unit", "people", "intent (" + dims + ")", "leadership", "shielding", "drift at horizon"};
    tt.numeric = {false, false, true, false, true, true, true};
    std::vector<const model::Team*> order;
    for (const auto& f : focal)
        if (int i = s.team_index(f); i >= 0) order.push_back(&s.teams[std::size_t(i)]);
    for (const auto& t : s.teams)
        if (std::find(focal.begin(), focal.end(), t.name) == focal.end()) order.push_back(&t);
    for (const auto* t : order) {
        const auto* b = at_horizon(in.result, t->name, "drift");
        tt.rows.push_back({t->name, t->unit, std::to_string(t->size), full_vector_text(s, t->intent),
                           num(t->leadership), num(t->shielding),
                           b ? with_interval(b->q50, b->q05, b->q95) : "—"});
    }
    sec.blocks.push_back(heading("Teams"));
    sec.blocks.push_back(paragraph("Focal teams first (those with ventures, then those whose intent is furthest "
                                   "from the organization's baseline); drift is the median with the middle 90% of runs."));
    sec.blocks.push_back(table_block(tt));

    if (!s.events.empty()) {
        doc::Table et;
        et.header = {s.tick_unit.empty() ? "tick" : s.tick_unit, "event", "changes"};
        et.numeric = {true, false, false};
        for (const auto& e : s.events) et.rows.push_back({std::to_string(e.tick), e.label, event_changes(s, e)});
        sec.blocks.push_back(heading("Scheduled events"));
        sec.blocks.push_back(table_block(et));
    }
    return sec;
}

// [drift] -------------------------------------------------------------------------------------

doc::Section drift_section(const ReportInputs& in, const std::vector<std::string>& focal) {
    const auto& s = in.scenario;
    const auto& r = in.result;
    doc::Section sec{"drift", "Drift over time", {}};
    sec.blocks.push_back(paragraph(
        "Drift is the distance between a team's average practice and its leaders' intent, on a 0–1 scale: "
        "0 means the team does what was intended. The dark band holds the middle half of runs, the light "
        "band 90% of them, the line is the median."));
    double ymax = 0.0;
    for (const auto& f : focal)
        if (const auto* ser = r.find_series(f, "drift"))
            for (const auto& b : ser->ticks) ymax = std::max(ymax, b.q95);
    const Range dom = nice_domain(0.0, std::max(ymax, 0.05), 4);
    std::vector<doc::Figure> figs;
    doc::Table kt;
    kt.header = {"team", "drift at start", "drift at horizon (5–95%)", "intent kept (5–95%)"};
    kt.numeric = {false, true, true, true};
    for (const auto& f : focal) {
        const auto* ser = r.find_series(f, "drift");
        if (!ser || ser->ticks.empty()) continue;
        Chart c = fan_chart(*ser, f, "drift from intent", s.tick_unit, dom);
        const Kept k = intent_kept(r, f);
        const auto& h = ser->ticks.back();
        c.caption = k.known ? "Keeps " + pct_interval(k.value, k.lo, k.hi) + " of its intended difference from the "
                              "default; median drift " + num(h.q50) + "."
                            : "Median drift at the horizon " + num(h.q50) + ".";
        c.preferred_height = 250;
        figs.push_back({c, 340, 250});
        kt.rows.push_back({f, num(ser->ticks.front().q50), with_interval(h.q50, h.q05, h.q95),
                           k.known ? pct_interval(k.value, k.lo, k.hi) : "—"});
    }
    if (figs.empty()) {
        sec.blocks.push_back(note({{"The results hold no drift series (the engine recorded none)."}}));
        return sec;
    }
    sec.blocks.push_back(figures(std::move(figs), 2));
    sec.blocks.push_back(table_block(kt));
    sec.blocks.push_back(paragraph("Intent kept: " + measure_meaning("intent_kept") + "."));

    std::vector<std::string> all;
    for (const auto& f : focal) all.push_back(f);
    for (const auto& t : s.teams)
        if (std::find(focal.begin(), focal.end(), t.name) == focal.end()) all.push_back(t.name);
    Chart dots = horizon_dot_chart(r, all, "drift", "Drift of every team at the horizon", "drift from intent");
    dots.caption = "Teams far to the right have moved furthest from what their leaders intend.";
    if (all.size() > focal.size())
        sec.blocks.push_back(note({{(focal.size() == 1 ? "The fan chart shows the focal team"
                                                       : "Fan charts show the " + std::to_string(focal.size()) + " focal teams") +
                                    std::string("; the chart below shows all ") + std::to_string(all.size()) +
                                    " teams at the horizon."}}));
    sec.blocks.push_back(figures({{dots, 680, 0}}, 1));
    return sec;
}

// [practice] ----------------------------------------------------------------------------------

doc::Section practice_section(const ReportInputs& in, const std::vector<std::string>& focal) {
    const auto& s = in.scenario;
    doc::Section sec{"practice", "The practice map", {}};
    if (s.dimensions.size() < 2 || focal.empty()) {
        sec.blocks.push_back(note({{"The practice map needs at least two practice dimensions."}}));
        return sec;
    }
    // The two dimensions on which the first focal team wants to differ most from the organization.
    const auto* team = &s.teams[std::size_t(std::max(0, s.team_index(focal.front())))];
    std::vector<std::pair<double, int>> gaps;
    for (std::size_t d = 0; d < s.dimensions.size(); ++d) {
        const double base = d < s.organization.baseline.size() ? s.organization.baseline[d] : 0.5;
        const double m = d < team->intent.size() ? team->intent[d] : base;
        gaps.push_back({-std::abs(m - base), int(d)});
    }
    std::stable_sort(gaps.begin(), gaps.end());
    int dx = std::min(gaps[0].second, gaps[1].second), dy = std::max(gaps[0].second, gaps[1].second);
    Chart c = practice_map(s, in.result, dx, dy, focal);
    bool trails = false;
    for (const auto& f : focal)
        if (in.result.find_series(f, "practice:" + s.dimensions[dx].name)) trails = true;
    c.caption = "Diamonds: what teams intend. Rings: where gravity forces pull. Triangles: where delivered work landed.";
    if (trails) c.caption += " Lines: each team's median path, ending in a dot at the horizon.";
    sec.blocks.push_back(paragraph("Each team's practice is a point in the space of " + std::to_string(s.dimensions.size()) +
                                   " dimensions; this map shows " + s.dimensions[dx].name + " and " +
                                   s.dimensions[dy].name + ", the two on which " + focal.front() +
                                   " means to differ most from the organization. The distance from a "
                                   "diamond to the rings is the tension the team lives with."));
    sec.blocks.push_back(figures({{c, 560, 520}}, 1));
    if (!trails)
        sec.blocks.push_back(note({{"Team trails are not drawn: this run recorded no per-dimension practice "
                                    "series. The drift charts show how far each team moved."}}));
    return sec;
}

// [friction] ----------------------------------------------------------------------------------

doc::Section friction_section(const ReportInputs& in, const std::vector<std::string>& focal) {
    const auto& s = in.scenario;
    const auto& r = in.result;
    doc::Section sec{"friction", "Friction", {}};
    sec.blocks.push_back(paragraph("Friction is what a team feels when its practice departs from where the forces "
                                   "pull it (0 = none). It costs capacity and makes people leave."));
    std::vector<std::pair<double, std::string>> others;
    for (const auto& t : s.teams) {
        if (std::find(focal.begin(), focal.end(), t.name) != focal.end()) continue;
        const auto* ser = r.find_series(t.name, "friction");
        if (!ser) continue;
        double sum = 0;
        for (const auto& b : ser->ticks) sum += b.q50;
        others.push_back({-sum, t.name});
    }
    std::stable_sort(others.begin(), others.end());
    std::vector<std::string> rows = focal;
    for (const auto& [v, n] : others) rows.push_back(n);
    const int horizon = r.info.horizon > 0 ? r.info.horizon : s.horizon;
    Chart h = heatmap_chart(r, rows, "friction", "Friction by team over time", s.tick_unit, horizon);
    if (h.rows.empty()) {
        sec.blocks.push_back(note({{"The results hold no friction series."}}));
        return sec;
    }
    h.caption = "Dark rows feel the most friction; vertical stripes are the pulses of scheduled forces.";
    sec.blocks.push_back(figures({{h, 680, 0}}, 1));

    doc::Table t;
    t.header = {"team", "friction at horizon (5–95%)", "capacity at horizon", "leavers per " + (s.tick_unit.empty() ? std::string("tick") : s.tick_unit)};
    t.numeric = {false, true, true, true};
    for (const auto& n : h.rows) {
        if (t.rows.size() >= 8) break;
        const auto* f = at_horizon(r, n, "friction");
        const auto* c = at_horizon(r, n, "capacity");
        const auto* l = r.find_series(n, "leavers");
        double mean_leavers = std::nan("");
        if (l && !l->ticks.empty()) {
            double sum = 0;
            for (const auto& b : l->ticks) sum += b.mean;
            mean_leavers = sum / l->ticks.size();
        }
        t.rows.push_back({n, f ? with_interval(f->q50, f->q05, f->q95) : "—", c ? num(c->q50) : "—",
                          std::isfinite(mean_leavers) ? num(mean_leavers) : "—"});
    }
    sec.blocks.push_back(table_block(t));
    return sec;
}

// [ventures] ----------------------------------------------------------------------------------

doc::Section ventures_section(const ReportInputs& in) {
    const auto& s = in.scenario;
    const auto& r = in.result;
    doc::Section sec{"ventures", "Ventures", {}};
    if (s.ventures.empty()) {
        sec.blocks.push_back(note({{"This scenario has no ventures."}}));
        return sec;
    }
    const int horizon = r.info.horizon > 0 ? r.info.horizon : s.horizon;
    if (!r.survival.empty()) {
        Chart c = survival_chart(r.survival, horizon, s.tick_unit);
        c.caption = "Steep drops are when ventures die; shaded bands are 95% intervals.";
        sec.blocks.push_back(figures({{c, 680, 320}}, 1));
    }
    doc::Table t;
    t.header = {"venture", "team", "P(success) 95% CI", "expected value", "total value", "salvage if it fails",
                "benefit promoted if it fails", "median recovery", "main cause of failure", "trip-wire"};
    t.numeric = {false, false, true, true, true, true, true, true, false, false};
    for (const auto& v : s.ventures) {
        auto sc = [&](const char* m) { return r.find_scalar(v.name, m); };
        const auto* ps = sc("p_success");
        const auto* ev = sc("expected_value");
        const auto* sal = sc("expected_salvage_given_failure");
        const auto* pp = sc("p_promotable_given_failure");
        const auto* rec = sc("recovery_ticks_median");
        const auto* total = sc("expected_total_value");
        const auto* captured = sc("expected_captured_value");
        const auto* lost = sc("expected_lost_value");
        std::string expected = ev ? num(ev->value) + " of " + num(v.value) : "—";
        // An unsolvable goal is never solved; show what framing captured and what was lost.
        if (captured && lost && captured->n > 0)
            expected += " (captured " + num(captured->value) + ", lost " + num(lost->value) + ")";
        // Trip-wire: how soon it caught a spiral (mean, 10-90% range), or how often it tripped on
        // work that could be solved.
        std::string trip = "—";
        const auto* pt = sc("p_tripwire");
        const auto* detect = sc("tripwire_detection_ticks");
        const auto* q10 = sc("tripwire_detection_ticks_q10");
        const auto* q90 = sc("tripwire_detection_ticks_q90");
        const auto* alarm = sc("p_false_alarm");
        if (v.problem_class == model::ProblemClass::Unsolvable && pt) {
            trip = format_percent(pt->value) + " tripped";
            if (detect && detect->n > 0 && q10 && q90)
                trip += ", after " + num(detect->value) + " " + plural(s.tick_unit) + " (" + num(q10->value) + "–" +
                        num(q90->value) + ")";
        } else if (alarm) {
            trip = format_percent(alarm->value) + " false alarms";
        }
        std::string recovery = "—";  // undefined without a promoted failure
        if (rec && rec->n > 0)
            recovery = rec->value < 0 ? "not by the horizon" : duration_phrase(int(std::lround(rec->value)), s.tick_unit);
        std::string cause = "—";
        double best = 0;
        for (const auto& x : r.scalars)
            if (x.entity == v.name && x.measure.rfind("p_cause:", 0) == 0 && x.value > best) {
                best = x.value;
                cause = x.measure.substr(8) + " (" + format_percent(x.value) + ")";
            }
        const auto* pf = sc("p_failure");
        const bool failed = pf && pf->value > 0;
        t.rows.push_back({v.name, v.team, ps ? pct_interval(ps->value, ps->lo, ps->hi) : "—",
                          expected, total && total->n > 0 ? num(total->value) : "—",
                          failed && sal ? with_interval(sal->value, sal->lo, sal->hi) : "—",
                          failed && pp ? pct_interval(pp->value, pp->lo, pp->hi) : "—", recovery, cause, trip});
    }
    sec.blocks.push_back(table_block(t));
    return sec;
}

// [gifts] -------------------------------------------------------------------------------------

doc::Section gifts_section(const ReportInputs& in) {
    const auto& s = in.scenario;
    const auto& r = in.result;
    doc::Section sec{"gifts", "Gifts of failure", {}};
    if (s.ventures.empty()) {
        sec.blocks.push_back(note({{"This scenario has no ventures, so nothing can fail usefully."}}));
        return sec;
    }
    sec.blocks.push_back(paragraph("When a venture fails, what is left? Finished stepping stones keep their own "
                                   "value, and a secondary benefit may be promoted to a venture of its own."));
    std::vector<RankedValue> bars;
    doc::Table st;
    st.header = {"stone", "venture", "value", "done when it fails", "expected salvage (95% CI)"};
    st.numeric = {false, false, true, true, true};
    std::vector<sim::Scalar> ranked;
    for (const auto& x : r.scalars)
        if (x.measure == "salvage_rank_value") ranked.push_back(x);
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const sim::Scalar& a, const sim::Scalar& b) { return a.value > b.value; });
    for (const auto& x : ranked) {
        const auto slash = x.entity.find('/');
        const std::string vname = x.entity.substr(0, slash);
        const std::string stone = slash == std::string::npos ? x.entity : x.entity.substr(slash + 1);
        double value = 0;
        const int vi = s.venture_index(vname);
        if (vi >= 0)
            for (const auto& st2 : s.ventures[std::size_t(vi)].stones)
                if (st2.name == stone) value = st2.value;
        const std::string label = s.ventures.size() > 1 ? stone + " (" + vname + ")" : stone;
        bars.push_back({label, x.value, x.lo, x.hi, categorical(std::size_t(std::max(0, vi)))});
        st.rows.push_back({stone, vname, num(value), value > 0 ? format_percent(x.value / value) : "—",
                           with_interval(x.value, x.lo, x.hi)});
    }
    if (!bars.empty()) {
        Chart c = ranked_bars(bars, "Stones ranked by expected salvage given failure", "expected salvage", "value units");
        c.caption = "The longest bars are the stones most worth starting early: they pay even if the venture dies.";
        sec.blocks.push_back(figures({{c, 680, 0}}, 1));
        sec.blocks.push_back(table_block(st));
    }

    // Secondary benefits by promotion odds, from the per-replicate outcomes.
    doc::Table bt;
    bt.header = {"benefit", "venture", "value", "promoted when it fails (95% CI)", "median recovery"};
    bt.numeric = {false, false, true, true, true};
    for (const auto& v : s.ventures) {
        std::int64_t failures = 0;
        std::map<std::string, std::int64_t> promoted;
        std::map<std::string, std::vector<double>> recovery;
        for (const auto& o : r.outcomes) {
            if (o.venture != v.name || o.status != sim::VentureStatus::Failed) continue;
            ++failures;
            if (o.promoted.empty()) continue;
            ++promoted[o.promoted];
            recovery[o.promoted].push_back(o.recovery_ticks >= 0 ? o.recovery_ticks : std::numeric_limits<double>::infinity());
        }
        std::vector<std::pair<double, const model::SecondaryBenefit*>> order;
        for (const auto& b : v.benefits) order.push_back({-double(promoted[b.name]), &b});
        std::stable_sort(order.begin(), order.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        for (const auto& [neg, b] : order) {
            const Proportion p = wilson(promoted[b->name], failures);
            const double med = median(recovery[b->name]);
            bt.rows.push_back({b->name, v.name, num(b->value), failures > 0 ? pct_interval(p.p, p.lo, p.hi) : "no failures",
                               std::isnan(med) ? "—" : std::isinf(med) ? "not by the horizon" : duration_phrase(int(std::lround(med)), s.tick_unit)});
        }
    }
    sec.blocks.push_back(heading("Secondary benefits"));
    if (bt.rows.empty())
        sec.blocks.push_back(paragraph("No venture names a secondary benefit."));
    else {
        sec.blocks.push_back(table_block(bt));
        sec.blocks.push_back(paragraph("Recovery is the time from the failure to the promoted benefit's first value."));
    }
    return sec;
}

// [attribution] -------------------------------------------------------------------------------

doc::Section attribution_section(const ReportInputs& in) {
    doc::Section sec{"attribution", "Hidden forces", {}};
    sec.blocks.push_back(paragraph("What causes what: the share of a measure due to each force and to the teams' "
                                   "collaboration links, leadership and hiring, from runs with and without each on "
                                   "the same random numbers (Shapley attribution; the shares add up to the whole "
                                   "difference)."));
    if (!in.attribution || in.attribution->empty()) {
        sec.blocks.push_back(not_computed("Attribution", "orgforces attribute", "--attribution"));
        return sec;
    }
    std::map<std::string, std::vector<AttributionRow>> by_measure;
    std::vector<std::string> order;
    for (const auto& a : *in.attribution) {
        const std::string key = measure_of(a.measure, a.entity);
        if (!by_measure.count(key)) order.push_back(key);
        by_measure[key].push_back(a);
    }
    doc::Table t;
    t.header = {"contributor", "group", "measure", "contribution (95% CI)", "share"};
    t.numeric = {false, false, false, true, true};
    std::vector<doc::Figure> figs;
    for (const auto& key : order) {
        auto rows = by_measure[key];
        std::stable_sort(rows.begin(), rows.end(),
                         [](const AttributionRow& a, const AttributionRow& b) { return std::abs(a.value) > std::abs(b.value); });
        double total = 0;
        for (const auto& a : rows) total += a.value;
        std::vector<Contribution> parts;
        std::vector<std::pair<std::string, double>> groups;
        for (const auto& a : rows) {
            parts.push_back({a.force, a.kind, a.value, a.lo, a.hi});
            t.rows.push_back({a.force, group_label(a.kind), key, with_interval(a.value, a.lo, a.hi),
                              total != 0 ? format_percent(a.value / total) : "—"});
            auto g = std::find_if(groups.begin(), groups.end(), [&](const auto& x) { return x.first == a.kind; });
            if (g == groups.end()) groups.push_back({a.kind, a.value});
            else g->second += a.value;
        }
        std::string by_group;
        std::stable_sort(groups.begin(), groups.end(),
                         [](const auto& a, const auto& b) { return std::abs(a.second) > std::abs(b.second); });
        for (const auto& [g, v] : groups)
            by_group += (by_group.empty() ? "" : ", ") + group_label(g) + " " + signed_num(v) +
                        (total != 0 ? " (" + format_percent(v / total) + ")" : "");
        Chart c = ranked_bars(contribution_bars(parts), "What causes " + key, "contribution to " + key, "");
        c.legend = group_legend(parts);
        c.caption = "By group: " + by_group + ". The longest bars are what to act on; water forces are the ones "
                    "nobody decided.";
        figs.push_back({c, 680, 0});
    }
    sec.blocks.push_back(figures(std::move(figs), 1));
    sec.blocks.push_back(table_block(t));
    return sec;
}

// [levers] ------------------------------------------------------------------------------------

/// The global ranking: per measure, the total Sobol index of each parameter over its range.
void global_levers_blocks(const GlobalLevers& g, doc::Section& sec) {
    // A share of variance lies in [0, 1]; estimates and their bootstrap ends can stray outside it.
    auto share = [](double v, double lo, double hi) {
        return with_interval(std::clamp(v, 0.0, 1.0), std::clamp(lo, 0.0, 1.0), std::clamp(hi, 0.0, 1.0));
    };
    // First-order indices need a larger design than total ones; below 128 base points their
    // intervals span most of [0, 1] and would only mislead.
    const bool show_alone = g.samples >= 128;
    sec.blocks.push_back(paragraph(
        "Each parameter varies over a range at once with all the others (a Sobol design of " + std::to_string(g.points) +
        " settings, " + std::to_string(g.replicates) + " runs each on the same random numbers). A bar is the share of "
        "the outcome's variation the parameter accounts for, alone or with the others (total Sobol index): the longest "
        "bars are the strongest levers, and a bar near zero marks a parameter that does not matter over its range."));
    auto rows = g.rows;
    std::stable_sort(rows.begin(), rows.end(), [](const GlobalLeverRow& a, const GlobalLeverRow& b) { return a.st > b.st; });
    std::map<std::string, std::vector<RankedValue>> by_measure;
    std::map<std::string, doc::Table> tables;
    std::vector<std::string> order;
    doc::Table ranges;
    ranges.header = {"parameter", "values ranked over"};
    bool any_uncertain = false;
    for (const auto& l : rows) {
        const std::string m = measure_label(l.measure);
        if (!by_measure.count(m)) {
            order.push_back(m);
            auto& t = tables[m];
            t.header = {"parameter", "share of " + m + " (95% CI)"};
            t.numeric = {false, true};
            if (show_alone) t.header.push_back("alone (95% CI)"), t.numeric.push_back(true);
            t.header.push_back("raising it");
            t.numeric.push_back(false);
        }
        const bool up = l.correlation >= 0;
        const std::string label = parameter_label(l.path) + (l.uncertain ? " *" : "");
        any_uncertain = any_uncertain || l.uncertain;
        if (by_measure[m].size() < 8)
            by_measure[m].push_back({label, std::clamp(l.st, 0.0, 1.0), std::clamp(l.st_lo, 0.0, 1.0),
                                     std::clamp(l.st_hi, 0.0, 1.0), up ? categorical(5) : categorical(0)});
        // Each chart's table lists the parameters that matter: its top five.
        auto& t = tables[m];
        if (t.rows.size() < 5) {
            std::vector<std::string> row{label, share(l.st, l.st_lo, l.st_hi)};
            if (show_alone) row.push_back(share(l.s1, l.s1_lo, l.s1_hi));
            row.push_back(std::abs(l.correlation) < 0.05 ? "—" : up ? "raises it" : "lowers it");
            t.rows.push_back(std::move(row));
        }
        if (std::none_of(ranges.rows.begin(), ranges.rows.end(), [&](const auto& r) { return r[0] == label; }))
            ranges.rows.push_back({label, l.range});
    }
    // Each measure: its chart, then the numbers of its strongest levers.
    for (const auto& m : order) {
        Chart c = ranked_bars(by_measure[m], "Levers on " + m, "share of the variation of " + m, "");
        c.legend = {{"raising it raises " + m, LegendKind::Swatch, categorical(5)},
                    {"raising it lowers " + m, LegendKind::Swatch, categorical(0)}};
        c.caption = "Total Sobol index with its 95% bootstrap interval: the share of the variation of " + m +
                    " over the ranges that goes away when the parameter is known.";
        sec.blocks.push_back(figures({{c, 680, 0}}, 1));
        sec.blocks.push_back(table_block(tables[m]));
    }
    sec.blocks.push_back(heading("The ranges"));
    sec.blocks.push_back(table_block(ranges));
    sec.blocks.push_back(paragraph(
        {{std::string("Settings vary by half their value either way. ") +
          (any_uncertain ? "* marks a parameter the scenario lists as uncertain, varied over its prior. " : "") +
          (show_alone ? "Alone counts the parameter's own effect, the share its interactions with the others. "
                      : "Shares alone, without interactions, need a larger design (--lever-samples 128 or more). ") +
          "The local ranking, each parameter moved by 10% around its value: "},
         {"orgforces report FILE --levers local", Span::Style::Code},
         {"."}}));
}

doc::Section levers_section(const ReportInputs& in) {
    doc::Section sec{"levers", "Levers", {}};
    if (in.global_levers && !in.global_levers->rows.empty()) {
        global_levers_blocks(*in.global_levers, sec);
        return sec;
    }
    sec.blocks.push_back(paragraph("How much each tunable parameter moves the outcome across its range, on the same "
                                   "random numbers: the longest bars are the strongest levers."));
    if (!in.levers || in.levers->empty()) {
        sec.blocks.push_back(not_computed("Levers", "orgforces levers", "--levers"));
        return sec;
    }
    auto rows = *in.levers;
    std::stable_sort(rows.begin(), rows.end(), [](const LeverRow& a, const LeverRow& b) {
        return std::abs(a.high - a.low) > std::abs(b.high - b.low);
    });
    std::map<std::string, std::vector<TornadoRow>> by_measure;
    std::vector<std::string> order;
    doc::Table t;
    t.header = {"parameter", "measure", "lowered", "raised", "swing (95% CI)"};
    t.numeric = {false, false, true, true, true};
    for (const auto& l : rows) {
        const std::string m = measure_label(l.measure);
        if (!by_measure.count(m)) order.push_back(m);
        if (by_measure[m].size() < 12) by_measure[m].push_back({parameter_label(l.path), l.low, l.high});
        t.rows.push_back({parameter_label(l.path), m, signed_num(l.low), signed_num(l.high),
                          with_interval(l.high - l.low, l.lo, l.hi)});
    }
    std::vector<doc::Figure> figs;
    for (const auto& m : order) {
        Chart c = tornado_chart(by_measure[m], "Levers on " + m, "change of " + m);
        c.caption = "Each parameter lowered and raised by 10% of its value: bars left of zero lower " + m +
                    ", bars right of it raise it.";
        figs.push_back({c, 680, 0});
    }
    sec.blocks.push_back(figures(std::move(figs), 1));
    sec.blocks.push_back(table_block(t));
    return sec;
}

// [uncertainty] -------------------------------------------------------------------------------

/// The posterior predictive check: per observed series, the baseline's bands (runs drawn from the
/// posterior) with the observations over them.
std::vector<doc::Figure> predictive_figures(const ReportInputs& in, int& inside, int& total) {
    std::vector<doc::Figure> figs;
    for (const auto& [entity, measure] : observed_series(in.observed)) {
        const auto* ser = in.result.find_series(entity, measure);
        if (!ser || ser->ticks.empty()) continue;
        int in_here = 0, here = 0;
        figs.push_back({predictive_chart(*ser, in.observed, in.scenario.tick_unit, in_here, here), 340, 250});
        inside += in_here;
        total += here;
    }
    return figs;
}

doc::Section explored_section(const ReportInputs& in) {
    doc::Section sec{"explored", "Settings explored", {}};
    if (in.sweep && !in.sweep->curves.empty()) {
        const auto& sw = *in.sweep;
        sec.blocks.push_back(paragraph("Sweep " + std::to_string(sw.id) + ": " + std::to_string(sw.points) +
                                       " settings of " + std::to_string(sw.replicates) +
                                       " runs each, on common random numbers. Each chart follows one measure as one "
                                       "parameter moves (averaged over the other swept parameters); the band is 5–95% "
                                       "of runs for a team, the 95% interval for a venture's figures."));
        std::vector<doc::Figure> figs;
        for (const auto& c : sw.curves) figs.push_back({sweep_chart(c), 420, 300});
        sec.blocks.push_back(figures(std::move(figs), 2));
    } else {
        sec.blocks.push_back(note({{"No sweep shown: "}, {"orgforces sweep FILE --grid PATH=FROM:TO:STEPS", Span::Style::Code},
                                   {" stores one, and "}, {"--sweep ID", Span::Style::Code},
                                   {" charts its measures against each swept parameter here."}}));
    }
    if (in.pareto && !in.pareto->front.empty() && in.pareto->objectives.size() >= 2) {
        const auto& p = *in.pareto;
        sec.blocks.push_back(heading("Trade-offs between objectives"));
        sec.blocks.push_back(paragraph("A policy search over " + std::to_string(p.decisions.size()) +
                                       " setting" + (p.decisions.size() == 1 ? "" : "s") + " (" +
                                       std::to_string(p.evaluations) + " evaluations): every point of the front is a "
                                       "setting no other evaluated setting beats on every objective, so choosing among "
                                       "them is choosing a trade-off."));
        sec.blocks.push_back(figures({{pareto_chart(p), 560, 420}}, 1));
        doc::Table t;
        for (const auto& d : p.decisions) t.header.push_back(parameter_label(d));
        for (const auto& o : p.objectives) {
            const auto colon = o.find(':');
            t.header.push_back(colon == std::string::npos ? measure_label(o) : measure_of(o.substr(0, colon), o.substr(colon + 1)));
        }
        t.numeric.assign(t.header.size(), true);
        for (const auto& pt : p.front) {
            std::vector<std::string> row;
            for (double v : pt.decision) row.push_back(num(v));
            for (std::size_t m = 0; m < pt.objectives.size(); ++m) {
                const auto& o = p.objectives[m];
                row.push_back(is_probability(o.substr(0, o.find(':'))) ? format_percent(pt.objectives[m]) : num(pt.objectives[m]));
            }
            t.rows.push_back(std::move(row));
        }
        sec.blocks.push_back(table_block(t));
    } else {
        sec.blocks.push_back(note({{"No policy search shown: "},
                                   {"orgforces optimize FILE --decide PATH=LO:HI --objective M1 --objective M2 --json > front.json",
                                    Span::Style::Code},
                                   {" finds the front, and "}, {"--pareto front.json", Span::Style::Code},
                                   {" draws it here."}}));
    }
    return sec;
}

doc::Section uncertainty_section(const ReportInputs& in) {
    doc::Section sec{"uncertainty", "How sure we are", {}};
    const auto& s = in.scenario;
    if (in.drawn_from.empty()) {
        doc::Inline text{{"Bands and intervals in this report cover chance only: every run used the scenario's own "
                          "values, which are guesses. "}};
        if (!s.uncertain.empty()) {
            text.push_back({"The scenario lists " + std::to_string(s.uncertain.size()) + " uncertain parameters; "});
            text.push_back({"orgforces report FILE --uncertain", Span::Style::Code});
            text.push_back({" draws them per plausible world so bands cover ignorance too, and "});
        } else {
            text.push_back({"An "});
            text.push_back({"uncertain:", Span::Style::Code});
            text.push_back({" block (docs/uncertainty.md) lists what is not known; then "});
        }
        text.push_back({"--posterior ID", Span::Style::Code});
        text.push_back({" draws them from a calibration to the organization's own data."});
        sec.blocks.push_back(note(std::move(text)));
        return sec;
    }
    sec.blocks.push_back(paragraph({{"Bands and intervals in this report cover chance and ignorance:", Span::Style::Strong},
                                    {" each block of " + std::to_string(in.per_world) + " runs is one plausible world "
                                     "whose parameters were drawn from " + in.drawn_from + ", and every what-if variant "
                                     "saw the same worlds and random numbers."}}));
    if (!in.calibration_id && !s.uncertain.empty()) {
        doc::Table t;
        t.header = {"parameter", "prior"};
        for (const auto& p : s.uncertain) t.rows.push_back({parameter_label(p.path), model::describe(p)});
        sec.blocks.push_back(table_block(t));
    }
    if (in.calibration_id) {
        sec.blocks.push_back(heading("Posterior predictive check"));
        int inside = 0, total = 0;
        auto figs = predictive_figures(in, inside, total);
        if (figs.empty()) {
            sec.blocks.push_back(note({{"Calibration " + std::to_string(*in.calibration_id) +
                                        " holds no observations of the series this report simulates; re-run "},
                                       {"orgforces calibrate", Span::Style::Code},
                                       {" to store them with the posterior."}}));
            return sec;
        }
        sec.blocks.push_back(paragraph("The observations calibration " + std::to_string(*in.calibration_id) +
                                       " was fitted to, over the bands of this report's runs: " + std::to_string(inside) +
                                       " of " + std::to_string(total) + " fall inside the middle 90%. Points far outside "
                                       "the bands mean the model, or its priors, cannot reproduce what was observed."));
        const int columns = figs.size() == 1 ? 1 : 2;
        if (columns == 1) figs.front().width = 680, figs.front().height = 300;
        sec.blocks.push_back(figures(std::move(figs), columns));
    }
    return sec;
}

// [whatif] ------------------------------------------------------------------------------------

/// Mean and 95% interval of a difference, paired by replicate when both sides have the values.
struct Diff {
    bool known = false;
    double value = 0, lo = 0, hi = 0;
};

// The one paired statistic of the project (sim/whatif.hpp): Student t on per-replicate differences.
Diff paired_diff(const std::vector<double>& a, const std::vector<double>& b) {
    Diff d;
    if (a.size() != b.size() || a.size() < 2) return d;
    const sim::Difference x = sim::paired_difference(a, b);
    d.known = true;
    d.value = x.diff;
    d.lo = x.lo;
    d.hi = x.hi;
    return d;
}

const std::vector<double>* horizon_values(const sim::EnsembleResult& r, const std::string& e, const std::string& m) {
    for (const auto& hv : r.horizon_values)
        if (hv.entity == e && hv.measure == m) return &hv.values;
    return nullptr;
}

Diff measure_diff(const sim::EnsembleResult& base, const sim::EnsembleResult& var, const std::string& team,
                  const std::string& measure) {
    const auto* a = horizon_values(base, team, measure);
    const auto* b = horizon_values(var, team, measure);
    if (a && b && a->size() == b->size()) return paired_diff(*a, *b);
    // Unpaired: difference of means with the two confidence half-widths combined (sim/whatif.hpp).
    const auto* x = at_horizon(base, team, measure);
    const auto* y = at_horizon(var, team, measure);
    Diff d;
    if (!x || !y) return d;
    const sim::Difference u = sim::unpaired_difference(x->mean, x->ci_lo, x->ci_hi, y->mean, y->ci_lo, y->ci_hi,
                                                       std::min(base.info.replicates, var.info.replicates));
    d.known = true;
    d.value = u.diff;
    d.lo = u.lo;
    d.hi = u.hi;
    return d;
}

Diff drift_diff(const sim::EnsembleResult& base, const sim::EnsembleResult& var, const std::string& team) {
    return measure_diff(base, var, team, "drift");
}

Diff success_diff(const sim::EnsembleResult& base, const sim::EnsembleResult& var, const std::string& venture) {
    std::map<int, double> a, b;
    for (const auto& o : base.outcomes)
        if (o.venture == venture) a[o.replicate] = o.status == sim::VentureStatus::Succeeded;
    for (const auto& o : var.outcomes)
        if (o.venture == venture) b[o.replicate] = o.status == sim::VentureStatus::Succeeded;
    std::vector<double> xa, xb;
    for (const auto& [rep, v] : a)
        if (auto it = b.find(rep); it != b.end()) xa.push_back(v), xb.push_back(it->second);
    // A change of a probability cannot exceed 100 points, whatever a small sample's t interval says.
    Diff d = paired_diff(xa, xb);
    d.lo = std::max(d.lo, -1.0);
    d.hi = std::min(d.hi, 1.0);
    return d;
}


std::vector<sim::RobustComparison> robust_rows(const ReportInputs& in, const VariantResult& v,
                                               const std::vector<std::string>& focal);
std::string robust_phrase(const sim::RobustComparison& c);

// [decision] ----------------------------------------------------------------------------------
// The answer a planning review asks for: which variant to choose and what it costs. Every sentence
// follows from the paired differences by rules stated in docs/report.md ("The decision"):
//  - a change is clear when its paired 95% interval excludes zero;
//  - variants are ranked by their paired change in the focus team's drift (most lowered first);
//  - the recommended variant is the best-ranked one that clearly lowers drift and clearly worsens
//    none of felt friction or a venture's chance of success; a better-ranked one with a clear cost
//    is named with that cost;
//  - the next choice is the best-ranked other variant that clearly lowers drift at no clear cost
//    (named with its rank on drift); when the data cannot separate it from the recommendation on
//    drift (their own paired interval includes zero), the paragraph says so.

/// A change in prose: "(−0.048; 95% CI −0.050 to −0.046)", "(+40 pts; 95% CI +24 to +56)".
std::string prose_change(const Diff& d, bool pts) {
    const std::string full = format_change(d.value, d.lo, d.hi, pts);   // "v (lo to hi)"
    const auto open = full.find(" (");
    return "(" + full.substr(0, open) + "; 95% CI " + full.substr(open + 2, full.size() - open - 3) + ")";
}

/// People who left `team` over the whole run, on average (the sum of the mean leavers per tick).
double people_lost(const sim::EnsembleResult& r, const std::string& team) {
    const auto* l = r.find_series(team, "leavers");
    if (!l || l->ticks.empty()) return std::nan("");
    double sum = 0;
    for (std::size_t t = 1; t < l->ticks.size(); ++t) sum += l->ticks[t].mean;
    return sum;
}

struct Option {
    const VariantResult* v = nullptr;
    Diff drift, friction;
    std::vector<Diff> success;     ///< per focus venture
    double lost = std::nan("");    ///< change in people lost (mean; no per-run totals are recorded)
    Kept kept;
    std::vector<std::string> costs;  ///< measures it clearly worsens, in words
    bool clear_gain() const { return drift.known && drift.hi < 0; }
};

std::vector<const model::Venture*> focus_ventures(const model::Scenario& s, const std::string& team) {
    std::vector<const model::Venture*> out;
    for (const auto& v : s.ventures)
        if (v.team == team) out.push_back(&v);
    return out;
}

std::vector<Option> ranked_options(const ReportInputs& in, const std::string& f) {
    const auto ventures = focus_ventures(in.scenario, f);
    std::vector<Option> out;
    const double lost0 = people_lost(in.result, f);
    for (const auto& v : in.variants) {
        Option o;
        o.v = &v;
        o.drift = drift_diff(in.result, v.result, f);
        o.friction = measure_diff(in.result, v.result, f, "friction");
        o.kept = intent_kept(v.result, f);
        o.lost = people_lost(v.result, f) - lost0;
        if (o.friction.known && o.friction.lo > 0)
            o.costs.push_back("raises " + f + "'s felt friction " + prose_change(o.friction, false));
        for (const auto* vv : ventures) {
            o.success.push_back(success_diff(in.result, v.result, vv->name));
            const Diff& d = o.success.back();
            if (d.known && d.hi < 0)
                o.costs.push_back("lowers " + vv->name + "'s chance of success " + prose_change(d, true));
        }
        out.push_back(std::move(o));
    }
    std::stable_sort(out.begin(), out.end(), [](const Option& a, const Option& b) {
        const double x = a.drift.known ? a.drift.value : 1e300, y = b.drift.known ? b.drift.value : 1e300;
        return x < y;
    });
    return out;
}

/// 1st, 2nd, 3rd, 4th, …, 11th, 12th, 13th, 21st.
std::string ordinal(int n) {
    const int tens = n % 100, ones = n % 10;
    const char* suffix = tens >= 11 && tens <= 13 ? "th" : ones == 1 ? "st" : ones == 2 ? "nd" : ones == 3 ? "rd" : "th";
    return std::to_string(n) + suffix;
}

std::string join_words(const std::vector<std::string>& xs) {
    std::string out;
    for (std::size_t i = 0; i < xs.size(); ++i)
        out += (i == 0 ? "" : i + 1 == xs.size() ? " and " : ", ") + xs[i];
    return out;
}

/// The best-ranked variant that clearly lowers drift and clearly worsens nothing, or nullptr.
const Option* recommended(const std::vector<Option>& opts) {
    for (const auto& o : opts)
        if (o.clear_gain() && o.costs.empty()) return &o;
    return nullptr;
}

std::string recommendation(const ReportInputs& in, const std::string& f, const std::vector<Option>& opts) {
    const auto ventures = focus_ventures(in.scenario, f);
    const Kept k0 = intent_kept(in.result, f);
    const Option* rec = recommended(opts);
    std::string out;
    if (!rec) {
        out = "None of the " + std::to_string(opts.size()) + " variants clearly lowers " + f +
              "'s drift without a clear cost, so the numbers do not favour a change of policy";
        const Option* top = opts.empty() ? nullptr : &opts.front();
        if (top && top->clear_gain())
            out += ": " + top->v->name + " lowers drift most " + prose_change(top->drift, false) + " but " +
                   join_words(top->costs);
        return out + ".";
    }
    out = "Choose " + rec->v->name + ". ";
    if (rec->kept.known && k0.known)
        out += "It keeps " + format_percent(rec->kept.value) + " of " + f + "'s intended practice after " +
               duration_phrase(in.result.info.horizon > 0 ? in.result.info.horizon : in.scenario.horizon, in.scenario.tick_unit) +
               ", against " + format_percent(k0.value) + " in the baseline";
    else
        out += "It lowers " + f + "'s drift";
    // A recommendation lowers drift clearly: say which way it moves, the numbers follow.
    out += std::string(": its drift ") + (rec->drift.known && rec->drift.hi < 0 ? "falls " : "changes ") +
           prose_change(rec->drift, false);
    std::vector<std::string> gains;
    for (std::size_t i = 0; i < ventures.size() && i < rec->success.size(); ++i) {
        const Diff& d = rec->success[i];
        if (d.known && d.lo > 0)
            gains.push_back("raises " + ventures[i]->name + "'s chance of success " + prose_change(d, true));
    }
    if (rec->friction.known && rec->friction.hi < 0)
        gains.push_back("lowers " + f + "'s felt friction " + prose_change(rec->friction, false));
    out += gains.empty() ? ", and no other measure clearly changes." : "; it also " + join_words(gains) + ".";
    if (std::isfinite(rec->lost) && std::abs(rec->lost) >= 0.5)
        out += " About " + format_number(std::abs(rec->lost)) + (rec->lost > 0 ? " more" : " fewer") +
               " people leave " + f + " over the period.";
    // Better-ranked variants passed over, and why.
    for (const auto& o : opts) {
        if (&o == rec) break;
        if (o.clear_gain()) out += " " + o.v->name + " lowers drift more but " + join_words(o.costs) + ".";
    }
    // The next choice by the same rule (which need not be next on drift): can the data tell them apart?
    const Option* next = nullptr;
    for (const auto& o : opts)
        if (&o != rec && o.clear_gain() && o.costs.empty()) {
            next = &o;
            break;
        }
    if (next) {
        const auto* a = horizon_values(rec->v->result, f, "drift");
        const auto* b = horizon_values(next->v->result, f, "drift");
        if (a && b && a->size() == b->size()) {
            const Diff d = paired_diff(*a, *b);
            const std::string intro = " Of the other variants that clearly lower drift at no clear cost, the best-ranked is " +
                                      next->v->name + " (" + ordinal(int(next - opts.data()) + 1) + " on drift)";
            if (d.known && d.lo <= 0 && d.hi >= 0)
                out += intro + ", and the runs cannot separate the two on drift (" + next->v->name + " minus " +
                       rec->v->name + ": " + prose_change(d, false).substr(1) + "; choose between them on cost.";
            else if (d.known)
                out += intro + "; " + rec->v->name + " beats it on drift by " + format_range(d.lo, d.hi) + ".";
        }
    }
    return out;
}

std::vector<Block> decision_blocks(const ReportInputs& in, const std::vector<std::string>& focal) {
    std::vector<Block> out;
    const auto& s = in.scenario;
    if (focal.empty()) return out;
    const std::string& f = focal.front();
    if (in.variants.empty()) {
        if (!s.variants.empty())
            out.push_back(note({{"No recommendation yet: the scenario defines " + std::to_string(s.variants.size()) +
                                 " policies to compare; "},
                                {"orgforces report FILE --variants all", Span::Style::Code},
                                {" ranks them here."}}));
        return out;
    }
    const auto opts = ranked_options(in, f);
    out.push_back(heading("The decision"));
    out.push_back(paragraph({{recommendation(in, f, opts)}}, "answer"));
    const auto ventures = focus_ventures(s, f);
    doc::Table t;
    t.header = {"variant, ranked", "intent kept by " + f, "Δ drift (95% CI)", "Δ felt friction (95% CI)"};
    t.numeric = {false, true, true, true};
    t.group = {0, 1, 1, 2};
    int g = 3;
    for (const auto* v : ventures) {
        t.header.push_back("Δ chance of success, " + v->name + " (95% CI)");
        t.numeric.push_back(true);
        t.group.push_back(g++);
    }
    t.header.push_back("Δ people lost");
    t.numeric.push_back(true);
    t.group.push_back(g);
    const Kept k0 = intent_kept(in.result, f);
    {
        std::vector<std::string> row{"baseline", k0.known ? format_percent(k0.value) : "—", "—", "—"};
        for (std::size_t i = 0; i < ventures.size(); ++i) row.push_back("—");
        const double lost0 = people_lost(in.result, f);
        row.push_back(std::isfinite(lost0) ? format_number(lost0) + " people" : "—");
        t.rows.push_back(std::move(row));
    }
    int rank = 0;
    const Option* chosen = recommended(opts);
    for (const auto& o : opts) {
        auto change = [](const Diff& d, bool pts) { return d.known ? format_change(d.value, d.lo, d.hi, pts) : "—"; };
        std::vector<std::string> row{(&o == chosen ? "★ " : "") + std::to_string(++rank) + ". " + o.v->name,
                                     o.kept.known ? format_percent(o.kept.value) : "—",
                                     change(o.drift, false), change(o.friction, false)};
        for (const auto& d : o.success) row.push_back(change(d, true));
        row.push_back(std::isfinite(o.lost) ? format_signed(o.lost) : "—");
        t.rows.push_back(std::move(row));
    }
    out.push_back(table_block(t));
    out.push_back(paragraph(std::string(chosen ? "★ marks the recommendation. " : "") + "Δ is the change from the "
                            "baseline, paired run by run: each variant runs on the same random numbers as the baseline. "
                            "Variants are ranked by their Δ drift of " + f + " (lower is better). A change is clear "
                            "when its 95% interval excludes zero. Chances of success change in percentage points (pts). People lost is the average "
                            "number who leave " + f + " over the whole period; it has no interval because per-run "
                            "totals are not recorded."));
    if (!in.drawn_from.empty()) {
        // Under uncertainty: how often each variant lowers the focus team's drift, world by world.
        std::string text;
        for (const auto& o : opts)
            for (const auto& c : robust_rows(in, *o.v, {f}))
                if (c.measure == "drift" && c.entity == f) text += (text.empty() ? "" : "; ") + o.v->name + " " + robust_phrase(c);
        if (!text.empty())
            out.push_back(paragraph("Across plausible worlds (parameters drawn from " + in.drawn_from + "): " + text +
                                    ". The what-if section has every measure."));
    }
    return out;
}

// [robust] ------------------------------------------------------------------------------------
// Under uncertainty every arm drew the same plausible worlds (blocks of per_world runs) on the same
// random numbers: a variant is compared world by world (sim/whatif.hpp, compare_over_worlds).

/// The comparisons the report shows: drift and friction of the focal teams, every venture's chance of success.
std::vector<sim::RobustComparison> robust_rows(const ReportInputs& in, const VariantResult& v,
                                               const std::vector<std::string>& focal) {
    std::vector<sim::RobustComparison> out;
    for (auto& c : sim::compare_over_worlds(in.scenario, in.result, v.result, in.per_world)) {
        const bool team = c.measure == "drift" || c.measure == "friction";
        if (team ? std::find(focal.begin(), focal.end(), c.entity) != focal.end() : c.measure == "p_success")
            out.push_back(std::move(c));
    }
    return out;
}

/// "raises moonshot's chance of success in 91% of plausible worlds (lowers it in 4%)".
std::string robust_phrase(const sim::RobustComparison& c) {
    const bool up_good = c.higher_is_better;
    const double up = up_good ? c.share_better : c.share_worse, down = up_good ? c.share_worse : c.share_better;
    const std::string what = c.measure == "p_success" ? c.entity + "'s chance of success" : c.entity + "'s " + measure_label(c.measure);
    const bool raises = up >= down;
    const double against = raises ? down : up;
    return std::string(raises ? "raises " : "lowers ") + what + " in " + format_percent(raises ? up : down) +
           " of plausible worlds" +
           (against > 0 ? std::string(" (") + (raises ? "lowers" : "raises") + " it in " + format_percent(against) + ")" : "");
}

std::vector<Block> robust_blocks(const ReportInputs& in, const std::vector<std::string>& focal) {
    std::vector<Block> out;
    out.push_back(heading("Across plausible worlds"));
    // One row per variant, one column per measure of the focus team and venture: the share of
    // worlds where the variant beats the baseline, and the regret of choosing it.
    const std::vector<std::string> focus = focal.empty() ? std::vector<std::string>{} : std::vector<std::string>{focal.front()};
    doc::Table t;
    t.header = {"variant"};
    t.numeric = {false};
    t.group = {0};
    int worlds = 0;
    std::map<std::string, std::pair<std::string, double>> best;   // venture -> (variant, share raising its success)
    for (const auto& v : in.variants) {
        const auto rows = robust_rows(in, v, focus);
        if (t.header.size() == 1)
            for (const auto& c : rows) {
                t.header.push_back(c.measure == "p_success" ? "chance of success, " + c.entity
                                                            : measure_label(c.measure) + " of " + c.entity);
                t.numeric.push_back(true);
                t.group.push_back(int(t.group.size()));
            }
        std::vector<std::string> row{v.name};
        if (!rows.empty() && worlds == 0) worlds = rows.front().worlds;   // every measure has the same worlds
        for (const auto& c : rows) {
            const bool pts = c.measure == "p_success";
            const std::string regret = pts ? format_number(100 * c.regret_variant) + " pts" : format_number(c.regret_variant);
            row.push_back(format_percent(c.share_better) + " · regret " + regret);
            if (pts && c.share_better > best[c.entity].second) best[c.entity] = {v.name, c.share_better};
        }
        t.rows.push_back(std::move(row));
    }
    out.push_back(paragraph("Each block of " + std::to_string(in.per_world) + " runs is one plausible world, its parameters "
                            "drawn from " + in.drawn_from + "; every variant saw the same " + std::to_string(worlds) +
                            " worlds and random numbers as the baseline, and in each world its average is compared "
                            "with the baseline's."));
    std::string text;
    for (const auto& v : in.variants)
        for (const auto& c : robust_rows(in, v, focus))
            if (c.measure == "p_success" && best[c.entity].first == v.name)
                text += (text.empty() ? "" : "; ") + v.name + " " + robust_phrase(c);
    if (!text.empty()) out.push_back(paragraph({{text + "."}}, "answer"));
    out.push_back(table_block(t));
    out.push_back(paragraph("Each cell: the share of worlds where the variant beats the baseline on the measure (drift "
                            "and friction lower, chances of success higher; the rest are losses or ties), and the "
                            "expected regret: the average loss, over all worlds, from choosing the variant in the "
                            "worlds where the baseline was better. Chances of success in percentage points (pts)."));
    return out;
}

doc::Section whatif_section(const ReportInputs& in, const std::vector<std::string>& focal) {
    const auto& s = in.scenario;
    doc::Section sec{"whatif", "What-if comparison", {}};
    if (in.variants.empty()) {
        std::string names;
        for (const auto& v : s.variants) names += (names.empty() ? "" : ", ") + v.name;
        if (s.variants.empty())
            sec.blocks.push_back(note({{"The scenario defines no what-if variants."}}));
        else
            sec.blocks.push_back(note({{"Not computed. The scenario defines " + std::to_string(s.variants.size()) +
                                        " variants (" + names + "); "},
                                       {"orgforces report FILE --variants all", Span::Style::Code},
                                       {" adds them here, each run on the same random numbers as the baseline."}}));
        return sec;
    }
    const std::string f = focal.empty() ? std::string() : focal.front();
    sec.blocks.push_back(paragraph("Each variant runs on the same random numbers as the baseline, so differences are "
                                   "paired run by run. A difference whose 95% interval excludes zero is not noise."));
    doc::Table t;
    t.header = {"variant", "what changes", "intent kept by " + f, "drift of " + f, "Δ drift (95% CI)"};
    t.numeric = {false, false, true, true, true};
    for (const auto& v : s.ventures) {
        t.header.push_back("P(success) " + v.name);
        t.header.push_back("Δ (95% CI)");
        t.numeric.push_back(true);
        t.numeric.push_back(true);
    }
    auto row_for = [&](const std::string& name, const std::string& what, const sim::EnsembleResult& r, bool base) {
        const Kept k = intent_kept(r, f);
        const auto* d = at_horizon(r, f, "drift");
        std::vector<std::string> row{name, what, k.known ? pct_interval(k.value, k.lo, k.hi) : "—",
                                     d ? with_interval(d->q50, d->q05, d->q95) : "—"};
        if (base) {
            row.push_back("—");
        } else {
            const Diff dd = drift_diff(in.result, r, f);
            row.push_back(dd.known ? format_change(dd.value, dd.lo, dd.hi) : "—");
        }
        for (const auto& v : s.ventures) {
            const auto* ps = r.find_scalar(v.name, "p_success");
            row.push_back(ps ? pct_interval(ps->value, ps->lo, ps->hi) : "—");
            if (base) {
                row.push_back("—");
            } else {
                const Diff sd = success_diff(in.result, r, v.name);
                row.push_back(sd.known ? format_change(sd.value, sd.lo, sd.hi, true) : "—");
            }
        }
        t.rows.push_back(row);
    };
    row_for("baseline", "the scenario as written", in.result, true);
    for (const auto& v : in.variants) {
        std::string what = v.description;
        if (what.empty()) {
            const int vi = [&] {
                for (std::size_t i = 0; i < s.variants.size(); ++i)
                    if (s.variants[i].name == v.name) return int(i);
                return -1;
            }();
            if (vi >= 0)
                for (const auto& o : s.variants[std::size_t(vi)].set) what += (what.empty() ? "" : ", ") + o.path + " = " + num(o.value);
        }
        row_for(v.name, what, v.result, false);
    }
    sec.blocks.push_back(table_block(t));
    if (!in.drawn_from.empty()) {
        auto robust = robust_blocks(in, focal);
        sec.blocks.insert(sec.blocks.end(), std::make_move_iterator(robust.begin()), std::make_move_iterator(robust.end()));
    }

    // The focal team's drift under each variant against the baseline, as small multiples.
    std::vector<doc::Figure> figs;
    const auto* base_series = in.result.find_series(f, "drift");
    double ymax = 0;
    for (const auto* r : [&] {
             std::vector<const sim::EnsembleResult*> all{&in.result};
             for (const auto& v : in.variants) all.push_back(&v.result);
             return all;
         }())
        if (const auto* ser = r->find_series(f, "drift"))
            for (const auto& b : ser->ticks) ymax = std::max(ymax, b.q95);
    const Range dom = nice_domain(0.0, std::max(ymax, 0.05), 4);
    for (const auto& v : in.variants) {
        const auto* ser = v.result.find_series(f, "drift");
        if (!ser || !base_series) continue;
        Chart c = fan_chart(*ser, v.name, "drift of " + f, s.tick_unit, dom, base_series);
        const auto& h = ser->ticks.back();
        c.caption = "Median drift " + num(h.q50) + " against " + num(base_series->ticks.back().q50) + " in the baseline (dashed).";
        figs.push_back({c, 340, 250});
    }
    if (!figs.empty()) sec.blocks.push_back(figures(std::move(figs), 2));
    return sec;
}


// [glossary] ----------------------------------------------------------------------------------

doc::Section glossary_section(const ReportInputs& in) {
    doc::Section sec{"glossary", "Glossary", {}};
    doc::Table t;
    t.header = {"term", "meaning"};
    for (const char* m : {"drift", "intent_kept", "friction", "capacity", "leavers", "people_lost", "p_success",
                          "expected_value", "expected_salvage_given_failure", "p_promotable_given_failure"})
        t.rows.push_back({measure_label(m), measure_meaning(m)});
    t.rows.push_back({"gravity force", "an explicit structure or incentive (planning, budgets, promotion) that pulls "
                                       "practice toward a target"});
    t.rows.push_back({"water force", "a cultural assumption people hold to a degree; it leans practice and quietly "
                                     "dismisses some kinds of ideas"});
    t.rows.push_back({"middle 90% of runs", "the range a single run falls in nine times out of ten (5th to 95th "
                                            "percentile): the spread of outcomes"});
    t.rows.push_back({"95% CI", "the uncertainty of an average or a probability over the runs; it shrinks with more runs"});
    t.rows.push_back({"Δ", "the change from the baseline, paired run by run on the same random numbers"});
    t.rows.push_back({"pts", "percentage points: a change of a probability, e.g. 40% to 52% is +12 pts"});
    sec.blocks.push_back(table_block(t));

    // The parameters the report names (levers, what-if variants), with their path for --set.
    std::vector<std::string> paths;
    auto add = [&](const std::string& p) {
        if (std::find(paths.begin(), paths.end(), p) == paths.end()) paths.push_back(p);
    };
    for (const auto& v : in.scenario.variants)
        for (const auto& o : v.set) add(o.path);
    if (in.levers)
        for (const auto& l : *in.levers) add(l.path);
    if (in.global_levers)
        for (const auto& l : in.global_levers->rows) add(l.path);
    if (paths.empty()) return sec;
    std::vector<model::Param> params;
    try {
        params = model::parameters(in.scenario);
    } catch (const std::exception&) {
        // A scenario the registry cannot describe still gets its report, without the meanings.
    }
    doc::Table p;
    p.header = {"parameter", "meaning", "set it with"};
    for (const auto& path : paths) {
        std::string meaning;
        for (const auto& q : params)
            if (q.path == path) meaning = q.description;
        p.rows.push_back({parameter_label(path), meaning.empty() ? "—" : meaning, "--set " + path + "=VALUE"});
    }
    sec.blocks.push_back(heading("Parameters named in this report"));
    sec.blocks.push_back(table_block(p));
    return sec;
}

// [appendix] ----------------------------------------------------------------------------------

doc::Section appendix_section(const ReportInputs& in) {
    const auto& s = in.scenario;
    const auto& info = in.result.info;
    doc::Section sec{"appendix", "Appendix: how to reproduce this report", {}};
    doc::Table t;
    t.header = {"", ""};
    t.rows = {
        {"scenario", info.scenario_name.empty() ? s.name : info.scenario_name},
        {"source", in.source.empty() ? s.source_path : in.source},
        {"seed", std::to_string(info.seed)},
        {"replicates", std::to_string(info.replicates)},
        {"horizon", std::to_string(info.horizon) + " " + plural(s.tick_unit)},
        {"engine version", info.engine_version.empty() ? "unknown" : info.engine_version},
        {"threads", info.threads > 0 ? std::to_string(info.threads) + " (results do not depend on it)" : "—"},
        {"wall time", info.wall_seconds > 0 ? num(info.wall_seconds) + " s" : "—"},
        {"person-ticks simulated", info.person_ticks > 0 ? num(double(info.person_ticks)) : "—"},
    };
    if (in.run_id) t.rows.push_back({"stored run", std::to_string(*in.run_id)});
    sec.blocks.push_back(table_block(t));

    sec.blocks.push_back(heading("Overrides"));
    if (in.overrides.empty()) {
        sec.blocks.push_back(paragraph("None: the scenario ran as written."));
    } else {
        doc::Table o;
        o.header = {"parameter", "value"};
        o.numeric = {false, true};
        for (const auto& ov : in.overrides) o.rows.push_back({ov.path, num(ov.value)});
        sec.blocks.push_back(table_block(o));
    }
    // A stored run keeps its scenario's text, not its file: the command first writes the text out.
    std::string cmd;
    if (in.run_id) {
        const std::string file = "run-" + std::to_string(*in.run_id) + ".yaml";
        cmd = "orgforces show " + std::to_string(*in.run_id) + (in.run_db.empty() ? "" : " --db " + shell_word(in.run_db)) +
              " --scenario > " + file + " && orgforces run " + file;
    } else {
        cmd = "orgforces run " + (s.source_path.empty() ? std::string("SCENARIO.yaml") : shell_word(s.source_path));
    }
    // A variant's run: the variant brings its own assignments (the first overrides) and events.
    std::size_t own = 0;
    if (!in.variant.empty()) {
        cmd += " --variant " + shell_word(in.variant);
        for (const auto& v : s.variants)
            if (v.name == in.variant) own = std::min(v.set.size(), in.overrides.size());
    }
    cmd += " --seed " + std::to_string(info.seed) + " --replicates " + std::to_string(info.replicates);
    for (std::size_t i = own; i < in.overrides.size(); ++i)
        cmd += " --set " + in.overrides[i].path + "=" + num(in.overrides[i].value);
    sec.blocks.push_back(paragraph({{"Reproduce the numbers with "}, {cmd, Span::Style::Code},
                                    {" (the same engine version gives the same results for any thread count)."}}));
    sec.blocks.push_back(heading("Scenario text"));
    Block pre;
    pre.kind = Block::Kind::Pre;
    pre.pre = s.source_text.empty() ? "(the scenario text was not kept with this result)" : s.source_text;
    sec.blocks.push_back(pre);
    return sec;
}

// [document] ----------------------------------------------------------------------------------

doc::Document build_document(const ReportInputs& in) {
    const auto focal = focal_teams(in.scenario, 6);
    doc::Document d;
    const std::string name = in.scenario.name.empty() ? in.result.info.scenario_name : in.scenario.name;
    d.title = "Planning review: " + name;
    const auto& info = in.result.info;
    d.subtitle = "orgforces " + (info.engine_version.empty() ? std::string("(unknown version)") : info.engine_version) +
                 " · " + std::to_string(info.replicates) + " runs · seed " + std::to_string(info.seed) + " · " +
                 duration_phrase(info.horizon > 0 ? info.horizon : in.scenario.horizon, in.scenario.tick_unit);
    if (!in.drawn_from.empty()) d.subtitle += " · bands cover chance and ignorance";
    d.sections.push_back(question_section(in));
    {
        // The decision opens the report, right after the question.
        auto& q = d.sections.back().blocks;
        auto dec = decision_blocks(in, focal);
        q.insert(q.begin() + 1, std::make_move_iterator(dec.begin()), std::make_move_iterator(dec.end()));
    }
    d.sections.push_back(forces_section(in, focal));
    d.sections.push_back(drift_section(in, focal));
    d.sections.push_back(practice_section(in, focal));
    d.sections.push_back(friction_section(in, focal));
    d.sections.push_back(ventures_section(in));
    d.sections.push_back(gifts_section(in));
    d.sections.push_back(attribution_section(in));
    d.sections.push_back(levers_section(in));
    d.sections.push_back(explored_section(in));
    d.sections.push_back(uncertainty_section(in));
    d.sections.push_back(whatif_section(in, focal));
    d.sections.push_back(glossary_section(in));
    d.sections.push_back(appendix_section(in));
    return d;
}

}  // namespace

const std::vector<std::string>& report_section_ids() {
    static const std::vector<std::string> ids = {"question", "forces",      "drift",  "practice",
                                                 "friction", "ventures",    "gifts",  "attribution",
                                                 "levers",   "explored", "uncertainty", "whatif",      "glossary", "appendix"};
    return ids;
}

std::string render_html(const ReportInputs& in) { return document_html(build_document(in)); }

std::string render_markdown(const ReportInputs& in) { return document_markdown(build_document(in)); }

std::string render_markdown(const ReportInputs& in, const std::string& folder,
                            std::vector<std::pair<std::string, std::string>>& files) {
    MarkdownFigures figures{folder, {}};
    std::string text = document_markdown(build_document(in), &figures);
    files = std::move(figures.files);
    return text;
}

}  // namespace orgforces::viz
