// Loading scenario files: raw-text guards, YAML parsing with positions, and the mapping of every
// key of the format (model/schema.hpp) onto model::Scenario.
//
// Sections: [context] [raw-text guards] [checked maps] [sections] [entry points]

#include "model/loader.hpp"

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>
#include <stdexcept>

#include "model/diagnostics.hpp"
#include "model/march1991_loader.hpp"
#include "model/reach.hpp"
#include "model/schema.hpp"
#include "model/suggest.hpp"
#include "model/uncertain.hpp"
#include "model/utf8.hpp"
#include "model/validate.hpp"

namespace orgforces::model {

namespace {

// [context] -----------------------------------------------------------------------------------

constexpr std::size_t kMaxDiagnostics = 50;

struct Context {
    std::string file;
    std::vector<Diagnostic> diagnostics;
    std::size_t dropped = 0;
    Positions positions;
    std::vector<std::string> dimensions;   // names, in order
    std::vector<std::string> water_names;  // for maps keyed by water force

    SourcePos at(const YAML::Node& n) const {
        const YAML::Mark m = n.Mark();
        if (m.line < 0) return SourcePos{file, 0, 0};
        return SourcePos{file, m.line + 1, m.column + 1};
    }
    void error(const SourcePos& p, std::string message) {
        if (diagnostics.size() >= kMaxDiagnostics) {
            ++dropped;
            return;
        }
        diagnostics.push_back(Diagnostic{p, std::move(message)});
    }
    void error(const YAML::Node& n, std::string message) { error(at(n), std::move(message)); }
    void record(const std::string& path, const YAML::Node& n) { positions.at[path] = at(n); }
};

std::string describe(const YAML::Node& n) {
    switch (n.Type()) {
        case YAML::NodeType::Null: return "nothing";
        case YAML::NodeType::Sequence: return "a list";
        case YAML::NodeType::Map: return "a map";
        case YAML::NodeType::Scalar: {
            std::string v = n.Scalar();
            if (v.size() > 40) v = v.substr(0, 37) + "...";
            return "'" + v + "'";
        }
        default: return "an undefined value";
    }
}

std::string join_keys(const std::vector<std::string>& keys) {
    std::string out;
    for (const auto& k : keys) out += (out.empty() ? "" : ", ") + k;
    return out;
}

// [raw-text guards] ---------------------------------------------------------------------------
// Before yaml-cpp sees the text: its size, UTF-8, control characters, and the shapes on which
// yaml-cpp 0.7 loops forever. Limits on the YAML structure are counted while parsing (below).

// yaml-cpp 0.7 loops forever, allocating without bound, when a ',' outside any flow collection
// begins a document or stands at column 1 (found by fuzzing). Neither is valid in a scenario, whose
// top level is a mapping. Returns the 1-based column of such a ',' on `line` (0: none) and keeps
// `document_start` true until the current document's first content.
int stray_flow_entry(std::string_view line, bool& document_start) {
    if (!line.empty() && line[0] == ',') return 1;
    auto blank = [](char ch) { return ch == ' ' || ch == '\t' || ch == '\r'; };
    std::size_t i = 0;
    const std::string_view marker = line.substr(0, 3);
    if ((marker == "---" || marker == "...") && (line.size() == 3 || blank(line[3]))) {
        document_start = true;  // "---" starts a document, "..." ends one and so opens the next
        i = 3;
    } else if (document_start && !line.empty() && line[0] == '%') {
        return 0;  // a directive, before the document
    }
    if (!document_start) return 0;
    for (;;) {
        while (i < line.size() && blank(line[i])) ++i;
        if (i >= line.size() || line[i] == '#') return 0;  // nothing yet on this line
        if (line[i] != '&' && line[i] != '!') break;
        while (i < line.size() && !blank(line[i])) ++i;     // a node property: anchor or tag
    }
    document_start = false;
    return line[i] == ',' ? static_cast<int>(i) + 1 : 0;
}

void check_raw_text(std::string_view text, Context& c) {
    if (text.size() > Limits::max_file_bytes) {
        c.error(SourcePos{c.file, 0, 0}, "file is " + std::to_string(text.size()) + " bytes; the limit is " +
                                             std::to_string(Limits::max_file_bytes) + " bytes");
        return;
    }
    int flow_depth = 0;
    int line = 1;
    bool document_start = true;
    std::size_t i = 0;
    while (i < text.size()) {
        // One line: indentation, leading dashes, then the rest.
        std::size_t start = i;
        if (flow_depth == 0) {
            const std::size_t eol = std::min(text.find('\n', start), text.size());
            if (const int column = stray_flow_entry(text.substr(start, eol - start), document_start)) {
                c.error(SourcePos{c.file, line, column},
                        "a ',' outside [ ] or { } cannot begin a line or a document; quote the text, or "
                        "indent it under its key");
                return;
            }
        }
        while (i < text.size() && text[i] == ' ') ++i;
        while (i + 1 < text.size() && (text[i] == '-' || text[i] == '?' || text[i] == ':') &&
               (text[i + 1] == ' ' || text[i + 1] == '\t')) {
            i += 2;
            while (i < text.size() && text[i] == ' ') ++i;
        }
        bool in_comment = false;
        char quote = 0;  // the quote of a string open on this line: its brackets are text
        bool escaped = false;
        for (; i < text.size() && text[i] != '\n'; ++i) {
            const char ch = text[i];
            // YAML admits no control characters but tab and line breaks, and yaml-cpp can spin
            // for minutes on a NUL inside a flow collection: refuse them before it parses.
            const auto byte = static_cast<unsigned char>(ch);
            if ((byte < 0x20 && ch != '\t' && ch != '\r') || byte == 0x7f) {
                c.error(SourcePos{c.file, line, static_cast<int>(i - start) + 1},
                        fmt::format("control character 0x{:02x} is not allowed in a scenario file "
                                    "(only tabs and line breaks are)", byte));
                return;
            }
            if (byte >= 0x80) {
                const std::size_t n = utf8_sequence_length(text.substr(i));
                if (n == 0) {
                    c.error(SourcePos{c.file, line, static_cast<int>(i - start) + 1},
                            fmt::format("byte 0x{:02x} is not valid UTF-8; scenario files must be UTF-8 text", byte));
                    return;
                }
                i += n - 1;  // a character of text: no YAML syntax inside it
                continue;
            }
            if (quote) {
                if (escaped) escaped = false;
                else if (ch == '\\' && quote == '"') escaped = true;
                else if (ch == quote) quote = 0;
                continue;
            }
            if (!in_comment && (ch == '"' || ch == '\'') &&
                (i == start || std::string_view(" \t[{,:-?").find(text[i - 1]) != std::string_view::npos)) {
                quote = ch;
                continue;
            }
            if (ch == '#' && (i == start || text[i - 1] == ' ' || text[i - 1] == '\t')) in_comment = true;
            if (in_comment) continue;
            if (ch == '[' || ch == '{') ++flow_depth;
            if ((ch == ']' || ch == '}') && flow_depth > 0) --flow_depth;
        }
        if (i < text.size()) ++i;  // newline
        ++line;
    }
}

// [parser limits] -----------------------------------------------------------------------------
// Limits counted on the events yaml-cpp's parser emits, before any node is built: nesting depth
// (its parser recurses once per level), aliases, nodes (what the node tree would cost in memory),
// explicit tags, and text that YAML escapes turned into control characters. Counting events
// rather than characters means no quoting or layout can hide a level or an alias.

// Keys, values and list items in one file. A generous bound for any scenario within the size
// limit, and what keeps the node tree yaml-cpp then builds to tens of MB.
constexpr long kMaxYamlNodes = 200000;

struct LimitExceeded {
    SourcePos pos;
    std::string message;
};

// The first problem in `s` as text of a scenario, or "": invalid UTF-8 cannot occur here (the
// raw text was checked) but escapes such as "\e", "\x1b" or "\u009b" yield control characters.
std::string control_character(const std::string& s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto b = static_cast<unsigned char>(s[i]);
        if ((b < 0x20 && b != '\t' && b != '\n') || b == 0x7f)
            return fmt::format("control character 0x{:02x}", b);
        if (b == 0xc2 && i + 1 < s.size()) {
            const auto next = static_cast<unsigned char>(s[i + 1]);
            if (next >= 0x80 && next <= 0x9f) return fmt::format("control character U+{:04X}", next);
        }
    }
    return "";
}

class LimitCounter : public YAML::EventHandler {
public:
    LimitCounter(std::string_view text, const std::string& file) : text_(text), file_(file) {}

    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { node(mark); }
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
        node(mark);
        if (++aliases_ > Limits::max_aliases)
            fail(mark, "more than " + std::to_string(Limits::max_aliases) + " YAML aliases (*name); a scenario needs few");
    }
    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t, const std::string& value) override {
        node(mark);
        check_tag(mark, tag);
        if (tag == "!") check_closed_quote(mark);
        if (const auto what = control_character(value); !what.empty())
            fail(mark, what + " in this text (written as a YAML escape); only tabs and line breaks are allowed");
    }
    void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t,
                         YAML::EmitterStyle::value) override {
        open(mark, tag);
    }
    void OnSequenceEnd() override { --depth_; }
    void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t, YAML::EmitterStyle::value) override {
        open(mark, tag);
    }
    void OnMapEnd() override { --depth_; }

