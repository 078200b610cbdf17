// Security of the hub (it faces the internet) and of the kiosk's side of the link, against a real
// learning-hub process on 127.0.0.1:
//  - the authorisation matrix: every endpoint x {no token, malformed Authorization headers, unknown
//    token, revoked device, valid device}, with the database unchanged by every refusal;
//  - centre isolation: a device of centre B cannot read A's catalogue, push to A's sessions, void A's
//    records or name centre A; the cross-centre learner summary carries counts only;
//  - administration (centres, codes, devices, revoke, report, import) is not reachable over HTTP;
//  - request size (413, also after gunzip) and rate limits (429 with Retry-After, per device; enrolment
//    attempts per address);
//  - secrets at rest: the hub stores no token or code in clear; the kiosk's device.json is mode 0600;
//  - TLS as the kiosk's HubClient sees it: an untrusted certificate, a certificate for another name and
//    a pinned key that does not match are refused; the right CA file and the right pin are accepted.
// Staff PIN lockout is tested by the staff suite (StaffAuthTest), run here under the reliability label
// as `reliability_staff_pin_lockout` (tests/reliability/CMakeLists.txt). The hub runs on the database
// LK_HUB_BACKEND names (HubTestDb): ctest runs the suite on SQLite and on PostgreSQL.
#include <signal.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "kiosk/core/clock.h"
#include "kiosk/core/time_zone.h"
#include "kiosk/core/uuid.h"
#include "sync/client/hub_client.h"
#include "sync/protocol/attendance_messages.h"
#include "sync/protocol/device_messages.h"
#include "sync/protocol/learner_summary.h"
#include "sync/protocol/protocol.h"
#include "tests/hub/hub_process.h"
#include "tests/reliability/rel_util.h"
#include "tests/testing/hub_test_db.h"
#include "tests/testing/test_util.h"

namespace lk::testing {
namespace {

using nlohmann::json;

// The sessions are open from 12 hours before the test to 12 hours after it, so a record made now is
// always inside them, also when the test runs across local midnight; their day is kSessionsStart's.
const TimeMs kSessionsStart = NowMs() - 12 * kMsPerHour;

json Catalog(const std::string& centre, const std::string& session_prefix) {
  json sessions = json::array();
  for (int i = 1; i <= 2; ++i) {
    sessions.push_back({{"id", session_prefix + std::to_string(i)},
                        {"course", "c-1"},
                        {"start", FormatRfc3339Utc(kSessionsStart)},
                        {"end", FormatRfc3339Utc(kSessionsStart + kMsPerDay)},
                        {"capacity", 0}});
  }
  return {{"format", 1},
          {"version", centre + "-v1"},
          {"centre", {{"id", centre}, {"name", {{"zh", centre + "中心"}, {"en", "Centre " + centre}}},
                      {"time_zone", "Asia/Shanghai"}}},
          {"categories", {{{"id", "cat"}, {"name", {{"zh", "书法"}, {"en", "Calligraphy"}}}}}},
          {"courses", {{{"id", "c-1"}, {"category", "cat"}, {"title", {{"zh", "楷书"}, {"en", "Kaishu"}}},
                        {"credit_hours", 2.0}}}},
          {"sessions", sessions}};
}

class SecurityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    signal(SIGPIPE, SIG_IGN);  // the hub may answer 413 and close while the client is still sending
    for (const char* c : {"a", "b"}) {
      Cli({"center", "add", "--db", db_.uri(), "--id", c, "--name", std::string(c) + "中心"});
      WriteFile(dir_.File(std::string(c) + ".json"), Catalog(c, std::string(c) + "-s").dump());
      Cli({"import-catalog", "--db", db_.uri(), "--center", c, dir_.File(std::string(c) + ".json")});
    }
  }

  void Start(const std::vector<std::string>& args = {"--rate", "0"}) {
    hub_.reset();
    std::string error;
    hub_ = HubProcess::Start(db_.uri(), args, &error);
    ASSERT_TRUE(hub_) << error;
  }

  ProcessResult Cli(const std::vector<std::string>& args) {
    ProcessResult r = RunHub(args);
    EXPECT_EQ(r.exit_code, 0) << args[0] << ": " << r.err << r.out;
    return r;
  }

  std::string Code(const std::string& centre) {
    std::string code = Cli({"enroll-code", "--db", db_.uri(), "--center", centre}).out;
    while (!code.empty() && (code.back() == '\n' || code.back() == ' ')) code.pop_back();
    return code;
  }

  httplib::Client Client() {
    httplib::Client cli(hub_->host(), hub_->port());
    cli.set_connection_timeout(5);
    cli.set_read_timeout(30);
    return cli;
  }

  static httplib::Headers Headers(const std::string& authorization = "") {
    httplib::Headers h{{sync::kProtocolHeader, "1"}};
    if (!authorization.empty()) h.emplace("Authorization", authorization);
    return h;
  }

