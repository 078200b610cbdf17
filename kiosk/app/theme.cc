#include "kiosk/app/theme.h"

#include <algorithm>
#include <cmath>

namespace lk::ui {
namespace {

ImVec4 Rgb(unsigned hex, float alpha = 1.0f) {
  return ImVec4(float((hex >> 16) & 0xFF) / 255.0f, float((hex >> 8) & 0xFF) / 255.0f, float(hex & 0xFF) / 255.0f, alpha);
}

Palette StandardPalette() {
  Palette p;
  p.background = Rgb(0xF4F1EA);
  p.surface = Rgb(0xFFFFFF);
  p.text = Rgb(0x1B1B1B);
  p.text_muted = Rgb(0x4A4A4A);
  p.primary = Rgb(0x0A5C8F);
  p.primary_pressed = Rgb(0x07405F);
  p.primary_text = Rgb(0xFFFFFF);
  p.secondary = Rgb(0xFFFFFF);
  p.secondary_pressed = Rgb(0xDCD6C8);
  p.secondary_text = Rgb(0x1B1B1B);
  p.border = Rgb(0x5E5E5E);
  p.disabled = Rgb(0xE6E2DA);
  p.disabled_text = Rgb(0x4F4F4F);
  p.success = Rgb(0x1E6B36);
  p.attention = Rgb(0x8A4B00);
  p.highlight = Rgb(0x0A5C8F);
  p.scrim = Rgb(0x1B1B1B, 0.55f);
  return p;
}

Palette HighContrastPalette() {
  Palette p;
  p.background = Rgb(0x000000);
  p.surface = Rgb(0x141414);
  p.text = Rgb(0xFFFFFF);
  p.text_muted = Rgb(0xE6E6E6);
  p.primary = Rgb(0xFFD60A);
  p.primary_pressed = Rgb(0xD9B500);
  p.primary_text = Rgb(0x000000);
  p.secondary = Rgb(0x000000);
  p.secondary_pressed = Rgb(0x3A3A3A);
  p.secondary_text = Rgb(0xFFFFFF);
  p.border = Rgb(0xFFFFFF);
  p.disabled = Rgb(0x262626);
  p.disabled_text = Rgb(0xBDBDBD);
  p.success = Rgb(0x7CFC8A);
  p.attention = Rgb(0xFFB347);
  p.highlight = Rgb(0xFFD60A);
  p.scrim = Rgb(0x000000, 0.7f);
  return p;
}

double Linear(float channel) {
  double c = channel;
  return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

}  // namespace

Theme MakeTheme(bool large_text, float scale) {
  Theme theme;
  theme.large_text = large_text;
  theme.palette = large_text ? HighContrastPalette() : StandardPalette();
  Metrics& m = theme.metrics;
  const float k = large_text ? 1.5f : 1.0f;
  m.scale = scale;
  m.body = std::round(30 * k * scale);
  m.heading = std::round((large_text ? 56 : 40) * scale);
  m.title = std::round((large_text ? 68 : 54) * scale);
  m.display = std::round((large_text ? 136 : 120) * scale);
  m.target = std::round((large_text ? 140 : 112) * scale);
  m.gap = std::round((large_text ? 28 : 24) * scale);
  m.margin = std::round(40 * scale);
  m.top_bar = std::round(120 * scale);
  m.bottom_bar = std::round((large_text ? 172 : 148) * scale);
  m.rounding = std::round(14 * scale);
  m.border = std::max(2.0f, std::round((large_text ? 4 : 3) * scale));
  return theme;
}

std::vector<ContrastPair> Theme::ContrastPairs() const {
  const Palette& p = palette;
  return {
      {"text on background", p.text, p.background},
      {"text on surface", p.text, p.surface},
      {"muted text on background", p.text_muted, p.background},
      {"muted text on surface", p.text_muted, p.surface},
      {"primary button text", p.primary_text, p.primary},
      {"pressed primary button text", p.primary_text, p.primary_pressed},
      {"secondary button text", p.secondary_text, p.secondary},
      {"pressed secondary button text", p.secondary_text, p.secondary_pressed},
      {"disabled button text", p.disabled_text, p.disabled},
      {"success on background", p.success, p.background},
      {"success on surface", p.success, p.surface},
      {"attention on background", p.attention, p.background},
      {"attention on surface", p.attention, p.surface},
      {"highlight on surface", p.highlight, p.surface},
      {"highlight on background", p.highlight, p.background},
  };
}

double RelativeLuminance(const ImVec4& color) {
  return 0.2126 * Linear(color.x) + 0.7152 * Linear(color.y) + 0.0722 * Linear(color.z);
}

double ContrastRatio(const ImVec4& a, const ImVec4& b) {
  double la = RelativeLuminance(a), lb = RelativeLuminance(b);
  if (la < lb) std::swap(la, lb);
  return (la + 0.05) / (lb + 0.05);
}

ImU32 ToU32(const ImVec4& color) { return ImGui::ColorConvertFloat4ToU32(color); }

}  // namespace lk::ui
