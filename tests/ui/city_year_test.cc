// The confirmation's city-wide year (the Credit Bank) with a real learning-hub on 127.0.0.1: the App runs
// frame by frame (UiDriver) on an enrolled kiosk data directory, wired to the real SyncWorker the way
// learning-kiosk is (kiosk/app/sync_link.h). A learner who checked in at a second centre sees the hub's
// total; with the hub stopped, or 5 s slow behind the fault proxy, the confirmation shows the local figure
// at once and the offline line within the budget, and frames keep coming meanwhile.
#include <chrono>
#include <filesystem>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "kiosk/app/sync_link.h"
#include "kiosk/core/clock.h"
#include "kiosk/core/device_state.h"
#include "kiosk/core/kiosk_store.h"
#include "kiosk/core/staff/staff_auth.h"
#include "tests/sync/fault_proxy.h"
#include "tests/sync/sync_test_env.h"
#include "tests/ui/ui_test_util.h"

namespace lk::testing {
namespace {

using json = nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

constexpr const char* kLearner = "20241234";
constexpr const char* kOtherCentre = "bj-xicheng-xcm";
constexpr const char* kPublicUrl = "http://credit.example.cn";  // where phones would reach the hub

double MsSince(SteadyClock::time_point t) {
  return std::chrono::duration<double, std::milli>(SteadyClock::now() - t).count();
}

// The credit hours of `course_id` in the demo catalogue.
double DemoCourseHours(const std::string& course_id) {
  json catalog = json::parse(ReadFile(DemoCatalogPath()));
  for (const json& c : catalog.at("courses")) {
    if (c.at("id") == course_id) return c.at("credit_hours").get<double>();
  }
  ADD_FAILURE() << "no course " << course_id;
  return 0;
}

class CityYearTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(LK_UI_ARTIFACTS);
    env_.SetUpHub({"--public-url", kPublicUrl});
  }
  void TearDown() override {
    if (sync_) sync_->Stop();  // before the App it posts to
    sync_.reset();
    driver_.reset();
  }

  // The learner attends a class at a second centre, through that centre's own kiosk (kioskctl).
  void AttendAtOtherCentre() {
    auto require = [](const ProcessResult& r, const std::string& what) {
      ASSERT_EQ(r.exit_code, 0) << what << ": " << r.err << r.out;
    };
    require(env_.HubCli({"center", "add", "--id", kOtherCentre, "--name", "西长安街社区学习中心", "--name-en", "Xichang"}),
            "center add");
    json catalog = json::parse(ReadFile(DemoCatalogPath()));
    catalog["centre"]["id"] = kOtherCentre;
    for (json& s : catalog["sessions"]) s["id"] = "xc-" + s["id"].get<std::string>();
    const std::string file = env_.dir().File("xicheng.json");
    WriteFile(file, catalog.dump());
    require(env_.HubCli({"import-catalog", "--center", kOtherCentre, file}), "import-catalog");
    ProcessResult code = env_.HubCli({"enroll-code", "--center", kOtherCentre});
    require(code, "enroll-code");
    const std::vector<std::string> kiosk = {BinaryPath("kioskctl"), "--data-dir", env_.dir().File("xicheng"),
                                            "--config", env_.config_path()};
    auto run = [&](std::vector<std::string> args) {
      args.insert(args.begin(), kiosk.begin(), kiosk.end());
      return RunProcess(args);
    };
    require(run({"enroll", "--hub", env_.hub_url(), "--code", Trim(code.out), "--name", "xicheng"}), "enroll");
    require(run({"sync"}), "first sync");
    require(run({"checkin", "--learner", kLearner, "--session", "xc-s-calligraphy-kaishu-1"}), "checkin");
    require(run({"sync"}), "sync");
  }

  // Enrols this centre's kiosk (at `url`, default the hub), pulls its catalogue and starts the App and its
  // sync worker on it at the real time (the hub's catalogue is laid out around it).
  void StartKiosk(const std::string& url = "", bool large_text = false) {
    env_.EnrollKiosk(url);
    ProcessResult pulled = env_.Kioskctl({"sync"});
    ASSERT_EQ(pulled.exit_code, 0) << pulled.err << pulled.out;
    options_.config_path = env_.config_path();
    options_.config_path_given = true;
    options_.data_dir = env_.kiosk_dir();
    options_.language = Language::kZh;
    options_.large_text = large_text;
    auto driver = ui::UiDriver::Start(options_, NowMs());
    ASSERT_TRUE(driver.ok()) << driver.status().ToString();
    driver_ = std::move(driver).value();
    sync_ = ui::StartSync(options_, driver_->app());
    ASSERT_TRUE(sync_) << "the kiosk is enrolled: the sync worker starts";
  }

