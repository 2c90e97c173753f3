// Fuzzes `--set PATH=VALUE` parsing and application against a small valid scenario.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "model/diagnostics.hpp"
#include "model/loader.hpp"
#include "model/registry.hpp"

namespace {
const orgforces::model::Scenario& base() {
    static const orgforces::model::Scenario s = orgforces::model::load_scenario_file(ORGFORCES_FUZZ_BASE);
    return s;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const auto o = orgforces::model::parse_override(text);
        const auto s = orgforces::model::apply_overrides(base(), {o});
        (void)s;
    } catch (const orgforces::model::ScenarioError&) {
    }
    return 0;
}
