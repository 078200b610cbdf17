#include "sync/hub/hub_server.h"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <regex>
#include <set>

#include "kiosk/core/uuid.h"
#include "sync/hub/catalog_cursor.h"
#include "sync/hub/credentials.h"
#include "sync/protocol/protocol.h"

namespace lk::hub {

namespace ec = sync::error_code;

struct HubServer::Context {
  DeviceIdentity device;
};

namespace {

void SendJson(httplib::Response& res, int status, const std::string& body) {
  res.status = status;
  res.set_content(body, "application/json");
}

void SendError(httplib::Response& res, int status, const char* code, const std::string& message) {
  SendJson(res, status, sync::ErrorBodyToJson({code, message}));
}

const char* CodeForStatus(int status) {
  switch (status) {
    case 400:
      return ec::kMalformed;
    case 401:
      return ec::kUnauthorized;
    case 403:
      return ec::kForbidden;
    case 404:
      return ec::kNotFound;
    case 413:
      return ec::kPayloadTooLarge;
    case 415:
      return ec::kUnsupportedEncoding;
    case 426:
      return ec::kProtocolTooOld;
    case 429:
      return ec::kRateLimited;
    case 503:
      return ec::kOverloaded;
    default:
      return status >= 500 ? ec::kInternal : ec::kMalformed;
  }
}

}  // namespace

HubServer::HubServer(HubStore* store, HubServerOptions options)
    : store_(store),
      options_(std::move(options)),
      device_limiter_(options_.device_rate, options_.device_burst),
      // Enrolment is rare: a tighter bucket per client address slows down code guessing.
      enroll_limiter_(options_.device_rate > 0 ? 1.0 : 0, 20),
      // Guessing tokens gets the same slow lane as guessing enrolment codes.
      anonymous_limiter_(options_.device_rate > 0 ? 1.0 : 0, 20),
      summary_limiter_(options_.device_rate > 0 ? options_.summary_rate : 0, 10),
      gate_(options_.max_in_flight) {
  if (!options_.clock) {
    options_.clock = [] {
      return TimeMs(
          std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
              .count());
    };
  }
}

HubServer::~HubServer() = default;

TimeMs HubServer::Now() const { return options_.clock(); }

Result<int> HubServer::Bind() {
  if (!InitCrypto()) return Status::Internal("libsodium failed to initialise");
  if (!options_.tls_cert.empty() || !options_.tls_key.empty()) {
    if (options_.tls_cert.empty() || options_.tls_key.empty()) {
      return Status::InvalidArgument("--tls-cert and --tls-key go together");
    }
    auto ssl = std::make_unique<httplib::SSLServer>(options_.tls_cert.c_str(), options_.tls_key.c_str());
    if (!ssl->is_valid()) {
      return Status::InvalidArgument("cannot load TLS certificate " + options_.tls_cert + " / key " + options_.tls_key);
    }
    server_ = std::move(ssl);
  } else {
    server_ = std::make_unique<httplib::Server>();
  }
  httplib::Server& svr = *server_;
  int threads = std::max(2, options_.threads);
  svr.new_task_queue = [threads] { return new httplib::ThreadPool(size_t(threads)); };
  svr.set_tcp_nodelay(true);
  svr.set_keep_alive_max_count(options_.keep_alive_max_count);
  svr.set_keep_alive_timeout(options_.keep_alive_timeout_s);
  svr.set_read_timeout(30, 0);
  svr.set_write_timeout(30, 0);
  svr.set_payload_max_length(options_.max_body_bytes);
  svr.set_default_headers({{sync::kProtocolHeader, std::to_string(sync::kProtocolVersion)},
                           {sync::kMinProtocolHeader, std::to_string(options_.min_protocol)}});
  Register();
  int port = options_.port == 0 ? svr.bind_to_any_port(options_.host)
                                : (svr.bind_to_port(options_.host, options_.port) ? options_.port : -1);
  if (port < 0) {
    return Status::Unavailable("cannot listen on " + options_.host + ":" + std::to_string(options_.port));
  }
  return port;
}

Status HubServer::Run() {
  if (!server_) return Status::FailedPrecondition("Bind() first");
  if (!server_->listen_after_bind()) return Status::Unavailable("the server stopped with an error");
  return Status::Ok();
}

void HubServer::Stop() {
  if (server_) server_->stop();
}

void HubServer::Register() {
  httplib::Server& svr = *server_;
  svr.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    std::string message =
        res.status == 404 ? "no such endpoint" : "request refused (HTTP " + std::to_string(res.status) + ")";
    SendError(res, res.status, CodeForStatus(res.status), message);
    return httplib::Server::HandlerResponse::Handled;
  }));
  svr.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unexpected error";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    std::fprintf(stderr, "learning-hub: %s %s: %s\n", req.method.c_str(), req.path.c_str(), what.c_str());
    SendError(res, 500, ec::kInternal, "internal error");  // details stay in the log
  });
  // Before any body byte is read: a body is read only by the three POST endpoints, which cap it on the
  // wire and after gunzip (ReadBody). Anything else with a body is refused here and the connection
  // closed, so an unknown path or a GET cannot be made to read or inflate anything.
  svr.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    bool has_body = req.has_header("Transfer-Encoding") ||
                    (req.has_header("Content-Length") && req.get_header_value("Content-Length") != "0");
    static const std::set<std::string> kBodyPaths = {"/v1/enroll", "/v1/attendance/batches", "/v1/heartbeat"};
    bool reads_body = req.method == "POST" && kBodyPaths.count(req.path);
    if (!has_body || reads_body) return httplib::Server::HandlerResponse::Unhandled;
    res.set_header("Connection", "close");
    bool route = req.method == "GET" && (req.path == "/healthz" || req.path == "/v1/catalog" ||
                                         std::regex_match(req.path, std::regex(R"(/v1/learners/[^/]+/summary)")));
    if (route) {
      SendError(res, 413, ec::kPayloadTooLarge, "this request takes no body");
    } else {
      SendError(res, 404, ec::kNotFound, "no such endpoint");
    }
    return httplib::Server::HandlerResponse::Handled;
  });
  svr.Get("/healthz", [this](const httplib::Request& req, httplib::Response& res) { HandleHealth(req, res); });
  svr.Post("/v1/enroll", [this](const httplib::Request& req, httplib::Response& res,
                                const httplib::ContentReader& reader) { HandleEnroll(req, res, reader); });
  svr.Get("/v1/catalog", [this](const httplib::Request& req, httplib::Response& res) { HandleCatalog(req, res); });
  svr.Post("/v1/attendance/batches", [this](const httplib::Request& req, httplib::Response& res,
                                            const httplib::ContentReader& reader) { HandleBatch(req, res, reader); });
  svr.Post("/v1/heartbeat", [this](const httplib::Request& req, httplib::Response& res,
                                   const httplib::ContentReader& reader) { HandleHeartbeat(req, res, reader); });
  svr.Get(R"(/v1/learners/([^/]+)/summary)",
          [this](const httplib::Request& req, httplib::Response& res) { HandleLearnerSummary(req, res); });
}

