// Backoff: how long the sync worker waits after a failed attempt.
//
// Exponential backoff with full jitter: after the n-th consecutive failure the delay is drawn uniformly
// from [0, min(cap, base * 2^(n-1))] (base 2 s, cap 10 min), so a room full of kiosks coming back
// after an outage does not hit the hub in step. A Retry-After from the hub is a floor for the delay
// (honoured up to `max_retry_after_ms`). Success resets the sequence. Seeded explicitly so tests are
// deterministic. Not synchronized: owned by one thread.
#pragma once

#include <cstdint>
#include <random>

#include "kiosk/core/domain.h"

namespace lk::sync {

struct BackoffOptions {
  TimeMs base_ms = 2 * kMsPerSecond;
  TimeMs cap_ms = 10 * kMsPerMinute;
  TimeMs max_retry_after_ms = kMsPerHour;
};

class Backoff {
 public:
  explicit Backoff(uint64_t seed, BackoffOptions options = {}) : options_(options), random_(seed) {}

  // Records a failure and returns the delay before the next attempt. `retry_after_ms` (>= 0) is the
  // hub's Retry-After, -1 when none.
  TimeMs Failure(TimeMs retry_after_ms = -1);
  // Records a success: the next failure starts again from the base.
  void Success() { failures_ = 0; }

  int failures() const { return failures_; }
  // The upper bound of the next delay's range.
  TimeMs Ceiling() const;
  const BackoffOptions& options() const { return options_; }

 private:
  BackoffOptions options_;
  std::mt19937_64 random_;
  int failures_ = 0;
};

}  // namespace lk::sync
