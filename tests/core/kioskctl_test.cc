// kioskctl as operators and staff use it: the real binary over a real data directory.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/testing/test_util.h"

namespace lk {
namespace {

using testing::RunProcess;

class KioskctlTest : public ::testing::Test {
 protected:
  testing::ProcessResult Run(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), {testing::BinaryPath("kioskctl"), "--data-dir", dir_.path()});
    return RunProcess(args, input, fake_now_.empty() ? std::vector<std::string>{} : std::vector{"LK_FAKE_NOW=" + fake_now_});
  }
  void ImportDemo() {
    auto r = Run({"import-catalog", testing::DemoCatalogPath()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  std::string OpenSessionId() {
    auto r = Run({"sessions", "--open", "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    auto sessions = nlohmann::json::parse(r.out);
    EXPECT_FALSE(sessions.empty()) << "the demo catalogue always has a session open now";
    return sessions.empty() ? "" : sessions[0]["id"].get<std::string>();
  }
  testing::TempDir dir_;
  std::string fake_now_;  // RFC 3339: every kioskctl run's "now" (env.h), when set
};

TEST_F(KioskctlTest, CheckInTwiceLeavesOneRecordListedInTheRosterWithLocalTime) {
  ImportDemo();
  std::string session = OpenSessionId();
  auto first = Run({"checkin", "--learner", "BJ20260001", "--session", session});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  std::string id = first.out.substr(0, first.out.find('\n'));
  auto second = Run({"checkin", "--learner", "BJ20260001", "--session", session});
  EXPECT_EQ(second.exit_code, 0);
  EXPECT_EQ(second.out.substr(0, second.out.find('\n')), id);
  EXPECT_NE(second.err.find("already checked in"), std::string::npos) << second.err;

  auto csv = Run({"roster", "--format", "csv"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  int rows = 0;
  for (size_t pos = 0; (pos = csv.out.find("BJ20260001", pos)) != std::string::npos; ++pos) ++rows;
  EXPECT_EQ(rows, 1) << csv.out;
  EXPECT_NE(csv.out.find(id), std::string::npos);

  // The roster's check-in time is the local (Asia/Shanghai) wall time, as `sessions` prints it.
  auto json = nlohmann::json::parse(Run({"roster", "--format", "json"}).out);
  ASSERT_EQ(json.size(), 1u);
  EXPECT_NE(json[0]["checked_in_at"].get<std::string>().find("+08:00"), std::string::npos);

  auto status = nlohmann::json::parse(Run({"status", "--json"}).out);
  EXPECT_EQ(status["pending"], 1);
}

TEST_F(KioskctlTest, ImportingACatalogueWithCharactersAKioskCannotShowWarnsWithTheCourse) {
  nlohmann::json catalog = nlohmann::json::parse(testing::ReadFile(testing::DemoCatalogPath()));
  nlohmann::json& course = catalog["courses"][0];
  course["title"]["zh"] = "𠮷祥太极";
  const std::string file = dir_.File("rare.json");
  testing::WriteFile(file, catalog.dump());
  auto r = Run({"import-catalog", file});
  ASSERT_EQ(r.exit_code, 0) << r.err << "a warning, not an error: the rest of the title shows";
  EXPECT_NE(r.err.find("kioskctl: warning: " + file + ": course " + course["id"].get<std::string>() +
                       ": title has 1 character a kiosk cannot show (𠮷), drawn as □"),
            std::string::npos)
      << r.err;
  ImportDemo();  // the demo catalogue has nothing to warn of
  EXPECT_EQ(Run({"import-catalog", testing::DemoCatalogPath()}).err.find("warning"), std::string::npos);
}

TEST_F(KioskctlTest, ErrorsAreOneClearLineAndNonZero) {
  ImportDemo();
  std::string session = OpenSessionId();
  struct Case {
    std::vector<std::string> args;
    std::string expected;
  } cases[] = {
      {{"checkin", "--learner", "12", "--session", session}, "learner id '12' is not valid"},
      {{"checkin", "--learner", "BJ20260001", "--session", "no-such-session"}, "no session 'no-such-session'"},
      {{"import-catalog", "/nonexistent.json"}, "cannot read catalogue file /nonexistent.json"},
      {{"roster", "--date", "2026-02-30"}, "is not a date"},
  };
  for (const auto& c : cases) {
    auto r = Run(c.args);
    EXPECT_NE(r.exit_code, 0) << c.expected;
    EXPECT_NE(r.err.find(c.expected), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
}

TEST_F(KioskctlTest, SessionNotOpenYetIsRefused) {
  // Early in the day, so the demo's sessions 90 minutes and 10 hours after loading are later today.
  fake_now_ = "2026-03-10T08:00:00+08:00";
  ImportDemo();
  auto all = nlohmann::json::parse(Run({"sessions", "--json"}).out);
  std::string later;
  for (const auto& s : all) {
    if (s["state"] == "not-open-yet") later = s["id"];
  }
  ASSERT_FALSE(later.empty()) << all.dump();
  auto r = Run({"checkin", "--learner", "BJ20260001", "--session", later});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("not open yet"), std::string::npos) << r.err;
}

TEST_F(KioskctlTest, CheckConfigAcceptsTheExampleAndNamesTheBrokenKey) {
  auto ok = Run({"--config", testing::SourcePath("config/kiosk.example.toml"), "check-config"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  std::string broken = dir_.File("broken.toml");
  testing::WriteFile(broken, "[display]\nidle_prompt_seconds = \"soon\"\n");
  auto bad = Run({"--config", broken, "check-config"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find(broken + ": display.idle_prompt_seconds: expected an integer"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace lk
