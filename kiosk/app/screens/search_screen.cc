// Search: find a course by typing pinyin (`taiji`, initials `tjq`) or English on big on-screen letter keys;
// with nothing typed it lists the courses with a class today. Uses the catalogue snapshot's SearchIndex.
#include <algorithm>
#include <cctype>
#include <cmath>

#include "kiosk/app/screens/chrome.h"
#include "kiosk/app/screens/course_rows.h"
#include "kiosk/app/screens/keypad.h"
#include "kiosk/app/screens/screen.h"

namespace lk::ui {
namespace {

constexpr size_t kMaxQuery = 24;
constexpr size_t kMaxHits = 24;

class SearchScreen final : public Screen {
 public:
  std::string_view id() const override { return screen_id::kSearch; }
  void OnEnter(UiContext&) override { page_ = 0; }

  void Preview(UiContext& ctx) override { ctx.flow().search_query = "taiji"; }

  void OnTyped(UiContext& ctx, const KeyInput& input) override {
    for (char c : input.text) {
      if ((std::isalnum(static_cast<unsigned char>(c)) || c == ' ') && ctx.flow().search_query.size() < kMaxQuery) {
        ctx.flow().search_query += char(std::tolower(static_cast<unsigned char>(c)));
        page_ = 0;
      }
    }
  }

  void OnBackspace(UiContext& ctx) override {
    if (!ctx.flow().search_query.empty()) ctx.flow().search_query.pop_back();
    page_ = 0;
  }

  void Draw(UiContext& ctx) override {
    const Metrics& m = ctx.m();
    std::string& query = ctx.flow().search_query;
    DrawTopBar(ctx, ctx.T("search.title"));
    BottomBar bar(ctx);

    const ImRect content = Areas(ctx).content;
    const float split = std::round(content.Min.x + content.GetWidth() * (ctx.large_text() ? 0.4f : 0.45f));
    ImRect left(content.Min, ImVec2(split - m.gap, content.Max.y));
    const ImRect right(ImVec2(split + m.gap, content.Min.y), content.Max);

    // What has been typed.
    const float field_h = std::round(LineHeight(ctx, FontRole::kTitle) + m.gap);
    ImRect field(left.Min, ImVec2(left.Max.x, left.Min.y + field_h));
    Panel(ctx, field);
    const float lh = LineHeight(ctx, FontRole::kBody);
    ImRect inner(field.Min + ImVec2(m.gap, 0), field.Max - ImVec2(m.gap, 0));
    if (query.empty()) {
      Text(ctx, ctx.T("search.placeholder"), FontRole::kBody,
           ImRect(ImVec2(inner.Min.x, field.GetCenter().y - lh / 2), ImVec2(inner.Max.x, field.GetCenter().y + lh / 2)), Tone::kMuted);
    } else {
      const float ts = LineHeight(ctx, FontRole::kTitle);
      Text(ctx, query, FontRole::kTitle, ImRect(ImVec2(inner.Min.x, field.GetCenter().y - ts / 2), ImVec2(inner.Max.x, field.GetCenter().y + ts / 2)));
    }
    left.Min.y = field.Max.y + m.gap;

    // Results.
    if (query != last_query_ || ctx.snapshot_ptr() != last_snapshot_ || ctx.language() != last_language_) {
      hits_ = ctx.catalog().search().Query(query, ctx.now(), ctx.zone(), kMaxHits);
      last_query_ = query;
      last_snapshot_ = ctx.snapshot_ptr();
      last_language_ = ctx.language();
    }
    left = Heading(ctx, ctx.T(query.empty() ? "search.today" : "search.results"), left);
    std::vector<const Course*> courses;
    for (const SearchHit& hit : hits_) {
      if (const Course* c = ctx.catalog().FindCourse(hit.course_id)) courses.push_back(c);
    }
    if (courses.empty()) {
      Text(ctx, ctx.T(query.empty() ? "search.none_today" : "search.no_results"), FontRole::kBody, left, Tone::kMuted);
    } else {
      std::vector<float> heights;
      for (const Course* c : courses) heights.push_back(RowHeightFor(ctx, left.GetWidth(), CourseRowLines(ctx, *c)));
      const PageRows rows = PagedRows(ctx, "search/pages", heights, left, &page_);
      for (size_t i = 0; i < rows.rects.size(); ++i) {
        const Course& course = *courses[size_t(rows.first) + i];
        CourseRow(ctx, "search/course/" + course.id, course, rows.rects[i]);
      }
    }

    // The letter keys.
    if (std::optional<Key> key = KeyGrid(ctx, "search/key", LetterKeys(ctx, true, " "), 0, right)) {
      ApplyKey(*key, &query, kMaxQuery);
      page_ = 0;
    }
  }

 private:
  int page_ = 0;
  std::string last_query_;
  std::shared_ptr<const CatalogSnapshot> last_snapshot_;
  Language last_language_ = Language::kZh;
  std::vector<SearchHit> hits_;
};

}  // namespace

std::unique_ptr<Screen> MakeSearchScreen() { return std::make_unique<SearchScreen>(); }

}  // namespace lk::ui
