// Env::Default() on the real disk (atomic replacement, real failures, free space) and FaultEnv's faults.
#include "kiosk/core/env.h"

#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <cerrno>
#include <chrono>
#include <filesystem>

#include <gtest/gtest.h>

#include "kiosk/core/fault_env.h"
#include "tests/testing/test_util.h"

namespace lk {
namespace {

namespace fs = std::filesystem;

using testing::DirEntries;

// Files this process writes may not grow past `bytes` while it lives (writes beyond fail with EFBIG):
// a real write failure at a chosen size, without root.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    getrlimit(RLIMIT_FSIZE, &saved_);
    old_handler_ = signal(SIGXFSZ, SIG_IGN);
    rlimit limit = saved_;
    limit.rlim_cur = bytes;
    ok_ = setrlimit(RLIMIT_FSIZE, &limit) == 0;
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &saved_);
    signal(SIGXFSZ, old_handler_);
  }
  bool ok() const { return ok_; }

 private:
  rlimit saved_{};
  sighandler_t old_handler_;
  bool ok_ = false;
};

TEST(EnvTest, AtomicWriteCreatesAndReplacesAndLeavesNoTemporaryFile) {
  testing::TempDir dir;
  Env* env = Env::Default();
  const std::string path = dir.File("device.json");
  ::umask(0022);
  ASSERT_TRUE(env->WriteFileAtomically(path, "first", {.mode = 0600}).ok());
  EXPECT_EQ(testing::ReadFile(path), "first");
  struct stat st {};
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_TRUE(env->WriteFileAtomically(path, std::string(100000, 'x')).ok());
  EXPECT_EQ(testing::ReadFile(path), std::string(100000, 'x'));
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u) << "the default mode, whatever the file had";
  EXPECT_EQ(DirEntries(dir.path()), std::vector<std::string>{"device.json"});
}

TEST(EnvTest, AFailedWriteIsReportedWithThePathAndKeepsTheOldFile) {
  testing::TempDir dir;
  Env* env = Env::Default();
  const std::string path = dir.File("export.csv");
  ASSERT_TRUE(env->WriteFileAtomically(path, "old contents").ok());
  Status full;
  {
    FileSizeLimit limit(4096);
    ASSERT_TRUE(limit.ok());
    full = env->WriteFileAtomically(path, std::string(64 * 1024, 'n'));
  }
  EXPECT_EQ(full.code(), StatusCode::kResourceExhausted) << full.ToString();
  EXPECT_NE(full.message().find("cannot write " + path), std::string::npos) << full.message();
  EXPECT_NE(full.message().find("the disk is full"), std::string::npos) << full.message();
  EXPECT_EQ(testing::ReadFile(path), "old contents");
  EXPECT_EQ(DirEntries(dir.path()), std::vector<std::string>{"export.csv"}) << "the temporary file is removed";

  // The rename fails (a folder stands where the file goes): reported, nothing left behind.
  fs::create_directories(dir.File("taken/inside"));
  Status taken = env->WriteFileAtomically(dir.File("taken"), "new");
  EXPECT_EQ(taken.code(), StatusCode::kIoError) << taken.ToString();
  EXPECT_NE(taken.message().find("cannot replace " + dir.File("taken")), std::string::npos) << taken.message();
  EXPECT_EQ(DirEntries(dir.path()), (std::vector<std::string>{"export.csv", "taken"}));

  Status missing = env->WriteFileAtomically(dir.File("no-such-dir/x"), "new");
  EXPECT_EQ(missing.code(), StatusCode::kNotFound) << missing.ToString();
  EXPECT_NE(missing.message().find(dir.File("no-such-dir")), std::string::npos) << missing.message();
}

