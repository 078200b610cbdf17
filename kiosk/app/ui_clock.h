// UiClock: the two clocks the UI reads. Wall time (what the resident sees and what check-ins record) and a
// monotonic millisecond count (idle timeout, scanner timing, frame pacing) in the same time base as SDL's
// event timestamps.
//
// SystemUiClock reads NowMs() (honouring LK_FAKE_NOW) and SDL_GetTicks64(). ManualUiClock is for tests and
// the benchmark: time moves only when told. Both are thread-safe (the StoreWorker reads WallNow()).
#pragma once

#include <atomic>
#include <cstdint>

#include "kiosk/core/domain.h"

namespace lk::ui {

class UiClock {
 public:
  virtual ~UiClock() = default;
  virtual TimeMs WallNow() const = 0;
  virtual uint64_t MonotonicMs() const = 0;
};

class SystemUiClock final : public UiClock {
 public:
  TimeMs WallNow() const override;
  uint64_t MonotonicMs() const override;
};

class ManualUiClock final : public UiClock {
 public:
  ManualUiClock(TimeMs wall_start, uint64_t monotonic_start) : wall_(wall_start), monotonic_(monotonic_start) {}
  TimeMs WallNow() const override { return wall_.load(); }
  uint64_t MonotonicMs() const override { return monotonic_.load(); }
  // Moves both clocks forward by `ms`.
  void Advance(int64_t ms) {
    wall_ += ms;
    monotonic_ += static_cast<uint64_t>(ms);
  }

 private:
  std::atomic<TimeMs> wall_;
  std::atomic<uint64_t> monotonic_;
};

}  // namespace lk::ui