// The checks every /v1 request passes before its body is read, cheapest first. On refusal the response
// is filled in and false returned.
bool HubServer::Admit(const httplib::Request& req, httplib::Response& res, bool authenticate, Context* ctx) {
  std::string version_text = req.get_header_value(sync::kProtocolHeader);
  auto version = sync::ParseProtocolVersion(version_text);
  if (!version) {
    SendError(res, 400, ec::kMalformed, std::string(sync::kProtocolHeader) + " header missing or not a version number");
    return false;
  }
  if (*version < options_.min_protocol) {
    res.set_header("Upgrade", "learning-protocol/" + std::to_string(options_.min_protocol));
    SendError(res, 426, ec::kProtocolTooOld,
              "protocol " + std::to_string(*version) + " is no longer accepted; the minimum is " +
                  std::to_string(options_.min_protocol) + ": update the kiosk software");
    return false;
  }
  if (!authenticate) return true;
  auto token = ParseBearer(req.get_header_value("Authorization"));
  if (!token) {
    RefuseCredentials(req, res, "missing or malformed Authorization: Bearer token");
    return false;
  }
  auto device = store_->Authenticate(HashToken(*token));
  if (!device.ok()) {
    if (device.status().code() != StatusCode::kNotFound) {
      StoreError(res, device.status());
      return false;
    }
    RefuseCredentials(req, res, "unknown token: enrol this kiosk again");
    return false;
  }
  if (device->revoked) {
    SendError(res, 403, ec::kRevoked, "this device was revoked by the hub's administrator");
    return false;
  }
  if (int wait = device_limiter_.Acquire(device->device_id); wait > 0) {
    res.set_header("Retry-After", std::to_string(wait));
    SendError(res, 429, ec::kRateLimited, "too many requests from this device; retry later");
    return false;
  }
  ctx->device = std::move(*device);
  return true;
}

