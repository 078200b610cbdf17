// Staff PIN pad: the way into staff mode after the corner hold or a staff card. Digits on a big keypad,
// shown as dots; a wrong PIN says how many tries are left, too many lock the pad until a time it shows.
#include <cmath>

#include "kiosk/app/screens/keypad.h"
#include "kiosk/app/screens/staff_chrome.h"

namespace lk::ui {
namespace {

class StaffPinScreen final : public StaffScreen {
 public:
  std::string_view id() const override { return staff_screen::kPin; }

  void OnEnter(UiContext& ctx) override { Staff(ctx).pin.Refresh(ctx); }
  void Preview(UiContext& ctx) override { Staff(ctx).pin.entry() = "12"; }

  void OnTyped(UiContext& ctx, const KeyInput& input) override {
    if (Locked(ctx)) return;
    if (input.kind == KeyInput::Kind::kEnter) return Staff(ctx).SubmitPin(ctx);
    std::string& pin = Staff(ctx).pin.entry();
    for (char c : input.text) {
      if (c >= '0' && c <= '9' && pin.size() < size_t(kMaxPinDigits)) pin += c;
    }
  }

  void OnBackspace(UiContext& ctx) override {
    std::string& pin = Staff(ctx).pin.entry();
    if (!pin.empty()) pin.pop_back();
  }

  void Draw(UiContext& ctx) override {
    StaffMode& staff = Staff(ctx);
    const PinPadView& pad = staff.pin.view();
    const Metrics& m = ctx.m();
    std::string& pin = staff.pin.entry();
    const bool locked = Locked(ctx);
    DrawStaffTopBar(ctx, "staff.pin.title");

    BottomBar bar(ctx, /*with_navigation=*/false);
    if (StaffBarLeft(ctx, "staff/pin/cancel", "staff.cancel", Icon::kBack)) staff.Lock(ctx, StaffEvent::kCancelled);
    const bool ready =
        pin.size() >= size_t(kMinPinDigits) && !pad.checking && !locked && pad.state && pad.state->pin_set;
    if (bar.Action("staff/pin/submit", ctx.T(pad.checking ? "staff.pin.checking" : "staff.pin.submit"),
                   ButtonKind::kPrimary, Icon::kCheck, ready)) {
      staff.SubmitPin(ctx);
    }
    if (bar.Action("staff/language", ctx.T("staff.language"), ButtonKind::kSecondary)) {
      ctx.SetLanguage(ctx.language() == Language::kZh ? Language::kEn : Language::kZh);
    }

    const ImRect content = Areas(ctx).content;
    const float split = std::round(content.Min.x + content.GetWidth() * 0.5f);
    const ImRect left(content.Min, ImVec2(split - m.gap, content.Max.y));
    const ImRect right(ImVec2(split + m.gap, content.Min.y), content.Max);
    const float lh = LineHeight(ctx, FontRole::kBody);
    float y = left.Min.y;
    y += Text(ctx, ctx.T("staff.pin.heading"), FontRole::kHeading,
              ImRect(ImVec2(left.Min.x, y), ImVec2(left.Max.x, y + LineHeight(ctx, FontRole::kHeading) * 2)));
    y += m.gap;

    // The PIN as dots (no field while the pad is locked: nothing can be typed).
    if (!locked) {
      const float field_h = std::round(LineHeight(ctx, FontRole::kTitle) + m.gap);
      const ImRect field(ImVec2(left.Min.x, y), ImVec2(left.Max.x, y + field_h));
      Panel(ctx, field);
      std::string dots;
      for (size_t i = 0; i < pin.size(); ++i) dots += (i ? " " : "") + std::string(ctx.T("staff.pin.dot"));
      const float ts = LineHeight(ctx, FontRole::kTitle);
      if (!dots.empty()) {
        Text(ctx, dots, FontRole::kTitle,
             ImRect(ImVec2(field.Min.x + m.gap, field.GetCenter().y - ts / 2),
                    ImVec2(field.Max.x - m.gap, field.GetCenter().y + ts / 2)));
      }
      y = field.Max.y + m.gap;
    }

    // What happened, or what to do.
    std::string message;
    Tone tone = Tone::kMuted;
    if (!pad.error.empty()) {
      message = ctx.Tf("staff.error.other", {{"message", pad.error}});
      tone = Tone::kAttention;
    } else if (pad.state && !pad.state->pin_set) {
      message = ctx.T("staff.pin.no_pin");
      tone = Tone::kAttention;
    } else if (locked) {
      message = ctx.Tf("staff.pin.locked", {{"time", ctx.Clock(pad.state->locked_until)}});
      tone = Tone::kAttention;
    } else if (pad.last && pad.last->outcome == PinOutcome::kWrong) {
      message = ctx.Tf("staff.pin.wrong", {{"count", std::to_string(pad.last->attempts_left)}});
      tone = Tone::kAttention;
    } else {
      message = ctx.T("staff.pin.hint");
    }
    Text(ctx, message, FontRole::kBody,
         ImRect(ImVec2(left.Min.x, y), ImVec2(left.Max.x, std::min(left.Max.y, y + lh * 4))), tone);

    if (locked) return;  // no keys while the pad is locked
    if (std::optional<Key> key = KeyGrid(ctx, "staff/pin/key", DigitKeys(ctx), 3, right); key && !pad.checking) {
      ApplyKey(*key, &pin, size_t(kMaxPinDigits));
    }
  }

 private:
  static bool Locked(UiContext& ctx) {
    const PinPadView& pad = Staff(ctx).pin.view();
    return pad.state && pad.state->locked(ctx.now());
  }
};

}  // namespace

std::unique_ptr<Screen> MakeStaffPinScreen() { return std::make_unique<StaffPinScreen>(); }

}  // namespace lk::ui
