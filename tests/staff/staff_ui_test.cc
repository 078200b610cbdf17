// Staff mode as staff use it, driven through the real app (UiDriver): the way in, the PIN pad and its
// lockout across a restart, the roster with masked ids, a manual check-in, a void with a reason, the CSV
// export, settings (with read-aloud's volume and reading titles on entry, heard through the Speaker), the
// auto-lock, and closing the app - checking what the store then holds.
#include <gtest/gtest.h>

#include <filesystem>

#include "kiosk/app/staff/staff_mode.h"
#include "kiosk/core/attendance_store.h"
#include "kiosk/core/device_state.h"
#include "kiosk/core/kiosk_store.h"
#include "kiosk/core/outbox.h"
#include "kiosk/core/staff/staff_auth.h"
#include "tests/staff/staff_test_util.h"
#include "tests/ui/ui_test_util.h"

namespace lk::testing {
namespace {

constexpr const char* kPin = "918273";
constexpr const char* kOpenSession = "s-taichi-24-1";  // open at kUiTestNow (demo catalogue)
constexpr const char* kCourseZh = "二十四式太极拳";

class StaffUiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(usb());
    ASSERT_NO_FATAL_FAILURE(PrepareKiosk(fixture_, kUiTestNow, Config()));
    auto store = KioskStore::Open(fixture_.data_dir());
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE(StaffAuth(store->db(), {}).SetPin(kPin, "test", kUiTestNow).ok());
  }
  std::string usb() const { return fixture_.dir.File("usb"); }
  std::string Config() const {
    return "[staff]\ncard_ids = [\"STAFF-0001\"]\ngesture_corner = \"top-left\"\ngesture_seconds = 3\n"
           "export_dir = \"" +
           usb() + "\"\n";
  }
  void Start(TimeMs now = kUiTestNow) {
    driver_.reset();
    driver_ = StartKiosk(fixture_, now);  // the configured language, Chinese
    ASSERT_TRUE(driver_);
  }
  ui::UiDriver& d() { return *driver_; }

  // A resident's check-in, written as the kiosk would.
  std::string CheckIn(const std::string& learner) {
    auto store = KioskStore::Open(fixture_.data_dir());
    EXPECT_TRUE(store.ok());
    AttendanceStore attendance(store->db(), CheckInPolicy("[0-9A-Za-z-]{4,32}", 30));
    auto result = attendance.CheckIn(learner, kOpenSession, kUiTestNow, RecordSource::kScanner);
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    return result.ok() ? result->record.id : "";
  }
  std::vector<AuditEntry> Audit() {
    auto store = KioskStore::Open(fixture_.data_dir());
    EXPECT_TRUE(store.ok());
    auto entries = AuditLog(store->db()).Recent(500);
    return entries.ok() ? *entries : std::vector<AuditEntry>{};
  }
  int AuditCount(const std::string& action) {
    int n = 0;
    for (const AuditEntry& e : Audit()) n += e.action == action;
    return n;
  }

