#include "model/schema.hpp"

#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

namespace orgforces::model {

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

FieldSpec f(std::string key, FieldType type, std::string description) {
    FieldSpec s;
    s.key = std::move(key);
    s.type = type;
    s.description = std::move(description);
    return s;
}

FieldSpec& range(FieldSpec& s, double lo, double hi) {
    s.min = lo;
    s.max = hi;
    return s;
}

struct Builder {
    ObjectSpec& o;
    FieldSpec& add(std::string key, FieldType type, std::string description, std::string def = {},
                   double lo = -inf, double hi = inf) {
        o.fields.push_back(f(std::move(key), type, std::move(description)));
        auto& s = o.fields.back();
        s.default_text = std::move(def);
        range(s, lo, hi);
        return s;
    }
    FieldSpec& required(std::string key, FieldType type, std::string description, double lo = -inf,
                        double hi = inf) {
        auto& s = add(std::move(key), type, std::move(description), {}, lo, hi);
        s.required = true;
        return s;
    }
};

struct Specs {
    ObjectSpec scenario{"scenario", "A scenario file.", {}};
    ObjectSpec dimension{"dimension", "One practice dimension in [0,1].", {}};
    ObjectSpec organization{"organization", "The organization around the teams.", {}};
    ObjectSpec unit{"unit", "A unit of the organization tree.", {}};
    ObjectSpec gravity{"gravity", "A gravity force: structure or incentive pulling practice toward a target.", {}};
    ObjectSpec reach{"reach", "Which teams a force acts on.", {}};
    ObjectSpec schedule{"schedule", "When a force acts and how hard.", {}};
    ObjectSpec review{"review", "A periodic review of ventures that sees only legible progress.", {}};
    ObjectSpec water{"water", "A water force: a cultural assumption held to a degree by each person.", {}};
    ObjectSpec team{"team", "A team.", {}};
    ObjectSpec hiring{"hiring", "How a team replaces the people who leave.", {}};
    ObjectSpec tripwire{"tripwire", "Reclassifies a venture whose open sub-problems keep growing.", {}};
    ObjectSpec venture{"venture", "A team's undertaking.", {}};
    ObjectSpec stone{"stone", "A stepping stone: an intermediate artifact with standalone value.", {}};
    ObjectSpec benefit{"benefit", "A value the venture may yield besides its primary goal.", {}};
    ObjectSpec shock{"shock", "A scheduled external blow to a venture.", {}};
    ObjectSpec commons{"commons", "The organization-wide commons where finished stones mingle.", {}};
    ObjectSpec event{"event", "A scheduled change at a tick: assignments, a move, a leader replaced, teams merged or split.", {}};
    ObjectSpec move{"move", "A team moved to another unit.", {}};
    ObjectSpec leader{"replace_leader", "A team's leader replaced.", {}};
    ObjectSpec merge{"merge", "Teams merged into one.", {}};
    ObjectSpec split{"split", "People split off a team into a team declared empty.", {}};
    ObjectSpec variant{"variant", "A named what-if: registry assignments applied to the whole run.", {}};
    ObjectSpec causal{"causal", "A qualitative link added to the causal graph.", {}};
    ObjectSpec distribution{"distribution",
                            "A prior over one parameter (`uncertain:`). `lo` and `hi` default to the parameter's own "
                            "range and must lie inside it; a normal is truncated to [lo, hi], a beta scaled onto it.",
                            {}};

