// Home: what is on today (in progress and later, each with its own Check in button while check-in is open),
// search, the category tiles, and the language and text-size switches.
#include <algorithm>
#include <cmath>

#include "kiosk/app/screens/chrome.h"
#include "kiosk/app/screens/screen.h"

namespace lk::ui {
namespace {

class HomeScreen final : public Screen {
 public:
  std::string_view id() const override { return screen_id::kHome; }

  void OnEnter(UiContext& ctx) override {
    sessions_page_ = categories_page_ = 0;
    ctx.flow().scanned_id.clear();
  }

  void Draw(UiContext& ctx) override {
    const Metrics& m = ctx.m();
    DrawTopBar(ctx, ctx.catalog().loaded() ? ctx.L(ctx.catalog().centre().name) : std::string(ctx.T("home.title")));
    const ImRect content = Areas(ctx).content;
    const float split = std::round(content.Min.x + content.GetWidth() * 0.54f);
    DrawToday(ctx, ImRect(content.Min, ImVec2(split - m.gap, content.Max.y)));
    DrawFind(ctx, ImRect(ImVec2(split + m.gap, content.Min.y), content.Max));

    BottomBar bar(ctx);
    if (bar.Action("home/large-text", ctx.T(ctx.large_text() ? "home.standard_text" : "home.large_text"),
                   ButtonKind::kSecondary)) {
      ctx.RequestLargeText(!ctx.large_text());
    }
    // The switch names the other language in that language, so a resident who cannot read this one finds it.
    if (bar.Action("home/language", ctx.T("home.other_language"), ButtonKind::kSecondary)) {
      ctx.SetLanguage(ctx.language() == Language::kZh ? Language::kEn : Language::kZh);
    }
  }

 private:
  void DrawToday(UiContext& ctx, ImRect area) {
    const Metrics& m = ctx.m();
    area = Heading(ctx, ctx.T("home.today"), area);
    const TimeMs now = ctx.now();
    const TimeMs end_of_today = ctx.zone().StartOfDay(AddDays(ctx.zone().DateOf(now), 1));
    const std::vector<const Session*> sessions = ctx.catalog().SessionsBetween(now, end_of_today);
    if (sessions.empty()) {
      Text(ctx, ctx.T("home.no_sessions_today"), FontRole::kBody, area, Tone::kMuted);
      return;
    }
    const float row_h = RowHeight(ctx, 2);
    int per_page = RowsThatFit(ctx, area.GetHeight(), row_h);
    if (int(sessions.size()) > per_page) per_page = RowsThatFit(ctx, area.GetHeight() - m.target - m.gap, row_h);
    const ImRect pager_area(ImVec2(area.Min.x, area.Max.y - m.target), area.Max);
    PageSlice slice = Pager(ctx, "home/today", int(sessions.size()), per_page, &sessions_page_, pager_area);
    const float check_w = std::round(m.target * 1.7f);
    for (int i = 0; i < slice.count; ++i) {
      const Session& s = *sessions[size_t(slice.first + i)];
      const Course* course = ctx.catalog().FindCourse(s.course_id);
      if (!course) continue;
      ImRect row = RowRect(ctx, area, i, row_h);
      const bool open = ctx.policy().Window(s, now) == WindowState::kOpen;
      ImRect main = row;
      if (open) main.Max.x -= check_w + m.gap;
      if (Button(ctx, {"home/session/" + s.id, main, ButtonKind::kRow,
                       {{ctx.L(course->title)},
                        {JoinParts(ctx, {ctx.TimeRange(s), SessionRoom(ctx, s), SessionState(ctx, s)}), FontRole::kBody,
                         open ? Tone::kHighlight : Tone::kMuted}}})) {
        ctx.flow().course_id = course->id;
        ctx.nav().Push(screen_id::kCourse);
      }
      if (open && Button(ctx, {"home/checkin/" + s.id, ImRect(ImVec2(main.Max.x + m.gap, row.Min.y), row.Max),
                               ButtonKind::kPrimary, {{std::string(ctx.T("home.check_in")), FontRole::kHeading}}})) {
        ctx.flow().course_id = course->id;
        ctx.StartCheckIn(s);
      }
    }
  }

  void DrawFind(UiContext& ctx, ImRect area) {
    const Metrics& m = ctx.m();
    ImRect search(area.Min, ImVec2(area.Max.x, area.Min.y + m.target));
    if (Button(ctx, {"home/search", search, ButtonKind::kSecondary,
                     {{std::string(ctx.T("home.search")), FontRole::kHeading}}, Icon::kSearch})) {
      ctx.nav().Push(screen_id::kSearch);
    }
    area.Min.y = search.Max.y + m.gap * 1.5f;
    area = Heading(ctx, ctx.T("home.categories"), area);
    const auto& categories = ctx.catalog().categories();
    const int columns = ctx.large_text() ? 2 : 3;
    const float tile_h = RowHeight(ctx, 2);
    int rows = RowsThatFit(ctx, area.GetHeight(), tile_h);
    if (int(categories.size()) > rows * columns) rows = RowsThatFit(ctx, area.GetHeight() - m.target - m.gap, tile_h);
    const ImRect pager_area(ImVec2(area.Min.x, area.Max.y - m.target), area.Max);
    PageSlice slice = Pager(ctx, "home/categories", int(categories.size()), rows * columns, &categories_page_, pager_area);
    for (int i = 0; i < slice.count; ++i) {
      const Category& c = *categories[size_t(slice.first + i)];
      if (Button(ctx, {"home/category/" + c.id, GridCell(ctx, area, columns, i, tile_h), ButtonKind::kSecondary,
                       {{ctx.L(c.name)}}})) {
        ctx.flow().category_id = c.id;
        ctx.nav().Push(screen_id::kCategory);
      }
    }
  }

  int sessions_page_ = 0;
  int categories_page_ = 0;
};

}  // namespace

std::unique_ptr<Screen> MakeHomeScreen() { return std::make_unique<HomeScreen>(); }

}  // namespace lk::ui