  // Enrols a device of `centre` over HTTP; returns its token (and id).
  std::string Enroll(const std::string& centre, std::string* device_id = nullptr) {
    auto res = Client().Post("/v1/enroll", Headers(), sync::EnrollRequestToJson({Code(centre), "k", "0.1.0"}),
                             "application/json");
    EXPECT_TRUE(res && res->status == 200) << (res ? res->body : "no response");
    if (!res || res->status != 200) return "";
    auto parsed = sync::ParseEnrollResponse(res->body);
    EXPECT_TRUE(parsed.ok());
    if (device_id) *device_id = parsed->device_id;
    return parsed->token;
  }

  AttendanceRecord Rec(const std::string& learner, const std::string& session, RecordKind kind = RecordKind::kCheckIn,
                       const std::string& refers_to = "") {
    AttendanceRecord r;
    r.id = NewUuid7(NowMs());
    r.seq = ++seq_;
    r.kind = kind;
    r.learner_id = learner;
    r.session_id = session;
    r.recorded_at = NowMs();
    r.refers_to = refers_to;
    r.source = kind == RecordKind::kCheckIn ? RecordSource::kKeypad : RecordSource::kStaff;
    if (kind != RecordKind::kCheckIn) r.reason = "staff";
    return r;
  }

  std::string BatchBody(const std::vector<AttendanceRecord>& records, const std::string& centre = "") {
    return sync::BatchRequestToJson({NewUuid7(NowMs()), centre, records});
  }

  httplib::Result Push(const std::string& token, const std::string& body) {
    return Client().Post("/v1/attendance/batches", Headers("Bearer " + token), body, "application/json");
  }

  static void ExpectError(const httplib::Result& res, int status, const std::string& code, const std::string& what) {
    ASSERT_TRUE(res) << what << ": no response";
    EXPECT_EQ(res->status, status) << what << ": " << res->body;
    EXPECT_EQ(res->get_header_value(sync::kProtocolHeader), "1") << what;
    auto error = sync::ParseErrorBody(res->body);
    ASSERT_TRUE(error) << what << ": " << res->body;
    if (!code.empty()) {
      EXPECT_EQ(error->code, code) << what;
    }
  }

  TempDir dir_;
  HubTestDb db_;  // the backend LK_HUB_BACKEND names
  std::unique_ptr<HubProcess> hub_;
  int64_t seq_ = 0;
};

