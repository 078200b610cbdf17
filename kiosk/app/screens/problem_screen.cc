// Problem: a kind explanation of why a check-in did not happen (not open yet - and when it opens; already
// checked in; the id is not valid; no class open now; the timetable changed; ask staff) and what to do.
#include <cmath>

#include "kiosk/app/screens/chrome.h"
#include "kiosk/app/screens/screen.h"

namespace lk::ui {
namespace {

class ProblemScreen final : public Screen {
 public:
  std::string_view id() const override { return screen_id::kProblem; }

  void Preview(UiContext& ctx) override {
    // The commonest problem: a class that does not open for check-in yet.
    TimeMs now = ctx.now();
    for (const Session& s : ctx.catalog().catalog().sessions) {
      if (ctx.policy().Window(s, now) == WindowState::kNotOpenYet && ctx.zone().DateOf(s.starts_at) == ctx.zone().DateOf(now)) {
        ctx.flow().problem = Problem{ProblemKind::kNotOpenYet, s.id, "", ctx.policy().OpensAt(s)};
        return;
      }
    }
    ctx.flow().problem = Problem{ProblemKind::kUnavailable, "", "", 0};
  }

  void Draw(UiContext& ctx) override {
    const Metrics& m = ctx.m();
    DrawTopBar(ctx, ctx.T("problem.title"));
    BottomBar bar(ctx);
    if (!ctx.flow().problem) return;
    const Problem& p = *ctx.flow().problem;
    if (p.kind == ProblemKind::kInvalidId && bar.Action("problem/retry", ctx.T("problem.retry"), ButtonKind::kPrimary)) {
      ctx.nav().Back();
    }

    const Session* session = ctx.catalog().FindSession(p.session_id);
    const Course* course = session ? ctx.catalog().FindCourse(session->course_id) : nullptr;
    std::string heading, body;
    switch (p.kind) {
      case ProblemKind::kNotOpenYet:
        heading = ctx.T("problem.not_open.heading");
        body = ctx.Tf("problem.not_open.body",
                      {{"time", ctx.Clock(p.when)}, {"minutes", std::to_string(ctx.config().open_before_minutes)}});
        break;
      case ProblemKind::kEnded:
        heading = ctx.T("problem.ended.heading");
        body = ctx.T("problem.ended.body");
        break;
      case ProblemKind::kAlreadyCheckedIn:
        heading = ctx.T("problem.already.heading");
        body = ctx.Tf("problem.already.body", {{"id", MaskLearnerId(p.learner_id)}, {"time", ctx.Clock(p.when)}});
        break;
      case ProblemKind::kInvalidId:
        heading = ctx.T("problem.invalid_id.heading");
        body = ctx.T("problem.invalid_id.body");
        break;
      case ProblemKind::kNoOpenSession:
        heading = ctx.T("problem.none_open.heading");
        body = p.when > 0 ? ctx.Tf("problem.none_open.next", {{"time", ctx.Clock(p.when)}})
                          : std::string(ctx.T("problem.none_open.later"));
        break;
      case ProblemKind::kSessionGone:
        heading = ctx.T("problem.gone.heading");
        body = ctx.T("problem.gone.body");
        break;
      case ProblemKind::kUnavailable:
        heading = ctx.T("problem.unavailable.heading");
        body = ctx.T("problem.unavailable.body");
        break;
    }

    const ImRect content = Areas(ctx).content;
    const float column_w = std::min(content.GetWidth(), std::round(1400 * m.scale));
    const float x0 = std::round(content.GetCenter().x - column_w / 2);
    float y = content.Min.y + m.gap * 2;
    const float icon = std::round(LineHeight(ctx, FontRole::kTitle) * 1.2f);
    DrawIcon(ImGui::GetWindowDrawList(), Icon::kAttention,
             ImRect(ImVec2(x0, y), ImVec2(x0 + icon, y + icon)), ToU32(ctx.colors().attention), std::max(3.0f, m.border * 1.5f));
    const float text_x = x0 + icon + m.gap * 1.5f;
    const float text_max = x0 + column_w;
    y += Text(ctx, heading, FontRole::kTitle, ImRect(ImVec2(text_x, y), ImVec2(text_max, y + LineHeight(ctx, FontRole::kTitle) * 2)),
              Tone::kAttention);
    y += m.gap;
    if (course && session) {
      y += Text(ctx, JoinParts(ctx, {ctx.L(course->title), SessionWhen(ctx, *session)}), FontRole::kBody,
                ImRect(ImVec2(text_x, y), ImVec2(text_max, content.Max.y)), Tone::kMuted);
      y += m.gap;
    }
    Text(ctx, body, FontRole::kHeading, ImRect(ImVec2(text_x, y), ImVec2(text_max, content.Max.y)));
  }
};

}  // namespace

std::unique_ptr<Screen> MakeProblemScreen() { return std::make_unique<ProblemScreen>(); }

}  // namespace lk::ui
