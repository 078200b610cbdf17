#include "kiosk/core/attendance_store.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "kiosk/core/catalog_store.h"
#include "kiosk/core/kiosk_store.h"
#include "kiosk/core/outbox.h"
#include "kiosk/core/time_zone.h"
#include "kiosk/core/uuid.h"
#include "tests/testing/test_util.h"

namespace lk {
namespace {

const TimeMs kStart = *ParseRfc3339("2026-11-29T09:00:00+08:00");

Catalog SmallCatalog() {
  Catalog c;
  c.version = "t1";
  c.centre = {"centre-1", {"社区学习中心", "Learning Centre"}, "Asia/Shanghai"};
  c.categories = {{"calligraphy", {"书法", "Calligraphy"}, 0}};
  c.courses = {{"c-1", "calligraphy", {"书法入门", "Calligraphy"}, {}, {"王老师", "Teacher Wang"}, 2.0}};
  c.sessions = {{"s-1", "c-1", kStart, kStart + 90 * kMsPerMinute, {"教室", "Room"}, 2},
                {"s-2", "c-1", kStart + kMsPerDay, kStart + kMsPerDay + 90 * kMsPerMinute, {"教室", "Room"}, 0}};
  return c;
}

class AttendanceStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = KioskStore::Open(dir_.path());
    ASSERT_TRUE(store.ok());
    store_.emplace(std::move(*store));
    ASSERT_TRUE(CatalogStore(store_->db()).Replace(SmallCatalog(), kStart).ok());
  }
  AttendanceStore Attendance() { return AttendanceStore(store_->db(), CheckInPolicy::FromConfig(KioskConfig{})); }
  int64_t Count(const char* sql) { return *store_->db().QueryInt(sql); }

  testing::TempDir dir_;
  std::optional<KioskStore> store_;
};

TEST_F(AttendanceStoreTest, CheckInWritesOneRecordAndQueuesItForSync) {
  auto result = Attendance().CheckIn("BJ0001", "s-1", kStart, RecordSource::kKeypad);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->outcome, CheckInOutcome::kCheckedIn);
  EXPECT_TRUE(IsUuid7(result->record.id));
  EXPECT_EQ(result->course.title.zh, "书法入门");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM attendance"), 1);
  EXPECT_EQ(Outbox(store_->db()).Stats()->pending, 1);
}

TEST_F(AttendanceStoreTest, SecondCheckInIsReportedAndWritesNothing) {
  auto first = Attendance().CheckIn("BJ0001", "s-1", kStart, RecordSource::kKeypad);
  auto second = Attendance().CheckIn("BJ0001", "s-1", kStart + kMsPerMinute, RecordSource::kScanner);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(second->outcome, CheckInOutcome::kAlreadyCheckedIn);
  EXPECT_EQ(second->record.id, first->record.id);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM attendance"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox"), 1);
}

