#pragma once
// What the model tests share: the smallest valid scenario, and the message a rejected one gives.

#include <functional>
#include <string>

#include "model/diagnostics.hpp"

namespace orgforces::model::testing {

/// One unit and one team of five, 20 ticks: valid, with every optional block left out.
inline const std::string kMinimal =
    "horizon: 20\n"
    "organization:\n"
    "  units:\n"
    "    - name: eng\n"
    "teams:\n"
    "  - name: alpha\n"
    "    unit: eng\n"
    "    size: 5\n";

/// The message of the ScenarioError `f` throws, or "" when it throws none.
inline std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const ScenarioError& e) {
        return e.what();
    }
    return {};
}

}  // namespace orgforces::model::testing
