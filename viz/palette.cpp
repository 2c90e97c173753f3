#include "viz/palette.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace orgforces::viz {

namespace {
std::uint8_t clamp_byte(double v) {
    return static_cast<std::uint8_t>(std::clamp(std::lround(v), 0L, 255L));
}
double channel(std::uint8_t v) {
    const double c = v / 255.0;
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}
}  // namespace

Rgba categorical(std::size_t i) { return palette::kOkabeIto[i % 8]; }

Rgba with_alpha(Rgba c, double alpha) {
    c.a = clamp_byte(std::clamp(alpha, 0.0, 1.0) * 255.0);
    return c;
}

Rgba tint(Rgba c, double amount) {
    const double t = std::clamp(amount, 0.0, 1.0);
    return {clamp_byte(c.r + (255 - c.r) * t), clamp_byte(c.g + (255 - c.g) * t),
            clamp_byte(c.b + (255 - c.b) * t), c.a};
}

// ColorBrewer YlGnBu: ordered in lightness (prints as a grey ramp) and safe for colour-vision
// deficiencies; pale at zero so that "no friction" reads as empty paper.
const std::vector<ColorStop>& sequential_stops() {
    static const std::vector<ColorStop> stops = {
        {0.000, {0xff, 0xff, 0xd9, 255}}, {0.125, {0xed, 0xf8, 0xb1, 255}},
        {0.250, {0xc7, 0xe9, 0xb4, 255}}, {0.375, {0x7f, 0xcd, 0xbb, 255}},
        {0.500, {0x41, 0xb6, 0xc4, 255}}, {0.625, {0x1d, 0x91, 0xc0, 255}},
        {0.750, {0x22, 0x5e, 0xa8, 255}}, {0.875, {0x25, 0x34, 0x94, 255}},
        {1.000, {0x08, 0x1d, 0x58, 255}},
    };
    return stops;
}

const std::vector<ColorStop>& diverging_stops() {
    static const std::vector<ColorStop> stops = {
        {0.0, palette::kOkabeIto[0]},
        {0.5, {0xf7, 0xf7, 0xf7, 255}},
        {1.0, palette::kOkabeIto[5]},
    };
    return stops;
}

Rgba ramp(const std::vector<ColorStop>& stops, double t) {
    if (stops.empty()) return palette::kInk;
    if (!std::isfinite(t)) t = 0.0;
    t = std::clamp(t, 0.0, 1.0);
    if (t <= stops.front().t) return stops.front().color;
    for (std::size_t i = 1; i < stops.size(); ++i) {
        if (t <= stops[i].t) {
            const auto& a = stops[i - 1];
            const auto& b = stops[i];
            const double u = b.t > a.t ? (t - a.t) / (b.t - a.t) : 0.0;
            return {clamp_byte(a.color.r + (b.color.r - a.color.r) * u),
                    clamp_byte(a.color.g + (b.color.g - a.color.g) * u),
                    clamp_byte(a.color.b + (b.color.b - a.color.b) * u),
                    clamp_byte(a.color.a + (b.color.a - a.color.a) * u)};
        }
    }
    return stops.back().color;
}

std::string to_hex(Rgba c) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", c.r, c.g, c.b);
    return buf;
}

double opacity(Rgba c) { return c.a / 255.0; }

double luminance(Rgba c) {
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

}  // namespace orgforces::viz