// Reads the (possibly gzip-decoded) body with the size cap. A refused request's body is read and
// discarded the same way, so that the keep-alive connection stays in step.
bool HubServer::ReadBody(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader,
                         std::string* body) {
  (void)req;
  bool too_large = false;
  size_t limit = options_.max_body_bytes;
  bool ok = reader([&](const char* data, size_t length) {
    if (body->size() + length > limit) {
      too_large = true;
      return false;
    }
    body->append(data, length);
    return true;
  });
  if (too_large || res.status == 413) {
    res.set_header("Connection", "close");
    SendError(res, 413, ec::kPayloadTooLarge,
              "request body larger than " + std::to_string(limit) + " bytes (after decompression)");
    return false;
  }
  if (!ok) {
    int status = res.status == 415 ? 415 : 400;
    res.set_header("Connection", "close");
    SendError(res, status, CodeForStatus(status),
              status == 415 ? "unsupported Content-Encoding (use gzip or none)" : "could not read the request body");
    return false;
  }
  return true;
}

void HubServer::RefuseCredentials(const httplib::Request& req, httplib::Response& res, const std::string& message) {
  if (int wait = anonymous_limiter_.Acquire("auth:" + ClientAddress(req)); wait > 0) {
    res.set_header("Retry-After", std::to_string(wait));
    SendError(res, 429, ec::kRateLimited, "too many requests without valid credentials; retry later");
    return;
  }
  res.set_header("WWW-Authenticate", "Bearer");
  SendError(res, 401, ec::kUnauthorized, message);
}

std::string HubServer::ClientAddress(const httplib::Request& req) const {
  const auto& proxies = options_.trusted_proxies;
  if (std::find(proxies.begin(), proxies.end(), req.remote_addr) == proxies.end()) return req.remote_addr;
  std::string forwarded = req.get_header_value("X-Forwarded-For");
  // The last hop is the one the trusted proxy added; earlier ones are whatever the client claimed.
  size_t comma = forwarded.rfind(',');
  std::string last = forwarded.substr(comma == std::string::npos ? 0 : comma + 1);
  size_t b = last.find_first_not_of(" \t"), e = last.find_last_not_of(" \t");
  if (b == std::string::npos || e - b + 1 > 64) return req.remote_addr;
  return last.substr(b, e - b + 1);
}

void HubServer::StoreError(httplib::Response& res, const Status& status) {
  // Clients get the code and a fixed sentence; the detail (file paths, SQL) goes to the log only.
  std::fprintf(stderr, "learning-hub: storage: %s\n", status.ToString().c_str());
  switch (status.code()) {
    case StatusCode::kUnavailable:
    case StatusCode::kIoError:
    case StatusCode::kResourceExhausted:
      // Nothing was committed; the kiosk resends the same batch later.
      res.set_header("Retry-After", std::to_string(std::max(1, options_.retry_after_s)));
      SendError(res, 503, ec::kOverloaded, "storage unavailable; retry later");
      return;
    default:
      SendError(res, 500, ec::kInternal, "internal error");
  }
}

Result<TimeZone> HubServer::ZoneFor(const std::string& name) {
  std::lock_guard lock(zones_mutex_);
  auto it = zones_.find(name);
  if (it != zones_.end()) return it->second;
  LK_ASSIGN_OR_RETURN(TimeZone zone, TimeZone::Load(name));
  zones_.emplace(name, zone);
  return zone;
}

namespace {

// Refusals of requests with a body: keep the refusal, but consume the body first.
void DrainAfterRefusal(httplib::Response& res, const httplib::ContentReader& reader, size_t limit) {
  int status = res.status;
  std::string body = res.body;
  size_t seen = 0;
  bool ok = reader([&](const char*, size_t length) {
    seen += length;
    return seen <= limit;
  });
  res.status = status;
  res.body = std::move(body);
  if (!ok) res.set_header("Connection", "close");
}

}  // namespace

void HubServer::HandleHealth(const httplib::Request&, httplib::Response& res) {
  nlohmann::json j = {{"status", "ok"},
                      {"protocol_version", sync::kProtocolVersion},
                      {"min_protocol_version", options_.min_protocol},
                      {"server_time", FormatRfc3339Utc(Now())}};
  SendJson(res, 200, j.dump());
}

