// Lockout: the escalating lockout of a secret guessed online, the same rules for the kiosk's staff PIN
// (staff/staff_auth.h) and the hub console's passwords (sync/hub/console/console_auth.h).
//
// After `max_attempts` consecutive wrong answers the secret is locked; the lock lasts `first_lockout_ms`
// and doubles with every further lock without a right answer (5 min, 10, 20 ... at most 24 h). When a
// lock has passed the count of wrong answers starts again; a right answer resets everything. A lock
// further ahead than the current lockout (the clock stepped back) is pulled in to now + that lockout.
// Plain values and pure functions: thread-safe; the callers keep the counters durably.
#pragma once

#include "kiosk/core/domain.h"

namespace lk {

constexpr TimeMs kMaxLockoutMs = 24 * 60 * kMsPerMinute;

struct LockoutPolicy {
  int max_attempts = 5;
  TimeMs first_lockout_ms = 5 * kMsPerMinute;
  // How long the `round`th lock since the last right answer lasts (round >= 1).
  TimeMs LockoutFor(int round) const;
};

struct LockoutCounters {
  int failed_attempts = 0;  // consecutive wrong answers since the last right one or the last lock
  int lockout_rounds = 0;   // locks since the last right answer
  TimeMs locked_until = 0;  // 0 or past: not locked
  bool locked(TimeMs now) const { return locked_until > now; }
  bool operator==(const LockoutCounters&) const = default;
};

// The counters as they stand at `now`, before an attempt: a lock from a clock that stepped back is
// pulled in, a passed lock is cleared with its count. `lock_ended` tells the caller to audit it.
LockoutCounters CountersAt(const LockoutPolicy& policy, LockoutCounters counters, TimeMs now, bool* lock_ended);

// The counters after the attempt that made `counters.failed_attempts` (already counted) was checked:
// right resets them; the last allowed wrong answer locks.
LockoutCounters AfterAttempt(const LockoutPolicy& policy, LockoutCounters counters, bool right, TimeMs now);

}  // namespace lk
