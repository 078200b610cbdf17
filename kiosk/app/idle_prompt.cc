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
  const float button_h = std::round(m.target * 1.25f);
  const float pad = m.gap * 2;
  const float text_w = card_w - 2 * pad;
  const std::string question(ctx.T("idle.question"));
  const std::string countdown = ctx.Tf("idle.countdown", {{"seconds", std::to_string(seconds_left)}});
  const float question_h = TextHeight(ctx, question, FontRole::kTitle, text_w);
  const float countdown_h = TextHeight(ctx, countdown, FontRole::kHeading, text_w);
  const float card_h = pad + question_h + m.gap + countdown_h + pad + button_h + pad;
  const ImVec2 min(std::round((size.x - card_w) / 2), std::round((size.y - card_h) / 2));
  const ImRect card(min, min + ImVec2(card_w, card_h));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  FillRoundedRect(draw, card.Min, card.Max, ToU32(ctx.colors().background), m.rounding * 2);
  draw->AddRect(card.Min, card.Max, ToU32(ctx.colors().border), m.rounding * 2, 0, m.border);

  float y = card.Min.y + pad;
  y += Text(ctx, question, FontRole::kTitle,
            ImRect(ImVec2(card.Min.x + pad, y), ImVec2(card.Max.x - pad, y + question_h)), Tone::kNormal,
            Align::kCenter);
  y += m.gap;
  Text(ctx, countdown, FontRole::kHeading,
       ImRect(ImVec2(card.Min.x + pad, y), ImVec2(card.Max.x - pad, y + countdown_h)), Tone::kMuted, Align::kCenter);
  const float button_w = std::round(card_w * 0.6f);
  const ImVec2 bmin(std::round(card.GetCenter().x - button_w / 2), card.Max.y - pad - button_h);
  bool pressed = Button(ctx, {"idle/continue",
                              ImRect(bmin, bmin + ImVec2(button_w, button_h)),
                              ButtonKind::kPrimary,
                              {{std::string(ctx.T("idle.continue")), FontRole::kTitle}}});
  ImGui::End();
  ctx.widgets().set_layer(Layer::kScreen);
  return pressed;
}

}  // namespace lk::ui
