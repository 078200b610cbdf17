#include "kiosk/core/catalog_store.h"

#include <gtest/gtest.h>

#include "kiosk/core/catalog_json.h"
#include "kiosk/core/kiosk_store.h"
#include "kiosk/core/time_zone.h"
#include "tests/testing/test_util.h"

namespace lk {
namespace {

class CatalogStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = KioskStore::Open(dir_.path());
    ASSERT_TRUE(store.ok());
    store_.emplace(std::move(*store));
    auto catalog = LoadCatalogFile(testing::DemoCatalogPath(), now_);
    ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
    demo_ = *catalog;
  }
  testing::TempDir dir_;
  std::optional<KioskStore> store_;
  TimeMs now_ = *ParseRfc3339("2026-11-29T10:00:00+08:00");
  Catalog demo_;
};

TEST_F(CatalogStoreTest, ReplaceThenLoadGivesTheSameCatalogue) {
  CatalogStore catalog(store_->db());
  ASSERT_TRUE(catalog.Replace(demo_, now_).ok());
  auto loaded = catalog.Load();
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->version, demo_.version);
  EXPECT_EQ(loaded->centre, demo_.centre);
  EXPECT_EQ(loaded->courses.size(), demo_.courses.size());
  EXPECT_EQ(loaded->sessions.size(), demo_.sessions.size());
  auto found = catalog.FindSession(demo_.sessions[0].id);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ(**found, demo_.sessions[0]);
}

TEST_F(CatalogStoreTest, ReplacingWithASmallerCatalogueRemovesWhatIsGone) {
  CatalogStore catalog(store_->db());
  ASSERT_TRUE(catalog.Replace(demo_, now_).ok());
  Catalog smaller = demo_;
  smaller.version = "v2";
  std::string removed = smaller.sessions.back().id;
  smaller.sessions.pop_back();
  ASSERT_TRUE(catalog.Replace(smaller, now_).ok());
  EXPECT_FALSE(catalog.FindSession(removed)->has_value());
  EXPECT_EQ(catalog.State()->version, "v2");
}

TEST_F(CatalogStoreTest, IncrementalChangesUpsertAndDelete) {
  CatalogStore catalog(store_->db());
  ASSERT_TRUE(catalog.Replace(demo_, now_).ok());
  CatalogChanges changes;
  Session moved = demo_.sessions[0];
  moved.starts_at += kMsPerHour;
  moved.ends_at += kMsPerHour;
  changes.sessions = {moved};
  changes.deleted_sessions = {demo_.sessions[1].id};
  changes.version = "v3";
  changes.cursor = "42";
  ASSERT_TRUE(catalog.Apply(changes, now_).ok());
  EXPECT_EQ(**catalog.FindSession(moved.id), moved);
  EXPECT_FALSE(catalog.FindSession(demo_.sessions[1].id)->has_value());
  EXPECT_EQ(catalog.State()->cursor, "42");
}

TEST_F(CatalogStoreTest, AFailedApplyLeavesTheOldCatalogue) {
  CatalogStore catalog(store_->db());
  ASSERT_TRUE(catalog.Replace(demo_, now_).ok());
  CatalogChanges changes;
  Session orphan = demo_.sessions[0];
  orphan.id = "s-orphan";
  orphan.course_id = "no-such-course";  // violates the foreign key at insert
  Session moved = demo_.sessions[2];
  moved.room.zh = "已改";
  changes.sessions = {moved, orphan};
  changes.version = "broken";
  EXPECT_FALSE(catalog.Apply(changes, now_).ok());
  EXPECT_EQ(catalog.State()->version, demo_.version);
  EXPECT_EQ((*catalog.FindSession(moved.id))->room.zh, demo_.sessions[2].room.zh);
}

}  // namespace
}  // namespace lk
