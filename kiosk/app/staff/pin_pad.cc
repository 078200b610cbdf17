#include "kiosk/app/staff/pin_pad.h"

#include <memory>

#include "kiosk/app/staff/staff_mode.h"

namespace lk::ui {
namespace {

// The PIN on its way to the worker: one buffer shared by every copy of the task, wiped when the last
// copy goes (also when a queued task is dropped).
struct Secret {
  std::string text;
  ~Secret() { WipePin(text); }
};

}  // namespace

void PinPad::Reset() {
  WipePin(entry_);
  view_ = {};
}

void PinPad::Refresh(UiContext& ctx) {
  const StaffAuthOptions options = StaffAuthOptions::FromConfig(desk_.config());
  const TimeMs now = ctx.now();
  desk_.Run<PinPadState>([options, now](KioskStore& store) { return StaffAuth(store.db(), options).State(now); },
                         [this](Result<PinPadState> state) {
                           if (state.ok()) {
                             view_.state = *state;
                           } else {
                             view_.error = state.status().message();
                           }
                         });
}

void PinPad::Submit(UiContext& ctx, std::function<void(UiContext&)> unlocked) {
  if (entry_.empty() || view_.checking) return;
  auto secret = std::make_shared<Secret>();
  secret->text.reserve(kMaxPinDigits + 1);
  secret->text.assign(entry_);
  WipePin(entry_);
  view_.checking = true;
  const StaffAuthOptions options = StaffAuthOptions::FromConfig(desk_.config());
  const TimeMs now = ctx.now();
  desk_.Run<PinVerdict>(
      [secret, options, now](KioskStore& store) {
        auto verdict = StaffAuth(store.db(), options).Verify(secret->text, now);
        WipePin(secret->text);
        return verdict;
      },
      [this, &ctx, unlocked = std::move(unlocked)](Result<PinVerdict> verdict) {
        view_.checking = false;
        if (!verdict.ok()) {
          view_.error = verdict.status().message();
          return;
        }
        view_.error.clear();
        view_.last = *verdict;
        if (verdict->outcome == PinOutcome::kLocked) {
          PinPadState state = view_.state.value_or(PinPadState{true, 0, 0});
          state.locked_until = verdict->locked_until;
          view_.state = state;
        }
        if (verdict->outcome == PinOutcome::kOk && ctx.nav().current() == staff_screen::kPin) unlocked(ctx);
      });
}

}  // namespace lk::ui
