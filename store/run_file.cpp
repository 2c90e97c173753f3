#include "store/run_file.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <unistd.h>

#include "model/loader.hpp"
#include "store/sha256.hpp"

namespace orgforces::store {

namespace {

using nlohmann::json;
constexpr const char* kFormat = "orgforces unsaved run";

// JSON has no NaN or infinity: those become strings, so every double reads back bit for bit.
json num(double v) {
    if (std::isnan(v)) return "nan";
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    return v;
}
double num(const json& j) {
    if (j.is_string()) {
        const auto s = j.get<std::string>();
        if (s == "nan") return std::nan("");
        if (s == "inf") return HUGE_VAL;
        if (s == "-inf") return -HUGE_VAL;
        throw std::runtime_error("not a number: " + s.substr(0, 40));
    }
    return j.get<double>();
}
json nums(const std::vector<double>& v) {
    json a = json::array();
    for (double x : v) a.push_back(num(x));
    return a;
}
std::vector<double> nums(const json& j) {
    std::vector<double> v;
    for (const auto& x : j) v.push_back(num(x));
    return v;
}
json overrides(const std::vector<model::Override>& o) {
    json a = json::array();
    for (const auto& x : o) a.push_back({{"path", x.path}, {"value", num(x.value)}});
    return a;
}
std::vector<model::Override> overrides(const json& j) {
    std::vector<model::Override> o;
    for (const auto& x : j) o.push_back(model::Override{x.at("path").get<std::string>(), num(x.at("value")), {}});
    return o;
}

sim::VentureStatus venture_status(const std::string& s) {
    for (auto v : {sim::VentureStatus::Running, sim::VentureStatus::Succeeded, sim::VentureStatus::Failed,
                   sim::VentureStatus::Dormant})
        if (s == sim::to_string(v)) return v;
    throw std::runtime_error("unknown venture status " + s);
}

json to_json(const RunSpec& s, const sim::EnsembleResult& r) {
    json events = json::array();
    for (const auto& e : s.events)
        events.push_back({{"tick", e.tick}, {"label", e.label}, {"set", overrides(e.set)},
                          {"event", model::event_text(e, s.dimensions)}});
    json spec = {{"scenario_name", s.scenario_name}, {"scenario_text", s.scenario_text}, {"dimensions", s.dimensions},
                 {"overrides", overrides(s.overrides)}, {"events", events}, {"seed", s.seed},
                 {"replicates", s.replicates}, {"horizon", s.horizon}, {"threads", s.threads}, {"ranks", s.ranks},
                 {"command", s.command}, {"label", s.label}};
    if (s.sweep_point) spec["sweep_point"] = {{"sweep_id", s.sweep_point->sweep_id}, {"point", s.sweep_point->point}};
    json series = json::array();
    for (const auto& x : r.series) {
        json ticks = json::array();
        for (const auto& b : x.ticks)
            ticks.push_back(nums(std::vector<double>{b.mean, b.ci_lo, b.ci_hi, b.q05, b.q25, b.q50, b.q75, b.q95}));
        series.push_back({{"entity", x.entity}, {"measure", x.measure}, {"ticks", ticks}});
    }
    json scalars = json::array();
    for (const auto& x : r.scalars)
        scalars.push_back({{"entity", x.entity}, {"measure", x.measure}, {"value", num(x.value)}, {"lo", num(x.lo)},
                           {"hi", num(x.hi)}, {"n", x.n}});
    json outcomes = json::array();
    for (const auto& o : r.outcomes)
        outcomes.push_back({{"replicate", o.replicate}, {"venture", o.venture}, {"status", sim::to_string(o.status)},
                            {"end_tick", o.end_tick}, {"value", num(o.value)}, {"salvage", num(o.salvage)},
                            {"promoted", o.promoted}, {"recovery_ticks", o.recovery_ticks},
                            {"tripwire_tick", o.tripwire_tick}, {"spiral_effort", num(o.spiral_effort)},
                            {"stones_done", o.stones_done}, {"stones_reused", o.stones_reused},
                            {"stones_graduated", o.stones_graduated}, {"failure_cause", o.failure_cause}});
    json survival = json::array();
    for (const auto& c : r.survival)
        survival.push_back({{"venture", c.venture}, {"tick", c.tick}, {"survival", nums(c.survival)},
                            {"lo", nums(c.lo)}, {"hi", nums(c.hi)}});
    json values = json::array();
    for (const auto& v : r.horizon_values)
        values.push_back({{"entity", v.entity}, {"measure", v.measure}, {"values", nums(v.values)}});
    json info = {{"wall_seconds", num(r.info.wall_seconds)}, {"person_ticks", r.info.person_ticks},
                 {"threads", r.info.threads}, {"engine_version", r.info.engine_version}};
    return {{"spec", spec}, {"info", info}, {"series", series}, {"scalars", scalars}, {"outcomes", outcomes},
            {"survival", survival}, {"horizon_values", values}};
}

SavedRun from_json(const json& j) {
    SavedRun out;
    const auto& s = j.at("spec");
    RunSpec& spec = out.spec;
    spec.scenario_name = s.at("scenario_name").get<std::string>();
    spec.scenario_text = s.at("scenario_text").get<std::string>();
    spec.overrides = overrides(s.at("overrides"));
    // An event written whole reads back whole, through the scenario loader's event reader.
    if (s.contains("dimensions")) spec.dimensions = s["dimensions"].get<std::vector<std::string>>();
    for (const auto& e : s.at("events"))
        spec.events.push_back(e.contains("event") ? model::read_event_text(e["event"].get<std::string>(), spec.dimensions, "saved event")
                                                  : model::Event{e.at("tick").get<int>(), e.at("label").get<std::string>(),
                                                                 overrides(e.at("set")), {}});
    spec.seed = s.at("seed").get<std::uint64_t>();
    spec.replicates = s.at("replicates").get<int>();
    spec.horizon = s.at("horizon").get<int>();
    spec.threads = s.at("threads").get<int>();
    spec.ranks = s.at("ranks").get<int>();
    spec.command = s.at("command").get<std::string>();
    spec.label = s.at("label").get<std::string>();
    if (s.contains("sweep_point"))
        spec.sweep_point = SweepPointRef{s["sweep_point"].at("sweep_id").get<std::int64_t>(),
                                         s["sweep_point"].at("point").get<int>()};
    sim::EnsembleResult& r = out.result;
    const auto& info = j.at("info");
    r.info.scenario_name = spec.scenario_name;
    r.info.seed = spec.seed;
    r.info.replicates = spec.replicates;
    r.info.horizon = spec.horizon;
    r.info.wall_seconds = num(info.at("wall_seconds"));
    r.info.person_ticks = info.at("person_ticks").get<std::int64_t>();
    r.info.threads = info.at("threads").get<int>();
    r.info.engine_version = info.at("engine_version").get<std::string>();
    for (const auto& x : j.at("series")) {
        sim::Series series{x.at("entity").get<std::string>(), x.at("measure").get<std::string>(), {}};
        for (const auto& t : x.at("ticks")) {
            const auto v = nums(t);
            if (v.size() != 8) throw std::runtime_error("a series tick without 8 numbers");
            series.ticks.push_back(sim::Band{v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]});
        }
        r.series.push_back(std::move(series));
    }
    for (const auto& x : j.at("scalars"))
        r.scalars.push_back(sim::Scalar{x.at("entity").get<std::string>(), x.at("measure").get<std::string>(),
                                        num(x.at("value")), num(x.at("lo")), num(x.at("hi")),
                                        x.at("n").get<std::int64_t>()});
    for (const auto& x : j.at("outcomes")) {
        sim::VentureOutcome o;
        o.replicate = x.at("replicate").get<int>();
        o.venture = x.at("venture").get<std::string>();
        o.status = venture_status(x.at("status").get<std::string>());
        o.end_tick = x.at("end_tick").get<int>();
        o.value = num(x.at("value"));
        o.salvage = num(x.at("salvage"));
        o.promoted = x.at("promoted").get<std::string>();
        o.recovery_ticks = x.at("recovery_ticks").get<int>();
        o.tripwire_tick = x.at("tripwire_tick").get<int>();
        o.spiral_effort = num(x.at("spiral_effort"));
        o.stones_done = x.at("stones_done").get<int>();
        o.stones_reused = x.at("stones_reused").get<int>();
        o.stones_graduated = x.at("stones_graduated").get<int>();
        o.failure_cause = x.at("failure_cause").get<std::string>();
        r.outcomes.push_back(std::move(o));
    }
    for (const auto& x : j.at("survival"))
        r.survival.push_back(sim::SurvivalCurve{x.at("venture").get<std::string>(), x.at("tick").get<std::vector<int>>(),
                                                nums(x.at("survival")), nums(x.at("lo")), nums(x.at("hi"))});
    for (const auto& x : j.at("horizon_values"))
        r.horizon_values.push_back(sim::ReplicateValues{x.at("entity").get<std::string>(),
                                                        x.at("measure").get<std::string>(), nums(x.at("values"))});
    return out;
}

}  // namespace

