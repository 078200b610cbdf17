#include "kiosk/core/staff/staff_auth.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sodium.h>


#include "tests/staff/staff_test_util.h"

namespace lk {
namespace {

using staff_test::FilesContaining;
using staff_test::kStart;
using staff_test::Utf16;

constexpr const char* kPin = "918273";
constexpr TimeMs kLockout = 5 * kMsPerMinute;

class StaffAuthTest : public staff_test::StoreTest {
 protected:
  StaffAuth Auth() { return StaffAuth(db(), StaffAuthOptions::FromConfig(KioskConfig{})); }
  PinVerdict Verify(const std::string& pin, TimeMs now) {
    auto verdict = Auth().Verify(pin, now);
    EXPECT_TRUE(verdict.ok()) << verdict.status().ToString();
    return verdict.ok() ? *verdict : PinVerdict{};
  }
  void SetPin() { ASSERT_TRUE(Auth().SetPin(kPin, "test", kStart).ok()); }
  // Five wrong PINs from `now`; the last one locks the pad.
  void LockOut(TimeMs now) {
    for (int i = 1; i <= 5; ++i) {
      PinVerdict v = Verify("111111", now);
      if (i < 5) {
        EXPECT_EQ(v.outcome, PinOutcome::kWrong) << "attempt " << i;
        EXPECT_EQ(v.attempts_left, 5 - i);
      } else {
        EXPECT_EQ(v.outcome, PinOutcome::kLocked);
        EXPECT_EQ(v.locked_until, now + kLockout);
      }
    }
  }
};

TEST_F(StaffAuthTest, NoPinSetRefusesEveryPin) {
  EXPECT_EQ(Verify(kPin, kStart).outcome, PinOutcome::kNoPin);
  EXPECT_FALSE(Auth().State(kStart)->pin_set);
}

TEST_F(StaffAuthTest, OnlyFourToTwelveDigitsAreAPin) {
  for (const char* bad : {"", "123", "1234567890123", "12a4", " 1234", "１２３４"}) {
    Status s = Auth().SetPin(bad, "test", kStart);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_FALSE(Auth().State(kStart)->pin_set);
  EXPECT_TRUE(IsValidPin("0000"));
  EXPECT_TRUE(IsValidPin("123456789012"));
}

TEST_F(StaffAuthTest, RightPinOpensWrongPinCountsDown) {
  SetPin();
  EXPECT_EQ(Verify(kPin, kStart).outcome, PinOutcome::kOk);
  PinVerdict wrong = Verify("918274", kStart);
  EXPECT_EQ(wrong.outcome, PinOutcome::kWrong);
  EXPECT_EQ(wrong.attempts_left, 4);
  EXPECT_EQ(Verify("9182", kStart).attempts_left, 3);
  EXPECT_EQ(Verify("not digits", kStart).attempts_left, 2);
  // A right PIN resets the count.
  EXPECT_EQ(Verify(kPin, kStart).outcome, PinOutcome::kOk);
  EXPECT_EQ(Verify("000000", kStart).attempts_left, 4);
}

TEST_F(StaffAuthTest, FiveWrongPinsLockThePadEvenAgainstTheRightPinAndAcrossARestart) {
  SetPin();
  LockOut(kStart);
  PinVerdict right = Verify(kPin, kStart + kMsPerMinute);
  EXPECT_EQ(right.outcome, PinOutcome::kLocked) << "the right PIN is not even checked while locked";
  EXPECT_EQ(right.locked_until, kStart + kLockout);

  Reopen();
  EXPECT_TRUE(Auth().State(kStart + 2 * kMsPerMinute)->locked(kStart + 2 * kMsPerMinute));
  EXPECT_EQ(Verify(kPin, kStart + 2 * kMsPerMinute).outcome, PinOutcome::kLocked);
  EXPECT_EQ(Verify(kPin, kStart + kLockout - 1).outcome, PinOutcome::kLocked);

  // When the lockout ends the right PIN works; the count starts again from zero.
  EXPECT_FALSE(Auth().State(kStart + kLockout)->locked(kStart + kLockout));
  EXPECT_EQ(Verify(kPin, kStart + kLockout).outcome, PinOutcome::kOk);
  EXPECT_EQ(Verify("000000", kStart + kLockout).attempts_left, 4);
}

TEST_F(StaffAuthTest, AfterALockoutEndsOnlyFreshWrongPinsCount) {
  SetPin();
  LockOut(kStart);
  PinVerdict v = Verify("000000", kStart + kLockout);
  EXPECT_EQ(v.outcome, PinOutcome::kWrong);
  EXPECT_EQ(v.attempts_left, 4);
  EXPECT_EQ(AuditCount("staff.pin_unlocked"), 1);
}

TEST_F(StaffAuthTest, ConfiguredAttemptsAndLockoutApply) {
  KioskConfig config;
  config.pin_max_attempts = 2;
  config.pin_lockout_minutes = 30;
  StaffAuth auth(db(), StaffAuthOptions::FromConfig(config));
  ASSERT_TRUE(auth.SetPin(kPin, "test", kStart).ok());
  EXPECT_EQ(auth.Verify("0000", kStart)->attempts_left, 1);
  PinVerdict locked = *auth.Verify("0000", kStart);
  EXPECT_EQ(locked.outcome, PinOutcome::kLocked);
  EXPECT_EQ(locked.locked_until, kStart + 30 * kMsPerMinute);
}

TEST_F(StaffAuthTest, EachFurtherLockoutDoublesUpToADayUntilTheRightPin) {
  KioskConfig config;
  config.pin_max_attempts = 1;  // every wrong PIN is a round: the doubling without 5 Argon2id checks each
  config.pin_lockout_minutes = 5;
  ASSERT_TRUE(StaffAuth(db(), StaffAuthOptions::FromConfig(config)).SetPin(kPin, "test", kStart).ok());
  TimeMs now = kStart;
  for (TimeMs minutes : {5, 10, 20, 40, 80, 160, 320, 640, 1280, 1440, 1440}) {
    // A new StaffAuth each time: the round count lives in the database, like a restart.
    PinVerdict v = *StaffAuth(db(), StaffAuthOptions::FromConfig(config)).Verify("0000", now);
    ASSERT_EQ(v.outcome, PinOutcome::kLocked);
    EXPECT_EQ(v.locked_until - now, minutes * kMsPerMinute) << "lockout of " << minutes << " min expected";
    EXPECT_EQ(StaffAuth(db(), StaffAuthOptions::FromConfig(config)).Verify(kPin, v.locked_until - 1)->outcome,
              PinOutcome::kLocked);
    now = v.locked_until;
  }
  StaffAuth auth(db(), StaffAuthOptions::FromConfig(config));
  EXPECT_EQ(auth.Verify(kPin, now)->outcome, PinOutcome::kOk);
  PinVerdict again = *auth.Verify("0000", now);
  EXPECT_EQ(again.locked_until - now, 5 * kMsPerMinute) << "a right PIN starts the doubling again";
}

TEST_F(StaffAuthTest, ALockTooFarAheadAfterTheClockSteppedBackIsPulledIn) {
  SetPin();
  LockOut(kStart);
  TimeMs earlier = kStart - kMsPerDay;
  EXPECT_EQ(Auth().State(earlier)->locked_until, earlier + kLockout);
  EXPECT_EQ(Verify(kPin, earlier).locked_until, earlier + kLockout);
  EXPECT_EQ(Verify(kPin, earlier + kLockout).outcome, PinOutcome::kOk);
}

TEST_F(StaffAuthTest, SettingThePinClearsALockout) {
  SetPin();
  LockOut(kStart);
  ASSERT_TRUE(Auth().SetPin("4321", "kioskctl", kStart).ok());
  EXPECT_EQ(Verify("4321", kStart).outcome, PinOutcome::kOk);
  EXPECT_EQ(Verify(kPin, kStart).outcome, PinOutcome::kWrong);
}

TEST_F(StaffAuthTest, EveryAttemptLockAndChangeIsAuditedWithoutThePin) {
  SetPin();
  EXPECT_EQ(Verify(kPin, kStart).outcome, PinOutcome::kOk);
  LockOut(kStart);
  EXPECT_EQ(Verify(kPin, kStart).outcome, PinOutcome::kLocked);
  EXPECT_EQ(AuditCount("staff.pin_set"), 1);
  EXPECT_EQ(AuditCount("staff.pin_ok"), 1);
  EXPECT_EQ(AuditCount("staff.pin_wrong"), 4);
  EXPECT_EQ(AuditCount("staff.pin_locked"), 1);
  EXPECT_EQ(AuditCount("staff.pin_refused"), 1);
  for (const auto& e : Audit()) {
    EXPECT_EQ(e.detail.find(kPin), std::string::npos) << e.detail;
    EXPECT_EQ(e.detail.find("111111"), std::string::npos) << e.detail;
    EXPECT_EQ(e.at, kStart);
  }
}

TEST_F(StaffAuthTest, TheHashIsTheOnlyTraceOfThePinOnDisk) {
  SetPin();
  EXPECT_EQ(Verify(kPin, kStart).outcome, PinOutcome::kOk);
  EXPECT_EQ(Verify("918274", kStart).outcome, PinOutcome::kWrong);
  auto hash = DeviceState(db()).Get("staff.pin_hash");
  ASSERT_TRUE(hash.ok() && hash->has_value());
  EXPECT_EQ((*hash)->rfind("$argon2id$", 0), 0u) << **hash;
  // Libsodium's interactive cost: a staff member waits well under a second for the pad to answer.
  EXPECT_EQ(crypto_pwhash_str_needs_rehash((*hash)->c_str(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                           crypto_pwhash_MEMLIMIT_INTERACTIVE),
            0)
      << **hash;
  // With the store open (the -wal and -shm files exist) and after closing it (checkpointed).
  for (int pass = 0; pass < 2; ++pass) {
    EXPECT_FALSE(FilesContaining(dir_.path(), **hash).empty()) << "the hash is stored";
    for (const std::string& needle :
         {std::string(kPin), std::string("918274"), Utf16(kPin, true), Utf16(kPin, false)}) {
      EXPECT_EQ(FilesContaining(dir_.path(), needle), std::vector<std::string>{}) << "pass " << pass;
    }
    store_.reset();
  }
}

TEST_F(StaffAuthTest, AnAttemptIsCountedBeforeThePinIsChecked) {
  SetPin();
  store_.reset();
  int committed[2];
  ASSERT_EQ(pipe(committed), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(committed[0]);
    auto store = KioskStore::Open(dir_.path());
    StaffAuthOptions options;
    // Says "committed" and waits to be killed, where Argon2id would start hashing.
    options.attempt_committed = [&] {
      char byte = 1;
      if (write(committed[1], &byte, 1) == 1) pause();
      _exit(2);
    };
    auto verdict = StaffAuth(store->db(), options).Verify("000000", kStart);
    _exit(verdict.ok() ? 0 : 1);
  }
  close(committed[1]);
  // Kill the child once its attempt is committed and the PIN not yet checked (a bounded wait on it).
  pollfd ready{committed[0], POLLIN, 0};
  ASSERT_EQ(poll(&ready, 1, 20'000), 1) << "the child never committed its attempt";
  char byte = 0;
  ASSERT_EQ(read(committed[0], &byte, 1), 1) << "the child died before committing its attempt";
  close(committed[0]);
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  Reopen();
  EXPECT_EQ(AuditCount("staff.pin_wrong"), 0) << "the PIN was never checked";
  EXPECT_EQ(Auth().State(kStart)->failed_attempts, 1);
  EXPECT_EQ(Verify("000000", kStart).attempts_left, 3) << "the killed attempt still counts";
}

}  // namespace
}  // namespace lk
