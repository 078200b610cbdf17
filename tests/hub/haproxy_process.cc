#include "tests/hub/haproxy_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <thread>
#include <vector>

#include "tests/testing/test_util.h"

extern char** environ;

namespace lk::testing {
namespace {

constexpr const char* kHaproxy = "/usr/sbin/haproxy";

// A listening TCP socket on 127.0.0.1 and a free port; -1 on failure.
int ListenOnFreePort(int* port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(fd, 128) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    close(fd);
    return -1;
  }
  *port = ntohs(addr.sin_port);
  return fd;
}

}  // namespace

std::unique_ptr<HaproxyProcess> HaproxyProcess::Start(const std::string& dir, const std::string& config,
                                                      std::string* error, int timeout_ms) {
  auto fail = [&](std::string message) -> std::unique_ptr<HaproxyProcess> {
    if (error) *error = std::move(message);
    return nullptr;
  };
  const std::string cfg = dir + "/haproxy.cfg";
  WriteFile(cfg, config);
  std::unique_ptr<HaproxyProcess> proxy(new HaproxyProcess());
  proxy->log_path_ = dir + "/haproxy.log";
  int listener = ListenOnFreePort(&proxy->port_);
  if (listener < 0) return fail(std::string("cannot listen on 127.0.0.1: ") + std::strerror(errno));
  int log = open(proxy->log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log < 0) {
    close(listener);
    return fail("cannot write " + proxy->log_path_);
  }
  std::vector<std::string> args{kHaproxy, "-db", "-f", cfg};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t parent = getpid();
  pid_t pid = fork();
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
    dup2(devnull, 0);
    dup2(log, 1);
    dup2(log, 2);
    if (listener != 3) dup2(listener, 3);
    fcntl(3, F_SETFD, 0);  // no FD_CLOEXEC: HAProxy inherits it as fd@3
    execve(argv[0], argv.data(), environ);
    _exit(127);
  }
  close(listener);
  close(log);
  if (pid < 0) return fail(std::string("cannot run haproxy: ") + std::strerror(errno));
  proxy->pid_ = pid;

  // Up once a request through it reaches a replica (a bounded wait on the HAProxy process); a
  // configuration it refuses makes it exit at once.
  const std::string probe = "GET /healthz HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n";
  const int port = proxy->port_;
  bool exited = false;
  bool up = WaitUntil(
      [&] {
        int status = 0;
        exited = waitpid(pid, &status, WNOHANG) == pid;
        return exited || RawExchange(port, probe, 5).rfind("HTTP/1.1 200", 0) == 0;
      },
      timeout_ms, 50);
  if (exited) proxy->pid_ = -1;
  if (!up || exited) {
    return fail(std::string(exited ? "haproxy exited" : "no healthy answer through haproxy") + "; its log: " +
                ReadFile(proxy->log_path_));
  }
  return proxy;
}

void HaproxyProcess::Stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  int status = 0;
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));  // a bounded wait on the HAProxy process
  }
  pid_ = -1;
}

HaproxyProcess::~HaproxyProcess() { Stop(); }

}  // namespace lk::testing
