#include "kiosk/core/schema.h"

#include <gtest/gtest.h>

#include "kiosk/core/kiosk_store.h"
#include "kiosk/core/outbox.h"
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

// Version 3 rebuilds the outbox (WITHOUT ROWID, a partial batch index): every record's sync state, its
// batch and the hub's answer come through, and a batch still in flight can be loaded and resolved.
TEST(SchemaTest, OutboxRebuildKeepsEveryRecordsSyncState) {
  testing::TempDir dir;
  std::string path = dir.File("kiosk.db");
  {
    auto db = Database::Open(path);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(MigrateSchema(*db, 2).ok());
    ASSERT_TRUE(db->Exec(
        "INSERT INTO attendance(id, kind, learner_id, session_id, recorded_at, source) VALUES "
        "('r1', 'checkin', 'L1', 's', 1, 'keypad'), ('r2', 'checkin', 'L2', 's', 2, 'keypad'), "
        "('r3', 'checkin', 'L3', 's', 3, 'scanner'), ('r4', 'checkin', 'L4', 's', 4, 'keypad');"
        "INSERT INTO outbox(record_id, state, batch_id, hub_result, reason, changed_at) VALUES "
        "('r1', 'pending', NULL, '', '', 10), ('r2', 'in_flight', 'b-7', '', '', 11), "
        "('r3', 'acked', 'b-6', 'accepted', '', 12), ('r4', 'set_aside', 'b-6', 'rejected', 'unknown session', 13);").ok());
  }
  auto db = Database::Open(path);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(MigrateSchema(*db).ok());
  EXPECT_EQ(*db->QueryText("SELECT group_concat(record_id || ':' || state || ':' || IFNULL(batch_id, '-') || ':' || "
                           "hub_result || ':' || reason || ':' || changed_at, ' ') FROM "
                           "(SELECT * FROM outbox ORDER BY record_id)"),
            "r1:pending:-:::10 r2:in_flight:b-7:::11 r3:acked:b-6:accepted::12 r4:set_aside:b-6:rejected:unknown session:13");
  EXPECT_EQ(*db->QueryText("PRAGMA integrity_check"), "ok");
  EXPECT_EQ(*db->QueryInt("SELECT COUNT(*) FROM pragma_foreign_key_check"), 0) << "no dangling outbox rows";
  // The batch in flight before the upgrade is still the kiosk's to resolve.
  Outbox outbox(*db);
  auto batch = outbox.ClaimBatch(10, "b-new", 20);
  ASSERT_TRUE(batch.ok() && batch->has_value()) << batch.status().ToString();
  EXPECT_EQ((*batch)->batch_id, "b-7");
  EXPECT_TRUE((*batch)->resend);
  ASSERT_EQ((*batch)->records.size(), 1u);
  EXPECT_EQ((*batch)->records[0].id, "r2");
  auto resolved = outbox.Resolve("b-7", {{"r2", OutboxResolution::kAcked, "accepted", ""}}, 20);
  ASSERT_TRUE(resolved.ok()) << resolved.status().ToString();
  EXPECT_EQ(*resolved, 1);
  EXPECT_EQ(*db->QueryText("SELECT state FROM outbox WHERE record_id = 'r2'"), "acked");
  // Removing an attendance row still takes its outbox row with it.
  ASSERT_TRUE(db->Exec("DELETE FROM attendance WHERE id = 'r3'").ok());
  EXPECT_EQ(*db->QueryInt("SELECT COUNT(*) FROM outbox WHERE record_id = 'r3'"), 0);
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
