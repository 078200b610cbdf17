// Category: the courses of one category, those with a class today first, then by their next class.
#include <algorithm>

#include "kiosk/app/screens/chrome.h"
#include "kiosk/app/screens/course_rows.h"
#include "kiosk/app/screens/screen.h"

namespace lk::ui {
namespace {

class CategoryScreen final : public Screen {
 public:
  std::string_view id() const override { return screen_id::kCategory; }
  void OnEnter(UiContext&) override { page_ = 0; }

  void Preview(UiContext& ctx) override {
    if (!ctx.catalog().categories().empty()) ctx.flow().category_id = ctx.catalog().categories().front()->id;
  }

  void Draw(UiContext& ctx) override {
    const Category* category = ctx.catalog().FindCategory(ctx.flow().category_id);
    DrawTopBar(ctx, category ? ctx.L(category->name) : std::string(ctx.T("category.title")));
    BottomBar bar(ctx);
    if (!category) return;

    std::vector<const Course*> courses = ctx.catalog().CoursesIn(category->id);
    const TimeMs never = INT64_MAX;
    auto next_start = [&](const Course* c) {
      const Session* s = NextSessionOf(ctx, *c);
      return s ? s->starts_at : never;
    };
    std::stable_sort(courses.begin(), courses.end(),
                     [&](const Course* a, const Course* b) { return next_start(a) < next_start(b); });

    ImRect area = Areas(ctx).content;
    if (courses.empty()) {
      Text(ctx, ctx.T("category.empty"), FontRole::kBody, area, Tone::kMuted);
      return;
    }
    std::vector<float> heights;
    for (const Course* c : courses) heights.push_back(RowHeightFor(ctx, area.GetWidth(), CourseRowLines(ctx, *c)));
    const PageRows rows = PagedRows(ctx, "category/pages", heights, area, &page_);
    for (size_t i = 0; i < rows.rects.size(); ++i) {
      const Course& course = *courses[size_t(rows.first) + i];
      CourseRow(ctx, "category/course/" + course.id, course, rows.rects[i]);
    }
  }

 private:
  int page_ = 0;
};

}  // namespace

std::unique_ptr<Screen> MakeCategoryScreen() { return std::make_unique<CategoryScreen>(); }

}  // namespace lk::ui
