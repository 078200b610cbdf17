#include "kiosk/core/staff/sync_report.h"

#include "kiosk/core/device_state.h"
#include "tests/staff/staff_test_util.h"

namespace lk {
namespace {

using staff_test::kStart;

class SyncReportTest : public staff_test::StoreTest {};

TEST_F(SyncReportTest, BeforeAnySyncEverythingIsEmpty) {
  auto report = LoadSyncReport(db(), 10);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->outbox.pending, 0);
  EXPECT_FALSE(report->last_success.has_value());
  EXPECT_TRUE(report->last_error.empty());
  EXPECT_FALSE(report->last_error_at.has_value());
  EXPECT_FALSE(report->clock_skew_ms.has_value());
  EXPECT_TRUE(report->set_aside.empty());
}

TEST_F(SyncReportTest, ShowsPendingLastSyncSkewAndSetAsideRecordsWithReasons) {
  AttendanceStore attendance = Attendance();
  auto first = attendance.AddManualCheckIn("BJ0001", "s-1", "", kStart);
  auto second = attendance.AddManualCheckIn("BJ0002", "s-1", "", kStart + kMsPerMinute);
  ASSERT_TRUE(first.ok() && second.ok());
  auto statement = db().Prepare(
      "UPDATE outbox SET state = 'set_aside', hub_result = 'rejected', reason = ?, changed_at = ? WHERE record_id = ?");
  ASSERT_TRUE(statement.ok());
  ASSERT_TRUE(statement->Bind(1, "session unknown to the hub")
                  .Bind(2, kStart + kMsPerHour)
                  .Bind(3, second->record.id)
                  .Run()
                  .ok());
  DeviceState device(db());
  ASSERT_TRUE(device.Set("sync.last_success", "2026-11-29T09:30:00+08:00", kStart).ok());
  ASSERT_TRUE(device.Set("sync.last_error", "hub not reachable", kStart).ok());
  ASSERT_TRUE(device.Set("sync.last_error_at", "2026-11-29T01:40:00.000Z", kStart).ok());
  ASSERT_TRUE(device.Set("sync.clock_skew_ms", "-4200", kStart).ok());

  auto report = LoadSyncReport(db(), 10);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->outbox.pending, 1);
  EXPECT_EQ(report->outbox.oldest_pending_at, kStart);
  EXPECT_EQ(report->outbox.set_aside, 1);
  EXPECT_EQ(report->last_success, kStart + 30 * kMsPerMinute);
  EXPECT_EQ(report->last_error, "hub not reachable");
  EXPECT_EQ(report->last_error_at, kStart + 40 * kMsPerMinute);
  EXPECT_EQ(report->clock_skew_ms, -4200);
  ASSERT_EQ(report->set_aside.size(), 1u);
  EXPECT_EQ(report->set_aside[0].record.id, second->record.id);
  EXPECT_EQ(report->set_aside[0].record.learner_id, "BJ0002");
  EXPECT_EQ(report->set_aside[0].hub_result, "rejected");
  EXPECT_EQ(report->set_aside[0].reason, "session unknown to the hub");
  EXPECT_EQ(report->set_aside[0].set_aside_at, kStart + kMsPerHour);
}

TEST_F(SyncReportTest, ALastSuccessStoredAsMillisecondsOrUnreadableText) {
  DeviceState device(db());
  ASSERT_TRUE(device.Set("sync.last_success", std::to_string(kStart), kStart).ok());
  EXPECT_EQ(LoadSyncReport(db(), 10)->last_success, kStart);
  ASSERT_TRUE(device.Set("sync.last_success", "yesterday", kStart).ok());
  auto report = LoadSyncReport(db(), 10);
  EXPECT_FALSE(report->last_success.has_value());
  EXPECT_EQ(report->last_success_text, "yesterday");
}

}  // namespace
}  // namespace lk
