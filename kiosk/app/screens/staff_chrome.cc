#include "kiosk/app/screens/staff_chrome.h"

#include <cassert>
#include <cmath>

namespace lk::ui {

StaffMode& Staff(UiContext& ctx) {
  assert(ctx.staff() != nullptr);
  return *ctx.staff();
}

void DrawStaffTopBar(UiContext& ctx, std::string_view title_key) {
  DrawTopBar(ctx, ctx.Tf("staff.top", {{"title", std::string(ctx.T(title_key))}}));
}

ImRect DrawNotice(UiContext& ctx, const ImRect& area) {
  const StaffNotice& notice = Staff(ctx).desk.notice();
  if (notice.text.empty()) return area;
  const Metrics& m = ctx.m();
  const float icon = std::round(LineHeight(ctx, FontRole::kBody));
  DrawIcon(ImGui::GetWindowDrawList(), notice.problem ? Icon::kAttention : Icon::kCheck,
           ImRect(area.Min, area.Min + ImVec2(icon, icon)),
           ToU32(ToneColor(ctx.colors(), notice.problem ? Tone::kAttention : Tone::kSuccess)),
           std::max(2.0f, m.border));
  const float x = area.Min.x + icon + m.gap * 0.6f;
  float h =
      Text(ctx, notice.text, FontRole::kBody, ImRect(ImVec2(x, area.Min.y), ImVec2(area.Max.x, area.Min.y + icon * 3)),
           notice.problem ? Tone::kAttention : Tone::kSuccess);
  return ImRect(ImVec2(area.Min.x, area.Min.y + std::max(h, icon) + m.gap * 0.75f), area.Max);
}

bool StaffBarLeft(UiContext& ctx, const std::string& id, std::string_view label_key, Icon icon) {
  const Metrics& m = ctx.m();
  const ImRect bar = Areas(ctx).bottom_bar;
  const float y = bar.GetCenter().y - m.target / 2;
  const std::string label(ctx.T(label_key));
  const float w = ButtonWidth(ctx, label, BarFont(ctx), icon, m.target * 2);
  return Button(ctx, {id,
                      ImRect(ImVec2(bar.Min.x, y), ImVec2(bar.Min.x + w, y + m.target)),
                      ButtonKind::kSecondary,
                      {{label, BarFont(ctx)}},
                      icon});
}

bool ChoiceButton(UiContext& ctx, const std::string& id, const ImRect& rect, std::vector<TextLine> lines, bool chosen) {
  return Button(ctx, {id, rect, chosen ? ButtonKind::kPrimary : ButtonKind::kSecondary, std::move(lines),
                      chosen ? Icon::kCheck : Icon::kNone});
}

std::string_view RecordHowKey(const AttendanceRecord& record) {
  if (record.kind == RecordKind::kCorrection) return LK_TEXT_KEY("staff.kind.staff");
  switch (record.source) {
    case RecordSource::kScanner:
      return LK_TEXT_KEY("staff.kind.scanner");
    case RecordSource::kKeypad:
      return LK_TEXT_KEY("staff.kind.keypad");
    case RecordSource::kStaff:
      return LK_TEXT_KEY("staff.kind.staff");
    case RecordSource::kCli:
      return LK_TEXT_KEY("staff.kind.cli");
  }
  return LK_TEXT_KEY("staff.kind.keypad");
}

void FittedLine(UiContext& ctx, std::string_view text, const ImRect& box) {
  ImFont* heading = ctx.font(FontRole::kHeading);
  const float hs = ctx.font_size(FontRole::kHeading);
  if (heading->CalcTextSizeA(hs, FLT_MAX, 0, text.data(), text.data() + text.size()).x <= box.GetWidth()) {
    const float lh = LineHeight(ctx, FontRole::kHeading);
    Text(ctx, text, FontRole::kHeading,
         ImRect(ImVec2(box.Min.x, box.GetCenter().y - lh / 2), ImVec2(box.Max.x, box.GetCenter().y + lh / 2)),
         Tone::kNormal, Align::kCenter);
    return;
  }
  const float h = TextHeight(ctx, text, FontRole::kBody, box.GetWidth());
  Text(ctx, text, FontRole::kBody, ImRect(ImVec2(box.Min.x, std::max(box.Min.y, box.GetCenter().y - h / 2)), box.Max),
       Tone::kNormal, Align::kCenter);
}

std::string MonthName(UiContext& ctx, int month) {
  static constexpr const char* kMonthKeys[] = {
      LK_TEXT_KEY("date.january"), LK_TEXT_KEY("date.february"), LK_TEXT_KEY("date.march"),
      LK_TEXT_KEY("date.april"),   LK_TEXT_KEY("date.may"),      LK_TEXT_KEY("date.june"),
      LK_TEXT_KEY("date.july"),    LK_TEXT_KEY("date.august"),   LK_TEXT_KEY("date.september"),
      LK_TEXT_KEY("date.october"), LK_TEXT_KEY("date.november"), LK_TEXT_KEY("date.december")};
  return std::string(ctx.T(kMonthKeys[month - 1]));
}

std::string ShortDate(UiContext& ctx, LocalDate date) {
  return ctx.Tf("staff.date.short", {{"day", std::to_string(date.day)}, {"month_name", MonthName(ctx, date.month)}});
}

std::string StaffDate(UiContext& ctx, LocalDate date) {
  return ctx.DateLine(ctx.zone().StartOfDay(date) + 12 * kMsPerHour);
}

}  // namespace lk::ui
