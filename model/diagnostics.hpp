#pragma once
// Errors in user input. Bad input is reported, never asserted: a ScenarioError carries every
// problem found, each with the file, line and column it points at.

#include <stdexcept>
#include <string>
#include <vector>

#include "model/scenario.hpp"

namespace orgforces::model {

/// One problem in the input, e.g. "team 'frontier': shielding 1.4 is out of range [0, 1]".
struct Diagnostic {
    SourcePos pos;
    std::string message;
};

/// `file:line:col: error: message` (line and column omitted when unknown).
std::string format(const Diagnostic& d);

/// Thrown when a scenario or an override is invalid; holds one or more diagnostics.
class ScenarioError : public std::runtime_error {
public:
    explicit ScenarioError(std::vector<Diagnostic> diagnostics);
    const std::vector<Diagnostic>& diagnostics() const noexcept { return diagnostics_; }

private:
    std::vector<Diagnostic> diagnostics_;
};

}  // namespace orgforces::model