bool HubServer::RefusedAsBusy(const InFlightGate::Ticket& ticket, httplib::Response& res) {
  if (ticket.admitted()) return false;
  res.set_header("Retry-After", std::to_string(options_.retry_after_s));
  SendError(res, 503, ec::kOverloaded, "the hub is busy; retry later");
  return true;
}

bool HubServer::AdmitWithBody(const InFlightGate::Ticket& ticket, const httplib::Request& req, httplib::Response& res,
                              const httplib::ContentReader& reader, Context* ctx, std::string* body) {
  if (RefusedAsBusy(ticket, res) || !Admit(req, res, /*authenticate=*/true, ctx)) {
    DrainAfterRefusal(res, reader, options_.max_body_bytes);
    return false;
  }
  return ReadBody(req, res, reader, body);
}

void HubServer::HandleEnroll(const httplib::Request& req, httplib::Response& res,
                             const httplib::ContentReader& reader) {
  InFlightGate::Ticket ticket(&gate_);
  Context ctx;
  bool admitted = true;
  if (RefusedAsBusy(ticket, res) || !Admit(req, res, /*authenticate=*/false, &ctx)) {
    admitted = false;
  } else if (int wait = enroll_limiter_.Acquire("enroll:" + ClientAddress(req)); wait > 0) {
    res.set_header("Retry-After", std::to_string(wait));
    SendError(res, 429, ec::kRateLimited, "too many enrolment attempts; retry later");
    admitted = false;
  }
  if (!admitted) return DrainAfterRefusal(res, reader, options_.max_body_bytes);
  std::string body;
  if (!ReadBody(req, res, reader, &body)) return;
  auto request = sync::ParseEnrollRequest(body);
  if (!request.ok()) return SendError(res, 400, ec::kMalformed, request.status().message());
  TimeMs now = Now();
  sync::EnrollResponse response;
  response.device_id = NewUuid7(now);
  response.token = NewToken();
  auto centre =
      store_->Enroll(HashEnrollCode(request->code), response.device_id, HashToken(response.token), *request, now);
  if (!centre.ok()) {
    if (centre.status().code() == StatusCode::kNotFound) {
      return SendError(res, 403, ec::kEnrollRefused, "unknown, used or expired enrolment code");
    }
    return StoreError(res, centre.status());
  }
  response.centre = std::move(*centre);
  SendJson(res, 200, sync::EnrollResponseToJson(response));
}

void HubServer::HandleCatalog(const httplib::Request& req, httplib::Response& res) {
  InFlightGate::Ticket ticket(&gate_);
  Context ctx;
  if (RefusedAsBusy(ticket, res) || !Admit(req, res, /*authenticate=*/true, &ctx)) return;
  if (req.has_param("centre") && req.get_param_value("centre") != ctx.device.centre_id) {
    return SendError(res, 403, ec::kForbidden, "this device belongs to another centre");
  }
  size_t limit = options_.catalog_page_size;
  if (req.has_param("limit")) {
    const std::string text = req.get_param_value("limit");
    size_t value = 0;
    bool ok = !text.empty() && text.size() <= 6;
    for (char c : text) ok = ok && c >= '0' && c <= '9';
    if (ok) value = std::stoul(text);
    if (!ok || value == 0) return SendError(res, 400, ec::kMalformed, "limit: expected a positive integer");
    limit = std::min(limit, value);
  }
  std::string since = req.get_param_value("since");
  auto state = store_->GetCatalogState(ctx.device.centre_id);
  if (!state.ok()) return StoreError(res, state.status());
  std::string etag = CatalogEtag(*state, since, limit);
  if (IfNoneMatchHits(req.get_header_value("If-None-Match"), etag)) {
    res.status = 304;
    res.set_header("ETag", etag);
    return;
  }
  std::optional<int64_t> after = DecodeCursor(since, *state);
  sync::CatalogPage page;
  page.full = !after.has_value();
  std::vector<CatalogChange> changes;
  CatalogState snapshot;
  Status listed =
      store_->ListCatalogChanges(ctx.device.centre_id, after.value_or(0), page.full, limit + 1, &snapshot, &changes);
  if (!listed.ok()) return StoreError(res, listed);
  page.has_more = changes.size() > limit;
  if (page.has_more) changes.resize(limit);
  page.centre = snapshot.centre;
  page.catalog_version = snapshot.catalog_version;
  for (auto& c : changes) page.items.push_back(std::move(c.item));
  int64_t next = page.has_more ? changes.back().seq : snapshot.max_seq;
  page.next_cursor = EncodeCursor(snapshot.epoch, next);
  res.set_header("ETag", CatalogEtag(snapshot, since, limit));
  res.set_header("Cache-Control", "no-cache");
  SendJson(res, 200, sync::CatalogPageToJson(page));
}

