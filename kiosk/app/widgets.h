// Widgets: the few drawing helpers every screen uses, built for fingers and failing eyes.
//
// Button draws a touch target (never under the theme's target size in tests) with one or more lines of
// text that wrap inside it, an optional icon, and records it in the WidgetLog with whether its text fits.
// Text draws a wrapped paragraph in a box and records whether it fits. Labels are always texts already
// looked up by key; ids are ImGui ids unique within the screen ("nav/back", "course/<id>").
// UI thread only, between ImGui::NewFrame and ImGui::Render.
#pragma once

#include <imgui.h>
#include <imgui_internal.h>

#include <string>
#include <string_view>
#include <vector>

#include "kiosk/app/fonts.h"
#include "kiosk/app/ui_context.h"

namespace lk::ui {

enum class ButtonKind {
  kPrimary,    // the screen's main action
  kSecondary,  // any other action
  kRow,        // a list row (left-aligned lines)
  kKey,        // a keypad key
};

enum class Icon { kNone, kBack, kHome, kSearch, kCheck, kBackspace, kAttention, kCard };

enum class Tone { kNormal, kMuted, kHighlight, kSuccess, kAttention };

enum class Align { kLeft, kCenter };

struct TextLine {
  std::string text;
  FontRole role = FontRole::kBody;
  Tone tone = Tone::kNormal;
};

struct ButtonSpec {
  std::string id;
  ImRect rect;
  ButtonKind kind = ButtonKind::kSecondary;
  std::vector<TextLine> lines;
  Icon icon = Icon::kNone;
  bool enabled = true;
};

// Draws and records a button; true on the frame it is tapped (released over it after a press on it).
bool Button(UiContext& ctx, const ButtonSpec& spec);
// The space between a button's edge and its content.
ImVec2 ButtonPadding(const Metrics& m);

// Draws `text` wrapped to `box`'s width from its top; records it. Returns the height used.
float Text(UiContext& ctx, std::string_view text, FontRole role, const ImRect& box, Tone tone = Tone::kNormal,
           Align align = Align::kLeft);
// The height `text` takes wrapped to `width`.
float TextHeight(UiContext& ctx, std::string_view text, FontRole role, float width);
// Lines of `text` wrapped to `width` (explicit newlines break too).
std::vector<std::string_view> WrapLines(ImFont* font, float size, std::string_view text, float width);
float LineHeight(UiContext& ctx, FontRole role);

void DrawIcon(ImDrawList* draw, Icon icon, const ImRect& box, ImU32 color, float thickness);
// A filled panel in the surface colour with the border colour's outline.
void Panel(UiContext& ctx, const ImRect& rect);

// ImDrawList::AddRectFilled with rounded corners, drawn so that SDL's software renderer stays fast: without
// anti-aliasing (the software look) it is three plain rectangles, which SDL copies, plus four small
// corner fans; ImGui's one fan over the whole area would be rasterized triangle by triangle, pixel by pixel.
void FillRoundedRect(ImDrawList* draw, const ImVec2& min, const ImVec2& max, ImU32 color, float rounding);

ImVec4 ToneColor(const Palette& palette, Tone tone);

}  // namespace lk::ui
