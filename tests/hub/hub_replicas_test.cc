// The city layout (issue #15), PostgreSQL only: several stateless learning-hub replicas on one database.
// Real processes throughout: `learning-hub serve` replicas on a real PostgreSQL 15 (PostgresCluster, via
// HubTestDb: ctest sets LK_HUB_BACKEND=postgres), raw HTTP with a device's token or a real kiosk
// (kioskctl), a real HAProxy in front, real kill -9 and a real database restart.
//
// - Stateless replicas: a batch resent to another replica gets the first answers; the same batch at two
//   replicas at the same moment is applied once; one enrolment code used at two replicas at once enrols
//   one device; a catalogue cursor from one replica continues on another.
// - The database away: a restart mid-ingest (503 with Retry-After meanwhile, the hub reconnects by
//   itself, every record lands once) and a statement timeout on a held centre lock (503 instead of a
//   hang; the resend lands once).
// - The acceptance test: a kiosk enrolled through HAProxy pushes 1,000 check-ins while one of the two
//   replicas is killed with kill -9; its sync completes through the other, every record exactly once.
#include <libpq-fe.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <map>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "kiosk/core/time_zone.h"
#include "kiosk/core/uuid.h"
#include "sync/protocol/attendance_messages.h"
#include "sync/protocol/catalog_messages.h"
#include "sync/protocol/device_messages.h"
#include "sync/protocol/protocol.h"
#include "tests/hub/haproxy_process.h"
#include "tests/hub/hub_process.h"
#include "tests/sync/sync_test_env.h"
#include "tests/testing/hub_test_db.h"
#include "tests/testing/postgres_cluster.h"

