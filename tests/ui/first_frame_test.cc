// The first frame before most of the font atlas: it holds just what the first screen draws, every
// character with its glyph (no '?'), and the full atlas (every UI string and catalogue character at every
// size, GB2312's common characters at body size) replaces it from the font set's thread between frames,
// after which characters beyond the first atlas (a handwriting candidate) show. Large text shows at its
// size at once, from the atlas there is, until its own arrives. On the real App with SDL's dummy driver.
#include <filesystem>

#include <gtest/gtest.h>

#include "kiosk/app/font_set.h"
#include "tests/ui/ui_test_util.h"

namespace lk::testing {
namespace {

// The App started on the fixture, no frame drawn yet.
std::unique_ptr<ui::UiDriver> StartBeforeTheFirstFrame(const KioskFixture& fixture, const std::string& screen = "") {
  ui::AppOptions options;
  options.config_path = fixture.config_path();
  options.config_path_given = true;
  options.data_dir = fixture.data_dir();
  options.start_screen = screen;
  auto driver = ui::UiDriver::Start(options, kUiTestNow, /*settle=*/false);
  EXPECT_TRUE(driver.ok()) << driver.status().ToString();
  if (!driver.ok()) return nullptr;
  EXPECT_EQ(driver.value()->app().frames_rendered(), 0);
  return std::move(driver).value();
}

// Writes the current frame to the screenshots directory.
Status Screenshot(ui::UiDriver& d, const std::string& name) {
  std::filesystem::create_directories(LK_UI_ARTIFACTS);
  return d.Screenshot(std::string(LK_UI_ARTIFACTS) + "/" + name + ".png");
}

// The candidate buttons of the handwriting pad, by their characters.
std::vector<std::string> Candidates(const ui::UiDriver& d) {
  std::vector<std::string> out;
  for (const ui::WidgetRecord& w : d.widgets().widgets()) {
    if (w.id.rfind("search/candidate/", 0) == 0) out.push_back(w.label());
  }
  return out;
}

TEST(FirstFrameTest, TheWelcomeScreenComesFirstFromASmallAtlasWithEveryGlyphItDraws) {
  KioskFixture fixture;
  PrepareKiosk(fixture);
  auto d = StartBeforeTheFirstFrame(fixture);
  ASSERT_TRUE(d);
  d->app().Step(/*wait=*/false);
  ASSERT_EQ(d->app().frames_rendered(), 1);
  const ui::FontSet& fonts = d->app().fonts();
  EXPECT_FALSE(fonts.shown().common_range) << "the full atlas comes after the first frame";
  EXPECT_LT(fonts.shown().of(ui::FontRole::kBody).size(), 100u) << "only what the welcome screen draws";
  EXPECT_EQ(d->screen(), "welcome");
  EXPECT_TRUE(Shows(*d, "北京市东城区交道口街道社区学习中心"));
  EXPECT_TRUE(Shows(*d, "请轻触屏幕开始"));
  EXPECT_TRUE(Shows(*d, "10:00"));
  CheckFrame(*d, "the first frame");  // every character drawn has its own glyph: none would show as '?'
  EXPECT_TRUE(Screenshot(*d, "first-frame-welcome").ok()) << "the same atlas, drawn again";

  d->Settle();
  EXPECT_TRUE(fonts.shown().common_range) << "the full atlas replaced the first one";
  EXPECT_EQ(fonts.installs(), 3) << "stand-in, first, full";
  CheckFrame(*d, "the welcome screen on the full atlas");
  ASSERT_TRUE(d->TapLabel("请轻触屏幕开始"));
  EXPECT_EQ(d->screen(), "home");
  CheckFrame(*d, "home");
}

TEST(FirstFrameTest, TheHomeScreenInChineseAsTheFirstScreenHasEveryGlyphInItsFirstFrame) {
  KioskFixture fixture;
  PrepareKiosk(fixture);
  auto d = StartBeforeTheFirstFrame(fixture, "home");
  ASSERT_TRUE(d);
  d->app().Step(/*wait=*/false);
  ASSERT_EQ(d->app().frames_rendered(), 1);
  EXPECT_EQ(d->screen(), "home");
  EXPECT_EQ(d->app().context().language(), Language::kZh);
  EXPECT_FALSE(d->app().fonts().shown().common_range);
  EXPECT_TRUE(Shows(*d, "太极拳与养生操"));
  EXPECT_TRUE(Shows(*d, "搜索课程"));
  CheckFrame(*d, "the first frame of home");
  EXPECT_TRUE(Screenshot(*d, "first-frame-home").ok());
}

TEST(FirstFrameTest, OnceTheFullAtlasArrivesAHandwritingCandidateBeyondTheFirstAtlasShows) {
  KioskFixture fixture;
  PrepareKiosk(fixture);
  auto d = StartBeforeTheFirstFrame(fixture);
  ASSERT_TRUE(d);
  d->app().Step(/*wait=*/false);
  const ui::AtlasContents first = d->app().fonts().shown();
  d->Settle();
  ASSERT_TRUE(d->app().fonts().shown().common_range);
  const ui::GlyphSet full_text = d->app().fonts().shown().of(ui::FontRole::kBody);  // the UI's and catalogue's

  ASSERT_TRUE(d->TapLabel("请轻触屏幕开始"));
  ASSERT_TRUE(d->TapLabel("搜索课程"));
  ASSERT_TRUE(d->TapLabel("手写"));
  WriteOnPad(*d, "wang");
  const std::vector<std::string> candidates = Candidates(*d);
  EXPECT_EQ(candidates.size(), 8u) << "every candidate has a glyph to show";
  int beyond_first = 0, common_only = 0;
  for (const std::string& c : candidates) {
    const char32_t cp = ui::DecodeUtf8(c).front();
    beyond_first += !first.of(ui::FontRole::kBody).Contains(cp) && !first.of(ui::FontRole::kTitle).Contains(cp);
    common_only += !full_text.Contains(cp);
  }
  EXPECT_GT(beyond_first, 0) << "characters the first atlas did not have";
  EXPECT_GT(common_only, 0) << "characters only GB2312's common range brings";
  CheckFrame(*d, "handwriting candidates on the full atlas");
}

TEST(FirstFrameTest, LargeTextTakesItsSizeAtOnceAndItsOwnAtlasFollows) {
  KioskFixture fixture;
  PrepareKiosk(fixture);
  auto d = StartKiosk(fixture);
  ASSERT_TRUE(d);
  ASSERT_TRUE(d->TapLabel("请轻触屏幕开始"));
  const ui::FontSet& fonts = d->app().fonts();
  const ui::AtlasContents standard = fonts.shown();
  const float standard_body = fonts.SizeOf(ui::FontRole::kBody);

  // The tap by hand, a frame at a time, without waiting for the font set's thread.
  const ui::WidgetRecord* large = d->widgets().FindByLabel("大字模式");
  ASSERT_NE(large, nullptr);
  SDL_Event event{};
  event.type = SDL_MOUSEBUTTONDOWN;
  event.button.button = SDL_BUTTON_LEFT;
  event.button.state = SDL_PRESSED;
  event.button.which = SDL_TOUCH_MOUSEID;
  event.button.x = int(large->rect.GetCenter().x), event.button.y = int(large->rect.GetCenter().y);
  event.button.timestamp = Uint32(d->clock().MonotonicMs());
  d->app().HandleEvent(event);
  event.type = SDL_MOUSEBUTTONUP;
  event.button.state = SDL_RELEASED;
  d->app().HandleEvent(event);
  for (int i = 0; i < 10 && !d->app().context().large_text(); ++i) d->app().Step(/*wait=*/false);
  ASSERT_TRUE(d->app().context().large_text());
  EXPECT_GE(fonts.SizeOf(ui::FontRole::kBody), standard_body * 1.4f) << "the new size at once";
  EXPECT_TRUE(fonts.shown().SameSizes(standard)) << "drawn from the standard atlas, scaled, until its own arrives";
  bool any_body = false;
  for (const ui::TextRecord& t : d->widgets().texts()) {
    if (t.font != fonts.Get(ui::FontRole::kBody)) continue;
    any_body = true;
    EXPECT_FLOAT_EQ(t.size, fonts.SizeOf(ui::FontRole::kBody)) << t.text;
  }
  EXPECT_TRUE(any_body);
  CheckFrame(*d, "large text before its atlas");

  d->Settle();
  EXPECT_FALSE(fonts.shown().SameSizes(standard));
  EXPECT_FLOAT_EQ(fonts.Get(ui::FontRole::kBody)->FontSize, fonts.SizeOf(ui::FontRole::kBody)) << "sharp now";
  CheckFrame(*d, "large text on its atlas");
}

}  // namespace
}  // namespace lk::testing
