#include "app/cli/db_export.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <stdexcept>

#include "app/cli/db_common.hpp"
#include "store/store_error.hpp"

namespace orgforces::cli {

namespace {

nlohmann::json overrides_json(const std::vector<model::Override>& overrides) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& o : overrides) out.push_back({{"path", o.path}, {"value", o.value}});
    return out;
}

// JSON has no NaN or infinity; write them as null.
nlohmann::json num(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

// Full precision so a CSV reads back the same doubles; an undefined value (NaN) is an empty field.
std::string csv_num(double v) { return std::isnan(v) ? std::string() : fmt::format("{}", v); }

}  // namespace

nlohmann::json record_json(const store::RunRecord& r) {
    nlohmann::json events = nlohmann::json::array();
    for (const auto& e : r.spec.events)
        events.push_back({{"tick", e.tick}, {"label", e.label}, {"set", overrides_json(e.set)}});
    nlohmann::json j = {{"id", r.id},
                        {"status", store::to_string(r.status)},
                        {"scenario", r.spec.scenario_name},
                        {"scenario_hash", r.scenario_hash},
                        {"hash_algorithm", "sha256"},
                        {"overrides", overrides_json(r.spec.overrides)},
                        {"events", events},
                        {"seed", r.spec.seed},
                        {"replicates", r.spec.replicates},
                        {"horizon", r.spec.horizon},
                        {"threads", r.spec.threads},
                        {"ranks", r.spec.ranks},
                        {"command", r.spec.command},
                        {"label", r.spec.label},
                        {"engine_version", r.engine_version},
                        {"started_at", r.started_at},
                        {"finished_at", r.finished_at},
                        {"wall_seconds", r.wall_seconds},
                        {"person_ticks", r.person_ticks},
                        {"host", r.host},
                        {"pid", r.pid},
                        {"error", r.error}};
    if (r.spec.sweep_point)
        j["sweep"] = {{"id", r.spec.sweep_point->sweep_id}, {"point", r.spec.sweep_point->point}};
    return j;
}

nlohmann::json run_json(const store::StoredRun& run) {
    const auto& res = run.result;
    nlohmann::json series = nlohmann::json::array();
    for (const auto& s : res.series) {
        nlohmann::json ticks = nlohmann::json::array();
        for (const auto& b : s.ticks)
            ticks.push_back({{"mean", num(b.mean)}, {"ci", {num(b.ci_lo), num(b.ci_hi)}},
                             {"q", {num(b.q05), num(b.q25), num(b.q50), num(b.q75), num(b.q95)}}});
        series.push_back({{"entity", s.entity}, {"measure", s.measure}, {"ticks", ticks}});
    }
    nlohmann::json scalars = nlohmann::json::array();
    for (const auto& s : res.scalars)
        scalars.push_back({{"entity", s.entity}, {"measure", s.measure}, {"value", num(s.value)},
                           {"lo", num(s.lo)}, {"hi", num(s.hi)}, {"n", s.n}});
    nlohmann::json outcomes = nlohmann::json::array();
    for (const auto& o : res.outcomes)
        outcomes.push_back({{"replicate", o.replicate}, {"venture", o.venture}, {"status", sim::to_string(o.status)},
                            {"end_tick", o.end_tick}, {"value", num(o.value)}, {"salvage", num(o.salvage)},
                            {"promoted", o.promoted}, {"recovery_ticks", o.recovery_ticks},
                            {"tripwire_tick", o.tripwire_tick}, {"spiral_effort", num(o.spiral_effort)},
                            {"stones_done", o.stones_done}, {"stones_reused", o.stones_reused},
                            {"stones_graduated", o.stones_graduated}, {"failure_cause", o.failure_cause}});
    nlohmann::json survival = nlohmann::json::array();
    for (const auto& c : res.survival)
        survival.push_back({{"venture", c.venture}, {"tick", c.tick}, {"survival", c.survival}, {"lo", c.lo}, {"hi", c.hi}});
    nlohmann::json values = nlohmann::json::array();
    for (const auto& v : res.horizon_values)
        values.push_back({{"entity", v.entity}, {"measure", v.measure}, {"values", v.values}});
    nlohmann::json j = record_json(run.record);
    j["scenario_text"] = run.record.spec.scenario_text;
    j["series"] = series;
    j["scalars"] = scalars;
    j["outcomes"] = outcomes;
    j["survival"] = survival;
    j["horizon_values"] = values;
    return j;
}

