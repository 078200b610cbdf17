#include "kiosk/core/lockout.h"

#include <algorithm>

namespace lk {

TimeMs LockoutPolicy::LockoutFor(int round) const {
  TimeMs ms = first_lockout_ms;
  for (int i = 1; i < round && ms < kMaxLockoutMs; ++i) ms *= 2;
  return std::min(ms, kMaxLockoutMs);
}

LockoutCounters CountersAt(const LockoutPolicy& policy, LockoutCounters counters, TimeMs now, bool* lock_ended) {
  *lock_ended = false;
  counters.locked_until =
      std::min(counters.locked_until, now + policy.LockoutFor(std::max(1, counters.lockout_rounds)));
  if (counters.locked_until != 0 && !counters.locked(now)) {
    counters.failed_attempts = 0;
    counters.locked_until = 0;
    *lock_ended = true;
  }
  return counters;
}

LockoutCounters AfterAttempt(const LockoutPolicy& policy, LockoutCounters counters, bool right, TimeMs now) {
  if (right) return {};
  if (counters.failed_attempts >= policy.max_attempts) {
    ++counters.lockout_rounds;
    counters.locked_until = now + policy.LockoutFor(counters.lockout_rounds);
  }
  return counters;
}

}  // namespace lk