  // Holds the top-left corner for the configured 3 s.
  void HoldCorner() {
    SDL_Event press{};
    press.type = SDL_MOUSEBUTTONDOWN;
    press.button.button = SDL_BUTTON_LEFT;
    press.button.x = 8, press.button.y = 8;
    d().Send(press);
    d().Advance(3'000);
    SDL_Event release = press;
    release.type = SDL_MOUSEBUTTONUP;
    d().Send(release);
  }
  void EnterPin(const std::string& pin) {
    for (char c : pin) ASSERT_TRUE(d().TapId(std::string("staff/pin/key/") + c)) << c;
    ASSERT_TRUE(d().TapId("staff/pin/submit"));
  }
  // Corner hold, right PIN: the day's attendance.
  void SignIn() {
    ASSERT_NO_FATAL_FAILURE(HoldCorner());
    ASSERT_EQ(d().screen(), "staff-pin");
    ASSERT_NO_FATAL_FAILURE(EnterPin(kPin));
    ASSERT_EQ(d().screen(), "staff-today");
  }
  void OpenRoster() {
    ASSERT_NO_FATAL_FAILURE(SignIn());
    ASSERT_TRUE(d().TapId(std::string("staff/session/") + kOpenSession));
    ASSERT_EQ(d().screen(), "staff-roster");
  }

  KioskFixture fixture_;
  std::unique_ptr<ui::UiDriver> driver_;
};

TEST_F(StaffUiTest, TheCornerHoldAndAStaffCardOpenThePinPadAndTheRightPinOpensToday) {
  ASSERT_NO_FATAL_FAILURE(Start());
  SDL_Event press{};
  press.type = SDL_MOUSEBUTTONDOWN;
  press.button.button = SDL_BUTTON_LEFT;
  press.button.x = 8, press.button.y = 8;
  d().Send(press);
  d().Advance(2'000);
  EXPECT_EQ(d().screen(), "welcome") << "2 s is not yet the 3 s hold";
  d().Advance(1'000);
  EXPECT_EQ(d().screen(), "staff-pin");
  SDL_Event release = press;
  release.type = SDL_MOUSEBUTTONUP;
  d().Send(release);
  EXPECT_EQ(d().screen(), "staff-pin") << "the hold's release taps nothing";
  EXPECT_TRUE(Shows(d(), "请输入工作人员密码"));
  ASSERT_TRUE(d().TapId("staff/pin/cancel"));
  EXPECT_EQ(d().screen(), "welcome");

  d().Type("STAFF-0001", 4, true);
  ASSERT_EQ(d().screen(), "staff-pin") << "a staff card opens the pad too";
  ASSERT_NO_FATAL_FAILURE(EnterPin(kPin));
  EXPECT_EQ(d().screen(), "staff-today");
  EXPECT_TRUE(Shows(d(), kCourseZh));
  EXPECT_EQ(AuditCount("staff.entered"), 2);
  EXPECT_EQ(AuditCount("staff.pin_ok"), 1);
}

TEST_F(StaffUiTest, FiveWrongPinsLockThePadAcrossARestartUntilTheLockoutEnds) {
  ASSERT_NO_FATAL_FAILURE(Start());
  ASSERT_NO_FATAL_FAILURE(HoldCorner());
  for (int attempt = 1; attempt <= 4; ++attempt) {
    ASSERT_NO_FATAL_FAILURE(EnterPin("1111"));
    EXPECT_EQ(d().screen(), "staff-pin");
    EXPECT_TRUE(Shows(d(), "还可以再试 " + std::to_string(5 - attempt) + " 次")) << attempt;
  }
  ASSERT_NO_FATAL_FAILURE(EnterPin("1111"));
  EXPECT_TRUE(Shows(d(), "密码键盘已锁定，请在 10:05 以后再试"));
  EXPECT_EQ(d().widgets().FindById("staff/pin/key/1"), nullptr) << "no keys while locked";
  EXPECT_FALSE(d().widgets().FindById("staff/pin/submit")->enabled);

  // A new app on the same data directory a minute later: still locked.
  ASSERT_NO_FATAL_FAILURE(Start(kUiTestNow + 60'000));
  ASSERT_NO_FATAL_FAILURE(HoldCorner());
  ASSERT_EQ(d().screen(), "staff-pin");
  EXPECT_TRUE(Shows(d(), "请在 10:05 以后再试"));
  EXPECT_EQ(d().widgets().FindById("staff/pin/key/1"), nullptr);

  // Five minutes after the lock: the pad works again and the right PIN opens staff mode.
  ASSERT_TRUE(d().TapId("staff/pin/cancel"));
  d().Advance(4 * 60'000);
  ASSERT_NO_FATAL_FAILURE(HoldCorner());
  ASSERT_NE(d().widgets().FindById("staff/pin/key/1"), nullptr);
  EXPECT_TRUE(Shows(d(), "密码是 4 到 12 位数字"));
  ASSERT_NO_FATAL_FAILURE(EnterPin(kPin));
  EXPECT_EQ(d().screen(), "staff-today");
  EXPECT_EQ(AuditCount("staff.pin_wrong"), 4);
  EXPECT_EQ(AuditCount("staff.pin_locked"), 1);

  // The PIN typed on screen left no trace on disk but its hash.
  driver_.reset();
  for (const std::string& needle : {std::string(kPin), staff_test::Utf16(kPin, true), staff_test::Utf16(kPin, false)}) {
    EXPECT_EQ(staff_test::FilesContaining(fixture_.data_dir(), needle), std::vector<std::string>{});
  }
  EXPECT_FALSE(staff_test::FilesContaining(fixture_.data_dir(), "$argon2id$").empty());
}

TEST_F(StaffUiTest, TheRosterMasksIdsUntilStaffTapShow) {
  const std::string id = CheckIn("20241234");
  ASSERT_NO_FATAL_FAILURE(Start());
  ASSERT_NO_FATAL_FAILURE(SignIn());
  EXPECT_TRUE(Shows(d(), "已签到 1 / ")) << "today: counts against capacity";
  ASSERT_TRUE(d().TapId(std::string("staff/session/") + kOpenSession));
  EXPECT_TRUE(Shows(d(), "****1234"));
  EXPECT_FALSE(Shows(d(), "20241234"));
  EXPECT_TRUE(Shows(d(), "扫码签到"));
  ASSERT_TRUE(d().TapId("staff/roster/reveal/" + id));
  EXPECT_TRUE(Shows(d(), "20241234"));
  ASSERT_TRUE(d().TapLabel("隐藏卡号"));
  EXPECT_FALSE(Shows(d(), "20241234"));
}

TEST_F(StaffUiTest, AManualCheckInIsANewAuditedRecord) {
  ASSERT_NO_FATAL_FAILURE(Start());
  ASSERT_NO_FATAL_FAILURE(OpenRoster());
  ASSERT_TRUE(d().TapLabel("补录签到"));
  ASSERT_EQ(d().screen(), "staff-add");
  for (char c : std::string("20245678")) ASSERT_TRUE(d().TapId(std::string("staff/add/key/") + c));
  ASSERT_TRUE(d().TapId("staff/add/submit"));
  EXPECT_EQ(d().screen(), "staff-roster");
  EXPECT_TRUE(Shows(d(), "已为 ****5678 补录签到"));
  EXPECT_TRUE(Shows(d(), "工作人员补录"));

  std::vector<RosterEntry> records = TodaysRecords(fixture_);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].record.learner_id, "20245678");
  EXPECT_EQ(records[0].record.session_id, kOpenSession);
  EXPECT_EQ(records[0].record.kind, RecordKind::kCorrection);
  EXPECT_EQ(records[0].record.source, RecordSource::kStaff);
  std::vector<AuditEntry> audit = Audit();
  auto added =
      std::find_if(audit.begin(), audit.end(), [](const AuditEntry& e) { return e.action == "attendance.add"; });
  ASSERT_NE(added, audit.end());
  EXPECT_EQ(added->actor, "staff");
  EXPECT_EQ(added->at, kUiTestNow + 3'000) << "the corner hold took 3 s of the manual clock";
  EXPECT_NE(added->detail.find(records[0].record.id), std::string::npos);

  // The same learner again: refused kindly, nothing written.
  ASSERT_TRUE(d().TapLabel("补录签到"));
  d().Type("20245678", 4, false);
  ASSERT_TRUE(d().TapId("staff/add/submit"));
  EXPECT_EQ(d().screen(), "staff-add");
  EXPECT_TRUE(Shows(d(), "****5678 已经签到过这节课"));
  EXPECT_EQ(TodaysRecords(fixture_).size(), 1u);
}

TEST_F(StaffUiTest, AVoidNeedsAReasonKeepsTheRecordAndTheRosterShowsItVoided) {
  const std::string id = CheckIn("20241234");
  ASSERT_NO_FATAL_FAILURE(Start());
  ASSERT_NO_FATAL_FAILURE(OpenRoster());
  ASSERT_TRUE(d().TapId("staff/roster/void/" + id));
  ASSERT_EQ(d().screen(), "staff-void");
  EXPECT_TRUE(Shows(d(), "10:00 · ****1234 · 扫码签到"));
  EXPECT_FALSE(d().widgets().FindById("staff/void/submit")->enabled) << "a reason first";
  ASSERT_TRUE(d().TapLabel("签错了课程"));
  ASSERT_TRUE(d().TapId("staff/void/submit"));
  EXPECT_EQ(d().screen(), "staff-roster");
  EXPECT_TRUE(Shows(d(), "已作废：签错了课程 / Wrong class"));
  EXPECT_EQ(d().widgets().FindById("staff/roster/void/" + id), nullptr) << "a voided record cannot be voided again";

  auto store = KioskStore::Open(fixture_.data_dir());
  ASSERT_TRUE(store.ok());
  AttendanceStore attendance(store->db(), CheckInPolicy("[0-9A-Za-z-]{4,32}", 30));
  auto original = attendance.Find(id);
  ASSERT_TRUE(original.ok() && original->has_value()) << "the voided record is still in the store";
  EXPECT_EQ((*original)->kind, RecordKind::kCheckIn);
  EXPECT_EQ(*attendance.ActiveCount(kOpenSession), 0);
  std::vector<RosterEntry> records = TodaysRecords(fixture_);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_TRUE(records[0].voided);
  EXPECT_EQ(records[0].void_reason, "签错了课程 / Wrong class");
  EXPECT_EQ(Outbox(store->db()).Stats()->pending, 2) << "the check-in and its void are both queued for the hub";
  EXPECT_EQ(AuditCount("attendance.void"), 1);
}

TEST_F(StaffUiTest, ExportWritesUtf8CsvWithBomToTheStickOrSaysItIsMissing) {
  CheckIn("20241234");
  ASSERT_NO_FATAL_FAILURE(Start());
  ASSERT_NO_FATAL_FAILURE(SignIn());
  ASSERT_TRUE(d().TapId("staff/export"));
  ASSERT_EQ(d().screen(), "staff-export");
  EXPECT_TRUE(Shows(d(), "attendance-bj-dongcheng-jdk-2026-12-02_2026-12-02.csv"));
  ASSERT_TRUE(d().TapId("staff/export/submit"));
  EXPECT_TRUE(Shows(d(), "已导出 1 条记录"));
  const std::string file = usb() + "/attendance-bj-dongcheng-jdk-2026-12-02_2026-12-02.csv";
  const std::string bytes = ReadFile(file);
  ASSERT_GE(bytes.size(), 3u);
  EXPECT_EQ(bytes.substr(0, 3), "\xEF\xBB\xBF");
  // 二十四式太极拳, byte for byte.
  EXPECT_NE(bytes.find("\xE4\xBA\x8C\xE5\x8D\x81\xE5\x9B\x9B\xE5\xBC\x8F\xE5\xA4\xAA\xE6\x9E\x81\xE6\x8B\xB3"),
            std::string::npos);
  EXPECT_NE(bytes.find("20241234"), std::string::npos);
  EXPECT_EQ(AuditCount("attendance.export"), 1);

  // The week, then no stick.
  ASSERT_TRUE(d().TapId("staff/export/span/1"));
  EXPECT_TRUE(Shows(d(), "attendance-bj-dongcheng-jdk-2026-11-30_2026-12-06.csv"));
  std::filesystem::remove_all(usb());
  ASSERT_TRUE(d().TapId("staff/export/submit"));
  EXPECT_TRUE(Shows(d(), "没有找到U盘"));
}

TEST_F(StaffUiTest, StaffModeLocksItselfAfterTwoMinutesWithoutInputAndNotBefore) {
  ASSERT_NO_FATAL_FAILURE(Start());
  ASSERT_NO_FATAL_FAILURE(SignIn());
  d().Advance(61'000);
  EXPECT_FALSE(d().app().idle_prompt_showing()) << "the residents' prompt does not apply to staff";
  EXPECT_EQ(d().screen(), "staff-today");
  ASSERT_TRUE(d().TapId("staff/day/next"));  // input: the two minutes start again
  d().Advance(119'000);
  EXPECT_EQ(d().screen(), "staff-today");
  d().Advance(1'500);
  EXPECT_EQ(d().screen(), "welcome");
  EXPECT_EQ(AuditCount("staff.auto_locked"), 1);
  ASSERT_NO_FATAL_FAILURE(HoldCorner());
  EXPECT_EQ(d().screen(), "staff-pin") << "locked: the PIN again";
}

TEST_F(StaffUiTest, SettingsAreSavedAuditedAndBecomeTheDefaults) {
  ASSERT_NO_FATAL_FAILURE(Start());
  ASSERT_NO_FATAL_FAILURE(SignIn());
  ASSERT_TRUE(d().TapId("staff/settings"));
  ASSERT_EQ(d().screen(), "staff-settings");
  EXPECT_FALSE(d().widgets().FindById("staff/settings/save")->enabled) << "nothing changed yet";
  ASSERT_TRUE(d().TapId("staff/settings/language/en"));
  ASSERT_TRUE(d().TapId("staff/settings/idle/more"));
  EXPECT_TRUE(Shows(d(), "90 秒"));
  ASSERT_TRUE(d().TapId("staff/settings/save"));
  EXPECT_TRUE(Shows(d(), "已保存"));
  EXPECT_EQ(AuditCount("setting.changed"), 2);
  EXPECT_EQ(d().app().context().config().idle_prompt_seconds, 90);

  ASSERT_TRUE(d().TapId("staff/back"));
  ASSERT_TRUE(d().TapId("staff/lock"));
  EXPECT_EQ(d().screen(), "welcome");
  EXPECT_EQ(d().app().context().language(), Language::kEn) << "the new default language";

  // A restart keeps them.
  ASSERT_NO_FATAL_FAILURE(Start());
  EXPECT_EQ(d().app().context().language(), Language::kEn);
  EXPECT_EQ(d().app().context().config().idle_prompt_seconds, 90);
}

// Staff turn on reading titles (and large text by default) and set the volume: a resident's screen then
// reads its title as it opens, at that volume, after a restart too.
TEST_F(StaffUiTest, ReadingTitlesOnEntryAndTheVolumeAreStaffSettingsThatSurviveARestart) {
  constexpr const char* kCentreZh = "北京市东城区交道口街道社区学习中心";  // the home screen's title
  ASSERT_NO_FATAL_FAILURE(Start());
  ui::Speaker* speaker = d().app().speaker();
  ASSERT_NE(speaker, nullptr) << "espeak-ng and SDL's dummy audio driver are there in the tests";
  EXPECT_EQ(speaker->volume(), 80) << "[accessibility] volume's default";
  ASSERT_NO_FATAL_FAILURE(SignIn());
  ASSERT_TRUE(d().TapId("staff/settings"));
  EXPECT_TRUE(Shows(d(), "80%"));
  ASSERT_TRUE(d().TapId("staff/settings/large/on"));
  ASSERT_TRUE(d().TapId("staff/settings/read-titles/on"));
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(d().TapId("staff/settings/volume/less"));
  EXPECT_TRUE(Shows(d(), "40%"));
  EXPECT_EQ(speaker->volume(), 80) << "not before it is saved";
  ASSERT_TRUE(d().TapId("staff/settings/save"));
  EXPECT_TRUE(Shows(d(), "已保存"));
  EXPECT_EQ(AuditCount("setting.changed"), 3);
  EXPECT_EQ(speaker->volume(), 40);
  EXPECT_FALSE(speaker->speaking()) << "staff screens are not read";
  ASSERT_TRUE(d().TapId("staff/back"));
  ASSERT_TRUE(d().TapId("staff/lock"));
  ASSERT_EQ(d().screen(), "welcome");
  EXPECT_TRUE(d().app().context().large_text());
  EXPECT_FALSE(speaker->speaking()) << "the welcome screen has no title";

  ASSERT_TRUE(d().TapLabel("请轻触屏幕开始"));
  ASSERT_EQ(d().screen(), "home");
  EXPECT_EQ(speaker->last_text(), kCentreZh);
  ASSERT_TRUE(speaker->WaitUntilSynthesised(std::chrono::seconds(20)));
  EXPECT_TRUE(speaker->speaking());
  EXPECT_GT(speaker->queued_bytes(), 22050u * 2) << "over a second of speech";
  const int quiet = speaker->last_peak();
  EXPECT_GT(quiet, 1000) << "not silence";
  ASSERT_TRUE(d().TapLabel("太极拳与养生操"));
  ASSERT_EQ(d().screen(), "category");
  EXPECT_EQ(speaker->last_text(), "太极拳与养生操") << "the next screen's title replaces the last";
  ASSERT_TRUE(speaker->WaitUntilSynthesised(std::chrono::seconds(20)));
  EXPECT_GT(speaker->queued_bytes(), 0u);
  // The reset for the next resident silences it, and the welcome screen says nothing.
  const KioskConfig defaults;
  d().Advance(int64_t(defaults.idle_prompt_seconds + defaults.idle_countdown_seconds + 1) * 1000);
  ASSERT_EQ(d().screen(), "welcome");
  EXPECT_FALSE(speaker->speaking());
  EXPECT_EQ(speaker->queued_bytes(), 0u);

  // A restart keeps both; the same title at the same volume is about as loud (espeak-ng's voicing varies
  // a little from one synthesis to the next: peaks within 2% here).
  ASSERT_NO_FATAL_FAILURE(Start());
  speaker = d().app().speaker();
  ASSERT_NE(speaker, nullptr);
  EXPECT_EQ(speaker->volume(), 40);
  ASSERT_TRUE(d().TapLabel("请轻触屏幕开始"));
  ASSERT_EQ(d().screen(), "home");
  ASSERT_TRUE(speaker->WaitUntilSynthesised(std::chrono::seconds(20)));
  EXPECT_EQ(speaker->last_text(), kCentreZh);
  EXPECT_NEAR(speaker->last_peak(), quiet, quiet / 10);

  // Back up to 80%: about twice as loud.
  ASSERT_NO_FATAL_FAILURE(SignIn());
  EXPECT_FALSE(speaker->speaking());
  ASSERT_TRUE(d().TapId("staff/settings"));
  EXPECT_TRUE(Shows(d(), "40%"));
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(d().TapId("staff/settings/volume/more"));
  ASSERT_TRUE(d().TapId("staff/settings/save"));
  EXPECT_EQ(speaker->volume(), 80);
  ASSERT_TRUE(d().TapId("staff/back"));
  ASSERT_TRUE(d().TapId("staff/lock"));
  ASSERT_TRUE(d().TapLabel("请轻触屏幕开始"));
  ASSERT_TRUE(speaker->WaitUntilSynthesised(std::chrono::seconds(20)));
  EXPECT_EQ(speaker->last_text(), kCentreZh);
  EXPECT_NEAR(speaker->last_peak(), 2 * quiet, 2 * quiet / 10);
}

TEST_F(StaffUiTest, TitlesAreNotReadWithTheSettingOffOrInStandardText) {
  ASSERT_NO_FATAL_FAILURE(Start());
  ui::Speaker* speaker = d().app().speaker();
  ASSERT_NE(speaker, nullptr);
  // Large text without reading titles: silent.
  ASSERT_NO_FATAL_FAILURE(SignIn());
  ASSERT_TRUE(d().TapId("staff/settings"));
  ASSERT_TRUE(d().TapId("staff/settings/large/on"));
  ASSERT_TRUE(d().TapId("staff/settings/save"));
  ASSERT_TRUE(d().TapId("staff/back"));
  ASSERT_TRUE(d().TapId("staff/lock"));
  ASSERT_TRUE(d().app().context().large_text());
  ASSERT_TRUE(d().TapLabel("请轻触屏幕开始"));
  ASSERT_TRUE(d().TapLabel("太极拳与养生操"));
  ASSERT_EQ(d().screen(), "category");
  EXPECT_FALSE(speaker->speaking());
  EXPECT_EQ(speaker->last_text(), "");
  // Reading titles in standard text: silent too.
  ASSERT_NO_FATAL_FAILURE(SignIn());
  ASSERT_TRUE(d().TapId("staff/settings"));
  ASSERT_TRUE(d().TapId("staff/settings/large/off"));
  ASSERT_TRUE(d().TapId("staff/settings/read-titles/on"));
  ASSERT_TRUE(d().TapId("staff/settings/save"));
  ASSERT_TRUE(d().TapId("staff/back"));
  ASSERT_TRUE(d().TapId("staff/lock"));
  ASSERT_FALSE(d().app().context().large_text());
  ASSERT_TRUE(d().TapLabel("请轻触屏幕开始"));
  ASSERT_TRUE(d().TapLabel("太极拳与养生操"));
  ASSERT_EQ(d().screen(), "category");
  EXPECT_FALSE(speaker->speaking());
  EXPECT_EQ(speaker->last_text(), "");
}

TEST_F(StaffUiTest, TheSyncPanelShowsTheQueueTheLastErrorAndSetAsideRecords) {
  const std::string id = CheckIn("20241234");
  CheckIn("20249999");
  {
    auto store = KioskStore::Open(fixture_.data_dir());
    ASSERT_TRUE(store.ok());
    DeviceState device(store->db());
    ASSERT_TRUE(device.Set("sync.last_success", "2026-12-02T01:30:00.000Z", kUiTestNow).ok());
    ASSERT_TRUE(device.Set("sync.last_error", "the hub did not answer within 10 s", kUiTestNow).ok());
    ASSERT_TRUE(device.Set("sync.last_error_at", "2026-12-02T01:50:00.000Z", kUiTestNow).ok());
    ASSERT_TRUE(device.Set("sync.clock_skew_ms", "4200", kUiTestNow).ok());
    auto set_aside = store->db().Prepare(
        "UPDATE outbox SET state = 'set_aside', hub_result = 'rejected', reason = 'unknown session' WHERE record_id = "
        "?");
    ASSERT_TRUE(set_aside.ok());
    ASSERT_TRUE(set_aside->Bind(1, id).Run().ok());
  }
  ASSERT_NO_FATAL_FAILURE(Start());
  int synced = 0;
  d().app().SetSyncNow([&] { ++synced; });
  ASSERT_NO_FATAL_FAILURE(SignIn());
  ASSERT_TRUE(d().TapId("staff/sync"));
  ASSERT_EQ(d().screen(), "staff-sync");
  EXPECT_TRUE(Shows(d(), "1 条"));
  EXPECT_TRUE(Shows(d(), "the hub did not answer within 10 s"));
  EXPECT_TRUE(Shows(d(), "09:50"));
  EXPECT_TRUE(Shows(d(), "比服务器快 4 秒"));
  EXPECT_TRUE(Shows(d(), "unknown session"));
  EXPECT_TRUE(Shows(d(), "****1234"));
  ASSERT_TRUE(d().TapLabel("立即同步"));
  EXPECT_EQ(synced, 1);
}

TEST_F(StaffUiTest, ClosingTheAppIsConfirmedAndAudited) {
  ASSERT_NO_FATAL_FAILURE(Start());
  ASSERT_NO_FATAL_FAILURE(SignIn());
  ASSERT_TRUE(d().TapId("staff/exit"));
  ASSERT_EQ(d().screen(), "staff-exit");
  ASSERT_TRUE(d().TapId("staff/exit/cancel"));
  EXPECT_EQ(d().screen(), "staff-today");
  EXPECT_FALSE(d().app().exit_requested());
  ASSERT_TRUE(d().TapId("staff/exit"));
  ASSERT_TRUE(d().TapId("staff/exit/confirm"));
  EXPECT_TRUE(d().app().exit_requested());
  EXPECT_EQ(AuditCount("staff.exit_app"), 1);
}

TEST_F(StaffUiTest, StaffScreensCannotBeReachedWithoutThePin) {
  ASSERT_NO_FATAL_FAILURE(Start());
  d().app().context().nav().Push("staff-today");
  d().Settle();
  EXPECT_EQ(d().screen(), "welcome");
}

}  // namespace
}  // namespace lk::testing
