#include "app/cli/db_common.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app/cli/command.hpp"
#include "app/cli/progress.hpp"
#include "model/loader.hpp"
#include "model/suggest.hpp"
#include "model/utf8.hpp"
#include "store/run_file.hpp"

namespace orgforces::cli {

void add_db_options(CLI::App& cmd, DbOptions& options, bool allow_disable) {
    cmd.add_option("--db", options.path, "Results database (SQLite)")
        ->default_val(store::kDefaultDatabase)
        ->type_name("PATH");
    if (allow_disable) cmd.add_flag("--no-db", options.disabled, "Do not store the run");
}

store::ResultsStore open_existing(const DbOptions& options) {
    return store::ResultsStore(options.path, store::ResultsStore::OpenMode::MustExist);
}

std::optional<store::ResultsStore> open_for_writing(const DbOptions& options) {
    if (options.disabled) return std::nullopt;
    return store::ResultsStore(options.path);
}

store::ResultsStore open_for_reading(const DbOptions& options) {
    return store::ResultsStore(options.path, store::ResultsStore::OpenMode::ReadOnly);
}

// [storing runs] ------------------------------------------------------------------------------

RunRecorder::RunRecorder(const DbOptions& options) : path_(options.path) {
    if (options.disabled) return;
    enabled_ = true;
    try {
        db_.emplace(options.path);
    } catch (const store::StoreError& e) {
        if (!e.unwritable()) throw;
        std::fprintf(stderr, "orgforces: cannot write to %s now (%s); results will be saved to side files\n",
                     options.path.c_str(), e.message().c_str());
    }
}

std::int64_t begin_or_defer(store::ResultsStore& db, const store::RunSpec& spec) {
    try {
        return db.begin_run(spec);
    } catch (const store::StoreError& e) {
        if (!e.unwritable()) throw;
        std::fprintf(stderr, "orgforces: cannot record the run in %s now (%s); running it anyway, it will be "
                             "stored when it finishes\n", db.path().c_str(), e.message().c_str());
        return 0;
    }
}

namespace {

// The work is done: keep it in a side file rather than lose it.
void save_instead(store::ResultsStore* db, const std::string& path, std::int64_t id, const store::RunSpec& spec,
                  const sim::EnsembleResult& result, const std::string& why) {
    const auto file = store::save_run(path, spec, result);
    if (db && id > 0) {
        try {
            db->abandon_run(id, store::RunStatus::Failed, why + "; its results were saved in " + file.string());
        } catch (const store::StoreError&) {
            // the row stays 'running' until the next open finds its process gone
        }
    }
    std::fprintf(stderr, "orgforces: the run was not stored in %s: %s\nits results are saved in %s; store them "
                         "later with `orgforces import %s --db %s`\n",
                 path.c_str(), why.c_str(), file.c_str(), file.c_str(), path.c_str());
}

}  // namespace

std::int64_t finish_or_save(store::ResultsStore& db, std::int64_t id, const store::RunSpec& spec,
                            const sim::EnsembleResult& result) {
    try {
        if (id > 0) db.finish_run(id, result);
        else id = db.store_run(spec, result);
        return id;
    } catch (const store::StoreError& e) {
        if (!e.unwritable()) throw;
        save_instead(&db, db.path(), id, spec, result, e.message());
        return 0;
    }
}

std::int64_t RunRecorder::begin(const store::RunSpec& spec) { return db_ ? begin_or_defer(*db_, spec) : 0; }

bool RunRecorder::finish(std::int64_t id, const store::RunSpec& spec, const sim::EnsembleResult& result) {
    if (!enabled_) return true;
    bool stored = false;
    if (db_) {
        const auto stored_id = finish_or_save(*db_, id, spec, result);
        stored = stored_id > 0;
        if (stored) std::fprintf(stderr, "stored as run %lld in %s\n", static_cast<long long>(stored_id), path_.c_str());
    } else {
        save_instead(nullptr, path_, 0, spec, result, "the database could not be opened for writing");
    }
    if (!stored) ++unsaved_;
    return stored;
}

void RunRecorder::abandon(std::int64_t id, store::RunStatus status, const std::string& reason) {
    if (!db_ || id <= 0) return;
    try {
        db_->abandon_run(id, status, reason);
    } catch (const store::StoreError&) {
    }
}

double run_or_abandon(store::ResultsStore* db, std::int64_t run_id, ProgressBar& bar, const std::function<void()>& work) {
    const auto started = std::chrono::steady_clock::now();
    try {
        work();
    } catch (const std::exception& e) {
        bar.finish();
        if (db) db->abandon_run(run_id, store::RunStatus::Failed, e.what());
        throw;
    }
    bar.finish();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

// [terminal and JSON text] --------------------------------------------------------------------

std::string terminal_text(std::string_view text, bool keep_newlines) {
    std::string out;
    out.reserve(text.size());
    auto escape = [&](unsigned char b) { out += fmt::format("\\x{:02x}", b); };
    for (std::size_t i = 0; i < text.size();) {
        const auto b = static_cast<unsigned char>(text[i]);
        if (b < 0x80) {
            if ((b < 0x20 && !(keep_newlines && b == '\n') && b != '\t') || b == 0x7f) escape(b);
            else out += static_cast<char>(b);
            ++i;
            continue;
        }
        const std::size_t n = model::utf8_sequence_length(text.substr(i));
        if (n == 0) {  // not UTF-8: a terminal might read the byte as a C1 control
            escape(b);
            ++i;
            continue;
        }
        if (b == 0xc2 && static_cast<unsigned char>(text[i + 1]) < 0xa0) {  // U+0080..U+009F: C1 controls
            out += fmt::format("\\u{:04x}", static_cast<unsigned char>(text[i + 1]));
        } else {
            out.append(text.substr(i, n));
        }
        i += n;
    }
    return out;
}

std::string json_text(const nlohmann::json& j, int indent) {
    // Text stored by an older orgforces may not be UTF-8; replace such bytes rather than fail.
    return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}


store::RunRecord require_run(store::ResultsStore& db, std::int64_t id) {
    auto run = db.find_run(id);
    if (!run)
        throw UsageError(fmt::format("no run {} in {} (see `orgforces runs --db {}`)", id, db.path(), db.path()));
    return *run;
}

std::string format_overrides(const std::vector<model::Override>& overrides) {
    if (overrides.empty()) return "-";
    std::string out;
    for (const auto& o : overrides) {
        if (!out.empty()) out += ", ";
        out += o.path + "=" + format_number(o.value);
    }
    return out;
}

std::string format_number(double v) {
    if (!std::isfinite(v)) return std::isnan(v) ? "nan" : (v > 0 ? "inf" : "-inf");
    std::string s = fmt::format("{:.6g}", v);
    if (std::strtod(s.c_str(), nullptr) == v) return s;
    return fmt::format("{}", v);   // shortest round-trip form
}

std::string format_seconds(double seconds) {
    if (seconds < 60.0) return fmt::format("{:.2f} s", seconds);
    const auto whole = static_cast<long long>(seconds);
    if (seconds < 3600.0) return fmt::format("{} min {} s", whole / 60, whole % 60);
    return fmt::format("{} h {} min", whole / 3600, (whole % 3600) / 60);
}

// [TextTable] ---------------------------------------------------------------------------------

TextTable::TextTable(std::vector<std::string> header) : header_(std::move(header)) {}

void TextTable::add(std::vector<std::string> row) {
    row.resize(header_.size());
    for (auto& cell : row) cell = terminal_text(cell);
    rows_.push_back(std::move(row));
}

namespace {
bool looks_numeric(std::string s) {
    // A true minus sign (U+2212, as viz/numbers.hpp writes it) counts as '-'.
    if (s.rfind("\u2212", 0) == 0) s = "-" + s.substr(3);
    if (s.empty()) return false;
    char* end = nullptr;
    std::strtod(s.c_str(), &end);
    return end && end != s.c_str() && (*end == '\0' || *end == ' ' || *end == '%');
}

// Columns line up by characters on screen, not bytes (a minus sign or a dash is 3 bytes).
std::size_t glyphs(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}
}  // namespace

namespace {
// The first `n` glyphs of `s`, the last one replaced by "…" when `s` is longer.
std::string cut(const std::string& s, std::size_t n) {
    if (glyphs(s) <= n) return s;
    std::string out;
    std::size_t shown = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool starts = (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
        if (starts && ++shown == n) break;
        out += s[i];
    }
    return out + "…";
}
}  // namespace

std::string TextTable::render(std::size_t columns) const {
    std::vector<std::size_t> width(header_.size(), 0);
    for (std::size_t c = 0; c < header_.size(); ++c) width[c] = glyphs(header_[c]);
    for (const auto& r : rows_)
        for (std::size_t c = 0; c < r.size(); ++c) width[c] = std::max(width[c], glyphs(r[c]));
    std::vector<bool> numeric(header_.size(), true);
    for (const auto& r : rows_)
        for (std::size_t c = 0; c < r.size(); ++c)
            if (!r[c].empty() && !looks_numeric(r[c])) numeric[c] = false;
    auto total = [&] {
        std::size_t t = 2 * (width.empty() ? 0 : width.size() - 1);
        for (auto w : width) t += w;
        return t;
    };
    // Narrow text columns from the left (names before measures), each to no less than its header
    // or 16 glyphs: enough to tell names apart, and the measure column stays whole longest.
    for (std::size_t c = 0; c < width.size() && columns > 0 && total() > columns; ++c) {
        if (numeric[c]) continue;
        const std::size_t floor = std::max<std::size_t>(16, glyphs(header_[c]));
        if (width[c] > floor) width[c] -= std::min(width[c] - floor, total() - columns);
    }
    std::string out;
    auto line = [&](std::vector<std::string> cells, bool header) {
        for (std::size_t c = 0; c < cells.size(); ++c) cells[c] = cut(cells[c], width[c]);
        std::string text;
        for (std::size_t c = 0; c < cells.size(); ++c) {
            const bool right = !header && looks_numeric(cells[c]);
            const std::size_t pad = width[c] - glyphs(cells[c]);
            if (c) text += "  ";
            if (right) text += std::string(pad, ' ') + cells[c];
            else text += cells[c] + (c + 1 < cells.size() ? std::string(pad, ' ') : "");
        }
        while (!text.empty() && text.back() == ' ') text.pop_back();
        out += text + "\n";
    };
    line(header_, true);
    for (const auto& r : rows_) line(r, false);
    return out;
}

bool RowFilter::keep(const std::string& entity, const std::string& measure) const {
    if (!entities.empty() && std::find(entities.begin(), entities.end(), entity) == entities.end()) return false;
    if (measures.empty()) return true;
    const std::string kind = measure.substr(0, measure.find(':'));
    return std::find(measures.begin(), measures.end(), measure) != measures.end() ||
           std::find(measures.begin(), measures.end(), kind) != measures.end();
}

std::size_t RowFilter::rank(const std::string& entity) const {
    const auto at = std::find(focus.begin(), focus.end(), entity);
    return at == focus.end() ? focus.size() + 1 : std::size_t(at - focus.begin());
}

RowFilter make_row_filter(const std::string& scenario_text, const sim::EnsembleResult& r,
                          const std::vector<std::string>& teams, const std::vector<std::string>& measures) {
    RowFilter f;
    std::optional<model::Scenario> s;
    try {
        s = model::load_scenario_text(scenario_text, "the run's scenario");
    } catch (const std::exception&) {
        // A run stored by an older version may not load today: filter on the result's names alone.
    }
    if (s) {
        f.focus = model::focus_teams(*s);
        for (const auto& v : model::focus_ventures(*s)) f.focus.push_back(v);
    }
    std::vector<std::string> known_teams, known_measures;
    auto add = [](std::vector<std::string>& xs, const std::string& x) {
        if (!x.empty() && std::find(xs.begin(), xs.end(), x) == xs.end()) xs.push_back(x);
    };
    for (const auto& x : r.series) add(known_measures, x.measure.substr(0, x.measure.find(':'))), add(known_measures, x.measure);
    for (const auto& x : r.scalars) add(known_measures, x.measure.substr(0, x.measure.find(':'))), add(known_measures, x.measure);
    if (s) for (const auto& t : s->teams) known_teams.push_back(t.name);
    else for (const auto& x : r.series) add(known_teams, x.entity);
    auto listing = [](const std::vector<std::string>& xs) {
        std::string out;
        for (std::size_t i = 0; i < xs.size() && i < 20; ++i) out += (i ? ", " : "") + xs[i];
        return xs.size() > 20 ? out + fmt::format(", and {} more", xs.size() - 20) : out;
    };
    for (const auto& t : teams) {
        if (std::find(known_teams.begin(), known_teams.end(), t) == known_teams.end())
            throw UsageError("--team: the run has no team '" + t + "'" + model::did_you_mean(t, known_teams) +
                             "; teams: " + listing(known_teams));
        add(f.entities, t);
        if (s)
            for (const auto& v : s->ventures)
                if (v.team == t) add(f.entities, v.name);
    }
    for (const auto& m : measures) {
        if (std::find(known_measures.begin(), known_measures.end(), m) == known_measures.end()) {
            std::vector<std::string> kinds;
            for (const auto& k : known_measures)
                if (k.find(':') == std::string::npos) kinds.push_back(k);
            throw UsageError("--measure: the run has no measure '" + m + "'" + model::did_you_mean(m, known_measures) +
                             "; measures: " + listing(kinds));
        }
        add(f.measures, m);
    }
    return f;
}

namespace {
// A whole cell that reads as a number ("-0.5", "+3", "1e-9"): it stays a number.
bool is_number(const std::string& text) {
    if (text.empty()) return false;
    char* end = nullptr;
    errno = 0;
    (void)std::strtod(text.c_str(), &end);
    return end == text.c_str() + text.size() && !std::isspace(static_cast<unsigned char>(text[0]));
}
}  // namespace

std::string csv_field(const std::string& text) {
    // Formula injection (OWASP, "CSV Injection"): a spreadsheet runs a text cell that begins with
    // = + - @ tab or carriage return as a formula. Such cells get a leading ' and are quoted.
    const bool formula = !text.empty() && std::strchr("=+-@\t\r", text[0]) != nullptr && !is_number(text);
    if (!formula && text.find_first_of(",\"\n\r") == std::string::npos) return text;
    std::string out = formula ? "\"'" : "\"";
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

// [line diff] ---------------------------------------------------------------------------------

namespace {
std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    std::string l;
    while (std::getline(in, l)) lines.push_back(l);
    return lines;
}
}  // namespace

std::string line_diff(const std::string& a, const std::string& b, const std::string& name_a,
                      const std::string& name_b, int context) {
    if (a == b) return "";
    const auto x = lines_of(a), y = lines_of(b);
    const std::size_t n = x.size(), m = y.size();
    if (n * m > 25'000'000) return fmt::format("--- {}\n+++ {}\n(the texts differ; too long to compare line by line)\n", name_a, name_b);
    // Longest common subsequence table, from the ends, so the walk below goes forward.
    std::vector<std::vector<int>> lcs(n + 1, std::vector<int>(m + 1, 0));
    for (std::size_t i = n; i-- > 0;)
        for (std::size_t j = m; j-- > 0;)
            lcs[i][j] = x[i] == y[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    struct Op { char kind; std::size_t ia, ib; };   // ' ', '-', '+'
    std::vector<Op> ops;
    std::size_t i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && x[i] == y[j]) ops.push_back({' ', i++, j++});
        else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) ops.push_back({'+', i, j++});
        else ops.push_back({'-', i++, j});
    }
    std::string out = fmt::format("--- {}\n+++ {}\n", name_a, name_b);
    const auto ctx = static_cast<std::size_t>(std::max(0, context));
    std::size_t k = 0;
    while (k < ops.size()) {
        if (ops[k].kind == ' ') { ++k; continue; }
        // A hunk: from `ctx` lines before this change to `ctx` lines after the last nearby change.
        std::size_t start = k >= ctx ? k - ctx : 0;
        std::size_t end = k;
        while (end < ops.size()) {
            std::size_t next = end;
            while (next < ops.size() && ops[next].kind != ' ') ++next;
            std::size_t same = next;
            while (same < ops.size() && ops[same].kind == ' ') ++same;
            if (same < ops.size() && same - next <= 2 * ctx) { end = same; continue; }
            end = std::min(ops.size(), next + ctx);
            break;
        }
        std::size_t la = 0, lb = 0;
        for (std::size_t q = start; q < end; ++q) {
            if (ops[q].kind != '+') ++la;
            if (ops[q].kind != '-') ++lb;
        }
        out += fmt::format("@@ -{},{} +{},{} @@\n", ops[start].ia + 1, la, ops[start].ib + 1, lb);
        for (std::size_t q = start; q < end; ++q) {
            const auto& op = ops[q];
            const std::string& text = op.kind == '+' ? y[op.ib] : x[op.ia];
            out += op.kind;
            out += text;
            out += '\n';
        }
        k = end;
    }
    return out;
}

double parse_duration(const std::string& text) {
    if (text.empty()) throw UsageError("empty duration (use e.g. 30m, 12h, 7d or 0)");
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    const std::string unit = end ? std::string(end) : "";
    double scale = 0.0;
    if (unit.empty() || unit == "s") scale = 1.0;
    else if (unit == "m" || unit == "min") scale = 60.0;
    else if (unit == "h") scale = 3600.0;
    else if (unit == "d") scale = 86400.0;
    else if (unit == "w") scale = 7 * 86400.0;
    if (end == text.c_str() || scale == 0.0 || !std::isfinite(v) || v < 0)
        throw UsageError("`" + text + "` is not a duration (use e.g. 90s, 30m, 12h, 7d or 0)");
    return v * scale;
}

}  // namespace orgforces::cli