  // Welcome -> 太极拳与养生操 -> 二十四式太极拳 -> 签到, the card number, 确认签到: the confirmation.
  void CheckIn() {
    ui::UiDriver& d = *driver_;
    ASSERT_TRUE(d.TapLabel("请轻触屏幕开始"));
    ASSERT_TRUE(d.TapId("home/category/taichi"));
    ASSERT_TRUE(d.TapLabel("二十四式太极拳"));
    ASSERT_EQ(d.screen(), "course");
    ASSERT_TRUE(d.TapId("course/checkin"));
    ASSERT_EQ(d.screen(), "checkin");
    for (char c : std::string(kLearner)) ASSERT_TRUE(d.TapId("checkin/key/" + std::string(1, c))) << c;
    const auto tapped = SteadyClock::now();
    ASSERT_TRUE(d.TapId("checkin/submit"));
    submit_ms_ = MsSince(tapped);
    ASSERT_EQ(d.screen(), "confirmation");
  }

  const ui::Receipt& receipt() { return *driver_->app().context().flow().receipt; }

  // Runs frames (each one timed) until the hub's answer, or its absence, is on the receipt.
  ui::CityYearState AwaitCityYear(int timeout_ms = 5000) {
    ui::App& app = driver_->app();
    const auto start = SteadyClock::now();
    while (MsSince(start) < timeout_ms) {
      const auto frame = SteadyClock::now();
      app.RequestFrames(1);
      app.Step(/*wait=*/false);
      longest_frame_ms_ = std::max(longest_frame_ms_, MsSince(frame));
      ++frames_;
      if (!app.context().flow().receipt) return ui::CityYearState::kNotAsked;
      if (receipt().city_state != ui::CityYearState::kAsking) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));  // a 100 Hz screen, not a guess
    }
    answered_ms_ = MsSince(start);
    driver_->Settle();
    return app.context().flow().receipt ? receipt().city_state : ui::CityYearState::kNotAsked;
  }

  void Capture(const std::string& name) {
    CheckFrame(*driver_, name);
    Status written = driver_->Screenshot(std::string(LK_UI_ARTIFACTS) + "/" + name + ".png");
    EXPECT_TRUE(written.ok()) << written.ToString();
  }

  SyncTestEnv env_;
  ui::AppOptions options_;
  std::unique_ptr<ui::UiDriver> driver_;
  std::unique_ptr<sync::SyncWorker> sync_;
  double submit_ms_ = 0, answered_ms_ = 0, longest_frame_ms_ = 0;
  int frames_ = 0;
};

