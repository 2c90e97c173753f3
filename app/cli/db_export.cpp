#include "app/cli/db_export.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <stdexcept>

#include "app/cli/db_common.hpp"
#include "sim/results_json.hpp"
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

nlohmann::json result_json(const store::RunRecord& r, const sim::EnsembleResult* result) {
    nlohmann::json events = nlohmann::json::array();
    for (const auto& e : r.spec.events)
        events.push_back({{"tick", e.tick}, {"label", e.label}, {"set", overrides_json(e.set)}});
    // The result body (series, scalars, outcomes, survival, horizon_values) is sim's one JSON form.
    nlohmann::json j = nlohmann::json::parse(sim::to_json_text(result ? *result : sim::EnsembleResult{}, -1));
    j["run"] = {{"id", r.id > 0 ? nlohmann::json(r.id) : nlohmann::json(nullptr)},
                {"status", store::to_string(r.status)},
                {"command", r.spec.command},
                {"label", r.spec.label},
                {"scenario", r.spec.scenario_name},
                {"scenario_hash", r.scenario_hash},
                {"hash_algorithm", "sha256"},
                {"overrides", overrides_json(r.spec.overrides)},
                {"events", events},
                {"seed", r.spec.seed},
                {"replicates", r.spec.replicates},
                {"horizon", r.spec.horizon},
                {"engine_version", r.engine_version},
                {"sweep", r.spec.sweep_point ? nlohmann::json{{"id", r.spec.sweep_point->sweep_id},
                                                              {"point", r.spec.sweep_point->point}}
                                             : nlohmann::json(nullptr)},
                {"error", r.error}};
    // How it ran: what may differ between two runs of the same thing.
    j["stats"] = {{"person_ticks", r.person_ticks},
                  {"wall_seconds", num(r.wall_seconds)},
                  {"threads", result && result->info.threads > 0 ? result->info.threads : r.spec.threads},
                  {"ranks", r.spec.ranks},
                  {"started_at", r.started_at},
                  {"finished_at", r.finished_at},
                  {"host", r.host},
                  {"pid", r.pid}};
    j["scenario_text"] = r.spec.scenario_text;
    return j;
}

