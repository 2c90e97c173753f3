#include "viz/dash/labels.hpp"

#include <algorithm>

namespace orgforces::dash {

namespace {

struct Box {
    float x0, y0, x1, y1;
    bool overlaps(const Box& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
};

}  // namespace

std::vector<LabelPlace> place_labels(const std::vector<LabelRequest>& labels, Point2 bounds_at, Size2 bounds) {
    std::vector<Box> marks, taken;
    for (const auto& l : labels)
        marks.push_back({l.anchor.x - l.radius, l.anchor.y - l.radius, l.anchor.x + l.radius, l.anchor.y + l.radius});
    const Box inside{bounds_at.x, bounds_at.y, bounds_at.x + bounds.w, bounds_at.y + bounds.h};
    std::vector<LabelPlace> out;
    for (const auto& l : labels) {
        const float w = l.size.w, h = l.size.h, gap = 4;
        LabelPlace place;
        for (float extra : {0.0f, 8.0f, 18.0f, 32.0f}) {
            const float r = l.radius + gap + extra;
            const float cx = l.anchor.x, cy = l.anchor.y;
            // Right, left, above, below, then the four diagonals.
            const Point2 candidates[] = {{cx + r, cy - h / 2},     {cx - r - w, cy - h / 2}, {cx - w / 2, cy - r - h},
                                         {cx - w / 2, cy + r},     {cx + r, cy - r - h},     {cx - r - w, cy - r - h},
                                         {cx + r, cy + r},         {cx - r - w, cy + r}};
            for (const auto& c : candidates) {
                const Box b{c.x, c.y, c.x + w, c.y + h};
                if (b.x0 < inside.x0 || b.y0 < inside.y0 || b.x1 > inside.x1 || b.y1 > inside.y1) continue;
                const auto hits = [&](const Box& o) { return b.overlaps(o); };
                if (std::any_of(taken.begin(), taken.end(), hits) || std::any_of(marks.begin(), marks.end(), hits))
                    continue;
                place = {c, true, extra > 0};
                taken.push_back(b);
                break;
            }
            if (place.shown) break;
        }
        out.push_back(place);
    }
    return out;
}

}  // namespace orgforces::dash
