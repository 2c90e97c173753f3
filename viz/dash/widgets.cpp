#include <imgui.h>

#include <algorithm>

#include "viz/dash/panels.hpp"
#include "viz/dash/theme.hpp"

namespace orgforces::dash {

void heading(const char* title, const char* subtitle) {
    ImGui::PushFont(fonts().bold);
    ImGui::TextUnformatted(title);
    ImGui::PopFont();
    if (subtitle) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(subtitle);
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
    }
    ImGui::Spacing();
}

void empty_state(const char* message) {
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float w = std::min(avail.x - 40.0f, 520.0f);
    const ImVec2 size = ImGui::CalcTextSize(message, nullptr, false, w);
    ImGui::SetCursorPos(ImVec2(ImGui::GetCursorPosX() + (avail.x - std::min(size.x, w)) / 2,
                               ImGui::GetCursorPosY() + std::max(20.0f, avail.y / 3)));
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w);
    ImGui::TextUnformatted(message);
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
}

void help_marker(const char* text) {
    ImGui::SameLine();
    ImGui::TextDisabled("(?)");
    if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
        ImGui::TextUnformatted(text);
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

}  // namespace orgforces::dash
