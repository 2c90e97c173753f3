// SVG well-formedness, escaping, and the report's structure and numbers, on hand-built results.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <string>
#include <vector>

#include "model/loader.hpp"
#include "orgforces/source_dir.hpp"
#include "sim/venture_stats.hpp"
#include "viz/chart.hpp"
#include "viz/escape.hpp"
#include "viz/report.hpp"
#include "viz/report_charts.hpp"
#include "viz/svg.hpp"

using namespace orgforces;
using namespace orgforces::viz;

namespace {

const std::string kHostile = "<script>alert(1)</script>";

// A strict little XML checker: every tag closes in order, attributes are quoted, text holds no
// raw '<' and every '&' starts a known entity. Returns "" when well-formed, else the problem.
std::string xml_problem(const std::string& x) {
    std::vector<std::string> stack;
    std::size_t i = 0;
    auto entity_ok = [&](std::size_t at) {
        for (const char* e : {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"})
            if (x.compare(at, std::char_traits<char>::length(e), e) == 0) return true;
        return false;
    };
    while (i < x.size()) {
        if (x[i] == '&') {
            if (!entity_ok(i)) return "bad entity at " + std::to_string(i);
            ++i;
            continue;
        }
        if (x[i] != '<') {
            if (x[i] == '>') return "raw > in text at " + std::to_string(i);
            ++i;
            continue;
        }
        if (x.compare(i, 4, "<!--") == 0) {
            const auto end = x.find("-->", i);
            if (end == std::string::npos) return "open comment";
            i = end + 3;
            continue;
        }
        const bool closing = i + 1 < x.size() && x[i + 1] == '/';
        std::size_t j = i + (closing ? 2 : 1);
        std::string name;
        while (j < x.size() && (std::isalnum(static_cast<unsigned char>(x[j])) || x[j] == '-' || x[j] == ':')) name += x[j++];
        if (name.empty()) return "raw < at " + std::to_string(i);
        // Attributes: name="value" pairs, values without '<'.
        bool self_closing = false;
        while (j < x.size() && x[j] != '>') {
            if (x[j] == '"') {
                const auto end = x.find('"', j + 1);
                if (end == std::string::npos) return "unterminated attribute";
                const std::string v = x.substr(j + 1, end - j - 1);
                if (v.find('<') != std::string::npos) return "< in attribute";
                for (std::size_t k = 0; k < v.size(); ++k)
                    if (v[k] == '&' && !entity_ok(j + 1 + k)) return "bad entity in attribute";
                j = end + 1;
                continue;
            }
            if (x[j] == '\'') return "single-quoted attribute";
            if (x[j] == '/' && j + 1 < x.size() && x[j + 1] == '>') self_closing = true;
            if (x[j] == '=' && j + 1 < x.size() && x[j + 1] != '"') return "unquoted attribute in <" + name + ">";
            ++j;
        }
        if (j >= x.size()) return "unterminated tag <" + name;
        if (closing) {
            if (stack.empty() || stack.back() != name) return "</" + name + "> closes " + (stack.empty() ? "nothing" : stack.back());
            stack.pop_back();
        } else if (!self_closing) {
            stack.push_back(name);
        }
        i = j + 1;
    }
    if (!stack.empty()) return "<" + stack.back() + "> never closed";
    return "";
}

std::string lower(std::string s) {
    for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

sim::Series series(const std::string& entity, const std::string& measure, int horizon, double start, double end,
                   double spread) {
    sim::Series s{entity, measure, {}};
    for (int t = 0; t <= horizon; ++t) {
        const double m = start + (end - start) * t / horizon;
        const double w = spread * t / horizon;
        sim::Band b;
        b.mean = m;
        b.ci_lo = m - w / 10;
        b.ci_hi = m + w / 10;
        b.q05 = m - w;
        b.q25 = m - w / 2;
        b.q50 = m;
        b.q75 = m + w / 2;
        b.q95 = m + w;
        s.ticks.push_back(b);
    }
    return s;
}

// A scenario and result built by hand: a focal team with a venture, a team with a hostile name.
ReportInputs hand_built() {
    ReportInputs in;
    auto& s = in.scenario;
    s.name = "Hand-built " + kHostile;
    s.question = "Will the frontier team keep its practice? " + kHostile;
    s.horizon = 104;
    s.tick_unit = "week";
    s.source_path = "hand-built.yaml";
    s.source_text = "name: hand-built\n# ``` a fence inside the text\nteams: [" + kHostile + "]\n";
    s.dimensions = {{"horizon", "short-term", "long-term"}, {"exploration", "keep", "explore"}};
    s.organization.name = "Org " + kHostile;
    s.organization.baseline = {0.3, 0.2};
    s.organization.units = {{"infra", "", {}}};
    model::GravityForce g;
    g.name = "quarterly-okrs";
    g.description = "OKRs " + kHostile;
    g.target = {0.1, 0.2};
    g.strength = 0.015;
    s.gravity.push_back(g);
    model::WaterForce w;
    w.name = "engineering-culture";
    w.filters = {{"design", 0.6}};
    s.water.push_back(w);
    model::Team f;
    f.name = "frontier";
    f.unit = "infra";
    f.size = 14;
    f.intent = {0.8, 0.85};
    model::Team h;
    h.name = kHostile;
    h.unit = "infra";
    h.size = 20;
    h.intent = {0.3, 0.2};
    s.teams = {h, f};
    model::Venture v;
    v.name = "moonshot";
    v.team = "frontier";
    v.value = 20;
    v.stones = {{"interviews", "social", 60, 1.0, 0.2, {}, "", {}}, {"prototype", "engineering", 150, 2.0, 0.7, {}, "", {}}};
    v.benefits = {{"data-access", 6, 0.8, {"prototype"}, 0, {}}};
    s.ventures.push_back(v);
    s.variants.push_back({"exempt", "Exempt from OKRs", {{"forces.quarterly-okrs.strength", 0, {}}}, {}});

    auto& r = in.result;
    r.info = {s.name, 77, 40, s.horizon, 2, 1.5, 123456, "9.9.9-test"};
    r.series.push_back(series("frontier", "drift", s.horizon, 0.02, 0.3137, 0.1));
    r.series.push_back(series("frontier", "distance_to_default", s.horizon, 0.5, 0.2, 0.05));
    r.series.push_back(series("frontier", "intent_kept", s.horizon, 1.0, 0.4137, 0.1));
    r.series.push_back(series("frontier", "friction", s.horizon, 0.4, 0.15, 0.05));
    r.series.push_back(series(kHostile, "drift", s.horizon, 0.01, 0.05, 0.02));
    r.series.push_back(series(kHostile, "distance_to_default", s.horizon, 0.0, 0.02, 0.01));
    r.series.push_back(series(kHostile, "friction", s.horizon, 0.0, 0.01, 0.01));
    r.scalars.push_back({"moonshot", "p_success", 0.2217, 0.17, 0.28, 40});
    r.scalars.push_back({"moonshot", "p_failure", 0.61, 0.5, 0.7, 40});
    r.scalars.push_back({"moonshot", "expected_value", 4.43, 3.0, 5.0, 40});
    r.scalars.push_back({"moonshot", "expected_salvage_given_failure", 1.87, 1.5, 2.2, 24});
    r.scalars.push_back({"moonshot", "p_promotable_given_failure", 0.5, 0.3, 0.7, 24});
    r.scalars.push_back({"moonshot", "recovery_ticks_median", 12, 8, 20, 12});
    r.scalars.push_back({"moonshot/prototype", "salvage_rank_value", 1.25, 0.9, 1.5, 24});
    r.scalars.push_back({"moonshot/interviews", "salvage_rank_value", 0.625, 0.4, 0.8, 24});
    for (int rep = 0; rep < 4; ++rep) {
        sim::VentureOutcome o;
        o.replicate = rep;
        o.venture = "moonshot";
        o.status = rep == 0 ? sim::VentureStatus::Succeeded : sim::VentureStatus::Failed;
        o.promoted = rep >= 2 ? "data-access" : "";
        o.recovery_ticks = rep >= 2 ? 10 : -1;
        r.outcomes.push_back(o);
    }
    r.survival.push_back({"moonshot", {10, 40, 80}, {0.9, 0.6, 0.4}, {0.8, 0.5, 0.3}, {0.95, 0.7, 0.5}});
    in.source = "hand-built.yaml";
    return in;
}

// Markdown outside fenced code blocks (inside a fence, text is shown verbatim as code).
std::string outside_fences(const std::string& md) {
    std::string out, fence;
    std::size_t i = 0;
    while (i < md.size()) {
        const auto nl = md.find('\n', i);
        const std::string line = md.substr(i, nl == std::string::npos ? std::string::npos : nl - i);
        i = nl == std::string::npos ? md.size() : nl + 1;
        const auto ticks = line.find_first_not_of('`');
        if (line.size() >= 3 && line.compare(0, 3, "```") == 0) {
            const std::string run = line.substr(0, ticks == std::string::npos ? line.size() : ticks);
            if (fence.empty()) fence = run;
            else if (run == fence) fence.clear();
            continue;
        }
        if (fence.empty()) out += line + "\n";
    }
    return out;
}

std::vector<std::size_t> positions(const std::string& text, const std::vector<std::string>& needles) {
    std::vector<std::size_t> out;
    for (const auto& n : needles) out.push_back(text.find(n));
    return out;
}

}  // namespace

TEST_CASE("the XML checker itself rejects broken markup") {
    CHECK(xml_problem("<a><b/></a>").empty());
    CHECK(!xml_problem("<a><b></a>").empty());
    CHECK(!xml_problem("<a>x < y</a>").empty());
    CHECK(!xml_problem("<a x=1></a>").empty());
    CHECK(!xml_problem("<a>&nbsp;</a>").empty());
    CHECK(!xml_problem("<a>").empty());
}

TEST_CASE("every kind of chart renders to well-formed SVG with escaped text") {
    const ReportInputs in = hand_built();
    const auto& r = in.result;
    std::vector<Chart> charts;
    charts.push_back(fan_chart(r.series[0], kHostile, "drift", "week", std::nullopt, &r.series[3]));
    charts.push_back(horizon_dot_chart(r, {"frontier", kHostile}, "drift", "dots " + kHostile, "drift"));
    charts.push_back(heatmap_chart(r, {"frontier", kHostile}, "friction", "heat", "week", in.scenario.horizon));
    charts.push_back(survival_chart(r.survival, in.scenario.horizon, "week"));
    charts.push_back(practice_map(in.scenario, r, 0, 1, {"frontier", kHostile}));
    charts.push_back(ranked_bars({{kHostile, 0.5, 0.3, 0.7, categorical(0)}, {"b", -0.2, -0.3, -0.1, categorical(2)}},
                                 "bars", "contribution", "units"));
    charts.push_back(tornado_chart({{kHostile, -0.1, 0.2}, {"x", 0.05, -0.02}}, "tornado", "change"));
    Chart arrows;
    arrows.title = "& ampersands \" and 'quotes'";
    arrows.x = make_axis("x", "", 0, 1);
    arrows.y = make_axis("y", "", 0, 1);
    arrows.arrows.push_back({0.1, 0.1, 0.5, 0.6, categorical(1), 1.5});
    arrows.refs.push_back({false, 0.5, kHostile, palette::kMuted, Dash::Dotted});
    charts.push_back(arrows);
    Chart empty;
    charts.push_back(empty);
    for (const auto& c : charts) {
        for (bool titled : {true, false}) {
            SvgOptions o;
            o.style.show_title = titled;
            const std::string svg = render_svg(c, o);
            CAPTURE(c.title);
            CHECK(xml_problem(svg) == "");
            CHECK(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
            CHECK(lower(svg).find("<script") == std::string::npos);
            CHECK(svg.find(" id=") == std::string::npos);  // inlined many times per page
            CHECK(svg.find("nan") == std::string::npos);
            CHECK(svg.find("inf") == std::string::npos);
        }
    }
    // Marks are present: a fan chart has two bands and a median line.
    const std::string fan = render_svg(charts[0]);
    CHECK(std::count(fan.begin(), fan.end(), '\n') > 20);
    CHECK(fan.find("<polygon") != std::string::npos);
    CHECK(fan.find("<polyline") != std::string::npos);
    CHECK(fan.find("&lt;script&gt;") != std::string::npos);
}

TEST_CASE("the HTML report is well-formed, self-contained and escapes every scenario string") {
    const ReportInputs in = hand_built();
    const std::string html = render_html(in);
    // The body after the doctype must be well-formed XML-ish markup (void <meta> tags aside).
    std::string body = html.substr(html.find("<body>"));
    body = body.substr(0, body.find("</html>"));
    CHECK(xml_problem(body) == "");
    const std::string low = lower(html);
    CHECK(low.find("<script") == std::string::npos);
    CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    // No external fetches: no src=, no url(), no links other than in-page anchors.
    CHECK(low.find(" src=") == std::string::npos);
    CHECK(low.find("url(") == std::string::npos);
    CHECK(low.find("@import") == std::string::npos);
    std::size_t at = 0;
    while ((at = low.find("href=\"", at)) != std::string::npos) {
        CHECK(low[at + 6] == '#');
        ++at;
    }
    at = 0;
    while ((at = low.find("http", at)) != std::string::npos) {
        CHECK((low.compare(at, 26, "http://www.w3.org/2000/svg") == 0 || low.compare(at, 10, "http-equiv") == 0));
        ++at;
    }
    CHECK(low.find("@media print") != std::string::npos);
}

TEST_CASE("sections appear in review order in both twins") {
    const ReportInputs in = hand_built();
    const std::string html = render_html(in);
    std::vector<std::string> tags;
    for (const auto& id : report_section_ids()) tags.push_back("<section id=\"" + id + "\">");
    const auto pos = positions(html, tags);
    for (std::size_t i = 0; i < pos.size(); ++i) {
        CAPTURE(tags[i]);
        REQUIRE(pos[i] != std::string::npos);
        if (i > 0) CHECK(pos[i - 1] < pos[i]);
    }
    const std::string md = render_markdown(in);
    const auto mpos = positions(md, {"## The question", "## The organization", "## Drift", "## The practice map",
                                     "## Friction", "## Ventures", "## Gifts of failure", "## Hidden forces",
                                     "## Levers", "## Settings explored", "## What-if", "## Appendix"});
    for (std::size_t i = 0; i < mpos.size(); ++i) {
        REQUIRE(mpos[i] != std::string::npos);
        if (i > 0) CHECK(mpos[i - 1] < mpos[i]);
    }
}

TEST_CASE("the report's numbers are the result's numbers") {
    const ReportInputs in = hand_built();
    const std::string html = render_html(in);
    const std::string md = render_markdown(in);
    const auto& drift = in.result.series[0].ticks.back();
    // Drift of frontier at the horizon: median and 5–95% band.
    const std::string band = format_number(drift.q50) + " (" + format_number(drift.q05) + "–" + format_number(drift.q95) + ")";
    CHECK(html.find(band) != std::string::npos);
    CHECK(md.find(band) != std::string::npos);
    // Intent kept: the intent_kept series' median and 5–95% band at the horizon.
    const auto& kept = in.result.find_series("frontier", "intent_kept")->ticks.back();
    std::string lo = format_percent(kept.q05);
    lo.pop_back();   // "31–51%", one percent sign for the range
    CHECK(answer_paragraph(in).find(format_percent(kept.q50) + " (" + lo + "–" + format_percent(kept.q95) + ")") !=
          std::string::npos);
    // P(success) with its interval, in the answer and the ventures table.
    CHECK(answer_paragraph(in).find("22% (17–28%)") != std::string::npos);
    CHECK(html.find("22% (17–28%)") != std::string::npos);
    // Salvage given failure and the stone ranking.
    CHECK(html.find(format_with_range(1.87, 1.5, 2.2)) != std::string::npos);
    CHECK(html.find(format_with_range(1.25, 0.9, 1.5)) != std::string::npos);
    // Promotion odds from outcomes: 2 of 3 failures promoted data-access.
    CHECK(html.find("67%") != std::string::npos);
    // Appendix: seed, replicates, engine version, scenario text.
    CHECK(html.find("9.9.9-test") != std::string::npos);
    CHECK(md.find("--seed 77 --replicates 40") != std::string::npos);
    CHECK(html.find("# ``` a fence inside the text") != std::string::npos);
}

TEST_CASE("an undefined median recovery shows as a dash in the ventures table, never as 0") {
    ReportInputs in = hand_built();
    // The median over no promoted failure, as the ensemble statistics compute it.
    for (auto& x : in.result.scalars)
        if (x.measure == "recovery_ticks_median") {
            const std::string entity = x.entity;
            x = orgforces::sim::median_interval({});
            x.entity = entity;
            x.measure = "recovery_ticks_median";
        }
    const std::string md = render_markdown(in);
    const auto row = md.find("| moonshot |");
    REQUIRE(row != std::string::npos);
    const std::string line = md.substr(row, md.find('\n', row) - row);
    CHECK(line.find("0 weeks") == std::string::npos);
    CHECK(line.find("nan") == std::string::npos);
    // The defined figure is shown as a duration.
    CHECK(render_markdown(hand_built()).find("12 weeks") != std::string::npos);
}

TEST_CASE("the ventures table shows a trip-wire's false alarms") {
    ReportInputs in = hand_built();
    in.result.scalars.push_back({"moonshot", "p_tripwire", 0.08, 0.04, 0.12, 40});
    in.result.scalars.push_back({"moonshot", "p_false_alarm", 0.08, 0.04, 0.12, 40});
    const std::string md = render_markdown(in);
    const auto row = md.find("| moonshot |");
    REQUIRE(row != std::string::npos);
    CHECK(md.substr(row, md.find('\n', row) - row).find("8% false alarms") != std::string::npos);
}

TEST_CASE("attribution, levers and what-ifs show how to compute them when absent") {
    ReportInputs in = hand_built();
    std::string html = render_html(in);
    CHECK(html.find("not computed — run <code>orgforces attribute</code>") != std::string::npos);
    CHECK(html.find("not computed — run <code>orgforces levers</code>") != std::string::npos);
    CHECK(html.find("--variants all") != std::string::npos);
    CHECK(answer_paragraph(in).find("of the drift") == std::string::npos);

    in.attribution = std::vector<AttributionRow>{{"quarterly-okrs", "gravity", "drift", 0.15, 0.1, 0.2, "frontier"},
                                                 {"engineering-culture", "water", "drift", 0.1, 0.05, 0.15, "frontier"},
                                                 {kHostile, "water", "drift", 0.05, 0.0, 0.1, "frontier"}};
    in.levers = std::vector<LeverRow>{{"teams.frontier.shielding", "drift:frontier", 0.04, -0.03, -0.09, -0.05}};
    sim::EnsembleResult variant = in.result;
    for (auto& b : variant.series[0].ticks) b.q50 *= 0.5, b.q05 *= 0.5, b.q95 *= 0.5, b.mean *= 0.5;
    in.variants.push_back({"exempt", "Exempt from OKRs " + kHostile, variant});
    html = render_html(in);
    const std::string answer = answer_paragraph(in);
    CHECK(answer.find("quarterly-okrs (gravity) causes about half (50%) of the drift") != std::string::npos);
    CHECK(answer.find("exempt lowers frontier's drift most") != std::string::npos);
    CHECK(html.find("not computed") == std::string::npos);
    CHECK(html.find("teams.frontier.shielding") != std::string::npos);
    CHECK(html.find("Exempt from OKRs &lt;script&gt;") != std::string::npos);
    CHECK(lower(html).find("<script") == std::string::npos);
    const std::string md = render_markdown(in);
    CHECK(outside_fences(md).find("<script") == std::string::npos);
}

// A variant whose frontier drift and friction at the horizon move by `drift` and `friction` per
// replicate (with a small replicate-to-replicate wobble, so intervals have width).
VariantResult shifted(const ReportInputs& in, const std::string& name, double drift, double friction) {
    VariantResult v{name, "", in.result};
    for (auto& hv : v.result.horizon_values)
        for (std::size_t i = 0; i < hv.values.size(); ++i)
            hv.values[i] += (hv.measure == "drift" ? drift : friction) + 0.002 * double(int(i % 3) - 1);
    return v;
}

ReportInputs with_replicate_values() {
    ReportInputs in = hand_built();
    std::vector<double> d, f;
    for (int i = 0; i < 12; ++i) d.push_back(0.3 + 0.01 * (i % 5)), f.push_back(0.15 + 0.01 * (i % 4));
    in.result.horizon_values = {{"frontier", "drift", d}, {"frontier", "friction", f}};
    return in;
}

std::string decision_text(const ReportInputs& in) {
    const std::string md = render_markdown(in);
    const auto at = md.find("### The decision");
    REQUIRE(at != std::string::npos);
    return md.substr(at, md.find("\n\n", md.find("\n\n", at) + 2) - at);
}

TEST_CASE("the decision follows stated rules from the paired differences") {
    ReportInputs in = with_replicate_values();
    // lead lowers drift most but clearly raises friction; shield lowers it less, with no cost.
    in.variants = {shifted(in, "noop", 0.0, 0.0), shifted(in, "lead", -0.10, 0.05), shifted(in, "shield", -0.05, -0.01)};
    std::string d = decision_text(in);
    CHECK(d.find("Choose shield.") != std::string::npos);
    CHECK(d.find("lead lowers drift more but raises frontier's felt friction") != std::string::npos);
    CHECK(d.find("lowers frontier's felt friction (−") != std::string::npos);
    // The table ranks by the change in drift: lead first, noop last.
    const std::string md = render_markdown(in);
    CHECK(md.find("| 1. lead |") != std::string::npos);
    CHECK(md.find("| ★ 2. shield |") != std::string::npos);
    CHECK(md.find("| 3. noop |") != std::string::npos);
    CHECK(md.find("### The decision") < md.find("## The organization"));

    // Nothing clearly better without a cost: no change is recommended.
    in.variants = {shifted(in, "noop", 0.0, 0.0), shifted(in, "lead", -0.10, 0.05)};
    d = decision_text(in);
    CHECK(d.find("None of the 2 variants clearly lowers frontier's drift without a clear cost") != std::string::npos);
    CHECK(d.find("Choose") == std::string::npos);

    // Two equally good variants: the paragraph says the runs cannot separate them.
    in.variants = {shifted(in, "a", -0.05, 0.0), shifted(in, "b", -0.05, 0.0)};
    d = decision_text(in);
    CHECK(d.find("cannot separate") != std::string::npos);

    // The next choice by the rule is named with its rank on drift, not called the runner-up when
    // variants with a clear cost rank between them.
    in.variants = {shifted(in, "shield", -0.10, 0.0), shifted(in, "lead", -0.08, 0.05), shifted(in, "push", -0.07, 0.05),
                   shifted(in, "wall", -0.05, 0.0), shifted(in, "noop", 0.0, 0.0)};
    d = decision_text(in);
    CHECK(d.find("Choose shield.") != std::string::npos);
    CHECK(d.find("runner-up") == std::string::npos);
    CHECK(d.find("the best-ranked is wall (4th on drift); shield beats it on drift by") != std::string::npos);

    // Without variants, a note says how to rank the scenario's policies.
    in.variants.clear();
    CHECK(render_markdown(in).find("--variants all") < render_markdown(in).find("## The organization"));
}

TEST_CASE("charts and prose speak words, not registry paths or measure names") {
    ReportInputs in = hand_built();
    in.attribution = std::vector<AttributionRow>{{"quarterly-okrs", "gravity", "p_success", 0.1, 0.05, 0.15, "moonshot"}};
    in.levers = std::vector<LeverRow>{{"teams.frontier.hiring.external_fraction", "expected_value:moonshot", -0.2, 0.2, 0.3, 0.5},
                                      {"forces.quarterly-okrs.strength", "drift:frontier", 0.04, -0.03, -0.09, -0.05}};
    const std::string html = render_html(in);
    auto section = [&](const std::string& id) {
        const auto a = html.find("<section id=\"" + id + "\">");
        REQUIRE(a != std::string::npos);
        return html.substr(a, html.find("</section>", a) - a);
    };
    for (const std::string id : {"question", "attribution", "levers", "whatif"}) {
        CAPTURE(id);
        const std::string text = section(id);
        for (const char* raw : {"teams.frontier", "forces.quarterly-okrs.", "p_success", "expected_value", "drift:",
                                "(-10%/+10%)", "e-0"})
            CHECK(text.find(raw) == std::string::npos);
    }
    CHECK(section("levers").find("frontier: hiring external fraction") != std::string::npos);
    CHECK(section("levers").find("expected value of moonshot") != std::string::npos);
    CHECK(section("attribution").find("chance of success of moonshot") != std::string::npos);
    // The glossary gives each named parameter its meaning and the path to set it.
    const std::string g = section("glossary");
    CHECK(g.find("drift from intent") != std::string::npos);
    CHECK(g.find("--set teams.frontier.hiring.external_fraction=VALUE") != std::string::npos);
}

TEST_CASE("markdown twin escapes names and keeps the scenario text inside its fence") {
    const ReportInputs in = hand_built();
    const std::string md = render_markdown(in);
    CHECK(outside_fences(md).find("<script>") == std::string::npos);
    CHECK(outside_fences(md).find("&lt;script&gt;") != std::string::npos);
    CHECK(outside_fences("a\n````\n<b>\n```\n````\nc\n") == "a\nc\n");
    // The scenario text holds ``` so the fence around it is longer.
    CHECK(md.find("````\nname: hand-built") != std::string::npos);
    // Tables keep their column count although names could hold '|'.
    ReportInputs piped = hand_built();
    piped.scenario.teams[0].name = "a|b";
    const std::string md2 = render_markdown(piped);
    CHECK(md2.find("a\\|b") != std::string::npos);
}

TEST_CASE("focal teams: ventures first, then intents far from the baseline") {
    ReportInputs in = hand_built();
    auto f = focal_teams(in.scenario);
    REQUIRE(!f.empty());
    CHECK(f.front() == "frontier");
    CHECK(std::find(f.begin(), f.end(), kHostile) == f.end());  // its intent is the baseline
    in.scenario.ventures.clear();
    f = focal_teams(in.scenario);
    CHECK(f.front() == "frontier");
    CHECK(focal_teams(in.scenario, 1).size() == 1);
}

TEST_CASE("focus: the scenario names the focal teams, and a focused venture brings its team") {
    ReportInputs in = hand_built();
    in.scenario.focus = {kHostile};
    CHECK(focal_teams(in.scenario) == std::vector<std::string>{kHostile});
    in.scenario.focus = {in.scenario.ventures.front().name};
    CHECK(focal_teams(in.scenario) == std::vector<std::string>{in.scenario.ventures.front().team});
    CHECK(model::focus_ventures(in.scenario) == std::vector<std::string>{in.scenario.ventures.front().name});
}

TEST_CASE("intent kept is a dash where the result holds none, and its meaning is one line in the drift section") {
    ReportInputs in = hand_built();
    std::erase_if(in.result.series, [](const sim::Series& s) { return s.measure == "intent_kept"; });
    const std::string md = render_markdown(in);
    const auto at = md.find("## Drift");
    REQUIRE(at != std::string::npos);
    const std::string drift = md.substr(at, md.find("\n## ", at + 3) - at);
    CHECK(drift.find("| frontier |") != std::string::npos);
    CHECK(drift.find("| — |") != std::string::npos);
    CHECK(drift.find("Intent kept: how much of its intended difference from the organization's default") !=
          std::string::npos);
    CHECK(answer_paragraph(in).find("keeps") == std::string::npos);
}

TEST_CASE("a result without series or ventures still gives a complete report") {
    ReportInputs in = hand_built();
    in.result.series.clear();
    in.result.scalars.clear();
    in.result.outcomes.clear();
    in.result.survival.clear();
    in.scenario.ventures.clear();
    const std::string html = render_html(in);
    for (const auto& id : report_section_ids()) CHECK(html.find("<section id=\"" + id + "\">") != std::string::npos);
    std::string body = html.substr(html.find("<body>"));
    body = body.substr(0, body.find("</html>"));
    CHECK(xml_problem(body) == "");
}

// [uncertainty] -------------------------------------------------------------------------------

namespace {

std::string section_of(const std::string& html, const std::string& id) {
    const auto a = html.find("<section id=\"" + id + "\">");
    REQUIRE(a != std::string::npos);
    return html.substr(a, html.find("</section>", a) - a);
}

/// 16 replicates = two plausible worlds of 8, frontier's drift per replicate.
ReportInputs two_worlds() {
    ReportInputs in = hand_built();
    std::vector<double> d, f;
    for (int i = 0; i < 16; ++i) d.push_back(0.3 + 0.01 * (i % 5)), f.push_back(0.15 + 0.01 * (i % 4));
    in.result.horizon_values = {{"frontier", "drift", d}, {"frontier", "friction", f}};
    return in;
}

}  // namespace

TEST_CASE("without drawn parameters the report says its bands cover chance only") {
    ReportInputs in = two_worlds();
    in.variants = {shifted(in, "shield", -0.05, 0.0)};
    const std::string html = render_html(in);
    CHECK(section_of(html, "uncertainty").find("cover chance only") != std::string::npos);
    CHECK(html.find("Across plausible worlds") == std::string::npos);
    CHECK(html.find("chance and ignorance") == std::string::npos);
}

TEST_CASE("under uncertainty each variant shows its share of plausible worlds and its regret") {
    ReportInputs in = two_worlds();
    in.drawn_from = "the priors of the scenario's 2 uncertain parameters";
    in.per_world = 8;
    // shield lowers drift in every replicate; worse raises it in every one.
    in.variants = {shifted(in, "shield", -0.05, 0.0), shifted(in, "worse", +0.05, 0.0)};
    const std::string html = render_html(in);
    CHECK(html.find("bands cover chance and ignorance") != std::string::npos);   // the subtitle
    CHECK(section_of(html, "uncertainty").find("cover chance and ignorance") != std::string::npos);
    const std::string w = section_of(html, "whatif");
    CHECK(w.find("Across plausible worlds") != std::string::npos);
    CHECK(w.find("the same 2 worlds") != std::string::npos);
    CHECK(w.find("100% · regret 0<") != std::string::npos);      // shield: better everywhere, nothing to regret
    CHECK(w.find("0% · regret 0.05") != std::string::npos);      // worse: the whole shift is regretted
    // The decision names the share of worlds for the focus team's drift.
    const std::string md = render_markdown(in);
    const std::string q = md.substr(0, md.find("## The organization"));
    CHECK(q.find("shield lowers frontier's drift from intent in 100% of plausible worlds") != std::string::npos);
    CHECK(q.find("worse raises frontier's drift from intent in 100% of plausible worlds") != std::string::npos);
}

TEST_CASE("the posterior predictive check puts the observations over the simulated bands") {
    ReportInputs in = hand_built();
    in.drawn_from = "the posterior of calibration 7 (1 parameters)";
    in.calibration_id = 7;
    const double median52 = in.result.find_series("frontier", "drift")->ticks[52].q50;
    in.observed = {{"frontier", "drift", 52, median52}, {"frontier", "drift", 104, 9.0}};
    const std::string u = section_of(render_html(in), "uncertainty");
    CHECK(u.find("Posterior predictive check") != std::string::npos);
    CHECK(u.find("1 of 2 fall inside the middle 90%") != std::string::npos);
    CHECK(u.find("<svg") != std::string::npos);
    // A calibration stored without its observations says so instead of drawing an empty chart.
    in.observed.clear();
    CHECK(section_of(render_html(in), "uncertainty").find("holds no observations") != std::string::npos);
}

TEST_CASE("global levers rank by total Sobol index and point to the local ranking") {
    ReportInputs in = hand_built();
    GlobalLevers g;
    g.samples = 32, g.points = 128, g.replicates = 8;
    g.rows = {{"forces.quarterly-okrs.strength", "drift:frontier", "uniform [0.0075, 0.0225]", false, 0.1, 0.05, 0.15, 0.12,
               0.08, 0.16, 0.9},
              {"teams.frontier.shielding", "drift:frontier", "uniform [0.15, 0.45]", true, 0.6, 0.5, 0.7, 0.7, 0.6, 0.8,
               -0.8}};
    in.global_levers = g;
    const std::string l = section_of(render_html(in), "levers");
    CHECK(l.find("total Sobol index") != std::string::npos);
    CHECK(l.find("--levers local") != std::string::npos);
    CHECK(l.find("10% of its value") == std::string::npos);   // the local tornado's caption
    // Ranked: shielding (0.7) before the OKR strength (0.12), marked as uncertain, with its direction.
    CHECK(l.find("frontier: shielding *") < l.find("quarterly-okrs: strength"));
    CHECK(l.find("lowers it") != std::string::npos);
    CHECK(l.find("raises it") != std::string::npos);
}

TEST_CASE("the forces table names a culture's reach and each review's, and events say what they change") {
    ReportInputs in;
    in.scenario = model::load_scenario_file(std::filesystem::path(ORGFORCES_SOURCE_DIR) / "scenarios/reorganization.yaml");
    const std::string md = render_markdown(in);
    auto row_of = [&](const std::string& start) {
        const auto at = md.find("\n| " + start + " |");
        REQUIRE(at != std::string::npos);
        return md.substr(at + 1, md.find('\n', at + 1) - at - 1);
    };
    // Water forces reach as gravity forces do: ship-it is product's culture, research-first the lab's.
    const std::string ship = row_of("ship-it");
    CHECK(ship.find("| water | units product |") != std::string::npos);
    CHECK(ship.find("everyone") == std::string::npos);
    CHECK(ship.find("prevalence 0.60 (in payments 0.80)") != std::string::npos);
    CHECK(row_of("research-first").find("| water | units research |") != std::string::npos);
    // A review with its own reach names it; one without reviews everyone the force reaches.
    const std::string budget = row_of("annual-budget");
    CHECK(budget.find("reviews the ventures of everyone except product every 1 year (harshness 0.30)") != std::string::npos);
    CHECK(row_of("product-roadmap").find("(harshness 0.50) |") != std::string::npos);
    // Structural events show what they do, not only their labels.
    CHECK(row_of("52").find("frontier moves to unit apps") != std::string::npos);
    CHECK(row_of("60").find("teams.checkout.hiring.replace\\_leavers = off") != std::string::npos);
    const std::string leader = row_of("80");
    CHECK(leader.find("frontier's leader replaced: leadership 0.040, intent horizon 0.50, exploration 0.50") != std::string::npos);
    CHECK(leader.find("after 12 weeks of interim leadership 0.010") != std::string::npos);
}
