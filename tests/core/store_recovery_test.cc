#include <fcntl.h>
#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "kiosk/core/attendance_store.h"
#include "kiosk/core/clock.h"
#include "kiosk/core/catalog_json.h"
#include "kiosk/core/catalog_store.h"
#include "kiosk/core/kiosk_store.h"
#include "kiosk/core/outbox.h"
#include "tests/testing/test_util.h"

namespace lk {
namespace {

// Overwrites one page of the database file with garbage.
void SmashPage(const std::string& path, int64_t page, int64_t page_size) {
  int fd = open(path.c_str(), O_WRONLY);
  ASSERT_GE(fd, 0);
  std::string garbage(size_t(page_size), '\xA5');
  ASSERT_EQ(pwrite(fd, garbage.data(), garbage.size(), (page - 1) * page_size), page_size);
  close(fd);
}

TEST(StoreRecoveryTest, CorruptDatabaseIsMovedAsideAndItsRecordsSalvaged) {
  testing::TempDir dir;
  TimeMs now = NowMs();
  int64_t index_page = 0, page_size = 0;
  {
    auto store = KioskStore::Open(dir.path());
    ASSERT_TRUE(store.ok());
    auto catalog = LoadCatalogFile(testing::DemoCatalogPath(), now);
    ASSERT_TRUE(catalog.ok());
    ASSERT_TRUE(CatalogStore(store->db()).Replace(*catalog, now).ok());
    AttendanceStore attendance(store->db(), CheckInPolicy::FromConfig(KioskConfig{}));
    for (int i = 0; i < 50; ++i) {
      auto r = attendance.AddManualCheckIn("BJ" + std::to_string(1000 + i), catalog->sessions[size_t(i % 5)].id,
                                           "", now);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
    }
    ASSERT_TRUE(store->db().Exec("PRAGMA wal_checkpoint(TRUNCATE)").ok());
    index_page = *store->db().QueryInt("SELECT rootpage FROM sqlite_master WHERE name = 'session_by_start'");
    page_size = *store->db().QueryInt("PRAGMA page_size");
  }
  std::string path = dir.File("kiosk.db");
  SmashPage(path, index_page, page_size);

  auto reopened = KioskStore::Open(dir.path(), /*check_integrity=*/true);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  const StoreRecovery& recovery = reopened->recovery();
  EXPECT_TRUE(recovery.recovered);
  EXPECT_FALSE(recovery.problem.empty());
  EXPECT_TRUE(std::filesystem::exists(recovery.moved_to)) << recovery.moved_to;
  EXPECT_EQ(recovery.records_salvaged, 50);
  EXPECT_EQ(*reopened->db().QueryText("PRAGMA integrity_check"), "ok");
  EXPECT_EQ(Outbox(reopened->db()).Stats()->pending, 50);
  // The catalogue's readable tables come along; its cursor is cleared so the next pull is a full one.
  EXPECT_GT(*reopened->db().QueryInt("SELECT COUNT(*) FROM session"), 0);
  EXPECT_EQ(*reopened->db().QueryText("SELECT cursor FROM catalog_state"), "");
}

TEST(StoreRecoveryTest, HealthyDatabaseIsLeftAlone) {
  testing::TempDir dir;
  ASSERT_TRUE(KioskStore::Open(dir.path()).ok());
  auto again = KioskStore::Open(dir.path(), /*check_integrity=*/true);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->recovery().recovered);
}

}  // namespace
}  // namespace lk
