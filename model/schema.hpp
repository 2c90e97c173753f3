#pragma once
// The scenario file format described once, in code. The loader checks keys and types against
// it, the registry takes its ranges from it, `orgforces schema` turns it into a JSON Schema and
// docs/scenario-format.md is generated from it (a test keeps the document in step).

#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace orgforces::model {

enum class FieldType {
    String,         ///< any text
    Name,           ///< an identifier: letters, digits, '-' and '_' (used in parameter paths)
    Real,           ///< a finite number
    Integer,        ///< a whole number
    Bool,           ///< true/false (also on/off, yes/no)
    Enum,           ///< one of `choices`
    Object,         ///< a map with the keys of `object`
    ObjectList,     ///< a list of maps with the keys of `object`
    NameList,       ///< a list of names
    DimensionMap,   ///< a map dimension name -> number in [min, max]
    NumberMap,      ///< a map name -> number in [min, max] (`keyed_by` says which names)
    LinkMap,        ///< a map team name -> weight in [min, max]
    Reach,          ///< `everyone` or a map with the keys of `object`
    Assignments,    ///< a map parameter path -> number or true/false/on/off
    Priors,         ///< a map parameter path -> a map with the keys of `object` (a distribution)
};

struct ObjectSpec;

/// One key of the format.
struct FieldSpec {
    std::string key;
    FieldType type = FieldType::String;
    std::string description;
    double min = -std::numeric_limits<double>::infinity();  ///< for numbers and map values
    double max = std::numeric_limits<double>::infinity();
    std::string default_text;          ///< shown in docs; empty = no default
    bool required = false;
    std::vector<std::string> choices;  ///< for Enum
    const ObjectSpec* object = nullptr;  ///< for Object, ObjectList, Reach
    std::string keyed_by;              ///< for NumberMap: what the keys name
    int max_items = 0;                 ///< for lists and maps: documented limit (0 = none)
};

/// A map of the format (the top level, a team, a gravity force, ...).
struct ObjectSpec {
    std::string name;
    std::string description;
    std::vector<FieldSpec> fields;

    /// The field with this key, or nullptr.
    const FieldSpec* field(std::string_view key) const;
    /// The field with this key; throws std::logic_error if the format has no such key.
    const FieldSpec& at(std::string_view key) const;
    /// Every key, in documentation order.
    std::vector<std::string> keys() const;
};

/// The top level of a scenario file.
const ObjectSpec& scenario_spec();

/// A named part of the format: "scenario", "dimension", "organization", "unit", "gravity",
/// "reach", "schedule", "review", "water", "team", "hiring", "tripwire", "venture", "stone",
/// "benefit", "shock", "commons", "event", "variant", "causal", "distribution". Throws std::logic_error.
const ObjectSpec& object_spec(std::string_view name);

/// Documented limits that keep a run feasible and the loader safe.
struct Limits {
    static constexpr std::size_t max_file_bytes = 4 * 1024 * 1024;
    static constexpr int max_nesting = 48;       ///< YAML nesting depth, counted while parsing
    static constexpr int max_aliases = 64;       ///< YAML aliases (`*name`)
    static constexpr int max_people = 200000;    ///< total headcount at tick 0
    static constexpr int max_team_size = 20000;
    static constexpr int max_teams = 5000;
    static constexpr int max_dimensions = 16;
    static constexpr int max_forces = 64;        ///< gravity and water together
    static constexpr int max_ventures = 2000;
    static constexpr int max_stones = 500;       ///< per venture
    static constexpr int max_horizon = 100000;
    static constexpr int max_replicates = 1000000;
    static constexpr std::size_t max_name_length = 64;
};

/// JSON Schema (draft-07, the dialect YAML language servers know best) of the format, for editors' YAML language servers.
std::string json_schema();

/// Markdown reference of every key (the body of docs/scenario-format.md's reference section).
std::string markdown_reference();

}  // namespace orgforces::model
