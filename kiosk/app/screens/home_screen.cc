// Home: what is on today (each class open for check-in has its own Check in button), the category tiles,
// and search, language and text size in the bottom bar.
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
    const float split = std::round(content.Min.x + content.GetWidth() * (ctx.large_text() ? 0.6f : 0.55f));
    DrawToday(ctx, ImRect(content.Min, ImVec2(split - m.gap, content.Max.y)));
    DrawCategories(ctx, ImRect(ImVec2(split + m.gap, content.Min.y), content.Max));

    BottomBar bar(ctx);
    if (bar.Action("home/large-text", ctx.T(ctx.large_text() ? "home.standard_text" : "home.large_text"),
                   ButtonKind::kSecondary)) {
      ctx.RequestLargeText(!ctx.large_text());
    }
    // The switch names the other language in that language, so a resident who cannot read this one finds it.
    if (bar.Action("home/language", ctx.T("home.other_language"), ButtonKind::kSecondary)) {
      ctx.SetLanguage(ctx.language() == Language::kZh ? Language::kEn : Language::kZh);
    }
    if (bar.Action("home/search", ctx.T("home.search"), ButtonKind::kSecondary, Icon::kSearch)) {
      ctx.nav().Push(screen_id::kSearch);
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
    const std::string check_in(ctx.T("home.check_in"));
    const float check_w = ButtonWidth(ctx, check_in, FontRole::kHeading, Icon::kNone, m.target * 1.5f);
    // While check-in is open the button says so; otherwise the row says when it opens.
    auto lines_of = [&](const Session& s) -> std::vector<TextLine> {
      const Course* course = ctx.catalog().FindCourse(s.course_id);
      const bool open = ctx.policy().Window(s, now) == WindowState::kOpen;
      return {{course ? ctx.L(course->title) : s.id},
              {JoinParts(ctx, {ctx.TimeRange(s), SessionRoom(ctx, s), open ? "" : SessionState(ctx, s)}), FontRole::kBody,
               Tone::kMuted}};
    };
    std::vector<float> heights;
    for (const Session* s : sessions) heights.push_back(RowHeightFor(ctx, area.GetWidth() - check_w - m.gap, lines_of(*s)));
    const PageRows rows = PagedRows(ctx, "home/today", heights, area, &sessions_page_);
    for (size_t i = 0; i < rows.rects.size(); ++i) {
      const Session& s = *sessions[size_t(rows.first) + i];
      const ImRect row = rows.rects[i];
      const bool open = ctx.policy().Window(s, now) == WindowState::kOpen;
      ImRect main = row;
      if (open) main.Max.x -= check_w + m.gap;
      if (Button(ctx, {"home/session/" + s.id, main, ButtonKind::kRow, lines_of(s)})) {
        ctx.flow().course_id = s.course_id;
        ctx.nav().Push(screen_id::kCourse);
      }
      if (open && Button(ctx, {"home/checkin/" + s.id, ImRect(ImVec2(main.Max.x + m.gap, row.Min.y), row.Max),
                               ButtonKind::kPrimary, {{check_in, FontRole::kHeading}}})) {
        ctx.flow().course_id = s.course_id;
        ctx.checkin().Start(s);
      }
    }
  }

  void DrawCategories(UiContext& ctx, ImRect area) {
    const Metrics& m = ctx.m();
    // Large text needs the room for the tiles themselves.
    if (!ctx.large_text()) area = Heading(ctx, ctx.T("home.categories"), area);
    const auto& categories = ctx.catalog().categories();
    const int columns = ctx.large_text() ? 2 : 3;
    const float tile_h = RowHeight(ctx, ctx.large_text() ? 2 : 1);
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
