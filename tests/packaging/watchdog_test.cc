// SystemdNotifier (kiosk/app/watchdog.h) against a real AF_UNIX datagram socket standing in for systemd's
// notification socket: READY=1 after the first frame, WATCHDOG=1 pings paced by WATCHDOG_USEC, the
// WATCHDOG_PID of the parent (cage) accepted, and nothing at all without NOTIFY_SOCKET.
#include "kiosk/app/watchdog.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace lk::ui {
namespace {

class NotifySocket {
 public:
  explicit NotifySocket(bool abstract) {
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    EXPECT_GE(fd_, 0);
    std::string name = "lk-notify-test-" + std::to_string(getpid()) + (abstract ? "-abstract" : "");
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (abstract) {
      env_ = "@" + name;
      std::memcpy(address.sun_path + 1, name.data(), name.size());
      length_ = socklen_t(offsetof(sockaddr_un, sun_path) + 1 + name.size());
    } else {
      path_ = ::testing::TempDir() + name;
      unlink(path_.c_str());
      env_ = path_;
      std::memcpy(address.sun_path, path_.data(), path_.size());
      length_ = socklen_t(offsetof(sockaddr_un, sun_path) + path_.size() + 1);
    }
    EXPECT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&address), length_), 0) << std::strerror(errno);
  }
  ~NotifySocket() {
    close(fd_);
    if (!path_.empty()) unlink(path_.c_str());
  }
  const std::string& env() const { return env_; }
  std::vector<std::string> Drain() {
    std::vector<std::string> messages;
    char buffer[512];
    ssize_t n;
    while ((n = recv(fd_, buffer, sizeof buffer, 0)) > 0) messages.emplace_back(buffer, size_t(n));
    return messages;
  }

 private:
  int fd_ = -1;
  std::string path_, env_;
  socklen_t length_ = 0;
};

class SystemdNotifierTest : public ::testing::Test {
 protected:
  void TearDown() override {
    unsetenv("NOTIFY_SOCKET");
    unsetenv("WATCHDOG_USEC");
    unsetenv("WATCHDOG_PID");
  }
};

TEST_F(SystemdNotifierTest, DisabledWithoutNotifySocket) {
  unsetenv("NOTIFY_SOCKET");
  setenv("WATCHDOG_USEC", "30000000", 1);
  SystemdNotifier notifier;
  EXPECT_FALSE(notifier.enabled());
  EXPECT_EQ(notifier.MaxWaitMs(60000), 60000);
  EXPECT_FALSE(notifier.Notify("READY=1"));
  notifier.Tick(1000, true);  // no crash, nothing to send to
}

TEST_F(SystemdNotifierTest, ReadyAfterFirstFrameThenPacedPings) {
  NotifySocket socket(/*abstract=*/false);
  setenv("NOTIFY_SOCKET", socket.env().c_str(), 1);
  setenv("WATCHDOG_USEC", "3000000", 1);                         // 3 s
  setenv("WATCHDOG_PID", std::to_string(getppid()).c_str(), 1);  // cage, our parent
  SystemdNotifier notifier;
  ASSERT_TRUE(notifier.enabled());
  EXPECT_EQ(notifier.watchdog_interval_ms(), 3000);
  EXPECT_EQ(notifier.MaxWaitMs(60000), 1000);
  EXPECT_EQ(notifier.MaxWaitMs(200), 200);
  EXPECT_EQ(notifier.MaxWaitMs(-1), 1000);

  notifier.Tick(10'000, /*frame_rendered=*/false);
  EXPECT_EQ(socket.Drain(), (std::vector<std::string>{"WATCHDOG=1"})) << "alive, not ready before the first frame";
  notifier.Tick(10'100, true);
  EXPECT_EQ(socket.Drain(), (std::vector<std::string>{"READY=1", "WATCHDOG=1"}));
  notifier.Tick(10'300, true);
  EXPECT_TRUE(socket.Drain().empty()) << "pings are paced at a sixth of the interval";
  notifier.Tick(10'700, false);
  EXPECT_EQ(socket.Drain(), (std::vector<std::string>{"WATCHDOG=1"}));
  notifier.Tick(11'300, false);
  EXPECT_EQ(socket.Drain(), (std::vector<std::string>{"WATCHDOG=1"}));
}

TEST_F(SystemdNotifierTest, AbstractSocketAndForeignWatchdogPid) {
  NotifySocket socket(/*abstract=*/true);
  setenv("NOTIFY_SOCKET", socket.env().c_str(), 1);
  setenv("WATCHDOG_USEC", "3000000", 1);
  setenv("WATCHDOG_PID", "1", 1);  // some other process's watchdog: not ours to ping
  SystemdNotifier notifier;
  ASSERT_TRUE(notifier.enabled());
  EXPECT_EQ(notifier.watchdog_interval_ms(), 0);
  EXPECT_EQ(notifier.MaxWaitMs(60000), 60000);
  notifier.Tick(5'000, true);
  notifier.Tick(50'000, true);
  EXPECT_EQ(socket.Drain(), (std::vector<std::string>{"READY=1"}));
  EXPECT_TRUE(notifier.Notify("STOPPING=1"));
  EXPECT_EQ(socket.Drain(), (std::vector<std::string>{"STOPPING=1"}));
}

}  // namespace
}  // namespace lk::ui
