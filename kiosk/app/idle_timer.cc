#include "kiosk/app/idle_timer.h"

namespace lk::ui {

IdleTimer::Phase IdleTimer::PhaseAt(uint64_t now_ms) const {
  int64_t elapsed = Elapsed(now_ms);
  if (elapsed < prompt_after_) return Phase::kActive;
  if (elapsed < prompt_after_ + countdown_) return Phase::kPrompt;
  return Phase::kExpired;
}

int IdleTimer::SecondsLeft(uint64_t now_ms) const {
  if (PhaseAt(now_ms) != Phase::kPrompt) return 0;
  int64_t left = prompt_after_ + countdown_ - Elapsed(now_ms);
  return static_cast<int>((left + 999) / 1000);
}

uint64_t IdleTimer::NextChangeAt(uint64_t now_ms) const {
  int64_t elapsed = Elapsed(now_ms);
  if (elapsed < prompt_after_) return last_input_ + uint64_t(prompt_after_);
  int64_t end = prompt_after_ + countdown_;
  if (elapsed >= end) return now_ms;
  // The countdown shows whole seconds left: it changes each time the remainder crosses a multiple of 1000.
  int64_t left = end - elapsed;
  int64_t to_next_tick = left % 1000 == 0 ? 1000 : left % 1000;
  return now_ms + uint64_t(to_next_tick);
}

}  // namespace lk::ui
