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
    const Metrics& m = ctx.m();
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
    const float row_h = RowHeight(ctx, 2);
    int per_page = RowsThatFit(ctx, area.GetHeight(), row_h);
    if (int(courses.size()) > per_page) per_page = RowsThatFit(ctx, area.GetHeight() - m.target - m.gap, row_h);
    PageSlice slice = Pager(ctx, "category/pages", int(courses.size()), per_page, &page_,
                            ImRect(ImVec2(area.Min.x, area.Max.y - m.target), area.Max));
    for (int i = 0; i < slice.count; ++i) {
      const Course& course = *courses[size_t(slice.first + i)];
      CourseRow(ctx, "category/course/" + course.id, course, RowRect(ctx, area, i, row_h));
    }
  }

 private:
  int page_ = 0;
};

}  // namespace

std::unique_ptr<Screen> MakeCategoryScreen() { return std::make_unique<CategoryScreen>(); }

}  // namespace lk::ui
