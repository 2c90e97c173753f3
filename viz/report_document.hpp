#pragma once
// The report as a renderer-neutral document: sections of paragraphs, tables, figures and
// preformatted text. Built once (viz/report.cpp) and rendered to HTML (report_html.cpp) and
// Markdown (markdown.cpp), so both twins carry exactly the same words and numbers.

#include <string>
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

/// Renders a document as Markdown.
std::string document_markdown(const doc::Document& d);

}  // namespace orgforces::viz
