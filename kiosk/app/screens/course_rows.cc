#include "kiosk/app/screens/course_rows.h"

#include "kiosk/app/screens/chrome.h"

namespace lk::ui {

const Session* NextSessionOf(UiContext& ctx, const Course& course) {
  const TimeMs now = ctx.now();
  for (const Session* s : ctx.catalog().SessionsOf(course.id)) {
    if (s->ends_at > now) return s;
  }
  return nullptr;
}

std::string CourseDetailLine(UiContext& ctx, const Course& course) {
  const Session* next = NextSessionOf(ctx, course);
  std::string when = next ? ctx.Tf("course.next", {{"when", SessionWhen(ctx, *next)}})
                          : std::string(ctx.T("course.no_upcoming"));
  return JoinParts(ctx, {when, ctx.L(course.teacher)});
}

std::vector<TextLine> CourseRowLines(UiContext& ctx, const Course& course) {
  return {{ctx.L(course.title)}, {CourseDetailLine(ctx, course), FontRole::kBody, Tone::kMuted}};
}

void CourseRow(UiContext& ctx, const std::string& id, const Course& course, const ImRect& rect) {
  if (Button(ctx, {id, rect, ButtonKind::kRow, CourseRowLines(ctx, course)})) {
    ctx.flow().course_id = course.id;
    ctx.nav().Push(screen_id::kCourse);
  }
}

}  // namespace lk::ui
