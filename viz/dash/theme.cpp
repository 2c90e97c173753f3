#include "viz/dash/theme.hpp"

#include <filesystem>

namespace orgforces::dash {

namespace {

Fonts g_fonts;

ImVec4 vec(viz::Rgba c, float alpha = -1.0f) {
    return ImVec4(c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, alpha >= 0 ? alpha : c.a / 255.0f);
}

// Debian's fonts-dejavu-core puts them here; other systems may have them elsewhere.
const char* find_font(const char* file) {
    static const char* const dirs[] = {"/usr/share/fonts/truetype/dejavu/",
                                       "/usr/share/fonts/TTF/", "/usr/share/fonts/dejavu/"};
    static std::string found;
    for (const char* d : dirs) {
        found = std::string(d) + file;
        std::error_code ec;
        if (std::filesystem::exists(found, ec)) return found.c_str();
    }
    return nullptr;
}

ImFont* load(const char* file, float size) {
    ImGuiIO& io = ImGui::GetIO();
    const char* path = find_font(file);
    if (!path) return nullptr;
    ImFontConfig config;
    config.OversampleH = 2;
    config.OversampleV = 1;
    config.PixelSnapH = true;
    static const ImWchar ranges[] = {0x0020, 0x00FF, 0x2013, 0x2014, 0x2018, 0x201D, 0x2022, 0x2022,
                                     0x2026, 0x2026, 0x2070, 0x209F, 0x2190, 0x2193, 0x2212, 0x2212, 0x2264, 0x2265,
                                     0x25B2, 0x25BC, 0x25CF, 0x25CF, 0};
    return io.Fonts->AddFontFromFileTTF(path, size, &config, ranges);
}

}  // namespace

const Fonts& fonts() { return g_fonts; }

ImU32 to_imgui(viz::Rgba c) { return IM_COL32(c.r, c.g, c.b, c.a); }

void apply_theme(float scale) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    g_fonts.body = load("DejaVuSans.ttf", 15.0f * scale);
    g_fonts.small = load("DejaVuSans.ttf", 13.0f * scale);
    g_fonts.bold = load("DejaVuSans-Bold.ttf", 15.0f * scale);
    g_fonts.heading = load("DejaVuSans-Bold.ttf", 19.0f * scale);
    g_fonts.from_ttf = g_fonts.body && g_fonts.small && g_fonts.bold && g_fonts.heading;
    if (!g_fonts.from_ttf) {
        io.Fonts->Clear();
        ImFont* fallback = io.Fonts->AddFontDefault();
        g_fonts = Fonts{fallback, fallback, fallback, fallback, false};
    }
    io.FontDefault = g_fonts.body;

    ImGuiStyle& style = ImGui::GetStyle();
    style = ImGuiStyle();
    ImGui::StyleColorsLight(&style);
    style.WindowPadding = ImVec2(12, 10);
    style.FramePadding = ImVec2(8, 4);
    style.ItemSpacing = ImVec2(8, 6);
    style.ItemInnerSpacing = ImVec2(6, 4);
    style.CellPadding = ImVec2(6, 3);
    style.IndentSpacing = 14;
    style.ScrollbarSize = 12;
    style.GrabMinSize = 10;
    style.WindowRounding = 0;
    style.ChildRounding = 4;
    style.FrameRounding = 3;
    style.PopupRounding = 4;
    style.GrabRounding = 3;
    style.TabRounding = 4;
    style.ScrollbarRounding = 6;
    style.WindowBorderSize = 0;
    style.ChildBorderSize = 1;
    style.FrameBorderSize = 0;
    style.ScaleAllSizes(scale);

    using namespace viz::palette;
    ImVec4* c = style.Colors;
    const viz::Rgba accent = theme::kAccent;
    c[ImGuiCol_Text] = vec(kInk);
    c[ImGuiCol_TextDisabled] = vec(kMuted);
    c[ImGuiCol_WindowBg] = vec(theme::kWindow);
    c[ImGuiCol_ChildBg] = vec(kPaper);
    c[ImGuiCol_PopupBg] = vec(kPaper);
    c[ImGuiCol_Border] = vec(theme::kBorder);
    c[ImGuiCol_FrameBg] = vec(viz::Rgba{0xe8, 0xeb, 0xef, 255});
    c[ImGuiCol_FrameBgHovered] = vec(viz::Rgba{0xdc, 0xe4, 0xee, 255});
    c[ImGuiCol_FrameBgActive] = vec(viz::Rgba{0xcf, 0xdc, 0xea, 255});
    c[ImGuiCol_TitleBg] = vec(theme::kWindow);
    c[ImGuiCol_TitleBgActive] = vec(theme::kWindow);
    c[ImGuiCol_MenuBarBg] = vec(kPaper);
    c[ImGuiCol_CheckMark] = vec(accent);
    c[ImGuiCol_SliderGrab] = vec(accent, 0.85f);
    c[ImGuiCol_SliderGrabActive] = vec(accent);
    c[ImGuiCol_Button] = vec(viz::Rgba{0xe3, 0xe8, 0xee, 255});
    c[ImGuiCol_ButtonHovered] = vec(accent, 0.25f);
    c[ImGuiCol_ButtonActive] = vec(accent, 0.4f);
    c[ImGuiCol_Header] = vec(accent, 0.14f);
    c[ImGuiCol_HeaderHovered] = vec(accent, 0.22f);
    c[ImGuiCol_HeaderActive] = vec(accent, 0.32f);
    c[ImGuiCol_Separator] = vec(theme::kBorder);
    c[ImGuiCol_Tab] = vec(viz::Rgba{0xe6, 0xe9, 0xed, 255});
    c[ImGuiCol_TabHovered] = vec(accent, 0.25f);
    c[ImGuiCol_TabActive] = vec(kPaper);
    c[ImGuiCol_TabUnfocused] = c[ImGuiCol_Tab];
    c[ImGuiCol_TabUnfocusedActive] = vec(kPaper);
    c[ImGuiCol_TableHeaderBg] = vec(viz::Rgba{0xee, 0xf0, 0xf3, 255});
    c[ImGuiCol_TableBorderStrong] = vec(theme::kBorder);
    c[ImGuiCol_TableBorderLight] = vec(kGrid);
    c[ImGuiCol_TableRowBgAlt] = vec(viz::Rgba{0xf6, 0xf7, 0xf9, 255});
    c[ImGuiCol_PlotHistogram] = vec(accent);
    c[ImGuiCol_ScrollbarBg] = vec(theme::kWindow, 0.0f);
}

}  // namespace orgforces::dash
