// Common random numbers across teams: a team's practice noise is drawn per person slot, so what
// happens to another team's headcount (leavers, layoffs) leaves it untouched. Paired what-if
// comparisons rely on this: changing one team's turnover must not reshuffle the noise of others.
#include <doctest/doctest.h>

#include "scenarios.hpp"
#include "sim/world.hpp"

using namespace orgforces;

TEST_CASE("a team's practice noise does not depend on another team's headcount") {
    auto calm = test::quiet_scenario(20, 80);
    calm.organization.noise = 0.02;
    model::Team other = calm.teams[0];
    other.name = "shrinking";
    other.hiring.replace_leavers = false;  // its leavers leave for good, so its headcount falls
    calm.teams.insert(calm.teams.begin(), other);  // team 0 draws before team 1
    auto churn = calm;
    churn.teams[0].base_attrition = 0.05;

    const sim::World wa(calm), wb(churn);
    sim::Replicate a(wa), b(wb);
    a.reset(3, 0);
    b.reset(3, 0);
    int headcount_differs = 0, practice_differs = 0, moved = 0;
    for (int tick = 1; tick <= 80; ++tick) {
        const double before = a.mean_practice(1, 0);
        a.step();
        b.step();
        headcount_differs += a.headcount(0) != b.headcount(0);
        moved += a.mean_practice(1, 0) != before;  // at its intent from the start: only noise moves it
        for (int d = 0; d < 2; ++d) practice_differs += a.mean_practice(1, d) != b.mean_practice(1, d);
    }
    CHECK(headcount_differs > 40);  // the other team did shrink
    CHECK(moved > 70);
    CHECK(practice_differs == 0);   // bit-identical practice in the team that kept its people
}
