#pragma once
// The causal graph of a scenario (docs/surfacing.md#the-causal-graph-loops-and-leverage): forces -> practice -> friction, capacity, fit and
// idea supply -> venture hazard and progress -> outcomes, with signed weights from a linearization
// of the mechanisms around their mean-field equilibrium, plus the scenario's own `causal` links.
// Feedback loops are enumerated and labelled; leverage points are ranked by their total effect on
// chosen outcomes, (I - W)^-1, which is only meaningful while the spectral radius of W is below 1.
//
// Weight convention: an edge u -> v with weight w says "a unit rise of u, other causes held, moves
// the equilibrium of v by w units". Node units: forces are on/off levels (1 = as the scenario sets
// it, 0 = absent); practice, assumptions, fit, supply and P(success) lie in [0,1]; friction is in
// squared practice units; attrition and hazard are per tick; progress is effort per tick; value is
// in the scenario's value units. docs/surfacing.md documents every formula.

#include <cstddef>
#include <string>
#include <vector>

#include "model/scenario.hpp"

namespace orgforces::model {

enum class CausalKind {
    Gravity, Water, Practice, Friction, Capacity, Attrition, Hiring, Assumption, IdeaSupply,
    Fit, Hazard, Progress, Outcome, Qualitative
};

/// One node: `id` is unique and stable (e.g. "practice:frontier:horizon"); `label` is for people.
struct CausalNode {
    std::string id;
    std::string label;
    CausalKind kind = CausalKind::Qualitative;
    /// The node's equilibrium level (1 for forces and qualitative nodes): leverage compares
    /// proportional pushes, so a per-tick rate and a practice level rank on one scale.
    double level = 1.0;
};

/// A signed, weighted link; `why` names the mechanism (or "scenario" for a user's link).
struct CausalEdge {
    int from = 0;
    int to = 0;
    double weight = 0.0;
    std::string why;
};

/// A directed graph of named nodes; parallel edges between the same pair are summed.
class CausalGraph {
public:
    /// Index of the node with `id`, adding it (with `label` and `kind`) if missing.
    int add_node(const std::string& id, const std::string& label, CausalKind kind);
    /// Adds `weight` to the edge from -> to (creating it); zero weights and self-loops are dropped.
    void add_edge(int from, int to, double weight, const std::string& why);
    /// Index of the node with `id`, or -1.
    int find(const std::string& id) const;
    /// Records the equilibrium level of node `n`.
    void set_level(int n, double level) { nodes_[static_cast<std::size_t>(n)].level = level; }

    const std::vector<CausalNode>& nodes() const { return nodes_; }
    const std::vector<CausalEdge>& edges() const { return edges_; }

private:
    std::vector<CausalNode> nodes_;
    std::vector<CausalEdge> edges_;
};

/// The causal graph of `s`, linearized around its mean-field equilibrium (docs/surfacing.md).
/// Focal teams (those with ventures; all teams when none has one) get practice nodes per dimension.
CausalGraph build_causal_graph(const Scenario& s);

/// The mean-field equilibrium practice of every team ([team][dimension]) that the graph is
/// linearized around: all pulls balanced, turnover at the rate friction implies, schedules averaged.
std::vector<std::vector<double>> equilibrium_practice(const Scenario& s);

/// Default outcomes of `g`: every node of kind Outcome (drift, P(success), expected value).
std::vector<int> default_outcomes(const CausalGraph& g);

/// An elementary cycle: nodes in order (the edge back to the first closes it).
struct FeedbackLoop {
    std::vector<int> nodes;
    double gain = 0.0;          ///< product of the edge weights around the loop
    bool reinforcing = false;   ///< gain > 0; balancing otherwise
};

struct LoopSearch {
    std::vector<FeedbackLoop> loops;   ///< shortest first, then by |gain|
    bool truncated = false;            ///< the cap stopped the search: more loops exist
    std::size_t cap = 0;
};

/// Elementary feedback loops of `g` (Johnson-style search inside strongly connected components),
/// stopping after `max_loops` loops or `max_steps` search steps.
LoopSearch find_loops(const CausalGraph& g, std::size_t max_loops = 200,
                      std::size_t max_steps = 2'000'000);

/// One node's total effect on the outcomes when its level rises by 10%: effect[k] on outcomes[k]
/// = 0.1 * level * T[outcome][node]; relative[k] = |effect[k]| / the largest on that outcome;
/// score = sum of relative.
struct LeverPoint {
    int node = 0;
    std::vector<double> effect;
    std::vector<double> relative;
    double score = 0.0;
};

struct LeverageAnalysis {
    double spectral_radius = 0.0;      ///< of W; the analysis is valid only when < 1
    bool valid = false;
    std::string note;                  ///< why it is not valid, when it is not
    std::vector<int> outcomes;
    std::vector<LeverPoint> ranking;   ///< every non-outcome node with a nonzero effect, best first
};

/// Total effects (I - W)^-1 of every node on `outcomes` (W[to][from] = weight), ranked.
/// When the spectral radius is >= 1 the equilibrium is unstable: `valid` is false, no ranking.
LeverageAnalysis leverage(const CausalGraph& g, const std::vector<int>& outcomes);

/// The dense total-effect matrix T = (I - W)^-1, T[v][u] = effect of u on v (row-major, n x n);
/// empty when I - W is singular.
std::vector<double> total_effects(const CausalGraph& g);

/// Graphviz DOT text of `g`: solid edges raise their target, dashed edges lower it; nodes on
/// `loops` and the top `highlight` leverage points are emphasized when given.
std::string to_dot(const CausalGraph& g, const LoopSearch* loops = nullptr,
                   const LeverageAnalysis* lev = nullptr, std::size_t highlight = 5);

/// "a -> b -> c -> a" with the nodes' labels, for text output.
std::string describe(const CausalGraph& g, const FeedbackLoop& loop);

const char* to_string(CausalKind k);

}  // namespace orgforces::model
