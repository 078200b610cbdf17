#include "kiosk/core/staff/csv_export.h"

#include <sys/mount.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "kiosk/core/fault_env.h"
#include "kiosk/core/staff/corrections.h"
#include "tests/staff/staff_test_util.h"

namespace lk {
namespace {

using staff_test::kCourseZh;
using staff_test::kDay;
using staff_test::kStart;
namespace fs = std::filesystem;

using testing::DirEntries;

class CsvExportTest : public staff_test::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    zone_ = *TimeZone::Load("Asia/Shanghai");
    attendance_.emplace(Attendance());
  }
  std::string CheckIn(const std::string& learner, const std::string& session, TimeMs at) {
    auto r = attendance_->AddManualCheckIn(learner, session, "", at);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->record.id : "";
  }
  TimeZone zone_ = TimeZone::Utc();
  std::optional<AttendanceStore> attendance_;
  testing::TempDir out_;
};

TEST_F(CsvExportTest, ADayExportsAsUtf8WithBomAndChineseTitles) {
  std::string kept = CheckIn("BJ0001", "s-1", kStart);
  std::string voided = CheckIn("BJ0002", "s-1", kStart);
  ASSERT_TRUE(attendance_->Void(voided, "刷错卡", kStart).ok());
  CheckIn("BJ0003", "s-3", kStart);  // tomorrow: not in today's export

  auto result = ExportAttendanceToDir(*attendance_, zone_, {kDay, kDay}, "centre-1", out_.path() + "/");
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->path, out_.File("attendance-centre-1-2026-11-29_2026-11-29.csv"));
  EXPECT_EQ(result->rows, 2);
  std::string bytes = testing::ReadFile(result->path);
  EXPECT_EQ(result->bytes, bytes.size());
  ASSERT_GE(bytes.size(), 3u);
  EXPECT_EQ(bytes.substr(0, 3), "\xEF\xBB\xBF");
  // 书法入门 in UTF-8, byte by byte.
  EXPECT_NE(bytes.find("\xE4\xB9\xA6\xE6\xB3\x95\xE5\x85\xA5\xE9\x97\xA8"), std::string::npos);
  EXPECT_EQ(kCourseZh, "\xE4\xB9\xA6\xE6\xB3\x95\xE5\x85\xA5\xE9\x97\xA8");
  EXPECT_NE(bytes.find("\"Calligraphy, \"\"first steps\"\"\""), std::string::npos) << "quoted per RFC 4180";
  EXPECT_NE(bytes.find("BJ0001"), std::string::npos) << "exports carry full learner ids";
  EXPECT_NE(bytes.find(voided + ",yes,刷错卡\r\n"), std::string::npos) << bytes;
  EXPECT_NE(bytes.find(kept + ",no,\r\n"), std::string::npos) << bytes;
  EXPECT_EQ(bytes.find("BJ0003"), std::string::npos);
  EXPECT_EQ(DirEntries(out_.path()), std::vector<std::string>{"attendance-centre-1-2026-11-29_2026-11-29.csv"});

  AuditLog log(db());
  ASSERT_TRUE(AuditExport(log, "staff", {kDay, kDay}, *result, kStart).ok());
  auto audit = Audit();
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "attendance.export");
  EXPECT_EQ(audit[0].detail, "2026-11-29 to 2026-11-29: 2 records to " + result->path);
}

TEST_F(CsvExportTest, ARangeIncludesEveryDayAndAFileIsReplacedWhole) {
  CheckIn("BJ0001", "s-1", kStart);
  CheckIn("BJ0003", "s-3", kStart);
  std::string file = out_.File("range.csv");
  testing::WriteFile(file, std::string(100000, 'x'));
  auto result = ExportAttendanceToFile(*attendance_, zone_, {kDay, AddDays(kDay, 1)}, file);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->rows, 2);
  std::string bytes = testing::ReadFile(file);
  EXPECT_EQ(bytes.find('x'), std::string::npos);
  EXPECT_NE(bytes.find("BJ0003"), std::string::npos);
  EXPECT_EQ(DirEntries(out_.path()), std::vector<std::string>{"range.csv"});
  EXPECT_EQ(fs::status(file).permissions() & fs::perms::others_read, fs::perms::others_read);
}

