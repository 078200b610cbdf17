// FaultProxy: a small TCP proxy for tests, on 127.0.0.1:<free port>, in front of a real server
// (learning-hub), that injects the failures a kiosk's network produces.
//
// Modes (per connection, chosen when the connection is accepted):
//   kPass                 relay both ways
//   kResetRequest         relay `bytes` bytes of the request, then reset both sides (RST)
//   kResetResponse        relay the whole request, `bytes` bytes of the response, then reset the client
//                         (the server has usually committed: the "answer lost" case)
//   kStall                accept and read, never answer
//   kServiceUnavailable   read the request, answer 503 with Retry-After: `retry_after_s` (and the protocol
//                         header, as the hub's own overload answer)
//   kCaptivePortal        read the request, answer 200 text/html without X-Learning-Protocol
//   kSlowDrip             relay the request, then the response one byte every `drip_interval_ms`
//   kTruncatedBody        relay the request, then the response's headers and half its body, then close
//   kDelay                relay both ways, holding each answer back `delay_ms` (the first response
//                         bytes after request bytes; a slow hub)
// A plan applies to the next `count` connections (-1: all until changed), then the proxy passes.
// SetPlan also closes every open connection so that a client's keep-alive connection meets the new plan.
// Thread-safe; the destructor stops the proxy and joins its threads.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace lk::testing {

enum class FaultMode {
  kPass,
  kResetRequest,
  kResetResponse,
  kStall,
  kServiceUnavailable,
  kCaptivePortal,
  kSlowDrip,
  kTruncatedBody,
  kDelay,
};
const char* FaultModeName(FaultMode mode);

struct FaultPlan {
  FaultMode mode = FaultMode::kPass;
  size_t bytes = 0;           // kResetRequest / kResetResponse
  int retry_after_s = 1;      // kServiceUnavailable
  int drip_interval_ms = 50;  // kSlowDrip
  int delay_ms = 5000;        // kDelay
  int count = -1;             // connections this plan applies to; -1: until changed
};

class FaultProxy {
 public:
  // Listens on 127.0.0.1:0 and forwards to upstream_host:upstream_port. Throws std::runtime_error when
  // the socket cannot be set up.
  FaultProxy(std::string upstream_host, int upstream_port);
  ~FaultProxy();
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  void SetPlan(const FaultPlan& plan);
  void Pass() { SetPlan(FaultPlan{}); }
  // Closes every open connection (reset), leaving the plan as it is.
  void DropConnections();

  int connections() const { return connections_.load(); }
  int faults() const { return faults_.load(); }  // connections that got a fault

 private:
  struct Conn;
  void AcceptLoop();
  void Serve(std::shared_ptr<Conn> conn, FaultPlan plan);
  FaultPlan TakePlan();

  std::string upstream_host_;
  int upstream_port_;
  int listen_fd_ = -1;
  int wake_pipe_[2] = {-1, -1};
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::atomic<int> faults_{0};
  std::mutex mutex_;
  FaultPlan plan_;
  std::vector<std::weak_ptr<Conn>> open_;
  std::vector<std::thread> threads_;
  std::thread accept_thread_;
};

}  // namespace lk::testing
