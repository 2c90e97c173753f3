#include "viz/dash/session.hpp"

#include <algorithm>
#include <cmath>

#include "model/diagnostics.hpp"
#include "sim/run_plan.hpp"

namespace orgforces::dash {

Session::Session(model::Scenario base, SessionOptions options)
    : base_(std::make_shared<const model::Scenario>(std::move(base))),
      variant_(base_),
      params_(model::parameters(*base_)),
      full_replicates_(sim::RunPlan::resolve(*base_, {options.replicates, {}, options.threads, {}}).replicates),
      drag_replicates_(std::clamp(options.drag_replicates, 1, full_replicates_)),
      options_(options),
      worker_(options.threads, std::min(options.drag_replicates, full_replicates_)) {
    worker_.submit(variant_, full_replicates_, false, options_.draws ? options_.draws({}) : sim::ReplicateOverrides{});
}

std::vector<model::Override> Session::override_list() const {
    std::vector<model::Override> out;
    for (const auto& p : params_) {
        if (auto it = overrides_.find(p.path); it != overrides_.end())
            out.push_back(model::Override{.path = p.path, .value = it->second, .pos = {}});
    }
    return out;
}

double Session::value(const std::string& path) const {
    if (auto it = overrides_.find(path); it != overrides_.end()) return it->second;
    for (const auto& p : params_)
        if (p.path == path) return p.value;
    return model::find_parameter(*base_, path).value;  // throws with a did-you-mean
}

bool Session::set(const std::string& path, double value, bool dragging) {
    auto param = std::find_if(params_.begin(), params_.end(),
                              [&](const model::Param& p) { return p.path == path; });
    if (param == params_.end()) model::find_parameter(*base_, path);  // throws: unknown path
    const auto previous = overrides_;
    if (param != params_.end() && value == param->value)
        overrides_.erase(path);
    else
        overrides_[path] = value;
    if (rerun(dragging)) return true;
    overrides_ = previous;
    return false;
}

void Session::release() {
    if (last_was_preview_) rerun(false);
}

void Session::reset(const std::string& path) {
    if (path.empty()) {
        overrides_.clear();
        events_.clear();
    } else
        overrides_.erase(path);
    rerun(false);
}

bool Session::assign(const std::vector<model::Override>& overrides, const std::vector<model::Event>& events) {
    const auto previous = overrides_;
    const auto previous_events = events_;
    overrides_.clear();
    for (const auto& o : overrides) overrides_[o.path] = o.value;
    events_ = events;
    if (rerun(false)) return true;
    overrides_ = previous;
    events_ = previous_events;
    return false;
}

bool Session::choose_variant(const std::string& name) {
    for (const auto& v : base_->variants)
        if (v.name == name) return assign(v.set, v.events);
    error_ = "no what_if variant '" + name + "' in the scenario";
    return false;
}

bool Session::rerun(bool dragging) {
    try {
        // The controls and the chosen what-if's events, applied as the CLI applies a variant.
        model::Variant v;
        v.set = override_list();
        v.events = events_;
        variant_ = overrides_.empty() && events_.empty() ? base_
                                                         : std::make_shared<const model::Scenario>(model::apply_variant(*base_, v));
    } catch (const model::ScenarioError& e) {
        error_.clear();
        for (const auto& d : e.diagnostics()) {
            if (!error_.empty()) error_ += "\n";
            error_ += d.message;
        }
        return false;
    }
    error_.clear();
    last_was_preview_ = dragging;
    worker_.submit(variant_, dragging ? drag_replicates_ : full_replicates_, dragging,
                   options_.draws ? options_.draws(override_list()) : sim::ReplicateOverrides{});
    return true;
}

}  // namespace orgforces::dash
