#include "kiosk/core/schema.h"

#include <gtest/gtest.h>

#include "kiosk/core/kiosk_store.h"
#include "tests/testing/test_util.h"

namespace lk {
namespace {

TEST(SchemaTest, EmptyFileMigratesToLatestWithWalAndForeignKeys) {
  testing::TempDir dir;
  auto store = KioskStore::Open(dir.path());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ(*SchemaVersion(store->db()), LatestSchemaVersion());
  EXPECT_EQ(*store->db().QueryText("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(*store->db().QueryInt("PRAGMA foreign_keys"), 1);
  EXPECT_EQ(*store->db().QueryInt("PRAGMA synchronous"), 2);  // FULL
  EXPECT_EQ(*store->db().QueryText("PRAGMA integrity_check"), "ok");
}

TEST(SchemaTest, EveryOlderVersionMigratesForwardKeepingItsData) {
  for (int from = 0; from < LatestSchemaVersion(); ++from) {
    testing::TempDir dir;
    std::string path = dir.File("kiosk.db");
    {
      auto db = Database::Open(path);
      ASSERT_TRUE(db.ok());
      ASSERT_TRUE(MigrateSchema(*db, from).ok());
      EXPECT_EQ(*SchemaVersion(*db), from);
      if (from >= 1) {
        ASSERT_TRUE(db->Exec("INSERT INTO device_state(key, value, updated_at) VALUES ('probe', 'kept', 1)").ok());
      }
    }
    auto db = Database::Open(path);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(MigrateSchema(*db).ok()) << "from version " << from;
    EXPECT_EQ(*SchemaVersion(*db), LatestSchemaVersion());
    if (from >= 1) {
      EXPECT_EQ(*db->QueryText("SELECT value FROM device_state WHERE key = 'probe'"), "kept");
    }
    // Running it again is a no-op.
    EXPECT_TRUE(MigrateSchema(*db).ok());
  }
}

TEST(SchemaTest, NewerSchemaIsRefusedAndLeftUntouched) {
  testing::TempDir dir;
  std::string path = dir.File("kiosk.db");
  {
    auto db = Database::Open(path);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db->Exec("CREATE TABLE future(x); PRAGMA user_version = 999").ok());
  }
  std::string before = testing::ReadFile(path);
  auto store = KioskStore::Open(dir.path());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(store.status().message().find("schema version 999, newer than this program's"), std::string::npos)
      << store.status().message();
  auto db = Database::Open(path);
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(*SchemaVersion(*db), 999);
  EXPECT_EQ(*db->QueryInt("SELECT COUNT(*) FROM sqlite_master WHERE name = 'attendance'"), 0);
}

TEST(SchemaTest, FileThatIsNotADatabaseIsReportedAsCorrupt) {
  testing::TempDir dir;
  testing::WriteFile(dir.File("kiosk.db"), std::string(8192, 'x'));
  auto store = KioskStore::Open(dir.path());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kCorruption) << store.status().ToString();
}

}  // namespace
}  // namespace lk
