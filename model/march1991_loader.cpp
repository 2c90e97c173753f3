// Loading `classic: march1991` scenario files and binding the classic's parameters to registry
// paths. One table (kFields) describes every parameter: its key, kind, range and meaning; the
// loader, the range check and the registry all read it.

#include "model/march1991_loader.hpp"

#include <cmath>
#include <limits>
#include <optional>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "model/schema.hpp"
#include "model/suggest.hpp"

namespace orgforces::model {

namespace {

struct Field {
    const char* key;
    ParamKind kind;
    double min;
    double max;
    const char* description;
    double March1991::*real = nullptr;
    int March1991::*integer = nullptr;
    bool March1991::*toggle = nullptr;
};

// Upper bounds keep one replicate's state small (people × dimensions bits).
constexpr int kMaxDimensions = 4096;
constexpr int kMaxPeople = 100000;

const std::vector<Field>& fields() {
    static const std::vector<Field> table = {
        {"dimensions", ParamKind::Integer, 1, kMaxDimensions, "m: dimensions of reality", nullptr,
         &March1991::dimensions},
        {"people", ParamKind::Integer, 1, kMaxPeople, "n: people in the organization", nullptr,
         &March1991::people},
        {"p1", ParamKind::Real, 0, 1, "Socialization rate: chance a person adopts the code on a dimension per period",
         &March1991::p1},
        {"p2", ParamKind::Real, 0, 1, "Code learning rate from the superior group", &March1991::p2},
        {"p3", ParamKind::Real, 0, 1, "Turnover: chance a person is replaced per period", &March1991::p3},
        {"p4", ParamKind::Real, 0, 1, "Turbulence: chance a dimension of reality flips per period", &March1991::p4},
        {"fast_share", ParamKind::Real, 0, 1,
         "Share of people who learn at p1_fast (the rest at p1_slow); 0 = everyone at p1", &March1991::fast_share},
        {"p1_fast", ParamKind::Real, 0, 1, "Socialization rate of fast learners", &March1991::p1_fast},
        {"p1_slow", ParamKind::Real, 0, 1, "Socialization rate of slow learners", &March1991::p1_slow},
        {"until_equilibrium", ParamKind::Toggle, 0, 1,
         "With p3 = p4 = 0, run each replicate to its absorbing state even past the horizon", nullptr, nullptr,
         &March1991::until_equilibrium},
    };
    return table;
}

const std::vector<std::string> kTopKeys = {"name",    "question", "description", "classic",   "horizon",
                                           "tick_unit", "seed",   "replicates",  "parameters"};

double get(const March1991& p, const Field& f) {
    if (f.real) return p.*f.real;
    if (f.integer) return double(p.*f.integer);
    return p.*f.toggle ? 1.0 : 0.0;
}

void put(March1991& p, const Field& f, double v) {
    if (f.real) p.*f.real = v;
    else if (f.integer) p.*f.integer = static_cast<int>(v);
    else p.*f.toggle = v != 0.0;
}

std::string num(double v) {
    std::ostringstream out;
    out << v;
    return out.str();
}

class Reader {
public:
    explicit Reader(std::string origin) : origin_(std::move(origin)) {}

    SourcePos at(const YAML::Node& node) const {
        const YAML::Mark m = node.Mark();
        if (m.line < 0) return SourcePos{origin_, 0, 0};
        return SourcePos{origin_, m.line + 1, m.column + 1};
    }
    void error(const SourcePos& pos, std::string message) { problems.push_back(Diagnostic{pos, std::move(message)}); }
    void error(const YAML::Node& node, std::string message) { error(at(node), std::move(message)); }

    /// A finite number, or nothing (with a diagnostic).
    std::optional<double> number(const YAML::Node& node, const std::string& what) {
        if (node.IsScalar()) {
            const std::string text = node.Scalar();
            std::size_t used = 0;
            try {
                const double v = std::stod(text, &used);
                if (used == text.size() && std::isfinite(v)) return v;
            } catch (const std::exception&) {
            }
        }
        error(node, what + " must be a finite number" + shown(node));
        return std::nullopt;
    }

    std::optional<bool> boolean(const YAML::Node& node, const std::string& what) {
        if (node.IsScalar()) {
            std::string t;
            for (char ch : node.Scalar()) t += char(std::tolower(static_cast<unsigned char>(ch)));
            if (t == "true" || t == "on" || t == "yes") return true;
            if (t == "false" || t == "off" || t == "no") return false;
        }
        error(node, what + " must be true or false" + shown(node));
        return std::nullopt;
    }

    std::optional<long long> integer(const YAML::Node& node, const std::string& what, double lo, double hi) {
        const auto v = number(node, what);
        if (!v) return std::nullopt;
        if (*v != std::floor(*v)) {
            error(node, what + " must be a whole number, got " + node.Scalar());
            return std::nullopt;
        }
        if (*v < lo || *v > hi) {
            error(node, what + " " + node.Scalar() + " is out of range [" + num(lo) + ", " + num(hi) + "]");
            return std::nullopt;
        }
        return static_cast<long long>(*v);
    }

    std::optional<std::string> text(const YAML::Node& node, const std::string& what) {
        if (node.IsScalar()) return node.Scalar();
        error(node, what + " must be text");
        return std::nullopt;
    }

