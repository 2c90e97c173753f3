#include "sim/results.hpp"

namespace orgforces::sim {

const Series* EnsembleResult::find_series(const std::string& entity, const std::string& measure) const {
    for (const auto& s : series)
        if (s.entity == entity && s.measure == measure) return &s;
    return nullptr;
}

const Scalar* EnsembleResult::find_scalar(const std::string& entity, const std::string& measure) const {
    for (const auto& s : scalars)
        if (s.entity == entity && s.measure == measure) return &s;
    return nullptr;
}

const char* to_string(VentureStatus s) {
    switch (s) {
        case VentureStatus::Running: return "running";
        case VentureStatus::Succeeded: return "succeeded";
        case VentureStatus::Failed: return "failed";
        case VentureStatus::Dormant: return "dormant";
        case VentureStatus::Framed: return "framed";
    }
    return "unknown";
}

}  // namespace orgforces::sim
