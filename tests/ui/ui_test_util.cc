#include "tests/ui/ui_test_util.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "kiosk/core/catalog_json.h"
#include "kiosk/core/catalog_store.h"
#include "kiosk/core/handwriting/strokes.h"
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

void WriteOnPad(ui::UiDriver& d, const std::string& name) {
  auto strokes = LoadStrokesFile(SourcePath("tests/data/strokes/" + name + ".json"));
  ASSERT_TRUE(strokes.ok()) << strokes.status().ToString();
  const ui::WidgetRecord* pad = d.widgets().FindById("search/pad");
  ASSERT_NE(pad, nullptr) << "the handwriting pad is not showing";
  const ImRect square = pad->rect;
  for (const Stroke& stroke : *strokes) {
    std::vector<ImVec2> points;
    for (const StrokePoint& p : stroke) {
      points.push_back(square.Min + ImVec2(float(p.x), float(p.y)) * (square.GetWidth() / kStrokeSquare));
    }
    d.Drag(points);
  }
}

bool Shows(const ui::UiDriver& driver, std::string_view text) {
  for (const ui::TextRecord& t : driver.widgets().texts()) {
    if (t.text.find(text) != std::string::npos) return true;
  }
  return false;
}

void CheckFrame(const ui::UiDriver& d, const std::string& name) {
  const ui::WidgetLog& log = d.widgets();
  std::vector<const ui::WidgetRecord*> targets;
  for (const ui::WidgetRecord& w : log.widgets()) {
    if (w.layer == log.top_layer()) targets.push_back(&w);
  }
  EXPECT_FALSE(targets.empty()) << name;
  for (const ui::WidgetRecord* w : targets) {
    EXPECT_TRUE(w->text_fits) << name << ": the label of " << w->id << " (" << w->label() << ") does not fit";
    EXPECT_GE(w->rect.GetWidth(), kMinTarget) << name << ": " << w->id << " is too narrow";
    EXPECT_GE(w->rect.GetHeight(), kMinTarget) << name << ": " << w->id << " is too low";
    EXPECT_GE(w->rect.Min.x, 0) << name << ": " << w->id;
    EXPECT_GE(w->rect.Min.y, 0) << name << ": " << w->id;
    EXPECT_LE(w->rect.Max.x, 1920) << name << ": " << w->id;
    EXPECT_LE(w->rect.Max.y, 1080) << name << ": " << w->id;
  }
  for (size_t i = 0; i < targets.size(); ++i) {
    for (size_t j = i + 1; j < targets.size(); ++j) {
      ImRect a = targets[i]->rect;
      a.Expand(kMinSpacing - 0.5f);
      EXPECT_FALSE(a.Overlaps(targets[j]->rect))
          << name << ": " << targets[i]->id << " and " << targets[j]->id << " overlap or touch";
    }
  }
  for (const ui::TextRecord& t : log.texts()) {
    if (t.layer != log.top_layer()) continue;
    EXPECT_TRUE(t.fits) << name << ": text does not fit its box: " << t.text;
    for (char32_t cp : ui::DecodeUtf8(t.text)) {
      if (cp == U'\n') continue;
      EXPECT_NE(t.font->FindGlyphNoFallback(ImWchar(cp)), nullptr)
          << name << ": U+" << std::hex << uint32_t(cp) << " would show as '?' in: " << t.text;
    }
  }
}

}  // namespace lk::testing
