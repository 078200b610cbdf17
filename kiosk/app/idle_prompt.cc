#include "kiosk/app/idle_prompt.h"

#include <cmath>

#include "kiosk/app/widgets.h"

namespace lk::ui {

bool DrawIdlePrompt(UiContext& ctx, int seconds_left) {
  const Metrics& m = ctx.m();
  const ImVec2 size = ctx.screen_size();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(size);
  ImGui::SetNextWindowFocus();
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ctx.colors().scrim);
  ImGui::Begin("##idle-prompt", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoScrollWithMouse);
  ImGui::PopStyleColor();
  ctx.widgets().set_layer(Layer::kOverlay);

  const float card_w = std::min(size.x - 2 * m.margin, std::round(1100 * m.scale));
  const float title_h = LineHeight(ctx, FontRole::kTitle), heading_h = LineHeight(ctx, FontRole::kHeading);
  const float button_h = std::round(m.target * 1.25f);
  const float card_h = m.gap * 2 + title_h * 2 + m.gap + heading_h * 2 + m.gap * 2 + button_h + m.gap * 2;
  const ImVec2 min(std::round((size.x - card_w) / 2), std::round((size.y - card_h) / 2));
  const ImRect card(min, min + ImVec2(card_w, card_h));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(card.Min, card.Max, ToU32(ctx.colors().background), m.rounding * 2);
  draw->AddRect(card.Min, card.Max, ToU32(ctx.colors().border), m.rounding * 2, 0, m.border);

  const float pad = m.gap * 2;
  float y = card.Min.y + pad;
  y += Text(ctx, ctx.T("idle.question"), FontRole::kTitle, ImRect(ImVec2(card.Min.x + pad, y), ImVec2(card.Max.x - pad, y + title_h * 2)),
            Tone::kNormal, Align::kCenter);
  y += m.gap;
  Text(ctx, ctx.Tf("idle.countdown", {{"seconds", std::to_string(seconds_left)}}), FontRole::kHeading,
       ImRect(ImVec2(card.Min.x + pad, y), ImVec2(card.Max.x - pad, y + heading_h * 2)), Tone::kMuted, Align::kCenter);
  const float button_w = std::round(card_w * 0.6f);
  const ImVec2 bmin(std::round(card.GetCenter().x - button_w / 2), card.Max.y - pad - button_h);
  bool pressed = Button(ctx, {"idle/continue", ImRect(bmin, bmin + ImVec2(button_w, button_h)), ButtonKind::kPrimary,
                              {{std::string(ctx.T("idle.continue")), FontRole::kTitle}}});
  ImGui::End();
  ctx.widgets().set_layer(Layer::kScreen);
  return pressed;
}

}  // namespace lk::ui
