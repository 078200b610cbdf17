#include "kiosk/core/staff/staff_auth.h"

#include <sodium.h>

#include <algorithm>

#include "kiosk/core/device_state.h"
#include "kiosk/core/secret_hash.h"
#include "kiosk/core/time_zone.h"

namespace lk {
namespace {

constexpr const char* kHashKey = "staff.pin_hash";
constexpr const char* kFailedKey = "staff.failed_attempts";
constexpr const char* kLockedUntilKey = "staff.locked_until";
constexpr const char* kLockoutRoundsKey = "staff.lockout_rounds";  // locks since the last right PIN
constexpr const char* kPadActor = "pin-pad";

int64_t ParseInt(const std::optional<std::string>& text) {
  if (!text || text->empty()) return 0;
  try {
    return std::stoll(*text);
  } catch (const std::exception&) {
    return 0;  // a damaged counter counts as zero rather than locking staff out forever
  }
}

}  // namespace

bool IsValidPin(std::string_view pin) {
  return pin.size() >= size_t(kMinPinDigits) && pin.size() <= size_t(kMaxPinDigits) &&
         std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void WipePin(std::string& pin) {
  sodium_memzero(pin.data(), pin.size());
  pin.clear();
}

Status StaffAuth::Audit(const std::string& action, const std::string& detail, TimeMs now) {
  return AuditLog(db_).Append(kPadActor, action, detail, now);
}

Result<PinPadState> StaffAuth::ReadState() {
  DeviceState device(db_);
  PinPadState state;
  LK_ASSIGN_OR_RETURN(std::optional<std::string> hash, device.Get(kHashKey));
  state.pin_set = hash && !hash->empty();
  LK_ASSIGN_OR_RETURN(std::optional<std::string> failed, device.Get(kFailedKey));
  state.failed_attempts = int(ParseInt(failed));
  LK_ASSIGN_OR_RETURN(std::optional<std::string> until, device.Get(kLockedUntilKey));
  state.locked_until = ParseInt(until);
  LK_ASSIGN_OR_RETURN(std::optional<std::string> rounds, device.Get(kLockoutRoundsKey));
  state.lockout_rounds = int(std::min<int64_t>(ParseInt(rounds), 64));
  return state;
}

Result<PinPadState> StaffAuth::State(TimeMs now) {
  LK_ASSIGN_OR_RETURN(PinPadState state, ReadState());
  state.locked_until =
      std::min(state.locked_until, now + options_.policy().LockoutFor(std::max(1, state.lockout_rounds)));
  return state;
}

Status StaffAuth::SetPin(std::string_view pin, const std::string& actor, TimeMs now) {
  if (!IsValidPin(pin)) {
    return Status::InvalidArgument("a staff PIN is " + std::to_string(kMinPinDigits) + " to " +
                                   std::to_string(kMaxPinDigits) + " digits (0-9)");
  }
  LK_ASSIGN_OR_RETURN(std::string hash, HashSecret(pin));
  DeviceState device(db_);
  LK_ASSIGN_OR_RETURN(Transaction txn, db_.Begin(TransactionMode::kImmediate));
  LK_RETURN_IF_ERROR(device.Set(kHashKey, hash, now));
  LK_RETURN_IF_ERROR(device.Erase(kFailedKey));
  LK_RETURN_IF_ERROR(device.Erase(kLockedUntilKey));
  LK_RETURN_IF_ERROR(device.Erase(kLockoutRoundsKey));
  LK_RETURN_IF_ERROR(AuditLog(db_).Append(actor, "staff.pin_set", "staff PIN changed; lockout cleared", now));
  return txn.Commit();
}

Result<PinVerdict> StaffAuth::Verify(std::string_view pin, TimeMs now) {
  LK_RETURN_IF_ERROR(InitSodium());
  const LockoutPolicy policy = options_.policy();
  DeviceState device(db_);
  std::string hash;
  LockoutCounters counted;
  {
    // Count the attempt and commit it before checking the PIN.
    LK_ASSIGN_OR_RETURN(Transaction txn, db_.Begin(TransactionMode::kImmediate));
    LK_ASSIGN_OR_RETURN(PinPadState state, ReadState());
    if (!state.pin_set) {
      LK_RETURN_IF_ERROR(Audit("staff.pin_refused", "no staff PIN is set", now));
      LK_RETURN_IF_ERROR(txn.Commit());
      return PinVerdict{PinOutcome::kNoPin, 0, 0};
    }
    bool lock_ended = false;
    LockoutCounters stored{state.failed_attempts, state.lockout_rounds, state.locked_until};
    counted = CountersAt(policy, stored, now, &lock_ended);
    if (counted.locked(now)) {
      if (counted.locked_until != stored.locked_until) {  // the clock stepped back
        LK_RETURN_IF_ERROR(device.Set(kLockedUntilKey, std::to_string(counted.locked_until), now));
      }
      LK_RETURN_IF_ERROR(Audit("staff.pin_refused",
                               "pad locked until " + FormatRfc3339Utc(counted.locked_until) + "; PIN not checked", now));
      LK_RETURN_IF_ERROR(txn.Commit());
      return PinVerdict{PinOutcome::kLocked, 0, counted.locked_until};
    }
    if (lock_ended) {
      LK_RETURN_IF_ERROR(device.Erase(kLockedUntilKey));
      LK_RETURN_IF_ERROR(Audit("staff.pin_unlocked", "lockout ended", now));
    }
    ++counted.failed_attempts;
    LK_RETURN_IF_ERROR(device.Set(kFailedKey, std::to_string(counted.failed_attempts), now));
    LK_ASSIGN_OR_RETURN(std::optional<std::string> stored_hash, device.Get(kHashKey));
    hash = stored_hash.value_or("");
    LK_RETURN_IF_ERROR(txn.Commit());
  }
  if (options_.attempt_committed) options_.attempt_committed();

  const bool right = IsValidPin(pin) && SecretMatches(hash, pin);
  const LockoutCounters after = AfterAttempt(policy, counted, right, now);

  LK_ASSIGN_OR_RETURN(Transaction txn, db_.Begin(TransactionMode::kImmediate));
  PinVerdict verdict;
  if (right) {
    LK_RETURN_IF_ERROR(device.Erase(kFailedKey));
    LK_RETURN_IF_ERROR(device.Erase(kLockoutRoundsKey));
    LK_RETURN_IF_ERROR(Audit("staff.pin_ok", "staff mode opened", now));
    verdict.outcome = PinOutcome::kOk;
  } else if (after.locked(now)) {
    verdict.outcome = PinOutcome::kLocked;
    verdict.locked_until = after.locked_until;
    LK_RETURN_IF_ERROR(device.Set(kLockedUntilKey, std::to_string(after.locked_until), now));
    LK_RETURN_IF_ERROR(device.Set(kLockoutRoundsKey, std::to_string(after.lockout_rounds), now));
    LK_RETURN_IF_ERROR(Audit("staff.pin_locked",
                             std::to_string(after.failed_attempts) + " wrong PINs in a row; pad locked until " +
                                 FormatRfc3339Utc(after.locked_until),
                             now));
  } else {
    verdict.outcome = PinOutcome::kWrong;
    verdict.attempts_left = policy.max_attempts - after.failed_attempts;
    LK_RETURN_IF_ERROR(Audit("staff.pin_wrong",
                             "wrong PIN, attempt " + std::to_string(after.failed_attempts) + " of " +
                                 std::to_string(policy.max_attempts),
                             now));
  }
  LK_RETURN_IF_ERROR(txn.Commit());
  return verdict;
}

}  // namespace lk
