// The side panel: the scenario as a tree (units, teams, forces, ventures) and one control per
// registry parameter, grouped by kind and entity.
#include <imgui.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "viz/chart.hpp"
#include "viz/dash/panels.hpp"
#include "viz/dash/theme.hpp"

namespace orgforces::dash {

namespace {

struct PathParts {
    std::string group, entity, leaf;
};

// "teams.frontier.hiring.external_fraction" -> {teams, frontier, hiring.external_fraction}
PathParts split(const std::string& path) {
    PathParts p;
    const auto a = path.find('.');
    if (a == std::string::npos) return {path, "", path};
    p.group = path.substr(0, a);
    const auto b = path.find('.', a + 1);
    if (b == std::string::npos) {
        p.leaf = path.substr(a + 1);
        return p;
    }
    p.entity = path.substr(a + 1, b - a - 1);
    p.leaf = path.substr(b + 1);
    return p;
}

std::string group_title(const std::string& g) {
    if (g == "teams") return "Teams";
    if (g == "forces") return "Forces (gravity and water)";
    if (g == "gravity") return "Gravity";
    if (g == "water") return "Water";
    if (g == "ventures") return "Ventures";
    if (g == "organization") return "Organization";
    if (g == "commons") return "Commons";
    std::string t = g;
    if (!t.empty()) t[0] = char(std::toupper(static_cast<unsigned char>(t[0])));
    return t;
}

bool contains(const std::string& hay, const char* needle) {
    if (!needle[0]) return true;
    std::string h = hay, n = needle;
    for (auto& c : h) c = char(std::tolower(static_cast<unsigned char>(c)));
    for (auto& c : n) c = char(std::tolower(static_cast<unsigned char>(c)));
    return h.find(n) != std::string::npos;
}

void tooltip(const model::Param& p, double current) {
    if (!ImGui::IsItemHovered()) return;
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
    ImGui::PushFont(fonts().bold);
    ImGui::TextUnformatted(p.path.c_str());
    ImGui::PopFont();
    if (!p.description.empty()) ImGui::TextUnformatted(p.description.c_str());
    ImGui::TextDisabled("range %s – %s · in the file %s · now %s", viz::format_number(p.min).c_str(),
                        viz::format_number(p.max).c_str(), viz::format_number(p.value).c_str(),
                        viz::format_number(current).c_str());
    ImGui::TextDisabled("Drag for a quick preview; the full ensemble runs on release.");
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

void control(App& app, const model::Param& p, const std::string& label) {
    Session& s = app.session;
    const bool modified = s.overrides().count(p.path) > 0;
    const double current = s.value(p.path);
    ImGui::PushID(p.path.c_str());
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    if (modified) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(to_imgui(theme::kAccent)));
    ImGui::TextUnformatted(label.c_str());
    if (modified) ImGui::PopStyleColor();
    tooltip(p, current);
    ImGui::TableNextColumn();
    // A slider's value is written beside it, not over it: ImGui centres the text on the frame,
    // where the grab covers it at mid-range values.
    const float value_w = ImGui::CalcTextSize("-0.0000").x;
    const auto value_beside = [&](const char* text) {
        tooltip(p, current);   // the slider's
        ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
        ImGui::AlignTextToFramePadding();
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + value_w - ImGui::CalcTextSize(text).x);
        ImGui::TextUnformatted(text);
    };
    const float slider_w = -(value_w + ImGui::GetStyle().ItemInnerSpacing.x);
    switch (p.kind) {
        case model::ParamKind::Toggle: {
            bool on = current != 0.0;
            if (ImGui::Checkbox("##v", &on)) s.set(p.path, on ? 1.0 : 0.0, false);
            break;
        }
        case model::ParamKind::Integer: {
            int v = int(current);
            ImGui::SetNextItemWidth(slider_w);
            if (ImGui::SliderInt("##v", &v, int(p.min), int(p.max), "")) s.set(p.path, v, true);
            if (ImGui::IsItemDeactivatedAfterEdit()) s.release();
            value_beside(std::to_string(v).c_str());
            break;
        }
        case model::ParamKind::Real: {
            float v = float(current);
            const double span = p.max - p.min;
            const char* fmt = span <= 0.2 ? "%.4f" : span <= 2 ? "%.3f" : "%.2f";
            ImGui::SetNextItemWidth(slider_w);
            if (ImGui::SliderFloat("##v", &v, float(p.min), float(p.max), "", ImGuiSliderFlags_NoRoundToFormat))
                s.set(p.path, v, true);
            if (ImGui::IsItemDeactivatedAfterEdit()) s.release();
            char text[32];
            std::snprintf(text, sizeof text, fmt, double(v));
            value_beside(text);
            break;
        }
    }
    tooltip(p, current);
    ImGui::TableNextColumn();
    if (modified) {
        if (ImGui::SmallButton("×")) s.reset(p.path);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Back to the file's value (%s)", viz::format_number(p.value).c_str());
    }
    ImGui::PopID();
}

void scenario_tree(App& app) {
    const auto& s = app.session.base();
    if (!ImGui::CollapsingHeader("Scenario")) return;
    ImGui::Indent(4);
    std::function<void(const std::string&)> unit_node = [&](const std::string& unit) {
        for (const auto& u : s.organization.units) {
            if (u.parent != unit) continue;
            int teams = 0;
            for (const auto& t : s.teams) teams += t.unit == u.name;
            const bool open = ImGui::TreeNodeEx(u.name.c_str(), ImGuiTreeNodeFlags_SpanAvailWidth,
                                                "%s  (%d teams)", u.name.c_str(), teams);
            if (!open) continue;
            unit_node(u.name);
            for (int ti = 0; ti < int(s.teams.size()); ++ti) {
                const auto& t = s.teams[std::size_t(ti)];
                if (t.unit != u.name) continue;
                ImGuiTreeNodeFlags f = ImGuiTreeNodeFlags_Leaf | ImGuiTreeNodeFlags_NoTreePushOnOpen |
                                       ImGuiTreeNodeFlags_SpanAvailWidth;
                if (ti == app.ui.focal_team) f |= ImGuiTreeNodeFlags_Selected;
                ImGui::TreeNodeEx(t.name.c_str(), f, "%s  · %d people", t.name.c_str(), t.size);
                if (ImGui::IsItemClicked()) app.ui.focal_team = ti;
                if (!t.description.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", t.description.c_str());
            }
            ImGui::TreePop();
        }
    };
    if (ImGui::TreeNodeEx("Organization", ImGuiTreeNodeFlags_DefaultOpen, "%s", s.organization.name.c_str())) {
        unit_node("");
        ImGui::TreePop();
    }
    if (ImGui::TreeNode("Forces")) {
        for (const auto& g : s.gravity) {
            ImGui::BulletText("%s  (gravity)", g.name.c_str());
            if (!g.description.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", g.description.c_str());
        }
        for (const auto& w : s.water) {
            ImGui::BulletText("%s  (water)", w.name.c_str());
            if (!w.description.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", w.description.c_str());
        }
        ImGui::TreePop();
    }
    if (!s.ventures.empty() && ImGui::TreeNode("Ventures")) {
        for (const auto& v : s.ventures) {
            ImGui::BulletText("%s  (%s, %zu stones)", v.name.c_str(), v.team.c_str(), v.stones.size());
            if (!v.description.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", v.description.c_str());
        }
        ImGui::TreePop();
    }
    ImGui::Unindent(4);
    ImGui::Spacing();
}

}  // namespace

void draw_parameters_panel(App& app) {
    Session& s = app.session;
    scenario_tree(app);

    heading("Parameters", nullptr);
    ImGui::SetNextItemWidth(-FLT_MIN);
    ImGui::InputTextWithHint("##filter", "filter, e.g. shielding", app.ui.param_filter,
                             sizeof app.ui.param_filter);
    // The scenario's what-ifs: choosing one puts its assignments on the controls and adds its events.
    if (!s.base().variants.empty()) {
        ImGui::SetNextItemWidth(-FLT_MIN);
        if (ImGui::BeginCombo("##whatif", "what-if of the scenario...")) {
            for (const auto& v : s.base().variants) {
                if (ImGui::Selectable(v.name.c_str())) s.choose_variant(v.name);
                if (!v.description.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", v.description.c_str());
            }
            ImGui::EndCombo();
        }
    }
    const std::size_t n_over = s.overrides().size() + s.events().size();
    if (n_over > 0) {
        ImGui::TextDisabled("%zu changed", n_over);
        ImGui::SameLine();
        if (ImGui::SmallButton("reset all")) s.reset();
    } else {
        ImGui::TextDisabled("As in the file. Hover a name for its meaning.");
    }
    if (!s.error().empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(to_imgui(theme::kWarning)));
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(s.error().c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
    }
    ImGui::Spacing();

    // Group by first path component, then by entity, in registry order.
    std::vector<std::string> groups;
    std::map<std::string, std::vector<std::string>> entities;
    std::map<std::pair<std::string, std::string>, std::vector<const model::Param*>> members;
    for (const auto& p : s.parameters()) {
        if (!contains(p.path, app.ui.param_filter) && !contains(p.description, app.ui.param_filter)) continue;
        const auto parts = split(p.path);
        if (!members.count({parts.group, ""}) && entities.find(parts.group) == entities.end())
            groups.push_back(parts.group);
        auto& ents = entities[parts.group];
        if (std::find(ents.begin(), ents.end(), parts.entity) == ents.end()) ents.push_back(parts.entity);
        members[{parts.group, parts.entity}].push_back(&p);
    }
    const bool filtering = app.ui.param_filter[0] != '\0';
    const std::string focal = app.session.base().teams.empty()
                                  ? std::string()
                                  : app.session.base().teams[std::size_t(app.ui.focal_team)].name;
    // The focal team's own parameters first: they are what a what-if usually changes.
    if (!filtering && members.count({"teams", focal})) {
        ImGui::PushID("focal");
        ImGui::SetNextItemOpen(true, ImGuiCond_Once);
        if (ImGui::CollapsingHeader(("Focal team: " + focal).c_str())) {
            if (ImGui::BeginTable("params", 3, ImGuiTableFlags_SizingStretchProp)) {
                ImGui::TableSetupColumn("name", ImGuiTableColumnFlags_WidthStretch, 0.48f);
                ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch, 0.52f);
                ImGui::TableSetupColumn("reset", ImGuiTableColumnFlags_WidthFixed, 18.0f);
                for (const auto* p : members[{"teams", focal}]) control(app, *p, split(p->path).leaf);
                ImGui::EndTable();
            }
        }
        ImGui::PopID();
    }
    for (const auto& g : groups) {
        if (filtering) ImGui::SetNextItemOpen(true, ImGuiCond_Always);
        if (!ImGui::CollapsingHeader(group_title(g).c_str())) continue;
        for (const auto& e : entities[g]) {
            const auto& list = members[{g, e}];
            bool open = true;
            if (!e.empty()) {
                if (filtering) ImGui::SetNextItemOpen(true, ImGuiCond_Always);
                int changed = 0;
                for (const auto* p : list) changed += s.overrides().count(p->path) > 0;
                const std::string label = changed ? e + "  •" : e;
                open = ImGui::TreeNodeEx((g + "." + e).c_str(), ImGuiTreeNodeFlags_SpanAvailWidth, "%s",
                                         label.c_str());
            }
            if (!open) continue;
            if (ImGui::BeginTable("params", 3, ImGuiTableFlags_SizingStretchProp)) {
                ImGui::TableSetupColumn("name", ImGuiTableColumnFlags_WidthStretch, 0.48f);
                ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch, 0.52f);
                ImGui::TableSetupColumn("reset", ImGuiTableColumnFlags_WidthFixed, 18.0f);
                for (const auto* p : list) control(app, *p, split(p->path).leaf);
                ImGui::EndTable();
            }
            if (!e.empty()) ImGui::TreePop();
        }
    }
}

}  // namespace orgforces::dash
