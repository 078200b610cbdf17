#include "kiosk/core/sqlite_db.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "tests/testing/test_util.h"

namespace lk {
namespace {

// Commits one small row each until the WAL holds well past SQLite's autocheckpoint threshold (1,000).
void CommitRows(Database& db, int rows) {
  for (int i = 0; i < rows; ++i) {
    auto insert = db.Prepare("INSERT INTO t(payload) VALUES (randomblob(3000))");
    ASSERT_TRUE(insert.ok());
    ASSERT_TRUE(insert->Run().ok());
  }
}

TEST(DatabaseTest, DeferredCheckpointsLeaveTheDatabaseFileToCheckpointIfDue) {
  testing::TempDir dir;
  const std::string path = dir.File("deferred.db");
  auto db = Database::Open(path);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(db->Exec("CREATE TABLE t(id INTEGER PRIMARY KEY, payload BLOB)").ok());
  ASSERT_TRUE(db->Exec("PRAGMA wal_checkpoint(TRUNCATE)").ok());
  const auto size_before = std::filesystem::file_size(path);

  db->DeferCheckpoints();
  ASSERT_NO_FATAL_FAILURE(CommitRows(*db, 1200));
  EXPECT_EQ(std::filesystem::file_size(path), size_before) << "a commit copied the WAL into the database";
  ASSERT_TRUE(db->CheckpointIfDue(5000).ok());
  EXPECT_EQ(std::filesystem::file_size(path), size_before) << "checkpointed below its threshold";

  ASSERT_TRUE(db->CheckpointIfDue().ok());
  EXPECT_GT(std::filesystem::file_size(path), size_before + 1200 * 3000);
  EXPECT_EQ(*db->QueryInt("SELECT COUNT(*) FROM t"), 1200);
}

TEST(DatabaseTest, WithoutDeferringSqliteCheckpointsOnItsOwn) {
  testing::TempDir dir;
  const std::string path = dir.File("auto.db");
  auto db = Database::Open(path);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(db->Exec("CREATE TABLE t(id INTEGER PRIMARY KEY, payload BLOB)").ok());
  const auto size_before = std::filesystem::file_size(path);
  ASSERT_NO_FATAL_FAILURE(CommitRows(*db, 1200));
  EXPECT_GT(std::filesystem::file_size(path), size_before) << "the autocheckpoint never ran";
  EXPECT_TRUE(db->CheckpointIfDue().ok()) << "does nothing without DeferCheckpoints";
}

}  // namespace
}  // namespace lk
