// What a resident does: tap through to a check-in, type or scan the card number, and what the store then
// holds; the kind problem screens; English on one tap; search by pinyin.
#include <gtest/gtest.h>

#include "tests/ui/ui_test_util.h"

namespace lk::testing {
namespace {

class FlowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    PrepareKiosk(fixture_);
    driver_ = StartKiosk(fixture_);
    ASSERT_TRUE(driver_);
  }

  // Welcome -> home -> 太极拳与养生操 -> 二十四式太极拳 -> 签到: the keypad for s-taichi-24-1 (open now).
  void OpenCheckIn() {
    ui::UiDriver& d = *driver_;
    ASSERT_EQ(d.screen(), "welcome");
    ASSERT_TRUE(d.TapLabel("请轻触屏幕开始"));
    ASSERT_EQ(d.screen(), "home");
    ASSERT_TRUE(d.TapLabel("太极拳与养生操"));
    ASSERT_EQ(d.screen(), "category");
    ASSERT_TRUE(d.TapLabel("二十四式太极拳"));
    ASSERT_EQ(d.screen(), "course");
    ASSERT_TRUE(d.TapLabel("签到"));
    ASSERT_EQ(d.screen(), "checkin");
  }

  void TapDigits(const std::string& digits) {
    for (char c : digits) ASSERT_TRUE(driver_->TapId("checkin/key/" + std::string(1, c))) << c;
  }

  KioskFixture fixture_;
  std::unique_ptr<ui::UiDriver> driver_;
};

TEST_F(FlowTest, TapThroughCheckInRecordsExactlyThatCheckIn) {
  ASSERT_NO_FATAL_FAILURE(OpenCheckIn());
  ui::UiDriver& d = *driver_;
  EXPECT_TRUE(Shows(d, "二十四式太极拳"));
  EXPECT_TRUE(Shows(d, "院内广场"));
  ASSERT_TRUE(d.TapLabel("1"));  // keys are found by their label too
  TapDigits("0241234");
  EXPECT_TRUE(Shows(d, "10241234"));
  EXPECT_TRUE(d.TapLabel("删除"));
  EXPECT_TRUE(d.TapLabel("清空"));
  TapDigits("20241234");
  ASSERT_TRUE(d.TapLabel("确认签到"));
  EXPECT_EQ(d.screen(), "confirmation");
  EXPECT_TRUE(Shows(d, "签到成功"));
  EXPECT_TRUE(Shows(d, "学员卡：****1234"));
  EXPECT_TRUE(Shows(d, "签到时间：10:00"));
  EXPECT_TRUE(Shows(d, "今年您在本机签到 1 次"));
  EXPECT_FALSE(Shows(d, "20241234")) << "the full id is not shown after check-in";

  std::vector<RosterEntry> records = TodaysRecords(fixture_);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].record.learner_id, "20241234");
  EXPECT_EQ(records[0].record.session_id, "s-taichi-24-1");
  EXPECT_EQ(records[0].record.kind, RecordKind::kCheckIn);
  EXPECT_EQ(records[0].record.source, RecordSource::kKeypad);
  EXPECT_EQ(records[0].record.recorded_at, kUiTestNow);

  ASSERT_TRUE(d.TapLabel("完成"));
  EXPECT_EQ(d.screen(), "home");
}

TEST_F(FlowTest, TheSpeakerReadsTheConfirmationAloudAndATouchStopsIt) {
  ASSERT_NO_FATAL_FAILURE(OpenCheckIn());
  ui::UiDriver& d = *driver_;
  TapDigits("20241234");
  ASSERT_TRUE(d.TapLabel("确认签到"));
  ASSERT_EQ(d.screen(), "confirmation");
  ui::Speaker* speaker = d.app().speaker();
  ASSERT_NE(speaker, nullptr) << "espeak-ng and SDL's dummy audio driver are there in the tests";
  EXPECT_FALSE(speaker->speaking());

  ASSERT_TRUE(d.TapLabel("朗读"));
  ASSERT_TRUE(speaker->WaitUntilSynthesised(std::chrono::seconds(20)));
  EXPECT_TRUE(speaker->speaking());
  // 签到成功, the course, when, where and the year's hours: several seconds of 16-bit audio at 22050 Hz,
  // which the dummy device plays at real-time pace.
  EXPECT_GT(speaker->queued_bytes(), 3u * 22050 * 2);

  d.TapAt(40, 540);  // a touch on no button
  EXPECT_EQ(d.screen(), "confirmation");
  EXPECT_FALSE(speaker->speaking());
  EXPECT_EQ(speaker->queued_bytes(), 0u);

  // Again; then the kiosk resetting for the next resident silences it too.
  ASSERT_TRUE(d.TapLabel("朗读"));
  ASSERT_TRUE(speaker->WaitUntilSynthesised(std::chrono::seconds(20)));
  EXPECT_GT(speaker->queued_bytes(), 0u);
  const KioskConfig defaults;  // the fixture writes no [display] keys
  d.Advance(int64_t(defaults.idle_prompt_seconds + defaults.idle_countdown_seconds + 1) * 1000);
  EXPECT_EQ(d.screen(), "welcome");
  EXPECT_FALSE(speaker->speaking());
  EXPECT_EQ(speaker->queued_bytes(), 0u);
}