private:
    [[noreturn]] void fail(const YAML::Mark& mark, std::string message) const {
        throw LimitExceeded{SourcePos{file_, mark.line + 1, mark.column + 1}, std::move(message)};
    }
    void node(const YAML::Mark& mark) {
        if (++nodes_ > kMaxYamlNodes)
            fail(mark, "more than " + std::to_string(kMaxYamlNodes) +
                           " YAML values (keys, values and list items); a scenario needs far fewer");
    }
    void open(const YAML::Mark& mark, const std::string& tag) {
        node(mark);
        check_tag(mark, tag);
        if (++depth_ > Limits::max_nesting)
            fail(mark, "nesting is deeper than " + std::to_string(Limits::max_nesting) + " levels; a scenario needs far fewer");
    }
    void check_tag(const YAML::Mark& mark, const std::string& tag) const {
        // yaml-cpp marks an untagged plain value "?" and an untagged quoted one "!".
        if (!tag.empty() && tag != "?" && tag != "!")
            fail(mark, "YAML tag '" + tag.substr(0, 40) + "' is not allowed; scenario files use no tags");
    }
    // yaml-cpp 0.7 takes a quote never closed as a string running to the end of the file; report
    // it where it opens rather than as whatever key then seems missing.
    void check_closed_quote(const YAML::Mark& mark) const {
        if (mark.pos < 0 || static_cast<std::size_t>(mark.pos) >= text_.size()) return;
        const auto start = static_cast<std::size_t>(mark.pos);
        const char q = text_[start];
        if (q != '"' && q != '\'') return;
        for (std::size_t i = start + 1; i < text_.size(); ++i) {
            if (q == '"' && text_[i] == '\\') {
                ++i;
                continue;
            }
            if (text_[i] != q) continue;
            if (q == '\'' && i + 1 < text_.size() && text_[i + 1] == '\'') {
                ++i;  // '' is an escaped quote
                continue;
            }
            return;
        }
        fail(mark, std::string("this quote (") + q + ") is never closed");
    }

    std::string_view text_;
    const std::string& file_;
    int depth_ = 0;
    int aliases_ = 0;
    long nodes_ = 0;
};

void check_parse_limits(std::string_view text, Context& c) {
    std::istringstream in{std::string(text)};
    LimitCounter counter(text, c.file);
    try {
        YAML::Parser parser(in);
        while (parser.HandleNextDocument(counter)) {
        }
    } catch (const LimitExceeded& e) {
        c.error(e.pos, e.message);
    } catch (const YAML::Exception&) {
        // syntax errors are reported by the parse that follows, with their position
    }
}

