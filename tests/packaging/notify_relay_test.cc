// learning-kiosk-session (kiosk/app/notify_relay_main.cc), the kiosk service's main process, against a
// real datagram socket standing in for systemd's: what the session's app sends to the NOTIFY_SOCKET it is
// given reaches systemd from the relay's own pid (the only sender systemd takes once pam_systemd has
// moved cage and the app into the logind session's scope); the child gets WATCHDOG_PID = its own pid and
// the relay's socket in RUNTIME_DIRECTORY; SIGTERM reaches the child and the child's exit status becomes
// the relay's. The child is a shell script using systemd-notify, as any sd_notify client would.
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "tests/testing/test_util.h"

extern char** environ;

namespace lk::testing {
namespace {

struct Datagram {
  std::string text;
  pid_t sender = -1;
};

class RelayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    socket_path_ = dir_.File("systemd-notify");
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    ASSERT_GE(fd_, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strcpy(address.sun_path, socket_path_.c_str());
    ASSERT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    const int on = 1;
    ASSERT_EQ(setsockopt(fd_, SOL_SOCKET, SO_PASSCRED, &on, sizeof on), 0);
  }
  void TearDown() override { close(fd_); }

  // Starts the relay on `script` (run by /bin/sh) with systemd's variables set as for the service.
  pid_t StartRelay(const std::string& script) {
    std::vector<std::string> env;
    for (char** e = environ; *e != nullptr; ++e) env.emplace_back(*e);
    env.push_back("NOTIFY_SOCKET=" + socket_path_);
    env.push_back("RUNTIME_DIRECTORY=" + dir_.path());
    env.push_back("WATCHDOG_USEC=30000000");
    env.push_back("WATCHDOG_PID=1");  // systemd names the main process; the relay renames it for its child
    std::vector<std::string> args = {BinaryPath("learning-kiosk-session"), "--", "/bin/sh", "-c", script};
    std::vector<char*> argv, envp;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    pid_t pid = -1;
    EXPECT_EQ(posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), envp.data()), 0);
    return pid;
  }

  // The next datagram with its sender's pid, waiting up to 10 s.
  Datagram Receive() {
    timeval timeout{10, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    char buffer[4096];
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(ucred))];
    iovec io{buffer, sizeof buffer};
    msghdr message{};
    message.msg_iov = &io;
    message.msg_iovlen = 1;
    message.msg_control = control;
    message.msg_controllen = sizeof control;
    Datagram d;
    const ssize_t n = recvmsg(fd_, &message, 0);
    if (n < 0) return d;
    d.text.assign(buffer, size_t(n));
    for (cmsghdr* c = CMSG_FIRSTHDR(&message); c != nullptr; c = CMSG_NXTHDR(&message, c)) {
      if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS) {
        ucred credentials{};
        std::memcpy(&credentials, CMSG_DATA(c), sizeof credentials);
        d.sender = credentials.pid;
      }
    }
    return d;
  }

  static int WaitExitCode(pid_t pid) {
    int status = 0;
    if (waitpid(pid, &status, 0) != pid) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

  TempDir dir_;
  std::string socket_path_;
  int fd_ = -1;
};

TEST_F(RelayTest, ChildMessagesReachSystemdFromTheMainProcess) {
  const std::string seen = dir_.File("child-env");
  const pid_t relay = StartRelay("echo \"$$ $WATCHDOG_PID $WATCHDOG_USEC $NOTIFY_SOCKET\" > " + seen +
                                 " && systemd-notify READY=1 && systemd-notify WATCHDOG=1 && exit 3");
  ASSERT_GT(relay, 0);
  Datagram ready = Receive();
  EXPECT_EQ(ready.text, "READY=1");
  EXPECT_EQ(ready.sender, relay) << "systemd only takes the main process's messages";
  Datagram ping = Receive();
  EXPECT_EQ(ping.text, "WATCHDOG=1");
  EXPECT_EQ(ping.sender, relay);
  EXPECT_EQ(WaitExitCode(relay), 3) << "the child's exit status is the relay's";

  // The child (cage, in the service) is told it is the watchdog's process, and where to send.
  std::string child_pid, watchdog_pid, usec, notify;
  std::istringstream fields(ReadFile(seen));
  fields >> child_pid >> watchdog_pid >> usec >> notify;
  EXPECT_EQ(watchdog_pid, child_pid);
  EXPECT_EQ(usec, "30000000");
  EXPECT_EQ(notify, dir_.path() + "/notify-relay");
}

TEST_F(RelayTest, SigtermReachesTheChild) {
  // The child says it is up, then waits; SIGTERM makes it exit 7.
  const pid_t relay = StartRelay("trap 'exit 7' TERM; systemd-notify READY=1; while :; do sleep 0.1; done");
  ASSERT_GT(relay, 0);
  ASSERT_EQ(Receive().text, "READY=1");
  ASSERT_EQ(kill(relay, SIGTERM), 0);
  EXPECT_EQ(WaitExitCode(relay), 7);
}

}  // namespace
}  // namespace lk::testing
