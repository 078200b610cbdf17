// Session picker: "which class are you here for?" - when a course has several classes today, or when a card
// was scanned outside a check-in screen (then picking a class checks in at once).
#include <algorithm>

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
    for (const Session* s : ctx.checkin().OpenSessionsNow()) ids.push_back(s->id);
    ctx.flow().session_choices = std::move(ids);
  }

  void Draw(UiContext& ctx) override {
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
    const TimeMs now = ctx.now();
    auto lines_of = [&](const Session& s) -> std::vector<TextLine> {
      const Course* course = ctx.catalog().FindCourse(s.course_id);
      const bool open = ctx.policy().Window(s, now) == WindowState::kOpen;
      return {{course ? ctx.L(course->title) : s.id},
              {JoinParts(ctx, {SessionWhen(ctx, s), SessionRoom(ctx, s), SessionState(ctx, s)}), FontRole::kBody,
               open ? Tone::kHighlight : Tone::kMuted}};
    };
    // The prompt, then every class offered: its course, when and where.
    std::vector<float> heights;
    for (const Session* s : sessions) heights.push_back(RowHeightFor(ctx, area.GetWidth(), lines_of(*s)));
    std::string choices;
    for (const Session* s : sessions) {
      for (const TextLine& line : lines_of(*s)) choices += (choices.empty() ? "" : "\n") + line.text;
    }
    ReadAloudAction(ctx, bar, "picker/speak", {prompt, choices});
    const PageRows rows = PagedRows(ctx, "picker/pages", heights, area, &page_);
    for (size_t i = 0; i < rows.rects.size(); ++i) {
      const Session& s = *sessions[size_t(rows.first) + i];
      const bool open = ctx.policy().Window(s, now) == WindowState::kOpen;
      if (Button(ctx, {"picker/session/" + s.id, rows.rects[i], ButtonKind::kRow, lines_of(s), Icon::kNone,
                       !flow.pending_request})) {
        if (!flow.scanned_id.empty() && open) {
          ctx.checkin().Submit(flow.scanned_id, s.id, RecordSource::kScanner);
        } else {
          ctx.checkin().Start(s);
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
