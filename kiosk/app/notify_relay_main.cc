// learning-kiosk-session: the kiosk service's main process. It runs the session (cage, which runs the
// app) as its child and relays the app's sd_notify messages (READY=1, WATCHDOG=1, STATUS=...) to systemd.
//
//   learning-kiosk-session -- COMMAND [ARGS...]
//
// Why: PAMName= gives the service a logind session, and pam_systemd moves its processes into that
// session's scope. systemd then takes notifications only from the service's main process (NotifyAccess=
// main or all alike), so the app's own READY=1 never arrived: the start timed out and the session was
// restarted every ~100 s (seen booting the image in qemu). This process is the main process; the child
// gets NOTIFY_SOCKET = a socket of ours in $RUNTIME_DIRECTORY and WATCHDOG_PID = its own pid (cage, the
// app's parent, which is what the app's SystemdNotifier expects), WATCHDOG_USEC passes through.
//
// SIGTERM, SIGINT and SIGHUP are passed on to the child; the relay exits when the child does, with its
// exit status (128 + the signal when it was killed). Without NOTIFY_SOCKET it simply execs COMMAND.
// Single-threaded; owns its socket.
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "kiosk/app/watchdog.h"

namespace {

int Fail(const std::string& what) {
  std::fprintf(stderr, "learning-kiosk-session: %s: %s\n", what.c_str(), std::strerror(errno));
  return 70;  // EX_SOFTWARE
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || std::string_view(argv[1]) != "--") {
    std::fprintf(stderr, "usage: learning-kiosk-session -- COMMAND [ARGS...]\n");
    return 64;  // EX_USAGE
  }
  char** command = argv + 2;
  const char* runtime = std::getenv("RUNTIME_DIRECTORY");
  if (std::getenv("NOTIFY_SOCKET") == nullptr || runtime == nullptr) {
    execvp(command[0], command);
    return Fail(std::string("cannot run ") + command[0]);
  }
  lk::ui::SystemdNotifier systemd;  // reads the real NOTIFY_SOCKET before the child's is set

  // RUNTIME_DIRECTORY may list several directories, separated by ':'; ours is the first.
  const std::string_view runtimes(runtime);
  const std::string path = std::string(runtimes.substr(0, runtimes.find(':'))) + "/notify-relay";
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.size() >= sizeof address.sun_path) {
    errno = ENAMETOOLONG;
    return Fail(path);
  }
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  const int relay = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  unlink(path.c_str());
  if (relay < 0 || bind(relay, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) return Fail(path);

  sigset_t handled;
  sigemptyset(&handled);
  for (int s : {SIGTERM, SIGINT, SIGHUP, SIGCHLD}) sigaddset(&handled, s);
  sigprocmask(SIG_BLOCK, &handled, nullptr);
  const int signals = signalfd(-1, &handled, SFD_CLOEXEC);
  if (signals < 0) return Fail("signalfd");

  const pid_t child = fork();
  if (child < 0) return Fail("fork");
  if (child == 0) {
    sigprocmask(SIG_UNBLOCK, &handled, nullptr);
    setenv("NOTIFY_SOCKET", path.c_str(), 1);
    setenv("WATCHDOG_PID", std::to_string(getpid()).c_str(), 1);
    execvp(command[0], command);
    std::fprintf(stderr, "learning-kiosk-session: cannot run %s: %s\n", command[0], std::strerror(errno));
    _exit(127);
  }

  char message[4096];
  for (;;) {
    pollfd fds[2] = {{relay, POLLIN, 0}, {signals, POLLIN, 0}};
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return Fail("poll");
    }
    if (fds[0].revents & POLLIN) {
      // Passed file descriptors are dropped (closed) by recv: that is all sd_notify_barrier's BARRIER=1
      // waits for, so it is answered here and not forwarded without its descriptor.
      const ssize_t n = recv(relay, message, sizeof message, MSG_DONTWAIT);
      const std::string_view text(message, n > 0 ? size_t(n) : 0);
      // From systemd's point of view the main process sent it, which is what it accepts.
      if (n > 0 && text != "BARRIER=1") systemd.Notify(text);
    }
    if (fds[1].revents & POLLIN) {
      signalfd_siginfo info{};
      if (read(signals, &info, sizeof info) != ssize_t(sizeof info)) continue;
      if (info.ssi_signo != SIGCHLD) {
        kill(child, int(info.ssi_signo));
        continue;
      }
      int status = 0;
      if (waitpid(child, &status, WNOHANG) == child) {
        unlink(path.c_str());
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
    }
  }
}
