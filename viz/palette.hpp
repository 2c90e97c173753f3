#pragma once
// Colours shared by the SVG report and the Dear ImGui dashboard.
//
// Categories use the Okabe–Ito palette (safe for the common colour-vision deficiencies and
// distinct in greyscale print by lightness); continuous values use a single-hue-to-dark ramp that
// stays ordered in greyscale; signed values use a blue–white–orange diverging ramp.

#include <cstdint>
#include <string>
#include <vector>

namespace orgforces::viz {

/// An sRGB colour with straight (not premultiplied) alpha.
struct Rgba {
    std::uint8_t r = 0, g = 0, b = 0, a = 255;
    friend bool operator==(const Rgba&, const Rgba&) = default;
};

/// A stop of a continuous colour ramp: position t in [0,1] and its colour.
struct ColorStop {
    double t = 0.0;
    Rgba color;
};

namespace palette {

inline constexpr Rgba kInk{0x22, 0x22, 0x22, 255};        ///< text and axes
inline constexpr Rgba kMuted{0x6b, 0x6b, 0x6b, 255};      ///< secondary text, tick labels
inline constexpr Rgba kGrid{0xe3, 0xe3, 0xe3, 255};       ///< grid lines
inline constexpr Rgba kPaper{0xff, 0xff, 0xff, 255};      ///< background

/// The eight Okabe–Ito colours in the order used for categories (black last: it is the ink).
inline constexpr Rgba kOkabeIto[8] = {
    {0x00, 0x72, 0xB2, 255},  // blue
    {0xE6, 0x9F, 0x00, 255},  // orange
    {0x00, 0x9E, 0x73, 255},  // bluish green
    {0xCC, 0x79, 0xA7, 255},  // reddish purple
    {0x56, 0xB4, 0xE9, 255},  // sky blue
    {0xD5, 0x5E, 0x00, 255},  // vermillion
    {0xF0, 0xE4, 0x42, 255},  // yellow (weak on white: used last)
    {0x00, 0x00, 0x00, 255},  // black
};

}  // namespace palette

/// The colour of category i (cycles through the Okabe–Ito palette).
Rgba categorical(std::size_t i);

/// `c` with its alpha replaced by `alpha` in [0,1].
Rgba with_alpha(Rgba c, double alpha);

/// `c` mixed toward white by `amount` in [0,1] (a lighter tint for fills that must print).
Rgba tint(Rgba c, double amount);

/// Sequential ramp for magnitudes (heatmaps): pale yellow at 0 to dark purple-blue at 1.
const std::vector<ColorStop>& sequential_stops();

/// Diverging ramp for signed values: blue at 0, white at 0.5, vermillion at 1.
const std::vector<ColorStop>& diverging_stops();

/// The colour of a ramp at t (clamped to [0,1]), linearly interpolated between stops.
Rgba ramp(const std::vector<ColorStop>& stops, double t);

/// "#rrggbb" (alpha is not included; renderers pass it separately).
std::string to_hex(Rgba c);

/// Alpha as a fraction in [0,1].
double opacity(Rgba c);

/// Relative luminance (WCAG), used to pick readable text over a filled cell.
double luminance(Rgba c);

}  // namespace orgforces::viz
