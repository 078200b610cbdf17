// Welcome (attract) screen: the centre's name, the time, and "touch to start" in both languages. The whole
// screen is one touch target that opens the home screen.
#include <cmath>

#include "kiosk/app/screens/chrome.h"
#include "kiosk/app/screens/screen.h"

namespace lk::ui {
namespace {

class WelcomeScreen final : public Screen {
 public:
  std::string_view id() const override { return screen_id::kWelcome; }

  void Draw(UiContext& ctx) override {
    const ImVec2 size = ctx.screen_size();
    const Metrics& m = ctx.m();
    ImGui::SetCursorScreenPos(ImVec2(0, 0));
    if (ImGui::InvisibleButton("welcome/start", size)) ctx.nav().Home();
    const bool held = ImGui::IsItemActive();

    const Language other = ctx.language() == Language::kZh ? Language::kEn : Language::kZh;
    const std::string touch_first(ctx.TIn(ctx.language(), "welcome.touch"));
    const std::string touch_second(ctx.TIn(other, "welcome.touch"));
    ctx.widgets().AddWidget({"welcome/start", {touch_first, touch_second}, ImRect(ImVec2(0, 0), size)});

    const float column_w = std::min(size.x - 2 * m.margin, std::round(1500 * m.scale));
    const float x0 = (size.x - column_w) / 2;
    auto box = [&](float y, float h) { return ImRect(ImVec2(x0, y), ImVec2(x0 + column_w, y + h)); };
    float y = std::round(size.y * 0.09f);

    const Centre& centre = ctx.catalog().centre();
    if (ctx.catalog().loaded()) {
      y += Text(ctx, ctx.L(centre.name), FontRole::kTitle, box(y, LineHeight(ctx, FontRole::kTitle) * 2), Tone::kNormal,
                Align::kCenter);
      const std::string& other_name = centre.name.Get(other);
      if (other_name != ctx.L(centre.name)) {
        y += Text(ctx, other_name, FontRole::kBody, box(y, LineHeight(ctx, FontRole::kBody) * 2), Tone::kMuted,
                  Align::kCenter);
      }
    }
    y += m.gap * 2;
    const TimeMs now = ctx.now();
    y += Text(ctx, ctx.Clock(now), FontRole::kDisplay, box(y, LineHeight(ctx, FontRole::kDisplay)), Tone::kNormal,
              Align::kCenter);
    y += Text(ctx, ctx.DateLine(now), FontRole::kHeading, box(y, LineHeight(ctx, FontRole::kHeading)), Tone::kMuted,
              Align::kCenter);

    // The visible "button": a large pill near the bottom (the whole screen responds).
    const float pill_h = LineHeight(ctx, FontRole::kTitle) + LineHeight(ctx, FontRole::kHeading) + m.gap * 2;
    const float pill_w = std::min(column_w, std::round(1100 * m.scale));
    const ImVec2 pill_min((size.x - pill_w) / 2, size.y - pill_h - std::round(size.y * 0.1f));
    const ImRect pill(pill_min, pill_min + ImVec2(pill_w, pill_h));
    FillRoundedRect(ImGui::GetWindowDrawList(), pill.Min, pill.Max,
                    ToU32(held ? ctx.colors().primary_pressed : ctx.colors().primary), pill_h / 2);
    float ty = pill.Min.y + m.gap;
    ImRect line1(ImVec2(pill.Min.x + m.gap, ty), ImVec2(pill.Max.x - m.gap, ty + LineHeight(ctx, FontRole::kTitle)));
    DrawOnPrimary(ctx, touch_first, FontRole::kTitle, line1);
    ty += LineHeight(ctx, FontRole::kTitle);
    ImRect line2(ImVec2(pill.Min.x + m.gap, ty), ImVec2(pill.Max.x - m.gap, ty + LineHeight(ctx, FontRole::kHeading)));
    DrawOnPrimary(ctx, touch_second, FontRole::kHeading, line2);
  }

 private:
  // Centred text in the primary button's text colour.
  static void DrawOnPrimary(UiContext& ctx, const std::string& text, FontRole role, const ImRect& box) {
    ImFont* font = ctx.font(role);
    const float size = ctx.font_size(role);
    float w = font->CalcTextSizeA(size, FLT_MAX, 0, text.c_str()).x;
    ImGui::GetWindowDrawList()->AddText(font, size, ImVec2(std::floor(box.GetCenter().x - w / 2), box.Min.y),
                                        ToU32(ctx.colors().primary_text), text.c_str());
    ctx.widgets().AddText({text, font, size, box, w <= box.GetWidth()});
  }
};

}  // namespace

std::unique_ptr<Screen> MakeWelcomeScreen() { return std::make_unique<WelcomeScreen>(); }

}  // namespace lk::ui
