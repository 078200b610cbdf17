// HubServer: learning-hub's HTTP(S) API (sync/PROTOCOL.md) on cpp-httplib, over a HubStore.
//
// Every response carries X-Learning-Protocol (and X-Learning-Min-Protocol), errors are the JSON error
// envelope. Admission runs before any body is parsed: in-flight limit (503), protocol version (400/426),
// bearer token (401/403), per-device rate (429); then the body is read with a size cap that also applies
// after gzip decompression (413). Attendance is answered only after PushBatch committed.
// Server defaults tuned for kiosks: TCP_NODELAY on (a reply after an fsync otherwise waits ~40 ms for
// Nagle), keep-alive for up to 1000 requests per connection, a fixed pool of worker threads.
//
// Thread-safety: Bind/Run from one thread; Stop from any thread (a signal-watching thread, a test).
// Ownership: borrows the store, which must outlive the server.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "kiosk/core/domain.h"
#include "kiosk/core/status.h"
#include "kiosk/core/time_zone.h"
#include "sync/hub/hub_store.h"
#include "sync/hub/rate_limiter.h"

namespace httplib {
class Server;
class ContentReader;
struct Request;
struct Response;
}  // namespace httplib

namespace lk::hub {

struct HubServerOptions {
  std::string host = "127.0.0.1";
  int port = 8443;                // 0: any free port (Bind returns it)
  std::string tls_cert, tls_key;  // both set: HTTPS
  size_t max_body_bytes = 1 << 20;
  int threads = 16;
  int max_in_flight = 64;          // requests being handled at once before 503
  double device_rate = 20;         // requests per second per device (and per address for /v1/enroll)...
  double device_burst = 100;       // ...with this burst; rate <= 0 disables
  size_t catalog_page_size = 200;  // items per catalogue page (clients may ask for fewer with limit=)
  int min_protocol = 1;
  size_t keep_alive_max_count = 1000;
  int keep_alive_timeout_s = 10;
  int retry_after_s = 1;          // Retry-After on 503
  // Peers (reverse proxies, e.g. nginx on the same host) whose X-Forwarded-For names the real client;
  // from anyone else the header is ignored. Exact addresses as the socket reports them.
  std::vector<std::string> trusted_proxies;
  double summary_rate = 0.2;      // learner summaries per second per device (burst 10); <= 0 disables
  std::function<TimeMs()> clock;  // defaults to the system clock
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
  void Register();
  bool Admit(const httplib::Request& req, httplib::Response& res, bool authenticate, Context* ctx);
  bool ReadBody(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader,
                std::string* body);
  // The 503 (with Retry-After) of a request the in-flight gate did not admit; false when it was admitted.
  bool RefusedAsBusy(const InFlightGate::Ticket& ticket, httplib::Response& res);
  // An authenticated request with a body: the gate, the credentials, then the body. False, with the
  // answer set (and a refused request's body drained), when any of them fails.
  bool AdmitWithBody(const InFlightGate::Ticket& ticket, const httplib::Request& req, httplib::Response& res,
                     const httplib::ContentReader& reader, Context* ctx, std::string* body);
  void HandleEnroll(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader);
  void HandleCatalog(const httplib::Request& req, httplib::Response& res);
  void HandleBatch(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader);
  void HandleHeartbeat(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader);
  void HandleLearnerSummary(const httplib::Request& req, httplib::Response& res);
  void HandleHealth(const httplib::Request& req, httplib::Response& res);
  void StoreError(httplib::Response& res, const Status& status);
  // The client's address: the peer's, or the last X-Forwarded-For hop when the peer is a trusted proxy.
  std::string ClientAddress(const httplib::Request& req) const;
  // Refused credentials: 401, or 429 once this address has failed too often.
  void RefuseCredentials(const httplib::Request& req, httplib::Response& res, const std::string& message);
  Result<TimeZone> ZoneFor(const std::string& name);
  TimeMs Now() const;

  HubStore* store_;
  HubServerOptions options_;
  std::unique_ptr<httplib::Server> server_;
  RateLimiter device_limiter_;
  RateLimiter enroll_limiter_;
  RateLimiter anonymous_limiter_;  // per client address: requests with a missing or unknown token
  RateLimiter summary_limiter_;    // per device: learner summaries
  InFlightGate gate_;
  std::mutex zones_mutex_;
  std::map<std::string, TimeZone> zones_;
};

}  // namespace lk::hub
