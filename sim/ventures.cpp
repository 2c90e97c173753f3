#include "sim/ventures.hpp"

namespace orgforces::sim {

struct VentureBook::Impl {
    const model::Scenario* scenario = nullptr;
};

VentureBook::VentureBook(const model::Scenario& s) : impl_(std::make_unique<Impl>()) { impl_->scenario = &s; }
VentureBook::~VentureBook() = default;
VentureBook::VentureBook(VentureBook&&) noexcept = default;
VentureBook& VentureBook::operator=(VentureBook&&) noexcept = default;

void VentureBook::reset() {}
void VentureBook::rebind(const model::Scenario&) {}
void VentureBook::step(int, const std::vector<TeamTick>&, Rng&) {}

void VentureBook::collect(int replicate, std::vector<VentureOutcome>& out) const {
    for (const auto& v : impl_->scenario->ventures) {
        VentureOutcome o;
        o.replicate = replicate;
        o.venture = v.name;
        out.push_back(o);
    }
}

}  // namespace orgforces::sim
