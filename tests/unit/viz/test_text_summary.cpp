// Terminal tables of results without teams (viz/text_summary.hpp).

#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "sim/results.hpp"
#include "viz/text_summary.hpp"

using namespace orgforces;

namespace {

sim::Series series(const std::string& entity, const std::string& measure, double last_mean, double q05, double q50,
                   double q95) {
    sim::Series s;
    s.entity = entity;
    s.measure = measure;
    s.ticks.resize(3);  // earlier ticks must not be shown
    s.ticks[0].mean = s.ticks[1].mean = -99.0;
    sim::Band& b = s.ticks.back();
    b.mean = last_mean;
    b.q05 = q05;
    b.q50 = q50;
    b.q95 = q95;
    return s;
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

}  // namespace

TEST_CASE("the horizon table shows every series' last tick in result order") {
    sim::EnsembleResult r;
    r.info.horizon = 2;
    r.info.replicates = 40;
    r.info.seed = 7;
    r.series.push_back(series("", "code/knowledge", 0.8, 0.5, 0.75, 1.0));
    r.series.push_back(series("", "people/knowledge", 0.25, 0.125, 0.25, 0.375));
    sim::Series empty;
    empty.measure = "no ticks";
    r.series.push_back(empty);

    const auto out = lines(viz::series_horizon_table(r));
    REQUIRE(out.size() == 5);  // title, header, rule, two rows: the series without ticks is skipped
    CHECK(out[0] == "At the horizon, tick 2 (40 replicates, seed 7):");
    CHECK(out[3].find("code/knowledge") != std::string::npos);
    CHECK(out[3].find("0.800") != std::string::npos);
    CHECK(out[3].find("0.750 [0.500–1.000]") != std::string::npos);
    CHECK(out[4].find("people/knowledge") != std::string::npos);
    CHECK(out[4].find("0.250 [0.125–0.375]") != std::string::npos);
    CHECK(viz::series_horizon_table(r).find("-99") == std::string::npos);
}
