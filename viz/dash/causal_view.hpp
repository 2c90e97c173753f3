#pragma once
// The causal-loop view's data: the variant's signed causal graph, its loops and leverage points,
// and a layered layout of the graph (Graphviz's `dot` where the build has it, else a built-in
// Sugiyama-style layering by mechanism). No ImGui here: label sizes come in through a NodeSizer.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "model/causal.hpp"
#include "model/scenario.hpp"

namespace orgforces::dash {

struct Size2 {
    float w = 0, h = 0;
};
struct Point2 {
    float x = 0, y = 0;
};

/// The pixel size of a node's box with its (wrapped) label.
using NodeSizer = std::function<Size2(const std::string& label)>;

/// Node boxes and edge curves in pixels, origin at the top left, y down.
struct CausalLayout {
    std::vector<Point2> centre;                ///< per node
    std::vector<Size2> size;                   ///< per node (as the sizer gave it)
    std::vector<std::vector<Point2>> curve;    ///< per edge: cubic Bézier points (3k + 1), tail to head
    Size2 extent;                              ///< bounding box of everything
    std::string engine;                        ///< "Graphviz dot" or "built-in layered layout"
    std::string note;                          ///< why the fallback was used ("" = it was not)
};

/// Lays out `g` with Graphviz's dot (when built with it and `use_graphviz`), left to right or top
/// to bottom, whichever fits an area of width/height `aspect` at the larger scale; else with the
/// built-in layering: columns by mechanism, rows ordered by neighbours' barycentres.
CausalLayout layout_causal(const model::CausalGraph& g, const NodeSizer& size, bool use_graphviz = true,
                           float aspect = 1.0f);

/// The built-in layered layout alone (the fallback; also for tests).
CausalLayout layered_layout(const model::CausalGraph& g, const NodeSizer& size);

/// Everything the causal panel draws for one variant.
struct CausalView {
    std::shared_ptr<const model::Scenario> scenario;  ///< the variant it describes
    model::CausalGraph graph;
    model::LoopSearch loops;
    model::LeverageAnalysis lev;
    CausalLayout layout;
    std::string error;                                ///< the analysis failed ("" = fine)
};

/// The view of the current variant, computed again only when the variant, the label metrics
/// (`font_size`) or the area's shape (`aspect`, in tenths) change; keyed by shared ownership of
/// the scenario.
class CausalCache {
public:
    const CausalView& get(const std::shared_ptr<const model::Scenario>& s, float font_size, const NodeSizer& size,
                          float aspect = 1.0f);
    int computations() const { return computations_; }  ///< times the view was computed

private:
    CausalView view_;
    float font_size_ = -1;
    int aspect_tenths_ = -1;
    int computations_ = 0;
};

}  // namespace orgforces::dash
