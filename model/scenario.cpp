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

std::vector<std::string> focus_teams(const Scenario& s) {
    std::vector<std::string> out;
    auto add = [&out](const std::string& team) {
        if (std::find(out.begin(), out.end(), team) == out.end()) out.push_back(team);
    };
    for (const auto& n : s.focus)
        if (s.team_index(n) >= 0) add(n);
    for (const auto& n : s.focus)
        if (const int v = s.venture_index(n); v >= 0 && s.team_index(s.ventures[std::size_t(v)].team) >= 0)
            add(s.ventures[std::size_t(v)].team);
    return out;
}

std::vector<std::string> focus_ventures(const Scenario& s) {
    std::vector<std::string> out;
    for (const auto& n : s.focus)
        if (s.venture_index(n) >= 0 && std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
    if (!out.empty()) return out;
    for (const auto& v : s.ventures)
        if (std::find(s.focus.begin(), s.focus.end(), v.team) != s.focus.end()) out.push_back(v.name);
    return out;
}

const char* to_string(ProblemClass c) {
    switch (c) {
        case ProblemClass::Solved: return "solved";
        case ProblemClass::Solvable: return "solvable";
        case ProblemClass::Unsolvable: return "unsolvable";
    }
    return "unknown";
}

const char* to_string(LayoffPolicy p) {
    switch (p) {
        case LayoffPolicy::Random: return "random";
        case LayoffPolicy::Newest: return "newest";
        case LayoffPolicy::MostConforming: return "most-conforming";
        case LayoffPolicy::LeastConforming: return "least-conforming";
    }
    return "unknown";
}

}  // namespace orgforces::model