TEST_F(SecurityTest, AuthorisationMatrixForEveryEndpoint) {
  Start();
  std::string device_a, revoked_id;
  const std::string token_a = Enroll("a", &device_a);
  const std::string token_revoked = Enroll("a", &revoked_id);
  Cli({"revoke", "--db", db_.uri(), "--device", revoked_id});
  const std::string unknown_token = "lkt1_" + std::string(43, 'Q');

  struct Credential {
    std::string name, authorization;
    int status;
    std::string code;
  };
  const std::vector<Credential> refused = {
      {"no Authorization", "", 401, sync::error_code::kUnauthorized},
      {"empty bearer", "Bearer ", 401, sync::error_code::kUnauthorized},
      {"bearer word only", "Bearer", 401, sync::error_code::kUnauthorized},
      {"lower-case scheme with junk", "bearer x", 401, sync::error_code::kUnauthorized},
      {"basic scheme", "Basic " + token_a, 401, sync::error_code::kUnauthorized},
      {"token plus junk", "Bearer " + token_a + " x", 401, sync::error_code::kUnauthorized},
      {"token truncated", "Bearer " + token_a.substr(0, token_a.size() - 1), 401, sync::error_code::kUnauthorized},
      {"token with a byte changed", "Bearer " + token_a.substr(0, token_a.size() - 1) +
                                        (token_a.back() == 'A' ? "B" : "A"), 401, sync::error_code::kUnauthorized},
      {"huge token", "Bearer lkt1_" + std::string(6000, 'x'), 401, ""},
      {"sql in token", "Bearer ' OR '1'='1", 401, sync::error_code::kUnauthorized},
      {"unknown token", "Bearer " + unknown_token, 401, sync::error_code::kUnauthorized},
      {"revoked device", "Bearer " + token_revoked, 403, sync::error_code::kRevoked},
  };
  struct Endpoint {
    std::string method, path;
    std::function<std::string()> body;
  };
  const std::vector<Endpoint> endpoints = {
      {"GET", "/v1/catalog", nullptr},
      {"GET", "/v1/catalog?since=&limit=5", nullptr},
      {"POST", "/v1/attendance/batches", [&] { return BatchBody({Rec("L0001", "a-s1")}); }},
      {"POST", "/v1/heartbeat", [] { return sync::HeartbeatRequestToJson({1, 2, "0.1.0", NowMs()}); }},
      {"GET", "/v1/learners/L0001/summary", nullptr},
  };
  const std::string before = db_.Dump();
  int cells = 0;
  for (const auto& e : endpoints) {
    for (const auto& c : refused) {
      std::string what = e.method + " " + e.path + " with " + c.name;
      auto cli = Client();
      auto res = e.method == "GET" ? cli.Get(e.path, Headers(c.authorization))
                                   : cli.Post(e.path, Headers(c.authorization), e.body(), "application/json");
      ExpectError(res, c.status, c.code, what);
      ++cells;
    }
  }
  // Refusals left no trace: no record, no heartbeat, no device change.
  EXPECT_EQ(db_.Dump(), before) << "a refused request changed the hub's database";
  // The valid token is served everywhere.
  for (const auto& e : endpoints) {
    auto cli = Client();
    auto res = e.method == "GET" ? cli.Get(e.path, Headers("Bearer " + token_a))
                                 : cli.Post(e.path, Headers("Bearer " + token_a), e.body(), "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << e.method << " " << e.path << ": " << res->body;
    ++cells;
  }
  // Without the protocol header the request is refused before the token is even looked at.
  auto res = Client().Get("/v1/catalog", httplib::Headers{{"Authorization", "Bearer " + token_a}});
  ExpectError(res, 400, sync::error_code::kMalformed, "no protocol header");
  rel::Figures("security_auth_matrix", {{"cells", cells + 1}});
}

TEST_F(SecurityTest, ADeviceSeesAndTouchesOnlyItsOwnCentre) {
  Start();
  const std::string token_a = Enroll("a"), token_b = Enroll("b");
  // A's record, committed.
  AttendanceRecord a_record = Rec("L0001", "a-s1");
  auto pushed = Push(token_a, BatchBody({a_record}));
  ASSERT_TRUE(pushed && pushed->status == 200) << (pushed ? pushed->body : "");

  // B's catalogue holds only B's sessions; naming centre a is forbidden.
  auto cat = Client().Get("/v1/catalog", Headers("Bearer " + token_b));
  ASSERT_TRUE(cat && cat->status == 200);
  EXPECT_EQ(cat->body.find("a-s1"), std::string::npos) << "centre A's session in B's catalogue";
  ExpectError(Client().Get("/v1/catalog?centre=a", Headers("Bearer " + token_b)), 403, sync::error_code::kForbidden,
              "catalogue of centre a");
  ExpectError(Push(token_b, BatchBody({Rec("L0002", "b-s1")}, "a")), 403, sync::error_code::kForbidden,
              "batch naming centre a");

  // Records for A's session, and a void of A's record, from B: rejected per record, nothing applied.
  AttendanceRecord into_a = Rec("L0003", "a-s1");
  AttendanceRecord void_a = Rec("L0001", "b-s1", RecordKind::kVoid, a_record.id);
  AttendanceRecord correct_a = Rec("L0001", "a-s1", RecordKind::kCorrection, a_record.id);
  AttendanceRecord steal_id = a_record;  // A's record id, replayed by B with B's session
  steal_id.session_id = "b-s1";
  auto res = Push(token_b, BatchBody({into_a, void_a, correct_a, steal_id}));
  ASSERT_TRUE(res && res->status == 200) << (res ? res->body : "");
  auto answer = sync::ParseBatchResponse(res->body);
  ASSERT_TRUE(answer.ok());
  ASSERT_EQ(answer->results.size(), 4u);
  EXPECT_EQ(answer->results[0].outcome, sync::RecordOutcome::kRejected);
  EXPECT_EQ(answer->results[0].reason, sync::reject_reason::kUnknownSession);
  // B's void of A's record id is B's own record and acts on nothing (the id is unknown in B); the
  // correction names A's session (rejected); A's id replayed with B's session is B's own record.
  EXPECT_EQ(answer->results[1].outcome, sync::RecordOutcome::kAccepted) << answer->results[1].reason;
  EXPECT_EQ(answer->results[1].flags, std::vector<std::string>{sync::record_flag::kUnknownTarget});
  EXPECT_EQ(answer->results[2].outcome, sync::RecordOutcome::kRejected) << answer->results[2].reason;
  EXPECT_EQ(answer->results[3].outcome, sync::RecordOutcome::kAccepted) << answer->results[3].reason;

  // A's record is untouched: still effective in A's report.
  ProcessResult report = Cli({"report", "--db", db_.uri(), "--center", "a", "--date",
                              TimeZone::Load("Asia/Shanghai")->DateOf(kSessionsStart).ToString(), "--format", "json"});
  json rows = json::parse(report.out);
  ASSERT_EQ(rows.size(), 1u) << report.out;
  EXPECT_EQ(rows[0].dump().find("voided"), std::string::npos) << rows.dump();

  // The learner summary answers only about a learner this centre has seen (PROTOCOL.md §7)...
  ExpectError(Client().Get("/v1/learners/L0001/summary", Headers("Bearer " + token_b)), 404,
              sync::error_code::kNotFound, "summary of a learner centre B never saw");
  auto seen_at_b = Push(token_b, BatchBody({Rec("L0001", "b-s1")}));
  ASSERT_TRUE(seen_at_b && seen_at_b->status == 200);
  // ...and is cross-centre then, but carries counts only: no record ids, no session ids, no device ids of
  // the other centre.
  auto summary = Client().Get("/v1/learners/L0001/summary", Headers("Bearer " + token_b));
  ASSERT_TRUE(summary && summary->status == 200) << (summary ? summary->body : "");
  EXPECT_EQ(summary->body.find(a_record.id), std::string::npos);
  EXPECT_EQ(summary->body.find("a-s1"), std::string::npos);
  json s = json::parse(summary->body);
  std::set<std::string> keys;
  for (auto it = s.begin(); it != s.end(); ++it) keys.insert(it.key());
  EXPECT_EQ(keys, (std::set<std::string>{"learner_id", "year", "checkins", "credit_hours", "centres", "as_of"}));
}

TEST_F(SecurityTest, AdministrationIsNotReachableOverHttp) {
  Start();
  const std::string token = Enroll("a");
  const std::string before = db_.Dump();
  const char* paths[] = {"/admin", "/v1/admin", "/v1/devices", "/v1/device", "/v1/revoke", "/v1/enroll-code",
                         "/v1/enroll_code", "/v1/enroll/code", "/v1/center", "/v1/centers", "/v1/centres",
                         "/v1/center/add", "/v1/report", "/v1/import-catalog", "/v1/catalog/import", "/v1/catalog/../admin",
                         "/v1/learners", "/v1/learners/L0001", "/v1/learners/..%2F..%2Fadmin/summary",
                         "/v1/attendance", "/v1/attendance/batches/1", "/metrics", "/debug", "/v2/catalog",
                         "/.env", "/hub.db", "/v1/healthz/../devices"};
  int probes = 0;
  for (const char* path : paths) {
    for (const char* method : {"GET", "POST", "PUT", "DELETE", "PATCH"}) {
      httplib::Request req;
      req.method = method;
      req.path = path;
      req.headers = Headers("Bearer " + token);
      if (std::string(method) != "GET") req.body = "{\"id\":\"x\",\"centre\":\"a\",\"device\":\"all\"}";
      auto res = Client().send(req);
      ASSERT_TRUE(res) << method << " " << path;
      EXPECT_TRUE(res->status == 404 || res->status == 405 || res->status == 400)
          << method << " " << path << " -> " << res->status << " " << res->body;
      ++probes;
    }
  }
  // Methods the real endpoints do not take.
  for (auto [method, path] : std::vector<std::pair<const char*, const char*>>{
           {"DELETE", "/v1/attendance/batches"}, {"PUT", "/v1/attendance/batches"}, {"POST", "/v1/catalog"},
           {"DELETE", "/v1/catalog"}, {"PUT", "/v1/enroll"}, {"GET", "/v1/enroll"}, {"POST", "/healthz"}}) {
    httplib::Request req;
    req.method = method;
    req.path = path;
    req.headers = Headers("Bearer " + token);
    auto res = Client().send(req);
    ASSERT_TRUE(res);
    EXPECT_GE(res->status, 400) << method << " " << path;
    ++probes;
  }
  EXPECT_EQ(db_.Dump(), before) << "an HTTP probe changed the hub's database";
  rel::Figures("security_admin_probes", {{"requests", probes}});
}

TEST_F(SecurityTest, RequestBodiesAreLimitedOnTheWireAndAfterGunzip) {
  Start({"--rate", "0", "--max-body", "8192"});
  const std::string token = Enroll("a");
  const std::string before = db_.Dump();
  std::vector<AttendanceRecord> records;
  for (int i = 0; i < 60; ++i) records.push_back(Rec("L" + std::to_string(1000 + i), "a-s1"));
  std::string big = BatchBody(records);
  ASSERT_GT(big.size(), 8192u);
  ExpectError(Push(token, big), 413, sync::error_code::kPayloadTooLarge, "plain body over the limit");

  // A gzip bomb: 1 KiB on the wire, 4 MiB inflated.
  std::string bomb_json = "{\"batch_id\":\"" + NewUuid7(NowMs()) + "\",\"records\":[{\"reason\":\"" +
                          std::string(4 << 20, 'a') + "\"}]}";
  auto gz = sync::GzipCompress(bomb_json, 9);
  ASSERT_TRUE(gz.ok());
  ASSERT_LT(gz->size(), 8192u);
  httplib::Headers h = Headers("Bearer " + token);
  h.emplace("Content-Encoding", "gzip");
  ExpectError(Client().Post("/v1/attendance/batches", h, *gz, "application/json"), 413,
              sync::error_code::kPayloadTooLarge, "gzip bomb");
  // Chunked (no Content-Length) over the limit.
  size_t sent = 0;
  auto chunked = Client().Post(
      "/v1/attendance/batches", Headers("Bearer " + token),
      [&](size_t, httplib::DataSink& sink) {
        if (sent >= 64 * 1024) {
          sink.done();
          return true;
        }
        std::string part(4096, ' ');
        sent += part.size();
        return sink.write(part.data(), part.size());
      },
      "application/json");
  if (chunked) {
    EXPECT_EQ(chunked->status, 413) << chunked->body;
  }  // else: the hub closed the connection mid-upload, also a refusal
  // Enrolment bodies too (unauthenticated).
  ExpectError(Client().Post("/v1/enroll", Headers(), std::string(20000, '{'), "application/json"), 413,
              sync::error_code::kPayloadTooLarge, "enrol body over the limit");
  EXPECT_EQ(db_.Dump(), before);
  // Under the limit still works.
  auto ok = Push(token, BatchBody({Rec("L0001", "a-s1")}));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200) << ok->body;
}

