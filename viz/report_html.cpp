// HTML rendering of a report document: one self-contained page, inline SVG and CSS only.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

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

// Screen: a readable column. Print: A4 or Letter with page breaks between sections (a short one
// follows the section before it, and the next follows it, so none sits alone on a page), figures
// and short tables kept whole, table rows never split, and colours kept (the bands are
// information, not decoration).
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
main > section:first-child > h2 { border-top: none; }  /* the header's rule is above it already */
h3 { font-size: 15px; margin: 16px 0 6px; }
p { margin: 6px 0 10px; overflow-wrap: break-word; }
.answer { font-size: 16px; line-height: 1.55; border-left: 4px solid var(--accent); padding: 4px 0 4px 12px; }
.question { font-size: 16px; font-style: italic; }
.note { background: var(--note); border-radius: 4px; padding: 8px 12px; color: #4a4a3a; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12.5px;
  background: #f2f2f2; padding: 1px 4px; border-radius: 3px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 14px; font-size: 12.5px; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top;
  overflow-wrap: anywhere; }
th { border-bottom: 1.5px solid var(--ink); font-weight: 600; }
/* A number and its bracketed range may wrap between them, never inside a number. */
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; overflow-wrap: normal; }
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
  section:first-of-type, section:has(> h2.short), section:has(> h2.short) + section {
    break-before: auto; page-break-before: auto; }
  section:has(> h2.short) > h2, section:has(> h2.short) + section > h2 { margin-top: 18px; }
  section:has(> h2.short) { break-inside: avoid; page-break-inside: avoid; }
  h2 + p, h3 + p { break-inside: avoid; break-after: avoid; page-break-after: avoid; }
  table.whole { break-inside: avoid; page-break-inside: avoid; }
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

// A table of at most this many rows is kept on one page when printed.
constexpr std::size_t kWholeTableRows = 15;

std::string one_table_html(const doc::Table& t) {
    auto numeric = [&](std::size_t c) { return c < t.numeric.size() && t.numeric[c]; };
    std::string out = t.rows.size() <= kWholeTableRows ? "<table class=\"whole\">\n<thead><tr>" : "<table>\n<thead><tr>";
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

// [fit] A table wider than the narrowest page (a 700 px window, A4 or Letter paper: about 640 px
// for the table at 12.5 px type) is split into several tables, each repeating the first column.
// Widths are estimated from characters: a column needs room for its longest word, and is given at
// most 16 characters more before its text wraps. A table of up to four columns is never split: its
// headings and cells wrap within the page, and a reader should not match rows across two tables.
constexpr double kCharPx = 7.2, kCellPadPx = 17.0, kTableBudgetPx = 650.0;
constexpr std::size_t kNeverSplitColumns = 4;

std::size_t glyphs(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

double column_px(const doc::Table& t, std::size_t c) {
    std::size_t longest_word = 0, longest_cell = 0;
    auto see = [&](const std::string& text) {
        longest_cell = std::max(longest_cell, glyphs(text));
        std::size_t start = 0;
        while (start <= text.size()) {
            const auto end = std::min(text.find(' ', start), text.size());
            longest_word = std::max(longest_word, glyphs(text.substr(start, end - start)));
            start = end + 1;
        }
    };
    if (c < t.header.size()) see(t.header[c]);
    for (const auto& row : t.rows)
        if (c < row.size()) see(row[c]);
    const std::size_t chars = std::max(longest_word, std::min(longest_cell, longest_word + 16));
    return double(chars) * kCharPx + kCellPadPx;
}

std::string table_html(const doc::Table& t) {
    const std::size_t cols = t.header.size();
    std::vector<double> px(cols);
    double total = 0;
    for (std::size_t c = 0; c < cols; ++c) total += px[c] = column_px(t, c);
    if (cols <= kNeverSplitColumns || total <= kTableBudgetPx) return one_table_html(t);
    // Column groups in order (a group never straddles two parts).
    auto group_of = [&](std::size_t c) { return c < t.group.size() ? t.group[c] : -int(c) - 1; };
    std::vector<std::vector<std::size_t>> groups;
    for (std::size_t c = 1; c < cols; ++c) {
        if (groups.empty() || group_of(c) != group_of(groups.back().back())) groups.emplace_back();
        groups.back().push_back(c);
    }
    std::vector<std::vector<std::size_t>> parts;
    double width = 0;
    for (const auto& g : groups) {
        double w = 0;
        for (auto c : g) w += px[c];
        if (parts.empty() || width + w > kTableBudgetPx) {
            parts.push_back({0});
            width = px[0];
        }
        parts.back().insert(parts.back().end(), g.begin(), g.end());
        width += w;
    }
    std::string out;
    for (const auto& part : parts) {
        doc::Table sub;
        for (auto c : part) {
            sub.header.push_back(t.header[c]);
            sub.numeric.push_back(c < t.numeric.size() && t.numeric[c]);
        }
        for (const auto& row : t.rows) {
            std::vector<std::string> cells;
            for (auto c : part) cells.push_back(c < row.size() ? row[c] : std::string());
            sub.rows.push_back(std::move(cells));
        }
        out += one_table_html(sub);
    }
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

// [print] About how many lines of print a section takes (a page holds about 55): a paragraph wraps
// at about 95 characters, a row of figures takes about 22 lines.
constexpr double kShortSectionLines = 20.0;

double printed_lines(const doc::Section& s) {
    double lines = 3.0;   // the heading
    for (const auto& b : s.blocks) {
        switch (b.kind) {
            case doc::Block::Kind::Paragraph:
            case doc::Block::Kind::Note: {
                std::size_t chars = 0;
                for (const auto& span : b.text) chars += glyphs(span.text);
                lines += 1.0 + std::ceil(double(chars) / 95.0);
                break;
            }
            case doc::Block::Kind::Heading: lines += 2.0; break;
            case doc::Block::Kind::Table: lines += 3.0 + double(b.table.rows.size()); break;
            case doc::Block::Kind::Figures: {
                const std::size_t cols = std::size_t(std::clamp(b.columns, 1, 3));
                lines += 22.0 * double((b.figures.size() + cols - 1) / cols);
                break;
            }
            case doc::Block::Kind::Pre: lines += 2.0 + double(std::count(b.pre.begin(), b.pre.end(), '\n')); break;
        }
    }
    return lines;
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
        // The mark sits on the heading, so the section's own tag stays as links and scripts know it.
        out += "<section id=\"" + html_escape(s.id) + "\">\n" +
               (printed_lines(s) <= kShortSectionLines ? "<h2 class=\"short\">" : "<h2>") + html_escape(s.title) +
               "</h2>\n";
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
