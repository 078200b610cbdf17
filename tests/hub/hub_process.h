// HubProcess: a real `learning-hub serve` process for integration tests, on 127.0.0.1 and a free port.
//
// Start() runs the binary built by this tree (LK_HUB_BINARY) with `--listen 127.0.0.1:0`, waits for its
// "learning-hub listening on HOST:PORT" line and parses the port. The destructor stops it with SIGTERM
// (SIGKILL after 5 s). RunHub() runs one admin command (`center add`, `enroll-code`, ...) to completion.
// Reusable by any suite that needs a hub (the sync client's tests). Not thread-safe: one owner thread.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "tests/testing/test_util.h"

namespace lk::testing {

std::string HubBinaryPath();

// Runs `learning-hub ARGS...` and waits for it.
ProcessResult RunHub(const std::vector<std::string>& args);

class HubProcess {
 public:
  // nullptr (and `error` filled in) when the process did not start listening within `timeout_ms`.
  // `extra_env`: NAME=value entries added to (or replacing those in) the test's environment, e.g.
  // LK_FAKE_NOW for a hub that lives in another hour.
  static std::unique_ptr<HubProcess> Start(const std::string& db_path, const std::vector<std::string>& extra_args = {},
                                           std::string* error = nullptr, int timeout_ms = 10000,
                                           const std::vector<std::string>& extra_env = {});
  ~HubProcess();
  HubProcess(const HubProcess&) = delete;
  HubProcess& operator=(const HubProcess&) = delete;

  int port() const { return port_; }
  std::string host() const { return "127.0.0.1"; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  pid_t pid() const { return pid_; }

  // SIGTERM and wait: the exit status (-1 when it had to be killed or died of a signal).
  int Stop();
  // SIGKILL and wait: simulates a crash or power loss of the hub process.
  void Kill();

 private:
  HubProcess() = default;
  int Wait(int timeout_ms, bool* exited);
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace lk::testing
