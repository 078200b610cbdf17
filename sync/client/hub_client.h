// HubClient: one HTTP(S) connection to learning-hub (sync/PROTOCOL.md), over a libcurl easy handle kept
// for the client's lifetime so requests reuse the connection (keep-alive).
//
// Security: TLS peer and host verification are always on; an optional CA file and an optional pinned
// public key (CURLOPT_PINNEDPUBLICKEY) narrow trust further. Plain http:// is refused unless the host is
// a loopback address (CheckHubUrl). Redirects are never followed.
// Liveness: connect timeout, a low-speed limit and an overall transfer timeout bound every request, and
// the optional stop flag aborts a transfer within about a second (libcurl's progress callback).
// Truth: a response counts as the hub's only when it carries X-Learning-Protocol; anything else (a
// captive portal's page, a proxy's error) is reported as "not the hub" and never as an answer.
//
// Thread-compatibility: move-only; one thread at a time per HubClient. Call GlobalInit() once before
// threads start (SyncWorker and kioskctl do).
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "kiosk/core/domain.h"
#include "kiosk/core/status.h"

namespace lk::sync {

// curl_global_init, once per process (idempotent, thread-safe).
void GlobalInit();

struct HubClientOptions {
  std::string base_url;           // e.g. https://hub.example.org or http://127.0.0.1:8443 (no trailing /)
  std::string token;              // bearer token; empty for enrolment
  std::string ca_file;            // extra CA bundle (PEM); empty: the system's
  std::string pinned_public_key;  // "sha256//BASE64..."; empty: none
  int connect_timeout_ms = 10'000;
  int transfer_timeout_ms = 60'000;  // whole request; also the window of the low-speed limit (halved)
  int low_speed_bytes_per_s = 16;    // below this for the low-speed window: abort
  std::string user_agent = "learning-kiosk";
  const std::atomic<bool>* stop = nullptr;  // when set and true: abort the transfer
};

// Checks a hub URL: https:// anywhere, http:// only for loopback hosts (127.0.0.0/8, ::1, localhost).
// InvalidArgument with a sentence otherwise.
Status CheckHubUrl(const std::string& url);
bool IsLoopbackHost(const std::string& host);

struct HubResponse {
  long http_status = 0;
  bool from_hub = false;       // X-Learning-Protocol present and well-formed
  int protocol_version = 0;
  std::string body;
  std::string etag;
  std::string content_type;
  TimeMs retry_after_ms = -1;  // the hub's Retry-After (seconds or HTTP date, at most 1 h); -1 when absent
                               // or when the response is not from the hub
};

struct HubRequest {
  std::string method = "GET";  // GET or POST
  std::string path;            // "/v1/..." with query
  std::string body;            // POST: JSON
  bool gzip_body = false;      // send body gzip-compressed (Content-Encoding: gzip)
  std::vector<std::string> headers;  // extra "Name: value"
  int transfer_timeout_ms = 0;       // 0: the client's default
};

class HubClient {
 public:
  static Result<HubClient> Create(HubClientOptions options);
  HubClient(HubClient&&) noexcept;
  HubClient& operator=(HubClient&&) noexcept;
  HubClient(const HubClient&) = delete;
  HubClient& operator=(const HubClient&) = delete;
  ~HubClient();

  // Performs one request. A non-ok Status means no HTTP response arrived (connection refused, reset,
  // timeout, TLS failure, stopped): kUnavailable with words for a person ("hub not reachable: connection
  // refused"), or kFailedPrecondition for TLS trust failures. Any HTTP response, whatever its status or
  // origin, comes back as a HubResponse; callers then use ExpectHub().
  Result<HubResponse> Send(const HubRequest& request);

  const HubClientOptions& options() const { return options_; }
  // Retry-After of the last response in ms, -1 when it had none (or no response arrived).
  TimeMs last_retry_after_ms() const { return last_retry_after_ms_; }

 private:
  struct Impl;
  explicit HubClient(HubClientOptions options);
  HubClientOptions options_;
  std::unique_ptr<Impl> impl_;
  TimeMs last_retry_after_ms_ = -1;
};

// Turns a response into the Status a sync step reports when it is not what `ok_statuses` lists:
// - no protocol header: Unavailable("the network answered with a web page, not the hub (captive portal?)")
// - 401/403: PermissionDenied (credentials refused / device revoked), 426: FailedPrecondition
// - 429/5xx: Unavailable ("the hub is busy ...") ; other 4xx: InvalidArgument with the hub's message.
Status ExpectHub(const HubResponse& response, std::initializer_list<long> ok_statuses = {200});

// gzip (RFC 1952) compression and decompression, for request bodies and tests.
Result<std::string> GzipCompress(std::string_view data, int level = 6);
Result<std::string> GzipDecompress(std::string_view data);

}  // namespace lk::sync
