#include "kiosk/app/widgets.h"

#include <algorithm>
#include <cmath>

namespace lk::ui {
namespace {

constexpr std::string_view kNoLineStart = "，。、；：？！）》」』”’,.;:?!)";

size_t Utf8Length(unsigned char lead) {
  return lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 1;
}

// True when the character at `p` must not start a line (closing punctuation).
bool IsNoLineStart(const char* p, const char* end) {
  size_t n = std::min<size_t>(Utf8Length(static_cast<unsigned char>(*p)), size_t(end - p));
  std::string_view ch(p, n);
  for (size_t i = 0; i < kNoLineStart.size();) {
    size_t m = Utf8Length(static_cast<unsigned char>(kNoLineStart[i]));
    if (kNoLineStart.substr(i, m) == ch) return true;
    i += m;
  }
  return false;
}

const char* PreviousChar(const char* p, const char* begin) {
  do {
    --p;
  } while (p > begin && (static_cast<unsigned char>(*p) & 0xC0) == 0x80);
  return p;
}

constexpr std::string_view kEllipsis = "\u2026";  // in every atlas (fonts.cc)

float Width(ImFont* font, float size, std::string_view text) {
  return font->CalcTextSizeA(size, FLT_MAX, 0, text.data(), text.data() + text.size()).x;
}

// `lines` cut to at most `max_lines` (at least one); when cut, the last one is `*tail`: that line
// shortened by whole characters until it and an ellipsis fit `width`, then the ellipsis. Returns whether
// anything was cut. Text that fits costs nothing more than its wrapping (this runs every frame).
bool CutWithEllipsis(ImFont* font, float size, float width, size_t max_lines, std::vector<std::string_view>* lines,
                     std::string* tail) {
  max_lines = std::max<size_t>(1, max_lines);
  if (lines->size() <= max_lines) return false;
  lines->resize(max_lines);
  std::string_view last = lines->back();
  const float ellipsis_w = Width(font, size, kEllipsis);
  while (!last.empty() && (last.back() == ' ' || Width(font, size, last) + ellipsis_w > width)) {
    last = last.substr(0, size_t(PreviousChar(last.data() + last.size(), last.data()) - last.data()));
  }
  *tail = std::string(last) + std::string(kEllipsis);
  lines->back() = *tail;
  return true;
}

// How many lines of `line_height` fit `height` (the half pixel forgives rounding).
size_t LinesThatFit(float height, float line_height) {
  return line_height > 0 ? size_t(std::max(0.0f, std::floor((height + 0.5f) / line_height))) : 0;
}

struct Colors {
  ImVec4 fill, text, border;
  bool outline;
};

Colors ButtonColors(const Palette& p, ButtonKind kind, bool held, bool enabled) {
  if (!enabled) return {p.disabled, p.disabled_text, p.disabled, false};
  switch (kind) {
    case ButtonKind::kPrimary:
      return {held ? p.primary_pressed : p.primary, p.primary_text, p.primary, false};
    case ButtonKind::kSecondary:
    case ButtonKind::kRow:
    case ButtonKind::kKey:
      return {held ? p.secondary_pressed : p.secondary, p.secondary_text, p.border, true};
  }
  return {p.secondary, p.secondary_text, p.border, true};
}

}  // namespace

ImVec4 ToneColor(const Palette& palette, Tone tone) {
  switch (tone) {
    case Tone::kNormal:
      return palette.text;
    case Tone::kMuted:
      return palette.text_muted;
    case Tone::kHighlight:
      return palette.highlight;
    case Tone::kSuccess:
      return palette.success;
    case Tone::kAttention:
      return palette.attention;
  }
  return palette.text;
}

std::vector<std::string_view> WrapLines(ImFont* font, float size, std::string_view text, float width) {
  std::vector<std::string_view> lines;
  const char* p = text.data();
  const char* end = text.data() + text.size();
  const float scale = size / font->FontSize;
  while (p < end) {
    const char* line_end = std::find(p, end, '\n');
    const char* s = p;
    do {
      const char* wrap = width > 0 ? font->CalcWordWrapPositionA(scale, s, line_end, width) : line_end;
      if (wrap <= s) wrap = std::min(line_end, s + Utf8Length(static_cast<unsigned char>(*s)));
      // Closing punctuation stays with the character before it.
      if (wrap < line_end && IsNoLineStart(wrap, line_end)) {
        const char* back = PreviousChar(wrap, s);
        if (back > s) wrap = back;
      }
      const char* trimmed = wrap;
      while (trimmed > s && trimmed[-1] == ' ') --trimmed;
      lines.emplace_back(s, size_t(trimmed - s));
      s = wrap;
      while (s < line_end && *s == ' ') ++s;
    } while (s < line_end);
    p = line_end < end ? line_end + 1 : end;
    if (line_end + 1 == end) lines.emplace_back();  // a trailing newline leaves an empty last line
  }
  return lines;
}

float LineHeight(UiContext& ctx, FontRole role) { return ctx.font_size(role); }

float TextHeight(UiContext& ctx, std::string_view text, FontRole role, float width) {
  return float(WrapLines(ctx.font(role), ctx.font_size(role), text, width).size()) * LineHeight(ctx, role);
}

float Text(UiContext& ctx, std::string_view text, FontRole role, const ImRect& box, Tone tone, Align align) {
  ImFont* font = ctx.font(role);
  const float size = ctx.font_size(role);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImU32 color = ToU32(ToneColor(ctx.colors(), tone));
  float y = box.Min.y;
  bool fits = true;
  // What does not fit the box ends with an ellipsis instead of running out of it.
  std::vector<std::string_view> lines = WrapLines(font, size, text, box.GetWidth());
  std::string tail;
  const bool cut = CutWithEllipsis(font, size, box.GetWidth(), LinesThatFit(box.GetHeight(), size), &lines, &tail);
  for (std::string_view line : lines) {
    float w = Width(font, size, line);
    if (w > box.GetWidth() + 0.5f) fits = false;
    float x = align == Align::kCenter ? box.Min.x + (box.GetWidth() - w) / 2 : box.Min.x;
    draw->AddText(font, size, ImVec2(std::floor(x), std::floor(y)), color, line.data(), line.data() + line.size());
    y += size;
  }
  float height = y - box.Min.y;
  if (height > box.GetHeight() + 0.5f && !cut) fits = false;
  ctx.widgets().AddText({std::string(text), font, size, box, fits, Layer::kScreen, cut});
  return height;
}

void FillRoundedRect(ImDrawList* draw, const ImVec2& min, const ImVec2& max, ImU32 color, float rounding) {
  const float r = std::min({rounding, (max.x - min.x) / 2, (max.y - min.y) / 2});
  if (r < 1 || (draw->Flags & ImDrawListFlags_AntiAliasedFill)) {
    draw->AddRectFilled(min, max, color, rounding);
    return;
  }
  // The side strips reach one pixel into the corners: the rasterizer leaves the row where a strip meets a
  // fan to neither (the fills are opaque, so the overlap does not show).
  draw->AddRectFilled(ImVec2(min.x + r, min.y), ImVec2(max.x - r, max.y), color);
  draw->AddRectFilled(ImVec2(min.x, min.y + r - 1), ImVec2(min.x + r, max.y - r + 1), color);
  draw->AddRectFilled(ImVec2(max.x - r, min.y + r - 1), ImVec2(max.x, max.y - r + 1), color);
  // Corners, clockwise from the top left: a fan from each corner circle's centre over its quarter (in
  // ImGui's twelfths of a turn, clockwise from +x, as AddRect uses them).
  struct Corner {
    ImVec2 centre;
    int from, to;
  };
  const Corner corners[4] = {{{min.x + r, min.y + r}, 6, 9},
                             {{max.x - r, min.y + r}, 9, 12},
                             {{max.x - r, max.y - r}, 0, 3},
                             {{min.x + r, max.y - r}, 3, 6}};
  for (const Corner& c : corners) {
    draw->PathLineTo(c.centre);
    draw->PathArcToFast(c.centre, r, c.from, c.to);
    draw->PathFillConvex(color);
  }
}

void Panel(UiContext& ctx, const ImRect& rect) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const Metrics& m = ctx.m();
  FillRoundedRect(draw, rect.Min, rect.Max, ToU32(ctx.colors().surface), m.rounding);
  draw->AddRect(rect.Min, rect.Max, ToU32(ctx.colors().border), m.rounding, 0, std::max(1.0f, m.border - 1));
}

