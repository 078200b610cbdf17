#include "sync/hub/hub_server.h"

#include <algorithm>
#include <any>
#include <cstdio>

#include "kiosk/core/uuid.h"
#include "sync/hub/catalog_cursor.h"
#include "sync/hub/console/console_routes.h"
#include "sync/hub/console/record_page.h"
#include "sync/hub/credentials.h"
#include "sync/protocol/protocol.h"

namespace lk::hub {

namespace ec = sync::error_code;

// What a request's admission hands to its handler: the in-flight ticket (held until the answer) and
// the authenticated device.
struct HubServer::Context {
  explicit Context(InFlightGate* gate) : ticket(gate) {}
  InFlightGate::Ticket ticket;
  DeviceIdentity device;
};

HubServer::Context& HubServer::ContextOf(HttpRequest& req) {
  return *std::any_cast<std::shared_ptr<Context>&>(req.user);
}

namespace {

void SendJson(HttpResponse& res, int status, const std::string& body) {
  res.status = status;
  res.content_type = "application/json";
  res.body = body;
}

void SendError(HttpResponse& res, int status, const char* code, const std::string& message) {
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
      device_limiter_(options_.device_rate, options_.device_burst, options_.env),
      // Enrolment is rare: a tighter bucket per client address slows down code guessing.
      enroll_limiter_(options_.device_rate > 0 ? 1.0 : 0, 20, options_.env),
      // Guessing tokens gets the same slow lane as guessing enrolment codes.
      anonymous_limiter_(options_.device_rate > 0 ? 1.0 : 0, 20, options_.env),
      summary_limiter_(options_.device_rate > 0 ? options_.summary_rate : 0, 10, options_.env),
      gate_(options_.max_in_flight) {}

HubServer::~HubServer() = default;

TimeMs HubServer::Now() const { return options_.env->WallNowMs(); }

Result<int> HubServer::Bind() {
  if (!InitCrypto()) return Status::Internal("libsodium failed to initialise");
  HttpServerOptions http;
  http.host = options_.host;
  http.port = options_.port;
  http.tls_cert = options_.tls_cert;
  http.tls_key = options_.tls_key;
  http.threads = std::max(2, options_.threads);
  http.max_connections = options_.max_connections;
  http.max_connections_per_address = options_.max_connections_per_address;
  http.connection_timeout_s = options_.connection_timeout_s;
  http.header_memory_bytes = options_.header_bytes;
  http.max_body_bytes = options_.max_body_bytes;
  http.default_headers = {{sync::kProtocolHeader, std::to_string(sync::kProtocolVersion)},
                          {sync::kMinProtocolHeader, std::to_string(options_.min_protocol)}};
  http.error = [](HttpResponse& res, int status, const std::string& message) {
    SendError(res, status, CodeForStatus(status), message);
  };
  http_ = std::make_unique<HttpServer>(std::move(http), Routes());
  return http_->Start();
}

Status HubServer::Run() {
  if (!http_) return Status::FailedPrecondition("Bind() first");
  std::unique_lock lock(run_mutex_);
  run_cv_.wait(lock, [this] { return stopping_; });
  http_->Stop();
  return Status::Ok();
}

void HubServer::Stop() {
  {
    std::lock_guard lock(run_mutex_);
    stopping_ = true;
  }
  run_cv_.notify_all();
}

std::vector<HttpRoute> HubServer::Routes() {
  auto admit = [this](bool authenticate) {
    return [this, authenticate](HttpRequest& req, HttpResponse& res) { return Admit(req, res, authenticate); };
  };
  auto handler = [this](void (HubServer::*method)(HttpRequest&, HttpResponse&)) {
    return [this, method](HttpRequest& req, HttpResponse& res) { (this->*method)(req, res); };
  };
  std::vector<HttpRoute> routes{
      {"GET", "/healthz", false, nullptr, handler(&HubServer::HandleHealth)},
      {"POST", "/v1/enroll", true,
       [this](HttpRequest& req, HttpResponse& res) { return Admit(req, res, false) && AdmitEnrolment(req, res); },
       handler(&HubServer::HandleEnroll)},
      {"GET", "/v1/catalog", false, admit(true), handler(&HubServer::HandleCatalog)},
      {"POST", "/v1/attendance/batches", true, admit(true), handler(&HubServer::HandleBatch)},
      {"POST", "/v1/heartbeat", true, admit(true), handler(&HubServer::HandleHeartbeat)},
      {"GET", "/v1/learners/*/summary", false, admit(true), handler(&HubServer::HandleLearnerSummary)},
  };
  // The web pages' requests pass the same in-flight gate; they authenticate people (or links), not kiosks.
  auto gate = [this](HttpRequest& req, HttpResponse& res) {
    auto ctx = std::make_shared<Context>(&gate_);
    req.user = ctx;
    if (ctx->ticket.admitted()) return true;
    res.set_header("Retry-After", std::to_string(options_.retry_after_s));
    SendError(res, 503, ec::kOverloaded, "the hub is busy; retry later");
    return false;
  };
  auto address = [this](const HttpRequest& req) { return ClientAddress(req); };
  if (options_.console) {
    for (HttpRoute& route : options_.console->Routes(gate, address)) routes.push_back(std::move(route));
  }
  if (options_.record_page) routes.push_back(options_.record_page->Route(gate, address));
  return routes;
}

bool HubServer::Admit(HttpRequest& req, HttpResponse& res, bool authenticate) {
  auto ctx = std::make_shared<Context>(&gate_);
  req.user = ctx;
  if (!ctx->ticket.admitted()) {
    res.set_header("Retry-After", std::to_string(options_.retry_after_s));
    SendError(res, 503, ec::kOverloaded, "the hub is busy; retry later");
    return false;
  }
  std::string version_text = req.header("x-learning-protocol");
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
  auto token = ParseBearer(req.header("authorization"));
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

void HubServer::RefuseCredentials(const HttpRequest& req, HttpResponse& res, const std::string& message) {
  if (int wait = anonymous_limiter_.Acquire("auth:" + ClientAddress(req)); wait > 0) {
    res.set_header("Retry-After", std::to_string(wait));
    SendError(res, 429, ec::kRateLimited, "too many requests without valid credentials; retry later");
    return;
  }
  res.set_header("WWW-Authenticate", "Bearer");
  SendError(res, 401, ec::kUnauthorized, message);
}

std::string HubServer::ClientAddress(const HttpRequest& req) const {
  const auto& proxies = options_.trusted_proxies;
  if (std::find(proxies.begin(), proxies.end(), req.remote_addr) == proxies.end()) return req.remote_addr;
  std::string forwarded = req.header("x-forwarded-for");
  // The last hop is the one the trusted proxy added; earlier ones are whatever the client claimed.
  size_t comma = forwarded.rfind(',');
  std::string last = forwarded.substr(comma == std::string::npos ? 0 : comma + 1);
  size_t b = last.find_first_not_of(" \t"), e = last.find_last_not_of(" \t");
  if (b == std::string::npos || e - b + 1 > 64) return req.remote_addr;
  return last.substr(b, e - b + 1);
}

void HubServer::StoreError(HttpResponse& res, const Status& status) {
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

void HubServer::HandleHealth(HttpRequest&, HttpResponse& res) {
  nlohmann::json j = {{"status", "ok"},
                      {"protocol_version", sync::kProtocolVersion},
                      {"min_protocol_version", options_.min_protocol},
                      {"server_time", FormatRfc3339Utc(Now())}};
  SendJson(res, 200, sync::DumpJson(j));
}

bool HubServer::AdmitEnrolment(const HttpRequest& req, HttpResponse& res) {
  if (int wait = enroll_limiter_.Acquire("enroll:" + ClientAddress(req)); wait > 0) {
    res.set_header("Retry-After", std::to_string(wait));
    SendError(res, 429, ec::kRateLimited, "too many enrolment attempts; retry later");
    return false;
  }
  return true;
}

void HubServer::HandleEnroll(HttpRequest& req, HttpResponse& res) {
  const std::string& body = req.body;
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

void HubServer::HandleCatalog(HttpRequest& req, HttpResponse& res) {
  Context& ctx = ContextOf(req);
  if (req.has_query("centre") && req.query_value("centre") != ctx.device.centre_id) {
    return SendError(res, 403, ec::kForbidden, "this device belongs to another centre");
  }
  size_t limit = options_.catalog_page_size;
  if (req.has_query("limit")) {
    const std::string text = req.query_value("limit");
    size_t value = 0;
    bool ok = !text.empty() && text.size() <= 6;
    for (char c : text) ok = ok && c >= '0' && c <= '9';
    if (ok) value = std::stoul(text);
    if (!ok || value == 0) return SendError(res, 400, ec::kMalformed, "limit: expected a positive integer");
    limit = std::min(limit, value);
  }
  std::string since = req.query_value("since");
  auto state = store_->GetCatalogState(ctx.device.centre_id);
  if (!state.ok()) return StoreError(res, state.status());
  std::string etag = CatalogEtag(*state, since, limit);
  if (IfNoneMatchHits(req.header("if-none-match"), etag)) {
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

void HubServer::HandleBatch(HttpRequest& req, HttpResponse& res) {
  Context& ctx = ContextOf(req);
  auto batch = sync::ParseBatchRequest(req.body);
  if (!batch.ok()) return SendError(res, 400, ec::kMalformed, batch.status().message());
  if (!batch->centre_id.empty() && batch->centre_id != ctx.device.centre_id) {
    return SendError(res, 403, ec::kForbidden,
                     "this device belongs to centre " + ctx.device.centre_id + ", not " + batch->centre_id);
  }
  auto response = store_->PushBatch(ctx.device, *batch, Now());
  if (!response.ok()) return StoreError(res, response.status());
  SendJson(res, 200, sync::BatchResponseToJson(*response));
}

void HubServer::HandleHeartbeat(HttpRequest& req, HttpResponse& res) {
  Context& ctx = ContextOf(req);
  auto heartbeat = sync::ParseHeartbeatRequest(req.body);
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

void HubServer::HandleLearnerSummary(HttpRequest& req, HttpResponse& res) {
  Context& ctx = ContextOf(req);
  std::string learner = req.path_params.empty() ? std::string() : req.path_params[0];
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
  auto zone = zones_.Get(centre->time_zone);
  if (!zone.ok()) return StoreError(res, zone.status());
  TimeMs now = Now();
  int year = (*zone)->DateOf(now).year;
  if (req.has_query("year")) {
    const std::string text = req.query_value("year");
    bool ok = text.size() == 4;
    for (char c : text) ok = ok && c >= '0' && c <= '9';
    if (!ok || std::stoi(text) < 2000) return SendError(res, 400, ec::kMalformed, "year: expected YYYY");
    year = std::stoi(text);
  }
  TimeMs from = (*zone)->StartOfDay({year, 1, 1});
  TimeMs to = (*zone)->StartOfDay({year + 1, 1, 1});
  auto summary = store_->LearnerSummary(learner, from, to);
  if (!summary.ok()) return StoreError(res, summary.status());
  summary->year = year;
  summary->as_of = now;
  if (options_.record_page) summary->record_url = options_.record_page->LinkFor(learner, ctx.device.centre_id, now);
  SendJson(res, 200, sync::LearnerSummaryToJson(*summary));
}

}  // namespace lk::hub
