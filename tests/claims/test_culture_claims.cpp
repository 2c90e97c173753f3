// Claims about ideas, the culture's code and hiring in docs/model.md's claims ledger. Each case
// runs two settings of one scenario on common random numbers (the same seed) and checks the
// direction and a minimum size of the effect; the figures in the ledger are what these cases
// measure (printed with --success). On common random numbers a mechanism that does not act gives
// two identical runs, so each case fails if its mechanism stops acting.

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "claims.hpp"

using namespace orgforces;

namespace {

// A small product team that does not share the organization's engineering-first assumption,
// beside a large operations team that does. The product team's venture needs a design stone
// between two engineering stones; the culture dismisses design ideas.
const std::string kScenario =
    claims::preamble("culture-claims", 104, 23, 64, "[{name: eng}]") + R"(
  idea_mix: {engineering: 0.7, design: 0.3}
  idea_rate: 0.05
  noise: 0.01
  friction_attrition: 0
gravity:
  - {name: planning, target: {horizon: 0.2, exploration: 0.2}, strength: 0.01}
water:
  - name: engineering-first
    prevalence: 0.8
    socialization: 0.02
    code_learning: 0.01
    filters: {design: 0.9}
teams:
  - name: makers
    unit: eng
    size: 10
    intent: {horizon: 0.8, exploration: 0.8}
    leadership: 0.05
    attrition: 0.01
    initial_assumptions: {engineering-first: 0.2}
    hiring: {external_fraction: 1}
  - name: keepers
    unit: eng
    size: 40
    intent: {horizon: 0.2, exploration: 0.2}
ventures:
  - name: product
    team: makers
    value: 10
    planned_ticks: 60
    base_hazard: 0
    misfit_hazard: 0
    stones:
      - {name: groundwork, kind: engineering, effort: 60, value: 1}
      - {name: experience, kind: design, effort: 60, value: 1, depends: [groundwork]}
      - {name: service, kind: engineering, effort: 120, value: 1, depends: [experience]}
)";

model::Scenario with(const claims::Sets& sets) { return claims::scenario_with(kScenario, "culture-claims.yaml", sets); }

using claims::scalar;

double at_horizon(const sim::EnsembleResult& r, const std::string& team, const std::string& measure) {
    return claims::mean_at(r, team, measure);
}

}  // namespace

TEST_CASE("claim: work needs ideas: fewer ideas, slower ventures") {
    const auto scarce = sim::run_ensemble(with({{"organization.idea_rate", 0.01}}));
    const auto plenty = sim::run_ensemble(with({{"organization.idea_rate", 0.5}}));
    const double p_scarce = scalar(scarce, "product", "p_success");
    const double p_plenty = scalar(plenty, "product", "p_success");
    MESSAGE("P(success) " << p_scarce << " at 0.01 ideas per person-week, " << p_plenty << " at 0.5");
    CHECK(p_plenty > p_scarce + 0.25);
}

TEST_CASE("claim: a culture that dismisses design ideas starves design stones") {
    // The product team holds the organization's assumption (0.8) and hires inside, where it is prevalent.
    const auto holding = [](double design_filter) {
        model::Scenario s = with({{"teams.makers.hiring.external_fraction", 0.0},
                                  {"forces.engineering-first.filters.design", design_filter}});
        s.teams[0].initial_assumptions = std::vector<double>{0.8};
        s.horizon = 52;  // a year: the plan's 240 person-weeks take the ten of them about 24 weeks
        return sim::run_ensemble(s);
    };
    const auto open = holding(0.0);
    const auto filtering = holding(0.9);
    const double p_open = scalar(open, "product", "p_success");
    const double p_filtering = scalar(filtering, "product", "p_success");
    MESSAGE("P(success) within a year " << p_open << " when the culture dismisses no design idea, " << p_filtering
                          << " when it dismisses them with probability 0.9 at full level (the team holds it at 0.8)");
    CHECK(p_filtering < p_open - 0.3);
}

TEST_CASE("claim: the culture learns from what works: a success moves the code toward its team") {
    // The same runs, except that in the second the last stone can never be finished.
    const auto works = sim::run_ensemble(with({}));
    const auto never = sim::run_ensemble(with({{"ventures.product.stones.service.effort", 1e6}}));
    const double keepers_works = at_horizon(works, "keepers", "assumption:engineering-first");
    const double keepers_never = at_horizon(never, "keepers", "assumption:engineering-first");
    const double p_works = scalar(works, "product", "p_success");
    MESSAGE("the operations team's engineering-first level at the horizon: " << keepers_works << " when the product team's venture can succeed (P(success) "
                                                                              << p_works << "), " << keepers_never << " when it cannot");
    CHECK(p_works > 0.5);
    CHECK(keepers_works < keepers_never - 0.04);
}

TEST_CASE("claim: selective hiring refills the culture even from outside") {
    // Outside hires arrive without the assumption; selection picks those nearer the code.
    const auto open = sim::run_ensemble(with({{"teams.makers.attrition", 0.03}, {"teams.makers.hiring.selectivity", 0.0}}));
    const auto selective =
        sim::run_ensemble(with({{"teams.makers.attrition", 0.03}, {"teams.makers.hiring.selectivity", 0.8}}));
    const double level_open = at_horizon(open, "makers", "assumption:engineering-first");
    const double level_selective = at_horizon(selective, "makers", "assumption:engineering-first");
    MESSAGE("the product team's engineering-first level at the horizon: " << level_open << " hiring from outside at "
                                                                          << "selectivity 0, " << level_selective << " at 0.8");
    CHECK(level_selective > level_open + 0.15);
}

TEST_CASE("claim: peer conformity keeps a team's people alike") {
    const auto loose = sim::run_ensemble(with({{"teams.makers.peer_conformity", 0.0}}));
    const auto tight = sim::run_ensemble(with({{"teams.makers.peer_conformity", 0.3}}));
    const double spread_loose = at_horizon(loose, "makers", "spread");
    const double spread_tight = at_horizon(tight, "makers", "spread");
    MESSAGE("spread of practice at the horizon: " << spread_loose << " at peer conformity 0, " << spread_tight << " at 0.3");
    CHECK(spread_tight < 0.6 * spread_loose);
}

TEST_CASE("claim: delivered work comes out shaped like the organization, whatever the plan said") {
    // Each stone is stamped with the team's practice when it completes; the plan does not change.
    const auto free = sim::run_ensemble(with({{"forces.planning.strength", 0.0}}));
    const auto pulled = sim::run_ensemble(with({{"forces.planning.strength", 0.04}}));
    const double free_shape = scalar(free, "product", "output_character:exploration");
    const double pulled_shape = scalar(pulled, "product", "output_character:exploration");
    MESSAGE("exploration in the delivered stones: " << free_shape << " with no planning force, " << pulled_shape
                                                    << " under a planning force of strength 0.04 (the team's intent: 0.8)");
    CHECK(pulled_shape < free_shape - 0.1);
}
