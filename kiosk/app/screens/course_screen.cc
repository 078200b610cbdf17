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
    std::vector<const Session*> open = ctx.OpenSessionsNow();
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
    if (!today.empty() && ctx.check_in_available() &&
        bar.Action("course/checkin", ctx.T("course.check_in"), ButtonKind::kPrimary, Icon::kCheck)) {
      if (today.size() == 1) {
        ctx.StartCheckIn(*today.front());
      } else {
        std::vector<std::string> ids;
        for (const Session* s : today) ids.push_back(s->id);
        ctx.OfferSessions(std::move(ids));
      }
    }

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
    const float lh = LineHeight(ctx, FontRole::kBody);
    const float card_h = std::round(lh * 2 + m.gap * 0.9f);
    const int fit = std::max(1, int((right.GetHeight() + m.gap * 0.6f) / (card_h + m.gap * 0.6f)));
    for (int i = 0; i < fit && i < int(upcoming.size()); ++i) {
      const Session& s = *upcoming[size_t(i)];
      ImRect card(ImVec2(right.Min.x, right.Min.y + float(i) * (card_h + m.gap * 0.6f)),
                  ImVec2(right.Max.x, right.Min.y + float(i) * (card_h + m.gap * 0.6f) + card_h));
      Panel(ctx, card);
      const float pad = m.gap * 0.75f;
      const bool open = ctx.policy().Window(s, now) == WindowState::kOpen;
      ImRect text1(ImVec2(card.Min.x + pad, card.Min.y + m.gap * 0.45f), ImVec2(card.Max.x - pad, card.Min.y + m.gap * 0.45f + lh));
      Text(ctx, JoinParts(ctx, {SessionWhen(ctx, s), open ? SessionState(ctx, s) : std::string()}), FontRole::kBody, text1,
           open ? Tone::kHighlight : Tone::kNormal);
      ImRect text2(ImVec2(text1.Min.x, text1.Max.y), ImVec2(text1.Max.x, text1.Max.y + lh));
      Text(ctx, JoinParts(ctx, {SessionRoom(ctx, s), SessionPlaces(ctx, s)}), FontRole::kBody, text2, Tone::kMuted);
    }
  }
};

}  // namespace

std::unique_ptr<Screen> MakeCourseScreen() { return std::make_unique<CourseScreen>(); }

}  // namespace lk::ui