    Specs() {
        using T = FieldType;
        const std::string classes_doc = "solved, solvable or unsolvable";
        {
            Builder b{scenario};
            b.add("name", T::String, "Title shown in reports.", "the file name");
            b.add("question", T::String, "The question the scenario answers, shown at the top of reports.");
            b.add("focus", T::NameList,
                  "Teams and ventures the question is about: the report, the dashboard and the command line's "
                  "tables lead with them.",
                  "teams with ventures, then those whose intent differs most from the organization's");
            b.required("horizon", T::Integer, "Ticks to simulate.", 1, Limits::max_horizon);
            b.add("tick_unit", T::String, "What one tick means; every rate is per tick.", "week");
            b.add("seed", T::Integer, "Seed of every random draw: the same seed gives the same results.", "1", 0,
                  9007199254740991.0);
            b.add("replicates", T::Integer, "Monte Carlo replicates in an ensemble.", "100", 1, Limits::max_replicates);
            auto& d = b.add("dimensions", T::ObjectList,
                            "Practice dimensions, each in [0,1].",
                            "horizon (short-term..long-term), exploration (keep..explore), breadth "
                            "(engineering-only..multidisciplinary)");
            d.object = &dimension;
            d.max_items = Limits::max_dimensions;
            b.required("organization", T::Object, "The organization: units, baseline practice and org-wide rates.")
                .object = &organization;
            auto& g = b.add("gravity", T::ObjectList, "Gravity forces: structures and incentives.", "none");
            g.object = &gravity;
            auto& w = b.add("water", T::ObjectList, "Water forces: cultural assumptions.", "none");
            w.object = &water;
            auto& t = b.required("teams", T::ObjectList, "The teams (at least one).");
            t.object = &team;
            t.max_items = Limits::max_teams;
            auto& v = b.add("ventures", T::ObjectList, "The teams' ventures.", "none");
            v.object = &venture;
            v.max_items = Limits::max_ventures;
            b.add("commons", T::Object, "Where finished stones mingle and graduate.").object = &commons;
            b.add("events", T::ObjectList, "Scheduled changes.", "none").object = &event;
            b.add("what_if", T::ObjectList, "Named what-if variants, compared by `orgforces whatif`.", "none").object =
                &variant;
            b.add("causal", T::ObjectList, "Links added to the causal graph.", "none").object = &causal;
            b.add("uncertain", T::Priors,
                  "Parameter path -> prior distribution (see `orgforces params`): drawn by `--uncertain`, varied by "
                  "`orgforces sensitivity`, fitted by `orgforces calibrate`.",
                  "none")
                .object = &distribution;
            b.add("classic", T::Enum,
                  "Instead of an organization, run a bundled classic model (the rest of the file holds its "
                  "parameters).")
                .choices = {"march1991"};
        }
        {
            Builder b{dimension};
            b.required("name", T::Name, "Name used as key in targets, intents and needs.");
            b.add("low", T::String, "What 0 means.", "low");
            b.add("high", T::String, "What 1 means.", "high");
        }
        {
            Builder b{organization};
            b.add("name", T::String, "Name of the organization.");
            auto& u = b.add("units", T::ObjectList, "Units, a tree through `parent`.", "none");
            u.object = &unit;
            b.add("baseline", T::DimensionMap,
                  "Default practice on dimensions no gravity force targets; missing dimensions are 0.5.", "0.5", 0, 1);
            auto& m = b.add("idea_mix", T::NumberMap,
                            "Relative frequency of each idea kind; its keys are the idea kinds stones and filters "
                            "may name.",
                            "engineering: 0.7, design: 0.1, social: 0.1, research: 0.1", 0, 1000);
            m.keyed_by = "idea kind";
            b.add("idea_rate", T::Real, "Ideas per person per tick at full exploration practice.", "0.05", 0, 100);
            b.add("peer_conformity", T::Real, "Pull of each person toward the team's mean practice per tick.", "0.05",
                  0, 1);
            b.add("network_influence", T::Real,
                  "Pull of a team toward linked teams' mean practice per tick, per unit of link weight.", "0.02", 0, 1);
            b.add("noise", T::Real, "Standard deviation of per-tick practice noise.", "0.01", 0, 0.5);
            b.add("friction_capacity_cost", T::Real, "Capacity lost per unit of friction (capacity = 1 - cost * friction).",
                  "0.5", 0, 1);
            b.add("friction_attrition", T::Real, "Extra leave probability per tick per unit of friction.", "0.01", 0, 1);
            b.add("intent_erosion", T::Real, "Rate at which leaders' intent drifts toward the team's practice.", "0", 0,
                  1);
            b.add("friction_scale", T::Real,
                  "Gravity's pull on a team (strength times gap, per tick) at which friction reaches 1 - 1/e.", "0.02",
                  0.0001, 1);
            b.add("leader_wear", T::Real, "Rate at which leaders' wear follows the load they absorb by shielding.",
                  "0.02", 0, 1);
        }
        {
            Builder b{unit};
            b.required("name", T::Name, "Unit name.");
            b.add("parent", T::Name, "Enclosing unit.", "none (a root unit)");
        }
        {
            Builder b{gravity};
            b.required("name", T::Name, "Force name (unique among gravity and water forces).");
            b.add("description", T::String, "What the force is, in the organization's words.");
            b.add("enabled", T::Bool, "Whether the force acts.", "true");
            b.required("target", T::DimensionMap, "Practice the force pulls toward, on the dimensions it names.", 0, 1);
            b.required("strength", T::Real, "Share of the gap to the target closed per tick.", 0, 1);
            b.add("reach", T::Reach, "Which teams it acts on: `everyone` or a map.", "everyone").object = &reach;
            b.add("schedule", T::Object, "Pulses such as planning weeks.", "constant").object = &schedule;
            b.add("reviews", T::ObjectList, "Periodic reviews of the reached teams' ventures.", "none").object = &review;
        }
        {
            Builder b{reach};
            b.add("everyone", T::Bool, "Start from every team.", "true unless units or teams are listed");
            b.add("units", T::NameList, "Units reached, with their sub-units.", "none");
            b.add("teams", T::NameList, "Teams reached.", "none");
            b.add("exclude_units", T::NameList, "Units (with sub-units) left out.", "none");
            b.add("exclude_teams", T::NameList, "Teams left out.", "none");
        }
        {
            Builder b{schedule};
            b.add("every", T::Integer, "Pulse period in ticks (0 = constant).", "0", 0, Limits::max_horizon);
            b.add("duration", T::Integer, "Pulse length in ticks.", "0", 0, Limits::max_horizon);
            b.add("offset", T::Integer, "Tick the first pulse starts.", "0", 0, Limits::max_horizon);
            b.add("multiplier", T::Real, "Strength factor during a pulse.", "1", 0, 100);
            b.add("between", T::Real, "Strength factor outside pulses.", "1", 0, 100);
            b.add("start", T::Integer, "First tick the force acts.", "0", 0, Limits::max_horizon);
            b.add("end", T::Integer, "Last tick it acts (-1 = until the horizon).", "-1", -1, Limits::max_horizon);
        }
        {
            Builder b{review};
            b.add("every", T::Integer, "Ticks between reviews.", "13", 1, Limits::max_horizon);
            b.add("offset", T::Integer, "Tick of the first review (0 = first at `every`).", "0", 0, Limits::max_horizon);
            b.add("harshness", T::Real, "Kill probability per unit of shortfall of legible progress.", "0.5", 0, 1);
            b.add("reach", T::Reach,
                  "Which of the force's teams this review looks at: `everyone` or a map (exclusions exempt a team).",
                  "everyone the force reaches")
                .object = &reach;
        }
        {
            Builder b{water};
            b.required("name", T::Name, "Force name (unique among gravity and water forces).");
            b.add("description", T::String, "The assumption, in the organization's words.");
            b.add("enabled", T::Bool, "Whether the force acts.", "true");
            b.add("prevalence", T::Real, "Level in the surrounding organization; inside hires bring it.", "0.5", 0, 1);
            b.add("initial_code", T::Real, "Level of the culture's code from tick 0 (an event declares a new one).",
                  "prevalence", 0, 1);
            b.add("socialization", T::Real, "Rate per tick at which people move toward the code as it is held.", "0.05",
                  0, 1);
            b.add("depth", T::Real,
                  "How entrenched the assumption is: ticks for the code as held to follow half of a move of the code "
                  "(0 = at once).",
                  "0", 0, Limits::max_horizon);
            b.add("code_learning", T::Real, "Rate at which the code moves toward better-performing teams.", "0", 0, 1);
            b.add("leans", T::DimensionMap, "Practice the assumption tacitly favours.", "none", 0, 1);
            b.add("lean_weight", T::Real, "Weight of the tacit pull toward `leans` at full level.", "0", 0, 1);
            auto& fl = b.add("filters", T::NumberMap, "Idea kind -> probability of dismissing such an idea at full level.",
                             "none", 0, 1);
            fl.keyed_by = "idea kind";
            b.add("reach", T::Reach,
                  "Which teams hold the assumption: `everyone` or a map. Outside it people hold none of it: it "
                  "neither filters, leans nor socializes there, and hires bring none.",
                  "everyone")
                .object = &reach;
            auto& up = b.add("unit_prevalence", T::NumberMap,
                             "Unit -> level of the assumption in that unit and its sub-units (a subculture): inside "
                             "hires there bring it, its people start at it, and the code as held there keeps this "
                             "distance from the organization's.",
                             "prevalence everywhere", 0, 1);
            up.keyed_by = "unit";
        }
        {
            Builder b{team};
            b.required("name", T::Name, "Team name.");
            b.required("unit", T::Name, "Unit the team belongs to.");
            b.add("description", T::String, "What the team is for.");
            b.required("size", T::Integer, "Headcount at tick 0 (0: empty until a split or a size event fills it).", 0,
                       Limits::max_team_size);
            b.add("intent", T::DimensionMap, "What its leaders want it to be; missing dimensions take the baseline.",
                  "baseline", 0, 1);
            b.add("initial_practice", T::DimensionMap, "Where its people start; missing dimensions take the intent.",
                  "intent", 0, 1);
            b.add("initial_spread", T::Real, "Standard deviation of people around the start.", "0.05", 0, 0.5);
            auto& a = b.add("initial_assumptions", T::NumberMap, "Water force -> starting assumption level.",
                            "each force's prevalence", 0, 1);
            a.keyed_by = "water force";
            b.add("leadership", T::Real, "Pull toward intent per tick.", "0.05", 0, 1);
            b.add("shielding", T::Real, "Share of gravity its leaders keep off the team.", "0", 0, 1);
            b.add("attrition", T::Real, "Base probability per tick that a person leaves.", "0.003", 0, 1);
            b.add("peer_conformity", T::Real, "Overrides the organization's peer conformity.", "organization's", 0, 1);
            b.add("hiring", T::Object, "How leavers are replaced.").object = &hiring;
            auto& l = b.add("links", T::LinkMap, "Collaboration links: team name -> weight.", "none", 0, 1);
            l.keyed_by = "team";
            b.add("tripwire", T::Object, "Watch noisy counts of open sub-problems; frame ventures whose count keeps growing.", "none").object =
                &tripwire;
        }
        {
            Builder b{hiring};
            b.add("replace_leavers", T::Bool, "Whether leavers are replaced.", "true");
            b.add("growth", T::Real, "Net hires per tick beyond replacement (may be negative).", "0", -100, 100);
            b.add("external_fraction", T::Real, "Share of hires from outside the organization.", "0.2", 0, 1);
            b.add("selectivity", T::Real,
                  "How strongly hiring picks candidates who share the organization's assumptions: the share of the "
                  "gap between a candidate's assumption levels and the culture's code that selection closes.",
                  "0", 0, 1);
            b.add("external_practice", T::DimensionMap, "Practice of outside hires; missing dimensions take the intent.",
                  "intent", 0, 1);
            auto& a = b.add("external_assumptions", T::NumberMap, "Water force -> assumption level of outside hires.",
                            "0", 0, 1);
            a.keyed_by = "water force";
        }
        {
            Builder b{tripwire};
            b.add("window", T::Integer, "Ticks over which growth of the counted open sub-problems is measured.", "8", 1, 10000);
            b.add("growth", T::Real, "Growth factor over the window that trips it (low: sooner, more false alarms).", "3", 1, 1000);
            b.add("framing_ticks", T::Integer, "Length of the framing phase after it trips (no work; a false alarm loses it).", "6", 0, 10000);
        }
        {
            Builder b{venture};
            b.required("name", T::Name, "Venture name.");
            b.required("team", T::Name, "Team that runs it.");
            b.add("description", T::String, "What it tries to achieve.");
            b.add("needs", T::DimensionMap, "Minimum practice levels the work requires.", "none", 0, 1);
            b.add("class", T::Enum, "True problem class: " + classes_doc + ".", "solvable").choices = {
                "solved", "solvable", "unsolvable"};
            b.add("perceived_class", T::Enum, "The class the team believes it has.", "class").choices = {
                "solved", "solvable", "unsolvable"};
            b.add("value", T::Real, "Value realized on success.", "1", 0, 1e9);
            b.add("start", T::Integer, "Tick the venture starts.", "0", 0, Limits::max_horizon);
            b.add("planned_ticks", T::Integer, "Reviews expect linear progress over this time.", "52", 1,
                  Limits::max_horizon);
            b.add("velocity", T::Real, "Work per person per tick at full capacity, fit and idea supply.", "1", 0, 1000);
            b.add("base_hazard", T::Real, "Failure probability per tick from circumstances.", "0.002", 0, 1);
            b.add("misfit_hazard", T::Real, "Failure probability per tick per unit of (1 - fit).", "0.02", 0, 1);
            b.add("fit_tolerance", T::Real, "How far practice may fall below needs before fit drops (tau).", "0.2",
                  0.001, 10);
            b.add("rework_probability", T::Real, "Solvable taken as solved: chance a done stone is found wrong.", "0.3",
                  0, 1);
            b.add("spiral_rate", T::Real, "Unsolvable: sub-problems opened per unit of work.", "0.3", 0, 100);
            b.add("shocks", T::ObjectList, "Scheduled external blows.", "none").object = &shock;
            auto& s = b.add("stones", T::ObjectList, "Stepping stones, a DAG through `depends`.",
                            "one stone holding all the effort");
            s.object = &stone;
            s.max_items = Limits::max_stones;
            b.add("benefits", T::ObjectList, "Secondary benefits.", "none").object = &benefit;
            b.add("framed_into", T::NameList, "Unsolvable: the solvable sub-problems its framing starts (it is never solved itself).", "none");
            b.add("dormant", T::Bool, "Starts only when another venture frames into it.", "false");
        }
        {
            Builder b{stone};
            b.required("name", T::Name, "Stone name (unique within the venture).");
            b.add("kind", T::Name, "Idea kind whose surviving supply speeds the work.", "engineering");
            b.add("effort", T::Real, "Person-ticks of full-capacity work.", "1", 0.001, 1e9);
            b.add("value", T::Real, "Standalone value if the venture fails.", "0", 0, 1e9);
            b.add("legibility", T::Real, "How visible its progress is to reviews.", "0.5", 0, 1);
            b.add("depends", T::NameList, "Stones of the same venture that must be done first.", "none");
            b.add("provides", T::Name, "What it offers the commons; ventures reuse stones that provide the same.",
                  "its name");
        }
        {
            Builder b{benefit};
            b.required("name", T::Name, "Benefit name.");
            b.add("value", T::Real, "Value it yields.", "0", 0, 1e9);
            b.add("independence", T::Real, "Probability it survives the primary goal's failure.", "0.5", 0, 1);
            b.add("requires", T::NameList, "Stones that must be done for it to survive.", "none");
            b.add("effort", T::Real, "Person-ticks of work after promotion before its first value.",
                  "a quarter of the venture's stone effort", 0, 1e9);
        }
        {
            Builder b{shock};
            b.required("tick", T::Integer, "When it hits.", 0, Limits::max_horizon);
            b.add("hazard", T::Real, "Extra failure probability at that tick.", "0.1", 0, 1);
        }
        {
            Builder b{commons};
            b.add("mingling", T::Real, "Per-tick probability a venture picks up a matching finished stone.", "0.1", 0, 1);
            b.add("graduation", T::Integer, "Reuses that make a stone part of core.", "3", 1, 1000);
        }
        {
            Builder b{event};
            b.required("tick", T::Integer, "When it applies.", 0, Limits::max_horizon);
            b.add("label", T::String, "What happens, for reports.");
            b.add("set", T::Assignments,
                  "Parameter path -> value (see `orgforces params`); `teams.NAME.size` sets the headcount.", "none");
            b.add("move", T::Object, "A reorganization: the team belongs to another unit from this tick.", "none")
                .object = &move;
            b.add("replace_leader", T::Object, "The team's leader replaced: new leadership and intent.", "none")
                .object = &leader;
            b.add("layoff", T::Enum,
                  "Who leaves where `set` cuts a team's size (conformity: nearness to the team's mean practice).",
                  "random")
                .choices = {"random", "newest", "most-conforming", "least-conforming"};
            b.add("merge", T::Object, "Teams merged: the people of the others join `into`; the others stay empty.", "none")
                .object = &merge;
            b.add("split", T::Object, "People of a team moved to a team declared empty until then.", "none").object = &split;
        }
        {
            Builder b{merge};
            b.required("teams", T::NameList, "The teams merged (`into` may be among them).");
            b.required("into", T::Name, "The team that takes their people and keeps its unit, leadership and intent.");
        }
        {
            Builder b{split};
            b.required("team", T::Name, "The team people leave.");
            b.required("into", T::Name, "The team they join: declared with size 0 and empty until this tick.");
            b.required("size", T::Integer, "How many people move.", 1, Limits::max_team_size);
            b.add("who", T::Enum, "Who moves, chosen as a layoff chooses who leaves.", "random").choices = {
                "random", "newest", "most-conforming", "least-conforming"};
        }
        {
            Builder b{move};
            b.required("team", T::Name, "The team that moves.");
            b.required("to", T::Name, "The unit it belongs to from the event's tick.");
        }
        {
            Builder b{leader};
            b.required("team", T::Name, "The team whose leader is replaced.");
            b.add("leadership", T::Real, "The new leader's pull toward intent per tick.", "the team's before", 0, 1);
            b.add("intent", T::DimensionMap, "What the new leader wants, on the dimensions it names.",
                  "the intent before", 0, 1);
            b.add("interim", T::Integer, "Ticks of weaker leadership before the new leader is in full.", "0", 0,
                  Limits::max_horizon);
            b.add("interim_leadership", T::Real, "Leadership during the interim.", "0", 0, 1);
        }
        {
            Builder b{variant};
            b.required("name", T::Name, "Variant name.");
            b.add("description", T::String, "What the policy is.");
            b.add("set", T::Assignments, "Parameter path -> value (see `orgforces params`).", "none");
            b.add("events", T::ObjectList, "Events of this what-if, added to the scenario's.", "none").object = &event;
        }
        {
            Builder b{causal};
            b.required("from", T::String, "Cause: a node of the causal graph.");
            b.required("to", T::String, "Effect: a node of the causal graph.");
            b.add("weight", T::Real, "Signed strength: negative weakens `to` when `from` grows.", "0.5", -10, 10);
        }
        {
            Builder b{distribution};
            b.required("dist", T::Enum, "The distribution's family.").choices = {"uniform", "log_uniform", "triangular",
                                                                               "normal", "beta"};
            b.add("lo", T::Real, "Lower end of the support (log_uniform: above 0).", "the parameter's minimum");
            b.add("hi", T::Real, "Upper end of the support.", "the parameter's maximum");
            b.add("mode", T::Real, "Most likely value (triangular; required there).");
            b.add("mean", T::Real, "Mean before truncation (normal; required there).");
            b.add("sd", T::Real, "Standard deviation before truncation (normal; required there).", {}, 0, inf);
            b.add("alpha", T::Real, "First shape parameter (beta; required there).", {}, 0, inf);
            b.add("beta", T::Real, "Second shape parameter (beta; required there).", {}, 0, inf);
        }
    }