// [checked maps] ------------------------------------------------------------------------------

/// A YAML map checked against a part of the format: known keys only, no duplicates, required
/// keys present. Getters convert a key's value, record its position and report wrong types.
class Fields {
public:
    Fields(Context& c, const YAML::Node& node, const ObjectSpec& spec, std::string path, std::string what)
        : c_(c), spec_(spec), path_(std::move(path)), what_(std::move(what)), node_(node) {
        if (!node.IsMap()) {
            c_.error(node, "expected a map for " + what_ + ", got " + describe(node));
            ok_ = false;
            return;
        }
        for (auto it = node.begin(); it != node.end(); ++it) {
            const YAML::Node key = it->first;
            if (!key.IsScalar()) {
                c_.error(key, "keys of " + what_ + " must be plain words, got " + describe(key));
                continue;
            }
            const std::string k = key.Scalar();
            if (!spec_.field(k)) {
                c_.error(key, "unknown key '" + k + "' in " + what_ + did_you_mean(k, spec_.keys()) +
                                  "; known keys: " + join_keys(spec_.keys()));
                continue;
            }
            if (const auto f = found_.find(k); f != found_.end()) {
                c_.error(key, "duplicate key '" + k + "' in " + what_ + " (first at line " +
                                  std::to_string(c_.at(f->second.first).line) + ")");
                continue;
            }
            found_.emplace(k, std::make_pair(key, it->second));
            c_.record(child(k), it->second);
        }
        for (const auto& f : spec_.fields)
            if (f.required && !found_.count(f.key))
                c_.error(node, what_ + " is missing the required key '" + f.key + "' (" + f.description + ")");
    }

    bool ok() const { return ok_; }
    /// Where `key`'s value is, or the map itself when the key is missing.
    SourcePos pos(const std::string& key) const { return c_.at(has(key) ? value(key) : node_); }
    bool has(const std::string& key) const { return found_.count(key) > 0; }
    YAML::Node value(const std::string& key) const { return found_.at(key).second; }
    std::string child(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }
    const std::string& what() const { return what_; }
    Context& context() { return c_; }

    void text(const std::string& key, std::string& out) {
        if (!has(spec_.at(key).key)) return;
        const YAML::Node v = value(key);
        if (!v.IsScalar()) return type_error(key, v, "text");
        out = v.Scalar();
    }

    void real(const std::string& key, double& out) {
        if (!has(spec_.at(key).key)) return;
        const YAML::Node v = value(key);
        if (!number(v, out)) type_error(key, v, "a number");
    }

    void real(const std::string& key, std::optional<double>& out) {
        if (!has(key)) return;
        double v = 0.0;
        real(key, v);
        out = v;
    }

    template <class Int>
    void integer(const std::string& key, Int& out) {
        const FieldSpec& spec = spec_.at(key);
        if (!has(key)) return;
        const YAML::Node v = value(key);
        double d = 0.0;
        if (!number(v, d) || !std::isfinite(d) || std::floor(d) != d) return type_error(key, v, "a whole number");
        if (d < spec.min || d > spec.max) {
            std::ostringstream msg;
            msg << what_ << ": " << key << " " << v.Scalar() << " is out of range [" << spec.min << ", " << spec.max
                << "]";
            c_.error(v, msg.str());
            return;
        }
        out = static_cast<Int>(d);
    }

    void boolean(const std::string& key, bool& out) {
        if (!has(spec_.at(key).key)) return;
        const YAML::Node v = value(key);
        if (!v.IsScalar() || !YAML::convert<bool>::decode(v, out)) type_error(key, v, "true or false");
    }

    void choice(const std::string& key, std::string& out) {
        const FieldSpec& spec = spec_.at(key);
        if (!has(key)) return;
        const YAML::Node v = value(key);
        if (!v.IsScalar()) return type_error(key, v, "one of " + join_keys(spec.choices));
        const std::string s = v.Scalar();
        if (std::find(spec.choices.begin(), spec.choices.end(), s) == spec.choices.end()) {
            c_.error(v, what_ + ": " + key + " '" + s + "' is not one of " + join_keys(spec.choices) +
                            did_you_mean(s, spec.choices));
            return;
        }
        out = s;
    }

    void names(const std::string& key, std::vector<std::string>& out) {
        if (!has(spec_.at(key).key)) return;
        const YAML::Node v = value(key);
        if (v.IsScalar()) {  // a single name is accepted for a list of one
            out = {v.Scalar()};
            return;
        }
        if (!v.IsSequence()) return type_error(key, v, "a list of names");
        std::size_t i = 0;
        for (const auto& item : v) {
            if (!item.IsScalar()) {
                c_.error(item, what_ + ": items of " + key + " must be names, got " + describe(item));
            } else {
                c_.record(child(key) + "[" + std::to_string(i) + "]", item);
                out.push_back(item.Scalar());
            }
            ++i;
        }
    }

    /// A map name -> number; `allowed` (if not empty) lists the valid names for did-you-mean.
    void number_map(const std::string& key, std::map<std::string, double>& out,
                    const std::vector<std::string>* allowed, const std::string& key_kind) {
        if (!has(spec_.at(key).key)) return;
        const YAML::Node v = value(key);
        if (!v.IsMap()) return type_error(key, v, "a map of " + key_kind + " to numbers");
        for (auto it = v.begin(); it != v.end(); ++it) {
            const YAML::Node k = it->first;
            if (!k.IsScalar()) {
                c_.error(k, what_ + ": keys of " + key + " must be names, got " + describe(k));
                continue;
            }
            const std::string name = k.Scalar();
            if (allowed && std::find(allowed->begin(), allowed->end(), name) == allowed->end()) {
                c_.error(k, what_ + ": " + key + " names unknown " + key_kind + " '" + name + "'" +
                                did_you_mean(name, *allowed) + "; known: " + join_keys(*allowed));
                continue;
            }
            if (out.count(name)) {
                c_.error(k, what_ + ": duplicate key '" + name + "' in " + key);
                continue;
            }
            double d = 0.0;
            if (!number(it->second, d)) {
                c_.error(it->second, what_ + ": " + key + "." + name + " must be a number, got " +
                                         describe(it->second));
                continue;
            }
            c_.record(child(key) + "." + name, it->second);
            out[name] = d;
        }
    }