TEST_F(CityYearTest, ALearnerOfTwoCentresSeesTheHubsYearTotal) {
  ASSERT_NO_FATAL_FAILURE(AttendAtOtherCentre());
  ASSERT_NO_FATAL_FAILURE(StartKiosk());
  ASSERT_NO_FATAL_FAILURE(CheckIn());
  // At once: the local figure, and the question to the hub under way (a hub on loopback may have answered
  // within the frames the tap settled over).
  EXPECT_TRUE(Shows(*driver_, "今年您在本机签到 1 次，共 1.5 学时"));
  EXPECT_NE(receipt().city_state, ui::CityYearState::kNotAsked);

  ASSERT_EQ(AwaitCityYear(), ui::CityYearState::kAnswered);
  EXPECT_LT(answered_ms_, 1800) << "the hub's answer within the 1.5 s budget";
  const double hours = DemoCourseHours("c-taichi-24") + DemoCourseHours("c-calligraphy-kaishu");
  ASSERT_TRUE(receipt().city);
  EXPECT_EQ(receipt().city->check_ins, 2) << "this check-in (pushed first) and the other centre's";
  EXPECT_DOUBLE_EQ(receipt().city->credit_hours, hours);
  EXPECT_EQ(receipt().city->centres, 2);
  ui::UiContext& ctx = driver_->app().context();
  EXPECT_TRUE(Shows(*driver_, "今年您在全市 2 个学习中心签到 2 次，共 " + ctx.Hours(hours) + " 学时"));
  EXPECT_TRUE(Shows(*driver_, "学分银行记录，截至 " + ctx.Clock(receipt().city->as_of)));
  EXPECT_TRUE(Shows(*driver_, "今年您在本机签到 1 次")) << "the local figure stays";
  Capture("zh-standard-confirmation-hub-online");

  // The QR code on the screen is the record link; the link opens this year's hours on the hub.
  const std::string& url = receipt().city->record_url;
  ASSERT_EQ(url.rfind(std::string(kPublicUrl) + "/me/", 0), 0u) << url;
  ProcessResult scanned = RunProcess({"/usr/bin/zbarimg", "--raw", "-q", std::string(LK_UI_ARTIFACTS) +
                                                                     "/zh-standard-confirmation-hub-online.png"});
  ASSERT_EQ(scanned.exit_code, 0) << scanned.err;
  EXPECT_EQ(Trim(scanned.out), url);
  httplib::Client hub(env_.hub()->host(), env_.hub()->port());
  auto page = hub.Get(url.substr(std::string(kPublicUrl).size()));
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200) << page->body;
  EXPECT_NE(page->body.find("id=\"year-hours\">" + ctx.Hours(hours) + " 学时"), std::string::npos) << page->body;
  EXPECT_NE(page->body.find("二十四式太极拳"), std::string::npos);
  EXPECT_NE(page->body.find("西长安街社区学习中心"), std::string::npos);

  ctx.SetLanguage(Language::kEn);
  driver_->app().RequestFrames();
  driver_->Settle();
  EXPECT_TRUE(Shows(*driver_, "This year across the city: 2 check-ins, " + ctx.Hours(hours) + " hours (centres: 2)"));
  Capture("en-standard-confirmation-hub-online");

  // Done: the resident has gone, and the hub's answer with them.
  ASSERT_TRUE(driver_->TapId("confirm/done"));
  EXPECT_FALSE(ctx.flow().receipt);
  EXPECT_FALSE(Shows(*driver_, "2 check-ins"));
}