// The hub's peak resident memory (VmHWM), in KiB.
int64_t PeakRssKib(pid_t pid) {
  std::string status = ReadFile("/proc/" + std::to_string(pid) + "/status");
  size_t at = status.find("VmHWM:");
  return at == std::string::npos ? -1 : std::stoll(status.substr(at + 6));
}

TEST_F(SecurityTest, GzipBombsOnEveryRouteWithAndWithoutATokenDoNotGrowTheHub) {
  Start();
  const std::string token = Enroll("a");
  // 200 MiB of JSON-ish text in about 200 KB of gzip.
  auto bomb = sync::GzipCompress("[" + std::string(200 << 20, ' '), 9);
  ASSERT_TRUE(bomb.ok());
  ASSERT_LT(bomb->size(), 400u << 10);
  const int64_t before = PeakRssKib(hub_->pid());
  ASSERT_GT(before, 0);
  int sent = 0;
  for (const std::string route : {"POST /v1/attendance/batches", "POST /v1/heartbeat", "POST /v1/enroll",
                                  "POST /healthz", "GET /healthz", "GET /v1/catalog", "POST /v1/catalog",
                                  "GET /v1/learners/L0001/summary", "POST /nowhere"}) {
    for (const std::string& auth : {std::string(), "Authorization: Bearer " + token + "\r\n"}) {
      std::string head = route + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Learning-Protocol: 1\r\n" + auth +
                         "Content-Type: application/json\r\nContent-Encoding: gzip\r\n";
      RawExchange(hub_->port(), head + "Content-Length: " + std::to_string(bomb->size()) + "\r\n\r\n" + *bomb, 10);
      // The same bytes chunked: 16 KiB chunks, then the last chunk.
      std::string chunked = head + "Transfer-Encoding: chunked\r\n\r\n";
      for (size_t off = 0; off < bomb->size(); off += 16384) {
        size_t n = std::min<size_t>(16384, bomb->size() - off);
        char size_line[32];
        std::snprintf(size_line, sizeof size_line, "%zx\r\n", n);
        chunked += size_line + bomb->substr(off, n) + "\r\n";
      }
      RawExchange(hub_->port(), chunked + "0\r\n\r\n", 10);
      sent += 2;
    }
  }
  const int64_t after = PeakRssKib(hub_->pid());
  rel::Figures("hub_gzip_bombs", {{"bombs", sent}, {"wire_bytes", int64_t(bomb->size())},
                                  {"peak_rss_before_kib", before}, {"peak_rss_after_kib", after}});
  EXPECT_LT(after - before, 32 << 10) << "the hub's peak RSS grew by " << (after - before) << " KiB";
  auto health = Client().Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
}