    const ObjectSpec* all[25] = {&scenario, &dimension, &organization, &unit,   &gravity,  &reach,   &schedule,
                                 &review,   &water,     &team,         &hiring, &tripwire, &venture, &stone,
                                 &benefit,  &shock,     &commons,      &event,  &move,     &leader,  &merge,
                                 &split,    &variant,   &causal,       &distribution};
};

const Specs& specs() {
    static const Specs s;
    return s;
}

const char* type_word(const FieldSpec& s) {
    switch (s.type) {
        case FieldType::String: return "text";
        case FieldType::Name: return "name";
        case FieldType::Real: return "number";
        case FieldType::Integer: return "integer";
        case FieldType::Bool: return "boolean";
        case FieldType::Enum: return "one of";
        case FieldType::Object: return "map";
        case FieldType::ObjectList: return "list of maps";
        case FieldType::NameList: return "list of names";
        case FieldType::DimensionMap: return "map dimension → number";
        case FieldType::NumberMap: return "map → number";
        case FieldType::LinkMap: return "map team → weight";
        case FieldType::Reach: return "`everyone` or map";
        case FieldType::Assignments: return "map path → value";
        case FieldType::Priors: return "map path → distribution";
    }
    return "?";
}

std::string number_text(double v) {
    if (std::isinf(v)) return v > 0 ? "∞" : "-∞";
    if (std::floor(v) == v && std::fabs(v) < 1e16) return std::to_string(static_cast<long long>(v));
    std::ostringstream out;
    out << v;
    return out.str();
}

bool has_range(const FieldSpec& s) { return !std::isinf(s.min) || !std::isinf(s.max); }

nlohmann::json number_schema(const FieldSpec& s, bool integer) {
    nlohmann::json j{{"type", integer ? "integer" : "number"}};
    if (!std::isinf(s.min)) j["minimum"] = s.min;
    if (!std::isinf(s.max)) j["maximum"] = s.max;
    return j;
}

const std::string kNamePattern = "^[A-Za-z0-9][A-Za-z0-9_-]*$";

nlohmann::json object_schema(const ObjectSpec& o);

nlohmann::json field_schema(const FieldSpec& s) {
    nlohmann::json j;
    switch (s.type) {
        case FieldType::String: j = {{"type", "string"}}; break;
        case FieldType::Name: j = {{"type", "string"}, {"pattern", kNamePattern}}; break;
        case FieldType::Real: j = number_schema(s, false); break;
        case FieldType::Integer: j = number_schema(s, true); break;
        case FieldType::Bool: j = {{"type", "boolean"}}; break;
        case FieldType::Enum: j = {{"enum", s.choices}}; break;
        case FieldType::Object: j = object_schema(*s.object); break;
        case FieldType::ObjectList: j = {{"type", "array"}, {"items", object_schema(*s.object)}}; break;
        case FieldType::NameList:
            j = {{"type", "array"}, {"items", {{"type", "string"}, {"pattern", kNamePattern}}}};
            break;
        case FieldType::DimensionMap:
        case FieldType::NumberMap:
        case FieldType::LinkMap:
            j = {{"type", "object"},
                 {"propertyNames", {{"pattern", kNamePattern}}},
                 {"additionalProperties", number_schema(s, false)}};
            break;
        case FieldType::Reach:
            j = {{"oneOf", nlohmann::json::array({{{"const", "everyone"}}, object_schema(*s.object)})}};
            break;
        case FieldType::Assignments:
            j = {{"type", "object"},
                 {"additionalProperties",
                  {{"oneOf", nlohmann::json::array({{{"type", "number"}},
                                                    {{"type", "boolean"}},
                                                    {{"enum", {"on", "off", "true", "false", "yes", "no"}}}})}}}};
            break;
        case FieldType::Priors:
            j = {{"type", "object"}, {"additionalProperties", object_schema(*s.object)}};
            break;
    }
    if (s.max_items > 0) {
        if (s.type == FieldType::ObjectList || s.type == FieldType::NameList) j["maxItems"] = s.max_items;
    }
    j["description"] = s.description + (s.default_text.empty() ? "" : " Default: " + s.default_text + ".");
    return j;
}

nlohmann::json object_schema(const ObjectSpec& o) {
    nlohmann::json props = nlohmann::json::object();
    nlohmann::json required = nlohmann::json::array();
    for (const auto& s : o.fields) {
        props[s.key] = field_schema(s);
        if (s.required) required.push_back(s.key);
    }
    nlohmann::json j{{"type", "object"}, {"description", o.description}, {"properties", props},
                     {"additionalProperties", false}};
    if (!required.empty()) j["required"] = required;
    return j;
}

}  // namespace