TEST_F(CityYearTest, StaffSeeARostersLearnersCityYearOnRequestAuditedAndForgottenOnLeaving) {
  constexpr const char* kPin = "918273";
  ASSERT_NO_FATAL_FAILURE(AttendAtOtherCentre());
  ASSERT_NO_FATAL_FAILURE(StartKiosk());
  ASSERT_NO_FATAL_FAILURE(CheckIn());
  ASSERT_EQ(AwaitCityYear(), ui::CityYearState::kAnswered);
  const std::string record_id = receipt().result.record.id, session_id = receipt().result.session.id;
  ASSERT_TRUE(driver_->TapId("confirm/done"));
  {
    auto store = KioskStore::Open(env_.kiosk_dir());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ASSERT_TRUE(StaffAuth(store->db(), {}).SetPin(kPin, "test", NowMs()).ok());
  }
  // The corner hold (the configured top-left, 3 s), the PIN, the session's roster.
  ui::UiDriver& d = *driver_;
  SDL_Event press{};
  press.type = SDL_MOUSEBUTTONDOWN;
  press.button.button = SDL_BUTTON_LEFT;
  press.button.x = 8, press.button.y = 8;
  d.Send(press);
  d.Advance(3'000);
  SDL_Event release = press;
  release.type = SDL_MOUSEBUTTONUP;
  d.Send(release);
  ASSERT_EQ(d.screen(), "staff-pin");
  for (char c : std::string(kPin)) ASSERT_TRUE(d.TapId(std::string("staff/pin/key/") + c)) << c;
  ASSERT_TRUE(d.TapId("staff/pin/submit"));
  ASSERT_EQ(d.screen(), "staff-today");
  ASSERT_TRUE(d.TapId("staff/session/" + session_id));
  ASSERT_EQ(d.screen(), "staff-roster");
  EXPECT_FALSE(Shows(d, "全市今年")) << "nothing of the learner's year until staff ask";

  ASSERT_TRUE(d.TapId("staff/roster/city/" + record_id));
  ui::DayRoster& roster = d.app().context().staff()->day;
  const auto asked = SteadyClock::now();
  while (roster.city_year(record_id) && roster.city_year(record_id)->asking && MsSince(asked) < 5000) {
    d.app().RequestFrames(1);
    d.app().Step(/*wait=*/false);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  d.Settle();
  ASSERT_NE(roster.city_year(record_id), nullptr);
  ASSERT_TRUE(roster.city_year(record_id)->year) << "the hub answered";
  const double hours = DemoCourseHours("c-taichi-24") + DemoCourseHours("c-calligraphy-kaishu");
  ui::UiContext& ctx = d.app().context();
  EXPECT_TRUE(Shows(d, "全市今年 2 次，" + ctx.Hours(hours) + " 学时，2 个中心"));
  Capture("zh-standard-staff-roster-city-year");
  {
    auto store = KioskStore::Open(env_.kiosk_dir());
    ASSERT_TRUE(store.ok());
    auto audit = AuditLog(store->db()).Recent(100);
    ASSERT_TRUE(audit.ok());
    int asked_for = 0;
    for (const AuditEntry& e : *audit) asked_for += e.action == "staff.city_year" && e.detail == "record " + record_id;
    EXPECT_EQ(asked_for, 1);
  }

  ASSERT_TRUE(d.TapId("staff/back"));
  ASSERT_EQ(d.screen(), "staff-today");
  ASSERT_TRUE(d.TapId("staff/lock"));
  EXPECT_EQ(roster.city_year(record_id), nullptr) << "leaving staff mode forgets the answer";
}

TEST_F(CityYearTest, TheIdleResetForgetsTheAnswer) {
  ASSERT_NO_FATAL_FAILURE(StartKiosk());
  ASSERT_NO_FATAL_FAILURE(CheckIn());
  ASSERT_EQ(AwaitCityYear(), ui::CityYearState::kAnswered);
  EXPECT_EQ(receipt().city->check_ins, 1);
  driver_->Advance(5 * 60'000);  // nobody touches the screen: the kiosk resets for the next resident
  EXPECT_EQ(driver_->screen(), "welcome");
  EXPECT_FALSE(driver_->app().context().flow().receipt);
}

TEST_F(CityYearTest, WithTheHubStoppedTheConfirmationSaysTheHoursWillBeCredited) {
  ASSERT_NO_FATAL_FAILURE(StartKiosk());
  env_.StopHub();
  ASSERT_NO_FATAL_FAILURE(CheckIn());
  EXPECT_LT(submit_ms_, 1000) << "the check-in never waits for the hub";
  EXPECT_TRUE(Shows(*driver_, "今年您在本机签到 1 次，共 1.5 学时"));
  ASSERT_EQ(AwaitCityYear(), ui::CityYearState::kUnavailable);
  EXPECT_LT(answered_ms_, 1800);
  EXPECT_TRUE(Shows(*driver_, "本机联网后，这次的学时会记入学分银行。"));
  EXPECT_TRUE(Shows(*driver_, "今年您在本机签到 1 次，共 1.5 学时"));
  Capture("zh-standard-confirmation-hub-offline");
  driver_->app().context().SetLanguage(Language::kEn);
  driver_->app().RequestFrames();
  driver_->Settle();
  EXPECT_TRUE(Shows(*driver_, "Today's hours will be credited to the Credit Bank once this kiosk is online."));
  Capture("en-standard-confirmation-hub-offline");
}

TEST_F(CityYearTest, ASlowHubGetsTheLocalFigureAndTheOfflineLineWhileFramesKeepComing) {
  FaultProxy proxy("127.0.0.1", env_.hub()->port());
  KioskSyncConfig config;
  config.hub_url = proxy.url();
  env_.WriteKioskConfig(config);
  ASSERT_NO_FATAL_FAILURE(StartKiosk(proxy.url(), /*large_text=*/true));
  proxy.SetPlan({.mode = FaultMode::kDelay, .delay_ms = 5000});
  ASSERT_NO_FATAL_FAILURE(CheckIn());
  EXPECT_LT(submit_ms_, 1000);
  EXPECT_TRUE(Shows(*driver_, "今年您在本机签到 1 次，共 1.5 学时"));
  EXPECT_TRUE(Shows(*driver_, "正在查询您今年在全市的学时")) << "asking, calmly";
  ASSERT_EQ(AwaitCityYear(), ui::CityYearState::kUnavailable);
  EXPECT_LT(answered_ms_, 2000) << "the offline line once the 1.5 s budget is spent, not after the hub's 5 s";
  EXPECT_GT(proxy.faults(), 0) << "the hub's answers were held back";
  EXPECT_GE(frames_, 20) << "frames kept coming while the kiosk waited for the hub";
  EXPECT_LT(longest_frame_ms_, 500) << "no frame waited for the hub";
  EXPECT_TRUE(Shows(*driver_, "本机联网后，这次的学时会记入学分银行。"));
  Capture("zh-large-confirmation-hub-slow");
  std::cout << "slow hub: offline line after " << answered_ms_ << " ms, " << frames_ << " frames, longest "
            << longest_frame_ms_ << " ms\n";
}

}  // namespace
}  // namespace lk::testing