namespace lk::testing {
namespace {

using nlohmann::json;

TimeMs NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}


// Centre `id`'s catalogue: s-1 (capacity `s1_capacity`), s-2 (no limit), s-3 tomorrow unless left out.
json Catalog(const std::string& id, int s1_capacity = 2, bool with_s3 = true) {
  json sessions = {{{"id", "s-1"}, {"course", "c-1"}, {"relative", {{"day", 0}, {"at", "09:00"}, {"minutes", 120}}},
                    {"capacity", s1_capacity}},
                   {{"id", "s-2"}, {"course", "c-2"}, {"relative", {{"day", 0}, {"at", "14:00"}, {"minutes", 90}}},
                    {"capacity", 0}}};
  if (with_s3) {
    sessions.push_back({{"id", "s-3"}, {"course", "c-2"}, {"relative", {{"day", 1}, {"at", "09:00"}, {"minutes", 90}}},
                        {"capacity", 10}});
  }
  return {{"format", 1},
          {"version", id + "-" + std::to_string(s1_capacity) + (with_s3 ? "-s3" : "")},
          {"centre", {{"id", id}, {"name", {{"zh", "中心" + id}, {"en", "Centre " + id}}}, {"time_zone", "Asia/Shanghai"}}},
          {"categories", {{{"id", "cat"}, {"name", {{"zh", "书法"}, {"en", "Calligraphy"}}}}}},
          {"courses",
           {{{"id", "c-1"}, {"category", "cat"}, {"title", {{"zh", "楷书"}, {"en", "Kaishu"}}}, {"credit_hours", 2.0}},
            {{"id", "c-2"}, {"category", "cat"}, {"title", {{"zh", "行书"}, {"en", "Xingshu"}}}, {"credit_hours", 1.5}}}},
          {"sessions", sessions}};
}

httplib::Headers Headers(const std::string& token = "") {
  httplib::Headers h{{sync::kProtocolHeader, "1"}};
  if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
  return h;
}

httplib::Client ClientOf(const HubProcess& hub) {
  httplib::Client cli(hub.host(), hub.port());
  cli.set_connection_timeout(5);
  cli.set_read_timeout(30);  // a kiosk's patience; every answer here must come well before
  return cli;
}

// One answer of the hub, as a kiosk sees it.
struct Answer {
  int status = -1;  // -1: no answer at all
  std::string retry_after;
  std::string error_code;  // of an error envelope
  std::string body;
};

Answer AnswerOf(const httplib::Result& res) {
  Answer a;
  if (!res) return a;
  a.status = res->status;
  a.retry_after = res->get_header_value("Retry-After");
  a.body = res->body;
  if (auto error = sync::ParseErrorBody(res->body)) a.error_code = error->code;
  return a;
}

std::string BatchJson(const std::string& batch_id, const std::vector<AttendanceRecord>& records) {
  return sync::BatchRequestToJson({batch_id, "", records});
}

Answer PostBatch(const HubProcess& hub, const std::string& token, const std::string& body) {
  return AnswerOf(ClientOf(hub).Post("/v1/attendance/batches", Headers(token), body, "application/json"));
}

// The batch's answer; a test failure unless the hub answered 200 with a parseable response.
sync::BatchResponse Push(const HubProcess& hub, const std::string& token, const std::string& body) {
  Answer a = PostBatch(hub, token, body);
  EXPECT_EQ(a.status, 200) << a.body;
  auto parsed = sync::ParseBatchResponse(a.body);
  EXPECT_TRUE(parsed.ok()) << a.body;
  return parsed.ok() ? *parsed : sync::BatchResponse{};
}

Answer PostEnroll(const HubProcess& hub, const std::string& code) {
  return AnswerOf(ClientOf(hub).Post("/v1/enroll", Headers(), sync::EnrollRequestToJson({code, "kiosk", "0.1.0"}),
                                     "application/json"));
}

// Runs `calls` on threads of their own released at the same moment; their answers, in order.
std::vector<Answer> AllAtOnce(const std::vector<std::function<Answer()>>& calls) {
  std::promise<void> go;
  std::shared_future<void> started = go.get_future().share();
  std::vector<Answer> answers(calls.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < calls.size(); ++i) {
    threads.emplace_back([&, i] {
      started.wait();
      answers[i] = calls[i]();
    });
  }
  go.set_value();
  for (auto& t : threads) t.join();
  return answers;
}

// A libpq session of the test's own, for what only a second client of the database can do: hold a lock.
class PgSession {
 public:
  explicit PgSession(const std::string& uri) : conn_(PQconnectdb(uri.c_str()), &PQfinish) {
    if (PQstatus(conn_.get()) != CONNECTION_OK) throw std::runtime_error(PQerrorMessage(conn_.get()));
  }
  void Exec(const std::string& sql) {
    std::unique_ptr<PGresult, decltype(&PQclear)> r(PQexec(conn_.get(), sql.c_str()), &PQclear);
    ExecStatusType s = PQresultStatus(r.get());
    if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) throw std::runtime_error(sql + ": " + PQerrorMessage(conn_.get()));
  }

 private:
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn_;
};

// Two centres ("a" and "b", Catalog()) on a fresh PostgreSQL database, replicas started on demand.
class ReplicasTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(db_.backend(), HubBackend::kPostgres) << "a PostgreSQL-only suite: run it with LK_HUB_BACKEND=postgres";
    for (const std::string centre : {"a", "b"}) {
      Cli({"center", "add", "--id", centre, "--name", "中心" + centre, "--name-en", "Centre " + centre});
      ImportCatalog(centre, Catalog(centre));
    }
  }

  ProcessResult Cli(std::vector<std::string> args) {
    args.push_back("--db");
    args.push_back(db_.uri());
    ProcessResult r = RunHub(args);
    EXPECT_EQ(r.exit_code, 0) << args[0] << ": " << r.err << r.out;
    return r;
  }

  void ImportCatalog(const std::string& centre, const json& catalog) {
    WriteFile(dir_.File(centre + ".json"), catalog.dump());
    Cli({"import-catalog", "--center", centre, dir_.File(centre + ".json")});
  }

  std::unique_ptr<HubProcess> StartReplica(const std::string& db_uri = "") {
    std::string error;
    auto hub = HubProcess::Start(db_uri.empty() ? db_.uri() : db_uri, {}, &error);
    EXPECT_TRUE(hub) << error;
    return hub;
  }

  std::string EnrollCode(const std::string& centre) { return Trim(Cli({"enroll-code", "--center", centre}).out); }

  // Enrols a device of `centre` at `hub`; returns its token.
  std::string Enroll(const HubProcess& hub, const std::string& centre) {
    Answer a = PostEnroll(hub, EnrollCode(centre));
    EXPECT_EQ(a.status, 200) << a.body;
    auto parsed = sync::ParseEnrollResponse(a.body);
    return parsed.ok() ? parsed->token : "";
  }

  AttendanceRecord Rec(const std::string& learner, const std::string& session, RecordKind kind = RecordKind::kCheckIn) {
    AttendanceRecord r;
    r.id = NewUuid7(NowMs());
    r.seq = ++seq_;
    r.kind = kind;
    r.learner_id = learner;
    r.session_id = session;
    r.recorded_at = NowMs();
    r.source = kind == RecordKind::kCheckIn ? RecordSource::kKeypad : RecordSource::kStaff;
    if (kind != RecordKind::kCheckIn) r.reason = "staff";
    return r;
  }

  int64_t Count(const std::string& table) { return db_.QueryInt("SELECT COUNT(*) FROM " + table); }

  // Today's `report --summary` row of `session` at `centre`.
  json SessionSummary(const std::string& centre, const std::string& session) {
    std::string today = TimeZone::Load("Asia/Shanghai")->DateOf(NowMs()).ToString();
    for (const auto& s : json::parse(Cli({"report", "--center", centre, "--date", today, "--format", "json", "--summary"}).out)) {
      if (s["session_id"] == session) return s;
    }
    return json();
  }

  TempDir dir_;
  HubTestDb db_;
  int64_t seq_ = 0;
};

