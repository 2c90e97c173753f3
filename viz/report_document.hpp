#pragma once
// The report as a renderer-neutral document: sections of paragraphs, tables, figures and
// preformatted text. Built once (viz/report.cpp) and rendered to HTML (report_html.cpp) and
// Markdown (markdown.cpp), so both twins carry exactly the same words and numbers.

#include <string>
#include <utility>
#include <vector>

#include "viz/chart.hpp"

namespace orgforces::viz::doc {

/// A run of text; renderers escape it.
struct Span {
    enum class Style { Plain, Strong, Code };
    std::string text;
    Style style = Style::Plain;
};
using Inline = std::vector<Span>;

struct Table {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::vector<bool> numeric;   ///< per column: right-aligned
    /// Per column: columns with the same group id stay together when a renderer splits a table
    /// too wide for its page (empty: every column is its own group). Column 0 is repeated.
    std::vector<int> group;
};

struct Figure {
    Chart chart;
    double width = 680;
    double height = 0;           ///< 0: the chart's preferred height
};

struct Block {
    enum class Kind { Paragraph, Note, Table, Figures, Pre, Heading };
    Kind kind = Kind::Paragraph;
    Inline text;                 ///< Paragraph, Note, Heading
    Table table;
    std::vector<Figure> figures; ///< Figures: laid out `columns` across
    int columns = 1;
    std::string pre;             ///< Pre
    std::string role;            ///< Paragraph: "question", "answer" or "" (styling only)
};

struct Section {
    std::string id;
    std::string title;
    std::vector<Block> blocks;
};

struct Document {
    std::string title;
    std::string subtitle;
    std::vector<Section> sections;
};

/// Plain concatenation of an Inline's text.
std::string plain(const Inline& text);

}  // namespace orgforces::viz::doc

namespace orgforces::viz {

/// Renders a document as a self-contained HTML page.
std::string document_html(const doc::Document& d);

/// The figures of a Markdown rendering, as SVG files to write beside it.
struct MarkdownFigures {
    std::string folder;                                    ///< relative to the Markdown file, e.g. "x-figures"
    std::vector<std::pair<std::string, std::string>> files; ///< file name in `folder`, SVG text
};

/// Renders a document as Markdown. With `figures`, each figure is an image linked from
/// `figures->folder` and its SVG is added to `figures->files`; without, its title and caption only.
std::string document_markdown(const doc::Document& d, MarkdownFigures* figures = nullptr);

}  // namespace orgforces::viz
