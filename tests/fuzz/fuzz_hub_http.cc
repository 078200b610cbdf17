// learning-hub's request handlers, end to end: an in-process HubServer (the real one, on 127.0.0.1 and a
// free port, over a SqliteHubStore in a temporary directory) receives one request per input.
//   byte 0: endpoint (enrol, catalogue, attendance batch, heartbeat, learner summary, health)
//   byte 1: credentials (centre A's device, centre B's device, a revoked device, a garbage token, none,
//           a malformed Authorization header) and transport (gzip the body, or claim gzip and send raw)
//   rest:   the body (POST) or the query string / learner id (GET)
// Properties: the hub answers (never hangs or drops the connection), never 500 (that status means a
// bug), every response carries X-Learning-Protocol, every error has the JSON error envelope, and a
// request without a valid token never gets a 2xx from an authenticated endpoint.
#include <unistd.h>
#include <zlib.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include <httplib.h>

#include "kiosk/core/fault_env.h"
#include "kiosk/core/uuid.h"
#include "sync/hub/credentials.h"
#include "sync/hub/hub_server.h"
#include "sync/hub/sqlite_hub_store.h"
#include "sync/protocol/protocol.h"
#include "tests/fuzz/fuzz_common.h"

namespace {

constexpr lk::TimeMs kNow = 1795900000000;

lk::Catalog MakeCatalog(const std::string& centre) {
  lk::Catalog c;
  c.version = "v1";
  c.centre = {centre, {"中心", "Centre"}, "Asia/Shanghai"};
  c.categories = {{"cat", {"书法", "Calligraphy"}, 1}};
  c.courses = {{"course-1", "cat", {"楷书", "Kaishu"}, {}, {}, 2.0}};
  c.sessions = {{"s-1", "course-1", kNow, kNow + lk::kMsPerHour, {}, 2},
                {centre + "-s-2", "course-1", kNow + lk::kMsPerDay, kNow + lk::kMsPerDay + lk::kMsPerHour, {}, 0}};
  return c;
}

struct Hub {
  std::string dir;
  std::unique_ptr<lk::hub::SqliteHubStore> store;
  lk::FaultEnv env;  // the wall clock frozen half an hour into the catalogue's first session
  std::unique_ptr<lk::hub::HubServer> server;
  std::thread thread;
  int port = 0;
  std::string token_a, token_b, token_revoked;
  std::unique_ptr<httplib::Client> client;
};

std::string EnrollDevice(lk::hub::HubStore* store, const std::string& centre, const std::string& name) {
  std::string code = lk::hub::NewEnrollCode();
  if (!store->AddEnrollCode(centre, lk::hub::HashEnrollCode(code), kNow, kNow + lk::kMsPerDay * 3650).ok()) std::abort();
  std::string token = lk::hub::NewToken();
  lk::sync::EnrollRequest request{code, name, "fuzz"};
  std::string device_id = lk::NewUuid7(kNow);
  if (!store->Enroll(lk::hub::HashEnrollCode(code), device_id, lk::hub::HashToken(token), request, kNow).ok()) {
    std::abort();
  }
  if (name == "revoked" && !store->RevokeDevice(device_id, kNow).ok()) std::abort();
  return token;
}

Hub* StartHub() {
  auto* hub = new Hub;  // lives for the whole process (the server thread uses it)
  if (!lk::hub::InitCrypto()) std::abort();
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base && *base ? base : "/tmp") + "/lk-fuzz-hub-XXXXXX";
  if (!mkdtemp(pattern.data())) std::abort();
  hub->dir = pattern;
  auto store = lk::hub::SqliteHubStore::Open(hub->dir + "/hub.db");
  if (!store.ok()) std::abort();
  hub->store = std::move(*store);
  for (const char* centre : {"centre-a", "centre-b"}) {
    if (!hub->store->AddCentre({centre, {"中心", "Centre"}, "Asia/Shanghai"}, kNow).ok()) std::abort();
    if (!hub->store->ImportCatalog(centre, MakeCatalog(centre), kNow, lk::kMsPerDay).ok()) std::abort();
  }
  hub->token_a = EnrollDevice(hub->store.get(), "centre-a", "kiosk-a");
  hub->token_b = EnrollDevice(hub->store.get(), "centre-b", "kiosk-b");
  hub->token_revoked = EnrollDevice(hub->store.get(), "centre-a", "revoked");
  lk::hub::HubServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.threads = 2;
  options.max_body_bytes = 64 * 1024;
  options.device_rate = 0;  // no rate limit: the fuzzer sends thousands of requests a second
  hub->env.Freeze();
  hub->env.SetWallMs(kNow + lk::kMsPerHour / 2);
  options.env = &hub->env;
  hub->server = std::make_unique<lk::hub::HubServer>(hub->store.get(), options);
  auto port = hub->server->Bind();
  if (!port.ok()) std::abort();
  hub->port = *port;
  hub->thread = std::thread([hub] { (void)hub->server->Run(); });
  hub->client = std::make_unique<httplib::Client>("127.0.0.1", hub->port);
  hub->client->set_keep_alive(true);
  hub->client->set_tcp_nodelay(true);
  hub->client->set_read_timeout(10, 0);
  hub->client->set_connection_timeout(5, 0);
  return hub;
}

