// IdleTimer: "are you still there?" without time pressure.
//
// After `prompt_after_ms` without input the kiosk asks whether the resident is still there, with a countdown
// of `countdown_ms`; input during the countdown dismisses it; when the countdown runs out the kiosk resets
// to its welcome screen. Times are monotonic milliseconds (UiClock::MonotonicMs).
//
// Pure logic: single-threaded, owned by the UI thread.
#pragma once

#include <cstdint>

namespace lk::ui {

class IdleTimer {
 public:
  enum class Phase { kActive, kPrompt, kExpired };

  IdleTimer(int64_t prompt_after_ms, int64_t countdown_ms, uint64_t now_ms)
      : prompt_after_(prompt_after_ms), countdown_(countdown_ms), last_input_(now_ms) {}

  void OnInput(uint64_t now_ms) { last_input_ = now_ms; }
  Phase PhaseAt(uint64_t now_ms) const;
  // Whole seconds left on the countdown (rounded up), for the prompt; 0 outside the prompt.
  int SecondsLeft(uint64_t now_ms) const;
  // The next time PhaseAt or SecondsLeft changes.
  uint64_t NextChangeAt(uint64_t now_ms) const;

 private:
  int64_t Elapsed(uint64_t now_ms) const { return now_ms > last_input_ ? int64_t(now_ms - last_input_) : 0; }
  int64_t prompt_after_;
  int64_t countdown_;
  uint64_t last_input_;
};

}  // namespace lk::ui