TEST_F(ReplicasTest, ABatchResentToAnotherReplicaGetsTheFirstAnswers) {
  auto a = StartReplica(), b = StartReplica();
  ASSERT_TRUE(a && b);
  std::string token = Enroll(*a, "a");
  AttendanceRecord r1 = Rec("L-1", "s-1"), r2 = Rec("L-2", "s-1"), r3 = Rec("L-3", "s-1");
  AttendanceRecord void_r1 = Rec("L-1", "s-1", RecordKind::kVoid);
  void_r1.refers_to = r1.id;
  AttendanceRecord unknown = Rec("L-4", "no-such-session");
  const std::string body = BatchJson(NewUuid7(NowMs()), {r1, r2, r3, void_r1, unknown});

  sync::BatchResponse first = Push(*a, token, body);
  ASSERT_EQ(first.results.size(), 5u);
  EXPECT_FALSE(first.resent);
  EXPECT_EQ(first.results[2].flags, std::vector<std::string>{sync::record_flag::kOverCapacity});
  EXPECT_EQ(first.results[4].outcome, sync::RecordOutcome::kRejected);
  // The kiosk never saw A's reply; its resend reaches B.
  sync::BatchResponse resent = Push(*b, token, body);
  EXPECT_TRUE(resent.resent);
  EXPECT_EQ(resent.results, first.results);
  EXPECT_EQ(Count("batches"), 1);
  json s1 = SessionSummary("a", "s-1");
  EXPECT_EQ(s1["records"], 4);
  EXPECT_EQ(s1["checkins"], 2);  // L-2 and L-3; L-1's check-in is voided
  EXPECT_EQ(s1["voided"], 1);
  EXPECT_EQ(s1["over_capacity"], 1);
}

