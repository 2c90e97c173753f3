#include "model/diagnostics.hpp"

#include <fmt/format.h>

namespace orgforces::model {

std::string format(const Diagnostic& d) {
    const std::string file = d.pos.file.empty() ? std::string("<input>") : d.pos.file;
    if (d.pos.line <= 0) return fmt::format("{}: error: {}", file, d.message);
    if (d.pos.column <= 0) return fmt::format("{}:{}: error: {}", file, d.pos.line, d.message);
    return fmt::format("{}:{}:{}: error: {}", file, d.pos.line, d.pos.column, d.message);
}

namespace {
std::string join(const std::vector<Diagnostic>& ds) {
    std::string out;
    for (const auto& d : ds) {
        if (!out.empty()) out += '\n';
        out += format(d);
    }
    return out;
}
}  // namespace

ScenarioError::ScenarioError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(join(diagnostics)), diagnostics_(std::move(diagnostics)) {}

}  // namespace orgforces::model
