// The learning-kiosk binary: --demo --screenshot end to end, the command line, a bad config, SIGTERM.
#include <poll.h>
#include <signal.h>
#include <unistd.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>

#include "tests/ui/ui_test_util.h"

extern char** environ;

namespace lk::testing {
namespace {

const std::vector<std::string> kHeadless = {"SDL_VIDEODRIVER=dummy", "SDL_RENDER_DRIVER=software",
                                            "SDL_AUDIODRIVER=dummy"};

// Width and height from a PNG's IHDR, or {0, 0}.
std::pair<int, int> PngSize(const std::string& path) {
  std::string data = ReadFile(path);
  if (data.size() < 24 || data.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) return {0, 0};
  auto be32 = [&](size_t at) {
    return int((uint8_t(data[at]) << 24) | (uint8_t(data[at + 1]) << 16) | (uint8_t(data[at + 2]) << 8) | uint8_t(data[at + 3]));
  };
  return {be32(16), be32(20)};
}

TEST(LearningKioskTest, DemoScreenshotOfTheFirstSettledFrameThenExit) {
  TempDir dir;
  std::filesystem::create_directories(dir.File("tmp"));
  std::vector<std::string> env = kHeadless;
  env.push_back("TMPDIR=" + dir.File("tmp"));
  ProcessResult r = RunProcess({BinaryPath("learning-kiosk"), "--demo", "--windowed", "1920x1080", "--screenshot",
                                dir.File("home.png"), "--screen", "home", "--config", dir.File("none.toml")},
                               "", env);
  // The named config does not exist: that is a configuration error, shown on screen, and still a screenshot.
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("configuration error"), std::string::npos) << r.err;
  EXPECT_EQ(PngSize(dir.File("home.png")), std::make_pair(1920, 1080));

  WriteFile(dir.File("kiosk.toml"), "[kiosk]\nlanguage = \"en\"\n");
  r = RunProcess({BinaryPath("learning-kiosk"), "--demo", "--windowed", "1280x720", "--screenshot",
                  dir.File("welcome.png"), "--config", dir.File("kiosk.toml")},
                 "", env);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(PngSize(dir.File("welcome.png")), std::make_pair(1280, 720));
  EXPECT_TRUE(std::filesystem::is_empty(dir.File("tmp"))) << "the demo's data directory is removed at exit";
}

TEST(LearningKioskTest, CommandLine) {
  EXPECT_EQ(RunProcess({BinaryPath("learning-kiosk"), "--help"}).exit_code, 0);
  EXPECT_EQ(RunProcess({BinaryPath("learning-kiosk"), "--windowed", "big"}).exit_code, 2);
  EXPECT_EQ(RunProcess({BinaryPath("learning-kiosk"), "--lang", "fr"}).exit_code, 2);
  // A staff screen opened from the command line skips the PIN: only for a picture or the demo.
  ProcessResult staff = RunProcess({BinaryPath("learning-kiosk"), "--screen", "staff-today"});
  EXPECT_EQ(staff.exit_code, 2);
  EXPECT_NE(staff.err.find("needs --screenshot or --demo"), std::string::npos) << staff.err;
  TempDir dir;
  WriteFile(dir.File("kiosk.toml"), "");
  ProcessResult r = RunProcess({BinaryPath("learning-kiosk"), "--demo", "--screen", "nowhere", "--config",
                                dir.File("kiosk.toml"), "--windowed", "800x600"},
                               "", kHeadless);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("--screen: no screen 'nowhere'"), std::string::npos) << r.err;
}

TEST(LearningKioskTest, SigtermEndsItCleanly) {
  TempDir dir;
  WriteFile(dir.File("kiosk.toml"), "");
  std::string binary = BinaryPath("learning-kiosk");
  std::string config = dir.File("kiosk.toml");
  std::vector<std::string> args = {binary, "--demo", "--windowed", "800x600", "--config", config};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_storage;
  for (char** e = environ; *e; ++e) env_storage.emplace_back(*e);
  for (const auto& e : kHeadless) env_storage.push_back(e);
  env_storage.push_back("TMPDIR=" + dir.path());
  env_storage.push_back("LK_REPORT_FIRST_FRAME=1");
  std::vector<char*> envp;
  for (auto& e : env_storage) envp.push_back(e.data());
  envp.push_back(nullptr);
  int err_pipe[2];
  ASSERT_EQ(pipe(err_pipe), 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
  posix_spawn_file_actions_addclose(&actions, err_pipe[0]);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), envp.data()), 0);
  posix_spawn_file_actions_destroy(&actions);
  close(err_pipe[1]);
  // SIGTERM only once the kiosk showed its first frame: the clean exit must be from a running loop.
  std::string err;
  const auto shown_by = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (err.find("first-frame") == std::string::npos && std::chrono::steady_clock::now() < shown_by) {
    pollfd fd{err_pipe[0], POLLIN, 0};
    if (poll(&fd, 1, 1000) <= 0) continue;
    char buf[512];
    const ssize_t n = read(err_pipe[0], buf, sizeof buf);
    if (n <= 0) break;  // the kiosk ended before its first frame
    err.append(buf, size_t(n));
  }
  const bool shown = err.find("first-frame") != std::string::npos;
  ASSERT_EQ(kill(pid, SIGTERM), 0);
  int status = 0;
  // A bounded wait on the real process: the loop sees SIGTERM within a second.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  pid_t done = 0;
  while ((done = waitpid(pid, &status, WNOHANG)) == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // bounded by the deadline above
  }
  close(err_pipe[0]);  // only now: a closed pipe would turn the kiosk's last words into SIGPIPE
  if (done == 0) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    FAIL() << "learning-kiosk did not end within 5 s of SIGTERM";
  }
  ASSERT_TRUE(shown) << "no first frame within 60 s: " << err;
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    EXPECT_EQ(entry.path().filename().string().rfind("learning-kiosk-demo-", 0), std::string::npos)
        << "the demo data directory was left behind: " << entry.path();
  }
}

}  // namespace
}  // namespace lk::testing
