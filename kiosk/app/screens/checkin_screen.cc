// Check-in: the session being checked in to, the learner id as typed on a big keypad (digits, or letters),
// and Check in. A scanned card checks in at once.
#include <cctype>
#include <cmath>

#include "kiosk/app/screens/chrome.h"
#include "kiosk/app/screens/keypad.h"
#include "kiosk/app/screens/screen.h"

namespace lk::ui {
namespace {

constexpr size_t kMaxIdLength = 32;

class CheckInScreen final : public Screen {
 public:
  std::string_view id() const override { return screen_id::kCheckIn; }

  void OnEnter(UiContext& ctx) override {
    letters_ = false;
    ctx.flow().entered_id.clear();
  }

  void Preview(UiContext& ctx) override {
    std::vector<const Session*> open = ctx.checkin().OpenSessionsNow();
    if (!open.empty()) ctx.flow().session_id = open.front()->id;
    ctx.flow().entered_id = "2024";
  }

  bool OnScan(UiContext& ctx, const std::string& code) override {
    if (ctx.catalog().FindSession(ctx.flow().session_id)) {
      ctx.checkin().Submit(code, ctx.flow().session_id, RecordSource::kScanner);
    }
    return true;
  }

  void OnTyped(UiContext& ctx, const KeyInput& input) override {
    ResidentFlow& flow = ctx.flow();
    if (input.kind == KeyInput::Kind::kEnter) return Submit(ctx);
    for (char c : input.text) {
      if ((std::isalnum(static_cast<unsigned char>(c)) || c == '-') && flow.entered_id.size() < kMaxIdLength) {
        flow.entered_id += c;
      }
    }
  }

  void OnBackspace(UiContext& ctx) override {
    if (!ctx.flow().entered_id.empty()) ctx.flow().entered_id.pop_back();
  }

  void Draw(UiContext& ctx) override {
    const Metrics& m = ctx.m();
    ResidentFlow& flow = ctx.flow();
    DrawTopBar(ctx, ctx.T("checkin.title"));
    BottomBar bar(ctx);
    const Session* session = ctx.catalog().FindSession(flow.session_id);
    if (!session) {
      Text(ctx, ctx.T("checkin.no_session"), FontRole::kBody, Areas(ctx).content, Tone::kMuted);
      return;
    }
    const bool working = flow.pending_request.has_value();
    if (bar.Action("checkin/submit", ctx.T(working ? "checkin.working" : "checkin.submit"), ButtonKind::kPrimary,
                   Icon::kCheck, !flow.entered_id.empty() && !working)) {
      Submit(ctx);
    }

    const ImRect content = Areas(ctx).content;
    const float split = std::round(content.Min.x + content.GetWidth() * (ctx.large_text() ? 0.4f : 0.47f));
    ImRect left(content.Min, ImVec2(split - m.gap, content.Max.y));
    const ImRect right(ImVec2(split + m.gap, content.Min.y), content.Max);

    // Which class.
    const Course* course = ctx.catalog().FindCourse(session->course_id);
    const float lh = LineHeight(ctx, FontRole::kBody);
    float y = left.Min.y;
    y += Text(ctx, course ? ctx.L(course->title) : session->id, FontRole::kHeading,
              ImRect(ImVec2(left.Min.x, y), ImVec2(left.Max.x, y + LineHeight(ctx, FontRole::kHeading) * 2)));
    y += Text(ctx, JoinParts(ctx, {SessionWhen(ctx, *session), SessionRoom(ctx, *session)}), FontRole::kBody,
              ImRect(ImVec2(left.Min.x, y), ImVec2(left.Max.x, y + lh * 2)), Tone::kMuted);
    y += m.gap * 1.5f;

    // The id as typed, and the switch between digits and letters beside it.
    y += Text(ctx, ctx.T("checkin.enter_id"), FontRole::kBody, ImRect(ImVec2(left.Min.x, y), ImVec2(left.Max.x, y + lh * 2)));
    y += m.gap * 0.5f;
    const std::string toggle_label(ctx.T(letters_ ? "checkin.digits" : "checkin.letters"));
    const float toggle_w = ButtonWidth(ctx, toggle_label, FontRole::kHeading, Icon::kNone, m.target * 1.5f);
    const float field_h = std::max(m.target, std::round(LineHeight(ctx, FontRole::kTitle) + m.gap));
    ImRect field(ImVec2(left.Min.x, y), ImVec2(left.Max.x - toggle_w - m.gap, y + field_h));
    Panel(ctx, field);
    const ImRect field_inner(field.Min + ImVec2(m.gap, 0), field.Max - ImVec2(m.gap, 0));
    if (flow.entered_id.empty()) {
      Text(ctx, ctx.T("checkin.id_placeholder"), FontRole::kBody,
           ImRect(ImVec2(field_inner.Min.x, field.GetCenter().y - lh / 2), ImVec2(field_inner.Max.x, field.GetCenter().y + lh / 2)),
           Tone::kMuted);
    } else {
      // The biggest size the id fits in.
      FontRole role = FontRole::kBody;
      for (FontRole r : {FontRole::kTitle, FontRole::kHeading}) {
        const float w = ctx.font(r)->CalcTextSizeA(ctx.font_size(r), FLT_MAX, 0, flow.entered_id.c_str()).x;
        if (w <= field_inner.GetWidth()) {
          role = r;
          break;
        }
      }
      const float h = LineHeight(ctx, role);
      Text(ctx, flow.entered_id, role,
           ImRect(ImVec2(field_inner.Min.x, field.GetCenter().y - h / 2), ImVec2(field_inner.Max.x, field.GetCenter().y + h / 2)));
    }
    if (Button(ctx, {"checkin/keys-mode", ImRect(ImVec2(field.Max.x + m.gap, field.Min.y), ImVec2(left.Max.x, field.Max.y)),
                     ButtonKind::kSecondary, {{toggle_label, FontRole::kHeading}}})) {
      letters_ = !letters_;
    }
    y = field.Max.y + m.gap * 1.5f;
    const float icon = std::round(lh * 1.2f);
    DrawIcon(ImGui::GetWindowDrawList(), Icon::kCard, ImRect(ImVec2(left.Min.x, y), ImVec2(left.Min.x + icon, y + icon)),
             ToU32(ctx.colors().text_muted), std::max(2.0f, m.border));
    Text(ctx, ctx.T("checkin.scan_hint"), FontRole::kBody,
         ImRect(ImVec2(left.Min.x + icon + m.gap * 0.6f, y), ImVec2(left.Max.x, left.Max.y)), Tone::kMuted);

    // The keypad.
    std::optional<Key> key = letters_ ? KeyGrid(ctx, "checkin/key", LetterKeys(ctx, false, "-"), 0, right)
                                      : KeyGrid(ctx, "checkin/key", DigitKeys(ctx), 3, right);
    if (key && !working) ApplyKey(*key, &flow.entered_id, kMaxIdLength);
  }

 private:
  static void Submit(UiContext& ctx) {
    ResidentFlow& flow = ctx.flow();
    if (flow.entered_id.empty()) return;
    ctx.checkin().Submit(flow.entered_id, flow.session_id, RecordSource::kKeypad);
  }

  bool letters_ = false;
};

}  // namespace

std::unique_ptr<Screen> MakeCheckInScreen() { return std::make_unique<CheckInScreen>(); }

}  // namespace lk::ui
