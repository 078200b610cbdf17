// Scale: a kiosk keeps acknowledged records for the retention ([sync] retention_days, default 90) and
// queues everything while offline, so its attendance table holds tens of thousands of rows (2,000
// check-ins a day: 60,000 after 30 days, 180,000 after 90). A resident's check-in must stay instant
// however big the table is: its cost may depend on the size of the session, never on the table's.
//
// The table is filled with raw inserts (the rows AttendanceStore writes) in one transaction; then the
// real AttendanceStore::CheckIn, Roster and Summary are timed.
#include <algorithm>
#include <chrono>
#include <cstdio>

#include <gtest/gtest.h>

#include "kiosk/core/attendance_store.h"
#include "kiosk/core/catalog_store.h"
#include "kiosk/core/kiosk_store.h"
#include "kiosk/core/uuid.h"
#include "tests/reliability/rel_util.h"
#include "tests/testing/test_util.h"

namespace lk {
namespace {

using Clock = std::chrono::steady_clock;

double Ms(Clock::time_point start) { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); }

// `sessions` sessions with `per_session` check-ins each, 1 in 100 of them voided.
void Fill(Database& db, int sessions, int per_session) {
  ASSERT_TRUE(db.Exec("PRAGMA synchronous=OFF").ok());
  auto txn = db.Begin(TransactionMode::kImmediate);
  ASSERT_TRUE(txn.ok());
  auto insert = db.Prepare(
      "INSERT INTO attendance(id, kind, learner_id, session_id, recorded_at, refers_to, reason, source, credit_hours, "
      "session_starts_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'scanner', 1.5, ?)");
  auto queue = db.Prepare("INSERT INTO outbox(record_id, state, changed_at) VALUES (?, 'acked', ?)");
  ASSERT_TRUE(insert.ok() && queue.ok());
  for (int s = 0; s < sessions; ++s) {
    std::string session = "s-" + std::to_string(s + 1);
    for (int l = 0; l < per_session; ++l) {
      TimeMs t = rel::kNow - kMsPerHour + s * 10 + l;
      std::string id = NewUuid7(t);
      std::string learner = rel::LearnerId(l);
      ASSERT_TRUE(insert->Bind(1, id).Bind(2, "checkin").Bind(3, learner).Bind(4, session).Bind(5, t).BindNull(6)
                      .Bind(7, "").Bind(8, rel::kNow).Run().ok());
      ASSERT_TRUE(queue->Bind(1, id).Bind(2, t).Run().ok());
      if (l % 100 == 7) {
        std::string void_id = NewUuid7(t + 1);
        ASSERT_TRUE(insert->Bind(1, void_id).Bind(2, "void").Bind(3, learner).Bind(4, session).Bind(5, t + 1)
                        .Bind(6, id).Bind(7, "wrong card").Bind(8, rel::kNow).Run().ok());
        ASSERT_TRUE(queue->Bind(1, void_id).Bind(2, t).Run().ok());
      }
    }
  }
  ASSERT_TRUE(txn->Commit().ok());
  ASSERT_TRUE(db.Exec("PRAGMA synchronous=FULL").ok());
}

TEST(ScaleTest, WithSixtyThousandRecordsACheckInReadsOnlyItsSession) {
  constexpr int kSessions = 300, kPerSession = 200;  // 30 days x 10 sessions x 200 learners
  testing::TempDir dir;
  ASSERT_TRUE(rel::SeedStore(dir.path(), kSessions).ok());
  auto store = KioskStore::Open(dir.path());
  ASSERT_TRUE(store.ok());
  Fill(store->db(), kSessions, kPerSession);
  if (HasFatalFailure()) return;
  AttendanceStore attendance(store->db(), CheckInPolicy::FromConfig(KioskConfig{}));

  // A whole-table read is what made check-ins slow on a kiosk weeks offline; the rows each operation
  // stepped through in full scans say so on any machine (the times are reported, not judged: the
  // benchmark does that).
  const int64_t records = int64_t(kSessions) * kPerSession;
  auto scanned_by = [&, last = store->db().FullScanSteps()]() mutable {
    const int64_t now = store->db().FullScanSteps(), steps = now - last;
    last = now;
    return steps;
  };
  std::vector<double> checkin_ms;
  for (int i = 0; i < 5; ++i) {
    auto start = Clock::now();
    auto r = attendance.CheckIn("NEW" + std::to_string(1000 + i), "s-" + std::to_string(1 + i * 37), rel::kNow,
                                RecordSource::kKeypad);
    checkin_ms.push_back(Ms(start));
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->active_count, kPerSession - kPerSession / 100 + 1);
    EXPECT_LT(scanned_by(), kPerSession) << "a check-in reads the attendance table rather than its session's rows "
                                            "(kIsActive's NOT EXISTS on refers_to needs its index)";
  }
  std::sort(checkin_ms.begin(), checkin_ms.end());
  // A repeated tap (the "already checked in" answer) too.
  auto start = Clock::now();
  auto repeat = attendance.CheckIn(rel::LearnerId(3), "s-5", rel::kNow, RecordSource::kKeypad);
  double repeat_ms = Ms(start);
  ASSERT_TRUE(repeat.ok());
  EXPECT_EQ(repeat->outcome, CheckInOutcome::kAlreadyCheckedIn);
  EXPECT_LT(scanned_by(), kPerSession);
  start = Clock::now();
  auto summary = attendance.Summary(rel::LearnerId(3), 0, rel::kNow + kMsPerDay);
  double summary_ms = Ms(start);
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->check_ins, kSessions);
  EXPECT_LT(scanned_by(), records / 10) << "a learner's summary reads the whole table";
  start = Clock::now();
  auto roster = attendance.Roster(rel::kNow, rel::kNow + kMsPerDay);
  double roster_ms = Ms(start);
  ASSERT_TRUE(roster.ok());
  EXPECT_LT(scanned_by(), records / 10) << "a day's roster reads the whole table";

  rel::Figures("scale", {{"records", records},
                         {"checkin_median_ms", int64_t(checkin_ms[2])},
                         {"repeat_tap_ms", int64_t(repeat_ms)},
                         {"summary_ms", int64_t(summary_ms)},
                         {"roster_ms", int64_t(roster_ms)}});
}

}  // namespace
}  // namespace lk
