// Priors over registry parameters: checking them against the registry and their quantile
// functions (Boost.Math for the normal and beta, closed forms for the rest).
#include "model/uncertain.hpp"

#include <boost/math/distributions/normal.hpp>
#include <boost/math/special_functions/beta.hpp>

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

#include "model/registry.hpp"
#include "model/suggest.hpp"

namespace orgforces::model {

namespace {

std::string num(double v) {
    std::ostringstream out;
    out << v;
    return out.str();
}

bool given(const UncertainParam& p, std::string_view key) {
    return std::find(p.given.begin(), p.given.end(), key) != p.given.end();
}

/// The keys each family uses besides lo and hi, and which of them are required.
std::vector<std::string> shape_keys(Distribution d) {
    switch (d) {
        case Distribution::Triangular: return {"mode"};
        case Distribution::Normal: return {"mean", "sd"};
        case Distribution::Beta: return {"alpha", "beta"};
        default: return {};
    }
}

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

/// Checks one prior against parameter `param`; fills lo/hi from its range when not given.
void check_prior(const Scenario& s, const Param& param, UncertainParam& p, std::vector<Diagnostic>& out) {
    const std::string what = "uncertain '" + p.path + "'";
    auto error = [&](const std::string& message) { out.push_back(Diagnostic{p.pos, what + ": " + message}); };
    if (param.kind == ParamKind::Toggle) return error("is an on/off toggle; only numeric parameters can be uncertain");
    if (!given(p, "lo")) p.lo = param.min;
    if (!given(p, "hi")) p.hi = param.max;
    const std::size_t before = out.size();
    for (const char* key : {"mode", "mean", "sd", "alpha", "beta"}) {
        const auto keys = shape_keys(p.dist);
        const bool used = std::find(keys.begin(), keys.end(), key) != keys.end();
        if (given(p, key) && !used) error(std::string(key) + " is not a parameter of " + to_string(p.dist));
        if (!given(p, key) && used) error(std::string(to_string(p.dist)) + " needs " + key);
    }
    if (!std::isfinite(p.lo) || !std::isfinite(p.hi)) error("lo and hi must be finite (the parameter's range is open)");
    else if (!(p.lo < p.hi)) error("lo " + num(p.lo) + " must be below hi " + num(p.hi));
    else if (p.lo < param.min || p.hi > param.max)
        error("[" + num(p.lo) + ", " + num(p.hi) + "] leaves the parameter's range [" + num(param.min) + ", " +
              num(param.max) + "]");
    if (out.size() > before) return;
    switch (p.dist) {
        case Distribution::LogUniform:
            if (!(p.lo > 0)) error("log_uniform needs lo above 0, got " + num(p.lo));
            break;
        case Distribution::Triangular:
            if (!(p.mode >= p.lo && p.mode <= p.hi))
                error("mode " + num(p.mode) + " lies outside [" + num(p.lo) + ", " + num(p.hi) + "]");
            break;
        case Distribution::Normal:
            if (!(p.sd > 0)) error("sd must be above 0, got " + num(p.sd));
            else if (normal_cdf((p.hi - p.mean) / p.sd) - normal_cdf((p.lo - p.mean) / p.sd) < 1e-9)
                error("normal(" + num(p.mean) + ", " + num(p.sd) + ") has no mass on [" + num(p.lo) + ", " + num(p.hi) + "]");
            break;
        case Distribution::Beta:
            if (!(p.alpha > 0) || !(p.beta > 0)) error("alpha and beta must be above 0");
            break;
        case Distribution::Uniform: break;
    }
    if (out.size() > before) return;
    if (param.kind == ParamKind::Integer && std::floor(p.hi) < std::ceil(p.lo))
        return error("[" + num(p.lo) + ", " + num(p.hi) + "] holds no whole number");
    // Each end alone must give a valid scenario (e.g. summed rates below 1), as events are checked.
    for (const double end : {quantile(p, 0.0, param.kind == ParamKind::Integer), quantile(p, 1.0, param.kind == ParamKind::Integer)}) {
        try {
            (void)apply_overrides(s, {Override{p.path, end, p.pos}});
        } catch (const ScenarioError& e) {
            const std::string why = e.diagnostics().empty() ? std::string(e.what()) : e.diagnostics().front().message;
            error("at " + num(end) + " the scenario is invalid: " + why);
            return;
        }
    }
}

}  // namespace

const char* to_string(Distribution d) {
    switch (d) {
        case Distribution::Uniform: return "uniform";
        case Distribution::LogUniform: return "log_uniform";
        case Distribution::Triangular: return "triangular";
        case Distribution::Normal: return "normal";
        case Distribution::Beta: return "beta";
    }
    return "?";
}

void check_uncertain(Scenario& s, std::vector<Diagnostic>& out) {
    if (s.uncertain.empty()) return;
    const auto params = parameters(s);
    std::vector<std::string> paths;
    for (const auto& p : params) paths.push_back(p.path);
    std::set<std::string> seen;
    for (auto& u : s.uncertain) {
        const auto it = std::find_if(params.begin(), params.end(), [&](const Param& p) { return p.path == u.path; });
        if (it == params.end()) {
            out.push_back(Diagnostic{u.pos, "uncertain: " + unknown_parameter(u.path, paths)});
            continue;
        }
        if (!seen.insert(u.path).second) {
            out.push_back(Diagnostic{u.pos, "uncertain: '" + u.path + "' is named twice"});
            continue;
        }
        check_prior(s, *it, u, out);
    }
}

UncertainParam parse_vary(const Scenario& s, std::string_view text, const std::string& flag) {
    const SourcePos where{flag, 0, 0};
    const auto eq = text.find('=');
    const auto colon = text.find(':', eq == std::string_view::npos ? 0 : eq);
    auto number = [&](std::string_view t, double& v) {
        const std::string str(t);
        std::size_t used = 0;
        try {
            v = std::stod(str, &used);
        } catch (const std::exception&) {
            return false;
        }
        return used == str.size() && std::isfinite(v);
    };
    UncertainParam p;
    if (eq == std::string_view::npos || colon == std::string_view::npos || !number(text.substr(eq + 1, colon - eq - 1), p.lo) ||
        !number(text.substr(colon + 1), p.hi))
        throw ScenarioError({Diagnostic{where, "'" + std::string(text.substr(0, 200)) +
                                                   "' is not PATH=LO:HI, e.g. teams.frontier.shielding=0.1:0.6"}});
    p.path = std::string(text.substr(0, eq));
    p.pos = where;
    p.given = {"lo", "hi"};
    const Param param = find_parameter(s, p.path);
    std::vector<Diagnostic> out;
    check_prior(s, param, p, out);
    for (auto& d : out) d.message = flag + " " + d.message.substr(d.message.find(':') + 2);
    if (!out.empty()) throw ScenarioError(std::move(out));
    return p;
}

double quantile(const UncertainParam& p, double u, bool integer) {
    u = std::clamp(u, 0.0, 1.0);
    double x = p.lo;
    switch (p.dist) {
        case Distribution::Uniform: x = p.lo + u * (p.hi - p.lo); break;
        case Distribution::LogUniform: x = std::exp(std::log(p.lo) + u * (std::log(p.hi) - std::log(p.lo))); break;
        case Distribution::Triangular: {
            const double w = p.hi - p.lo, c = (p.mode - p.lo) / w;
            x = u < c ? p.lo + std::sqrt(u * w * (p.mode - p.lo)) : p.hi - std::sqrt((1 - u) * w * (p.hi - p.mode));
            break;
        }
        case Distribution::Normal: {
            const boost::math::normal n(p.mean, p.sd);
            const double a = boost::math::cdf(n, p.lo), b = boost::math::cdf(n, p.hi);
            const double q = a + u * (b - a);
            x = q <= 0.0 ? p.lo : q >= 1.0 ? p.hi : boost::math::quantile(n, q);
            break;
        }
        case Distribution::Beta:
            x = p.lo + (p.hi - p.lo) * (u <= 0.0 ? 0.0 : u >= 1.0 ? 1.0 : boost::math::ibeta_inv(p.alpha, p.beta, u));
            break;
    }
    x = std::clamp(x, p.lo, p.hi);
    if (integer) x = std::clamp(std::round(x), std::ceil(p.lo), std::floor(p.hi));
    return x;
}

double cdf(const UncertainParam& p, double x) {
    if (x <= p.lo) return 0.0;
    if (x >= p.hi) return 1.0;
    switch (p.dist) {
        case Distribution::Uniform: return (x - p.lo) / (p.hi - p.lo);
        case Distribution::LogUniform: return (std::log(x) - std::log(p.lo)) / (std::log(p.hi) - std::log(p.lo));
        case Distribution::Triangular: {
            const double w = p.hi - p.lo;
            return x < p.mode ? (x - p.lo) * (x - p.lo) / (w * (p.mode - p.lo))
                              : 1 - (p.hi - x) * (p.hi - x) / (w * (p.hi - p.mode));
        }
        case Distribution::Normal: {
            const boost::math::normal n(p.mean, p.sd);
            const double a = boost::math::cdf(n, p.lo), b = boost::math::cdf(n, p.hi);
            return (boost::math::cdf(n, x) - a) / (b - a);
        }
        case Distribution::Beta: return boost::math::ibeta(p.alpha, p.beta, (x - p.lo) / (p.hi - p.lo));
    }
    return 0.0;
}

std::vector<Override> at_point(const Scenario& s, const std::vector<UncertainParam>& priors, const std::vector<double>& u) {
    std::vector<Override> out;
    out.reserve(priors.size());
    for (std::size_t i = 0; i < priors.size(); ++i) {
        const bool integer = find_parameter(s, priors[i].path).kind == ParamKind::Integer;
        out.push_back(Override{priors[i].path, quantile(priors[i], u.at(i), integer), priors[i].pos});
    }
    return out;
}

std::string describe(const UncertainParam& p) {
    const std::string range = "[" + num(p.lo) + ", " + num(p.hi) + "]";
    switch (p.dist) {
        case Distribution::Uniform: return "uniform " + range;
        case Distribution::LogUniform: return "log_uniform " + range;
        case Distribution::Triangular: return "triangular " + range + " mode " + num(p.mode);
        case Distribution::Normal: return "normal(" + num(p.mean) + ", " + num(p.sd) + ") on " + range;
        case Distribution::Beta: return "beta(" + num(p.alpha) + ", " + num(p.beta) + ") on " + range;
    }
    return range;
}

}  // namespace orgforces::model
