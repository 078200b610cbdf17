// StaffAuth: the staff PIN and its lockout, kept in the kiosk database so a restart changes nothing.
//
// - The PIN (4 to 12 digits) is stored only as an Argon2id hash string (libsodium crypto_pwhash_str,
//   interactive limits) under device_state key `staff.pin_hash`; the PIN itself is never written,
//   logged or copied by this class (the caller owns and wipes its buffer, see WipePin).
// - Every attempt is counted in `staff.failed_attempts` and committed BEFORE the hash is checked, so
//   killing the process mid-check still spends the attempt. A right PIN resets the count. After
//   `max_attempts` consecutive wrong PINs the pad is locked until `staff.locked_until`, by the rules of
//   kiosk/core/lockout.h (doubling locks, at most 24 h; rounds in `staff.lockout_rounds`), so guessing
//   a 4-digit PIN takes years, not a week; a new PIN also starts again at one lockout.
// - Every attempt, lock, unlock and PIN change is in the audit log (actor, outcome, attempts left),
//   never with the PIN.
//
// Borrows a Database; use from the thread that owns it. Verify takes ~0.1-0.3 s (Argon2id): call it
// from a worker, never from the UI thread. Times are injected (`now`) so tests can move the clock.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "kiosk/core/config.h"
#include "kiosk/core/domain.h"
#include "kiosk/core/lockout.h"
#include "kiosk/core/sqlite_db.h"
#include "kiosk/core/status.h"

namespace lk {

constexpr int kMinPinDigits = 4;
constexpr int kMaxPinDigits = 12;

struct StaffAuthOptions {
  int max_attempts = 5;
  TimeMs lockout_ms = 5 * kMsPerMinute;  // the first lock; doubles with each further one
  // Runs in Verify after the attempt is committed, before the PIN is checked (tests kill the process
  // there to show the attempt still counts). Unset in the product.
  std::function<void()> attempt_committed;
  LockoutPolicy policy() const { return {max_attempts, lockout_ms}; }
  static StaffAuthOptions FromConfig(const KioskConfig& config) {
    StaffAuthOptions options;
    options.max_attempts = config.pin_max_attempts;
    options.lockout_ms = config.pin_lockout_minutes * kMsPerMinute;
    return options;
  }
};

enum class PinOutcome {
  kOk,      // right PIN; the failure count is reset
  kWrong,   // wrong PIN; `attempts_left` more before the pad locks
  kLocked,  // locked (by this attempt or earlier) until `locked_until`; the PIN was not checked
  kNoPin,   // no PIN was ever set (`kioskctl set-staff-pin`); staff mode cannot be opened
};

struct PinVerdict {
  PinOutcome outcome = PinOutcome::kNoPin;
  int attempts_left = 0;    // kWrong: attempts before the lock
  TimeMs locked_until = 0;  // kLocked
};

// The pad's state without trying a PIN (for showing "locked until 10:35" on entry).
struct PinPadState {
  bool pin_set = false;
  int failed_attempts = 0;
  int lockout_rounds = 0;   // locks since the last right PIN
  TimeMs locked_until = 0;  // 0 or in the past: not locked
  bool locked(TimeMs now) const { return locked_until > now; }
};

// True for 4 to 12 ASCII digits.
bool IsValidPin(std::string_view pin);
// Overwrites `pin`'s characters with zeros in a way the compiler cannot drop (sodium_memzero).
void WipePin(std::string& pin);

class StaffAuth {
 public:
  StaffAuth(Database& db, StaffAuthOptions options) : db_(db), options_(options) {}

  // Replaces the PIN (InvalidArgument unless IsValidPin) and clears any lockout. Audited as `actor`.
  Status SetPin(std::string_view pin, const std::string& actor, TimeMs now);
  // Checks `pin` under the lockout rules above. Errors only for database failures.
  Result<PinVerdict> Verify(std::string_view pin, TimeMs now);
  Result<PinPadState> State(TimeMs now);

 private:
  Result<PinPadState> ReadState();
  Status Audit(const std::string& action, const std::string& detail, TimeMs now);

  Database& db_;
  StaffAuthOptions options_;
};

}  // namespace lk