TEST_F(FlowTest, TheCourseScreenReadsTheCourseAloudUntilTheResidentMovesOn) {
  ui::UiDriver& d = *driver_;
  ASSERT_TRUE(d.TapLabel("请轻触屏幕开始"));
  ASSERT_TRUE(d.TapLabel("太极拳与养生操"));
  ASSERT_TRUE(d.TapLabel("二十四式太极拳"));
  ASSERT_EQ(d.screen(), "course");
  ui::Speaker* speaker = d.app().speaker();
  ASSERT_NE(speaker, nullptr);
  ASSERT_TRUE(d.TapLabel("朗读"));
  ASSERT_TRUE(speaker->WaitUntilSynthesised(std::chrono::seconds(20)));
  EXPECT_GT(speaker->queued_bytes(), 2u * 22050 * 2) << "the title, teacher, hours, when and where";
  ASSERT_TRUE(d.TapLabel("返回"));
  EXPECT_EQ(d.screen(), "category");
  EXPECT_FALSE(speaker->speaking());
  EXPECT_EQ(speaker->queued_bytes(), 0u);
}

TEST_F(FlowTest, ScannerSpeedInputOnTheCheckInScreenChecksIn) {
  ASSERT_NO_FATAL_FAILURE(OpenCheckIn());
  ui::UiDriver& d = *driver_;
  d.Type("A2024-0042", /*interval_ms=*/4, /*enter=*/true);
  EXPECT_EQ(d.screen(), "confirmation");
  EXPECT_TRUE(Shows(d, "学员卡：****0042"));
  std::vector<RosterEntry> records = TodaysRecords(fixture_);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].record.learner_id, "A2024-0042");
  EXPECT_EQ(records[0].record.session_id, "s-taichi-24-1");
  EXPECT_EQ(records[0].record.source, RecordSource::kScanner);
}

TEST_F(FlowTest, AScanAnywhereElseAsksWhichOfTodaysOpenSessions) {
  ui::UiDriver& d = *driver_;
  d.Type("20249999", 5, true);  // on the welcome screen
  EXPECT_EQ(d.screen(), "session-picker");
  EXPECT_TRUE(Shows(d, "学员卡 ****9999：您要签到哪节课？"));
  int offered = 0;
  for (const ui::WidgetRecord& w : d.widgets().widgets()) offered += w.id.starts_with("picker/session/");
  EXPECT_GE(offered, 3);
  EXPECT_EQ(d.widgets().FindById("picker/session/s-taichi-fan-1"), nullptr) << "not open: not offered";
  ASSERT_TRUE(d.TapLabel("长寿养生讲座"));
  EXPECT_EQ(d.screen(), "confirmation");
  std::vector<RosterEntry> records = TodaysRecords(fixture_);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].record.learner_id, "20249999");
  EXPECT_EQ(records[0].record.session_id, "s-tcm-longevity-1");
  EXPECT_EQ(records[0].record.source, RecordSource::kScanner);
}

TEST_F(FlowTest, SlowTypingOnAKeyboardIsKeypadInput) {
  ASSERT_NO_FATAL_FAILURE(OpenCheckIn());
  ui::UiDriver& d = *driver_;
  d.Type("5566", /*interval_ms=*/250, /*enter=*/false);
  EXPECT_EQ(d.screen(), "checkin");
  EXPECT_TRUE(Shows(d, "5566"));
  EXPECT_TRUE(TodaysRecords(fixture_).empty());
  d.Type("", 250, /*enter=*/true);
  EXPECT_EQ(d.screen(), "confirmation");
  std::vector<RosterEntry> records = TodaysRecords(fixture_);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].record.learner_id, "5566");
  EXPECT_EQ(records[0].record.source, RecordSource::kKeypad);
}

