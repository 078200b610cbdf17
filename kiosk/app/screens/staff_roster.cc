// Staff: one session's check-ins - time, learner id (masked until staff tap Show), how it was made, and
// whether it was voided and why - with Void on each active record and Add check-in for the session, and,
// when the kiosk has a hub, the learner's city-wide year on request (audited).
#include <cmath>

#include "kiosk/app/screens/staff_chrome.h"
#include "kiosk/core/checkin_policy.h"

namespace lk::ui {
namespace {

std::string CityYearText(UiContext& ctx, const DayRoster::CityYearLookup& lookup) {
  if (lookup.asking) return std::string(ctx.T("staff.roster.city_asking"));
  if (!lookup.year) return std::string(ctx.T("staff.roster.city_unavailable"));
  return ctx.Tf("staff.roster.city_year", {{"count", std::to_string(lookup.year->check_ins)},
                                           {"hours", ctx.Hours(lookup.year->credit_hours)},
                                           {"centres", std::to_string(lookup.year->centres)}});
}

class StaffRosterScreen final : public StaffScreen {
 public:
  std::string_view id() const override { return staff_screen::kRoster; }

  void OnEnter(UiContext&) override { page_ = 0; }

  void Draw(UiContext& ctx) override {
    StaffMode& staff = Staff(ctx);
    const Metrics& m = ctx.m();
    DrawStaffTopBar(ctx, "staff.roster.title");
    BottomBar bar(ctx, /*with_navigation=*/false);
    if (StaffBarLeft(ctx, "staff/back", "nav.back", Icon::kBack)) return ctx.nav().Back();
    const Session* session = ctx.catalog().FindSession(staff.day.session_id());
    if (bar.Action("staff/roster/add", ctx.T("staff.roster.add"), ButtonKind::kPrimary, Icon::kNone,
                   session != nullptr)) {
      staff.day.OpenAdd(ctx);
    }

    std::vector<const RosterEntry*> entries;
    for (const RosterEntry& e : staff.day.day().entries) {
      if (e.record.session_id == staff.day.session_id()) entries.push_back(&e);
    }
    int active = 0;
    for (const RosterEntry* e : entries) active += !e->voided;

    ImRect area = Areas(ctx).content;
    const Course* course = session ? ctx.catalog().FindCourse(session->course_id) : nullptr;
    std::string title =
        course ? ctx.L(course->title)
               : (entries.empty() ? staff.day.session_id()
                                  : ctx.L(LocalizedText{entries[0]->course_title_zh, entries[0]->course_title_en}));
    std::string count = session && session->capacity > 0
                            ? ctx.Tf("staff.day.count_of", {{"count", std::to_string(active)},
                                                            {"capacity", std::to_string(session->capacity)}})
                            : ctx.Tf("staff.day.count", {{"count", std::to_string(active)}});
    const float hs = LineHeight(ctx, FontRole::kHeading), lh = LineHeight(ctx, FontRole::kBody);
    Text(ctx, title, FontRole::kHeading, ImRect(area.Min, ImVec2(area.Max.x, area.Min.y + hs)));
    area.Min.y += hs;
    std::string details = session ? JoinParts(ctx, {StaffDate(ctx, ctx.zone().DateOf(session->starts_at)),
                                                    ctx.TimeRange(*session), SessionRoom(ctx, *session), count})
                                  : count;
    Text(ctx, details, FontRole::kBody, ImRect(area.Min, ImVec2(area.Max.x, area.Min.y + lh)), Tone::kMuted);
    area.Min.y += lh + m.gap * 0.75f;
    area = DrawNotice(ctx, area);

    if (entries.empty()) {
      Text(ctx, ctx.T(staff.day.day().loading ? "staff.loading" : "staff.roster.empty"), FontRole::kBody, area,
           Tone::kMuted);
      return;
    }

    const float row_h = m.target;
    const ImRect pager_area(ImVec2(area.Min.x, area.Max.y - m.target), area.Max);
    int per_page = RowsThatFit(ctx, area.GetHeight(), row_h);
    if (int(entries.size()) > per_page) per_page = RowsThatFit(ctx, area.GetHeight() - m.target - m.gap, row_h);
    PageSlice slice = Pager(ctx, "staff/roster", int(entries.size()), per_page, &page_, pager_area);
    const float bw = std::round(m.target * 2.4f);
    for (int i = 0; i < slice.count; ++i) {
      const RosterEntry& e = *entries[size_t(slice.first + i)];
      const std::string& record_id = e.record.id;
      const ImRect row = RowRect(ctx, area, i, row_h);
      Panel(ctx, row);
      // Buttons at the right, each in its own column: Show/Hide the id, Void (for an active record), and,
      // with a hub, the learner's city-wide year.
      const ImRect void_box(ImVec2(row.Max.x - bw, row.Min.y), row.Max);
      const ImRect reveal_box(ImVec2(void_box.Min.x - m.gap - bw, row.Min.y),
                              ImVec2(void_box.Min.x - m.gap, row.Max.y));
      const bool city_offered = staff.day.can_ask_city_year() && !e.voided;
      const ImRect city_box(ImVec2(reveal_box.Min.x - m.gap - bw, row.Min.y),
                            ImVec2(reveal_box.Min.x - m.gap, row.Max.y));
      const DayRoster::CityYearLookup* city = staff.day.city_year(record_id);
      if (city_offered && Button(ctx, {"staff/roster/city/" + record_id,
                                       city_box,
                                       ButtonKind::kSecondary,
                                       {{std::string(ctx.T("staff.roster.city"))}},
                                       Icon::kNone,
                                       city == nullptr})) {
        staff.day.AskCityYear(ctx, e);
      }
      if (!e.voided && Button(ctx, {"staff/roster/void/" + record_id,
                                    void_box,
                                    ButtonKind::kSecondary,
                                    {{std::string(ctx.T("staff.roster.void"))}}})) {
        staff.day.OpenVoid(ctx, record_id);
      }
      const bool shown = staff.day.revealed(record_id);
      if (Button(ctx, {"staff/roster/reveal/" + record_id,
                       reveal_box,
                       ButtonKind::kSecondary,
                       {{std::string(ctx.T(shown ? "staff.roster.hide" : "staff.roster.show"))}}})) {
        staff.day.ToggleReveal(record_id);
      }

      // Time, id, how (or why it was voided, or the city-wide year once asked), each vertically centred.
      const float right = (city_offered ? city_box : reveal_box).Min.x - m.gap;
      const float y = row.GetCenter().y - lh / 2;
      const float time_w = ButtonWidth(ctx, "00:00", FontRole::kBody, Icon::kNone, 0);
      const float id_w = ButtonWidth(ctx, "A0000-00000000", FontRole::kBody, Icon::kNone, 0);
      float x = row.Min.x + m.gap;
      Text(ctx, ctx.Clock(e.record.recorded_at), FontRole::kBody, ImRect(ImVec2(x, y), ImVec2(x + time_w, y + lh)));
      x += time_w + m.gap;
      Text(ctx, shown ? e.record.learner_id : MaskLearnerId(e.record.learner_id), FontRole::kBody,
           ImRect(ImVec2(x, y), ImVec2(x + id_w, y + lh)));
      x += id_w + m.gap;
      const std::string status = e.voided ? ctx.Tf("staff.roster.voided", {{"reason", e.void_reason}})
                                 : city      ? CityYearText(ctx, *city)
                                             : std::string(ctx.T(RecordHowKey(e.record)));
      const float h = std::min(TextHeight(ctx, status, FontRole::kBody, right - x), row.GetHeight());
      Text(ctx, status, FontRole::kBody, ImRect(ImVec2(x, row.GetCenter().y - h / 2), ImVec2(right, row.Max.y)),
           e.voided ? Tone::kAttention : Tone::kMuted);
    }
  }

 private:
  int page_ = 0;
};

}  // namespace

std::unique_ptr<Screen> MakeStaffRosterScreen() { return std::make_unique<StaffRosterScreen>(); }

}  // namespace lk::ui