ImVec2 ButtonPadding(const Metrics& m) { return ImVec2(std::round(m.gap * 0.75f), std::round(m.gap * 0.3f)); }

bool Button(UiContext& ctx, const ButtonSpec& spec) {
  const Metrics& m = ctx.m();
  ImGui::SetCursorScreenPos(spec.rect.Min);
  if (!spec.enabled) ImGui::BeginDisabled();
  bool pressed = ImGui::InvisibleButton(spec.id.c_str(), spec.rect.GetSize());
  bool held = ImGui::IsItemActive();
  if (!spec.enabled) ImGui::EndDisabled();

  const Colors colors = ButtonColors(ctx.colors(), spec.kind, held, spec.enabled);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  FillRoundedRect(draw, spec.rect.Min, spec.rect.Max, ToU32(colors.fill), m.rounding);
  if (colors.outline) draw->AddRect(spec.rect.Min, spec.rect.Max, ToU32(colors.border), m.rounding, 0, m.border);

  // Content: an optional icon, then the lines, centred (left-aligned in rows).
  const ImVec2 pad = ButtonPadding(m);
  const ImRect inner(spec.rect.Min + pad, spec.rect.Max - pad);
  const float icon_size = spec.icon == Icon::kNone ? 0 : std::round(ctx.m().body * 1.3f);
  const float icon_gap = spec.icon == Icon::kNone ? 0 : std::round(m.gap * 0.6f);
  const float text_width = std::max(1.0f, inner.GetWidth() - icon_size - icon_gap);

  struct Laid {
    std::vector<std::string_view> parts;  // into the spec's text, the last one into `tail` once cut
    ImFont* font;
    float size;
    ImU32 color;
    std::string tail;
  };
  std::vector<Laid> laid;
  float block_h = 0, block_w = 0;
  bool fits = true;
  for (const TextLine& line : spec.lines) {
    Laid l{WrapLines(ctx.font(line.role), ctx.font_size(line.role), line.text, text_width),
           ctx.font(line.role),
           ctx.font_size(line.role),
           spec.enabled ? ToU32(spec.kind == ButtonKind::kPrimary || line.tone == Tone::kNormal
                                    ? colors.text
                                    : ToneColor(ctx.colors(), line.tone))
                        : ToU32(colors.text),
           {}};
    laid.push_back(std::move(l));
  }
  // Lines beyond the button's height are cut, the last one shown ending with an ellipsis; each text keeps
  // a line of room for every text after it.
  bool cut = false;
  float room = inner.GetHeight();
  for (size_t i = 0; i < laid.size(); ++i) {
    Laid& l = laid[i];
    float later = 0;
    for (size_t j = i + 1; j < laid.size(); ++j) later += laid[j].size;
    const size_t fit = LinesThatFit(room - later, l.size);
    if (fit == 0 && i > 0) {
      laid.resize(i);
      cut = true;
      break;
    }
    cut = CutWithEllipsis(l.font, l.size, text_width, fit, &l.parts, &l.tail) || cut;
    room -= float(l.parts.size()) * l.size;
  }
  for (const Laid& l : laid) {
    for (std::string_view part : l.parts) {
      float w = Width(l.font, l.size, part);
      block_w = std::max(block_w, w);
      if (w > text_width + 0.5f) fits = false;
    }
    block_h += float(l.parts.size()) * l.size;
  }
  if (block_h > inner.GetHeight() + 0.5f && !cut) fits = false;

  const bool centred = spec.kind != ButtonKind::kRow;
  const float group_w = icon_size + icon_gap + std::min(block_w, text_width);
  float x0 = centred ? inner.Min.x + std::max(0.0f, (inner.GetWidth() - group_w) / 2) : inner.Min.x;
  if (spec.icon != Icon::kNone) {
    float iy = inner.GetCenter().y - icon_size / 2;
    DrawIcon(draw, spec.icon, ImRect(ImVec2(x0, iy), ImVec2(x0 + icon_size, iy + icon_size)), ToU32(colors.text),
             std::max(2.0f, m.border + 1));
  }
  const float text_x = x0 + icon_size + icon_gap;
  float y = inner.Min.y + std::max(0.0f, (inner.GetHeight() - block_h) / 2);
  draw->PushClipRect(spec.rect.Min, spec.rect.Max, true);
  for (const Laid& l : laid) {
    for (std::string_view part : l.parts) {
      float w = Width(l.font, l.size, part);
      float x = centred ? text_x + (std::min(block_w, text_width) - w) / 2 : text_x;
      draw->AddText(l.font, l.size, ImVec2(std::floor(x), std::floor(y)), l.color, part.data(),
                    part.data() + part.size());
      y += l.size;
    }
  }
  draw->PopClipRect();

  WidgetRecord record;
  record.id = spec.id;
  for (const TextLine& line : spec.lines) {
    record.lines.push_back(line.text);
    ctx.widgets().AddText({line.text, ctx.font(line.role), ctx.font_size(line.role), inner, fits, Layer::kScreen, cut});
  }
  record.rect = spec.rect;
  record.enabled = spec.enabled;
  record.text_fits = fits;
  ctx.widgets().AddWidget(std::move(record));
  return pressed && spec.enabled;
}

