#pragma once
// The scenario as data: an organization, its forces, teams, ventures and events.
//
// A Scenario is produced by the loader (model/loader.hpp), validated, and then never changed:
// a what-if is a new Scenario made by model::apply_overrides (model/registry.hpp). Names refer to
// each other by string here; the engine (sim/) compiles them into index arrays once.
//
// Sections: [positions] [practice space] [organization] [gravity] [water] [teams]
//           [ventures] [events and variants] [uncertain parameters] [causal links] [scenario]

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/march1991.hpp"

namespace orgforces::model {

// [positions] ---------------------------------------------------------------------------------

/// Where a value came from in the scenario file: 1-based line and column (0 = unknown).
struct SourcePos {
    std::string file;
    int line = 0;
    int column = 0;
};

// [practice space] ----------------------------------------------------------------------------

/// One practice dimension in [0,1]; `low` and `high` say what 0 and 1 mean.
struct Dimension {
    std::string name;
    std::string low;
    std::string high;
};

/// A vector over some practice dimensions: entry d is empty where the dimension is not named.
using PartialVector = std::vector<std::optional<double>>;

// [organization] ------------------------------------------------------------------------------

/// A unit of the organization tree; `parent` is empty for a root unit.
struct Unit {
    std::string name;
    std::string parent;
    SourcePos pos;
};

/// Organization-wide rates shared by every team unless a team overrides them.
struct Organization {
    std::string name;
    std::vector<Unit> units;
    /// Environment practice on dimensions no gravity force targets (size D).
    std::vector<double> baseline;
    /// Relative frequency of each idea kind among ideas produced (kind -> weight).
    std::map<std::string, double> idea_mix;
    double idea_rate = 0.05;          ///< ideas per person per tick at full exploration practice
    double peer_conformity = 0.05;    ///< mu: pull of each person toward the team mean
    double network_influence = 0.02;  ///< beta scale: pull of a team toward linked teams' means
    double noise = 0.01;              ///< sigma: per-tick practice noise (standard deviation)
    double friction_capacity_cost = 0.5;   ///< phi: capacity = max(0, 1 - phi * friction)
    double friction_attrition = 0.01;      ///< eta: extra leave hazard per unit of friction
    double intent_erosion = 0.0;           ///< epsilon: leaders' intent drifts toward practice
    double friction_scale = 0.02;          ///< kappa: pressure at which friction reaches 1 - 1/e
    double leader_wear = 0.02;             ///< rho: rate at which leaders' wear follows their load
};

// [gravity] -----------------------------------------------------------------------------------

/// Which teams a force acts on: everyone, or named units (with their sub-units) and teams.
struct Reach {
    bool everyone = true;
    std::vector<std::string> units;
    std::vector<std::string> teams;
    std::vector<std::string> exclude_units;
    std::vector<std::string> exclude_teams;
};

/// When a force acts and how hard: strength * multiplier during pulses, between start and end.
struct Schedule {
    int every = 0;            ///< pulse period in ticks (0 = constant)
    int duration = 0;         ///< pulse length in ticks
    int offset = 0;           ///< first pulse starts at this tick
    double multiplier = 1.0;  ///< strength factor during a pulse
    double between = 1.0;     ///< strength factor outside pulses
    int start = 0;            ///< first tick the force acts
    int end = -1;             ///< last tick it acts (-1 = until the horizon)
};

/// A periodic review of ventures by an incentive force: it sees only legible progress.
struct Review {
    int every = 13;           ///< ticks between reviews
    int offset = 0;           ///< tick of the first review (0 = first at `every`)
    double harshness = 0.5;   ///< kill probability per unit of shortfall
    Reach reach;              ///< teams it reviews, among those the force reaches (default: all of them)
};

/// Structure and incentives: explicit pulls on practice toward a target.
struct GravityForce {
    std::string name;
    std::string description;
    bool enabled = true;
    PartialVector target;     ///< size D
    double strength = 0.0;    ///< k: share of the gap closed per tick
    Reach reach;
    Schedule schedule;
    std::vector<Review> reviews;
    SourcePos pos;
};

// [water] -------------------------------------------------------------------------------------

/// A cultural assumption held to a degree by each person; acts through leans and idea filters.
struct WaterForce {
    std::string name;
    std::string description;
    bool enabled = true;
    double prevalence = 0.5;      ///< level in the surrounding organization (inside hires bring it)
    std::optional<double> initial_code;  ///< level of the code from tick 0, or from an event (default: prevalence)
    double socialization = 0.05;  ///< rate at which people move toward the held code (March's p1)
    double depth = 0.0;           ///< entrenchment: ticks for the held code to follow half of a move of the code
    double code_learning = 0.0;   ///< code's rate toward better-performing teams (March's p2)
    PartialVector leans;          ///< practice the assumption tacitly favours (size D)
    double lean_weight = 0.0;     ///< omega
    std::map<std::string, double> filters;  ///< idea kind -> dismissal probability at full level
    Reach reach;                  ///< teams that hold it; outside it people hold none of it
    /// Unit -> level of the assumption there (with its sub-units); the code held in that unit
    /// stays this far from the organization's code, and inside hires there bring it.
    std::map<std::string, double> unit_prevalence;
    SourcePos pos;
};

// [teams] -------------------------------------------------------------------------------------

/// How a team replaces the people who leave.
struct Hiring {
    bool replace_leavers = true;
    double growth = 0.0;                ///< net hires per tick beyond replacement (may be negative)
    double external_fraction = 0.2;     ///< share of hires from outside the organization
    double selectivity = 0.0;           ///< share of a candidate's gap to the code that selection closes
    std::vector<double> external_practice;     ///< size D, or empty: outside hires arrive at intent
    std::vector<double> external_assumptions;  ///< size W (water forces), or empty: all 0
};

/// Reclassifies a venture when its open sub-problems keep growing.
struct Tripwire {
    int window = 8;            ///< ticks over which growth is measured
    double growth = 3.0;       ///< open sub-problems must grow by this factor over the window (1.5 is a hair trigger on noisy counts)
    int framing_ticks = 6;     ///< length of the framing phase after it trips
};

/// A weighted collaboration link to another team.
struct TeamLink {
    std::string team;
    double weight = 1.0;
    SourcePos pos;
};

/// Who leaves when an event cuts a team's size (`layoff:`).
enum class LayoffPolicy {
    Random,           ///< anyone, at random
    Newest,           ///< the most recently hired first
    MostConforming,   ///< those nearest the team's mean practice first
    LeastConforming,  ///< those farthest from it first
};

struct Team {
    std::string name;
    std::string unit;
    std::string description;
    int size = 10;
    std::vector<double> intent;                 ///< m, size D
    std::optional<std::vector<double>> initial_practice;  ///< default: intent
    double initial_spread = 0.05;               ///< std. dev. of people around the start
    std::optional<std::vector<double>> initial_assumptions;  ///< size W; default: prevalence
    double leadership = 0.05;                   ///< lambda
    double shielding = 0.0;                     ///< s in [0,1]
    double base_attrition = 0.003;              ///< h0 per tick
    std::optional<double> peer_conformity;      ///< default: organization's
    Hiring hiring;
    std::vector<TeamLink> links;
    std::optional<Tripwire> tripwire;
    SourcePos pos;
    // Set by events only (model::scenario_versions), never by the file:
    int leader_generation = 0;                  ///< leaders replaced so far: a new one starts unworn
    LayoffPolicy layoff = LayoffPolicy::Random; ///< who leaves when an event cuts `size`
    std::string absorbed_into;                  ///< the team a merge gave its people to (empty: none)
};

// [ventures] ----------------------------------------------------------------------------------

enum class ProblemClass { Solved, Solvable, Unsolvable };

/// An intermediate artifact; stones form a DAG through `depends`.
struct SteppingStone {
    std::string name;
    std::string kind;              ///< idea kind whose surviving supply speeds the work
    double effort = 1.0;           ///< person-ticks of full-capacity work (scaled by velocity)
    double value = 0.0;            ///< standalone value if the venture fails
    double legibility = 0.5;       ///< how visible its progress is to reviews, [0,1]
    std::vector<std::string> depends;
    std::string provides;          ///< what it offers the commons (default: its name)
    SourcePos pos;
};

/// Work a promoted benefit needs when the scenario gives no `effort`: this share of the venture's
/// total stone effort (the loader applies it).
inline constexpr double kDefaultBenefitEffortShare = 0.25;

/// A value the venture may yield besides its primary goal.
struct SecondaryBenefit {
    std::string name;
    double value = 0.0;
    double independence = 0.5;     ///< probability it survives the primary's failure
    std::vector<std::string> requires_stones;
    double effort = 0.0;           ///< person-ticks after promotion before its first value
    SourcePos pos;
};

/// A scheduled external blow: extra hazard at a tick.
struct Shock {
    int tick = 0;
    double hazard = 0.1;
};

struct Venture {
    std::string name;
    std::string team;
    std::string description;
    PartialVector needs;                       ///< minimum practice levels (size D)
    ProblemClass problem_class = ProblemClass::Solvable;
    ProblemClass perceived_class = ProblemClass::Solvable;
    double value = 1.0;                        ///< realized on success
    int start = 0;                             ///< tick the venture starts
    int planned_ticks = 52;                    ///< reviews expect linear progress over this time
    double velocity = 1.0;                     ///< work per tick at full capacity, fit and supply
    double base_hazard = 0.002;                ///< circumstances, per tick
    double misfit_hazard = 0.02;               ///< chi: hazard per unit of (1 - fit)
    double fit_tolerance = 0.2;                ///< tau
    double rework_probability = 0.3;           ///< solvable taken as solved: a done stone is wrong
    double spiral_rate = 0.3;                  ///< unsolvable: sub-problems opened per unit of work
    std::vector<Shock> shocks;
    std::vector<SteppingStone> stones;
    std::vector<SecondaryBenefit> benefits;
    std::vector<std::string> framed_into;      ///< ventures started when the trip-wire reframes it
    bool dormant = false;                      ///< starts only when another venture frames into it
    SourcePos pos;
};

/// The organization-wide commons where finished stones mingle.
struct Commons {
    double mingling = 0.1;   ///< per-tick probability a venture picks up a matching stone
    int graduation = 3;      ///< reuses that make a stone part of core
};

// [events and variants] -----------------------------------------------------------------------

/// One registry assignment: `path` names a parameter (model/registry.hpp).
struct Override {
    std::string path;
    double value = 0.0;
    SourcePos pos;
};

/// A reorganization: `team` belongs to `unit` from the event's tick (`move:`).
struct TeamMove {
    std::string team;
    std::string unit;
    SourcePos pos;
};

/// A team's leader replaced (`replace_leader:`): a new leadership and intent, after an interim of
/// weaker leadership; the new leader starts without the old one's wear.
struct LeaderChange {
    std::string team;
    std::optional<double> leadership;   ///< the new leader's (default: the team's before)
    PartialVector intent;               ///< dimensions the new leader wants elsewhere (size D)
    int interim = 0;                    ///< ticks of weaker leadership before the new leader is in full
    double interim_leadership = 0.0;    ///< leadership during the interim
    SourcePos pos;
};

/// Teams merged (`merge:`): the people of `teams` other than `into` join `into`, keeping their
/// practice and culture; the teams it absorbs stay empty, hire no one, and their ventures pass to
/// `into`. The merged team keeps `into`'s unit, leadership, intent, shielding and hiring.
struct TeamMerge {
    std::vector<std::string> teams;
    std::string into;
    SourcePos pos;
};

/// A team split (`split:`): `size` of `team`'s people, chosen as a layoff would choose them, move
/// to `into`, a team declared empty (size 0) until then, whose own settings apply from that tick.
struct TeamSplit {
    std::string team;
    std::string into;
    int size = 0;
    LayoffPolicy who = LayoffPolicy::Random;
    SourcePos pos;
};

/// A scheduled change at `tick`: registry assignments, a team moved to another unit, a leader
/// replaced, teams merged or split; `layoff` says who leaves where it cuts a team's size.
struct Event {
    int tick = 0;
    std::string label;
    std::vector<Override> set;
    SourcePos pos;
    std::optional<TeamMove> move = std::nullopt;
    std::optional<LeaderChange> leader = std::nullopt;
    LayoffPolicy layoff = LayoffPolicy::Random;
    std::optional<TeamMerge> merge = std::nullopt;
    std::optional<TeamSplit> split = std::nullopt;
};

/// A named what-if: registry assignments applied to the whole run, and events of its own added to
/// the scenario's.
struct Variant {
    std::string name;
    std::string description;
    std::vector<Override> set;
    SourcePos pos;
    std::vector<Event> events = {};
};

// [uncertain parameters] ----------------------------------------------------------------------

enum class Distribution { Uniform, LogUniform, Triangular, Normal, Beta };

/// A prior over one registry parameter (`uncertain:`; model/uncertain.hpp). After loading, lo and
/// hi always hold the support (the parameter's own range where the file leaves them out).
struct UncertainParam {
    std::string path;
    Distribution dist = Distribution::Uniform;
    double lo = 0.0, hi = 0.0;       ///< support (a normal is truncated to it, a beta scaled onto it)
    double mode = 0.0;               ///< triangular
    double mean = 0.0, sd = 0.0;     ///< normal
    double alpha = 0.0, beta = 0.0;  ///< beta
    std::vector<std::string> given;  ///< the keys the file wrote
    SourcePos pos;                   ///< of the path
};

// [causal links] ------------------------------------------------------------------------------

/// A qualitative link the user adds to the causal graph (model/causal.hpp).
struct CausalLink {
    std::string from;
    std::string to;
    double weight = 0.5;   ///< signed: negative weakens `to` when `from` grows
    SourcePos pos;
};

// [scenario] ----------------------------------------------------------------------------------

struct Scenario {
    std::string name;
    std::string question;        ///< the user's question, shown at the top of reports
    /// Teams and ventures the question is about (`focus:`); reports, the dashboard and the
    /// command line lead with them.
    std::vector<std::string> focus;
    std::string source_path;     ///< as given to the loader
    std::string source_text;     ///< the exact file contents (stored with every run)

