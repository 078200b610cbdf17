// The sync client against real processes: a learning-hub on 127.0.0.1, a kiosk data directory, the
// kioskctl binary (and the SyncWorker in process), a fault proxy in between. Every test ends by
// comparing what the hub holds with what the kiosk wrote: nothing lost, nothing doubled.
#include <sys/stat.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <future>
#include <mutex>
#include <random>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "kiosk/core/attendance_store.h"
#include "kiosk/core/catalog_json.h"
#include "kiosk/core/catalog_store.h"
#include "kiosk/core/clock.h"
#include "kiosk/core/config.h"
#include "kiosk/core/kiosk_store.h"
#include "kiosk/core/uuid.h"
#include "sync/client/enrollment.h"
#include "sync/client/hub_client.h"
#include "sync/client/sync_worker.h"
#include "tests/sync/fault_proxy.h"
#include "tests/sync/sync_test_env.h"

namespace lk::testing {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Hub and kiosk hold exactly the same records, each once; nothing is left pending or set aside.
void ExpectExactlyOnce(SyncTestEnv& env, size_t expected) {
  std::set<std::string> kiosk = env.KioskRecordIds();
  std::multiset<std::string> hub = env.HubRecordIds();
  EXPECT_EQ(kiosk.size(), expected);
  EXPECT_EQ(hub.size(), expected) << "the hub holds a different number of records";
  EXPECT_EQ(std::set<std::string>(hub.begin(), hub.end()).size(), hub.size()) << "a record is doubled at the hub";
  EXPECT_TRUE(std::equal(kiosk.begin(), kiosk.end(), hub.begin(), hub.end())) << "hub and kiosk differ";
  std::multiset<std::string> report = env.HubReportIds();
  EXPECT_EQ(report.size(), expected) << "the hub's report";
  EXPECT_TRUE(std::equal(kiosk.begin(), kiosk.end(), report.begin(), report.end())) << "report and kiosk differ";
  EXPECT_EQ(env.KioskPending(), 0);
  EXPECT_EQ(env.KioskCount("SELECT COUNT(*) FROM outbox WHERE state = 'set_aside'"), 0);
}

json StatusJson(SyncTestEnv& env) {
  ProcessResult r = env.Kioskctl({"status", "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return json::parse(r.out);
}

class SyncIntegrationTest : public ::testing::Test {
 protected:
  // Hub up, kiosk enrolled and holding the hub's catalogue.
  void SetUpEnrolled(const std::vector<std::string>& serve_args = {"--rate", "0"}) {
    env_.SetUpHub(serve_args);
    env_.EnrollKiosk();
    ProcessResult r = env_.Kioskctl({"sync", "--once"});
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
    session_ = env_.SessionToday();
  }
  SyncTestEnv env_;
  std::string session_;
};

TEST_F(SyncIntegrationTest, EnrolStoresPrivateCredentialsAndSyncShowsTheTruth) {
  SetUpEnrolled();
  struct stat st {};
  ASSERT_EQ(stat(sync::CredentialsPath(env_.kiosk_dir()).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  env_.AddCheckIns(3, session_);
  json before = StatusJson(env_);
  EXPECT_EQ(before["pending"], 3);
  EXPECT_EQ(before["enrolled"], true);

  ProcessResult r = env_.Kioskctl({"sync", "--once", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json summary = json::parse(r.out);
  EXPECT_EQ(summary["acknowledged"], 3);
  EXPECT_EQ(summary["pending"], 0);
  EXPECT_EQ(summary["catalog_version"], "demo-1");
  EXPECT_TRUE(summary.contains("clock_skew_ms"));

  json after = StatusJson(env_);
  EXPECT_EQ(after["pending"], 0);
  EXPECT_EQ(after["acknowledged"], 3);
  EXPECT_NE(after["last_sync_success"], "");
  EXPECT_NE(after["clock_skew_ms"], "");
  EXPECT_EQ(after["catalog_version"], "demo-1");
  ExpectExactlyOnce(env_, 3);

  // A record the hub rejects (a session it never had) is set aside with the reason, for staff, and
  // does not block the records behind it.
  {
    auto store = KioskStore::Open(env_.kiosk_dir());
    ASSERT_TRUE(store->db().Exec(
        "INSERT INTO attendance(id, kind, learner_id, session_id, recorded_at, source) VALUES "
        "('" + NewUuid7(NowMs()) + "', 'checkin', 'BJ0001', 'no-such-session', " + std::to_string(NowMs()) + ", 'keypad');"
        "INSERT INTO outbox(record_id, state, changed_at) SELECT id, 'pending', 0 FROM attendance "
        "WHERE session_id = 'no-such-session'").ok());
  }
  env_.AddCheckIns(2, session_, "after-");
  r = env_.Kioskctl({"sync", "--once"});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_NE(r.out.find("1 set aside"), std::string::npos) << r.out;
  ProcessResult aside = env_.Kioskctl({"set-aside", "--json"});
  ASSERT_EQ(aside.exit_code, 0) << aside.err;
  json rows = json::parse(aside.out);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["hub_result"], "rejected");
  EXPECT_NE(rows[0]["reason"].get<std::string>().find("unknown_session"), std::string::npos) << rows[0];
  EXPECT_EQ(StatusJson(env_)["set_aside"], 1);
  EXPECT_EQ(env_.KioskPending(), 0);
  EXPECT_EQ(env_.HubRecordIds().size(), 5u);

  // Plain http:// to anything but this machine is refused before any connection.
  ProcessResult refused = env_.Kioskctl({"enroll", "--hub", "http://hub.example.org", "--code", "x"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("https://"), std::string::npos) << refused.err;
}

TEST_F(SyncIntegrationTest, AThousandCheckInsMadeWhileTheHubIsDownArriveExactlyOnce) {
  SetUpEnrolled();
  env_.StopHub();
  env_.AddCheckIns(1000, session_);

  ProcessResult offline = env_.Kioskctl({"sync", "--once"});
  EXPECT_EQ(offline.exit_code, 3) << offline.err;
  EXPECT_NE(offline.err.find("1000 records still pending"), std::string::npos) << offline.err;
  json status = StatusJson(env_);
  EXPECT_EQ(status["pending"], 1000);
  EXPECT_EQ(status["last_sync_error"], "hub not reachable: connection refused");

  env_.StartHub({"--rate", "0"});  // a new port: the config's URL wins over the enrolled one
  env_.WriteKioskConfig({.hub_url = env_.hub_url()});
  ProcessResult r = env_.Kioskctl({"sync"});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_NE(r.out.find("1000 acknowledged"), std::string::npos) << r.out;
  ExpectExactlyOnce(env_, 1000);
}

TEST_F(SyncIntegrationTest, AReasonInGbkBytesIsRefusedWhereItIsWritten) {
  SetUpEnrolled();
  // "补签" in GBK, as a terminal set to GBK would pass it.
  ProcessResult r = env_.Kioskctl({"add-checkin", "--learner", "L0001", "--session", session_, "--reason",
                                   "\xb2\xb9\xc7\xa9"});
  EXPECT_EQ(r.exit_code, 1) << r.err << r.out;
  EXPECT_NE(r.err.find("reason: not UTF-8 text"), std::string::npos) << r.err;
  EXPECT_EQ(env_.KioskCount("SELECT COUNT(*) FROM attendance"), 0);
  ProcessResult ok = env_.Kioskctl({"add-checkin", "--learner", "L0001", "--session", session_, "--reason", "补签"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
}

TEST_F(SyncIntegrationTest, ARecordThatCannotBeSentIsSetAsideAndTheRecordsBehindItReachTheHub) {
  SetUpEnrolled();
  // Written straight into the database (as an older version or a damaged file could leave it): a
  // correction whose reason is GBK bytes, older than everything else in the queue.
  std::string bad_id = NewUuid7(NowMs() - 60'000);
  {
    auto store = KioskStore::Open(env_.kiosk_dir());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    auto insert = store->db().Prepare(
        "INSERT INTO attendance(id, kind, learner_id, session_id, recorded_at, reason, source, credit_hours, "
        "session_starts_at) VALUES (?, 'correction', 'L0009', ?, ?, CAST(x'b2b9c7a9' AS TEXT), 'staff', 1, 0)");
    ASSERT_TRUE(insert.ok());
    insert->Bind(1, bad_id).Bind(2, session_).Bind(3, NowMs() - 60'000);
    ASSERT_TRUE(insert->Run().ok());
    auto queue = store->db().Prepare("INSERT INTO outbox(record_id, state, changed_at) VALUES (?, 'pending', ?)");
    ASSERT_TRUE(queue.ok());
    queue->Bind(1, bad_id).Bind(2, NowMs());
    ASSERT_TRUE(queue->Run().ok());
  }
  std::vector<std::string> good = env_.AddCheckIns(5, session_);
  ProcessResult r = env_.Kioskctl({"sync", "--once"});
  EXPECT_GE(r.exit_code, 0) << "kioskctl sync died of a signal: " << r.err;
  std::multiset<std::string> hub = env_.HubRecordIds();
  EXPECT_EQ(hub, std::multiset<std::string>(good.begin(), good.end()));
  EXPECT_EQ(env_.KioskPending(), 0);
  EXPECT_EQ(env_.KioskCount("SELECT COUNT(*) FROM outbox WHERE state = 'set_aside' AND hub_result = 'unsendable' "
                            "AND record_id = '" + bad_id + "'"), 1);
  ProcessResult aside = env_.Kioskctl({"set-aside"});
  EXPECT_NE(aside.out.find("cannot be sent to the hub"), std::string::npos) << aside.out << aside.err;
}

TEST_F(SyncIntegrationTest, BehindASmallBodyLimitEveryCheckInArrivesExactlyOnce) {
  SetUpEnrolled({"--rate", "0", "--max-body", "8192"});
  env_.AddCheckIns(120, session_);
  ProcessResult r = env_.Kioskctl({"sync", "--once"});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  ExpectExactlyOnce(env_, 120);
}

TEST_F(SyncIntegrationTest, AHubsRetryAfterIsCappedAtAnHour) {
  FaultProxy proxy("127.0.0.1", 9);  // answers itself: nothing is forwarded in this mode
  proxy.SetPlan({.mode = FaultMode::kServiceUnavailable, .retry_after_s = 86400 * 30});
  sync::GlobalInit();
  auto client = sync::HubClient::Create({.base_url = proxy.url(), .connect_timeout_ms = 5000,
                                         .transfer_timeout_ms = 10000});
  ASSERT_TRUE(client.ok());
  auto res = client->Send({.method = "GET", .path = "/v1/catalog"});
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->http_status, 503);
  EXPECT_EQ(res->retry_after_ms, 3600 * 1000) << "a month of Retry-After silences a kiosk for an hour at most";
  proxy.SetPlan({.mode = FaultMode::kCaptivePortal});
  auto portal = client->Send({.method = "GET", .path = "/v1/catalog"});
  ASSERT_TRUE(portal.ok());
  EXPECT_FALSE(portal->from_hub);
  EXPECT_EQ(client->last_retry_after_ms(), -1);
}

// 2,000 connections that each trickle a request header one byte at a time (slowloris), held for a
// bounded time by a thread that stops itself; meanwhile /healthz is asked 100 times and a real kiosk
// pushes its check-ins. Neither may wait for the slow clients.
TEST_F(SyncIntegrationTest, TwoThousandSlowClientsDoNotStopTheHubAnsweringAKiosk) {
  rlimit files{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &files), 0);
  files.rlim_cur = std::min<rlim_t>(files.rlim_max, 8192);
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &files), 0);  // the hub, started next, inherits it
  ASSERT_GE(files.rlim_cur, 4200u) << "the test needs 2,000 sockets on each side";
  SetUpEnrolled({"--rate", "0", "--max-connections", "4096"});
  env_.AddCheckIns(200, session_);

  constexpr int kSlowClients = 2000;
  std::atomic<bool> stop{false};
  std::promise<int> opened;  // the sockets the slow thread opened
  std::atomic<int> still_open{0};
  std::thread slow([&] {
    std::vector<int> fds;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(uint16_t(env_.hub()->port()));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    for (int i = 0; i < kSlowClients && !stop.load(); ++i) {
      int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
      if (fd < 0) break;
      connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);  // completes in the background
      fds.push_back(fd);
    }
    opened.set_value(int(fds.size()));
    const std::string head = "POST /v1/attendance/batches HTTP/1.1\r\nHost: hub\r\nX-Learning-Protocol: 1\r\n";
    // One byte per connection per round, a round every 500 ms, for at most 30 s (the bound).
    for (size_t round = 0; round < 60 && !stop.load(); ++round) {
      int alive = 0;
      for (int fd : fds) {
        char byte = head[round % head.size()];
        if (send(fd, &byte, 1, MSG_NOSIGNAL) == 1 || errno == EAGAIN) ++alive;
      }
      still_open = alive;
      // Wakes early when the test is done: a bounded wait on the flag, not a guess.
      for (int t = 0; t < 50 && !stop.load(); ++t) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    for (int fd : fds) close(fd);
  });
  // Let the flood reach the hub: wait until the slow thread has opened its sockets (bounded).
  auto opened_count = opened.get_future();
  ASSERT_EQ(opened_count.wait_for(std::chrono::seconds(30)), std::future_status::ready);
  ASSERT_EQ(opened_count.get(), kSlowClients);

  sync::GlobalInit();
  auto client = sync::HubClient::Create({.base_url = env_.hub_url(), .connect_timeout_ms = 5000,
                                         .transfer_timeout_ms = 10000});
  ASSERT_TRUE(client.ok());
  std::vector<double> health_ms;
  for (int i = 0; i < 100; ++i) {
    auto t0 = Clock::now();
    auto res = client->Send({.method = "GET", .path = "/healthz"});
    health_ms.push_back(SecondsSince(t0) * 1000);
    ASSERT_TRUE(res.ok()) << res.status().ToString();
    ASSERT_EQ(res->http_status, 200);
  }
  auto t0 = Clock::now();
  ProcessResult pushed = env_.Kioskctl({"sync", "--once"});
  double push_s = SecondsSince(t0);
  int alive = still_open.load();
  stop = true;
  slow.join();
  ASSERT_EQ(pushed.exit_code, 0) << pushed.err << pushed.out;
  ExpectExactlyOnce(env_, 200);
  std::sort(health_ms.begin(), health_ms.end());
  std::printf("[figures] slow_clients connections=%d still_sending=%d healthz_p50_ms=%.2f healthz_p99_ms=%.2f "
              "kiosk_push_200_s=%.2f\n",
              kSlowClients, alive, health_ms[50], health_ms[98], push_s);
  EXPECT_GT(alive, kSlowClients / 2) << "the slow clients were not holding their connections";
}

TEST_F(SyncIntegrationTest, KillNineAtAnyPointOfAPushNeverLosesOrDoublesARecord) {
  SetUpEnrolled();
  size_t total = 0;
  auto add = [&](int n) {
    static int round = 0;
    env_.AddCheckIns(n, session_, "K" + std::to_string(round++) + "-");
    total += size_t(n);
  };
  // Deterministic points: a real SIGKILL the n-th time the process passes the point.
  for (const char* point : {"after_claim", "after_send_before_ack", "after_ack"}) {
    for (int nth : {1, 2}) {
      add(700);  // at least two batches waiting, so the second passage comes
      ProcessResult r = env_.Kioskctl({"sync", "--once"}, {std::string("LK_SYNC_CRASH_AT=") + point,
                                                            "LK_SYNC_CRASH_AFTER=" + std::to_string(nth)});
      EXPECT_EQ(r.exit_code, -1) << point << " " << nth << ": expected death by SIGKILL; " << r.err << r.out;
      if (std::string(point) == "after_send_before_ack") {
        // The hub committed the batch; the kiosk still has it in flight: the acknowledgement was lost.
        // (Two senders: the other one may have had a batch on the wire too.)
        int64_t in_flight = env_.KioskCount("SELECT COUNT(*) FROM outbox WHERE state = 'in_flight'");
        EXPECT_TRUE(in_flight > 0 && in_flight <= 1000) << in_flight;
        std::multiset<std::string> hub = env_.HubRecordIds();
        auto db = Database::Open(env_.kiosk_dir() + "/kiosk.db");
        auto s = db->Prepare("SELECT record_id FROM outbox WHERE state = 'in_flight'");
        int at_hub = 0;
        while (*s->Step()) at_hub += int(hub.count(s->ColumnText(0)));
        EXPECT_GT(at_hub, 0) << "the batch whose answer was lost is committed at the hub";
      }
    }
  }

  // Random moments: kill -9 a running `kioskctl sync` after 0..400 ms.
  std::mt19937 random(20261129);
  for (int i = 0; i < 10; ++i) {
    add(400);
    Child child(env_.KioskctlArgv({"sync"}), {}, env_.dir().File("kill.log"));
    // Not a wait: a random moment for a real kill -9 of the real process.
    std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 400)(random)));
    child.Kill9();
    child.Wait();
  }

  ProcessResult r = env_.Kioskctl({"sync"});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  ExpectExactlyOnce(env_, total);
  // Resent batches were recognised by their ids: the hub recorded no conflicting copies.
  EXPECT_EQ(env_.hub_db().QueryInt("SELECT COUNT(*) FROM conflicts"), 0);
}

TEST_F(SyncIntegrationTest, FaultsBetweenKioskAndHubLoseAndDoubleNothing) {
  SetUpEnrolled();
  FaultProxy proxy("127.0.0.1", env_.hub()->port());
  env_.WriteKioskConfig({.hub_url = proxy.url(), .connect_timeout_s = 2, .transfer_timeout_s = 5});
  size_t total = 0;
  struct Case {
    FaultPlan plan;
    std::string expect_in_err;  // words the retry message carries
  } cases[] = {
      {{.mode = FaultMode::kResetRequest, .bytes = 300, .count = 2}, "broke off"},
      {{.mode = FaultMode::kResetResponse, .bytes = 100, .count = 2}, "broke off"},
      {{.mode = FaultMode::kServiceUnavailable, .retry_after_s = 1, .count = 2}, "busy"},
      {{.mode = FaultMode::kCaptivePortal, .count = 2}, "captive portal"},
      {{.mode = FaultMode::kStall, .count = 1}, "timed out"},
      {{.mode = FaultMode::kSlowDrip, .drip_interval_ms = 100, .count = 1}, "timed out"},
      {{.mode = FaultMode::kTruncatedBody, .count = 2}, "broke off"},
  };
  int round = 0;
  for (const auto& c : cases) {
    SCOPED_TRACE(FaultModeName(c.plan.mode));
    env_.AddCheckIns(700, session_, "F" + std::to_string(round++) + "-");
    total += 700;
    proxy.SetPlan(c.plan);
    auto start = Clock::now();
    ProcessResult r = env_.Kioskctl({"sync", "--timeout", "120"});
    EXPECT_EQ(r.exit_code, 0) << r.err << r.out;
    EXPECT_NE(r.err.find(c.expect_in_err), std::string::npos) << r.err;
    if (c.plan.mode == FaultMode::kServiceUnavailable) EXPECT_GE(SecondsSince(start), 1.0) << "Retry-After honoured";
    if (c.plan.mode == FaultMode::kStall) EXPECT_LT(SecondsSince(start), 60) << "a stalled link cannot hang the sync";
    EXPECT_EQ(env_.KioskPending(), 0);
  }
  ExpectExactlyOnce(env_, total);

  // A portal that never goes away: nothing acknowledged, and staff are told in words.
  env_.AddCheckIns(5, session_, "P-");
  proxy.SetPlan({.mode = FaultMode::kCaptivePortal});
  ProcessResult r = env_.Kioskctl({"sync", "--once"});
  EXPECT_EQ(r.exit_code, 3);
  json status = StatusJson(env_);
  EXPECT_EQ(status["pending"], 5);
  EXPECT_EQ(status["last_sync_error"], "the network answered with a web page, not the hub (captive portal?)");
  proxy.Pass();
  r = env_.Kioskctl({"sync"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  ExpectExactlyOnce(env_, total + 5);
}

// The demo catalogue with one session removed and one course retitled, as a new version.
std::string ChangedCatalog(const std::string& version, int sessions_to_remove, std::string* removed_id) {
  json j = json::parse(ReadFile(DemoCatalogPath()));
  j["version"] = version;
  for (int i = 0; i < sessions_to_remove; ++i) {
    *removed_id = j["sessions"].back()["id"].get<std::string>();
    j["sessions"].erase(j["sessions"].size() - 1);
  }
  j["courses"][0]["title"]["en"] = "Retitled " + version;
  return j.dump();
}

TEST_F(SyncIntegrationTest, CatalogueChangesReachTheKioskAndACrashMidPullLeavesAConsistentCatalogue) {
  SetUpEnrolled({"--rate", "0", "--page-size", "4"});  // many pages
  auto load = [&] {
    auto store = KioskStore::Open(env_.kiosk_dir());
    return *CatalogStore(store->db()).Load();
  };
  Catalog v1 = load();
  ASSERT_EQ(v1.version, "demo-1");

  // Nothing changed: the ETag answers 304 (after the first poll at the new cursor).
  ASSERT_EQ(env_.Kioskctl({"sync", "--once"}).exit_code, 0);
  ProcessResult same = env_.Kioskctl({"sync", "--once"});
  EXPECT_NE(same.out.find("up to date"), std::string::npos) << same.out;

  std::string removed;
  WriteFile(env_.dir().File("v2.json"), ChangedCatalog("demo-2", 1, &removed));
  env_.ImportHubCatalog(env_.dir().File("v2.json"));
  ProcessResult r = env_.Kioskctl({"sync", "--once"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("updated to demo-2"), std::string::npos) << r.out;
  Catalog v2 = load();
  EXPECT_EQ(v2.version, "demo-2");
  EXPECT_EQ(v2.sessions.size(), v1.sessions.size() - 1);
  for (const auto& s : v2.sessions) EXPECT_NE(s.id, removed) << "the removed session is gone";
  std::string retitled = json::parse(ReadFile(DemoCatalogPath()))["courses"][0]["id"].get<std::string>();
  for (const auto& c : v2.courses) {
    if (c.id == retitled) EXPECT_EQ(c.title.en, "Retitled demo-2");
  }

  // A full resync (no cursor) spans many pages; crash after the first and second page fetched.
  std::string removed3;
  WriteFile(env_.dir().File("v3.json"), ChangedCatalog("demo-3", 3, &removed3));
  env_.ImportHubCatalog(env_.dir().File("v3.json"));
  ProcessResult crash = env_.Kioskctl({"sync", "--once"}, {"LK_SYNC_CRASH_AT=mid_pull"});
  EXPECT_EQ(crash.exit_code, -1) << crash.err << crash.out;
  EXPECT_EQ(CatalogToJson(load()), CatalogToJson(v2)) << "the old catalogue, whole";
  {  // Forget the cursor: the next pull is a full resync over many pages.
    auto store = KioskStore::Open(env_.kiosk_dir());
    ASSERT_TRUE(store->db().Exec("UPDATE catalog_state SET cursor = '', etag = ''").ok());
  }
  for (int nth : {1, 3}) {
    crash = env_.Kioskctl({"sync", "--once"}, {"LK_SYNC_CRASH_AT=mid_pull", "LK_SYNC_CRASH_AFTER=" + std::to_string(nth)});
    EXPECT_EQ(crash.exit_code, -1) << crash.err << crash.out;
    EXPECT_EQ(CatalogToJson(load()), CatalogToJson(v2)) << "page " << nth << ": the old catalogue, whole";
  }
  r = env_.Kioskctl({"sync", "--once"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Catalog v3 = load();
  EXPECT_EQ(v3.version, "demo-3");
  EXPECT_EQ(v3.sessions.size(), v1.sessions.size() - 3);
}

TEST_F(SyncIntegrationTest, WorkerPushesPromptlyShowsStatusFetchesSummariesAndStopsPromptly) {
  SetUpEnrolled();
  FaultProxy proxy("127.0.0.1", env_.hub()->port());
  KioskConfig config;
  config.hub_url = proxy.url();
  config.transfer_timeout_seconds = 60;  // long: Stop() must not wait for it
  config.heartbeat_seconds = 10;
  std::mutex mutex;
  std::vector<SyncStatus> seen;
  sync::SyncWorkerOptions options;
  options.data_dir = env_.kiosk_dir();
  options.config = config;
  options.seed = 1;
  options.data_version_poll_ms = 300;
  options.on_status = [&](const SyncStatus& s) {
    std::lock_guard<std::mutex> lock(mutex);
    seen.push_back(s);
  };
  sync::SyncWorker worker(options);
  worker.Start();
  // Bounded waits on the worker's exchanges with the real hub process.
  auto wait_until = [&](std::function<bool()> done, double seconds) { return WaitUntil(done, int(seconds * 1000), 20); };
  ASSERT_TRUE(wait_until([&] { return worker.status().online; }, 15)) << worker.status().last_error;

  // A check-in and a poke: pushed within moments, and the status says so.
  env_.AddCheckIns(20, session_, "W-");
  auto start = Clock::now();
  worker.Poke();
  ASSERT_TRUE(wait_until([&] { return worker.status().pending == 0 && env_.HubRecordIds().size() == 20; }, 10));
  EXPECT_LT(SecondsSince(start), 8);
  {
    std::lock_guard<std::mutex> lock(mutex);
    bool saw_twenty = false;
    for (const auto& s : seen) saw_twenty = saw_twenty || s.pending == 20;
    EXPECT_TRUE(saw_twenty) << "the status showed the waiting records";
  }
  // Written by another process without a poke: found by the database's change counter.
  env_.AddCheckIns(5, session_, "X-");
  ASSERT_TRUE(wait_until([&] { return env_.HubRecordIds().size() == 25; }, 10));

  // The hub's learning record for the confirmation screen.
  std::promise<Result<sync::LearnerSummary>> promise;
  worker.FetchLearnerSummary("W-0000003", [&](const std::string&, Result<sync::LearnerSummary> s) {
    promise.set_value(std::move(s));
  });
  auto future = promise.get_future();
  ASSERT_EQ(future.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  auto summary = future.get();
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->checkins, 1);

  // A stalled link: the push hangs in the transfer; Stop() interrupts it promptly.
  const int stalled_before = proxy.faults();
  proxy.SetPlan({.mode = FaultMode::kStall});
  env_.AddCheckIns(3, session_, "S-");
  worker.Poke();
  ASSERT_TRUE(wait_until([&] { return worker.status().busy; }, 5));
  // Until the push's connection is held by the stall (the transfer is under way, not yet connecting).
  ASSERT_TRUE(wait_until([&] { return proxy.faults() > stalled_before; }, 5));
  start = Clock::now();
  worker.Stop();
  EXPECT_LT(SecondsSince(start), 3.0) << "Stop() waited for the stalled transfer";
  EXPECT_EQ(env_.KioskPending(), 3);
}

}  // namespace
}  // namespace lk::testing