    /// A partial vector over the scenario's dimensions.
    void partial(const std::string& key, PartialVector& out) {
        out.assign(c_.dimensions.size(), std::nullopt);
        std::map<std::string, double> values;
        number_map(key, values, &c_.dimensions, "dimension");
        for (const auto& [name, v] : values) {
            const auto it = std::find(c_.dimensions.begin(), c_.dimensions.end(), name);
            out[static_cast<std::size_t>(it - c_.dimensions.begin())] = v;
        }
    }

    /// A full vector: entries missing from the map take `fallback`.
    void full(const std::string& key, std::vector<double>& out, const std::vector<double>& fallback) {
        PartialVector p;
        partial(key, p);
        out = fallback;
        out.resize(c_.dimensions.size(), 0.5);
        for (std::size_t d = 0; d < p.size(); ++d)
            if (p[d]) out[d] = *p[d];
    }

    /// A list of maps; calls `read(item_fields, index)` for each item that is a map.
    template <class Read>
    void list(const std::string& key, const std::string& item_what, Read read) {
        const FieldSpec& spec = spec_.at(key);
        if (!has(key)) return;
        const YAML::Node v = value(key);
        if (v.IsNull()) return;  // `key:` with nothing is an empty list
        if (!v.IsSequence()) return type_error(key, v, "a list");
        const std::size_t limit = spec.max_items > 0 ? static_cast<std::size_t>(spec.max_items) : 100000;
        if (v.size() > limit) {
            c_.error(v, what_ + ": " + key + " has " + std::to_string(v.size()) + " items; the limit is " +
                            std::to_string(limit));
            return;
        }
        std::size_t i = 0;
        for (const auto& item : v) {
            const std::string path = child(key) + "[" + std::to_string(i) + "]";
            c_.record(path, item);
            // Name the item in messages when it has a name: "team 'frontier'", else "team #3".
            std::string label = item_what + " #" + std::to_string(i + 1);
            if (item.IsMap()) {
                const YAML::Node n = item["name"];
                if (n && n.IsScalar() && !n.Scalar().empty() && n.Scalar().size() <= Limits::max_name_length)
                    label = item_what + " '" + n.Scalar() + "'";
            }
            Fields f(c_, item, *spec.object, path, label);
            if (f.ok()) read(f, i);
            ++i;
        }
    }

    /// A nested map of another part of the format.
    template <class Read>
    void object(const std::string& key, const std::string& item_what, Read read) {
        const FieldSpec& spec = spec_.at(key);
        if (!has(key)) return;
        Fields f(c_, value(key), *spec.object, child(key), item_what);
        if (f.ok()) read(f);
    }

    /// Renames the object for messages once its name is known: "team 'frontier'".
    void named(const std::string& kind) {
        std::string n;
        if (has("name") && value("name").IsScalar()) n = value("name").Scalar();
        if (!n.empty()) what_ = kind + " '" + n + "'";
    }

private:
    static bool number(const YAML::Node& v, double& out) {
        if (!v.IsScalar()) return false;
        if (v.Tag() == "!") return false;  // quoted: "52" is text, not a number
        const std::string& s = v.Scalar();
        if (s.empty()) return false;
        if (YAML::convert<double>::decode(v, out)) return true;
        // The stream yaml-cpp reads with refuses subnormal numbers such as 4.9e-324; they are finite.
        const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
        return ec == std::errc() && ptr == s.data() + s.size();
    }

    void type_error(const std::string& key, const YAML::Node& v, const std::string& expected) {
        c_.error(v, what_ + ": " + key + " must be " + expected + ", got " + describe(v));
    }

    Context& c_;
    const ObjectSpec& spec_;
    std::string path_;
    std::string what_;
    YAML::Node node_;
    bool ok_ = true;
    std::map<std::string, std::pair<YAML::Node, YAML::Node>> found_;
};

// [sections] ----------------------------------------------------------------------------------

ProblemClass to_class(const std::string& s) {
    if (s == "solved") return ProblemClass::Solved;
    if (s == "unsolvable") return ProblemClass::Unsolvable;
    return ProblemClass::Solvable;
}

void read_assignments(Fields& f, std::vector<Override>& out) {
    Context& c = f.context();
    if (!f.has("set")) return;
    const YAML::Node v = f.value("set");
    if (!v.IsMap()) {
        c.error(v, f.what() + ": set must be a map of parameter paths to values, got " + describe(v));
        return;
    }
    for (auto it = v.begin(); it != v.end(); ++it) {
        if (!it->first.IsScalar()) {
            c.error(it->first, f.what() + ": keys of set must be parameter paths, got " + describe(it->first));
            continue;
        }
        Override o;
        o.path = it->first.Scalar();
        o.pos = c.at(it->first);
        const YAML::Node val = it->second;
        bool b = false;
        if (val.IsScalar() && !val.Scalar().empty() && YAML::convert<double>::decode(val, o.value)) {
        } else if (val.IsScalar() && YAML::convert<bool>::decode(val, b)) {
            o.value = b ? 1.0 : 0.0;
        } else {
            c.error(val, f.what() + ": value of '" + o.path + "' must be a number or true/false/on/off, got " +
                             describe(val));
            continue;
        }
        out.push_back(o);
    }
}

