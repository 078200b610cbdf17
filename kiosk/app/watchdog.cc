#include "kiosk/app/watchdog.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstddef>
#include <cstdlib>
#include <cstring>

namespace lk::ui {

SystemdNotifier::SystemdNotifier() {
  const char* socket = std::getenv("NOTIFY_SOCKET");
  if (socket == nullptr || (socket[0] != '/' && socket[0] != '@') ||
      std::strlen(socket) >= sizeof(sockaddr_un::sun_path)) {
    return;
  }
  socket_path_ = socket;
  const char* usec = std::getenv("WATCHDOG_USEC");
  const char* pid = std::getenv("WATCHDOG_PID");
  if (usec != nullptr) {
    long long value = std::atoll(usec);
    long long watchdog_pid = pid != nullptr ? std::atoll(pid) : 0;
    bool ours = watchdog_pid == 0 || watchdog_pid == getpid() || watchdog_pid == getppid();
    if (value > 0 && ours) watchdog_ms_ = value / 1000;
  }
}

SystemdNotifier::~SystemdNotifier() {
  if (fd_ >= 0) close(fd_);
}

int SystemdNotifier::MaxWaitMs(int timeout_ms) const {
  if (watchdog_ms_ <= 0) return timeout_ms;
  int64_t third = watchdog_ms_ / 3 < 1 ? 1 : watchdog_ms_ / 3;
  return timeout_ms >= 0 && timeout_ms < third ? timeout_ms : int(third);
}

void SystemdNotifier::Tick(uint64_t now_ms, bool frame_rendered) {
  if (!enabled()) return;
  if (!ready_sent_ && frame_rendered) {
    ready_sent_ = Notify("READY=1");
    last_ping_ms_ = now_ms;
    if (watchdog_ms_ > 0) Notify("WATCHDOG=1");
    return;
  }
  if (watchdog_ms_ > 0 && now_ms - last_ping_ms_ >= uint64_t(watchdog_ms_ / 6)) {
    if (Notify("WATCHDOG=1")) last_ping_ms_ = now_ms;
  }
}

bool SystemdNotifier::Notify(std::string_view message) {
  if (!enabled()) return false;
  if (fd_ < 0) {
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) return false;
  }
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::memcpy(address.sun_path, socket_path_.data(), socket_path_.size());
  if (address.sun_path[0] == '@') address.sun_path[0] = '\0';  // abstract namespace
  socklen_t length = socklen_t(offsetof(sockaddr_un, sun_path) + socket_path_.size());
  ssize_t sent = sendto(fd_, message.data(), message.size(), MSG_NOSIGNAL, reinterpret_cast<sockaddr*>(&address),
                        length);
  return sent == ssize_t(message.size());
}

}  // namespace lk::ui
