#pragma once
// Escaping of text that comes from scenarios before it reaches HTML, SVG or Markdown.

#include <string>
#include <string_view>

namespace orgforces::viz {

/// Text safe inside HTML/SVG elements and double- or single-quoted attributes.
std::string html_escape(std::string_view text);

/// Text safe inside a Markdown table cell or paragraph (no markup, no raw HTML, no line breaks).
std::string markdown_escape(std::string_view text);

}  // namespace orgforces::viz