/// `uncertain:` — parameter path -> distribution; checked against the registry after loading.
void read_uncertain(Fields& top, std::vector<UncertainParam>& out) {
    Context& c = top.context();
    if (!top.has("uncertain")) return;
    const YAML::Node v = top.value("uncertain");
    if (v.IsNull()) return;
    if (!v.IsMap()) {
        c.error(v, "uncertain must be a map of parameter paths to distributions, got " + describe(v));
        return;
    }
    for (auto it = v.begin(); it != v.end(); ++it) {
        if (!it->first.IsScalar()) {
            c.error(it->first, "keys of uncertain must be parameter paths, got " + describe(it->first));
            continue;
        }
        UncertainParam u;
        u.path = it->first.Scalar();
        u.pos = c.at(it->first);
        Fields f(c, it->second, object_spec("distribution"), "uncertain." + u.path, "uncertain '" + u.path + "'");
        if (!f.ok()) continue;
        std::string dist;
        f.choice("dist", dist);
        static const std::vector<std::pair<std::string, Distribution>> kinds{
            {"uniform", Distribution::Uniform}, {"log_uniform", Distribution::LogUniform},
            {"triangular", Distribution::Triangular}, {"normal", Distribution::Normal}, {"beta", Distribution::Beta}};
        for (const auto& [name, d] : kinds)
            if (name == dist) u.dist = d;
        for (const auto& [key, slot] : {std::pair<const char*, double*>{"lo", &u.lo}, {"hi", &u.hi}, {"mode", &u.mode},
                                        {"mean", &u.mean}, {"sd", &u.sd}, {"alpha", &u.alpha}, {"beta", &u.beta}}) {
            if (!f.has(key)) continue;
            f.real(key, *slot);
            u.given.push_back(key);
        }
        if (!dist.empty()) out.push_back(std::move(u));
    }
}

// A starting assumption level the file leaves out, until the reach of every culture is known.
constexpr double kUnstated = std::numeric_limits<double>::quiet_NaN();

void read_reach(Fields& f, Reach& r) {
    Context& c = f.context();
    if (!f.has("reach")) return;
    const YAML::Node v = f.value("reach");
    if (v.IsScalar()) {
        if (v.Scalar() != "everyone")
            c.error(v, f.what() + ": reach must be 'everyone' or a map with units/teams/exclude_units/exclude_teams, "
                                  "got " + describe(v));
        return;
    }
    f.object("reach", f.what() + " reach", [&](Fields& g) {
        g.names("units", r.units);
        g.names("teams", r.teams);
        g.names("exclude_units", r.exclude_units);
        g.names("exclude_teams", r.exclude_teams);
        r.everyone = r.units.empty() && r.teams.empty();
        g.boolean("everyone", r.everyone);
    });
}

LayoffPolicy read_policy(Fields& f, const std::string& key) {
    std::string name;
    f.choice(key, name);
    for (const auto p : {LayoffPolicy::Random, LayoffPolicy::Newest, LayoffPolicy::MostConforming,
                         LayoffPolicy::LeastConforming})
        if (name == to_string(p)) return p;
    return LayoffPolicy::Random;
}

void read_merge(Fields& f, Event& e) {
    f.object("merge", f.what() + " merge", [&](Fields& g) {
        TeamMerge m;
        m.pos = g.pos("into");
        g.names("teams", m.teams);
        g.text("into", m.into);
        e.merge = m;
    });
}

void read_split(Fields& f, Event& e) {
    f.object("split", f.what() + " split", [&](Fields& g) {
        TeamSplit sp;
        sp.pos = g.pos("team");
        g.text("team", sp.team);
        g.text("into", sp.into);
        g.integer("size", sp.size);
        sp.who = read_policy(g, "who");
        e.split = sp;
    });
}

Event read_event(Fields& f) {
    Event e;
    e.pos = f.pos("tick");
    f.integer("tick", e.tick);
    f.text("label", e.label);
    read_assignments(f, e.set);
    f.object("move", f.what() + " move", [&](Fields& g) {
        TeamMove m;
        m.pos = g.pos("team");
        g.text("team", m.team);
        g.text("to", m.unit);
        e.move = m;
    });
    f.object("replace_leader", f.what() + " replace_leader", [&](Fields& g) {
        LeaderChange l;
        l.pos = g.pos("team");
        g.text("team", l.team);
        g.real("leadership", l.leadership);
        g.partial("intent", l.intent);
        g.integer("interim", l.interim);
        g.real("interim_leadership", l.interim_leadership);
        e.leader = l;
    });
    e.layoff = read_policy(f, "layoff");
    read_merge(f, e);
    read_split(f, e);
    return e;
}

// The top-level settings: what the scenario is called and asks, and how it runs.
void read_settings(Fields& top, Scenario& s) {
    top.text("name", s.name);
    top.text("question", s.question);
    top.names("focus", s.focus);
    top.integer("horizon", s.horizon);
    top.text("tick_unit", s.tick_unit);
    top.integer("seed", s.seed);
    top.integer("replicates", s.replicates);
}

void read_dimensions(Fields& top, Scenario& s) {
    if (top.has("dimensions")) {
        top.list("dimensions", "dimension", [&](Fields& f, std::size_t) {
            f.named("dimension");
            Dimension d;
            d.low = "low";
            d.high = "high";
            f.text("name", d.name);
            f.text("low", d.low);
            f.text("high", d.high);
            s.dimensions.push_back(d);
        });
    } else {
        s.dimensions = default_dimensions();
    }
}

void read_organization(Fields& top, Scenario& s) {
    top.object("organization", "organization", [&](Fields& f) {
        Organization& o = s.organization;
        f.text("name", o.name);
        f.list("units", "unit", [&](Fields& u, std::size_t) {
            u.named("unit");
            Unit unit;
            unit.pos = u.pos("name");
            u.text("name", unit.name);
            u.text("parent", unit.parent);
            o.units.push_back(unit);
        });
        o.baseline.assign(s.dimensions.size(), 0.5);
        f.full("baseline", o.baseline, o.baseline);
        if (f.has("idea_mix")) {
            f.number_map("idea_mix", o.idea_mix, nullptr, "idea kind");
        } else {
            o.idea_mix = default_idea_mix();
        }
        f.real("idea_rate", o.idea_rate);
        f.real("peer_conformity", o.peer_conformity);
        f.real("network_influence", o.network_influence);
        f.real("noise", o.noise);
        f.real("friction_capacity_cost", o.friction_capacity_cost);
        f.real("friction_attrition", o.friction_attrition);
        f.real("intent_erosion", o.intent_erosion);
        f.real("friction_scale", o.friction_scale);
        f.real("leader_wear", o.leader_wear);
    });
    if (!top.has("organization")) s.organization.baseline.assign(s.dimensions.size(), 0.5);
}