std::string result_json_schema() {
    // Numbers that can be undefined (NaN) are written as null, so they are ["number", "null"].
    return R"json({
  "$schema": "http://json-schema.org/draft-07/schema#",
  "$id": "https://orgforces.invalid/schemas/result.json",
  "title": "orgforces result",
  "description": "One ensemble result as `orgforces run --json`, `show --json` and `export --json` print it.",
  "type": "object",
  "required": ["run", "stats", "scenario_text", "series", "scalars", "outcomes", "survival", "horizon_values"],
  "additionalProperties": false,
  "definitions": {
    "number": {"type": ["number", "null"]},
    "numbers": {"type": "array", "items": {"type": ["number", "null"]}},
    "overrides": {"type": "array", "items": {"type": "object", "required": ["path", "value"], "additionalProperties": false,
                  "properties": {"path": {"type": "string"}, "value": {"type": "number"}}}}
  },
  "properties": {
    "run": {
      "description": "What was run: enough to run it again.",
      "type": "object",
      "required": ["id", "status", "command", "label", "scenario", "scenario_hash", "hash_algorithm", "overrides", "events",
                   "seed", "replicates", "horizon", "engine_version", "sweep", "error"],
      "additionalProperties": false,
      "properties": {
        "id": {"type": ["integer", "null"], "description": "the run's id in the database; null when not stored"},
        "status": {"enum": ["running", "complete", "incomplete", "failed"]},
        "command": {"type": "string"},
        "label": {"type": "string"},
        "scenario": {"type": "string"},
        "scenario_hash": {"type": "string"},
        "hash_algorithm": {"const": "sha256"},
        "overrides": {"$ref": "#/definitions/overrides"},
        "events": {"type": "array", "items": {"type": "object", "required": ["tick", "label", "set"],
                   "properties": {"tick": {"type": "integer"}, "label": {"type": "string"}, "set": {"$ref": "#/definitions/overrides"}}}},
        "seed": {"type": "integer", "minimum": 0},
        "replicates": {"type": "integer", "minimum": 0},
        "horizon": {"type": "integer", "minimum": 0},
        "engine_version": {"type": "string"},
        "sweep": {"oneOf": [{"type": "null"}, {"type": "object", "required": ["id", "point"],
                  "properties": {"id": {"type": "integer"}, "point": {"type": "integer"}}}]},
        "error": {"type": "string"}
      }
    },
    "stats": {
      "description": "How it ran: what may differ between two runs of the same thing.",
      "type": "object",
      "required": ["person_ticks", "wall_seconds", "threads", "ranks", "started_at", "finished_at", "host", "pid"],
      "additionalProperties": false,
      "properties": {
        "person_ticks": {"type": "integer", "minimum": 0},
        "wall_seconds": {"$ref": "#/definitions/number"},
        "threads": {"type": "integer", "minimum": 0},
        "ranks": {"type": "integer", "minimum": 0},
        "started_at": {"type": "string"},
        "finished_at": {"type": "string"},
        "host": {"type": "string"},
        "pid": {"type": "integer"}
      }
    },
    "scenario_text": {"type": "string"},
    "series": {"type": "array", "items": {
      "description": "A measure of a team (or of the organization, entity \"\") per tick 0..horizon: mean, its 95% interval and quantiles over replicates.",
      "type": "object",
      "required": ["entity", "measure", "mean", "ci_lo", "ci_hi", "q05", "q25", "q50", "q75", "q95"],
      "additionalProperties": false,
      "properties": {
        "entity": {"type": "string"}, "measure": {"type": "string"},
        "mean": {"$ref": "#/definitions/numbers"}, "ci_lo": {"$ref": "#/definitions/numbers"}, "ci_hi": {"$ref": "#/definitions/numbers"},
        "q05": {"$ref": "#/definitions/numbers"}, "q25": {"$ref": "#/definitions/numbers"}, "q50": {"$ref": "#/definitions/numbers"},
        "q75": {"$ref": "#/definitions/numbers"}, "q95": {"$ref": "#/definitions/numbers"}
      }}},
    "scalars": {"type": "array", "items": {
      "type": "object",
      "required": ["entity", "measure", "value", "lo", "hi", "n"],
      "additionalProperties": false,
      "properties": {"entity": {"type": "string"}, "measure": {"type": "string"}, "value": {"$ref": "#/definitions/number"},
                     "lo": {"$ref": "#/definitions/number"}, "hi": {"$ref": "#/definitions/number"}, "n": {"type": "integer", "minimum": 0}}}},
    "outcomes": {"type": "array", "items": {
      "type": "object",
      "required": ["replicate", "venture", "status", "end_tick", "value", "salvage", "promoted", "recovery_ticks", "tripwire_tick",
                   "spiral_effort", "stones_done", "stones_reused", "stones_graduated", "stones_reworked", "failure_cause",
                   "done_stones", "output_character"],
      "additionalProperties": false,
      "properties": {
        "replicate": {"type": "integer"}, "venture": {"type": "string"},
        "status": {"enum": ["running", "succeeded", "failed", "dormant", "framed"]},
        "end_tick": {"type": "integer"}, "value": {"$ref": "#/definitions/number"}, "salvage": {"$ref": "#/definitions/number"},
        "promoted": {"type": "string"}, "recovery_ticks": {"type": "integer"}, "tripwire_tick": {"type": "integer"},
        "spiral_effort": {"$ref": "#/definitions/number"}, "stones_done": {"type": "integer"}, "stones_reused": {"type": "integer"},
        "stones_graduated": {"type": "integer"}, "stones_reworked": {"type": "integer"}, "failure_cause": {"type": "string"},
        "done_stones": {"type": "array", "items": {"type": "string"}}, "output_character": {"$ref": "#/definitions/numbers"}
      }}},
    "survival": {"type": "array", "items": {
      "description": "Kaplan-Meier survival of a venture with its 95% interval, one entry per step time.",
      "type": "object",
      "required": ["venture", "tick", "survival", "lo", "hi"],
      "additionalProperties": false,
      "properties": {"venture": {"type": "string"}, "tick": {"type": "array", "items": {"type": "integer"}},
                     "survival": {"$ref": "#/definitions/numbers"}, "lo": {"$ref": "#/definitions/numbers"},
                     "hi": {"$ref": "#/definitions/numbers"}}}},
    "horizon_values": {"type": "array", "items": {
      "description": "One measure at the horizon in every replicate (values[r] of replicate r), for paired comparisons.",
      "type": "object",
      "required": ["entity", "measure", "values"],
      "additionalProperties": false,
      "properties": {"entity": {"type": "string"}, "measure": {"type": "string"}, "values": {"$ref": "#/definitions/numbers"}}}},
    "uncertainty": {
      "description": "run --uncertain or --posterior: what the bands cover besides chance.",
      "type": "object",
      "required": ["covers"],
      "properties": {"covers": {"type": "string"}}
    }
  }
}
)json";
}

namespace {

void make_directory(const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw std::runtime_error(fmt::format("cannot create {}: {}", dir.string(), ec.message()));
}

// Opens `dir`/`name` for writing and adds it to `written`.
std::ofstream open_in(const std::filesystem::path& dir, const char* name, std::vector<std::filesystem::path>& written) {
    const auto path = dir / name;
    std::ofstream out(path, std::ios::binary);
    if (!out) throw std::runtime_error(fmt::format("cannot write {}", path.string()));
    written.push_back(path);
    return out;
}

}  // namespace

void write_result_csv(const sim::EnsembleResult& res, const std::filesystem::path& dir,
                      std::vector<std::filesystem::path>& written) {
    make_directory(dir);
    auto open = [&](const char* name) { return open_in(dir, name, written); };
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
    make_directory(dir);
    std::vector<std::filesystem::path> written;
    auto open = [&](const char* name) { return open_in(dir, name, written); };
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