std::string saved_run_text(const RunSpec& spec, const sim::EnsembleResult& result) {
    const std::string body = to_json(spec, result).dump();
    // The digest covers the body's exact text, so a truncated or edited file is refused.
    return json{{"format", kFormat}, {"version", 1}, {"sha256", sha256_hex(body)}}.dump() + "\n" + body + "\n";
}

SavedRun read_saved_run(const std::filesystem::path& path) {
    const std::string where = path.string();
    std::ifstream in(path, std::ios::binary);
    if (!in) throw StoreError(where, "cannot open the file");
    std::string head, body;
    std::getline(in, head);
    std::getline(in, body);
    try {
        const auto h = json::parse(head);
        if (h.at("format").get<std::string>() != kFormat || h.at("version").get<int>() != 1)
            throw StoreError(where, "not a file of unsaved orgforces results");
        if (h.at("sha256").get<std::string>() != sha256_hex(body))
            throw StoreError(where, "the file is damaged (its checksum does not match); nothing was imported");
        return from_json(json::parse(body));
    } catch (const StoreError&) {
        throw;
    } catch (const std::exception& e) {
        throw StoreError(where, std::string("not a file of unsaved orgforces results (") + e.what() + ")");
    }
}

std::filesystem::path save_run(const std::string& database, const RunSpec& spec, const sim::EnsembleResult& result) {
    const std::string text = saved_run_text(spec, result);
    const auto stamp = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::system_clock::now().time_since_epoch()).count();
    const std::string name = fmt::format("{}.unsaved-{}-{}.json", std::filesystem::path(database).filename().string(),
                                         stamp, ::getpid());
    std::vector<std::filesystem::path> places;
    if (database != ":memory:" && !database.empty()) places.push_back(std::filesystem::path(database).parent_path() / name);
    std::error_code ec;
    const auto tmp = std::filesystem::temp_directory_path(ec);
    if (!ec) places.push_back(tmp / name);
    std::string why;
    for (auto p : places) {
        if (p.parent_path().empty()) p = std::filesystem::path(".") / p.filename();
        const auto partial = p.string() + ".part";
        {
            std::ofstream out(partial, std::ios::binary | std::ios::trunc);
            out << text;
            out.flush();
            if (out) {
                out.close();
                if (out && std::rename(partial.c_str(), p.c_str()) == 0) return p;
            }
        }
        std::remove(partial.c_str());
        why += (why.empty() ? "" : "; ") + p.string() + " cannot be written";
    }
    throw StoreError(database, "the results could not be saved to a side file either (" + why + ")");
}

}  // namespace orgforces::store