WaterForce read_water_force(Fields& f, const std::vector<std::string>& idea_kinds,
                            const std::vector<std::string>& unit_names) {
    f.named("water force");
    WaterForce w;
    w.pos = f.pos("name");
    f.text("name", w.name);
    f.text("description", w.description);
    f.boolean("enabled", w.enabled);
    f.real("prevalence", w.prevalence);
    f.real("initial_code", w.initial_code);
    f.real("socialization", w.socialization);
    f.real("depth", w.depth);
    f.real("code_learning", w.code_learning);
    f.partial("leans", w.leans);
    f.real("lean_weight", w.lean_weight);
    f.number_map("filters", w.filters, &idea_kinds, "idea kind");
    read_reach(f, w.reach);
    f.number_map("unit_prevalence", w.unit_prevalence, &unit_names, "unit");
    return w;
}

GravityForce read_gravity_force(Fields& f) {
    f.named("gravity force");
    GravityForce g;
    g.pos = f.pos("name");
    f.text("name", g.name);
    f.text("description", g.description);
    f.boolean("enabled", g.enabled);
    f.partial("target", g.target);
    f.real("strength", g.strength);
    read_reach(f, g.reach);
    f.object("schedule", f.what() + " schedule", [&](Fields& h) {
        h.integer("every", g.schedule.every);
        h.integer("duration", g.schedule.duration);
        h.integer("offset", g.schedule.offset);
        h.real("multiplier", g.schedule.multiplier);
        h.real("between", g.schedule.between);
        h.integer("start", g.schedule.start);
        h.integer("end", g.schedule.end);
    });
    f.list("reviews", f.what() + " review", [&](Fields& h, std::size_t) {
        Review r;
        h.integer("every", r.every);
        h.integer("offset", r.offset);
        h.real("harshness", r.harshness);
        read_reach(h, r.reach);
        g.reviews.push_back(r);
    });
    return g;
}

Team read_team(Fields& f, const Scenario& s) {
    Context& c = f.context();
    f.named("team");
    Team t;
    t.pos = f.pos("name");
    f.text("name", t.name);
    f.text("unit", t.unit);
    f.text("description", t.description);
    f.integer("size", t.size);
    f.full("intent", t.intent, s.organization.baseline);
    if (f.has("initial_practice")) {
        std::vector<double> p;
        f.full("initial_practice", p, t.intent);
        t.initial_practice = p;
    }
    f.real("initial_spread", t.initial_spread);
    if (f.has("initial_assumptions")) {
        std::map<std::string, double> a;
        f.number_map("initial_assumptions", a, &c.water_names, "water force");
        std::vector<double> levels;
        // Unstated levels: the force's prevalence where the team is, filled in once every team is read.
        for (const auto& w : s.water) levels.push_back(a.count(w.name) ? a[w.name] : kUnstated);
        t.initial_assumptions = levels;
    }
    f.real("leadership", t.leadership);
    f.real("shielding", t.shielding);
    f.real("attrition", t.base_attrition);
    f.real("peer_conformity", t.peer_conformity);
    f.object("hiring", f.what() + " hiring", [&](Fields& h) {
        h.boolean("replace_leavers", t.hiring.replace_leavers);
        h.real("growth", t.hiring.growth);
        h.real("external_fraction", t.hiring.external_fraction);
        h.real("selectivity", t.hiring.selectivity);
        if (h.has("external_practice")) h.full("external_practice", t.hiring.external_practice, t.intent);
        if (h.has("external_assumptions")) {
            std::map<std::string, double> a;
            h.number_map("external_assumptions", a, &c.water_names, "water force");
            for (const auto& w : s.water) t.hiring.external_assumptions.push_back(a.count(w.name) ? a[w.name] : 0.0);
        }
    });
    if (f.has("links")) {
        const YAML::Node v = f.value("links");
        std::map<std::string, double> weights;
        f.number_map("links", weights, nullptr, "team");
        if (v.IsMap())
            for (auto it = v.begin(); it != v.end(); ++it) {
                if (!it->first.IsScalar()) continue;
                const auto w = weights.find(it->first.Scalar());
                if (w == weights.end()) continue;
                t.links.push_back(TeamLink{w->first, w->second, c.at(it->first)});
            }
    }
    if (f.has("tripwire")) {
        Tripwire w;
        f.object("tripwire", f.what() + " tripwire", [&](Fields& h) {
            h.integer("window", w.window);
            h.real("growth", w.growth);
            h.integer("framing_ticks", w.framing_ticks);
        });
        t.tripwire = w;
    }
    return t;
}

// Unstated starting levels: the level of the force where the team is (model/reach.hpp).
void fill_unstated_assumptions(Scenario& s) {
    for (std::size_t k = 0; k < s.water.size(); ++k) {
        const CultureScope scope = culture_scope(s, s.water[k]);
        for (std::size_t t = 0; t < s.teams.size(); ++t) {
            auto& levels = s.teams[t].initial_assumptions;
            if (levels && k < levels->size() && std::isnan((*levels)[k])) (*levels)[k] = scope.prevalence[t];
        }
    }
}

