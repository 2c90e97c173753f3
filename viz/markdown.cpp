// Markdown rendering of a report document (the twin of the HTML page).
#include <algorithm>
#include <string>

#include "viz/chart.hpp"
#include "viz/escape.hpp"
#include "viz/report_document.hpp"
#include "viz/svg.hpp"

namespace orgforces::viz {

namespace {

std::string inline_md(const doc::Inline& text) {
    std::string out;
    for (const auto& s : text) {
        switch (s.style) {
            case doc::Span::Style::Plain: out += markdown_escape(s.text); break;
            case doc::Span::Style::Strong: out += "**" + markdown_escape(s.text) + "**"; break;
            case doc::Span::Style::Code: {
                // A code span cannot escape its delimiters: fence with more backticks than it holds.
                std::string fence = "`";
                while (s.text.find(fence) != std::string::npos) fence += '`';
                std::string body = s.text;
                for (auto& c : body)
                    if (c == '\n' || c == '\r' || c == '|') c = ' ';
                out += fence + " " + body + " " + fence;
                break;
            }
        }
    }
    return out;
}

std::string table_md(const doc::Table& t) {
    auto numeric = [&](std::size_t c) { return c < t.numeric.size() && t.numeric[c]; };
    std::string out = "|";
    for (const auto& h : t.header) out += " " + markdown_escape(h) + " |";
    out += "\n|";
    for (std::size_t c = 0; c < t.header.size(); ++c) out += numeric(c) ? " ---: |" : " --- |";
    out += "\n";
    for (const auto& row : t.rows) {
        out += "|";
        for (std::size_t c = 0; c < t.header.size(); ++c)
            out += " " + (c < row.size() ? markdown_escape(row[c]) : std::string()) + " |";
        out += "\n";
    }
    return out + "\n";
}

// A fence longer than any backtick run in the text, so scenario text cannot close it.
std::string fence_for(const std::string& text) {
    std::size_t longest = 0, run = 0;
    for (char c : text) {
        run = c == '`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    return std::string(std::max<std::size_t>(3, longest + 1), '`');
}

}  // namespace

std::string document_markdown(const doc::Document& d, MarkdownFigures* figures) {
    std::string out = "# " + markdown_escape(d.title) + "\n\n" + markdown_escape(d.subtitle) + "\n\n";
    for (const auto& s : d.sections) {
        out += "## " + markdown_escape(s.title) + "\n\n";
        for (const auto& b : s.blocks) {
            switch (b.kind) {
                case doc::Block::Kind::Paragraph: out += inline_md(b.text) + "\n\n"; break;
                case doc::Block::Kind::Note: out += "> " + inline_md(b.text) + "\n\n"; break;
                case doc::Block::Kind::Heading: out += "### " + inline_md(b.text) + "\n\n"; break;
                case doc::Block::Kind::Table: out += table_md(b.table); break;
                case doc::Block::Kind::Figures:
                    for (const auto& f : b.figures) {
                        out += "*Figure: " + markdown_escape(f.chart.title) + ".* " +
                               markdown_escape(f.chart.caption) + "\n\n";
                        if (!figures) continue;
                        // Named by section and position, so the names are stable and safe in any path.
                        const std::string name = s.id + "-" + std::to_string(figures->files.size() + 1) + ".svg";
                        SvgOptions o;
                        o.width = f.width;
                        o.height = f.height > 0 ? f.height : f.chart.preferred_height;
                        figures->files.emplace_back(name, render_svg(f.chart, o));
                        out += "![" + markdown_escape(f.chart.title) + "](" + figures->folder + "/" + name + ")\n\n";
                    }
                    break;
                case doc::Block::Kind::Pre: {
                    const std::string fence = fence_for(b.pre);
                    out += fence + "\n" + b.pre + (b.pre.empty() || b.pre.back() != '\n' ? "\n" : "") + fence + "\n\n";
                    break;
                }
            }
        }
    }
    return out;
}

}  // namespace orgforces::viz