const FieldSpec* ObjectSpec::field(std::string_view key) const {
    for (const auto& s : fields)
        if (s.key == key) return &s;
    return nullptr;
}

const FieldSpec& ObjectSpec::at(std::string_view key) const {
    if (const auto* s = field(key)) return *s;
    throw std::logic_error("scenario format: '" + name + "' has no key '" + std::string(key) + "'");
}

std::vector<std::string> ObjectSpec::keys() const {
    std::vector<std::string> out;
    for (const auto& s : fields) out.push_back(s.key);
    return out;
}

const ObjectSpec& scenario_spec() { return specs().scenario; }

const ObjectSpec& object_spec(std::string_view name) {
    for (const auto* o : specs().all)
        if (o->name == name) return *o;
    throw std::logic_error("scenario format: no part named '" + std::string(name) + "'");
}

std::string json_schema() {
    const auto& top = scenario_spec();
    // A classic model file holds the classic's own parameters, checked by its loader.
    nlohmann::json classic = {{"type", "object"}, {"properties", {{"classic", field_schema(top.at("classic"))}}}};
    nlohmann::json j = {{"$schema", "http://json-schema.org/draft-07/schema#"},
                        {"$id", "https://orgforces.dev/schema/scenario.json"},
                        {"title", "orgforces scenario"},
                        {"description", "A scenario file of orgforces (generated by `orgforces schema`)."},
                        {"if", {{"type", "object"}, {"required", {"classic"}}}},
                        {"then", classic},
                        {"else", object_schema(top)}};
    return j.dump(2) + "\n";
}