TEST_F(ReplicasTest, OneBatchAtTwoReplicasAtOnceIsAppliedOnce) {
  auto a = StartReplica(), b = StartReplica();
  ASSERT_TRUE(a && b);
  std::string token = Enroll(*a, "a");
  constexpr int kRounds = 4, kRecords = 400;
  for (int round = 0; round < kRounds; ++round) {
    std::vector<AttendanceRecord> records;
    for (int i = 0; i < kRecords; ++i) {
      std::string learner = "L-" + std::to_string(round) + "-" + std::to_string(i);
      std::string session = i % 2 ? "s-2" : "s-3";
      records.push_back(Rec(learner, session));
    }
    const std::string body = BatchJson(NewUuid7(NowMs()), records);
    std::vector<Answer> answers = AllAtOnce({[&] { return PostBatch(*a, token, body); },
                                             [&] { return PostBatch(*b, token, body); }});
    std::vector<sync::BatchResponse> responses;
    for (const Answer& answer : answers) {
      ASSERT_EQ(answer.status, 200) << answer.body;
      auto parsed = sync::ParseBatchResponse(answer.body);
      ASSERT_TRUE(parsed.ok()) << answer.body;
      ASSERT_EQ(parsed->results.size(), size_t(kRecords));
      responses.push_back(*parsed);
    }
    EXPECT_NE(responses[0].resent, responses[1].resent) << "round " << round << ": one applies it, one answers resent";
    EXPECT_EQ(responses[0].results, responses[1].results) << "round " << round;
    for (const auto& result : responses[0].results) EXPECT_EQ(result.outcome, sync::RecordOutcome::kAccepted);
  }
  EXPECT_EQ(Count("records"), kRounds * kRecords);
  EXPECT_EQ(db_.QueryInt("SELECT COUNT(DISTINCT id) FROM records"), kRounds * kRecords);
  EXPECT_EQ(Count("batches"), kRounds);
  // Every learner counted once, although every batch arrived twice.
  EXPECT_EQ(Count("attendance"), kRounds * kRecords);
  json s2 = SessionSummary("a", "s-2");
  EXPECT_EQ(s2["records"], kRounds * kRecords / 2);
  EXPECT_EQ(s2["checkins"], kRounds * kRecords / 2);
}

TEST_F(ReplicasTest, OneEnrolmentCodeAtTwoReplicasAtOnceEnrolsOneDevice) {
  auto a = StartReplica(), b = StartReplica();
  ASSERT_TRUE(a && b);
  constexpr int kRounds = 4;
  for (int round = 0; round < kRounds; ++round) {
    const std::string code = EnrollCode("a");
    std::vector<Answer> answers =
        AllAtOnce({[&] { return PostEnroll(*a, code); }, [&] { return PostEnroll(*b, code); }});
    std::sort(answers.begin(), answers.end(), [](const Answer& x, const Answer& y) { return x.status < y.status; });
    ASSERT_EQ(answers[0].status, 200) << answers[0].body;
    EXPECT_EQ(answers[1].status, 403) << answers[1].body;
    EXPECT_EQ(answers[1].error_code, sync::error_code::kEnrollRefused);
    // The device enrolled is known to both replicas.
    auto enrolled = sync::ParseEnrollResponse(answers[0].body);
    ASSERT_TRUE(enrolled.ok());
    for (const HubProcess* hub : {a.get(), b.get()}) {
      EXPECT_EQ(AnswerOf(ClientOf(*hub).Get("/v1/catalog", Headers(enrolled->token))).status, 200);
    }
    EXPECT_EQ(Count("devices"), round + 1);
  }
}

TEST_F(ReplicasTest, ACatalogueCursorFromOneReplicaContinuesOnAnother) {
  auto a = StartReplica(), b = StartReplica();
  ASSERT_TRUE(a && b);
  std::string token = Enroll(*a, "a");
  auto page_from = [&](const HubProcess& hub, const std::string& query, httplib::Headers headers,
                       Answer* raw = nullptr) {
    Answer answer = AnswerOf(ClientOf(hub).Get(("/v1/catalog?" + query).c_str(), headers));
    if (raw) *raw = answer;
    auto page = sync::ParseCatalogPage(answer.body);
    return page.ok() ? *page : sync::CatalogPage{};
  };
  // Pages of 2, every other one from the other replica.
  sync::CatalogAccumulator kiosk;
  std::string cursor;
  int pages = 0;
  for (bool more = true; more; ++pages) {
    ASSERT_LT(pages, 10);
    Answer raw;
    sync::CatalogPage page = page_from(pages % 2 ? *b : *a, "limit=2&since=" + cursor, Headers(token), &raw);
    ASSERT_EQ(raw.status, 200) << raw.body;
    EXPECT_EQ(page.full, pages == 0) << "page " << pages << " from " << (pages % 2 ? "B" : "A");
    kiosk.Apply(page);
    cursor = page.next_cursor;
    more = page.has_more;
  }
  EXPECT_EQ(pages, 3);  // 1 category, 2 courses, 3 sessions
  ASSERT_TRUE(kiosk.Build().ok());
  EXPECT_EQ(kiosk.Build()->sessions.size(), 3u);

  // A's ETag for "nothing new" is B's too.
  auto latest = ClientOf(*a).Get(("/v1/catalog?since=" + cursor).c_str(), Headers(token));
  ASSERT_TRUE(latest);
  auto conditional = Headers(token);
  conditional.emplace("If-None-Match", latest->get_header_value("ETag"));
  EXPECT_EQ(AnswerOf(ClientOf(*b).Get(("/v1/catalog?since=" + cursor).c_str(), conditional)).status, 304);

  // The catalogue changes (s-1's capacity, s-3 removed): B sends A's cursor only the two changes.
  ImportCatalog("a", Catalog("a", /*s1_capacity=*/5, /*with_s3=*/false));
  Answer raw;
  sync::CatalogPage delta = page_from(*b, "since=" + cursor, Headers(token), &raw);
  ASSERT_EQ(raw.status, 200) << raw.body;
  EXPECT_FALSE(delta.full) << "a cursor from replica A made replica B resend the whole catalogue";
  ASSERT_EQ(delta.items.size(), 2u);
  EXPECT_EQ(delta.items[0].id, "s-1");
  EXPECT_EQ(delta.items[0].body["capacity"], 5);
  EXPECT_EQ(delta.items[1].id, "s-3");
  EXPECT_TRUE(delta.items[1].deleted);
  kiosk.Apply(delta);
  ASSERT_TRUE(kiosk.Build().ok());
  EXPECT_EQ(kiosk.Build()->sessions.size(), 2u);
}

