#include "viz/labels.hpp"

#include <algorithm>

namespace orgforces::viz {

namespace {

bool overlaps(const Rect& a, const Rect& b) {
    return a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom();
}
bool inside(const Rect& a, const Rect& outer) {
    return a.x >= outer.x && a.right() <= outer.right() && a.y >= outer.y && a.bottom() <= outer.bottom();
}

struct Candidate {
    Rect box;
    bool moved = false;  ///< away from the mark: needs a leader
};

std::vector<Candidate> candidates(const LabelRequest& l, WhenCrowded crowded) {
    const double w = l.w, h = l.h, gap = 4.0, vgap = 2.0, cx = l.anchor.x, cy = l.anchor.y;
    std::vector<Candidate> out;
    for (double extra : {0.0, 8.0, 18.0, 32.0}) {
        const double r = l.radius + extra;
        const double right = cx + r + gap, left = cx - r - gap - w;
        // Above and below start at the mark's left edge, so the label reads as this mark's.
        const double up = cy - r - vgap - h, down = cy + r + vgap, mid = cy - h / 2;
        const double first = l.prefer_left ? left : right, second = l.prefer_left ? right : left;
        for (const Point c : {Point{first, mid}, Point{second, mid}, Point{cx - l.radius, up},
                              Point{cx - l.radius, down}, Point{first, up}, Point{second, up}, Point{first, down},
                              Point{second, down}})
            out.push_back({{c.x, c.y, w, h}, extra > 0});
    }
    // Crowded, on paper: step farther up and down beside the mark (on screen such labels are
    // hidden rather than strung far out on long leaders; a tooltip names the mark).
    if (crowded == WhenCrowded::Hide) return out;
    for (int k = 1; k <= 12; ++k)
        for (int sign : {-1, 1})
            for (const bool on_first : {true, false}) {
                const bool on_right = on_first != l.prefer_left;
                const double x = on_right ? cx + l.radius + 4.0 + 8.0 : cx - l.radius - 4.0 - w - 8.0;
                out.push_back({{x, cy - h / 2 + sign * k * h, w, h}, true});
            }
    return out;
}

}  // namespace

std::vector<LabelSpot> place_labels(const std::vector<LabelRequest>& labels, const Rect& bounds, WhenCrowded crowded) {
    std::vector<Rect> marks, taken;
    for (const auto& l : labels)
        marks.push_back({l.anchor.x - l.radius, l.anchor.y - l.radius, 2 * l.radius, 2 * l.radius});
    std::vector<LabelSpot> out(labels.size());
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const LabelRequest& l = labels[i];
        if (l.w <= 0 || l.h <= 0) continue;
        const auto free_of_labels = [&](const Rect& r) {
            return std::none_of(taken.begin(), taken.end(), [&](const Rect& t) { return overlaps(r, t); });
        };
        const auto free_of_marks = [&](const Rect& r) {
            for (std::size_t j = 0; j < marks.size(); ++j)
                if (j != i && overlaps(r, marks[j])) return false;
            return true;
        };
        const auto cands = candidates(l, crowded);
        const Candidate* pick = nullptr;
        for (const auto& c : cands)
            if (inside(c.box, bounds) && free_of_labels(c.box) && free_of_marks(c.box)) { pick = &c; break; }
        // Covering a mark or the plot's edge is the lesser evil than an unnamed mark on paper.
        if (!pick && crowded == WhenCrowded::Leader)
            for (const auto& c : cands)
                if (free_of_labels(c.box)) { pick = &c; break; }
        if (!pick) continue;
        out[i] = {pick->box, true, pick->moved ? std::optional<Point>(l.anchor) : std::nullopt};
        taken.push_back(pick->box);
    }
    return out;
}

}  // namespace orgforces::viz