Venture read_venture(Fields& f) {
    f.named("venture");
    Venture v;
    v.pos = f.pos("name");
    f.text("name", v.name);
    f.text("team", v.team);
    f.text("description", v.description);
    f.partial("needs", v.needs);
    std::string cls = "solvable";
    f.choice("class", cls);
    std::string perceived = cls;
    f.choice("perceived_class", perceived);
    v.problem_class = to_class(cls);
    v.perceived_class = to_class(perceived);
    f.real("value", v.value);
    f.integer("start", v.start);
    f.integer("planned_ticks", v.planned_ticks);
    f.real("velocity", v.velocity);
    f.real("base_hazard", v.base_hazard);
    f.real("misfit_hazard", v.misfit_hazard);
    f.real("fit_tolerance", v.fit_tolerance);
    f.real("rework_probability", v.rework_probability);
    f.real("spiral_rate", v.spiral_rate);
    f.list("shocks", f.what() + " shock", [&](Fields& h, std::size_t) {
        Shock k;
        h.integer("tick", k.tick);
        h.real("hazard", k.hazard);
        v.shocks.push_back(k);
    });
    f.list("stones", "stone", [&](Fields& h, std::size_t) {
        h.named("stone");
        SteppingStone st;
        st.kind = "engineering";
        st.pos = h.pos("name");
        h.text("name", st.name);
        h.text("kind", st.kind);
        h.real("effort", st.effort);
        h.real("value", st.value);
        h.real("legibility", st.legibility);
        h.names("depends", st.depends);
        h.text("provides", st.provides);
        if (st.provides.empty()) st.provides = st.name;
        v.stones.push_back(st);
    });
    f.list("benefits", "benefit", [&](Fields& h, std::size_t) {
        h.named("benefit");
        SecondaryBenefit b;
        // Without an `effort`, a benefit needs a share of the venture's own stone effort.
        b.effort = 0.0;
        for (const auto& st : v.stones) b.effort += std::max(0.0, st.effort);
        b.effort *= kDefaultBenefitEffortShare;
        b.pos = h.pos("name");
        h.text("name", b.name);
        h.real("value", b.value);
        h.real("independence", b.independence);
        h.names("requires", b.requires_stones);
        h.real("effort", b.effort);
        v.benefits.push_back(b);
    });
    f.names("framed_into", v.framed_into);
    f.boolean("dormant", v.dormant);
    return v;
}

void read_scenario(Fields& top, Scenario& s) {
    Context& c = top.context();
    read_settings(top, s);

    // Dimensions first: every partial vector is keyed by them.
    read_dimensions(top, s);
    for (const auto& d : s.dimensions) c.dimensions.push_back(d.name);

    read_organization(top, s);
    std::vector<std::string> idea_kinds;
    for (const auto& [kind, w] : s.organization.idea_mix) idea_kinds.push_back(kind);
    std::vector<std::string> unit_names;
    for (const auto& u : s.organization.units) unit_names.push_back(u.name);

    top.list("water", "water force",
             [&](Fields& f, std::size_t) { s.water.push_back(read_water_force(f, idea_kinds, unit_names)); });
    for (const auto& w : s.water) c.water_names.push_back(w.name);

    top.list("gravity", "gravity force", [&](Fields& f, std::size_t) { s.gravity.push_back(read_gravity_force(f)); });

    top.list("teams", "team", [&](Fields& f, std::size_t) { s.teams.push_back(read_team(f, s)); });
    fill_unstated_assumptions(s);

    top.list("ventures", "venture", [&](Fields& f, std::size_t) { s.ventures.push_back(read_venture(f)); });

    top.object("commons", "commons", [&](Fields& f) {
        f.real("mingling", s.commons.mingling);
        f.integer("graduation", s.commons.graduation);
    });

    top.list("events", "event", [&](Fields& f, std::size_t) { s.events.push_back(read_event(f)); });

    top.list("what_if", "what-if variant", [&](Fields& f, std::size_t) {
        f.named("what-if variant");
        Variant v;
        v.pos = f.pos("name");
        f.text("name", v.name);
        f.text("description", v.description);
        read_assignments(f, v.set);
        f.list("events", f.what() + " event", [&](Fields& g, std::size_t) { v.events.push_back(read_event(g)); });
        s.variants.push_back(v);
    });

    read_uncertain(top, s.uncertain);

    top.list("causal", "causal link", [&](Fields& f, std::size_t) {
        CausalLink l;
        l.pos = f.pos("from");
        f.text("from", l.from);
        f.text("to", l.to);
        f.real("weight", l.weight);
        s.causal.push_back(l);
    });
}

[[noreturn]] void fail(Context& c) {
    if (c.dropped > 0)
        c.diagnostics.push_back(Diagnostic{SourcePos{c.file, 0, 0},
                                           "... and " + std::to_string(c.dropped) + " more errors"});
    throw ScenarioError(std::move(c.diagnostics));
}

}  // namespace

// [entry points] ------------------------------------------------------------------------------

Scenario load_scenario_text(std::string_view text, const std::string& origin) {
    Context c;
    c.file = origin;
    check_raw_text(text, c);
    if (!c.diagnostics.empty()) fail(c);
    check_parse_limits(text, c);
    if (!c.diagnostics.empty()) fail(c);

    std::vector<YAML::Node> documents;
    try {
        documents = YAML::LoadAll(std::string(text));
    } catch (const YAML::Exception& e) {
        const SourcePos p = e.mark.line < 0 ? SourcePos{origin, 0, 0} : SourcePos{origin, e.mark.line + 1, e.mark.column + 1};
        c.error(p, "YAML syntax: " + (e.msg.empty() ? std::string(e.what()) : e.msg));
        fail(c);
    } catch (const std::exception& e) {
        c.error(SourcePos{origin, 0, 0}, std::string("cannot parse the file: ") + e.what());
        fail(c);
    }
    if (documents.size() > 1) {
        c.error(documents[1], "the file holds " + std::to_string(documents.size()) +
                                  " YAML documents; a scenario is one document (remove the '---' separators)");
        fail(c);
    }
    const YAML::Node root = documents.empty() ? YAML::Node() : documents[0];
    if (root.IsNull() || !root.IsDefined()) {
        c.error(SourcePos{origin, 1, 1}, "the file is empty; a scenario needs at least horizon, organization and teams "
                                         "(see scenarios/hello-world.yaml)");
        fail(c);
    }
    if (root.IsMap() && root["classic"]) {
        // ---- classic models --------------------------------------------------------------------
        // A file with `classic: march1991` describes March's (1991) model instead of an
        // organization; its loader (model/march1991_loader.cpp) reads the rest of the file.
        return load_march1991(text, origin);
    }

    Scenario s;
    s.source_path = origin;
    s.source_text = std::string(text);
    try {
        Fields top(c, root, scenario_spec(), "", "scenario");
        if (top.ok()) read_scenario(top, s);
    } catch (const YAML::Exception& e) {
        c.error(SourcePos{origin, e.mark.line + 1, e.mark.column + 1}, std::string("cannot read the file: ") + e.msg);
    }
    if (s.name.empty()) {
        const auto slash = origin.find_last_of('/');
        s.name = slash == std::string::npos ? origin : origin.substr(slash + 1);
    }
    if (!c.diagnostics.empty()) fail(c);

    check_scenario(s, c.positions, c.diagnostics);
    if (!c.diagnostics.empty()) fail(c);
    check_uncertain(s, c.diagnostics);
    if (!c.diagnostics.empty()) fail(c);
    return s;
}

