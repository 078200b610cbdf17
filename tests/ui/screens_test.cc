// Every screen in Chinese and English, standard and large text: every label fits its widget, no touch
// target overlaps another or is smaller than 96x96, every character has a real glyph. Writes a PNG of each
// to test-artifacts/screenshots (look at them).
#include <filesystem>

#include <gtest/gtest.h>

#include "kiosk/app/fonts.h"
#include "tests/ui/ui_test_util.h"

namespace lk::testing {
namespace {


const char* const kScreens[] = {"welcome", "home",   "category",     "course",  "search",
                                "session-picker", "checkin", "confirmation", "problem"};


class ScreensTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(LK_UI_ARTIFACTS);
    PrepareKiosk(fixture_);
    driver_ = StartKiosk(fixture_, kUiTestNow, Language::kZh, /*large_text=*/GetParam());
    ASSERT_TRUE(driver_);
  }
  // Checks the current frame and saves it as <lang>-<size>-<name>.png.
  void Capture(const std::string& name) {
    std::string full = std::string(lang_ == Language::kZh ? "zh" : "en") + "-" + (GetParam() ? "large" : "standard") +
                       "-" + name;
    CheckFrame(*driver_, full);
    Status written = driver_->Screenshot(std::string(LK_UI_ARTIFACTS) + "/" + full + ".png");
    EXPECT_TRUE(written.ok()) << written.ToString();
  }
  void Open(const std::string& screen) {
    driver_->app().OpenScreen(screen, /*preview=*/true);
    driver_->Settle();
    ASSERT_EQ(driver_->screen(), screen);
  }
  KioskFixture fixture_;
  std::unique_ptr<ui::UiDriver> driver_;
  Language lang_ = Language::kZh;
};

TEST_P(ScreensTest, EveryScreenInBothLanguages) {
  for (Language lang : {Language::kZh, Language::kEn}) {
    lang_ = lang;
    driver_->app().context().SetLanguage(lang);
    for (const char* screen : kScreens) {
      ASSERT_NO_FATAL_FAILURE(Open(screen));
      Capture(screen);
    }
    // The confirmation without the hub (the preview shows its answer): the hours will be credited later.
    ASSERT_NO_FATAL_FAILURE(Open("confirmation"));
    ASSERT_TRUE(Shows(*driver_, lang == Language::kZh ? "今年您在全市 3 个学习中心" : "across the city: 31 check-ins"));
    driver_->app().context().flow().receipt->city_state = ui::CityYearState::kUnavailable;
    driver_->app().context().flow().receipt->city.reset();
    driver_->app().RequestFrames();
    driver_->Settle();
    EXPECT_TRUE(Shows(*driver_, lang == Language::kZh ? "联网后" : "once this kiosk is online"));
    Capture("confirmation-offline");
    // The keypad's letters, a second page of a list, and the problems residents meet.
    ASSERT_NO_FATAL_FAILURE(Open("checkin"));
    ASSERT_TRUE(driver_->TapId("checkin/keys-mode"));
    Capture("checkin-letters");
    ASSERT_NO_FATAL_FAILURE(Open("home"));
    ASSERT_TRUE(driver_->TapId("home/today/next"));
    Capture("home-page-2");
    using ui::Problem;
    using ui::ProblemKind;
    const std::pair<const char*, Problem> problems[] = {
        {"problem-already", {ProblemKind::kAlreadyCheckedIn, "s-taichi-24-1", "20241234", kUiTestNow - 600'000}},
        {"problem-invalid-id", {ProblemKind::kInvalidId, "s-taichi-24-1", "12", 0}},
        {"problem-ended", {ProblemKind::kEnded, "s-taichi-baduanjin-1", "", 0}},
        {"problem-none-open", {ProblemKind::kNoOpenSession, "", "20241234", kUiTestNow + 3'600'000}},
        {"problem-unavailable", {ProblemKind::kUnavailable, "", "", 0}},
    };
    for (const auto& [name, problem] : problems) {
      driver_->app().context().checkin().ShowProblem(problem);
      driver_->Settle();
      Capture(name);
    }
    // The handwriting pad with a character written and its candidates.
    ASSERT_NO_FATAL_FAILURE(Open("search"));
    ASSERT_TRUE(driver_->TapId("search/input-mode"));
    Capture("search-handwriting-empty");
    ASSERT_NO_FATAL_FAILURE(WriteOnPad(*driver_, "wang"));
    Capture("search-handwriting");
    ASSERT_TRUE(driver_->TapId("search/pad-clear"));
    ASSERT_TRUE(driver_->TapId("search/input-mode"));
    // The idle prompt over the keypad.
    ASSERT_NO_FATAL_FAILURE(Open("checkin"));
    driver_->Advance(61'000);
    ASSERT_TRUE(driver_->app().idle_prompt_showing());
    Capture("idle-prompt");
    ASSERT_TRUE(driver_->TapId("idle/continue"));
  }
}

INSTANTIATE_TEST_SUITE_P(TextSizes, ScreensTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Large" : "Standard"; });

TEST(ConfigErrorScreenTest, ShowsTheProblemInBothLanguages) {
  std::filesystem::create_directories(LK_UI_ARTIFACTS);
  KioskFixture fixture;
  PrepareKiosk(fixture, kUiTestNow, "[kiosk]\ntime_zone = \"Mars/Olympus_Mons\"\n");
  auto d = StartKiosk(fixture);
  ASSERT_TRUE(d);
  ASSERT_EQ(d->screen(), "config-error");
  for (const ui::TextRecord& t : d->widgets().texts()) EXPECT_TRUE(t.fits) << t.text;
  EXPECT_TRUE(d->Screenshot(std::string(LK_UI_ARTIFACTS) + "/config-error.png").ok());
}

}  // namespace
}  // namespace lk::testing
