// Session picker: "which class are you here for?" - when a course has several classes today, or when a card
// was scanned outside a check-in screen (then picking a class checks in at once).
#include "kiosk/app/screens/chrome.h"
#include "kiosk/app/screens/screen.h"

namespace lk::ui {
namespace {

class SessionPickerScreen final : public Screen {
 public:
  std::string_view id() const override { return screen_id::kSessionPicker; }
  void OnEnter(UiContext&) override { page_ = 0; }

  void Preview(UiContext& ctx) override {
    std::vector<std::string> ids;
    for (const Session* s : ctx.OpenSessionsNow()) ids.push_back(s->id);
    ctx.flow().session_choices = std::move(ids);
  }

  void Draw(UiContext& ctx) override {
    const Metrics& m = ctx.m();
    ResidentFlow& flow = ctx.flow();
    DrawTopBar(ctx, ctx.T("picker.title"));
    BottomBar bar(ctx);
    ImRect area = Areas(ctx).content;
    std::string prompt = flow.scanned_id.empty()
                             ? std::string(ctx.T("picker.prompt"))
                             : ctx.Tf("picker.prompt_scanned", {{"id", MaskLearnerId(flow.scanned_id)}});
    if (flow.pending_request) prompt = std::string(ctx.T("checkin.working"));
    area = Heading(ctx, prompt, area);

    std::vector<const Session*> sessions;
    for (const std::string& id : flow.session_choices) {
      if (const Session* s = ctx.catalog().FindSession(id)) sessions.push_back(s);
    }
    const float row_h = RowHeight(ctx, 2);
    int per_page = RowsThatFit(ctx, area.GetHeight(), row_h);
    if (int(sessions.size()) > per_page) per_page = RowsThatFit(ctx, area.GetHeight() - m.target - m.gap, row_h);
    PageSlice slice = Pager(ctx, "picker/pages", int(sessions.size()), per_page, &page_,
                            ImRect(ImVec2(area.Min.x, area.Max.y - m.target), area.Max));
    const TimeMs now = ctx.now();
    for (int i = 0; i < slice.count; ++i) {
      const Session& s = *sessions[size_t(slice.first + i)];
      const Course* course = ctx.catalog().FindCourse(s.course_id);
      const bool open = ctx.policy().Window(s, now) == WindowState::kOpen;
      if (Button(ctx, {"picker/session/" + s.id, RowRect(ctx, area, i, row_h), ButtonKind::kRow,
                       {{course ? ctx.L(course->title) : s.id},
                        {JoinParts(ctx, {SessionWhen(ctx, s), SessionRoom(ctx, s), SessionState(ctx, s)}),
                         FontRole::kBody, open ? Tone::kHighlight : Tone::kMuted}},
                       Icon::kNone, !flow.pending_request})) {
        if (!flow.scanned_id.empty() && open) {
          ctx.SubmitCheckIn(flow.scanned_id, s.id, RecordSource::kScanner);
        } else {
          ctx.StartCheckIn(s);
        }
      }
    }
  }

 private:
  int page_ = 0;
};

}  // namespace

std::unique_ptr<Screen> MakeSessionPickerScreen() { return std::make_unique<SessionPickerScreen>(); }

}  // namespace lk::ui
