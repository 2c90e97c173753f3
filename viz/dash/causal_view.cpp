#include "viz/dash/causal_view.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#if ORGFORCES_HAVE_GRAPHVIZ
#include <graphviz/gvc.h>
#endif

namespace orgforces::dash {

namespace {

constexpr float kColumnGap = 70.0f;  // pixels between layers
constexpr float kRowGap = 18.0f;     // pixels between boxes of one layer
constexpr float kMargin = 10.0f;

// The mechanism layer of a node: forces → practice → friction and supply → capacity and fit →
// hazard and progress → outcomes.
int layer_of(model::CausalKind k) {
    using K = model::CausalKind;
    switch (k) {
        case K::Gravity: case K::Water: return 0;
        case K::Practice: case K::Assumption: return 1;
        case K::Friction: case K::IdeaSupply: case K::Hiring: case K::Qualitative: return 2;
        case K::Capacity: case K::Attrition: case K::Fit: return 3;
        case K::Hazard: case K::Progress: return 4;
        case K::Outcome: return 5;
    }
    return 2;
}

// A straight-ish curve from the right side of `a` to the left side of `b` (a curve back to an
// earlier layer leaves and enters from the bottom, below the boxes).
std::vector<Point2> simple_curve(Point2 a, Size2 sa, Point2 b, Size2 sb) {
    if (b.x > a.x) {
        const Point2 s{a.x + sa.w / 2, a.y}, e{b.x - sb.w / 2, b.y};
        const float bend = (e.x - s.x) * 0.45f;
        return {s, {s.x + bend, s.y}, {e.x - bend, e.y}, e};
    }
    const Point2 s{a.x, a.y + sa.h / 2}, e{b.x, b.y + sb.h / 2};
    const float drop = kRowGap * 2 + std::abs(a.x - b.x) * 0.15f;
    return {s, {s.x, s.y + drop}, {e.x, e.y + drop}, e};
}

void fit_extent(CausalLayout& L) {
    float w = 0, h = 0;
    for (std::size_t i = 0; i < L.centre.size(); ++i) {
        w = std::max(w, L.centre[i].x + L.size[i].w / 2);
        h = std::max(h, L.centre[i].y + L.size[i].h / 2);
    }
    for (const auto& c : L.curve)
        for (const auto& p : c) w = std::max(w, p.x), h = std::max(h, p.y);
    L.extent = {w + kMargin, h + kMargin};
}

#if ORGFORCES_HAVE_GRAPHVIZ
// Graphviz's dot: boxes of the given sizes (fixed, labels drawn by the panel), ranks left to
// right. Throws std::runtime_error when the layout fails.
CausalLayout graphviz_layout(const model::CausalGraph& g, const std::vector<Size2>& sizes, const char* rankdir) {
    struct Context {
        GVC_t* gvc = gvContext();
        Agraph_t* graph = nullptr;
        bool laid_out = false;
        ~Context() {
            if (laid_out) gvFreeLayout(gvc, graph);
            if (graph) agclose(graph);
            if (gvc) gvFreeContext(gvc);
        }
    } ctx;
    if (!ctx.gvc) throw std::runtime_error("no Graphviz context");
    char name[] = "causal";
    ctx.graph = agopen(name, Agdirected, nullptr);
    auto attr = [&](int kind, const char* key, const char* value) {
        agattr(ctx.graph, kind, const_cast<char*>(key), const_cast<char*>(value));
    };
    attr(AGRAPH, "rankdir", rankdir);
    attr(AGRAPH, "nodesep", "0.12");
    attr(AGRAPH, "ranksep", "0.45");
    attr(AGRAPH, "splines", "spline");
    attr(AGNODE, "shape", "box");
    attr(AGNODE, "fixedsize", "true");
    attr(AGNODE, "label", "");
    attr(AGNODE, "width", "1");
    attr(AGNODE, "height", "0.5");
    const auto& nodes = g.nodes();
    std::vector<Agnode_t*> nv(nodes.size());
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        std::string id = "n" + std::to_string(i);
        nv[i] = agnode(ctx.graph, id.data(), 1);
        // Graphviz measures in inches (72 points); the layout's points are our pixels.
        std::string w = std::to_string(sizes[i].w / 72.0), h = std::to_string(sizes[i].h / 72.0);
        agsafeset(nv[i], const_cast<char*>("width"), w.data(), const_cast<char*>("1"));
        agsafeset(nv[i], const_cast<char*>("height"), h.data(), const_cast<char*>("0.5"));
    }
    std::vector<Agedge_t*> ev;
    for (const auto& e : g.edges())
        ev.push_back(agedge(ctx.graph, nv[std::size_t(e.from)], nv[std::size_t(e.to)], nullptr, 1));
    if (gvLayout(ctx.gvc, ctx.graph, "dot") != 0) throw std::runtime_error("Graphviz's dot layout failed");
    ctx.laid_out = true;
    const boxf bb = GD_bb(ctx.graph);
    // Graphviz's y grows upward: flip, and move the box to the margin.
    auto to_px = [&](pointf p) { return Point2{float(p.x - bb.LL.x) + kMargin, float(bb.UR.y - p.y) + kMargin}; };
    CausalLayout L;
    L.engine = std::string("Graphviz dot, ") + (std::string(rankdir) == "LR" ? "left to right" : "top to bottom");
    L.size = sizes;
    for (auto* n : nv) L.centre.push_back(to_px(ND_coord(n)));
    for (std::size_t k = 0; k < ev.size(); ++k) {
        std::vector<Point2> pts;
        const splines* spl = ED_spl(ev[k]);
        if (spl && spl->size > 0) {
            const bezier& bz = spl->list[0];
            for (int i = 0; i < bz.size; ++i) pts.push_back(to_px(bz.list[i]));
            if (bz.eflag && !pts.empty()) {
                // The curve stops where the arrowhead starts: end it at the head's tip.
                const Point2 tip = to_px(bz.ep), last = pts.back();
                pts.push_back(last);
                pts.push_back(tip);
                pts.push_back(tip);
            }
        }
        if (pts.size() < 4 || (pts.size() - 1) % 3 != 0) {
            const auto& e = g.edges()[k];
            pts = simple_curve(L.centre[std::size_t(e.from)], sizes[std::size_t(e.from)], L.centre[std::size_t(e.to)],
                               sizes[std::size_t(e.to)]);
        }
        L.curve.push_back(std::move(pts));
    }
    fit_extent(L);
    return L;
}
#endif

}  // namespace

