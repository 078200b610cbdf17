#include "kiosk/app/ui_context.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace lk::ui {
namespace {

constexpr const char* kWeekdayKeys[] = {
    LK_TEXT_KEY("date.sunday"),   LK_TEXT_KEY("date.monday"), LK_TEXT_KEY("date.tuesday"),
    LK_TEXT_KEY("date.wednesday"), LK_TEXT_KEY("date.thursday"), LK_TEXT_KEY("date.friday"),
    LK_TEXT_KEY("date.saturday")};
constexpr const char* kMonthKeys[] = {
    LK_TEXT_KEY("date.january"), LK_TEXT_KEY("date.february"), LK_TEXT_KEY("date.march"),
    LK_TEXT_KEY("date.april"),   LK_TEXT_KEY("date.may"),      LK_TEXT_KEY("date.june"),
    LK_TEXT_KEY("date.july"),    LK_TEXT_KEY("date.august"),   LK_TEXT_KEY("date.september"),
    LK_TEXT_KEY("date.october"), LK_TEXT_KEY("date.november"), LK_TEXT_KEY("date.december")};

int Weekday(const LocalDate& date) { return (DaysSinceMonday(date) + 1) % 7; }  // 0 = Sunday, as kWeekdayKeys

}  // namespace

UiContext::UiContext(Services services, std::string root_screen)
    : s_(services),
      language_(services.config->language),
      nav_(std::move(root_screen), std::string(screen_id::kHome)) {}

std::string UiContext::Clock(TimeMs t) const { return zone().FormatTime(t); }

std::string UiContext::DateLine(TimeMs t) const {
  LocalDate date = zone().DateOf(t);
  return Tf("date.line", {{"day", std::to_string(date.day)},
                          {"weekday", std::string(T(kWeekdayKeys[Weekday(date)]))},
                          {"month_name", std::string(T(kMonthKeys[date.month - 1]))}});
}

std::string UiContext::Day(TimeMs t) const {
  LocalDate today = zone().DateOf(now());
  LocalDate date = zone().DateOf(t);
  if (date == today) return std::string(T("date.today"));
  if (date == AddDays(today, 1)) return std::string(T("date.tomorrow"));
  return DateLine(t);
}

std::string UiContext::TimeRange(const Session& s) const {
  return Tf("time.range", {{"start", Clock(s.starts_at)}, {"end", Clock(s.ends_at)}});
}

std::string UiContext::Hours(double hours) const {
  char text[32];
  double whole = std::round(hours);
  if (std::fabs(hours - whole) < 0.005) {
    std::snprintf(text, sizeof text, "%.0f", whole);
  } else {
    std::snprintf(text, sizeof text, "%.1f", hours);
  }
  return text;
}

void UiContext::RequestStaffMode(StaffEntry entry) {
  if (staff_gate_) staff_gate_(*this, entry);
}

void UiContext::ForgetResident() {
  flow_ = ResidentFlow{};
  language_ = config().language;
  if (large_text() != config().large_text) requested_large_text_ = config().large_text;
  nav_.ResetToRoot();
}

}  // namespace lk::ui
