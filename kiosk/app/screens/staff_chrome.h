// Staff chrome: what the staff screens share - the StaffMode behind them, the top bar ("工作人员 · 标题"),
// the notice line after an action, a Back button at the bottom left, and the base class that keeps
// scanned cards from checking anyone in while staff work. UI thread only, while drawing.
#pragma once

#include <imgui.h>
#include <imgui_internal.h>

#include <string>
#include <string_view>

#include "kiosk/app/screens/chrome.h"
#include "kiosk/app/screens/screen.h"
#include "kiosk/app/staff/staff_mode.h"

namespace lk::ui {

// The App's StaffMode (installed before any staff screen can show).
StaffMode& Staff(UiContext& ctx);

// The top bar with "Staff · <title>".
void DrawStaffTopBar(UiContext& ctx, std::string_view title_key);

// Draws the current notice (if any) at the top of `area`; returns the area below it.
ImRect DrawNotice(UiContext& ctx, const ImRect& area);

// A Back button at the bottom left (`label_key`: "nav.back" or a staff key); true when tapped.
bool StaffBarLeft(UiContext& ctx, const std::string& id, std::string_view label_key, Icon icon);

// A button that shows whether it is the chosen one of a set (primary when chosen).
bool ChoiceButton(UiContext& ctx, const std::string& id, const ImRect& rect, std::vector<TextLine> lines, bool chosen);

// How a record came to be, as a text key ("staff.kind.scanner": "Card scan").
std::string_view RecordHowKey(const AttendanceRecord& record);

// `text` centred in `box`: one heading line when it fits, else body lines.
void FittedLine(UiContext& ctx, std::string_view text, const ImRect& box);

// "12月2日 星期三" / "Wednesday 2 December" for a local date.
std::string StaffDate(UiContext& ctx, LocalDate date);
// "12月" / "December" (`month` 1 to 12).
std::string MonthName(UiContext& ctx, int month);
// "12月2日" / "2 December".
std::string ShortDate(UiContext& ctx, LocalDate date);

class StaffScreen : public Screen {
 public:
  // Scans never check a resident in while staff work.
  bool OnScan(UiContext&, const std::string&) override { return true; }
  // `--screen`: a staff screen previews as if the PIN had been given.
  void Preview(UiContext& ctx) override { Staff(ctx).PreviewUnlocked(ctx); }
};

}  // namespace lk::ui
