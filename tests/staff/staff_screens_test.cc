// Every staff screen in Chinese and English, standard and large text, reached the way staff reach it and
// showing real records: every label fits its widget, no touch target overlaps another or is under
// 96x96, every character has a glyph. Writes staff-<lang>-<size>-<screen>.png to
// test-artifacts/screenshots (look at them).
#include <gtest/gtest.h>

#include <filesystem>

#include "kiosk/app/fonts.h"
#include "kiosk/core/attendance_store.h"
#include "kiosk/core/device_state.h"
#include "kiosk/core/kiosk_store.h"
#include "kiosk/core/staff/staff_auth.h"
#include "tests/ui/ui_test_util.h"

namespace lk::testing {
namespace {

constexpr const char* kPin = "2468";


class StaffScreensTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(LK_UI_ARTIFACTS);
    std::filesystem::create_directories(fixture_.dir.File("usb"));
    ASSERT_NO_FATAL_FAILURE(
        PrepareKiosk(fixture_, kUiTestNow, "[staff]\nexport_dir = \"" + fixture_.dir.File("usb") + "\"\n"));
    auto store = KioskStore::Open(fixture_.data_dir());
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE(StaffAuth(store->db(), {}).SetPin(kPin, "test", kUiTestNow).ok());
    AttendanceStore attendance(store->db(), CheckInPolicy("[0-9A-Za-z-]{4,32}", 30));
    for (const char* learner : {"20241234", "A2024-0042", "20240007"}) {
      auto r = attendance.CheckIn(learner, "s-taichi-24-1", kUiTestNow - 5 * 60'000, RecordSource::kScanner);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      record_ = r->record.id;
    }
    ASSERT_TRUE(attendance.Void(record_, "签错了课程 / Wrong class", kUiTestNow).ok());
    ASSERT_TRUE(attendance.CheckIn("20245678", "s-taichi-24-1", kUiTestNow - 60'000, RecordSource::kKeypad).ok());
    DeviceState device(store->db());
    ASSERT_TRUE(device.Set("sync.last_success", "2026-12-02T01:30:00.000Z", kUiTestNow).ok());
    ASSERT_TRUE(device.Set("sync.last_error", "the hub did not answer within 10 s", kUiTestNow).ok());
    ASSERT_TRUE(device.Set("sync.last_error_at", "2026-12-02T01:50:00.000Z", kUiTestNow).ok());
    ASSERT_TRUE(device.Set("sync.clock_skew_ms", "-3100", kUiTestNow).ok());
    ASSERT_TRUE(store->db()
                    .Exec("UPDATE outbox SET state = 'set_aside', hub_result = 'rejected', "
                          "reason = 'session s-taichi-24-1 was cancelled' WHERE record_id = "
                          "(SELECT id FROM attendance WHERE learner_id = '20240007' AND kind = 'checkin')")
                    .ok());

    driver_ = StartKiosk(fixture_, kUiTestNow, Language::kZh, /*large_text=*/GetParam());
    ASSERT_TRUE(driver_);
  }

  // Checks the frame and saves it as staff-<lang>-<size>-<name>.png.
  void Capture(const std::string& name) {
    std::string full = std::string("staff-") + (lang_ == Language::kZh ? "zh" : "en") + "-" +
                       (GetParam() ? "large" : "standard") + "-" + name;
    CheckFrame(*driver_, full);
    Status written = driver_->Screenshot(std::string(LK_UI_ARTIFACTS) + "/" + full + ".png");
    EXPECT_TRUE(written.ok()) << written.ToString();
  }
  void Tap(const std::string& id) { ASSERT_TRUE(driver_->TapId(id)) << id << " on " << driver_->screen(); }

  KioskFixture fixture_;
  std::unique_ptr<ui::UiDriver> driver_;
  std::string record_;  // the voided one
  Language lang_ = Language::kZh;
};

TEST_P(StaffScreensTest, EveryStaffScreenInBothLanguages) {
  ui::UiDriver& d = *driver_;
  for (Language lang : {Language::kZh, Language::kEn}) {
    lang_ = lang;
    d.app().context().RequestStaffMode(ui::StaffEntry::kStaffCard);
    d.Settle();
    ASSERT_EQ(d.screen(), "staff-pin");
    if (lang == Language::kEn) Tap("staff/language");
    Capture("pin");
    for (int i = 0; i < 4; ++i) Tap("staff/pin/key/1");
    Tap("staff/pin/submit");
    Capture("pin-wrong");
    for (char c : std::string(kPin)) Tap(std::string("staff/pin/key/") + c);
    Tap("staff/pin/submit");
    ASSERT_EQ(d.screen(), "staff-today");
    Capture("today");
    Tap("staff/day/calendar");
    Capture("calendar");
    Tap("staff/date/2026-12-01");
    ASSERT_EQ(d.screen(), "staff-today");
    Capture("another-day");
    Tap("staff/day/today");

    Tap("staff/session/s-taichi-24-1");
    ASSERT_EQ(d.screen(), "staff-roster");
    ASSERT_TRUE(d.TapLabel(lang == Language::kZh ? "显示卡号" : "Show ID"));
    Capture("roster");
    Tap("staff/roster/add");
    d.Type(lang == Language::kZh ? "20249876" : "20249877", 4, false);
    Capture("add");
    Tap("staff/add/keys-mode");
    Capture("add-letters");
    Tap("staff/add/submit");
    ASSERT_EQ(d.screen(), "staff-roster");
    Capture("roster-after-add");
    const ui::WidgetRecord* void_button = nullptr;
    for (const ui::WidgetRecord& w : d.widgets().widgets()) {
      if (w.id.starts_with("staff/roster/void/")) void_button = &w;
    }
    ASSERT_NE(void_button, nullptr);
    Tap(void_button->id);
    ASSERT_EQ(d.screen(), "staff-void");
    Tap("staff/void/reason/1");
    Capture("void");
    Tap("staff/void/submit");
    Capture("roster-after-void");
    Tap("staff/back");

    Tap("staff/export");
    Capture("export");
    Tap("staff/export/span/2");
    Tap("staff/export/submit");
    Capture("export-done");
    std::filesystem::remove_all(fixture_.dir.File("usb"));
    Tap("staff/export/submit");
    Capture("export-no-stick");
    std::filesystem::create_directories(fixture_.dir.File("usb"));
    Tap("staff/back");

    Tap("staff/sync");
    Capture("sync");
    Tap("staff/back");
    Tap("staff/settings");
    Tap("staff/settings/large/on");
    Capture("settings");
    Tap("staff/back");
    Tap("staff/exit");
    Capture("exit");
    Tap("staff/exit/cancel");
    Tap("staff/lock");
    ASSERT_EQ(d.screen(), "welcome");
  }
  // Five wrong PINs: the locked pad.
  lang_ = Language::kZh;
  d.app().context().RequestStaffMode(ui::StaffEntry::kStaffCard);
  d.Settle();
  for (int i = 0; i < 5; ++i) {
    for (int k = 0; k < 4; ++k) Tap("staff/pin/key/1");
    Tap("staff/pin/submit");
  }
  Capture("pin-locked");
  Tap("staff/language");
  lang_ = Language::kEn;
  Capture("pin-locked");
}

INSTANTIATE_TEST_SUITE_P(TextSizes, StaffScreensTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Large" : "Standard"; });

}  // namespace
}  // namespace lk::testing