TEST(EnvTest, FreeBytesOfARealFolder) {
  testing::TempDir dir;
  auto free_bytes = Env::Default()->FreeBytes(dir.path());
  ASSERT_TRUE(free_bytes.ok()) << free_bytes.status().ToString();
  EXPECT_GT(*free_bytes, 0u);
  auto missing = Env::Default()->FreeBytes(dir.File("nothing"));
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find(dir.File("nothing")), std::string::npos);
}

TEST(EnvTest, TheDefaultClocksAreTheSystemsOnes) {
  const TimeMs system = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
  EXPECT_NEAR(double(Env::Default()->WallNowMs()), double(system), 5000) << "LK_FAKE_NOW is not set in this test";
  int64_t a = Env::Default()->MonotonicMs();
  EXPECT_GE(Env::Default()->MonotonicMs(), a);
}

TEST(FaultEnvTest, AFrozenClockMovesOnlyWhenTold) {
  FaultEnv env;
  env.Freeze();
  const TimeMs wall = env.WallNowMs();
  const int64_t monotonic = env.MonotonicMs();
  EXPECT_EQ(env.WallNowMs(), wall);
  env.Advance(1500);
  EXPECT_EQ(env.WallNowMs(), wall + 1500);
  EXPECT_EQ(env.MonotonicMs(), monotonic + 1500);
  // An NTP step back: the wall clock goes back, the monotonic clock does not.
  env.JumpWall(-kMsPerHour);
  EXPECT_EQ(env.WallNowMs(), wall + 1500 - kMsPerHour);
  EXPECT_EQ(env.MonotonicMs(), monotonic + 1500);
  env.SetWallMs(1795900000000);
  EXPECT_EQ(env.WallNowMs(), 1795900000000);
  EXPECT_EQ(env.MonotonicMs(), monotonic + 1500);
}

TEST(FaultEnvTest, ALiveClockCanJumpAndStillRuns) {
  FaultEnv env;
  const TimeMs real = Env::Default()->WallNowMs();
  env.JumpWall(kMsPerDay);
  EXPECT_NEAR(double(env.WallNowMs()), double(real + kMsPerDay), 5000);
  env.Advance(kMsPerMinute);
  EXPECT_GE(env.MonotonicMs(), Env::Default()->MonotonicMs() + kMsPerMinute - 5000);
}

TEST(FaultEnvTest, TheNextWritesFailAsARealDiskWouldThenWritesWorkAgain) {
  testing::TempDir dir;
  FaultEnv env;
  const std::string path = dir.File("device.json");
  ASSERT_TRUE(env.WriteFileAtomically(path, "old").ok());
  env.FailNextWrites(2, ENOSPC);
  for (int i = 0; i < 2; ++i) {
    Status s = env.WriteFileAtomically(path, "new");
    EXPECT_EQ(s.code(), StatusCode::kResourceExhausted) << s.ToString();
    EXPECT_NE(s.message().find(path), std::string::npos) << s.message();
    EXPECT_EQ(testing::ReadFile(path), "old");
  }
  env.FailNextWrites(1, EIO);
  Status eio = env.WriteFileAtomically(path, "new");
  EXPECT_EQ(eio.code(), StatusCode::kIoError);
  EXPECT_EQ(eio.message(), "cannot write " + path + ": Input/output error");
  ASSERT_TRUE(env.WriteFileAtomically(path, "new").ok());
  EXPECT_EQ(testing::ReadFile(path), "new");
  EXPECT_EQ(env.writes(), 5);
  EXPECT_EQ(DirEntries(dir.path()), std::vector<std::string>{"device.json"});
}

TEST(FaultEnvTest, ReportsTheChosenFreeSpace) {
  testing::TempDir dir;
  FaultEnv env;
  env.SetFreeBytes(1234);
  EXPECT_EQ(*env.FreeBytes(dir.path()), 1234u);
  env.SetFreeBytes(std::nullopt);
  EXPECT_NE(*env.FreeBytes(dir.path()), 1234u) << "the real answer again";
}

}  // namespace
}  // namespace lk
