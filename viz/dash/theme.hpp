#pragma once
// The dashboard's look: fonts (DejaVu from Debian's fonts-dejavu-core when present, else
// Dear ImGui's built-in font) and a light scheme built from viz/palette.hpp, so the dashboard
// and the printed report share their colours.

#include <imgui.h>

#include "viz/palette.hpp"

namespace orgforces::dash {

/// Fonts loaded once at start-up; every pointer is valid (fallbacks share the default font).
struct Fonts {
    ImFont* body = nullptr;     ///< controls and tables
    ImFont* small = nullptr;    ///< chart ticks and legends
    ImFont* bold = nullptr;     ///< chart titles, panel headings
    ImFont* heading = nullptr;  ///< the top bar
    bool from_ttf = false;      ///< false when the TTF files were missing
};

/// Loads the fonts into the current ImGui context (before the renderer builds its atlas) and
/// sets the style. `scale` multiplies every font size (1 = 15 px body text).
void apply_theme(float scale = 1.0f);

/// The fonts loaded by apply_theme.
const Fonts& fonts();

/// A palette colour as an ImGui colour.
ImU32 to_imgui(viz::Rgba c);

/// Scheme colours beyond the palette's ink, muted, grid and paper.
namespace theme {
inline constexpr viz::Rgba kWindow{0xf4, 0xf5, 0xf7, 255};   ///< behind the chart cards
inline constexpr viz::Rgba kPanel{0xfb, 0xfb, 0xfc, 255};    ///< side panels
inline constexpr viz::Rgba kBorder{0xd5, 0xd8, 0xdd, 255};
inline constexpr viz::Rgba kAccent = viz::palette::kOkabeIto[0];    ///< controls, focal team
inline constexpr viz::Rgba kWarning = viz::palette::kOkabeIto[5];   ///< errors, failures
inline constexpr viz::Rgba kGood = viz::palette::kOkabeIto[2];      ///< successes
}  // namespace theme

}  // namespace orgforces::dash