// Every kind of event writes its own key here, as read_event reads it: a new kind is one block in
// each. Numbers are written in the shortest form that reads back to the same double.
std::string event_text(const Event& e, const std::vector<std::string>& dimensions) {
    YAML::Emitter out;
    const auto number = [](double v) { return fmt::format("{}", v); };
    out << YAML::Flow << YAML::BeginMap << YAML::Key << "tick" << YAML::Value << e.tick;
    if (!e.label.empty()) out << YAML::Key << "label" << YAML::Value << YAML::DoubleQuoted << e.label;
    if (!e.set.empty()) {
        out << YAML::Key << "set" << YAML::Value << YAML::BeginMap;
        for (const auto& o : e.set) out << YAML::Key << YAML::DoubleQuoted << o.path << YAML::Value << number(o.value);
        out << YAML::EndMap;
    }
    if (e.move)
        out << YAML::Key << "move" << YAML::Value << YAML::BeginMap << YAML::Key << "team" << YAML::Value
            << YAML::DoubleQuoted << e.move->team << YAML::Key << "to" << YAML::Value << YAML::DoubleQuoted
            << e.move->unit << YAML::EndMap;
    if (e.leader) {
        const LeaderChange& l = *e.leader;
        out << YAML::Key << "replace_leader" << YAML::Value << YAML::BeginMap;
        out << YAML::Key << "team" << YAML::Value << YAML::DoubleQuoted << l.team;
        if (l.leadership) out << YAML::Key << "leadership" << YAML::Value << number(*l.leadership);
        if (std::any_of(l.intent.begin(), l.intent.end(), [](const auto& v) { return v.has_value(); })) {
            if (l.intent.size() != dimensions.size())
                throw std::logic_error("event_text: an intent over " + std::to_string(l.intent.size()) +
                                       " dimensions, but " + std::to_string(dimensions.size()) + " are named");
            out << YAML::Key << "intent" << YAML::Value << YAML::BeginMap;
            for (std::size_t d = 0; d < l.intent.size(); ++d)
                if (l.intent[d]) out << YAML::Key << YAML::DoubleQuoted << dimensions[d] << YAML::Value << number(*l.intent[d]);
            out << YAML::EndMap;
        }
        out << YAML::Key << "interim" << YAML::Value << l.interim;
        out << YAML::Key << "interim_leadership" << YAML::Value << number(l.interim_leadership);
        out << YAML::EndMap;
    }
    if (e.layoff != LayoffPolicy::Random) out << YAML::Key << "layoff" << YAML::Value << to_string(e.layoff);
    if (e.merge) {
        out << YAML::Key << "merge" << YAML::Value << YAML::BeginMap << YAML::Key << "teams" << YAML::Value
            << YAML::BeginSeq;
        for (const auto& t : e.merge->teams) out << YAML::DoubleQuoted << t;
        out << YAML::EndSeq << YAML::Key << "into" << YAML::Value << YAML::DoubleQuoted << e.merge->into << YAML::EndMap;
    }
    if (e.split)
        out << YAML::Key << "split" << YAML::Value << YAML::BeginMap << YAML::Key << "team" << YAML::Value
            << YAML::DoubleQuoted << e.split->team << YAML::Key << "into" << YAML::Value << YAML::DoubleQuoted
            << e.split->into << YAML::Key << "size" << YAML::Value << e.split->size << YAML::Key << "who"
            << YAML::Value << to_string(e.split->who) << YAML::EndMap;
    out << YAML::EndMap;
    return out.c_str();
}

Event read_event_text(std::string_view text, const std::vector<std::string>& dimensions, const std::string& origin) {
    Context c;
    c.file = origin;
    c.dimensions = dimensions;
    Event e;
    try {
        const YAML::Node node = YAML::Load(std::string(text));
        Fields f(c, node, object_spec("event"), "event", "event");
        if (f.ok()) e = read_event(f);
    } catch (const YAML::Exception& ex) {
        c.error(SourcePos{origin, ex.mark.line + 1, ex.mark.column + 1}, "cannot read the event: " + ex.msg);
    }
    if (!c.diagnostics.empty()) fail(c);
    return e;
}

Scenario load_scenario_file(const std::filesystem::path& path) {
    const std::string origin = path.string();
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw ScenarioError({Diagnostic{SourcePos{origin, 0, 0}, "is a directory, not a scenario file"}});
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ScenarioError({Diagnostic{SourcePos{origin, 0, 0}, "cannot open the file"}});
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > Limits::max_file_bytes)
        throw ScenarioError({Diagnostic{SourcePos{origin, 0, 0}, "file is " + std::to_string(size) +
                                                                     " bytes; the limit is " +
                                                                     std::to_string(Limits::max_file_bytes) + " bytes"}});
    std::string text;
    text.resize(Limits::max_file_bytes + 1);
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    return load_scenario_text(text, origin);
}

}  // namespace orgforces::model
