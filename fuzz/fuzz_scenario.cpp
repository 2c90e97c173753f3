// Fuzzes the scenario loader: any bytes must give a Scenario or a ScenarioError, never a crash,
// a hang, another exception or a sanitizer report.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "model/diagnostics.hpp"
#include "model/loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const auto scenario = orgforces::model::load_scenario_text(text, "fuzz.yaml");
        (void)scenario;
    } catch (const orgforces::model::ScenarioError& e) {
        // Every diagnostic must be printable.
        for (const auto& d : e.diagnostics()) (void)orgforces::model::format(d);
    }
    return 0;
}
