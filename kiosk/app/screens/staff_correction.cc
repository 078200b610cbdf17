// Staff corrections: add a check-in for a learner (typed on the keypad or scanned) to the session whose
// roster staff came from, and void a check-in with a reason chosen from a short list. Both write new
// records; the original is never changed.
#include <cctype>
#include <cmath>

#include "kiosk/app/screens/keypad.h"
#include "kiosk/app/screens/staff_chrome.h"
#include "kiosk/core/checkin_policy.h"

namespace lk::ui {
namespace {

constexpr size_t kMaxIdLength = 32;

// "Calligraphy for beginners" / "Today 09:00–10:30 · Room 2": the session a correction is for.
float SessionHeader(UiContext& ctx, const Session& session, const ImRect& area) {
  const Course* course = ctx.catalog().FindCourse(session.course_id);
  float y = area.Min.y;
  y += Text(ctx, course ? ctx.L(course->title) : session.id, FontRole::kHeading,
            ImRect(ImVec2(area.Min.x, y), ImVec2(area.Max.x, y + LineHeight(ctx, FontRole::kHeading) * 2)));
  y += Text(ctx,
            JoinParts(ctx, {StaffDate(ctx, ctx.zone().DateOf(session.starts_at)), ctx.TimeRange(session),
                            SessionRoom(ctx, session)}),
            FontRole::kBody,
            ImRect(ImVec2(area.Min.x, y), ImVec2(area.Max.x, y + LineHeight(ctx, FontRole::kBody) * 2)), Tone::kMuted);
  return y - area.Min.y;
}

class StaffAddScreen final : public StaffScreen {
 public:
  std::string_view id() const override { return staff_screen::kAdd; }

  void OnEnter(UiContext&) override { letters_ = false; }

  // A scanned learner card fills in the id.
  bool OnScan(UiContext& ctx, const std::string& code) override {
    Staff(ctx).day.learner_entry() = code.substr(0, kMaxIdLength);
    return true;
  }

  void OnTyped(UiContext& ctx, const KeyInput& input) override {
    StaffMode& staff = Staff(ctx);
    if (input.kind == KeyInput::Kind::kEnter) return staff.day.SubmitAdd(ctx);
    for (char c : input.text) {
      if ((std::isalnum(static_cast<unsigned char>(c)) || c == '-') && staff.day.learner_entry().size() < kMaxIdLength) {
        staff.day.learner_entry() += c;
      }
    }
  }

  void OnBackspace(UiContext& ctx) override {
    std::string& id = Staff(ctx).day.learner_entry();
    if (!id.empty()) id.pop_back();
  }

  void Draw(UiContext& ctx) override {
    StaffMode& staff = Staff(ctx);
    const Metrics& m = ctx.m();
    std::string& learner = staff.day.learner_entry();
    DrawStaffTopBar(ctx, "staff.add.title");
    BottomBar bar(ctx, /*with_navigation=*/false);
    if (StaffBarLeft(ctx, "staff/back", "nav.back", Icon::kBack)) return ctx.nav().Back();
    const Session* session = ctx.catalog().FindSession(staff.day.session_id());
    if (bar.Action("staff/add/submit", ctx.T(staff.desk.working() ? "staff.working" : "staff.add.submit"),
                   ButtonKind::kPrimary, Icon::kCheck, session && !learner.empty() && !staff.desk.working())) {
      staff.day.SubmitAdd(ctx);
    }
    const ImRect content = Areas(ctx).content;
    if (!session) {
      Text(ctx, ctx.T("staff.error.not_found"), FontRole::kBody, content, Tone::kAttention);
      return;
    }
    const float split = std::round(content.Min.x + content.GetWidth() * (ctx.large_text() ? 0.4f : 0.47f));
    ImRect left(content.Min, ImVec2(split - m.gap, content.Max.y));
    const ImRect right(ImVec2(split + m.gap, content.Min.y), content.Max);
    const float lh = LineHeight(ctx, FontRole::kBody);

    left.Min.y += SessionHeader(ctx, *session, left) + m.gap;
    left = DrawNotice(ctx, left);
    float y = left.Min.y;
    y += Text(ctx, ctx.T("staff.add.enter_id"), FontRole::kBody,
              ImRect(ImVec2(left.Min.x, y), ImVec2(left.Max.x, y + lh)));
    y += m.gap * 0.5f;

    // The id as typed (as big as it fits), and the switch between digits and letters beside it.
    const std::string toggle_label(ctx.T(letters_ ? "checkin.digits" : "checkin.letters"));
    const float toggle_w = ButtonWidth(ctx, toggle_label, FontRole::kHeading, Icon::kNone, std::round(m.target * 1.5f));
    const float field_h = std::max(m.target, std::round(LineHeight(ctx, FontRole::kTitle) + m.gap));
    const ImRect field(ImVec2(left.Min.x, y), ImVec2(left.Max.x - toggle_w - m.gap, y + field_h));
    Panel(ctx, field);
    const ImRect inner(field.Min + ImVec2(m.gap, 0), field.Max - ImVec2(m.gap, 0));
    if (!learner.empty()) {
      FontRole role = FontRole::kBody;
      for (FontRole r : {FontRole::kTitle, FontRole::kHeading}) {
        if (ctx.font(r)->CalcTextSizeA(ctx.font_size(r), FLT_MAX, 0, learner.c_str()).x <= inner.GetWidth()) {
          role = r;
          break;
        }
      }
      const float h = std::min(TextHeight(ctx, learner, role, inner.GetWidth()), inner.GetHeight());
      Text(ctx, learner, role,
           ImRect(ImVec2(inner.Min.x, field.GetCenter().y - h / 2), ImVec2(inner.Max.x, field.Max.y)));
    }
    if (Button(ctx, {"staff/add/keys-mode",
                     ImRect(ImVec2(field.Max.x + m.gap, field.Min.y), ImVec2(left.Max.x, field.Max.y)),
                     ButtonKind::kSecondary,
                     {{toggle_label, FontRole::kHeading}}})) {
      letters_ = !letters_;
    }
    y = field.Max.y + m.gap;
    Text(ctx, ctx.T("staff.add.hint"), FontRole::kBody, ImRect(ImVec2(left.Min.x, y), left.Max), Tone::kMuted);

    std::optional<Key> key = letters_ ? KeyGrid(ctx, "staff/add/key", LetterKeys(ctx, false, "-"), 0, right)
                                      : KeyGrid(ctx, "staff/add/key", DigitKeys(ctx), 3, right);
    if (key && !staff.desk.working()) ApplyKey(*key, &learner, kMaxIdLength);
  }