TEST_F(SecurityTest, RateLimitsAnswer429WithRetryAfterPerDeviceAndPerAddressForEnrolment) {
  Start({"--rate", "2", "--burst", "3"});
  const std::string token_a = Enroll("a"), token_b = Enroll("b");
  int limited = 0;
  std::string retry_after;
  auto limited_at = std::chrono::steady_clock::now();
  for (int i = 0; i < 12; ++i) {
    auto res = Client().Get("/v1/catalog", Headers("Bearer " + token_a));
    ASSERT_TRUE(res);
    if (res->status == 429) {
      ++limited;
      retry_after = res->get_header_value("Retry-After");
      limited_at = std::chrono::steady_clock::now();
      auto error = sync::ParseErrorBody(res->body);
      ASSERT_TRUE(error);
      EXPECT_EQ(error->code, sync::error_code::kRateLimited);
    } else {
      EXPECT_EQ(res->status, 200);
    }
  }
  EXPECT_GE(limited, 5) << "a device sending 12 requests at once with burst 3 was not limited";
  ASSERT_FALSE(retry_after.empty()) << "429 without Retry-After";
  EXPECT_GE(std::stoi(retry_after), 1);
  // Per device: B is not punished for A.
  auto b = Client().Get("/v1/catalog", Headers("Bearer " + token_b));
  ASSERT_TRUE(b);
  EXPECT_EQ(b->status, 200) << "another device was limited too";
  // Within Retry-After (and half a second for the round trip), A is served again. A bounded wait on the
  // hub process; a refused request takes no token, so asking meanwhile changes nothing. The exact
  // refill is hub_rate_limiter_test's, on a FaultEnv clock.
  const auto served_by = limited_at + std::chrono::seconds(std::stoi(retry_after)) + std::chrono::milliseconds(500);
  const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(served_by - std::chrono::steady_clock::now());
  EXPECT_TRUE(WaitUntil(
      [&] {
        auto again = Client().Get("/v1/catalog", Headers("Bearer " + token_a));
        return again && again->status == 200;
      },
      std::max(0, int(wait.count())), 50))
      << "still limited after Retry-After";

  // Guessing enrolment codes from one address is limited too (the codes have 59 bits, but still).
  int refused = 0, throttled = 0;
  for (int i = 0; i < 30; ++i) {
    auto res = Client().Post("/v1/enroll", Headers(), sync::EnrollRequestToJson({"AAAA-BBBB-CCC" + std::to_string(i % 10),
                                                                                "guess", "0"}),
                             "application/json");
    ASSERT_TRUE(res);
    if (res->status == 403) ++refused;
    if (res->status == 429) ++throttled;
    EXPECT_NE(res->status, 200);
  }
  EXPECT_GE(throttled, 10) << "30 wrong enrolment codes in a row were never throttled (" << refused << " refused)";
  rel::Figures("security_rate_limit", {{"device_429", limited}, {"enrol_403", refused}, {"enrol_429", throttled}});
}

