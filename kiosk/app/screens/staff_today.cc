// Staff: a day's sessions with their check-ins against capacity (today first; any day through the
// previous/next buttons or the month calendar), and the way to every other staff task.
#include <algorithm>
#include <cmath>
#include <map>

#include "kiosk/app/screens/staff_chrome.h"

namespace lk::ui {
namespace {

struct SessionLine {
  std::string session_id;
  TimeMs starts_at = 0;
  std::string title, when, room;
  int active = 0, voided = 0, capacity = 0;
};

// The day's sessions from the catalogue, plus any session that has records but has left the catalogue.
std::vector<SessionLine> DaySessions(UiContext& ctx, const StaffDay& day) {
  const TimeMs start = ctx.zone().StartOfDay(day.date), end = ctx.zone().StartOfDay(AddDays(day.date, 1));
  std::map<std::string, SessionLine> by_id;
  for (const Session* s : ctx.catalog().SessionsBetween(start, end)) {
    if (s->starts_at < start) continue;
    const Course* course = ctx.catalog().FindCourse(s->course_id);
    SessionLine& line = by_id[s->id];
    line.session_id = s->id;
    line.starts_at = s->starts_at;
    line.title = course ? ctx.L(course->title) : s->course_id;
    line.when = ctx.TimeRange(*s);
    line.room = SessionRoom(ctx, *s);
    line.capacity = s->capacity;
  }
  for (const RosterEntry& e : day.entries) {
    SessionLine& line = by_id[e.record.session_id];
    if (line.session_id.empty()) {  // not in the catalogue any more
      line.session_id = e.record.session_id;
      line.starts_at = e.session_starts_at;
      line.title = ctx.L(LocalizedText{e.course_title_zh, e.course_title_en});
      if (line.title.empty()) line.title = e.record.session_id;
      line.when = ctx.Clock(e.session_starts_at);
    }
    (e.voided ? line.voided : line.active) += 1;
  }
  std::vector<SessionLine> lines;
  for (auto& [id, line] : by_id) lines.push_back(std::move(line));
  std::sort(lines.begin(), lines.end(), [](const SessionLine& a, const SessionLine& b) {
    return std::tie(a.starts_at, a.session_id) < std::tie(b.starts_at, b.session_id);
  });
  return lines;
}

class StaffTodayScreen final : public StaffScreen {
 public:
  std::string_view id() const override { return staff_screen::kToday; }

  void OnEnter(UiContext& ctx) override {
    page_ = 0;
    Staff(ctx).day.Reload();
  }