    int horizon = 156;           ///< ticks
    std::string tick_unit = "week";
    std::uint64_t seed = 1;
    int replicates = 100;

    std::vector<Dimension> dimensions;
    Organization organization;
    std::vector<GravityForce> gravity;
    std::vector<WaterForce> water;
    std::vector<Team> teams;
    std::vector<Venture> ventures;
    Commons commons;
    std::vector<Event> events;
    std::vector<Variant> variants;
    std::vector<CausalLink> causal;
    std::vector<UncertainParam> uncertain;   ///< priors, in file order

    /// Set when the file is a bundled classic model instead of an organization (`classic:`).
    std::optional<March1991> classic;

    /// Index of the named team/dimension/force/venture, or -1.
    int team_index(const std::string& name) const;
    int dimension_index(const std::string& name) const;
    int gravity_index(const std::string& name) const;
    int water_index(const std::string& name) const;
    int venture_index(const std::string& name) const;
    /// Total headcount at tick 0.
    int total_people() const;
};

/// The teams the question is about: those `focus` names, then the teams of the ventures it names,
/// without repeats, in that order. Empty without `focus`.
std::vector<std::string> focus_teams(const Scenario& s);

/// The ventures the question is about: those `focus` names, else (when it names only teams) the
/// ventures of those teams, in file order. Empty without `focus`.
std::vector<std::string> focus_ventures(const Scenario& s);

const char* to_string(ProblemClass c);
const char* to_string(LayoffPolicy p);

}  // namespace orgforces::model