TEST_F(CsvExportTest, AnEmptyDayIsAHeaderOnly) {
  auto result = ExportAttendanceToFile(*attendance_, zone_, {AddDays(kDay, 5), AddDays(kDay, 5)}, out_.File("e.csv"));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->rows, 0);
  EXPECT_EQ(testing::ReadFile(out_.File("e.csv")).rfind("\xEF\xBB\xBFsession_start,", 0), 0u);
}

TEST_F(CsvExportTest, ClearErrorsForAMissingStickABadRangeAndANonFolder) {
  auto missing = ExportAttendanceToDir(*attendance_, zone_, {kDay, kDay}, "centre-1", out_.File("usb"));
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("is the USB stick plugged in?"), std::string::npos)
      << missing.status().message();
  auto missing_file = ExportAttendanceToFile(*attendance_, zone_, {kDay, kDay}, out_.File("usb/x.csv"));
  EXPECT_EQ(missing_file.status().code(), StatusCode::kNotFound);

  auto backwards = ExportAttendanceToDir(*attendance_, zone_, {kDay, AddDays(kDay, -1)}, "c", out_.path());
  EXPECT_EQ(backwards.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(backwards.status().message().find("is after"), std::string::npos);

  testing::WriteFile(out_.File("plain"), "");
  auto not_dir = ExportAttendanceToDir(*attendance_, zone_, {kDay, kDay}, "c", out_.File("plain"));
  EXPECT_EQ(not_dir.status().code(), StatusCode::kIoError);
  EXPECT_NE(not_dir.status().message().find("is not a folder"), std::string::npos);
  EXPECT_EQ(DirEntries(out_.path()), std::vector<std::string>{"plain"});
}

TEST(ExportFileNameTest, UnsafeCharactersInTheCentreIdAreReplaced) {
  EXPECT_EQ(ExportFileName("bj/../x y", {{2026, 1, 2}, {2026, 1, 9}}),
            "attendance-bj____x_y-2026-01-02_2026-01-09.csv");
  EXPECT_EQ(ExportFileName("", {{2026, 1, 2}, {2026, 1, 2}}), "attendance-kiosk-2026-01-02_2026-01-02.csv");
}

// A small tmpfs, mounted for one test (needs root; skipped otherwise).
class SmallDisk {
 public:
  SmallDisk(const std::string& dir, const char* options) : dir_(dir) {
    mounted_ = ::mount("tmpfs", dir.c_str(), "tmpfs", 0, options) == 0;
    error_ = mounted_ ? "" : std::strerror(errno);
  }
  ~SmallDisk() {
    if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }
  const std::string& error() const { return error_; }

 private:
  std::string dir_;
  bool mounted_ = false;
  std::string error_;
};

