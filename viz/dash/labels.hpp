#pragma once
// Placing the labels of marks so that no two overlap (the practice map's team, intent and well
// names). No ImGui here: sizes come in measured.

#include <vector>

#include "viz/dash/causal_view.hpp"

namespace orgforces::dash {

/// A label to place beside the mark at `anchor` (pixels) of radius `radius`.
struct LabelRequest {
    Point2 anchor;
    float radius = 0;
    Size2 size;  ///< the label's text size
};

/// Where a label went: its top-left corner, or `shown` false when every place near its mark was
/// taken (its mark is still drawn; the legend and tooltip name it).
struct LabelPlace {
    Point2 at;
    bool shown = false;
    bool far = false;  ///< set off from its mark: draw a leader line to it
};

/// Places labels in the order given (put the important ones first): each beside its mark (right,
/// left, above, below, then the diagonals, then a little farther out), inside `bounds` (top-left and
/// size) where it fits, overlapping neither a label placed before it nor any mark.
std::vector<LabelPlace> place_labels(const std::vector<LabelRequest>& labels, Point2 bounds_at, Size2 bounds);

}  // namespace orgforces::dash
