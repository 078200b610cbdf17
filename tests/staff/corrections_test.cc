#include "kiosk/core/staff/corrections.h"

#include "kiosk/core/outbox.h"
#include "kiosk/core/staff/staff_events.h"
#include "tests/staff/staff_test_util.h"

namespace lk {
namespace {

using staff_test::kStart;

class CorrectionsTest : public staff_test::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    attendance_.emplace(Attendance());
    audit_.emplace(db());
    corrections_.emplace(*attendance_, *audit_, "staff");
  }
  std::optional<AttendanceStore> attendance_;
  std::optional<AuditLog> audit_;
  std::optional<StaffCorrections> corrections_;
};

TEST_F(CorrectionsTest, AManualCheckInIsANewSyncedAuditedRecordOutsideTheWindow) {
  // Hours after s-1 ended: a resident's check-in would be refused, staff's is not.
  TimeMs later = kStart + 8 * kMsPerHour;
  auto added = corrections_->AddCheckIn("BJ0007", "s-1", "forgot card", later);
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  EXPECT_EQ(added->outcome, CheckInOutcome::kCheckedIn);
  EXPECT_EQ(added->record.kind, RecordKind::kCorrection);
  EXPECT_EQ(added->record.source, RecordSource::kStaff);
  EXPECT_EQ(added->record.reason, "forgot card");
  EXPECT_EQ(Outbox(db()).Stats()->pending, 1);

  auto audit = Audit();
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "attendance.add");
  EXPECT_EQ(audit[0].actor, "staff");
  EXPECT_EQ(audit[0].at, later);
  EXPECT_NE(audit[0].detail.find(added->record.id), std::string::npos);
  EXPECT_NE(audit[0].detail.find("forgot card"), std::string::npos);
  EXPECT_EQ(audit[0].detail.find("BJ0007"), std::string::npos) << "the learner id is masked in the log";

  // The same learner again: nothing written, nothing audited.
  auto again = corrections_->AddCheckIn("BJ0007", "s-1", "", later);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->outcome, CheckInOutcome::kAlreadyCheckedIn);
  EXPECT_EQ(Audit().size(), 1u);
}

TEST_F(CorrectionsTest, RefusedCorrectionsAreNotAudited) {
  EXPECT_EQ(corrections_->AddCheckIn("12", "s-1", "", kStart).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(corrections_->AddCheckIn("BJ0007", "nope", "", kStart).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(corrections_->Void("nope", "typo", kStart).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(Audit().empty());
}

TEST_F(CorrectionsTest, AVoidKeepsTheOriginalAndShowsInTheRoster) {
  auto checkin = attendance_->CheckIn("BJ0001", "s-1", kStart, RecordSource::kKeypad);
  ASSERT_TRUE(checkin.ok());
  const std::string original = checkin->record.id;

  EXPECT_EQ(corrections_->Void(original, "", kStart).status().code(), StatusCode::kInvalidArgument);
  auto voided = corrections_->Void(original, "wrong session", kStart + kMsPerMinute);
  ASSERT_TRUE(voided.ok()) << voided.status().ToString();
  EXPECT_EQ(voided->kind, RecordKind::kVoid);
  EXPECT_EQ(voided->refers_to, original);
  EXPECT_EQ(corrections_->Void(original, "again", kStart).status().code(), StatusCode::kAlreadyExists);

  auto kept = attendance_->Find(original);
  ASSERT_TRUE(kept.ok() && kept->has_value());
  EXPECT_EQ(**kept, checkin->record) << "the original record is unchanged";
  auto roster = attendance_->Roster(kStart - kMsPerHour, kStart + kMsPerHour);
  ASSERT_TRUE(roster.ok());
  ASSERT_EQ(roster->size(), 1u);
  EXPECT_TRUE((*roster)[0].voided);
  EXPECT_EQ((*roster)[0].void_reason, "wrong session");
  EXPECT_EQ(*attendance_->ActiveCount("s-1"), 0);
  EXPECT_EQ(Outbox(db()).Stats()->pending, 2) << "the check-in and its void both sync";

  auto audit = Audit();
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "attendance.void");
  EXPECT_EQ(audit[0].at, kStart + kMsPerMinute);
  EXPECT_NE(audit[0].detail.find(original), std::string::npos);
  EXPECT_NE(audit[0].detail.find("wrong session"), std::string::npos);
}

TEST_F(CorrectionsTest, StaffSessionEventsAreAuditedAsStaff) {
  ASSERT_TRUE(AuditStaffEvent(*audit_, StaffEvent::kEntered, "corner-hold", kStart).ok());
  ASSERT_TRUE(AuditStaffEvent(*audit_, StaffEvent::kAutoLocked, "120 s without input", kStart + 1).ok());
  auto audit = Audit();
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].action, "staff.auto_locked");
  EXPECT_EQ(audit[0].detail, "120 s without input");
  EXPECT_EQ(audit[1].action, "staff.entered");
  EXPECT_EQ(audit[1].actor, "staff");
  EXPECT_EQ(audit[1].at, kStart);
}

}  // namespace
}  // namespace lk
