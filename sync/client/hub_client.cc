#include "sync/client/hub_client.h"

#include <algorithm>

#include <arpa/inet.h>
#include <curl/curl.h>
#include <zlib.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <mutex>

#include "kiosk/core/clock.h"
#include "sync/protocol/protocol.h"

namespace lk::sync {
namespace {

constexpr size_t kMaxResponseBytes = 64u << 20;

std::string Lower(std::string s) {
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

// A hub (or whoever claims to be one) cannot silence a kiosk for longer than this with Retry-After.
constexpr TimeMs kMaxRetryAfterMs = 3600 * kMsPerSecond;

// Retry-After: delta-seconds or an HTTP date, capped at kMaxRetryAfterMs. -1 when unusable.
TimeMs ParseRetryAfter(const std::string& value) {
  if (value.empty()) return -1;
  bool digits = true;
  for (char c : value) digits = digits && std::isdigit(static_cast<unsigned char>(c));
  if (digits) {
    if (value.size() > 9) return kMaxRetryAfterMs;
    return std::min(TimeMs(std::stoll(value)) * 1000, kMaxRetryAfterMs);
  }
  time_t at = curl_getdate(value.c_str(), nullptr);
  if (at < 0) return -1;
  TimeMs delta = TimeMs(at) * 1000 - NowMs();
  return std::clamp<TimeMs>(delta, 0, kMaxRetryAfterMs);
}

}  // namespace

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

bool IsLoopbackHost(const std::string& raw_host) {
  std::string host = Lower(raw_host);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host == "localhost" || host == "localhost.") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
  return false;
}

Status CheckHubUrl(const std::string& url) {
  CURLU* u = curl_url();
  if (!u) return Status::Internal("out of memory");
  std::unique_ptr<CURLU, void (*)(CURLU*)> guard(u, curl_url_cleanup);
  if (curl_url_set(u, CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
    return Status::InvalidArgument("hub URL '" + url + "' is not a valid URL");
  }
  char* scheme = nullptr;
  char* host = nullptr;
  curl_url_get(u, CURLUPART_SCHEME, &scheme, 0);
  curl_url_get(u, CURLUPART_HOST, &host, 0);
  std::string s = scheme ? Lower(scheme) : "", h = host ? host : "";
  curl_free(scheme);
  curl_free(host);
  if (h.empty()) return Status::InvalidArgument("hub URL '" + url + "' names no host");
  if (s == "https") return Status::Ok();
  if (s == "http") {
    if (IsLoopbackHost(h)) return Status::Ok();
    return Status::InvalidArgument("hub URL '" + url +
                                   "' uses plain http://, which is allowed only for this machine (127.0.0.1, ::1, "
                                   "localhost); use https://");
  }
  return Status::InvalidArgument("hub URL '" + url + "' must start with https://");
}

struct HubClient::Impl {
  CURL* curl = nullptr;
  char errbuf[CURL_ERROR_SIZE] = {};
  HubResponse response;  // filled by the callbacks
  std::string retry_after;
  bool too_large = false;
  const std::atomic<bool>* stop = nullptr;

  ~Impl() {
    if (curl) curl_easy_cleanup(curl);
  }

  static size_t OnBody(char* data, size_t size, size_t n, void* user) {
    auto* self = static_cast<Impl*>(user);
    size_t bytes = size * n;
    if (self->response.body.size() + bytes > kMaxResponseBytes) {
      self->too_large = true;
      return 0;
    }
    self->response.body.append(data, bytes);
    return bytes;
  }

  static size_t OnHeader(char* data, size_t size, size_t n, void* user) {
    auto* self = static_cast<Impl*>(user);
    size_t bytes = size * n;
    std::string_view line(data, bytes);
    if (line.rfind("HTTP/", 0) == 0) {  // a new response (after 100 Continue, say): forget earlier headers
      self->response = HubResponse{};
      self->retry_after.clear();
      return bytes;
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) return bytes;
    std::string name = Lower(Trim(line.substr(0, colon)));
    std::string value = Trim(line.substr(colon + 1));
    if (name == Lower(kProtocolHeader)) {
      if (auto v = ParseProtocolVersion(value)) {
        self->response.from_hub = true;
        self->response.protocol_version = *v;
      }
    } else if (name == "etag") {
      self->response.etag = value;
    } else if (name == "content-type") {
      self->response.content_type = value;
    } else if (name == "retry-after") {
      self->retry_after = value;
    }
    return bytes;
  }

  static int OnProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    auto* self = static_cast<Impl*>(user);
    return self->stop && self->stop->load(std::memory_order_relaxed) ? 1 : 0;
  }
};

HubClient::HubClient(HubClientOptions options) : options_(std::move(options)), impl_(std::make_unique<Impl>()) {}
HubClient::HubClient(HubClient&&) noexcept = default;
HubClient& HubClient::operator=(HubClient&&) noexcept = default;
HubClient::~HubClient() = default;

Result<HubClient> HubClient::Create(HubClientOptions options) {
  GlobalInit();
  while (!options.base_url.empty() && options.base_url.back() == '/') options.base_url.pop_back();
  LK_RETURN_IF_ERROR(CheckHubUrl(options.base_url));
  HubClient client(std::move(options));
  Impl& impl = *client.impl_;
  impl.stop = client.options_.stop;
  impl.curl = curl_easy_init();
  if (!impl.curl) return Status::Internal("cannot create an HTTP client (curl_easy_init failed)");
  CURL* c = impl.curl;
  const HubClientOptions& o = client.options_;
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, impl.errbuf);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!o.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, o.ca_file.c_str());
  if (!o.pinned_public_key.empty()) curl_easy_setopt(c, CURLOPT_PINNEDPUBLICKEY, o.pinned_public_key.c_str());
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, long(o.connect_timeout_ms));
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, long(o.low_speed_bytes_per_s));
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, long(std::max(1, o.transfer_timeout_ms / 2000)));
  curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(c, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  // gzip/deflate answers, decoded by libcurl
  curl_easy_setopt(c, CURLOPT_USERAGENT, o.user_agent.c_str());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &Impl::OnBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &impl);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, &Impl::OnHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &impl);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, &Impl::OnProgress);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, &impl);
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  return client;
}