TEST_F(AttendanceStoreTest, WindowOpensThirtyMinutesBeforeAndClosesAtTheEnd) {
  auto early = Attendance().CheckIn("BJ0001", "s-1", kStart - 31 * kMsPerMinute, RecordSource::kKeypad);
  EXPECT_EQ(early.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(Attendance().CheckIn("BJ0001", "s-1", kStart - 30 * kMsPerMinute, RecordSource::kKeypad).ok());
  auto late = Attendance().CheckIn("BJ0002", "s-1", kStart + 90 * kMsPerMinute, RecordSource::kKeypad);
  EXPECT_EQ(late.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(late.status().message().find("has ended"), std::string::npos);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM attendance"), 1);
}

TEST_F(AttendanceStoreTest, InvalidLearnerAndUnknownSessionAreRefused) {
  EXPECT_EQ(Attendance().CheckIn("12", "s-1", kStart, RecordSource::kKeypad).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(Attendance().CheckIn("BJ0001", "nope", kStart, RecordSource::kKeypad).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM attendance"), 0);
}

TEST_F(AttendanceStoreTest, OverCapacityIsRecordedAndFlagged) {
  for (const char* learner : {"BJ0001", "BJ0002"}) {
    EXPECT_FALSE(Attendance().CheckIn(learner, "s-1", kStart, RecordSource::kKeypad)->over_capacity);
  }
  auto third = Attendance().CheckIn("BJ0003", "s-1", kStart, RecordSource::kKeypad);
  ASSERT_TRUE(third.ok());
  EXPECT_TRUE(third->over_capacity);
  EXPECT_EQ(third->active_count, 3);
}

TEST_F(AttendanceStoreTest, VoidIsANewRecordAndTheOriginalStays) {
  auto checkin = Attendance().CheckIn("BJ0001", "s-1", kStart, RecordSource::kKeypad);
  ASSERT_TRUE(checkin.ok());
  auto voided = Attendance().Void(checkin->record.id, "wrong session", kStart + kMsPerMinute);
  ASSERT_TRUE(voided.ok()) << voided.status().ToString();
  EXPECT_EQ(voided->refers_to, checkin->record.id);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM attendance"), 2);
  EXPECT_EQ(*Attendance().ActiveCount("s-1"), 0);
  EXPECT_EQ(Attendance().Void(checkin->record.id, "again", kStart).status().code(), StatusCode::kAlreadyExists);
  auto roster = Attendance().Roster(kStart - kMsPerHour, kStart + kMsPerHour);
  ASSERT_TRUE(roster.ok());
  ASSERT_EQ(roster->size(), 1u);
  EXPECT_TRUE((*roster)[0].voided);
  EXPECT_EQ((*roster)[0].void_reason, "wrong session");
  // After a void the learner can be checked in again.
  EXPECT_EQ(Attendance().CheckIn("BJ0001", "s-1", kStart + 2 * kMsPerMinute, RecordSource::kKeypad)->outcome,
            CheckInOutcome::kCheckedIn);
}

TEST_F(AttendanceStoreTest, StaffCorrectionIgnoresTheWindow) {
  auto manual = Attendance().AddManualCheckIn("BJ0009", "s-2", "forgot card", kStart);
  ASSERT_TRUE(manual.ok()) << manual.status().ToString();
  EXPECT_EQ(manual->record.kind, RecordKind::kCorrection);
  EXPECT_EQ(manual->record.source, RecordSource::kStaff);
}

TEST_F(AttendanceStoreTest, SummaryCountsActiveCheckInsAndCreditHours) {
  ASSERT_TRUE(Attendance().CheckIn("BJ0001", "s-1", kStart, RecordSource::kKeypad).ok());
  ASSERT_TRUE(Attendance().AddManualCheckIn("BJ0001", "s-2", "", kStart).ok());
  auto summary = Attendance().Summary("BJ0001", kStart - kMsPerDay, kStart + 2 * kMsPerDay);
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->check_ins, 2);
  EXPECT_DOUBLE_EQ(summary->credit_hours, 4.0);
}

TEST_F(AttendanceStoreTest, CheckInSurvivesKillNineRightAfterItReturned) {
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  store_.reset();  // the child opens its own connection
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(pipe_fds[0]);
    auto store = KioskStore::Open(dir_.path());
    AttendanceStore attendance(store->db(), CheckInPolicy::FromConfig(KioskConfig{}));
    auto result = attendance.CheckIn("BJ0042", "s-1", kStart, RecordSource::kScanner);
    std::string id = result.ok() ? result->record.id : "error";
    ssize_t ignored = write(pipe_fds[1], id.data(), id.size());
    (void)ignored;
    pause();  // killed here, with the connection still open
    _exit(0);
  }
  close(pipe_fds[1]);
  char buf[64] = {};
  ssize_t n = read(pipe_fds[0], buf, sizeof buf - 1);
  ASSERT_GT(n, 0);
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  std::string id(buf, size_t(n));
  ASSERT_TRUE(IsUuid7(id)) << id;

  auto reopened = KioskStore::Open(dir_.path());
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(*reopened->db().QueryText("PRAGMA integrity_check"), "ok");
  AttendanceStore attendance(reopened->db(), CheckInPolicy::FromConfig(KioskConfig{}));
  auto found = attendance.Find(id);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->learner_id, "BJ0042");
  EXPECT_EQ(Outbox(reopened->db()).Stats()->pending, 1);
}

}  // namespace
}  // namespace lk