Hub* g_hub = nullptr;

// At exit: stop the server, wait for its thread, remove the temporary directory.
void StopHub() {
  if (!g_hub) return;
  g_hub->client.reset();
  g_hub->server->Stop();
  if (g_hub->thread.joinable()) g_hub->thread.join();
  std::error_code ec;
  std::filesystem::remove_all(g_hub->dir, ec);
}

Hub* TheHub() {
  if (!g_hub) {
    g_hub = StartHub();
    std::atexit(StopHub);
  }
  return g_hub;
}

std::string Gzip(const std::string& in) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) std::abort();
  std::string out(deflateBound(&zs, uLong(in.size())) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = uInt(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = uInt(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  Hub* hub = TheHub();
  const int endpoint = data[0] % 6;
  const int credentials = data[1] % 6;
  const int transport = (data[1] / 6) % 3;  // 0 plain, 1 gzip, 2 claims gzip but is not
  std::string body(reinterpret_cast<const char*>(data + 2), size - 2);

  httplib::Headers headers = {{lk::sync::kProtocolHeader, "1"}};
  switch (credentials) {
    case 0: headers.emplace("Authorization", "Bearer " + hub->token_a); break;
    case 1: headers.emplace("Authorization", "Bearer " + hub->token_b); break;
    case 2: headers.emplace("Authorization", "Bearer " + hub->token_revoked); break;
    case 3: headers.emplace("Authorization", "Bearer lkt1_" + std::string(43, 'A')); break;
    case 4: break;
    case 5: headers.emplace("Authorization", "Basic " + hub->token_a); break;
  }
  const bool valid_token = credentials <= 1;
  std::string payload = body;
  if (transport == 1) payload = Gzip(body);
  if (transport != 0) headers.emplace("Content-Encoding", "gzip");

  httplib::Result res{nullptr, httplib::Error::Unknown};
  bool authenticated_endpoint = true;
  switch (endpoint) {
    case 0:
      authenticated_endpoint = false;
      res = hub->client->Post("/v1/enroll", headers, payload, "application/json");
      break;
    case 1: {
      std::string query = httplib::detail::encode_query_param(body.substr(0, 512));
      res = hub->client->Get("/v1/catalog?since=" + query + "&limit=" + std::to_string(size % 300), headers);
      break;
    }
    case 2: res = hub->client->Post("/v1/attendance/batches", headers, payload, "application/json"); break;
    case 3: res = hub->client->Post("/v1/heartbeat", headers, payload, "application/json"); break;
    case 4: {
      std::string id = httplib::detail::encode_query_param(body.substr(0, 256));  // '/' and '%' escaped too
      if (id.empty()) id = "L0001";
      res = hub->client->Get("/v1/learners/" + id + "/summary?year=" + std::to_string(2000 + size % 60), headers);
      break;
    }
    case 5:
      authenticated_endpoint = false;
      res = hub->client->Get("/healthz", headers);
      break;
  }
  LK_FUZZ_CHECK(res, "no answer from the hub (endpoint %d): %s", endpoint, httplib::to_string(res.error()).c_str());
  const int status = res->status;
  LK_FUZZ_CHECK(status != 500, "500 from endpoint %d: %s", endpoint, res->body.c_str());
  LK_FUZZ_CHECK(res->has_header(lk::sync::kProtocolHeader), "status %d without %s", status, lk::sync::kProtocolHeader);
  if (status >= 400) {
    LK_FUZZ_CHECK(lk::sync::ParseErrorBody(res->body).has_value(), "status %d without an error envelope: %.200s",
                  status, res->body.c_str());
  }
  if (authenticated_endpoint && !valid_token) {
    LK_FUZZ_CHECK(status >= 400, "status %d for a request without a valid token (endpoint %d)", status, endpoint);
  }
  return 0;
}