TEST_F(SecurityTest, TheHubKeepsNoTokenOrEnrolmentCodeInClear) {
  Start();
  std::string code = Code("a");
  auto res = Client().Post("/v1/enroll", Headers(), sync::EnrollRequestToJson({code, "k", "0.1.0"}), "application/json");
  ASSERT_TRUE(res && res->status == 200);
  auto enrolled = sync::ParseEnrollResponse(res->body);
  ASSERT_TRUE(enrolled.ok());
  hub_.reset();  // stopped: SQLite's WAL is checkpointed into the file (PostgreSQL's: StoredInClear checkpoints)
  // What is stored is found: the device id, which the hub keeps in clear.
  EXPECT_TRUE(db_.StoredInClear(enrolled->device_id)) << "the search does not see the hub's data";
  EXPECT_FALSE(db_.StoredInClear(enrolled->token)) << "the bearer token is stored in clear";
  EXPECT_FALSE(db_.StoredInClear(enrolled->token.substr(5)));
  std::string normalized;
  for (char c : code) {
    if (c != '-') normalized += c;
  }
  EXPECT_FALSE(db_.StoredInClear(code)) << "the enrolment code is stored in clear";
  EXPECT_FALSE(db_.StoredInClear(normalized));
}

// The learner's record page (/me/TOKEN, PROTOCOL.md §7) takes no device credential and opens only a link
// the hub sealed: a device's bearer token, a path trick or a made-up token gets the plain expired page
// and changes nothing; the link itself is not kept, and the views are counted without the id.
TEST_F(SecurityTest, TheRecordPageOpensOnlyTheHubsOwnLinks) {
  Start({"--rate", "0", "--public-url", "https://credit.example.cn"});
  const std::string token_a = Enroll("a");
  const std::string before = db_.Dump();
  auto trick = Client().Get("/me/..%2F..%2Fv1%2Fcatalog", Headers("Bearer " + token_a));
  ASSERT_TRUE(trick);
  EXPECT_EQ(trick->status, 404) << "a path out of /me/ reaches nothing: " << trick->body;
  for (const std::string& t : {token_a, std::string(400, 'A'), std::string("%27%20OR%20%271%27%3D%271"),
                               std::string(2000, 'x')}) {
    auto res = Client().Get("/me/" + t, Headers("Bearer " + token_a));
    ASSERT_TRUE(res) << t;
    EXPECT_EQ(res->status, 404) << t;
    EXPECT_NE(res->body.find("链接已过期"), std::string::npos) << t << ": " << res->body;
  }
  EXPECT_EQ(db_.Dump(), before) << "a refused record page changed the hub's database";

  auto pushed = Push(token_a, BatchBody({Rec("L0001", "a-s1")}));
  ASSERT_TRUE(pushed && pushed->status == 200);
  auto summary = Client().Get("/v1/learners/L0001/summary", Headers("Bearer " + token_a));
  ASSERT_TRUE(summary && summary->status == 200);
  auto parsed = sync::ParseLearnerSummary(summary->body);
  ASSERT_TRUE(parsed.ok());
  const std::string link_token = parsed->record_url.substr(parsed->record_url.rfind('/') + 1);
  auto page = Client().Get("/me/" + link_token);
  ASSERT_TRUE(page && page->status == 200);
  hub_.reset();
  EXPECT_FALSE(db_.StoredInClear(link_token)) << "the record link is kept";
  EXPECT_EQ(db_.QueryStrings("SELECT learner_key FROM record_page_views WHERE learner_key LIKE '%L0001%'").size(), 0u);
  EXPECT_EQ(db_.QueryStrings("SELECT learner_key FROM record_page_views").size(), 1u);
}