// The database restarts while a kiosk pushes its backlog: meanwhile the hub answers 503 with
// Retry-After (the kiosk keeps its records and retries), then the same hub process reconnects by itself.
TEST(DatabaseFaults, ARestartMidIngestAnswers503ThenTheHubHealsAndEveryRecordLandsOnce) {
  SyncTestEnv env;
  ASSERT_EQ(env.hub_db().backend(), HubBackend::kPostgres) << "run with LK_HUB_BACKEND=postgres";
  // A small --max-body: the kiosk halves its batches (413) down to a dozen records, so the backlog takes
  // many requests and the restart falls in the middle.
  env.SetUpHub({"--max-body", "4096"});
  env.EnrollKiosk();
  ASSERT_EQ(env.Kioskctl({"sync"}).exit_code, 0);  // the catalogue
  const std::string code = Trim(env.HubCli({"enroll-code", "--center", SyncTestEnv::kCentre}).out);
  Answer prober_enrolled = PostEnroll(*env.hub(), code);  // a second device, to watch the hub's answers
  ASSERT_EQ(prober_enrolled.status, 200) << prober_enrolled.body;
  const std::string prober = sync::ParseEnrollResponse(prober_enrolled.body)->token;

  env.AddCheckIns(1500, env.AllSessions(), "R");
  const std::set<std::string> kiosk_ids = env.KioskRecordIds();
  Child kiosk_sync(env.KioskctlArgv({"sync", "--timeout", "120"}), {}, env.dir().File("sync.log"));
  auto hub_records = [&] { return env.hub_db().QueryInt("SELECT COUNT(*) FROM records"); };
  ASSERT_TRUE(WaitUntil([&] { return hub_records() >= 200; }, 60'000)) << ReadFile(env.dir().File("sync.log"));

  PostgresCluster& cluster = PostgresCluster::Shared();
  ASSERT_TRUE(cluster.Stop().ok());
  EXPECT_GT(env.KioskPending(), 0) << "the kiosk finished before the database went away";
  Answer away;
  EXPECT_TRUE(WaitUntil(
      [&] {
        away = AnswerOf(ClientOf(*env.hub()).Get("/v1/catalog", Headers(prober)));
        return away.status == 503;
      },
      10'000))
      << "while the database is down: " << away.status << " " << away.body;
  EXPECT_EQ(away.error_code, sync::error_code::kOverloaded);
  EXPECT_GE(std::atoi(away.retry_after.c_str()), 1) << "Retry-After: '" << away.retry_after << "'";
  ASSERT_TRUE(cluster.Start().ok());

  int exit_code = 0;
  ASSERT_TRUE(kiosk_sync.WaitFor(120'000, &exit_code));
  EXPECT_EQ(exit_code, 0) << ReadFile(env.dir().File("sync.log"));
  EXPECT_EQ(env.KioskPending(), 0);
  EXPECT_EQ(AnswerOf(ClientOf(*env.hub()).Get("/v1/catalog", Headers(prober))).status, 200);
  std::multiset<std::string> at_hub = env.HubRecordIds();
  EXPECT_EQ(at_hub.size(), kiosk_ids.size());
  EXPECT_EQ(at_hub, std::multiset<std::string>(kiosk_ids.begin(), kiosk_ids.end()));
}

// Another client holds centre a's ingest lock: a push for centre a is answered 503 after the statement
// timeout (1 s here, from the URI's options) instead of waiting for ever; centre b is not held up; once
// the lock is gone the kiosk's resend lands once.
TEST_F(ReplicasTest, AHeldCentreLockTimesOutAs503AndTheResendLandsOnce) {
  auto hub = StartReplica(db_.uri() + "&options=-c%20statement_timeout%3D1000");
  ASSERT_TRUE(hub);
  std::string token_a = Enroll(*hub, "a"), token_b = Enroll(*hub, "b");
  std::vector<AttendanceRecord> records{Rec("L-1", "s-1"), Rec("L-2", "s-2"), Rec("L-3", "s-3")};
  const std::string body = BatchJson(NewUuid7(NowMs()), records);

  auto holder = std::make_unique<PgSession>(db_.uri());
  holder->Exec("SELECT pg_advisory_lock(2, hashtext('a'))");
  Answer held = PostBatch(*hub, token_a, body);  // the client gives up after 30 s
  EXPECT_EQ(held.status, 503) << held.body;
  EXPECT_EQ(held.error_code, sync::error_code::kOverloaded);
  EXPECT_GE(std::atoi(held.retry_after.c_str()), 1) << "Retry-After: '" << held.retry_after << "'";
  EXPECT_EQ(Count("records"), 0);
  EXPECT_EQ(Count("batches"), 0);
  sync::BatchResponse other_centre = Push(*hub, token_b, BatchJson(NewUuid7(NowMs()), {Rec("L-9", "s-1")}));
  EXPECT_EQ(other_centre.results.size(), 1u);

  holder.reset();  // the session ends, its lock with it
  sync::BatchResponse landed = Push(*hub, token_a, body);
  EXPECT_FALSE(landed.resent) << "the refused attempt was remembered";
  ASSERT_EQ(landed.results.size(), 3u);
  for (const auto& r : landed.results) EXPECT_EQ(r.outcome, sync::RecordOutcome::kAccepted);
  EXPECT_TRUE(Push(*hub, token_a, body).resent);
  EXPECT_EQ(db_.QueryInt("SELECT COUNT(*) FROM records WHERE centre_id = 'a'"), 3);
  EXPECT_EQ(db_.QueryInt("SELECT COUNT(*) FROM attendance WHERE centre_id = 'a'"), 3);
}

// HAProxy in front of two replicas as packaging/city/haproxy.cfg sets it up (health checks on /healthz,
// retries on another replica for a request whose replica closed without answering, never for an
// enrolment), plain HTTP on loopback, and a header naming the replica that answered.
std::string HaproxyConfig(const HubProcess& hub1, const HubProcess& hub2) {
  return std::string(R"(global
    maxconn 512
defaults
    mode http
    timeout connect 2s
    timeout client 30s
    timeout http-request 10s
    timeout http-keep-alive 30s
    timeout server 30s
    timeout queue 10s
    timeout check 2s
frontend hub
    )") + HaproxyProcess::kFrontendBind + R"(
    http-request del-header X-Forwarded-For
    option forwardfor
    option http-buffer-request
    default_backend replicas
backend replicas
    balance roundrobin
    option httpchk GET /healthz
    http-check expect status 200
    retries 2
    option redispatch 1
    retry-on conn-failure empty-response
    http-request disable-l7-retry if { path /v1/enroll }
    http-response set-header X-Replica %[srv_name]
    default-server check inter 200ms fall 2 rise 1 maxconn 64
    server hub1 127.0.0.1:)" + std::to_string(hub1.port()) + R"(
    server hub2 127.0.0.1:)" + std::to_string(hub2.port()) + "\n";
}

TEST(CityLayout, AKioskBehindHaproxyPushes1000CheckInsWhileAReplicaIsKilled) {
  SyncTestEnv env;  // the hub database: a fresh PostgreSQL one
  ASSERT_EQ(env.hub_db().backend(), HubBackend::kPostgres) << "run with LK_HUB_BACKEND=postgres";
  // Replicas as the city layout runs them; a small --max-body makes the kiosk's batches small (413
  // halves them), so that 1,000 check-ins take many requests.
  const std::vector<std::string> replica_args{"--trusted-proxy", "127.0.0.1", "--max-body", "4096"};
  env.SetUpHub(replica_args);
  std::string error;
  auto hub2 = HubProcess::Start(env.hub_db().uri(), replica_args, &error);
  ASSERT_TRUE(hub2) << error;
  auto proxy = HaproxyProcess::Start(env.dir().path(), HaproxyConfig(*env.hub(), *hub2), &error);
  ASSERT_TRUE(proxy) << error;
  // Both replicas answer through it.
  std::set<std::string> answered_by;
  ASSERT_TRUE(WaitUntil(
      [&] {
        httplib::Client cli("127.0.0.1", proxy->port());
        if (auto res = cli.Get("/healthz"); res && res->status == 200) answered_by.insert(res->get_header_value("X-Replica"));
        return answered_by.size() == 2;
      },
      10'000));

  env.EnrollKiosk(proxy->url());
  ProcessResult pulled = env.Kioskctl({"sync"});
  ASSERT_EQ(pulled.exit_code, 0) << pulled.err;
  std::vector<std::string> sessions = env.AllSessions();
  ASSERT_FALSE(sessions.empty());
  env.AddCheckIns(1000, sessions, "K");
  const std::set<std::string> kiosk_ids = env.KioskRecordIds();
  ASSERT_EQ(kiosk_ids.size(), 1000u);

  Child kiosk_sync(env.KioskctlArgv({"sync", "--timeout", "120", "--json"}), {}, env.dir().File("sync.log"));
  auto hub_records = [&] { return env.hub_db().QueryInt("SELECT COUNT(*) FROM records"); };
  ASSERT_TRUE(WaitUntil([&] { return hub_records() >= 300; }, 60'000)) << ReadFile(env.dir().File("sync.log"));
  env.hub()->Kill();  // kill -9 of replica hub1, mid-push
  const int64_t at_kill = hub_records();
  EXPECT_LT(at_kill, 1000) << "the kiosk had finished before the replica was killed";

  int exit_code = 0;
  ASSERT_TRUE(kiosk_sync.WaitFor(120'000, &exit_code));
  const std::string log = ReadFile(env.dir().File("sync.log"));
  EXPECT_EQ(exit_code, 0) << log << ReadFile(proxy->log_path());
  // kioskctl's --json summary comes last, after any "retrying" lines on stderr.
  size_t summary_at = log.rfind("\n{\n");
  json summary = json::parse(summary_at == std::string::npos ? log : log.substr(summary_at + 1), nullptr, false);
  EXPECT_EQ(summary["acknowledged"], 1000) << log;
  EXPECT_GE(summary["batches"], 20) << "not the many small requests this test is about: " << log;
  EXPECT_EQ(env.KioskPending(), 0);
  EXPECT_EQ(env.KioskCount("SELECT COUNT(*) FROM outbox WHERE state = 'set_aside'"), 0);
  EXPECT_EQ(hub_records(), 1000);
  EXPECT_EQ(env.hub_db().QueryInt("SELECT COUNT(DISTINCT id) FROM records"), 1000);
  std::multiset<std::string> at_hub = env.HubRecordIds();
  EXPECT_EQ(at_hub, std::multiset<std::string>(kiosk_ids.begin(), kiosk_ids.end()));
  // Only the survivor answers now.
  httplib::Client cli("127.0.0.1", proxy->port());
  auto res = cli.Get("/healthz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("X-Replica"), "hub2");
}

}  // namespace
}  // namespace lk::testing
