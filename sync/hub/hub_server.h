// HubServer: learning-hub's HTTP(S) API (sync/PROTOCOL.md) on HttpServer (libmicrohttpd), over a HubStore.
//
// Every response carries X-Learning-Protocol (and X-Learning-Min-Protocol), errors are the JSON error
// envelope. Admission runs before any body is parsed: in-flight limit (503), protocol version (400/426),
// bearer token (401/403), per-device rate (429), all before a body byte is read; then the body is read
// with a size cap that also applies after gzip decompression (413). Attendance is answered only after
// PushBatch committed. Connections, their idle time and header size are bounded by HttpServer.
//
// Thread-safety: Bind/Run from one thread; Stop from any thread (a signal-watching thread, a test).
// Ownership: borrows the store, which must outlive the server.
#pragma once

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "kiosk/core/domain.h"
#include "kiosk/core/env.h"
#include "kiosk/core/status.h"
#include "kiosk/core/time_zone.h"
#include "sync/hub/hub_store.h"
#include "sync/hub/http_server.h"
#include "sync/hub/rate_limiter.h"
#include "sync/hub/zone_cache.h"

namespace lk::hub {

namespace console {
class Console;
class RecordPage;
}

struct HubServerOptions {
  std::string host = "127.0.0.1";
  int port = 8443;                // 0: any free port (Bind returns it)
  std::string tls_cert, tls_key;  // both set: HTTPS
  size_t max_body_bytes = 1 << 20;
  int threads = 16;                // epoll threads; handlers run on them (a commit holds only its own thread)
  int max_in_flight = 64;          // requests admitted and not yet answered (uploads included) before 503
  double device_rate = 20;         // requests per second per device (and per address for /v1/enroll)...
  double device_burst = 100;       // ...with this burst; rate <= 0 disables
  size_t catalog_page_size = 200;  // items per catalogue page (clients may ask for fewer with limit=)
  int min_protocol = 1;
  int max_connections = 4096;             // open connections in all
  int max_connections_per_address = 0;    // per client address; 0: no limit (behind a proxy, all share one)
  int connection_timeout_s = 10;          // a connection idle this long (headers, body, keep-alive) is closed
  size_t header_bytes = 32 * 1024;        // request line and headers of one request
  int retry_after_s = 1;          // Retry-After on 503
  // Peers (reverse proxies, e.g. nginx on the same host) whose X-Forwarded-For names the real client;
  // from anyone else the header is ignored. Exact addresses as the socket reports them.
  std::vector<std::string> trusted_proxies;
  double summary_rate = 0.2;      // learner summaries per second per device (burst 10); <= 0 disables
  Env* env = Env::Default();      // the clocks (borrowed): wall time for the store, monotonic for the rates
  console::Console* console = nullptr;  // borrowed: when set, the web console is served under /console/
  // Borrowed: when set (serve --public-url), learner summaries carry a record_url and /me/TOKEN is served.
  console::RecordPage* record_page = nullptr;
};

class HubServer {
 public:
  HubServer(HubStore* store, HubServerOptions options);
  ~HubServer();
  HubServer(const HubServer&) = delete;
  HubServer& operator=(const HubServer&) = delete;

  // Binds the listening socket; returns the port (the real one when options.port is 0).
  Result<int> Bind();
  // Serves until Stop(); returns an error when the server could not run.
  Status Run();
  void Stop();

 private:
  struct Context;
  static Context& ContextOf(HttpRequest& req);  // set by Admit
  std::vector<HttpRoute> Routes();
  // The checks every /v1 request passes when its headers are complete, before its body is read,
  // cheapest first: in-flight gate, protocol version, then (when `authenticate`) token and rate. On
  // refusal the response is filled in and false returned.
  bool Admit(HttpRequest& req, HttpResponse& res, bool authenticate);
  // The per-address bucket of enrolment attempts (code guessing).
  bool AdmitEnrolment(const HttpRequest& req, HttpResponse& res);
  void HandleEnroll(HttpRequest& req, HttpResponse& res);
  void HandleCatalog(HttpRequest& req, HttpResponse& res);
  void HandleBatch(HttpRequest& req, HttpResponse& res);
  void HandleHeartbeat(HttpRequest& req, HttpResponse& res);
  void HandleLearnerSummary(HttpRequest& req, HttpResponse& res);
  void HandleHealth(HttpRequest& req, HttpResponse& res);
  void StoreError(HttpResponse& res, const Status& status);
  // The client's address: the peer's, or the last X-Forwarded-For hop when the peer is a trusted proxy.
  std::string ClientAddress(const HttpRequest& req) const;
  // Refused credentials: 401, or 429 once this address has failed too often.
  void RefuseCredentials(const HttpRequest& req, HttpResponse& res, const std::string& message);
  TimeMs Now() const;

  HubStore* store_;
  HubServerOptions options_;
  std::unique_ptr<HttpServer> http_;
  std::mutex run_mutex_;
  std::condition_variable run_cv_;
  bool stopping_ = false;
  RateLimiter device_limiter_;
  RateLimiter enroll_limiter_;
  RateLimiter anonymous_limiter_;  // per client address: requests with a missing or unknown token
  RateLimiter summary_limiter_;    // per device: learner summaries
  InFlightGate gate_;
  ZoneCache zones_;
};

}  // namespace lk::hub
