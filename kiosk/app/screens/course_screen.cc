// Course detail: teacher, credit hours, summary, the upcoming classes with their rooms and places left, and
// Check in while one of today's classes has not ended.
#include <cmath>

#include "kiosk/app/screens/chrome.h"
#include "kiosk/app/screens/course_rows.h"
#include "kiosk/app/screens/screen.h"

namespace lk::ui {
namespace {

class CourseScreen final : public Screen {
 public:
  std::string_view id() const override { return screen_id::kCourse; }

  void Preview(UiContext& ctx) override {
    // A course with a class open for check-in now, if there is one.
    std::vector<const Session*> open = ctx.checkin().OpenSessionsNow();
    if (!open.empty()) {
      ctx.flow().course_id = open.front()->course_id;
    } else if (!ctx.catalog().catalog().courses.empty()) {
      ctx.flow().course_id = ctx.catalog().catalog().courses.front().id;
    }
  }

  void Draw(UiContext& ctx) override {
    const Metrics& m = ctx.m();
    const Course* course = ctx.catalog().FindCourse(ctx.flow().course_id);
    DrawTopBar(ctx, course ? ctx.L(course->title) : std::string(ctx.T("course.title")));
    BottomBar bar(ctx);
    if (!course) return;

    const TimeMs now = ctx.now();
    const TimeMs end_of_today = ctx.zone().StartOfDay(AddDays(ctx.zone().DateOf(now), 1));
    std::vector<const Session*> today;
    for (const Session* s : ctx.catalog().SessionsOf(course->id)) {
      if (s->ends_at > now && s->starts_at < end_of_today) today.push_back(s);
    }
    if (!today.empty() && ctx.checkin().available() &&
        bar.Action("course/checkin", ctx.T("course.check_in"), ButtonKind::kPrimary, Icon::kCheck)) {
      if (today.size() == 1) {
        ctx.checkin().Start(*today.front());
      } else {
        std::vector<std::string> ids;
        for (const Session* s : today) ids.push_back(s->id);
        ctx.checkin().OfferSessions(std::move(ids));
      }
    }

    // The course, its teacher and hours, and when and where it next meets.
    const Session* next = nullptr;
    for (const Session* s : ctx.catalog().SessionsOf(course->id)) {
      if (s->ends_at > now) {
        next = s;
        break;
      }
    }
    ReadAloudAction(ctx, bar, "course/speak",
                    {ctx.L(course->title),
                     ctx.L(course->teacher).empty() ? std::string()
                                                    : ctx.Tf("course.teacher", {{"teacher", ctx.L(course->teacher)}}),
                     course->credit_hours > 0 ? ctx.Tf("course.credit_hours", {{"hours", ctx.Hours(course->credit_hours)}})
                                              : std::string(),
                     next ? SessionWhen(ctx, *next) : std::string(), next ? SessionRoom(ctx, *next) : std::string()});

    const ImRect content = Areas(ctx).content;
    const float split = std::round(content.Min.x + content.GetWidth() * 0.52f);
    // Left: about the course.
    ImRect left(content.Min, ImVec2(split - m.gap, content.Max.y));
    float y = left.Min.y;
    auto line = [&](const std::string& text, Tone tone) {
      y += Text(ctx, text, FontRole::kBody, ImRect(ImVec2(left.Min.x, y), ImVec2(left.Max.x, left.Max.y)), tone);
      y += m.gap * 0.4f;
    };
    if (!ctx.L(course->teacher).empty()) line(ctx.Tf("course.teacher", {{"teacher", ctx.L(course->teacher)}}), Tone::kNormal);
    if (course->credit_hours > 0) line(ctx.Tf("course.credit_hours", {{"hours", ctx.Hours(course->credit_hours)}}), Tone::kNormal);
    y += m.gap * 0.6f;
    if (!ctx.L(course->summary).empty()) line(ctx.L(course->summary), Tone::kNormal);

    // Right: upcoming classes.
    ImRect right(ImVec2(split + m.gap, content.Min.y), content.Max);
    right = Heading(ctx, ctx.T("course.upcoming"), right);
    std::vector<const Session*> upcoming;
    for (const Session* s : ctx.catalog().SessionsOf(course->id)) {
      if (s->ends_at > now) upcoming.push_back(s);
    }
    if (upcoming.empty()) {
      Text(ctx, ctx.T("course.no_upcoming"), FontRole::kBody, right, Tone::kMuted);
      return;
    }
    // One card per class, as many as fit, each as tall as its wrapped lines.
    const float pad = m.gap * 0.75f;
    const float inner_w = right.GetWidth() - 2 * pad;
    float card_y = right.Min.y;
    for (const Session* s : upcoming) {
      const bool open = ctx.policy().Window(*s, now) == WindowState::kOpen;
      const std::string when = JoinParts(ctx, {SessionWhen(ctx, *s), open ? SessionState(ctx, *s) : std::string()});
      const std::string where = JoinParts(ctx, {SessionRoom(ctx, *s), SessionPlaces(ctx, *s)});
      const float h1 = TextHeight(ctx, when, FontRole::kBody, inner_w), h2 = TextHeight(ctx, where, FontRole::kBody, inner_w);
      const ImRect card(ImVec2(right.Min.x, card_y), ImVec2(right.Max.x, card_y + std::round(h1 + h2 + pad * 1.2f)));
      if (card.Max.y > right.Max.y) break;
      Panel(ctx, card);
      const float ty = card.Min.y + pad * 0.6f;
      Text(ctx, when, FontRole::kBody, ImRect(ImVec2(card.Min.x + pad, ty), ImVec2(card.Max.x - pad, ty + h1)),
           open ? Tone::kHighlight : Tone::kNormal);
      Text(ctx, where, FontRole::kBody, ImRect(ImVec2(card.Min.x + pad, ty + h1), ImVec2(card.Max.x - pad, ty + h1 + h2)),
           Tone::kMuted);
      card_y = card.Max.y + m.gap * 0.6f;
    }
  }
};

}  // namespace

std::unique_ptr<Screen> MakeCourseScreen() { return std::make_unique<CourseScreen>(); }

}  // namespace lk::ui