TEST_F(CsvExportTest, AFullStickIsReportedAndLeavesNoPartialFileAndTheOldExportIntact) {
  std::string stick = out_.File("stick");
  fs::create_directory(stick);
  SmallDisk disk(stick, "size=64k");
  if (!disk.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here: " << disk.error();
  for (int i = 0; i < 250; ++i) CheckIn("BJ" + std::to_string(10000 + i), i % 2 ? "s-1" : "s-2", kStart);

  // An earlier export of the same day, then fill the stick.
  std::string previous = stick + "/" + ExportFileName("centre-1", {kDay, kDay});
  testing::WriteFile(previous, "earlier export\r\n");
  {
    std::ofstream filler(stick + "/filler", std::ios::binary);
    std::string block(4096, 'f');
    while (filler.write(block.data(), block.size())) filler.flush();
  }
  auto result = ExportAttendanceToDir(*attendance_, zone_, {kDay, kDay}, "centre-1", stick);
  ASSERT_EQ(result.status().code(), StatusCode::kResourceExhausted) << result.status().ToString();
  EXPECT_NE(result.status().message().find("is full"), std::string::npos) << result.status().message();
  EXPECT_EQ(DirEntries(stick), (std::vector<std::string>{fs::path(previous).filename().string(), "filler"}));
  EXPECT_EQ(testing::ReadFile(previous), "earlier export\r\n");

  // With room again, the same export succeeds.
  fs::remove(stick + "/filler");
  auto retried = ExportAttendanceToDir(*attendance_, zone_, {kDay, kDay}, "centre-1", stick);
  ASSERT_TRUE(retried.ok()) << retried.status().ToString();
  EXPECT_EQ(retried->rows, 250);
}

TEST_F(CsvExportTest, AReadOnlyStickIsReportedWithTheReason) {
  std::string stick = out_.File("ro");
  fs::create_directory(stick);
  SmallDisk disk(stick, "size=64k");
  if (!disk.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here: " << disk.error();
  ASSERT_EQ(::mount(nullptr, stick.c_str(), nullptr, MS_REMOUNT | MS_RDONLY, nullptr), 0) << std::strerror(errno);
  auto result = ExportAttendanceToDir(*attendance_, zone_, {kDay, kDay}, "centre-1", stick);
  EXPECT_EQ(result.status().code(), StatusCode::kIoError);
  EXPECT_NE(result.status().message().find("Read-only file system"), std::string::npos) << result.status().message();
}

// The same cases without root: a FaultEnv fails the write or reports the free space.
TEST_F(CsvExportTest, AFullStickFromTheEnvIsReportedAndTheOldExportStaysIntact) {
  for (int i = 0; i < 250; ++i) CheckIn("BJ" + std::to_string(10000 + i), i % 2 ? "s-1" : "s-2", kStart);
  std::string previous = out_.File(ExportFileName("centre-1", {kDay, kDay}));
  testing::WriteFile(previous, "earlier export\r\n");
  FaultEnv env;
  env.FailNextWrites(1, ENOSPC);
  auto result = ExportAttendanceToDir(*attendance_, zone_, {kDay, kDay}, "centre-1", out_.path(), &env);
  ASSERT_EQ(result.status().code(), StatusCode::kResourceExhausted) << result.status().ToString();
  EXPECT_NE(result.status().message().find("is full"), std::string::npos) << result.status().message();
  EXPECT_EQ(DirEntries(out_.path()), std::vector<std::string>{fs::path(previous).filename().string()});
  EXPECT_EQ(testing::ReadFile(previous), "earlier export\r\n");

  auto retried = ExportAttendanceToDir(*attendance_, zone_, {kDay, kDay}, "centre-1", out_.path(), &env);
  ASSERT_TRUE(retried.ok()) << retried.status().ToString();
  EXPECT_EQ(retried->rows, 250);
  EXPECT_NE(testing::ReadFile(previous), "earlier export\r\n");
}

TEST_F(CsvExportTest, TooLittleFreeSpaceIsReportedBeforeAnythingIsWritten) {
  CheckIn("BJ0001", "s-1", kStart);
  FaultEnv env;
  env.SetFreeBytes(10);
  auto result = ExportAttendanceToDir(*attendance_, zone_, {kDay, kDay}, "centre-1", out_.path(), &env);
  ASSERT_EQ(result.status().code(), StatusCode::kResourceExhausted) << result.status().ToString();
  EXPECT_NE(result.status().message().find("KB needed): the disk or USB stick is full"), std::string::npos)
      << result.status().message();
  EXPECT_EQ(env.writes(), 0);
  EXPECT_EQ(DirEntries(out_.path()), std::vector<std::string>{});
}

TEST_F(CsvExportTest, AReadOnlyStickFromTheEnvIsReportedWithTheReason) {
  FaultEnv env;
  env.FailNextWrites(1, EROFS);
  auto result = ExportAttendanceToDir(*attendance_, zone_, {kDay, kDay}, "centre-1", out_.path(), &env);
  EXPECT_EQ(result.status().code(), StatusCode::kIoError);
  EXPECT_NE(result.status().message().find("Read-only file system"), std::string::npos) << result.status().message();
}

}  // namespace
}  // namespace lk