TEST_F(FlowTest, AnInvalidIdIsExplainedKindly) {
  ASSERT_NO_FATAL_FAILURE(OpenCheckIn());
  ui::UiDriver& d = *driver_;
  TapDigits("12");
  ASSERT_TRUE(d.TapLabel("确认签到"));
  EXPECT_EQ(d.screen(), "problem");
  EXPECT_TRUE(Shows(d, "卡号不正确"));
  ASSERT_TRUE(d.TapLabel("重新输入"));
  EXPECT_EQ(d.screen(), "checkin");
  EXPECT_TRUE(Shows(d, "卡号会显示在这里"));
  EXPECT_TRUE(TodaysRecords(fixture_).empty());
}

TEST_F(FlowTest, CheckingInTwiceSaysSoAndWritesNothingMore) {
  ASSERT_NO_FATAL_FAILURE(OpenCheckIn());
  ui::UiDriver& d = *driver_;
  TapDigits("20247788");
  ASSERT_TRUE(d.TapLabel("确认签到"));
  ASSERT_EQ(d.screen(), "confirmation");
  d.Advance(30'000);
  ASSERT_TRUE(d.TapLabel("返回"));  // back to the keypad, for the next person
  ASSERT_EQ(d.screen(), "checkin");
  TapDigits("20247788");
  ASSERT_TRUE(d.TapLabel("确认签到"));
  EXPECT_EQ(d.screen(), "problem");
  EXPECT_TRUE(Shows(d, "您已经签过到了"));
  EXPECT_TRUE(Shows(d, "学员卡 ****7788 已在 10:00 签到这节课"));
  EXPECT_EQ(TodaysRecords(fixture_).size(), 1u);
}

TEST_F(FlowTest, ASessionNotOpenYetSaysWhenItOpens) {
  ui::UiDriver& d = *driver_;
  ASSERT_TRUE(d.TapLabel("请轻触屏幕开始"));
  ASSERT_TRUE(d.TapLabel("太极拳与养生操"));
  ASSERT_TRUE(d.TapLabel("太极扇"));  // 20:00 today
  ASSERT_TRUE(d.TapLabel("签到"));
  EXPECT_EQ(d.screen(), "problem");
  EXPECT_TRUE(Shows(d, "这节课还没开始签到"));
  EXPECT_TRUE(Shows(d, "签到将在 19:30 开始（上课前 30 分钟）"));
  ASSERT_TRUE(d.TapLabel("首页"));
  EXPECT_EQ(d.screen(), "home");
}

TEST_F(FlowTest, EnglishOnOneTapAndBack) {
  ui::UiDriver& d = *driver_;
  ASSERT_TRUE(d.TapLabel("请轻触屏幕开始"));
  ASSERT_TRUE(d.TapLabel("English"));
  EXPECT_TRUE(Shows(d, "Today's classes"));
  ASSERT_TRUE(d.TapLabel("Tai Chi & Exercise"));
  EXPECT_TRUE(Shows(d, "24-Form Tai Chi"));
  ASSERT_TRUE(d.TapLabel("Home"));
  ASSERT_TRUE(d.TapLabel("中文"));
  EXPECT_TRUE(Shows(d, "今天的课程"));
}

TEST_F(FlowTest, FindACourseByPinyinOnTheLetterKeys) {
  ui::UiDriver& d = *driver_;
  ASSERT_TRUE(d.TapLabel("请轻触屏幕开始"));
  ASSERT_TRUE(d.TapLabel("搜索课程"));
  EXPECT_EQ(d.screen(), "search");
  for (char c : std::string("tjq")) ASSERT_TRUE(d.TapId("search/key/" + std::string(1, c)));
  EXPECT_TRUE(Shows(d, "tjq"));
  ASSERT_TRUE(d.TapLabel("二十四式太极拳"));
  EXPECT_EQ(d.screen(), "course");
}

TEST_F(FlowTest, ThePickerOpensTheKeypadForAnOpenClassAndExplainsOneNotOpenYet) {
  ui::UiDriver& d = *driver_;
  ASSERT_TRUE(d.TapLabel("请轻触屏幕开始"));
  d.app().context().checkin().OfferSessions({"s-taichi-24-1", "s-taichi-fan-1"});  // as for a course with two classes today
  d.Settle();
  EXPECT_EQ(d.screen(), "session-picker");
  EXPECT_TRUE(Shows(d, "您要签到哪节课？"));
  ASSERT_TRUE(d.TapId("picker/session/s-taichi-24-1"));
  EXPECT_EQ(d.screen(), "checkin");
  ASSERT_TRUE(d.TapLabel("返回"));
  ASSERT_TRUE(d.TapId("picker/session/s-taichi-fan-1"));
  EXPECT_EQ(d.screen(), "problem");
  EXPECT_TRUE(Shows(d, "这节课还没开始签到"));
}

}  // namespace
}  // namespace lk::testing