TEST_F(SecurityTest, TheKiosksCredentialsFileIsPrivateWhateverTheUmask) {
  Start();
  TempDir kiosk;
  std::string config = kiosk.File("kiosk.toml");
  WriteFile(config, "[sync]\nconnect_timeout_seconds = 2\n");
  for (mode_t mask : {mode_t(0), mode_t(022), mode_t(077)}) {
    SCOPED_TRACE("umask " + std::to_string(mask));
    std::string data = kiosk.File("data-" + std::to_string(mask));
    mode_t old = umask(mask);
    ProcessResult r = RunProcess({BinaryPath("kioskctl"), "--data-dir", data, "--config", config, "enroll", "--hub",
                                  hub_->url(), "--code", Code("a")});
    umask(old);
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
    struct stat st;
    ASSERT_EQ(stat((data + "/device.json").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u) << "device.json is mode " << std::oct << (st.st_mode & 0777);
    // Re-enrolment (a new code) replaces the file and keeps it private.
    mode_t old2 = umask(mask);
    r = RunProcess({BinaryPath("kioskctl"), "--data-dir", data, "--config", config, "enroll", "--hub", hub_->url(),
                    "--code", Code("a")});
    umask(old2);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ASSERT_EQ(stat((data + "/device.json").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    // No stray temporary copy of the token next to it.
    for (const auto& e : std::filesystem::directory_iterator(data)) {
      std::string name = e.path().filename();
      if (name != "device.json" && ReadFile(e.path()).find("lkt1_") != std::string::npos) {
        ADD_FAILURE() << "the token is also in " << name;
      }
    }
  }
}

// TLS, as the kiosk's own client sees it. Certificates are made at test time with the openssl command.
class TlsTest : public SecurityTest {
 protected:
  void SetUp() override {
    SecurityTest::SetUp();
    if (!std::filesystem::exists("/usr/bin/openssl")) GTEST_SKIP() << "openssl command not installed";
    // A private CA, a server certificate for 127.0.0.1 signed by it, one for another name, and an
    // unrelated self-signed one.
    Openssl({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2", "-subj",
             "/CN=Learning Hub Test CA", "-keyout", File("ca.key"), "-out", File("ca.pem")});
    for (auto [name, san] : {std::pair<const char*, const char*>{"server", "IP:127.0.0.1"},
                             std::pair<const char*, const char*>{"other", "DNS:hub.other.example"}}) {
      std::string n = name;
      Openssl({"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=" + n,
               "-keyout", File(n + ".key"), "-out", File(n + ".csr")});
      WriteFile(File(n + ".ext"), std::string("subjectAltName=") + san + "\n");
      Openssl({"x509", "-req", "-in", File(n + ".csr"), "-CA", File("ca.pem"), "-CAkey", File("ca.key"),
               "-CAcreateserial", "-days", "2", "-extfile", File(n + ".ext"), "-out", File(n + ".pem")});
    }
    Openssl({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2", "-subj",
             "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", File("self.key"), "-out",
             File("self.pem")});
  }

  std::string File(const std::string& name) { return dir_.File(name); }

  void Openssl(std::vector<std::string> args) {
    args.insert(args.begin(), "/usr/bin/openssl");
    ProcessResult r = RunProcess(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  // "sha256//BASE64" of a certificate's public key, computed by openssl.
  std::string Pin(const std::string& cert) {
    ProcessResult r = RunProcess({"/bin/sh", "-c",
                                  "/usr/bin/openssl x509 -in '" + cert + "' -pubkey -noout | /usr/bin/openssl pkey "
                                  "-pubin -outform der | /usr/bin/openssl dgst -sha256 -binary | /usr/bin/openssl "
                                  "base64 -A"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return "sha256//" + r.out;
  }

  void StartTls(const std::string& name) { Start({"--rate", "0", "--tls-cert", File(name + ".pem"), "--tls-key", File(name + ".key")}); }

  // GET /healthz through the kiosk's HubClient.
  Result<sync::HubResponse> Healthz(const std::string& ca_file, const std::string& pin) {
    sync::GlobalInit();
    sync::HubClientOptions o;
    o.base_url = "https://127.0.0.1:" + std::to_string(hub_->port());
    o.ca_file = ca_file;
    o.pinned_public_key = pin;
    o.connect_timeout_ms = 5000;
    o.transfer_timeout_ms = 10000;
    auto client = sync::HubClient::Create(o);
    if (!client.ok()) return client.status();
    sync::HubRequest request;
    request.path = "/healthz";
    return client->Send(request);
  }
};

TEST_F(TlsTest, UntrustedCertificatesWrongNamesAndWrongPinsAreRefused) {
  StartTls("server");
  // Not trusted (system CAs only): refused, and said so.
  auto untrusted = Healthz("", "");
  ASSERT_FALSE(untrusted.ok()) << "an untrusted certificate was accepted";
  EXPECT_EQ(untrusted.status().code(), StatusCode::kFailedPrecondition) << untrusted.status().ToString();
  // Trusted through sync.ca_file: accepted.
  auto trusted = Healthz(File("ca.pem"), "");
  ASSERT_TRUE(trusted.ok()) << trusted.status().ToString();
  EXPECT_EQ(trusted->http_status, 200);
  EXPECT_TRUE(trusted->from_hub);
  // Pinned: the right key is accepted, a wrong one refused even though the chain is trusted.
  auto pinned = Healthz(File("ca.pem"), Pin(File("server.pem")));
  ASSERT_TRUE(pinned.ok()) << pinned.status().ToString();
  EXPECT_EQ(pinned->http_status, 200);
  auto wrong_pin = Healthz(File("ca.pem"), Pin(File("other.pem")));
  ASSERT_FALSE(wrong_pin.ok()) << "a pinned key that does not match was accepted";
  EXPECT_EQ(wrong_pin.status().code(), StatusCode::kFailedPrecondition) << wrong_pin.status().ToString();
  auto garbage_pin = Healthz(File("ca.pem"), "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
  EXPECT_FALSE(garbage_pin.ok());

  // A certificate from the trusted CA, but for another name: refused (host verification).
  StartTls("other");
  auto other_name = Healthz(File("ca.pem"), "");
  ASSERT_FALSE(other_name.ok()) << "a certificate for hub.other.example was accepted for 127.0.0.1";
  EXPECT_EQ(other_name.status().code(), StatusCode::kFailedPrecondition);

  // A self-signed certificate that the pin names: pinning does not replace chain verification.
  StartTls("self");
  auto self_pinned = Healthz("", Pin(File("self.pem")));
  EXPECT_FALSE(self_pinned.ok()) << "a self-signed certificate passed on its pin alone";
  auto self_with_ca = Healthz(File("ca.pem"), "");
  EXPECT_FALSE(self_with_ca.ok());
}

TEST_F(TlsTest, KioskctlEnrolsAndSyncsOverTlsOnlyWithTheRightTrust) {
  StartTls("server");
  TempDir kiosk;
  std::string url = "https://127.0.0.1:" + std::to_string(hub_->port());
  auto enroll = [&](const std::string& toml) {
    WriteFile(kiosk.File("kiosk.toml"), "[sync]\nconnect_timeout_seconds = 3\ntransfer_timeout_seconds = 5\n" + toml);
    return RunProcess({BinaryPath("kioskctl"), "--data-dir", kiosk.File("data"), "--config", kiosk.File("kiosk.toml"),
                       "enroll", "--hub", url, "--code", Code("a")});
  };
  ProcessResult r = enroll("");
  EXPECT_NE(r.exit_code, 0) << "enrolled with a hub whose certificate the kiosk does not trust";
  EXPECT_FALSE(std::filesystem::exists(kiosk.File("data/device.json")));
  r = enroll("pinned_public_key = \"" + Pin(File("other.pem")) + "\"\nca_file = \"" + File("ca.pem") + "\"\n");
  EXPECT_NE(r.exit_code, 0) << "enrolled although the pinned key does not match";
  r = enroll("pinned_public_key = \"" + Pin(File("server.pem")) + "\"\nca_file = \"" + File("ca.pem") + "\"\n");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  r = RunProcess({BinaryPath("kioskctl"), "--data-dir", kiosk.File("data"), "--config", kiosk.File("kiosk.toml"), "sync",
                  "--once"});
  EXPECT_EQ(r.exit_code, 0) << r.err << r.out;
  // Plain http:// to a non-loopback address is refused before any connection.
  WriteFile(kiosk.File("kiosk.toml"), "[sync]\nhub_url = \"http://192.0.2.1:8443\"\n");
  r = RunProcess({BinaryPath("kioskctl"), "--data-dir", kiosk.File("data"), "--config", kiosk.File("kiosk.toml"), "sync",
                  "--once"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("https"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace lk::testing
