// HTML rendering of a report document: one self-contained page, inline SVG and CSS only.
#include <string>

#include "viz/escape.hpp"
#include "viz/report_document.hpp"
#include "viz/svg.hpp"

namespace orgforces::viz {

namespace doc {
std::string plain(const Inline& text) {
    std::string s;
    for (const auto& span : text) s += span.text;
    return s;
}
}  // namespace doc

namespace {

// Screen: a readable column. Print: A4 or Letter with page breaks between sections, figures
// kept whole, table rows never split, and colours kept (the bands are information, not decoration).
constexpr const char* kCss = R"CSS(
:root { --ink: #222; --muted: #6b6b6b; --rule: #d9d9d9; --accent: #0072b2; --note: #f6f3e8; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; max-width: 780px; padding: 24px 20px 48px; color: var(--ink); background: #fff;
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
header { border-bottom: 2px solid var(--ink); margin-bottom: 12px; padding-bottom: 8px; }
h1 { font-size: 24px; line-height: 1.25; margin: 0 0 4px; }
.subtitle { color: var(--muted); margin: 0; }
nav ol { columns: 2; margin: 8px 0 0; padding-left: 20px; color: var(--muted); font-size: 13px; }
nav a { color: inherit; text-decoration: none; }
h2 { font-size: 19px; margin: 28px 0 8px; padding-top: 8px; border-top: 1px solid var(--rule); }
h3 { font-size: 15px; margin: 16px 0 6px; }
p { margin: 6px 0 10px; }
.answer { font-size: 16px; line-height: 1.55; border-left: 4px solid var(--accent); padding: 4px 0 4px 12px; }
.question { font-size: 16px; font-style: italic; }
.note { background: var(--note); border-radius: 4px; padding: 8px 12px; color: #4a4a3a; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12.5px;
  background: #f2f2f2; padding: 1px 4px; border-radius: 3px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 14px; font-size: 12.5px; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
th { border-bottom: 1.5px solid var(--ink); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.figures { display: grid; gap: 10px 14px; margin: 8px 0 14px; }
.figures.c1 { grid-template-columns: 1fr; }
.figures.c2 { grid-template-columns: 1fr 1fr; }
.figures.c3 { grid-template-columns: 1fr 1fr 1fr; }
figure { margin: 0; break-inside: avoid; page-break-inside: avoid; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { font-size: 12.5px; color: var(--muted); margin: 0 0 2px; }
figcaption b { color: var(--ink); font-weight: 600; }
pre { font: 11.5px/1.45 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; background: #f7f7f7;
  border: 1px solid var(--rule); padding: 10px 12px; white-space: pre-wrap; word-break: break-word; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--rule); padding-top: 8px; }
@page { margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  nav { display: none; }
  section { break-before: page; page-break-before: always; }
  section:first-of-type { break-before: auto; page-break-before: auto; }
  h2 { border-top: none; margin-top: 0; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  pre { font-size: 8.5pt; }
}
)CSS";

std::string inline_html(const doc::Inline& text) {
    std::string out;
    for (const auto& s : text) {
        switch (s.style) {
            case doc::Span::Style::Plain: out += html_escape(s.text); break;
            case doc::Span::Style::Strong: out += "<strong>" + html_escape(s.text) + "</strong>"; break;
            case doc::Span::Style::Code: out += "<code>" + html_escape(s.text) + "</code>"; break;
        }
    }
    return out;
}

std::string table_html(const doc::Table& t) {
    auto numeric = [&](std::size_t c) { return c < t.numeric.size() && t.numeric[c]; };
    std::string out = "<table>\n<thead><tr>";
    for (std::size_t c = 0; c < t.header.size(); ++c)
        out += std::string(numeric(c) ? "<th class=\"num\">" : "<th>") + html_escape(t.header[c]) + "</th>";
    out += "</tr></thead>\n<tbody>\n";
    for (const auto& row : t.rows) {
        out += "<tr>";
        for (std::size_t c = 0; c < row.size(); ++c)
            out += std::string(numeric(c) ? "<td class=\"num\">" : "<td>") + html_escape(row[c]) + "</td>";
        out += "</tr>\n";
    }
    out += "</tbody>\n</table>\n";
    return out;
}

std::string figures_html(const doc::Block& b) {
    const int cols = b.columns < 1 ? 1 : (b.columns > 3 ? 3 : b.columns);
    std::string out = "<div class=\"figures c" + std::to_string(cols) + "\">\n";
    for (const auto& f : b.figures) {
        SvgOptions o;
        o.width = f.width;
        o.height = f.height > 0 ? f.height : f.chart.preferred_height;
        // The page prints the title and caption as HTML text so they wrap and can be selected.
        o.style.show_title = false;
        if (cols > 1) {
            o.style.font_size = 13.0;
        }
        // Title and caption above the chart: the reader learns what to look at before looking.
        out += "<figure>\n<figcaption><b>" + html_escape(f.chart.title) + ".</b> " + html_escape(f.chart.caption) +
               "</figcaption>\n" + render_svg(f.chart, o) + "</figure>\n";
    }
    out += "</div>\n";
    return out;
}

}  // namespace

std::string document_html(const doc::Document& d) {
    std::string out;
    out.reserve(1 << 20);
    out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    // No network: forbid every fetch even if a future change slipped a URL in.
    out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n";
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out += "<title>" + html_escape(d.title) + "</title>\n<style>" + kCss + "</style>\n</head>\n<body>\n";
    out += "<header>\n<h1>" + html_escape(d.title) + "</h1>\n<p class=\"subtitle\">" + html_escape(d.subtitle) +
           "</p>\n<nav><ol>\n";
    for (const auto& s : d.sections)
        out += "<li><a href=\"#" + html_escape(s.id) + "\">" + html_escape(s.title) + "</a></li>\n";
    out += "</ol></nav>\n</header>\n<main>\n";
    for (const auto& s : d.sections) {
        out += "<section id=\"" + html_escape(s.id) + "\">\n<h2>" + html_escape(s.title) + "</h2>\n";
        for (const auto& b : s.blocks) {
            switch (b.kind) {
                case doc::Block::Kind::Paragraph:
                    out += (b.role.empty() ? std::string("<p>") : "<p class=\"" + html_escape(b.role) + "\">") +
                           inline_html(b.text) + "</p>\n";
                    break;
                case doc::Block::Kind::Note:
                    out += "<p class=\"note\">" + inline_html(b.text) + "</p>\n";
                    break;
                case doc::Block::Kind::Heading:
                    out += "<h3>" + inline_html(b.text) + "</h3>\n";
                    break;
                case doc::Block::Kind::Table:
                    out += table_html(b.table);
                    break;
                case doc::Block::Kind::Figures:
                    out += figures_html(b);
                    break;
                case doc::Block::Kind::Pre:
                    out += "<pre>" + html_escape(b.pre) + "</pre>\n";
                    break;
            }
        }
        out += "</section>\n";
    }
    out += "</main>\n<footer>" + html_escape(d.subtitle) + "</footer>\n</body>\n</html>\n";
    return out;
}

}  // namespace orgforces::viz