void write_result_csv(const sim::EnsembleResult& res, const std::filesystem::path& dir,
                      std::vector<std::filesystem::path>& written) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw std::runtime_error(fmt::format("cannot create {}: {}", dir.string(), ec.message()));
    auto open = [&](const char* name) {
        const auto path = dir / name;
        std::ofstream out(path, std::ios::binary);
        if (!out) throw std::runtime_error(fmt::format("cannot write {}", path.string()));
        written.push_back(path);
        return out;
    };
    {
        auto out = open("series.csv");
        out << "entity,measure,tick,mean,ci_lo,ci_hi,q05,q25,q50,q75,q95\n";
        for (const auto& s : res.series)
            for (std::size_t t = 0; t < s.ticks.size(); ++t) {
                const auto& b = s.ticks[t];
                out << csv_field(s.entity) << ',' << csv_field(s.measure) << ',' << t << ',' << csv_num(b.mean) << ','
                    << csv_num(b.ci_lo) << ',' << csv_num(b.ci_hi) << ',' << csv_num(b.q05) << ',' << csv_num(b.q25)
                    << ',' << csv_num(b.q50) << ',' << csv_num(b.q75) << ',' << csv_num(b.q95) << '\n';
            }
    }
    {
        auto out = open("scalars.csv");
        out << "entity,measure,value,lo,hi,n\n";
        for (const auto& s : res.scalars)
            out << csv_field(s.entity) << ',' << csv_field(s.measure) << ',' << csv_num(s.value) << ','
                << csv_num(s.lo) << ',' << csv_num(s.hi) << ',' << s.n << '\n';
    }
    {
        auto out = open("outcomes.csv");
        out << "replicate,venture,status,end_tick,value,salvage,promoted,recovery_ticks,tripwire_tick,"
               "spiral_effort,stones_done,stones_reused,stones_graduated,failure_cause\n";
        for (const auto& o : res.outcomes)
            out << o.replicate << ',' << csv_field(o.venture) << ',' << sim::to_string(o.status) << ',' << o.end_tick
                << ',' << csv_num(o.value) << ',' << csv_num(o.salvage) << ',' << csv_field(o.promoted) << ','
                << o.recovery_ticks << ',' << o.tripwire_tick << ',' << csv_num(o.spiral_effort) << ','
                << o.stones_done << ',' << o.stones_reused << ',' << o.stones_graduated << ','
                << csv_field(o.failure_cause) << '\n';
    }
    {
        auto out = open("survival.csv");
        out << "venture,tick,survival,lo,hi\n";
        for (const auto& c : res.survival)
            for (std::size_t i = 0; i < c.tick.size(); ++i)
                out << csv_field(c.venture) << ',' << c.tick[i] << ',' << csv_num(i < c.survival.size() ? c.survival[i] : 0)
                    << ',' << csv_num(i < c.lo.size() ? c.lo[i] : 0) << ',' << csv_num(i < c.hi.size() ? c.hi[i] : 0) << '\n';
    }
    {
        auto out = open("replicate_values.csv");
        out << "entity,measure,replicate,value\n";
        for (const auto& v : res.horizon_values)
            for (std::size_t i = 0; i < v.values.size(); ++i)
                out << csv_field(v.entity) << ',' << csv_field(v.measure) << ',' << i << ',' << csv_num(v.values[i]) << '\n';
    }
}

std::vector<std::filesystem::path> write_csv_dir(const store::StoredRun& run, const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw std::runtime_error(fmt::format("cannot create {}: {}", dir.string(), ec.message()));
    std::vector<std::filesystem::path> written;
    auto open = [&](const char* name) {
        const auto path = dir / name;
        std::ofstream out(path, std::ios::binary);
        if (!out) throw std::runtime_error(fmt::format("cannot write {}", path.string()));
        written.push_back(path);
        return out;
    };
    const auto& r = run.record;
    const auto& res = run.result;
    {
        auto out = open("run.csv");
        out << "key,value\n";
        auto kv = [&](const std::string& k, const std::string& v) { out << csv_field(k) << ',' << csv_field(v) << '\n'; };
        kv("id", std::to_string(r.id));
        kv("status", store::to_string(r.status));
        kv("scenario", r.spec.scenario_name);
        kv("scenario_sha256", r.scenario_hash);
        kv("overrides", format_overrides(r.spec.overrides));
        kv("seed", std::to_string(r.spec.seed));
        kv("replicates", std::to_string(r.spec.replicates));
        kv("horizon", std::to_string(r.spec.horizon));
        kv("threads", std::to_string(r.spec.threads));
        kv("ranks", std::to_string(r.spec.ranks));
        kv("engine_version", r.engine_version);
        kv("started_at", r.started_at);
        kv("finished_at", r.finished_at);
        kv("wall_seconds", csv_num(r.wall_seconds));
        kv("label", r.spec.label);
    }
    write_result_csv(res, dir, written);
    {
        auto out = open("scenario.yaml");
        out << r.spec.scenario_text;
    }
    return written;
}

}  // namespace orgforces::cli
