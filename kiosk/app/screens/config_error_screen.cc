// Configuration error: the kiosk cannot check anyone in until staff fix its configuration. Says so in both
// languages, big, with the error for the technician; no navigation.
#include <cmath>

#include "kiosk/app/screens/chrome.h"
#include "kiosk/app/screens/screen.h"

namespace lk::ui {
namespace {

class ConfigErrorScreen final : public Screen {
 public:
  std::string_view id() const override { return screen_id::kConfigError; }

  void Draw(UiContext& ctx) override {
    const Metrics& m = ctx.m();
    const ImVec2 size = ctx.screen_size();
    const float column_w = std::min(size.x - 2 * m.margin, std::round(1600 * m.scale));
    const float x0 = std::round((size.x - column_w) / 2);
    float y = std::round(size.y * 0.1f);
    const float icon = std::round(LineHeight(ctx, FontRole::kTitle) * 1.4f);
    DrawIcon(ImGui::GetWindowDrawList(), Icon::kAttention,
             ImRect(ImVec2(std::round(size.x / 2 - icon / 2), y), ImVec2(std::round(size.x / 2 + icon / 2), y + icon)),
             ToU32(ctx.colors().attention), std::max(3.0f, m.border * 1.5f));
    y += icon + m.gap * 1.5f;
    auto block = [&](std::string_view text, FontRole role, Tone tone) {
      y += Text(ctx, text, role, ImRect(ImVec2(x0, y), ImVec2(x0 + column_w, size.y - m.margin)), tone, Align::kCenter);
      y += m.gap * 0.6f;
    };
    block(ctx.TIn(Language::kZh, "config_error.heading"), FontRole::kTitle, Tone::kAttention);
    block(ctx.TIn(Language::kZh, "config_error.body"), FontRole::kHeading, Tone::kNormal);
    y += m.gap;
    block(ctx.TIn(Language::kEn, "config_error.heading"), FontRole::kTitle, Tone::kAttention);
    block(ctx.TIn(Language::kEn, "config_error.body"), FontRole::kHeading, Tone::kNormal);
    y += m.gap;
    block(ctx.config_problem(), FontRole::kBody, Tone::kMuted);
  }
};

}  // namespace

std::unique_ptr<Screen> MakeConfigErrorScreen() { return std::make_unique<ConfigErrorScreen>(); }

}  // namespace lk::ui