Result<HubResponse> HubClient::Send(const HubRequest& request) {
  Impl& impl = *impl_;
  CURL* c = impl.curl;
  if (impl.stop && impl.stop->load()) return Status::Unavailable("stopped");
  impl.response = HubResponse{};
  impl.retry_after.clear();
  impl.too_large = false;
  impl.errbuf[0] = '\0';
  last_retry_after_ms_ = -1;

  std::string url = options_.base_url + request.path;
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  std::string body;
  if (request.method == "POST") {
    if (request.gzip_body) {
      LK_ASSIGN_OR_RETURN(body, GzipCompress(request.body));
    } else {
      body = request.body;
    }
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.size()));
  } else {
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
  }
  int timeout = request.transfer_timeout_ms > 0 ? request.transfer_timeout_ms : options_.transfer_timeout_ms;
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, long(timeout));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, long(std::min(timeout, options_.connect_timeout_ms)));
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, long(std::max(1, timeout / 2000)));

  curl_slist* headers = nullptr;
  auto add = [&](const std::string& h) { headers = curl_slist_append(headers, h.c_str()); };
  add("Accept: application/json");
  add("Expect:");  // no 100-continue round trip
  add(std::string(kProtocolHeader) + ": " + std::to_string(kProtocolVersion));
  if (!options_.token.empty()) add("Authorization: Bearer " + options_.token);
  if (request.method == "POST") {
    add("Content-Type: application/json");
    if (request.gzip_body) add("Content-Encoding: gzip");
  }
  for (const auto& h : request.headers) add(h);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  CURLcode rc = curl_easy_perform(c);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, nullptr);
  curl_slist_free_all(headers);

  if (rc != CURLE_OK) {
    std::string detail = impl.errbuf[0] ? impl.errbuf : curl_easy_strerror(rc);
    long os_errno = 0;
    curl_easy_getinfo(c, CURLINFO_OS_ERRNO, &os_errno);
    double connect_time = 0;
    curl_easy_getinfo(c, CURLINFO_CONNECT_TIME, &connect_time);
    switch (rc) {
      case CURLE_ABORTED_BY_CALLBACK: return Status::Unavailable("stopped");
      case CURLE_COULDNT_RESOLVE_HOST:
        return Status::Unavailable("hub not reachable: its name could not be looked up (no network or DNS?)");
      case CURLE_COULDNT_CONNECT:
        if (os_errno == ECONNREFUSED) return Status::Unavailable("hub not reachable: connection refused");
        if (os_errno == ENETUNREACH) return Status::Unavailable("hub not reachable: no network");
        if (os_errno == EHOSTUNREACH) return Status::Unavailable("hub not reachable: no route to the hub");
        return Status::Unavailable("hub not reachable: " + detail);
      case CURLE_OPERATION_TIMEDOUT:
        if (connect_time <= 0) return Status::Unavailable("hub not reachable: no connection within the time limit");
        return Status::Unavailable("the hub stopped answering (timed out: " + detail + ")");
      case CURLE_SEND_ERROR:
      case CURLE_RECV_ERROR:
      case CURLE_GOT_NOTHING:
      case CURLE_PARTIAL_FILE:
      case CURLE_HTTP2:
      case CURLE_HTTP2_STREAM:
        return Status::Unavailable("the connection to the hub broke off (" + detail + ")");
      case CURLE_WRITE_ERROR:
        if (impl.too_large) return Status::Unavailable("the answer was too large to be the hub's");
        return Status::Unavailable("the connection to the hub broke off (" + detail + ")");
      case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
        return Status::FailedPrecondition("the hub's public key does not match the pinned key (wrong server?)");
      case CURLE_PEER_FAILED_VERIFICATION:
      case CURLE_SSL_CACERT_BADFILE:
      case CURLE_SSL_CONNECT_ERROR:
      case CURLE_SSL_CERTPROBLEM:
        return Status::FailedPrecondition("the hub's certificate could not be verified (" + detail + ")");
      default: return Status::Unavailable("hub not reachable: " + detail);
    }
  }
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &impl.response.http_status);
  // Only the hub's own answer may delay the kiosk: a captive portal's Retry-After is ignored.
  impl.response.retry_after_ms = impl.response.from_hub ? ParseRetryAfter(impl.retry_after) : -1;
  last_retry_after_ms_ = impl.response.retry_after_ms;
  return std::move(impl.response);
}

