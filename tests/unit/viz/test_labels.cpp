// Label placement (viz/labels.hpp), shared by the report's charts and the dashboard's: no two shown
// labels overlap, none covers another mark when there is room, and all stay inside the bounds.
#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

#include "viz/labels.hpp"

using namespace orgforces::viz;

namespace {

bool overlap(const Rect& a, const Rect& b) {
    return a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom();
}
Rect mark_box(const LabelRequest& r) { return {r.anchor.x - r.radius, r.anchor.y - r.radius, 2 * r.radius, 2 * r.radius}; }

struct Lcg {
    std::uint64_t s;
    double next() {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        return double(s >> 11) / double(1ULL << 53);
    }
};

}  // namespace

TEST_CASE("labels of marks at one point take different places") {
    std::vector<LabelRequest> req(4, {{200, 150}, 4, 60, 14});
    for (const WhenCrowded mode : {WhenCrowded::Hide, WhenCrowded::Leader}) {
        const auto at = place_labels(req, {0, 0, 400, 300}, mode);
        REQUIRE(at.size() == 4);
        for (std::size_t i = 0; i < at.size(); ++i) {
            CHECK(at[i].shown);
            CHECK_FALSE(overlap(at[i].box, mark_box(req[i])));
            for (std::size_t j = 0; j < i; ++j) CHECK_FALSE(overlap(at[i].box, at[j].box));
        }
    }
}

TEST_CASE("a label at the right edge goes to the left of its mark, inside the bounds") {
    const auto at = place_labels({{{395, 100}, 3, 50, 12}}, {0, 0, 400, 300}, WhenCrowded::Hide);
    REQUIRE(at[0].shown);
    CHECK(at[0].box.right() <= 395 - 3);
    CHECK(at[0].box.x >= 0);
    CHECK_FALSE(at[0].leader);
}

TEST_CASE("a label with no free place is hidden, or set off with a leader, never drawn over another") {
    // A box just larger than the label: the first takes the only place, the second cannot fit.
    const std::vector<LabelRequest> req{{{10, 10}, 1, 30, 10}, {{10, 10}, 1, 30, 10}};
    const auto hidden = place_labels(req, {0, 0, 50, 20}, WhenCrowded::Hide);
    CHECK(hidden[0].shown);
    CHECK_FALSE(hidden[1].shown);
    const auto led = place_labels(req, {0, 0, 50, 20}, WhenCrowded::Leader);
    REQUIRE(led[1].shown);
    CHECK_FALSE(overlap(led[0].box, led[1].box));
}

TEST_CASE("a label pushed away from its mark gets a leader to the mark") {
    // A wall of labelled marks to the right, left, above and below: only a place farther out is free.
    std::vector<LabelRequest> req{{{200, 150}, 3, 40, 12}};
    for (int k = 0; k < 8; ++k) req.insert(req.begin(), LabelRequest{{200, 150}, 3, 40, 12});
    const auto at = place_labels(req, {0, 0, 400, 300}, WhenCrowded::Hide);
    REQUIRE(at.back().shown);
    REQUIRE(at.back().leader);
    CHECK(at.back().leader->x == 200);
    CHECK(at.back().leader->y == 150);
}

TEST_CASE("a mark without a label is an obstacle, not a label") {
    const std::vector<LabelRequest> req{{{100, 100}, 5, 40, 12}, {{130, 100}, 5, 0, 0}};
    const auto at = place_labels(req, {0, 0, 300, 200}, WhenCrowded::Hide);
    CHECK_FALSE(at[1].shown);
    REQUIRE(at[0].shown);
    CHECK_FALSE(overlap(at[0].box, mark_box(req[1])));
}

TEST_CASE("property: over random marker sets, shown labels are pairwise disjoint and hidden ones are crowded out") {
    Lcg rng{12345};
    for (int trial = 0; trial < 200; ++trial) {
        const Rect bounds{20, 10, 200 + 400 * rng.next(), 100 + 300 * rng.next()};
        const int n = 1 + int(rng.next() * 40);
        // Clustered or spread: a third of the trials put every mark within a few pixels.
        const bool cluster = trial % 3 == 0;
        std::vector<LabelRequest> req;
        for (int i = 0; i < n; ++i) {
            const double x = cluster ? bounds.x + bounds.w / 2 + 6 * rng.next() : bounds.x + bounds.w * rng.next();
            const double y = cluster ? bounds.y + bounds.h / 2 + 6 * rng.next() : bounds.y + bounds.h * rng.next();
            const bool unlabelled = rng.next() < 0.2;
            req.push_back({{x, y}, 2 + 5 * rng.next(), unlabelled ? 0.0 : 20 + 80 * rng.next(), unlabelled ? 0.0 : 13.0,
                           rng.next() < 0.5});
        }
        for (const WhenCrowded mode : {WhenCrowded::Hide, WhenCrowded::Leader}) {
            const auto at = place_labels(req, bounds, mode);
            REQUIRE(at.size() == req.size());
            for (std::size_t i = 0; i < at.size(); ++i) {
                CAPTURE(trial);
                CAPTURE(i);
                if (req[i].w == 0) CHECK_FALSE(at[i].shown);
                if (!at[i].shown) continue;
                CHECK(at[i].box.w == req[i].w);
                for (std::size_t j = 0; j < i; ++j)
                    if (at[j].shown) CHECK_FALSE(overlap(at[i].box, at[j].box));
                if (mode == WhenCrowded::Hide) {
                    // Hidden mode places only inside the bounds and off every other mark.
                    CHECK(at[i].box.x >= bounds.x);
                    CHECK(at[i].box.right() <= bounds.right());
                    CHECK(at[i].box.y >= bounds.y);
                    CHECK(at[i].box.bottom() <= bounds.bottom());
                    for (std::size_t j = 0; j < req.size(); ++j)
                        if (j != i) CHECK_FALSE(overlap(at[i].box, mark_box(req[j])));
                }
            }
        }
    }
}