  void Draw(UiContext& ctx) override {
    StaffMode& staff = Staff(ctx);
    const Metrics& m = ctx.m();
    const StaffDay& day = staff.day.day();
    const LocalDate today = ctx.zone().DateOf(ctx.now());
    DrawStaffTopBar(ctx, "staff.today.title");

    BottomBar bar(ctx, /*with_navigation=*/false);
    if (StaffBarLeft(ctx, "staff/lock", "staff.lock", Icon::kNone)) return staff.Lock(ctx, StaffEvent::kLocked);
    if (bar.Action("staff/exit", ctx.T("staff.exit.open"), ButtonKind::kSecondary)) staff.desk.Go(ctx, staff_screen::kExit);
    if (bar.Action("staff/settings", ctx.T("staff.settings.open"), ButtonKind::kSecondary)) staff.settings.Open(ctx);
    if (bar.Action("staff/sync", ctx.T("staff.sync.open"), ButtonKind::kSecondary)) staff.sync.Open(ctx);
    if (bar.Action("staff/export", ctx.T("staff.export.open"), ButtonKind::kSecondary))
      staff.desk.Go(ctx, staff_screen::kExport);

    ImRect area = DrawNotice(ctx, Areas(ctx).content);

    // The day: previous, the date, next; back to today; a calendar.
    const float min_w = std::round(m.target * 1.5f);
    const ImRect row(area.Min, ImVec2(area.Max.x, area.Min.y + m.target));
    auto button = [&](const std::string& id, std::string_view label, Icon icon, float x, bool from_right) {
      const float w = ButtonWidth(ctx, label, FontRole::kBody, icon, min_w);
      const ImRect r = from_right ? ImRect(ImVec2(x - w, row.Min.y), ImVec2(x, row.Max.y))
                                  : ImRect(ImVec2(x, row.Min.y), ImVec2(x + w, row.Max.y));
      return std::pair{r, Button(ctx, {id, r, ButtonKind::kSecondary, {{std::string(label)}}, icon})};
    };
    const auto [prev, prev_tapped] =
        button("staff/day/previous", ctx.T("staff.day.previous"), Icon::kBack, row.Min.x, false);
    if (prev_tapped) {
      page_ = 0;
      staff.day.Show(AddDays(day.date, -1));
    }
    float right = row.Max.x;
    const auto [calendar, calendar_tapped] =
        button("staff/day/calendar", ctx.T("staff.day.calendar"), Icon::kNone, right, true);
    if (calendar_tapped) staff.desk.Go(ctx, staff_screen::kDate);
    right = calendar.Min.x - m.gap;
    if (day.date != today) {
      const auto [back, today_tapped] = button("staff/day/today", ctx.T("staff.day.today"), Icon::kNone, right, true);
      if (today_tapped) {
        page_ = 0;
        staff.day.Show(today);
      }
      right = back.Min.x - m.gap;
    }
    const auto [next, next_tapped] = button("staff/day/next", ctx.T("staff.day.next"), Icon::kNone, right, true);
    if (next_tapped) {
      page_ = 0;
      staff.day.Show(AddDays(day.date, 1));
    }
    std::string date_text = StaffDate(ctx, day.date);
    if (day.date == today) date_text = JoinParts(ctx, {date_text, std::string(ctx.T("date.today"))});
    FittedLine(ctx, date_text, ImRect(ImVec2(prev.Max.x + m.gap, row.Min.y), ImVec2(next.Min.x - m.gap, row.Max.y)));
    area.Min.y = row.Max.y + m.gap;

    // The sessions.
    if (!day.error.empty()) {
      Text(ctx, ctx.Tf("staff.error.other", {{"message", day.error}}), FontRole::kBody, area, Tone::kAttention);
      return;
    }
    std::vector<SessionLine> lines = DaySessions(ctx, day);
    if (lines.empty()) {
      Text(ctx, ctx.T(day.loading ? "staff.loading" : "staff.day.none"), FontRole::kBody, area, Tone::kMuted);
      return;
    }
    // Two columns of sessions, one with large text; every row as tall as the tallest needs.
    const int columns = ctx.large_text() ? 1 : 2;
    const float cell_w = GridCell(ctx, area, columns, 0, m.target).GetWidth();
    std::vector<std::vector<TextLine>> rows;
    float row_h = RowHeight(ctx, 2);
    for (const SessionLine& line : lines) {
      std::string counts = line.capacity > 0
                               ? ctx.Tf("staff.day.count_of", {{"count", std::to_string(line.active)},
                                                               {"capacity", std::to_string(line.capacity)}})
                               : ctx.Tf("staff.day.count", {{"count", std::to_string(line.active)}});
      if (line.voided > 0) {
        counts = JoinParts(ctx, {counts, ctx.Tf("staff.day.voided", {{"count", std::to_string(line.voided)}})});
      }
      const bool over = line.capacity > 0 && line.active > line.capacity;
      rows.push_back({{line.when + "  " + line.title, FontRole::kBody},
                      {JoinParts(ctx, {line.room, counts}), FontRole::kBody, over ? Tone::kAttention : Tone::kMuted}});
      row_h = std::max(row_h, RowHeightFor(ctx, cell_w, rows.back()));
    }
    const ImRect pager_area(ImVec2(area.Min.x, area.Max.y - m.target), area.Max);
    int per_page = columns * RowsThatFit(ctx, area.GetHeight(), row_h);
    if (int(lines.size()) > per_page) {
      per_page = columns * RowsThatFit(ctx, area.GetHeight() - m.target - m.gap, row_h);
    }
    PageSlice slice = Pager(ctx, "staff/sessions", int(lines.size()), per_page, &page_, pager_area);
    for (int i = 0; i < slice.count; ++i) {
      const size_t index = size_t(slice.first + i);
      if (Button(ctx, {"staff/session/" + lines[index].session_id, GridCell(ctx, area, columns, i, row_h),
                       ButtonKind::kRow, rows[index]})) {
        staff.day.OpenRoster(ctx, lines[index].session_id);
      }
    }
  }

 private:
  int page_ = 0;
};

// A month calendar: tap a day to see its attendance.
class StaffDateScreen final : public StaffScreen {
 public:
  std::string_view id() const override { return staff_screen::kDate; }

