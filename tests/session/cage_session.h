// CageSession: one real cage session for tests and benchmarks - `cage -d -r -r -- APP...` (the output
// turned 180 degrees, so that cage composites: see Start) with wlroots'
// headless backend and pixman renderer (WLR_BACKENDS=headless, WLR_RENDERER=pixman,
// WLR_LIBINPUT_NO_DEVICES=1), SDL on Wayland, as an unprivileged user (`nobody` when this process is
// root, as in CI; otherwise this process's user) with a private 0700 XDG_RUNTIME_DIR, HOME and TMPDIR in
// a temporary directory (dir()) it removes at the end.
//
// It stands in for systemd where the kiosk's unit relies on it: it binds the NOTIFY_SOCKET (a datagram
// socket in the runtime directory, messages read with WaitForMessage) and sets WATCHDOG_USEC and
// WATCHDOG_PID = cage's pid (as learning-kiosk-session sets it for the service; the app is its child). This process is
// made a child subreaper, so an app that outlives cage is reparented here and WaitForExit sees its status.
// Screenshot() runs `grim -t ppm -` as the session user. Nothing outlives this object or a killed test
// process (PR_SET_PDEATHSIG on cage; leftovers get SIGKILL in the destructor).
//
// Errors: std::runtime_error for what the machine lacks or refuses (no cage or grim, no `nobody` user,
// fork, bind), with a message naming it. Single-threaded use.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tests/testing/test_util.h"

namespace lk::testing {

using SessionClock = std::chrono::steady_clock;

// An RGB screenshot.
struct Image {
  int width = 0, height = 0;
  std::vector<unsigned char> rgb;
  const unsigned char* At(int x, int y) const { return &rgb[(size_t(y) * size_t(width) + size_t(x)) * 3]; }
};
// Pixels in [x0,x1) x [y0,y1) that differ clearly from `background` (sum of channel differences > 96).
int64_t InkPixels(const Image& image, const unsigned char* background, int x0, int y0, int x1, int y1);
// More than 1% of the pixels differ from the top-left one.
bool NotBlank(const Image& image);
// Writes `image` as a PNG; false when it could not.
bool WritePng(const Image& image, const std::string& path);

class CageSession {
 public:
  static constexpr int kReapedElsewhere = -1;  // WaitForExit: ended, but cage reaped it

  // `watchdog_usec`: WATCHDOG_USEC given to cage and the app (0: none). Throws when cage or grim is missing.
  explicit CageSession(int64_t watchdog_usec = 3'000'000);
  ~CageSession();
  CageSession(const CageSession&) = delete;
  CageSession& operator=(const CageSession&) = delete;

  // The temporary directory (0711; the session user reaches its own subdirectories) and a path in it.
  const std::string& dir() const { return dir_.path(); }
  std::string File(const std::string& name) const { return dir_.File(name); }
  const std::string& log_path() const { return log_path_; }

  // Copies the kiosk `binary` into dir() laid out as the package installs it (usr/bin/learning-kiosk,
  // the source tree's assets/ as usr/share/learning-kiosk/, found next to the binary) with the example
  // config as kiosk.toml, and returns the unit's command line for it on the demo catalogue:
  // {binary, "--config", kiosk.toml, "--demo"}. A copy, because the session user may not reach the build
  // tree (a checkout under /root); a named config, so an installed /etc/learning-kiosk/kiosk.toml (the
  // packaging test's) is never read.
  std::vector<std::string> InstallKiosk(const std::string& binary);
  // Sets [display] renderer ("software" or "gpu") in the kiosk.toml InstallKiosk wrote.
  void SetKioskRenderer(const std::string& renderer) const;

  // Starts `cage -d -- app...` as the session user; started() is when.
  void Start(const std::vector<std::string>& app);
  SessionClock::time_point started() const { return started_; }
  pid_t cage() const { return cage_; }
  // cage's child whose command name starts with `name` (cage may also start Xwayland); -1 when none.
  // The destructor kills it if it still runs.
  pid_t FindChild(const std::string& name);

  // Waits until the message `wanted` ("READY=1") reaches the notify socket or `deadline` passes.
  bool WaitForMessage(const std::string& wanted, SessionClock::time_point deadline);
  std::string Received() const;  // every message so far, for failure messages

  // One screenshot of the output; nullopt when grim failed (no compositor yet).
  std::optional<Image> Screenshot() const;
  // Screenshots until one is NotBlank or `deadline` passes; the last one taken.
  std::optional<Image> ScreenshotUntilNotBlank(SessionClock::time_point deadline) const;

  // Sends `signal` to cage.
  void Signal(int signal) const;
  // Waits for `pid` (cage, or the app) to end: its wait status, kReapedElsewhere, or nullopt when it
  // still runs at `deadline`.
  std::optional<int> WaitForExit(pid_t pid, SessionClock::time_point deadline);

  // Proportional set size of cage and every process below it, in KiB (/proc/PID/smaps_rollup).
  int64_t PssKib() const;
  // CPU time (user + system) used so far by every process below cage, and by cage itself when
  // `with_cage`, in milliseconds (/proc/PID/stat; a process that has ended no longer counts).
  double CpuMs(bool with_cage) const;

 private:
  std::vector<pid_t> SessionPids(bool with_cage) const;  // every process below cage, and cage when asked

  TempDir dir_;
  uid_t uid_ = 0;
  gid_t gid_ = 0;
  bool switch_user_ = false;
  int64_t watchdog_usec_ = 0;
  std::string runtime_, log_path_;
  int log_fd_ = -1;
  int notify_fd_ = -1;
  std::vector<std::string> received_;
  SessionClock::time_point started_;
  pid_t cage_ = -1;
  std::vector<pid_t> known_;  // found by FindChild
  std::vector<pid_t> ended_;  // reaped by WaitForExit
};

}  // namespace lk::testing
