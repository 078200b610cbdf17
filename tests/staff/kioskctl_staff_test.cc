// kioskctl's staff commands as staff and operators use them: the real binary over a real data directory.
#include <gtest/gtest.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "kiosk/core/device_state.h"
#include "kiosk/core/kiosk_store.h"
#include "tests/staff/staff_test_util.h"

namespace lk {
namespace {

using staff_test::FilesContaining;
using staff_test::Utf16;
using testing::RunProcess;

class KioskctlStaffTest : public ::testing::Test {
 protected:
  testing::ProcessResult Run(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), {testing::BinaryPath("kioskctl"), "--data-dir", dir_.path()});
    return RunProcess(args, input);
  }
  std::string FirstLine(const std::string& text) { return text.substr(0, text.find('\n')); }
  // Today's first session (the demo catalogue has sessions every day).
  std::string TodaysSession() {
    auto r = Run({"import-catalog", testing::DemoCatalogPath()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    auto sessions = nlohmann::json::parse(Run({"sessions", "--json"}).out);
    EXPECT_FALSE(sessions.empty());
    return sessions.empty() ? "" : sessions[0]["id"].get<std::string>();
  }
  std::vector<AuditEntry> Audit() {
    auto store = KioskStore::Open(dir_.path());
    EXPECT_TRUE(store.ok());
    auto entries = AuditLog(store->db()).Recent(100);
    return entries.ok() ? *entries : std::vector<AuditEntry>{};
  }
  testing::TempDir dir_, out_;
};

TEST_F(KioskctlStaffTest, SetStaffPinReadsStdinAndLeavesOnlyTheHashOnDisk) {
  auto r = Run({"set-staff-pin"}, "918273\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "staff PIN set\n");
  EXPECT_EQ(r.out.find("918273") + r.err.find("918273"), 2 * std::string::npos);
  EXPECT_FALSE(FilesContaining(dir_.path(), "$argon2id$").empty());
  for (const std::string& needle : {std::string("918273"), Utf16("918273", true), Utf16("918273", false)}) {
    EXPECT_EQ(FilesContaining(dir_.path(), needle), std::vector<std::string>{});
  }
  auto audit = Audit();
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit[0].action, "staff.pin_set");
  EXPECT_EQ(audit[0].actor, "kioskctl");
}

TEST_F(KioskctlStaffTest, SetStaffPinRefusesBadPinsAndNeverTakesOneFromTheCommandLine) {
  for (const char* bad : {"12\n", "12ab56\n", "\n", "1234567890123\n",
                          "9999999999999999999999999999999999999999999999999999999999999999999\n"}) {
    auto r = Run({"set-staff-pin"}, bad);
    EXPECT_EQ(r.exit_code, 1) << bad;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  auto argv_pin = Run({"set-staff-pin", "1234"});
  EXPECT_EQ(argv_pin.exit_code, 2) << "a PIN on the command line would be visible in ps and shell history";
  auto option_pin = Run({"set-staff-pin", "--pin", "1234"});
  EXPECT_EQ(option_pin.exit_code, 2);
  // A Windows line end is accepted.
  EXPECT_EQ(Run({"set-staff-pin"}, "4321\r\n").exit_code, 0);
}

// Runs `kioskctl set-staff-pin` on a pseudo-terminal, answering each prompt with the next of `answers`;
// returns the exit code and everything the terminal showed.
std::pair<int, std::string> SetPinOnTerminal(const std::string& data_dir, const std::vector<std::string>& answers) {
  int master = -1;
  pid_t child = forkpty(&master, nullptr, nullptr, nullptr);
  if (child == 0) {
    std::string binary = testing::BinaryPath("kioskctl");
    execl(binary.c_str(), binary.c_str(), "--data-dir", data_dir.c_str(), "set-staff-pin", nullptr);
    _exit(127);
  }
  std::string screen;
  size_t answered = 0;
  char buf[256];
  while (true) {
    ssize_t n = read(master, buf, sizeof buf);
    if (n <= 0) break;  // EIO once the child has exited
    screen.append(buf, size_t(n));
    size_t prompts = 0;
    for (size_t pos = 0; (pos = screen.find(": ", pos)) != std::string::npos; pos += 2) ++prompts;
    if (answered < answers.size() && prompts > answered) {
      std::string line = answers[answered++] + "\n";
      if (write(master, line.data(), line.size()) != ssize_t(line.size())) break;
    }
  }
  close(master);
  int status = 0;
  waitpid(child, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, screen};
}

TEST_F(KioskctlStaffTest, OnATerminalThePinIsAskedTwiceWithoutEcho) {
  auto [code, screen] = SetPinOnTerminal(dir_.path(), {"918273", "918273"});
  EXPECT_EQ(code, 0) << screen;
  EXPECT_NE(screen.find("Repeat the PIN: "), std::string::npos) << screen;
  EXPECT_NE(screen.find("staff PIN set"), std::string::npos) << screen;
  EXPECT_EQ(screen.find("918273"), std::string::npos) << "echoed: " << screen;

  auto [differ, differ_screen] = SetPinOnTerminal(dir_.path(), {"1234", "1243"});
  EXPECT_EQ(differ, 1);
  EXPECT_NE(differ_screen.find("the two PINs differ"), std::string::npos) << differ_screen;
}

TEST_F(KioskctlStaffTest, AddCheckInAndVoidAreNewAuditedRecordsShownInTheRoster) {
  std::string session = TodaysSession();
  auto added = Run({"add-checkin", "--learner", "BJ20260077", "--session", session, "--reason", "forgot card"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  std::string added_id = FirstLine(added.out);
  auto voided = Run({"void", "--record", added_id, "--reason", "wrong session"});
  ASSERT_EQ(voided.exit_code, 0) << voided.err;
  std::string void_id = FirstLine(voided.out);
  EXPECT_NE(void_id, added_id);

  auto roster = nlohmann::json::parse(Run({"roster", "--format", "json"}).out);
  ASSERT_EQ(roster.size(), 1u);
  EXPECT_EQ(roster[0]["record_id"], added_id);
  EXPECT_EQ(roster[0]["kind"], "correction");
  EXPECT_EQ(roster[0]["voided"], true);
  EXPECT_EQ(roster[0]["void_reason"], "wrong session");
  auto status = nlohmann::json::parse(Run({"status", "--json"}).out);
  EXPECT_EQ(status["pending"], 2);

  auto audit = Audit();
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].action, "attendance.void");
  EXPECT_EQ(audit[1].action, "attendance.add");
  for (const auto& e : audit) EXPECT_EQ(e.actor, "kioskctl");

  auto twice = Run({"void", "--record", added_id, "--reason", "again"});
  EXPECT_EQ(twice.exit_code, 1);
  EXPECT_NE(twice.err.find("already voided"), std::string::npos) << twice.err;
  EXPECT_EQ(Run({"void", "--record", added_id}).exit_code, 2) << "a void needs --reason";
  auto unknown = Run({"add-checkin", "--learner", "BJ20260077", "--session", "no-such"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("no session 'no-such'"), std::string::npos);
}

TEST_F(KioskctlStaffTest, ExportWritesCsvWithBomAndChineseToAFileOrTheExportFolder) {
  std::string session = TodaysSession();
  ASSERT_EQ(Run({"add-checkin", "--learner", "BJ20260077", "--session", session}).exit_code, 0);
  auto sessions = nlohmann::json::parse(Run({"sessions", "--json"}).out);
  std::string title_zh = sessions[0]["title"]["zh"];
  std::string today = sessions[0]["start"].get<std::string>().substr(0, 10);

  std::string file = out_.File("day.csv");
  auto r = Run({"export", "--from", today, "--to", today, "--out", file});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(FirstLine(r.out), file);
  EXPECT_NE(r.err.find("exported 1 records"), std::string::npos) << r.err;
  std::string bytes = testing::ReadFile(file);
  ASSERT_GE(bytes.size(), 3u);
  EXPECT_EQ(bytes.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(bytes.find(title_zh), std::string::npos) << "the course's Chinese title, as UTF-8 bytes";
  EXPECT_NE(bytes.find("BJ20260077"), std::string::npos);

  auto in_dir = Run({"export", "--dir", out_.path()});
  ASSERT_EQ(in_dir.exit_code, 0) << in_dir.err;
  EXPECT_EQ(FirstLine(in_dir.out), out_.path() + "/attendance-bj-dongcheng-jdk-" + today + "_" + today + ".csv");
  EXPECT_EQ(testing::ReadFile(FirstLine(in_dir.out)), bytes);

  auto missing = Run({"export", "--dir", out_.File("no-stick")});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("is the USB stick plugged in?"), std::string::npos) << missing.err;
  EXPECT_EQ(std::count(missing.err.begin(), missing.err.end(), '\n'), 1);
  auto config_dir = out_.File("kiosk.toml");
  testing::WriteFile(config_dir, "[staff]\nexport_dir = \"" + out_.File("usb") + "\"\n");
  auto from_config = Run({"--config", config_dir, "export"});
  EXPECT_EQ(from_config.exit_code, 1);
  EXPECT_NE(from_config.err.find(out_.File("usb")), std::string::npos) << from_config.err;
  EXPECT_EQ(Run({"export", "--out", file, "--dir", out_.path()}).exit_code, 2);
  EXPECT_EQ(Run({"export", "--from", "2026-02-30"}).exit_code, 1);

  int exports = 0;
  for (const auto& e : Audit()) exports += e.action == "attendance.export";
  EXPECT_EQ(exports, 2);
}

}  // namespace
}  // namespace lk
