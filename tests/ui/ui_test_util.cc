#include "tests/ui/ui_test_util.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "kiosk/core/catalog_json.h"
#include "kiosk/core/catalog_store.h"
#include "kiosk/core/kiosk_store.h"
#include "kiosk/core/time_zone.h"

namespace lk::testing {

void PrepareKiosk(const KioskFixture& fixture, TimeMs now, const std::string& config_toml) {
  std::filesystem::create_directories(fixture.data_dir());
  auto store = KioskStore::Open(fixture.data_dir());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto catalog = LoadCatalogFile(DemoCatalogPath(), now);
  ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
  ASSERT_TRUE(CatalogStore(store->db()).Replace(*catalog, now).ok());
  WriteFile(fixture.config_path(), config_toml);
}

std::unique_ptr<ui::UiDriver> StartKiosk(const KioskFixture& fixture, TimeMs now, std::optional<Language> language,
                                         bool large_text) {
  ui::AppOptions options;
  options.config_path = fixture.config_path();
  options.config_path_given = true;
  options.data_dir = fixture.data_dir();
  options.language = language;
  options.large_text = large_text;
  auto driver = ui::UiDriver::Start(options, now);
  EXPECT_TRUE(driver.ok()) << driver.status().ToString();
  if (!driver.ok()) return nullptr;
  return std::move(driver).value();
}

std::vector<RosterEntry> TodaysRecords(const KioskFixture& fixture, TimeMs now) {
  auto store = KioskStore::Open(fixture.data_dir());
  EXPECT_TRUE(store.ok());
  auto zone = TimeZone::Load("Asia/Shanghai");
  LocalDate today = zone->DateOf(now);
  AttendanceStore attendance(store->db(), CheckInPolicy("[0-9A-Za-z-]{4,32}", 30));
  auto roster = attendance.Roster(zone->StartOfDay(today), zone->StartOfDay(AddDays(today, 1)));
  EXPECT_TRUE(roster.ok());
  return roster.ok() ? *roster : std::vector<RosterEntry>{};
}

}  // namespace lk::testing

namespace lk::testing {

bool Shows(const ui::UiDriver& driver, std::string_view text) {
  for (const ui::TextRecord& t : driver.widgets().texts()) {
    if (t.text.find(text) != std::string::npos) return true;
  }
  return false;
}

}  // namespace lk::testing