 private:
  bool letters_ = false;
};

class StaffVoidScreen final : public StaffScreen {
 public:
  std::string_view id() const override { return staff_screen::kVoid; }

  void Draw(UiContext& ctx) override {
    StaffMode& staff = Staff(ctx);
    const Metrics& m = ctx.m();
    DrawStaffTopBar(ctx, "staff.void.title");
    BottomBar bar(ctx, /*with_navigation=*/false);
    if (StaffBarLeft(ctx, "staff/back", "nav.back", Icon::kBack)) return ctx.nav().Back();
    const RosterEntry* target = staff.day.void_target();
    if (bar.Action("staff/void/submit", ctx.T(staff.desk.working() ? "staff.working" : "staff.void.submit"),
                   ButtonKind::kPrimary, Icon::kCheck, target && !staff.day.reason_key().empty() && !staff.desk.working())) {
      staff.day.SubmitVoid(ctx);
    }
    ImRect area = Areas(ctx).content;
    if (!target) {
      Text(ctx, ctx.T("staff.error.not_found"), FontRole::kBody, area, Tone::kAttention);
      return;
    }
    const float lh = LineHeight(ctx, FontRole::kBody);
    if (const Session* session = ctx.catalog().FindSession(target->record.session_id)) {
      area.Min.y += SessionHeader(ctx, *session, area) + m.gap * 0.5f;
    }
    const AttendanceRecord& r = target->record;
    area.Min.y += Text(ctx,
                       ctx.Tf("staff.void.record", {{"time", ctx.Clock(r.recorded_at)},
                                                    {"id", MaskLearnerId(r.learner_id)},
                                                    {"how", std::string(ctx.T(RecordHowKey(r)))}}),
                       FontRole::kHeading,
                       ImRect(area.Min, ImVec2(area.Max.x, area.Min.y + LineHeight(ctx, FontRole::kHeading) * 2)));
    area.Min.y += m.gap;
    area = DrawNotice(ctx, area);
    area.Min.y += Text(ctx, ctx.T("staff.void.choose_reason"), FontRole::kBody,
                       ImRect(area.Min, ImVec2(area.Max.x, area.Min.y + lh)));
    area.Min.y += m.gap * 0.5f;
    const auto& keys = DayRoster::VoidReasonKeys();
    for (size_t i = 0; i < keys.size(); ++i) {
      const ImRect cell = GridCell(ctx, ImRect(area.Min, ImVec2(area.Max.x, area.Min.y + m.target)), int(keys.size()),
                                   int(i), m.target);
      if (ChoiceButton(ctx, "staff/void/reason/" + std::to_string(i), cell, {{std::string(ctx.T(keys[i]))}},
                       staff.day.reason_key() == keys[i])) {
        staff.day.set_reason_key(std::string(keys[i]));
      }
    }
    area.Min.y += m.target + m.gap;
    Text(ctx, ctx.T("staff.void.note"), FontRole::kBody, area, Tone::kMuted);
  }
};

}  // namespace

std::unique_ptr<Screen> MakeStaffAddScreen() { return std::make_unique<StaffAddScreen>(); }
std::unique_ptr<Screen> MakeStaffVoidScreen() { return std::make_unique<StaffVoidScreen>(); }

}  // namespace lk::ui
