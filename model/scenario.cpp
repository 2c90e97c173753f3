#include "model/scenario.hpp"

#include <algorithm>

namespace orgforces::model {

namespace {
template <class Items>
int index_of(const Items& items, const std::string& name) {
    const auto it = std::find_if(items.begin(), items.end(), [&](const auto& x) { return x.name == name; });
    return it == items.end() ? -1 : static_cast<int>(it - items.begin());
}
}  // namespace

int Scenario::team_index(const std::string& n) const { return index_of(teams, n); }
int Scenario::dimension_index(const std::string& n) const { return index_of(dimensions, n); }
int Scenario::gravity_index(const std::string& n) const { return index_of(gravity, n); }
int Scenario::water_index(const std::string& n) const { return index_of(water, n); }
int Scenario::venture_index(const std::string& n) const { return index_of(ventures, n); }

int Scenario::total_people() const {
    int total = 0;
    for (const auto& t : teams) total += t.size;
    return total;
}

const char* to_string(ProblemClass c) {
    switch (c) {
        case ProblemClass::Solved: return "solved";
        case ProblemClass::Solvable: return "solvable";
        case ProblemClass::Unsolvable: return "unsolvable";
    }
    return "unknown";
}

}  // namespace orgforces::model