void DrawIcon(ImDrawList* draw, Icon icon, const ImRect& box, ImU32 color, float t) {
  const ImVec2 c = box.GetCenter();
  const float s = box.GetWidth();
  auto P = [&](float x, float y) { return ImVec2(box.Min.x + x * s, box.Min.y + y * s); };
  switch (icon) {
    case Icon::kNone:
      break;
    case Icon::kBack:
      draw->AddLine(P(0.15f, 0.5f), P(0.85f, 0.5f), color, t);
      draw->AddLine(P(0.15f, 0.5f), P(0.45f, 0.2f), color, t);
      draw->AddLine(P(0.15f, 0.5f), P(0.45f, 0.8f), color, t);
      break;
    case Icon::kHome: {
      ImVec2 roof[] = {P(0.1f, 0.5f), P(0.5f, 0.12f), P(0.9f, 0.5f)};
      draw->AddPolyline(roof, 3, color, 0, t);
      ImVec2 body[] = {P(0.22f, 0.42f), P(0.22f, 0.88f), P(0.78f, 0.88f), P(0.78f, 0.42f)};
      draw->AddPolyline(body, 4, color, 0, t);
      draw->AddRect(P(0.42f, 0.62f), P(0.58f, 0.88f), color, 0, 0, t);
      break;
    }
    case Icon::kSearch:
      draw->AddCircle(P(0.42f, 0.42f), s * 0.27f, color, 0, t);
      draw->AddLine(P(0.62f, 0.62f), P(0.9f, 0.9f), color, t * 1.3f);
      break;
    case Icon::kCheck: {
      ImVec2 tick[] = {P(0.15f, 0.52f), P(0.4f, 0.78f), P(0.87f, 0.24f)};
      draw->AddPolyline(tick, 3, color, 0, t * 1.4f);
      break;
    }
    case Icon::kBackspace: {
      ImVec2 shape[] = {P(0.32f, 0.22f), P(0.92f, 0.22f), P(0.92f, 0.78f), P(0.32f, 0.78f), P(0.06f, 0.5f)};
      draw->AddPolyline(shape, 5, color, ImDrawFlags_Closed, t);
      draw->AddLine(P(0.48f, 0.36f), P(0.74f, 0.64f), color, t);
      draw->AddLine(P(0.74f, 0.36f), P(0.48f, 0.64f), color, t);
      break;
    }
    case Icon::kAttention:
      draw->AddCircle(c, s * 0.45f, color, 0, t);
      draw->AddLine(P(0.5f, 0.24f), P(0.5f, 0.6f), color, t * 1.3f);
      draw->AddCircleFilled(P(0.5f, 0.75f), t * 1.1f, color);
      break;
    case Icon::kCard:
      draw->AddRect(P(0.06f, 0.2f), P(0.94f, 0.8f), color, s * 0.06f, 0, t);
      for (float x : {0.2f, 0.3f, 0.36f, 0.5f, 0.58f, 0.66f, 0.8f}) draw->AddLine(P(x, 0.32f), P(x, 0.68f), color, t);
      break;
  }
}

}  // namespace lk::ui