void HubServer::HandleBatch(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
  InFlightGate::Ticket ticket(&gate_);
  Context ctx;
  std::string body;
  if (!AdmitWithBody(ticket, req, res, reader, &ctx, &body)) return;
  auto batch = sync::ParseBatchRequest(body);
  if (!batch.ok()) return SendError(res, 400, ec::kMalformed, batch.status().message());
  if (!batch->centre_id.empty() && batch->centre_id != ctx.device.centre_id) {
    return SendError(res, 403, ec::kForbidden,
                     "this device belongs to centre " + ctx.device.centre_id + ", not " + batch->centre_id);
  }
  auto response = store_->PushBatch(ctx.device, *batch, Now());
  if (!response.ok()) return StoreError(res, response.status());
  SendJson(res, 200, sync::BatchResponseToJson(*response));
}

void HubServer::HandleHeartbeat(const httplib::Request& req, httplib::Response& res,
                                const httplib::ContentReader& reader) {
  InFlightGate::Ticket ticket(&gate_);
  Context ctx;
  std::string body;
  if (!AdmitWithBody(ticket, req, res, reader, &ctx, &body)) return;
  auto heartbeat = sync::ParseHeartbeatRequest(body);
  if (!heartbeat.ok()) return SendError(res, 400, ec::kMalformed, heartbeat.status().message());
  TimeMs now = Now();
  sync::HeartbeatResponse response;
  response.server_time = now;
  response.clock_skew_ms = heartbeat->kiosk_time - now;
  response.protocol_version = sync::kProtocolVersion;
  response.min_protocol_version = options_.min_protocol;
  Status stored = store_->RecordHeartbeat(ctx.device.device_id, *heartbeat, response.clock_skew_ms, now);
  if (!stored.ok()) return StoreError(res, stored);
  SendJson(res, 200, sync::HeartbeatResponseToJson(response));
}

void HubServer::HandleLearnerSummary(const httplib::Request& req, httplib::Response& res) {
  InFlightGate::Ticket ticket(&gate_);
  Context ctx;
  if (RefusedAsBusy(ticket, res) || !Admit(req, res, /*authenticate=*/true, &ctx)) return;
  std::string learner = req.matches.size() > 1 ? std::string(req.matches[1]) : std::string();
  if (!sync::IsValidId(learner)) return SendError(res, 400, ec::kMalformed, "learner id: not a valid id");
  if (int wait = summary_limiter_.Acquire(ctx.device.device_id); wait > 0) {
    res.set_header("Retry-After", std::to_string(wait));
    return SendError(res, 429, ec::kRateLimited, "too many learner summaries from this device; retry later");
  }
  // Need to know (PROTOCOL.md §7): only about a learner this device's centre has seen (the kiosk asks
  // right after a check-in). Anyone else is "not found", the same answer as for an unknown card.
  auto known = store_->LearnerKnownAt(ctx.device.centre_id, learner);
  if (!known.ok()) return StoreError(res, known.status());
  if (!*known) return SendError(res, 404, ec::kNotFound, "no such learner at this centre");
  auto centre = store_->GetCentre(ctx.device.centre_id);
  if (!centre.ok()) return StoreError(res, centre.status());
  auto zone = ZoneFor(centre->time_zone);
  if (!zone.ok()) return StoreError(res, zone.status());
  TimeMs now = Now();
  int year = zone->DateOf(now).year;
  if (req.has_param("year")) {
    const std::string text = req.get_param_value("year");
    bool ok = text.size() == 4;
    for (char c : text) ok = ok && c >= '0' && c <= '9';
    if (!ok || std::stoi(text) < 2000) return SendError(res, 400, ec::kMalformed, "year: expected YYYY");
    year = std::stoi(text);
  }
  TimeMs from = zone->StartOfDay({year, 1, 1});
  TimeMs to = zone->StartOfDay({year + 1, 1, 1});
  auto summary = store_->LearnerSummary(learner, from, to);
  if (!summary.ok()) return StoreError(res, summary.status());
  summary->year = year;
  summary->as_of = now;
  SendJson(res, 200, sync::LearnerSummaryToJson(*summary));
}

}  // namespace lk::hub
