// A void made in staff mode reaches the hub like any other record and the hub's report counts the
// voided check-in out: a real learning-hub process, a kiosk enrolled with it through kioskctl, staff
// mode driven in the real app (UiDriver) on the kiosk's data directory, the sync client (kioskctl sync).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "kiosk/app/ui_driver.h"
#include "kiosk/core/clock.h"
#include "kiosk/core/kiosk_store.h"
#include "kiosk/core/staff/staff_auth.h"
#include "kiosk/core/time_zone.h"
#include "tests/sync/sync_test_env.h"
#include "tests/ui/ui_test_util.h"

namespace lk::testing {
namespace {

using nlohmann::json;

TEST(StaffHubTest, AVoidFromStaffModeIsCountedOutInTheHubsReport) {
  SyncTestEnv env;
  env.SetUpHub({"--rate", "0"});
  env.EnrollKiosk();
  ProcessResult pulled = env.Kioskctl({"sync", "--once"});
  ASSERT_EQ(pulled.exit_code, 0) << pulled.err << pulled.out;
  const std::string session = env.SessionToday();
  const std::vector<std::string> ids = env.AddCheckIns(2, session, "BJ2026");
  {
    auto store = KioskStore::Open(env.kiosk_dir());
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE(StaffAuth(store->db(), {}).SetPin("4826", "test", NowMs()).ok());
  }

  // Staff void the first check-in in the app.
  {
    ui::AppOptions options;
    options.config_path = env.config_path();
    options.config_path_given = true;
    options.data_dir = env.kiosk_dir();
    options.language = Language::kEn;
    auto started = ui::UiDriver::Start(options, NowMs());
    ASSERT_TRUE(started.ok()) << started.status().ToString();
    ui::UiDriver& d = **started;
    d.app().context().RequestStaffMode(ui::StaffEntry::kStaffCard);
    d.Settle();
    for (char c : std::string("4826")) ASSERT_TRUE(d.TapId(std::string("staff/pin/key/") + c));
    ASSERT_TRUE(d.TapId("staff/pin/submit"));
    ASSERT_EQ(d.screen(), "staff-today");
    ASSERT_TRUE(d.TapId("staff/session/" + session));
    ASSERT_TRUE(d.TapId("staff/roster/void/" + ids[0]));
    ASSERT_TRUE(d.TapLabel("Wrong card"));
    ASSERT_TRUE(d.TapId("staff/void/submit"));
    ASSERT_TRUE(Shows(d, "Voided: 用错了卡 / Wrong card"));
  }

  ProcessResult pushed = env.Kioskctl({"sync", "--once"});
  ASSERT_EQ(pushed.exit_code, 0) << pushed.err << pushed.out;
  EXPECT_EQ(env.KioskPending(), 0);
  EXPECT_EQ(env.HubRecordIds().size(), 3u) << "two check-ins and the void";

  auto zone = TimeZone::Load("Asia/Shanghai");
  const std::string today = zone->DateOf(NowMs()).ToString();
  ProcessResult summary =
      env.HubCli({"report", "--center", SyncTestEnv::kCentre, "--date", today, "--summary", "--format", "json"});
  ASSERT_EQ(summary.exit_code, 0) << summary.err;
  bool found = false;
  for (const json& row : json::parse(summary.out)) {
    if (row.at("session_id") != session) continue;
    found = true;
    EXPECT_EQ(row.at("checkins"), 1) << "the voided check-in is counted out";
    EXPECT_EQ(row.at("voided"), 1);
  }
  EXPECT_TRUE(found) << summary.out;

  ProcessResult rows = env.HubCli({"report", "--center", SyncTestEnv::kCentre, "--date", today, "--format", "json"});
  ASSERT_EQ(rows.exit_code, 0) << rows.err;
  bool void_row = false;
  for (const json& row : json::parse(rows.out)) {
    if (row.at("kind") == "void" && row.at("refers_to") == ids[0]) {
      void_row = true;
      EXPECT_EQ(row.at("reason"), "用错了卡 / Wrong card");
    }
  }
  EXPECT_TRUE(void_row) << rows.out;
}

}  // namespace
}  // namespace lk::testing
