// Shared by the staff tests: a small catalogue with Chinese titles, a fixture owning a store in a
// temporary data directory that can be closed and reopened ("restarted"), and a scan of a directory's
// files for a byte string. Single-threaded use per test.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>

#include "kiosk/core/attendance_store.h"
#include "kiosk/core/catalog_store.h"
#include "kiosk/core/device_state.h"
#include "kiosk/core/kiosk_store.h"
#include "kiosk/core/time_zone.h"
#include "tests/testing/test_util.h"

namespace lk::staff_test {

inline const TimeMs kStart = *ParseRfc3339("2026-11-29T09:00:00+08:00");
inline const LocalDate kDay{2026, 11, 29};
inline const std::string kCourseZh = "书法入门";

inline Catalog SmallCatalog() {
  Catalog c;
  c.version = "t1";
  c.centre = {"centre-1", {"社区学习中心", "Learning Centre"}, "Asia/Shanghai"};
  c.categories = {{"calligraphy", {"书法", "Calligraphy"}, 0}};
  c.courses = {
      {"c-1", "calligraphy", {kCourseZh, "Calligraphy, \"first steps\""}, {}, {"王老师", "Teacher Wang"}, 2.0}};
  c.sessions = {{"s-1", "c-1", kStart, kStart + 90 * kMsPerMinute, {"教室", "Room"}, 2},
                {"s-2", "c-1", kStart + 5 * kMsPerHour, kStart + 6 * kMsPerHour, {"教室", "Room"}, 0},
                {"s-3", "c-1", kStart + kMsPerDay, kStart + kMsPerDay + 90 * kMsPerMinute, {"教室", "Room"}, 0}};
  return c;
}

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Reopen();
    ASSERT_TRUE(CatalogStore(db()).Replace(SmallCatalog(), kStart).ok());
  }
  // Closes the store and opens it again, as a restart of the kiosk would.
  void Reopen() {
    store_.reset();
    auto store = KioskStore::Open(dir_.path());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_.emplace(std::move(*store));
  }
  Database& db() { return store_->db(); }
  AttendanceStore Attendance() { return AttendanceStore(db(), CheckInPolicy::FromConfig(KioskConfig{})); }
  std::vector<AuditEntry> Audit() {
    auto entries = AuditLog(db()).Recent(1000);
    EXPECT_TRUE(entries.ok());
    return entries.ok() ? *entries : std::vector<AuditEntry>{};
  }
  int AuditCount(const std::string& action) {
    int n = 0;
    for (const auto& e : Audit()) n += e.action == action;
    return n;
  }

  testing::TempDir dir_;
  std::optional<KioskStore> store_;
};

// Every regular file under `dir` whose bytes contain `needle`.
inline std::vector<std::string> FilesContaining(const std::string& dir, const std::string& needle) {
  std::vector<std::string> found;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    if (testing::ReadFile(entry.path().string()).find(needle) != std::string::npos) {
      found.push_back(entry.path().string());
    }
  }
  return found;
}

// `ascii` as UTF-16 (little endian when `little`), to look for a PIN stored as wide text.
inline std::string Utf16(const std::string& ascii, bool little) {
  std::string out;
  for (char c : ascii) {
    if (little)
      out += c, out += '\0';
    else
      out += '\0', out += c;
  }
  return out;
}

}  // namespace lk::staff_test