CausalLayout layered_layout(const model::CausalGraph& g, const NodeSizer& size) {
    const auto& nodes = g.nodes();
    const auto& edges = g.edges();
    CausalLayout L;
    L.engine = "built-in layered layout";
    for (const auto& n : nodes) L.size.push_back(size(n.label));
    // Layers by mechanism; within a layer, rows ordered by the barycentre of each node's
    // neighbours in the other layers (a few sweeps of the Sugiyama heuristic).
    std::map<int, std::vector<int>> layers;
    for (int i = 0; i < int(nodes.size()); ++i) layers[layer_of(nodes[std::size_t(i)].kind)].push_back(i);
    std::vector<double> rank(nodes.size(), 0.0);
    auto number = [&] {
        for (auto& [_, list] : layers)
            for (std::size_t k = 0; k < list.size(); ++k) rank[std::size_t(list[k])] = double(k) / double(std::max<std::size_t>(list.size(), 1));
    };
    number();
    for (int sweep = 0; sweep < 6; ++sweep) {
        for (auto& [layer, list] : layers) {
            std::vector<double> bary(nodes.size(), -1.0);
            for (int i : list) {
                double sum = 0;
                int n = 0;
                for (const auto& e : edges) {
                    const int other = e.from == i ? e.to : e.to == i ? e.from : -1;
                    if (other < 0 || layer_of(nodes[std::size_t(other)].kind) == layer) continue;
                    sum += rank[std::size_t(other)];
                    ++n;
                }
                bary[std::size_t(i)] = n ? sum / n : rank[std::size_t(i)];
            }
            std::stable_sort(list.begin(), list.end(), [&](int a, int b) { return bary[std::size_t(a)] < bary[std::size_t(b)]; });
        }
        number();
    }
    // Columns as wide as their widest box; rows stacked, each column centred vertically.
    float x = kMargin, tallest = 0;
    std::map<int, float> column_x, column_h;
    for (auto& [layer, list] : layers) {
        float w = 0, h = 0;
        for (int i : list) w = std::max(w, L.size[std::size_t(i)].w), h += L.size[std::size_t(i)].h + kRowGap;
        column_x[layer] = x + w / 2;
        column_h[layer] = h - kRowGap;
        tallest = std::max(tallest, h - kRowGap);
        x += w + kColumnGap;
    }
    L.centre.resize(nodes.size());
    for (auto& [layer, list] : layers) {
        float y = kMargin + (tallest - column_h[layer]) / 2;
        for (int i : list) {
            const Size2 s = L.size[std::size_t(i)];
            L.centre[std::size_t(i)] = {column_x[layer], y + s.h / 2};
            y += s.h + kRowGap;
        }
    }
    for (const auto& e : edges)
        L.curve.push_back(simple_curve(L.centre[std::size_t(e.from)], L.size[std::size_t(e.from)],
                                       L.centre[std::size_t(e.to)], L.size[std::size_t(e.to)]));
    fit_extent(L);
    return L;
}

CausalLayout layout_causal(const model::CausalGraph& g, const NodeSizer& size, bool use_graphviz, float aspect) {
#if ORGFORCES_HAVE_GRAPHVIZ
    if (use_graphviz && !g.nodes().empty()) {
        std::vector<Size2> sizes;
        for (const auto& n : g.nodes()) sizes.push_back(size(n.label));
        try {
            // The direction whose layout fits the area at the larger scale.
            auto fit = [aspect](const CausalLayout& L) {
                return std::min(aspect / std::max(L.extent.w, 1.0f), 1.0f / std::max(L.extent.h, 1.0f));
            };
            CausalLayout across = graphviz_layout(g, sizes, "LR");
            CausalLayout down = graphviz_layout(g, sizes, "TB");
            return fit(down) > fit(across) ? down : across;
        } catch (const std::exception& e) {
            CausalLayout L = layered_layout(g, size);
            L.note = e.what();
            return L;
        }
    }
#else
    (void)use_graphviz;
#endif
    return layered_layout(g, size);
}

const CausalView& CausalCache::get(const std::shared_ptr<const model::Scenario>& s, float font_size,
                                   const NodeSizer& size, float aspect) {
    const int tenths = int(std::lround(std::clamp(aspect, 0.1f, 10.0f) * 10));
    if (view_.scenario == s && font_size_ == font_size && aspect_tenths_ == tenths) return view_;
    view_ = CausalView{};
    view_.scenario = s;
    font_size_ = font_size;
    aspect_tenths_ = tenths;
    ++computations_;
    try {
        view_.graph = model::build_causal_graph(*s);
        view_.loops = model::find_loops(view_.graph, 200);
        view_.lev = model::leverage(view_.graph, model::default_outcomes(view_.graph));
        view_.layout = layout_causal(view_.graph, size, true, float(tenths) / 10.0f);
    } catch (const std::exception& e) {
        view_.error = e.what();
    }
    return view_;
}

}  // namespace orgforces::dash
