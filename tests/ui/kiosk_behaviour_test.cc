// How the kiosk behaves as a kiosk: the idle prompt and reset, quit requests that do nothing, the staff
// hooks, a bad configuration, a catalogue changed behind its back, the upload indicator.
#include <filesystem>
#include <thread>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "kiosk/core/catalog_json.h"
#include "kiosk/core/catalog_store.h"
#include "kiosk/core/kiosk_store.h"
#include "tests/ui/ui_test_util.h"

namespace lk::testing {
namespace {

// The fixture's catalogue replaced by `catalog` (JSON), read as a kiosk reads one.
void ReplaceCatalog(const KioskFixture& fixture, const nlohmann::json& catalog) {
  auto store = KioskStore::Open(fixture.data_dir());
  ASSERT_TRUE(store.ok());
  auto parsed = ParseCatalogJson(catalog.dump(), kUiTestNow, "test catalogue");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  ASSERT_TRUE(CatalogStore(store->db()).Replace(*parsed, kUiTestNow).ok());
}

void OpenKeypadWithId(ui::UiDriver& d, const std::string& digits) {
  ASSERT_TRUE(d.TapLabel("请轻触屏幕开始"));
  ASSERT_TRUE(d.TapLabel("太极拳与养生操"));
  ASSERT_TRUE(d.TapLabel("二十四式太极拳"));
  ASSERT_TRUE(d.TapLabel("签到"));
  for (char c : digits) ASSERT_TRUE(d.TapId("checkin/key/" + std::string(1, c)));
  ASSERT_TRUE(Shows(d, digits));
}

// A course title with an Extension B character, an emoji, a zero-width joiner and a variation selector,
// and a teacher with a zero-width space: the joiners vanish, what the atlas cannot hold is a box (never
// "?"), every character drawn has a glyph (CheckFrame).
TEST(KioskBehaviourTest, RareCharactersEmojiAndJoinersShowAsBoxesOrNothingNeverQuestionMarks) {
  KioskFixture fixture;
  PrepareKiosk(fixture);
  nlohmann::json demo = nlohmann::json::parse(ReadFile(DemoCatalogPath()));
  for (nlohmann::json& course : demo["courses"]) {
    if (course["id"] != "c-taichi-24") continue;
    course["title"]["zh"] = "𠮷祥\u200d二十四式太极拳\ufe0f😀";
    course["teacher"] = {{"zh", "孙\u200b老师"}, {"en", "Sun"}};
  }
  ASSERT_NO_FATAL_FAILURE(ReplaceCatalog(fixture, demo));
  auto d = StartKiosk(fixture);
  ASSERT_TRUE(d);
  ASSERT_TRUE(d->TapLabel("请轻触屏幕开始"));
  ASSERT_TRUE(d->TapLabel("太极拳与养生操"));
  ASSERT_TRUE(d->TapLabel("□祥二十四式太极拳□"));
  ASSERT_EQ(d->screen(), "course");
  EXPECT_TRUE(Shows(*d, "授课：孙老师"));
  CheckFrame(*d, "course with rare characters");
  std::filesystem::create_directories(LK_UI_ARTIFACTS);
  EXPECT_TRUE(d->Screenshot(std::string(LK_UI_ARTIFACTS) + "/zh-standard-course-rare-characters.png").ok());
}

// A category name too long for its tile and a 400-character course title: each ends with an ellipsis
// inside its box (CheckFrame: everything fits), and the whole text is still what a tap finds.
TEST(KioskBehaviourTest, TextTooLongForATileOrARowEndsWithAnEllipsis) {
  KioskFixture fixture;
  PrepareKiosk(fixture);
  nlohmann::json demo = nlohmann::json::parse(ReadFile(DemoCatalogPath()));
  std::string long_name, long_title;
  for (int i = 0; i < 12; ++i) long_name += "太极拳与养生操";
  for (int i = 0; i < 50; ++i) long_title += "二十四式太极拳";  // 350 characters
  for (nlohmann::json& category : demo["categories"]) {
    if (category["id"] == "taichi") category["name"]["zh"] = long_name;
  }
  for (nlohmann::json& course : demo["courses"]) {
    if (course["id"] == "c-taichi-24") course["title"]["zh"] = long_title;
  }
  ASSERT_NO_FATAL_FAILURE(ReplaceCatalog(fixture, demo));
  auto d = StartKiosk(fixture);
  ASSERT_TRUE(d);
  auto cut = [&](const std::string& text) {
    for (const ui::TextRecord& t : d->widgets().texts()) {
      if (t.text == text) return t.cut;
    }
    ADD_FAILURE() << "not drawn: " << text.substr(0, 30);
    return false;
  };
  ASSERT_TRUE(d->TapLabel("请轻触屏幕开始"));
  EXPECT_TRUE(cut(long_name)) << "the tile shows as much as fits, then …";
  EXPECT_FALSE(cut("书法")) << "a name that fits is whole";
  CheckFrame(*d, "home with a long category name");
  std::filesystem::create_directories(LK_UI_ARTIFACTS);
  EXPECT_TRUE(d->Screenshot(std::string(LK_UI_ARTIFACTS) + "/zh-standard-home-long-names.png").ok());
  ASSERT_TRUE(d->TapId("home/category/taichi"));
  ASSERT_TRUE(d->TapLabel(long_title));
  ASSERT_EQ(d->screen(), "course");
  CheckFrame(*d, "course with a 350-character title");
  EXPECT_TRUE(d->Screenshot(std::string(LK_UI_ARTIFACTS) + "/zh-standard-course-long-title.png").ok());
}

TEST(KioskBehaviourTest, IdleCountdownAppearsThenResetsAndForgetsTheId) {
  KioskFixture fixture;
  PrepareKiosk(fixture);
  auto d = StartKiosk(fixture);
  ASSERT_TRUE(d);
  ASSERT_NO_FATAL_FAILURE(OpenKeypadWithId(*d, "5678"));
  d->Advance(59'000);
  EXPECT_FALSE(d->app().idle_prompt_showing());
  d->Advance(1'000);
  ASSERT_TRUE(d->app().idle_prompt_showing());
  EXPECT_NE(d->widgets().FindById("idle/continue"), nullptr);
  EXPECT_EQ(d->widgets().top_layer(), ui::Layer::kOverlay);
  EXPECT_TRUE(Shows(*d, "您还在使用吗？"));
  EXPECT_TRUE(Shows(*d, "20 秒后将回到开始页面"));
  EXPECT_EQ(d->widgets().FindById("checkin/submit"), nullptr) << "the screen's buttons are covered";
  d->Advance(5'000);
  EXPECT_TRUE(Shows(*d, "15 秒后将回到开始页面"));
  d->Advance(15'000);
  EXPECT_FALSE(d->app().idle_prompt_showing());
  EXPECT_EQ(d->screen(), "welcome");
  EXPECT_TRUE(d->app().context().flow().entered_id.empty());
  EXPECT_FALSE(Shows(*d, "5678"));
  // Back on the keypad, the id is gone.
  ASSERT_TRUE(d->TapLabel("请轻触屏幕开始"));
  ASSERT_TRUE(d->TapLabel("太极拳与养生操"));
  ASSERT_TRUE(d->TapLabel("二十四式太极拳"));
  ASSERT_TRUE(d->TapLabel("签到"));
  EXPECT_FALSE(Shows(*d, "5678"));
  EXPECT_TRUE(TodaysRecords(fixture).empty());
}

TEST(KioskBehaviourTest, ContinueKeepsTheResidentWhereTheyWere) {
  KioskFixture fixture;
  PrepareKiosk(fixture);
  auto d = StartKiosk(fixture);
  ASSERT_TRUE(d);
  ASSERT_NO_FATAL_FAILURE(OpenKeypadWithId(*d, "4321"));
  d->Advance(61'000);
  ASSERT_TRUE(d->app().idle_prompt_showing());
  ASSERT_TRUE(d->TapLabel("继续使用"));
  EXPECT_FALSE(d->app().idle_prompt_showing());
  EXPECT_EQ(d->screen(), "checkin");
  EXPECT_TRUE(Shows(*d, "4321"));
  d->Advance(50'000);
  EXPECT_FALSE(d->app().idle_prompt_showing()) << "the wait starts again from the tap";
}

TEST(KioskBehaviourTest, LanguageAndTextSizeGoBackToTheConfiguredOnesAfterTheReset) {
  KioskFixture fixture;
  PrepareKiosk(fixture, kUiTestNow, "[display]\nidle_prompt_seconds = 10\nidle_countdown_seconds = 5\n");
  auto d = StartKiosk(fixture);
  ASSERT_TRUE(d);
  ASSERT_TRUE(d->TapLabel("请轻触屏幕开始"));
  ASSERT_TRUE(d->TapLabel("English"));
  ASSERT_TRUE(d->TapLabel("Larger text"));
  EXPECT_TRUE(d->app().context().large_text());
  EXPECT_GE(d->app().context().m().body, 45);
  d->Advance(10'000);
  ASSERT_TRUE(d->app().idle_prompt_showing()) << "configured: 10 s";
  EXPECT_TRUE(Shows(*d, "Going back to the start in 5 seconds"));
  d->Advance(5'000);
  EXPECT_EQ(d->screen(), "welcome");
  EXPECT_EQ(d->app().context().language(), Language::kZh);
  EXPECT_FALSE(d->app().context().large_text());
}

TEST(KioskBehaviourTest, TheWelcomeScreenNeverAsks) {
  KioskFixture fixture;
  PrepareKiosk(fixture);
  auto d = StartKiosk(fixture);
  ASSERT_TRUE(d);
  d->Advance(5 * kMsPerMinute);
  EXPECT_FALSE(d->app().idle_prompt_showing());
  EXPECT_EQ(d->screen(), "welcome");
}

TEST(KioskBehaviourTest, QuitRequestsLeaveItRunning) {
  KioskFixture fixture;
  PrepareKiosk(fixture);
  auto d = StartKiosk(fixture);
  ASSERT_TRUE(d);
  ASSERT_TRUE(d->TapLabel("请轻触屏幕开始"));
  SDL_Event quit{};
  quit.type = SDL_QUIT;
  d->Send(quit);
  SDL_Event close{};
  close.type = SDL_WINDOWEVENT;
  close.window.event = SDL_WINDOWEVENT_CLOSE;
  d->Send(close);
  SDL_Event alt_f4{};
  alt_f4.type = SDL_KEYDOWN;
  alt_f4.key.keysym.sym = SDLK_F4;
  alt_f4.key.keysym.mod = KMOD_LALT;
  d->Send(alt_f4);
  SDL_Event escape{};
  escape.type = SDL_KEYDOWN;
  escape.key.keysym.sym = SDLK_ESCAPE;
  d->Send(escape);
  // And through SDL's own queue, as the window manager's requests arrive.
  SDL_PushEvent(&quit);
  SDL_PushEvent(&close);
  SDL_PushEvent(&alt_f4);
  d->Settle();
  EXPECT_FALSE(d->app().exit_requested());
  EXPECT_EQ(d->screen(), "home");
  d->app().RequestExit();
  EXPECT_TRUE(d->app().exit_requested()) << "the one way out (staff mode)";
}

TEST(KioskBehaviourTest, StaffCardsAndTheCornerHoldReachTheStaffGate) {
  KioskFixture fixture;
  PrepareKiosk(fixture, kUiTestNow, "[staff]\ncard_ids = [\"STAFF-0001\"]\ngesture_corner = \"top-left\"\ngesture_seconds = 3\n");
  auto d = StartKiosk(fixture);
  ASSERT_TRUE(d);
  std::vector<ui::StaffEntry> entries;
  d->app().SetStaffGate([&](ui::UiContext&, ui::StaffEntry entry) { entries.push_back(entry); });
  d->Type("STAFF-0001", 4, true);
  ASSERT_EQ(entries, std::vector<ui::StaffEntry>{ui::StaffEntry::kStaffCard});
  EXPECT_EQ(d->screen(), "welcome") << "a staff card is not a learner";

  SDL_Event press{};
  press.type = SDL_MOUSEBUTTONDOWN;
  press.button.button = SDL_BUTTON_LEFT;
  press.button.x = 10, press.button.y = 10;
  d->Send(press);
  d->Advance(2'000);
  EXPECT_EQ(entries.size(), 1u);
  d->Advance(1'000);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[1], ui::StaffEntry::kCornerHold);
  SDL_Event release = press;
  release.type = SDL_MOUSEBUTTONUP;
  d->Send(release);
  EXPECT_EQ(d->screen(), "welcome") << "the hold does not also tap what is under the finger";
}

TEST(KioskBehaviourTest, ABadConfigurationIsShownAndNothingCanBeCheckedIn) {
  KioskFixture fixture;
  PrepareKiosk(fixture, kUiTestNow, "[display]\nidle_prompt_seconds = \"soon\"\n");
  auto d = StartKiosk(fixture);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->screen(), "config-error");
  EXPECT_FALSE(d->app().context().checkin().available());
  EXPECT_TRUE(Shows(*d, "本机设置有误，暂时不能签到"));
  EXPECT_TRUE(Shows(*d, "This kiosk is not set up correctly, so check-in is not possible"));
  EXPECT_TRUE(Shows(*d, "idle_prompt_seconds"));
  d->Type("20241234", 4, true);
  d->TapAt(960, 540);
  EXPECT_TRUE(TodaysRecords(fixture).empty());
}

TEST(KioskBehaviourTest, ACatalogueChangedBySyncAppearsWithoutRestartWithItsNewCharacters) {
  KioskFixture fixture;
  PrepareKiosk(fixture);
  auto d = StartKiosk(fixture);
  ASSERT_TRUE(d);
  const char32_t kRare = U'龘';  // not in GB2312
  ASSERT_FALSE(d->app().fonts().shown().of(ui::FontRole::kBody).Contains(kRare));
  {
    auto store = KioskStore::Open(fixture.data_dir());
    ASSERT_TRUE(store.ok());
    auto catalog = LoadCatalogFile(DemoCatalogPath(), kUiTestNow);
    ASSERT_TRUE(catalog.ok());
    catalog->version = "demo-2";
    for (Course& c : catalog->courses) {
      if (c.id == "c-taichi-24") c.title.zh = "二十四式太极拳（龘）";
    }
    ASSERT_TRUE(CatalogStore(store->db()).Replace(*catalog, kUiTestNow + 1).ok());
  }
  d->app().worker()->Poke();
  d->Settle();
  EXPECT_TRUE(d->app().fonts().shown().of(ui::FontRole::kBody).Contains(kRare));
  EXPECT_NE(d->app().fonts().Get(ui::FontRole::kBody)->FindGlyphNoFallback(ImWchar(kRare)), nullptr);
  ASSERT_TRUE(d->TapLabel("请轻触屏幕开始"));
  ASSERT_TRUE(d->TapLabel("太极拳与养生操"));
  EXPECT_NE(d->widgets().FindByLabel("二十四式太极拳（龘）"), nullptr);
}

TEST(KioskBehaviourTest, TheUploadIndicatorIsCalm) {
  KioskFixture fixture;
  PrepareKiosk(fixture);
  auto d = StartKiosk(fixture);
  ASSERT_TRUE(d);
  ASSERT_NO_FATAL_FAILURE(OpenKeypadWithId(*d, "20240001"));
  EXPECT_FALSE(Shows(*d, "待上传")) << "nothing to say yet";
  ASSERT_TRUE(d->TapLabel("确认签到"));
  EXPECT_EQ(d->app().context().sync_status().pending, 1) << "the store worker counts the outbox";
  // The sync worker's part: the connection, posted from its thread as it does.
  SyncStatus status;
  status.enrolled = true;
  status.pending = 1;
  std::thread([&] { d->app().PostSyncStatus(status); }).join();
  d->Settle();
  EXPECT_TRUE(Shows(*d, "离线，1 条待上传"));
  status.online = true;
  std::thread([&] { d->app().PostSyncStatus(status); }).join();
  d->Settle();
  EXPECT_TRUE(Shows(*d, "在线，1 条待上传"));
}

}  // namespace
}  // namespace lk::testing
