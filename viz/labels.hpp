#pragma once
// Placing the labels of marks so that no two overlap: one set of rules for the report's SVG
// charts and the dashboard's charts. Sizes come in measured; nothing is drawn here.

#include <optional>
#include <vector>

#include "viz/chart.hpp"

namespace orgforces::viz {

/// A label to place beside the mark at `anchor` (pixels) of half-size `radius`.
struct LabelRequest {
    Point anchor;
    double radius = 0.0;
    double w = 0.0, h = 0.0;   ///< the label's measured size; zero for a mark without a label
    bool prefer_left = false;  ///< try the mark's left side before its right
};

/// What becomes of a label with no free place near its mark.
enum class WhenCrowded {
    Leader,  ///< it steps farther away, or else goes where it overlaps no other label, even off the
             ///< plot or over a mark (print)
    Hide,    ///< it is left out; the legend and tooltips still name its mark (screen)
};

/// Where a label went: its box, or `shown` false when it has none; `leader` is its mark's centre
/// when the label sits away from the mark and a thin line should join them.
struct LabelSpot {
    Rect box;
    bool shown = false;
    std::optional<Point> leader;
};

/// Places labels in the order given (important ones first). Candidates, in order: beside the mark
/// (preferred side, then the other), above, below, the four diagonals, the same a little farther
/// out, then (Leader only) stepped up and down; the moved ones get a leader. A label takes the
/// first candidate inside `bounds` that overlaps neither a label placed before it nor another mark;
/// failing that, what `crowded` says. Shown labels never overlap one another.
std::vector<LabelSpot> place_labels(const std::vector<LabelRequest>& labels, const Rect& bounds, WhenCrowded crowded);

}  // namespace orgforces::viz
