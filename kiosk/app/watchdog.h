// SystemdNotifier: tells systemd that the kiosk UI is up (READY=1, after its first frame) and alive
// (WATCHDOG=1, from the frame loop), so learning-kiosk.service (Type=notify, WatchdogSec=) restarts a
// hung UI, not only a crashed one.
//
// Speaks the sd_notify protocol itself (one datagram to the AF_UNIX socket named by $NOTIFY_SOCKET, an
// '@' prefix meaning the abstract namespace), so it needs no library. The app runs as a child of cage, so
// $WATCHDOG_PID names cage (learning-kiosk-session, the service's main process, sets it so for its child,
// and relays the messages to systemd): the watchdog counts as enabled when that is
// this process or its parent (libsystemd's sd_watchdog_enabled() would say no). Everything is a no-op
// when $NOTIFY_SOCKET is unset (development, tests, the headless screenshot). UI thread only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace lk::ui {

class SystemdNotifier {
 public:
  // Reads NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID from the environment.
  SystemdNotifier();
  ~SystemdNotifier();
  SystemdNotifier(const SystemdNotifier&) = delete;
  SystemdNotifier& operator=(const SystemdNotifier&) = delete;

  bool enabled() const { return !socket_path_.empty(); }
  // The watchdog interval systemd expects pings within, in milliseconds; 0 when there is no watchdog.
  int64_t watchdog_interval_ms() const { return watchdog_ms_; }
  // `timeout_ms` (negative: forever) capped so that the frame loop wakes often enough to ping: at most a
  // third of the watchdog interval. Unchanged when there is no watchdog. Use as: Wait(MaxWaitMs(timeout)).
  int MaxWaitMs(int timeout_ms) const;

  // Call on every pass of the frame loop, with a monotonic clock. Sends READY=1 the first time
  // `frame_rendered` is true, and WATCHDOG=1 whenever a sixth of the interval has passed since the
  // last ping (so an idle loop that wakes every MaxWaitMs pings about every 10 s for WatchdogSec=30).
  void Tick(uint64_t now_ms, bool frame_rendered);

  // Sends one message ("READY=1", "STATUS=...", "STOPPING=1"); false when disabled or sending failed.
  bool Notify(std::string_view message);

 private:
  std::string socket_path_;
  int fd_ = -1;
  int64_t watchdog_ms_ = 0;
  bool ready_sent_ = false;
  uint64_t last_ping_ms_ = 0;
};

}  // namespace lk::ui
