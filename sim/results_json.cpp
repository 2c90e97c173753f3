#include "sim/results_json.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

namespace orgforces::sim {

namespace {
using nlohmann::json;

json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json column(const Series& s, double Band::*field) {
    json a = json::array();
    for (const auto& b : s.ticks) a.push_back(number(b.*field));
    return a;
}
}  // namespace

std::string to_json_text(const EnsembleResult& r, int indent) {
    json j;
    j["run"] = {{"scenario", r.info.scenario_name}, {"seed", r.info.seed},          {"replicates", r.info.replicates},
                {"horizon", r.info.horizon},        {"engine_version", r.info.engine_version}};
    j["stats"] = {{"person_ticks", r.info.person_ticks}, {"wall_seconds", number(r.info.wall_seconds)},
                  {"threads", r.info.threads}};
    json series = json::array();
    for (const auto& s : r.series) {
        series.push_back({{"entity", s.entity},
                          {"measure", s.measure},
                          {"mean", column(s, &Band::mean)},
                          {"ci_lo", column(s, &Band::ci_lo)},
                          {"ci_hi", column(s, &Band::ci_hi)},
                          {"q05", column(s, &Band::q05)},
                          {"q25", column(s, &Band::q25)},
                          {"q50", column(s, &Band::q50)},
                          {"q75", column(s, &Band::q75)},
                          {"q95", column(s, &Band::q95)}});
    }
    j["series"] = std::move(series);
    json scalars = json::array();
    for (const auto& s : r.scalars)
        scalars.push_back({{"entity", s.entity}, {"measure", s.measure}, {"value", number(s.value)},
                           {"lo", number(s.lo)}, {"hi", number(s.hi)}, {"n", s.n}});
    j["scalars"] = std::move(scalars);
    json outcomes = json::array();
    for (const auto& o : r.outcomes) {
        json character = json::array();
        for (double v : o.output_character) character.push_back(number(v));
        outcomes.push_back({{"replicate", o.replicate},
                            {"venture", o.venture},
                            {"status", to_string(o.status)},
                            {"end_tick", o.end_tick},
                            {"value", number(o.value)},
                            {"salvage", number(o.salvage)},
                            {"promoted", o.promoted},
                            {"recovery_ticks", o.recovery_ticks},
                            {"tripwire_tick", o.tripwire_tick},
                            {"spiral_effort", number(o.spiral_effort)},
                            {"stones_done", o.stones_done},
                            {"stones_reused", o.stones_reused},
                            {"stones_graduated", o.stones_graduated},
                            {"stones_reworked", o.stones_reworked},
                            {"failure_cause", o.failure_cause},
                            {"done_stones", o.done_stones},
                            {"output_character", character}});
    }
    j["outcomes"] = std::move(outcomes);
    json survival = json::array();
    for (const auto& c : r.survival) {
        json s = {{"venture", c.venture}, {"tick", c.tick}};
        json sv = json::array(), lo = json::array(), hi = json::array();
        for (double v : c.survival) sv.push_back(number(v));
        for (double v : c.lo) lo.push_back(number(v));
        for (double v : c.hi) hi.push_back(number(v));
        s["survival"] = sv;
        s["lo"] = lo;
        s["hi"] = hi;
        survival.push_back(std::move(s));
    }
    j["survival"] = std::move(survival);
    json values = json::array();
    for (const auto& v : r.horizon_values) {
        json xs = json::array();
        for (double x : v.values) xs.push_back(number(x));
        values.push_back({{"entity", v.entity}, {"measure", v.measure}, {"values", xs}});
    }
    j["horizon_values"] = std::move(values);
    return j.dump(indent);
}

}  // namespace orgforces::sim
