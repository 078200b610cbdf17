// Every screen in Chinese and English, standard and large text: every label fits its widget, no touch
// target overlaps another or is smaller than 96x96, every character has a real glyph. Writes a PNG of each
// to test-artifacts/screenshots (look at them).
#include <filesystem>

#include <gtest/gtest.h>

#include "kiosk/app/fonts.h"
#include "tests/ui/ui_test_util.h"

namespace lk::testing {
namespace {

constexpr float kMinTarget = 96;
constexpr float kMinSpacing = 12;

const char* const kScreens[] = {"welcome", "home",   "category",     "course",  "search",
                                "session-picker", "checkin", "confirmation", "problem"};

// Checks what the last frame drew; `name` says which frame in failure messages.
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
      driver_->app().context().ShowProblem(problem);
      driver_->Settle();
      Capture(name);
    }
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