Status ExpectHub(const HubResponse& r, std::initializer_list<long> ok_statuses) {
  if (!r.from_hub) {
    return Status::Unavailable("the network answered with a web page, not the hub (captive portal?)");
  }
  for (long ok : ok_statuses) {
    if (r.http_status == ok) return Status::Ok();
  }
  auto error = ParseErrorBody(r.body);
  std::string what = error ? error->message + " [" + error->code + "]" : "HTTP " + std::to_string(r.http_status);
  long s = r.http_status;
  if (s == 401) return Status::PermissionDenied("the hub does not accept this kiosk's credentials; enrol it again (" + what + ")");
  if (s == 403) return Status::PermissionDenied("the hub refused this kiosk (" + what + ")");
  if (s == 426) return Status::FailedPrecondition("the hub needs a newer learning-kiosk (" + what + ")");
  if (s == 429 || s == 503) return Status::Unavailable("the hub is busy (" + what + ")");
  if (s >= 500) return Status::Unavailable("the hub had an internal error (" + what + ")");
  return Status::InvalidArgument("the hub refused the request (" + what + ")");
}

Result<std::string> GzipCompress(std::string_view data, int level) {
  z_stream z{};
  if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return Status::Internal("gzip: deflateInit2 failed");
  }
  std::string out;
  out.resize(deflateBound(&z, uLong(data.size())) + 32);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = uInt(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = uInt(out.size());
  int rc = deflate(&z, Z_FINISH);
  size_t produced = out.size() - z.avail_out;
  deflateEnd(&z);
  if (rc != Z_STREAM_END) return Status::Internal("gzip: deflate failed");
  out.resize(produced);
  return out;
}

Result<std::string> GzipDecompress(std::string_view data) {
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK) return Status::Internal("gzip: inflateInit2 failed");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = uInt(data.size());
  std::string out;
  char buf[16384];
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&z);
      return Status::InvalidArgument("gzip: corrupt data");
    }
    out.append(buf, sizeof buf - z.avail_out);
    if (rc == Z_OK && z.avail_in == 0 && z.avail_out != 0) {
      inflateEnd(&z);
      return Status::InvalidArgument("gzip: truncated data");
    }
  }
  inflateEnd(&z);
  return out;
}

}  // namespace lk::sync
