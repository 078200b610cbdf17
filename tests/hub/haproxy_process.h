// HaproxyProcess: a real HAProxy (/usr/sbin/haproxy, Debian 12's 2.6) in front of learning-hub replicas,
// for the city layout's tests, run in the foreground as a child of the test (`haproxy -db -f CFG`).
//
// The test writes the configuration; its frontend binds `fd@3`, a listening socket on 127.0.0.1 that
// Start() opens on a free port and hands to HAProxy as file descriptor 3, so there is no window in which
// another process could take the port. Start() starts HAProxy and returns once the frontend answers
// GET /healthz with 200 through a replica (or HAProxy exited, refusing the configuration). HAProxy's output goes to
// `log_path()`. It gets SIGKILL if the thread that started it ends (PR_SET_PDEATHSIG), so a crashed test
// leaves no HAProxy behind; the destructor stops it (SIGTERM, SIGKILL after 5 s).
//
// Errors: Start() returns nullptr with `error` filled in (HAProxy's log quoted).
// Thread-safety: one owner thread.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>

namespace lk::testing {

class HaproxyProcess {
 public:
  // What the configuration's frontend must say to listen where Start() opened the socket.
  static constexpr const char* kFrontendBind = "bind fd@3";

  // `config`: a whole haproxy.cfg whose frontend has `kFrontendBind`; written to `dir`/haproxy.cfg.
  static std::unique_ptr<HaproxyProcess> Start(const std::string& dir, const std::string& config,
                                               std::string* error, int timeout_ms = 15000);
  ~HaproxyProcess();
  HaproxyProcess(const HaproxyProcess&) = delete;
  HaproxyProcess& operator=(const HaproxyProcess&) = delete;

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  const std::string& log_path() const { return log_path_; }

 private:
  HaproxyProcess() = default;
  void Stop();

  pid_t pid_ = -1;
  int port_ = 0;
  std::string log_path_;
};

}  // namespace lk::testing