std::string markdown_reference() {
    std::ostringstream out;
    for (const auto* o : specs().all) {
        out << "### `" << o->name << "`\n\n" << o->description << "\n\n";
        out << "| key | type | range | default | meaning |\n| --- | --- | --- | --- | --- |\n";
        for (const auto& s : o->fields) {
            std::string type = type_word(s);
            if (s.type == FieldType::Enum) {
                type += " ";
                for (std::size_t i = 0; i < s.choices.size(); ++i) type += (i ? ", `" : "`") + s.choices[i] + "`";
            }
            if (s.object && s.type != FieldType::Reach) type += " (`" + s.object->name + "`)";
            if (s.type == FieldType::Reach) type += " (`reach`)";
            if (!s.keyed_by.empty()) type = "map " + s.keyed_by + " → number";
            std::string r = has_range(s) ? "[" + number_text(s.min) + ", " + number_text(s.max) + "]" : "";
            if (s.max_items > 0) r += (r.empty() ? "" : " ") + std::string("at most ") + std::to_string(s.max_items);
            const std::string def = s.required ? "**required**" : s.default_text;
            out << "| `" << s.key << "` | " << type << " | " << r << " | " << def << " | " << s.description << " |\n";
        }
        out << "\n";
    }
    return out.str();
}

}  // namespace orgforces::model