  void OnEnter(UiContext& ctx) override {
    const LocalDate d = Staff(ctx).day.day().date;
    month_ = {d.year, d.month, 1};
  }

  void Draw(UiContext& ctx) override {
    StaffMode& staff = Staff(ctx);
    const Metrics& m = ctx.m();
    DrawStaffTopBar(ctx, "staff.date.title");
    BottomBar bar(ctx, /*with_navigation=*/false);
    if (StaffBarLeft(ctx, "staff/back", "nav.back", Icon::kBack)) return ctx.nav().Back();
    if (bar.Action("staff/month/next", ctx.T("staff.date.next_month"), ButtonKind::kSecondary)) {
      month_ = FirstOfNextMonth(month_);
    }
    if (bar.Action("staff/month/previous", ctx.T("staff.date.previous_month"), ButtonKind::kSecondary)) {
      month_ = month_.month == 1 ? LocalDate{month_.year - 1, 12, 1} : LocalDate{month_.year, month_.month - 1, 1};
    }

    static constexpr const char* kWeekdayKeys[] = {LK_TEXT_KEY("date.monday"),    LK_TEXT_KEY("date.tuesday"),
                                                   LK_TEXT_KEY("date.wednesday"), LK_TEXT_KEY("date.thursday"),
                                                   LK_TEXT_KEY("date.friday"),    LK_TEXT_KEY("date.saturday"),
                                                   LK_TEXT_KEY("date.sunday")};

    ImRect area = Areas(ctx).content;
    const float hs = LineHeight(ctx, FontRole::kHeading), lh = LineHeight(ctx, FontRole::kBody);
    Text(ctx,
         ctx.Tf("staff.date.month",
                {{"year", std::to_string(month_.year)}, {"month_name", MonthName(ctx, month_.month)}}),
         FontRole::kHeading, ImRect(area.Min, ImVec2(area.Max.x, area.Min.y + hs)));
    area.Min.y += hs + m.gap * 0.5f;

    // Monday first; as many weeks as the month needs (4 to 6).
    const int first_column = DaysSinceMonday(month_);
    const LocalDate next_month = FirstOfNextMonth(month_);
    const int days = int(DaysFromCivil(next_month) - DaysFromCivil(month_));
    const int weeks = (first_column + days + 6) / 7;
    const float cell_gap = std::round(m.gap * 0.5f);
    const float cell_w = std::floor((area.GetWidth() - cell_gap * 6) / 7);
    for (int c = 0; c < 7; ++c) {
      const float x = area.Min.x + float(c) * (cell_w + cell_gap);
      Text(ctx, ctx.T(kWeekdayKeys[c]), FontRole::kBody,
           ImRect(ImVec2(x, area.Min.y), ImVec2(x + cell_w, area.Min.y + lh)), Tone::kMuted, Align::kCenter);
    }
    area.Min.y += lh + cell_gap;
    const float cell_h =
        std::min(m.target, std::floor((area.GetHeight() - cell_gap * float(weeks - 1)) / float(weeks)));
    const LocalDate today = ctx.zone().DateOf(ctx.now());
    for (int d = 0; d < days; ++d) {
      const LocalDate date = AddDays(month_, d);
      const int slot = first_column + d;
      const float x = area.Min.x + float(slot % 7) * (cell_w + cell_gap);
      const float y = area.Min.y + float(slot / 7) * (cell_h + cell_gap);
      const bool chosen = date == staff.day.day().date;
      const Tone tone = date == today && !chosen ? Tone::kHighlight : Tone::kNormal;
      if (Button(ctx, {"staff/date/" + date.ToString(),
                       ImRect(ImVec2(x, y), ImVec2(x + cell_w, y + cell_h)),
                       chosen ? ButtonKind::kPrimary : ButtonKind::kSecondary,
                       {{std::to_string(date.day), FontRole::kHeading, tone}}})) {
        staff.day.Show(date);
        ctx.nav().Back();
      }
    }
  }

 private:
  LocalDate month_;
};

}  // namespace

std::unique_ptr<Screen> MakeStaffTodayScreen() { return std::make_unique<StaffTodayScreen>(); }
std::unique_ptr<Screen> MakeStaffDateScreen() { return std::make_unique<StaffDateScreen>(); }

}  // namespace lk::ui
