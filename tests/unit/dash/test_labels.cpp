// Label placement: no two labels overlap, none covers a mark, and all stay inside the bounds.
#include <doctest/doctest.h>

#include "viz/dash/labels.hpp"

using namespace orgforces;

namespace {

bool overlap(dash::Point2 a, dash::Size2 sa, dash::Point2 b, dash::Size2 sb) {
    return a.x < b.x + sb.w && b.x < a.x + sa.w && a.y < b.y + sb.h && b.y < a.y + sa.h;
}

}  // namespace

TEST_CASE("labels of marks at one point take different places") {
    std::vector<dash::LabelRequest> req;
    for (int i = 0; i < 4; ++i) req.push_back({{200, 150}, 4, {60, 14}});
    const auto at = dash::place_labels(req, {0, 0}, {400, 300});
    REQUIRE(at.size() == 4);
    for (std::size_t i = 0; i < at.size(); ++i) {
        CHECK(at[i].shown);
        // None covers the mark.
        CHECK_FALSE(overlap(at[i].at, req[i].size, {196, 146}, {8, 8}));
        for (std::size_t j = 0; j < i; ++j) CHECK_FALSE(overlap(at[i].at, req[i].size, at[j].at, req[j].size));
    }
}

TEST_CASE("a label at the right edge goes to the left of its mark, inside the bounds") {
    const auto at = dash::place_labels({{{395, 100}, 3, {50, 12}}}, {0, 0}, {400, 300});
    REQUIRE(at[0].shown);
    CHECK(at[0].at.x + 50 <= 395 - 3);
    CHECK(at[0].at.x >= 0);
}

TEST_CASE("a label with no free place is hidden rather than drawn over another") {
    // A box just larger than the label: the first takes the only place, the second cannot fit.
    std::vector<dash::LabelRequest> req{{{10, 10}, 1, {30, 10}}, {{10, 10}, 1, {30, 10}}};
    const auto at = dash::place_labels(req, {0, 0}, {50, 20});
    CHECK(at[0].shown);
    CHECK_FALSE(at[1].shown);
}