    std::vector<Diagnostic> problems;

private:
    static std::string shown(const YAML::Node& node) {
        if (node.IsScalar()) return ", got '" + node.Scalar().substr(0, 80) + "'";
        if (node.IsSequence()) return ", got a list";
        if (node.IsMap()) return ", got a map";
        return "";
    }
    std::string origin_;
};

void read_parameters(Reader& r, const YAML::Node& map, March1991& p) {
    if (!map.IsMap()) {
        r.error(map, "parameters must be a map of the classic's parameters (" + [] {
            std::string keys;
            for (const auto& k : march1991_keys()) keys += (keys.empty() ? "" : ", ") + k;
            return keys;
        }() + ")");
        return;
    }
    for (const auto& entry : map) {
        const std::string key = entry.first.Scalar();
        const Field* field = nullptr;
        for (const auto& f : fields())
            if (key == f.key) field = &f;
        if (!field) {
            r.error(entry.first, "unknown parameter '" + key + "' of the march1991 classic" +
                                     did_you_mean(key, march1991_keys()));
            continue;
        }
        const std::string what = std::string("parameters.") + field->key;
        if (field->kind == ParamKind::Toggle) {
            if (const auto b = r.boolean(entry.second, what)) put(p, *field, *b ? 1.0 : 0.0);
        } else if (field->kind == ParamKind::Integer) {
            if (const auto v = r.integer(entry.second, what, field->min, field->max)) put(p, *field, double(*v));
        } else if (const auto v = r.number(entry.second, what)) {
            if (*v < field->min || *v > field->max)
                r.error(entry.second, what + " " + entry.second.Scalar() + " is out of range [" + num(field->min) +
                                          ", " + num(field->max) + "]");
            else
                put(p, *field, *v);
        }
    }
}

}  // namespace

std::vector<std::string> march1991_keys() {
    std::vector<std::string> keys;
    for (const auto& f : fields()) keys.emplace_back(f.key);
    return keys;
}

std::vector<Diagnostic> check_march1991(const March1991& params, const SourcePos& pos) {
    std::vector<Diagnostic> out;
    for (const auto& f : fields()) {
        const double v = get(params, f);
        if (!(v >= f.min && v <= f.max))
            out.push_back(Diagnostic{pos, std::string("classic.") + f.key + " = " + num(v) + " is out of range [" +
                                              num(f.min) + ", " + num(f.max) + "]"});
    }
    return out;
}

std::vector<std::pair<Param, std::function<void(double)>>> march1991_bindings(March1991& params) {
    std::vector<std::pair<Param, std::function<void(double)>>> out;
    for (const auto& f : fields()) {
        Param p{std::string("classic.") + f.key, f.kind, f.min, f.max, get(params, f), f.description, "classic"};
        out.emplace_back(std::move(p), [&params, &f](double v) { put(params, f, v); });
    }
    return out;
}

Scenario load_march1991(std::string_view text, const std::string& origin) {
    Reader r(origin);
    if (text.size() > Limits::max_file_bytes)
        throw ScenarioError({Diagnostic{SourcePos{origin, 0, 0}, "file is larger than the limit of " +
                                                                    std::to_string(Limits::max_file_bytes) + " bytes"}});
    YAML::Node root;
    try {
        root = YAML::Load(std::string(text));
    } catch (const YAML::Exception& e) {
        const SourcePos p = e.mark.line < 0 ? SourcePos{origin, 0, 0} : SourcePos{origin, e.mark.line + 1, e.mark.column + 1};
        throw ScenarioError({Diagnostic{p, "YAML syntax: " + (e.msg.empty() ? std::string(e.what()) : e.msg)}});
    }
    if (!root.IsMap())
        throw ScenarioError({Diagnostic{SourcePos{origin, 1, 1}, "a classic scenario is a map with `classic: march1991` "
                                                                 "(see scenarios/classics/march1991.yaml)"}});

    Scenario s;
    s.source_path = origin;
    s.source_text = std::string(text);
    s.tick_unit = "period";
    s.horizon = 200;
    s.replicates = 1000;
    March1991 params;
    try {
        for (const auto& entry : root) {
            const std::string key = entry.first.Scalar();
            const YAML::Node& v = entry.second;
            if (key == "classic") {
                if (const auto t = r.text(v, "classic"); t && *t != "march1991")
                    r.error(v, "unknown classic model '" + *t + "'; this build has: march1991");
            } else if (key == "name") {
                if (const auto t = r.text(v, "name")) s.name = *t;
            } else if (key == "question") {
                if (const auto t = r.text(v, "question")) s.question = *t;
            } else if (key == "description") {
                r.text(v, "description");
            } else if (key == "tick_unit") {
                if (const auto t = r.text(v, "tick_unit")) s.tick_unit = *t;
            } else if (key == "horizon") {
                if (const auto n = r.integer(v, "horizon", 1, Limits::max_horizon)) s.horizon = int(*n);
            } else if (key == "replicates") {
                if (const auto n = r.integer(v, "replicates", 1, Limits::max_replicates)) s.replicates = int(*n);
            } else if (key == "seed") {
                if (const auto n = r.integer(v, "seed", 0, 9007199254740992.0)) s.seed = std::uint64_t(*n);
            } else if (key == "parameters") {
                read_parameters(r, v, params);
            } else {
                r.error(entry.first, "unknown key '" + key + "' in a march1991 classic file" + did_you_mean(key, kTopKeys) +
                                         " (organization keys do not apply to classic models)");
            }
        }
    } catch (const YAML::Exception& e) {
        r.error(SourcePos{origin, e.mark.line + 1, e.mark.column + 1}, std::string("cannot read the file: ") + e.msg);
    }
    if (!root["classic"]) r.error(SourcePos{origin, 1, 1}, "missing `classic: march1991`");
    if (s.name.empty()) {
        const auto slash = origin.find_last_of('/');
        s.name = slash == std::string::npos ? origin : origin.substr(slash + 1);
    }
    if (!r.problems.empty()) throw ScenarioError(std::move(r.problems));
    s.classic = params;
    return s;
}

}  // namespace orgforces::model
