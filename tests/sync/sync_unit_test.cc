// Unit tests of the sync client's parts that need no hub: backoff, hub URL rules, the credentials file,
// gzip, response classification, and the outbox's batch claim/resolve/prune.
#include <sys/stat.h>

#include <cerrno>
#include <filesystem>
#include <set>

#include <gtest/gtest.h>

#include "kiosk/core/attendance_store.h"
#include "kiosk/core/catalog_json.h"
#include "kiosk/core/catalog_store.h"
#include "kiosk/core/fault_env.h"
#include "kiosk/core/kiosk_store.h"
#include "kiosk/core/outbox.h"
#include "sync/client/backoff.h"
#include "sync/client/enrollment.h"
#include "sync/client/hub_client.h"
#include "sync/client/sync_status.h"
#include "tests/testing/test_util.h"

namespace lk::sync {
namespace {

TEST(BackoffTest, FullJitterWithinADoublingCeilingCappedAtTenMinutes) {
  Backoff b(42);
  TimeMs expected_ceiling = 2000;
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(b.Ceiling(), expected_ceiling) << "failure " << i;
    TimeMs d = b.Failure();
    EXPECT_GE(d, 0);
    EXPECT_LE(d, expected_ceiling);
    expected_ceiling = std::min<TimeMs>(expected_ceiling * 2, 600'000);
  }
  EXPECT_EQ(b.Ceiling(), 600'000);
}

TEST(BackoffTest, SameSeedSameDelaysAndJitterSpreadsThem) {
  Backoff a(7), b(7), c(8);
  std::vector<TimeMs> da, db, dc;
  for (int i = 0; i < 10; ++i) {
    da.push_back(a.Failure());
    db.push_back(b.Failure());
    dc.push_back(c.Failure());
  }
  EXPECT_EQ(da, db);
  EXPECT_NE(da, dc);
  // Full jitter: over many draws at the cap, delays cover the whole range.
  Backoff spread(1);
  for (int i = 0; i < 12; ++i) spread.Failure();
  TimeMs lo = INT64_MAX, hi = 0;
  for (int i = 0; i < 200; ++i) {
    TimeMs d = spread.Failure();
    lo = std::min(lo, d);
    hi = std::max(hi, d);
  }
  EXPECT_LT(lo, 60'000);
  EXPECT_GT(hi, 540'000);
}

TEST(BackoffTest, RetryAfterIsAFloorAndSuccessResets) {
  Backoff b(3);
  for (int i = 0; i < 5; ++i) EXPECT_GE(b.Failure(30'000), 30'000);
  EXPECT_EQ(b.Failure(2 * kMsPerHour), kMsPerHour);  // honoured up to an hour
  b.Success();
  EXPECT_EQ(b.failures(), 0);
  EXPECT_EQ(b.Ceiling(), 2000);
  EXPECT_LE(b.Failure(), 2000);
}

TEST(HubUrlTest, PlainHttpOnlyForLoopback) {
  for (const char* ok : {"https://hub.example.org", "https://10.0.0.5:8443/", "http://127.0.0.1:8080",
                         "http://127.1.2.3", "http://localhost:9000", "http://[::1]:8080", "HTTPS://Hub.Example.org"}) {
    EXPECT_TRUE(CheckHubUrl(ok).ok()) << ok << ": " << CheckHubUrl(ok).message();
  }
  for (const char* bad : {"http://hub.example.org", "http://10.0.0.5", "http://128.0.0.1", "ftp://127.0.0.1",
                          "http://localhost.evil.org", "http://[::2]:80", "hub.example.org", ""}) {
    Status s = CheckHubUrl(bad);
    EXPECT_FALSE(s.ok()) << bad;
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_NE(CheckHubUrl("http://hub.example.org").message().find("https://"), std::string::npos);
}

TEST(EnrollmentTest, CredentialsFileIsPrivateAtomicAndRoundTrips) {
  testing::TempDir dir;
  auto missing = LoadEnrollment(dir.path());
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());

  Enrollment e;
  e.hub_url = "https://hub.example.org";
  e.device_id = "0190f1e2-0000-7000-8000-000000000001";
  e.token = "secret-token";
  e.centre = {"c1", {"中心", "Centre"}, "Asia/Shanghai"};
  e.enrolled_at = 1234;
  ::umask(0022);
  ASSERT_TRUE(SaveEnrollment(dir.path(), e).ok());
  struct stat st {};
  ASSERT_EQ(stat(CredentialsPath(dir.path()).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(testing::DirEntries(dir.path()), std::vector<std::string>{kCredentialsFileName}) << "no temporary file";
  auto loaded = LoadEnrollment(dir.path());
  ASSERT_TRUE(loaded.ok() && loaded->has_value());
  EXPECT_EQ((*loaded)->token, "secret-token");
  EXPECT_EQ((*loaded)->device_id, e.device_id);
  EXPECT_EQ((*loaded)->centre, e.centre);

  KioskConfig config;
  EXPECT_EQ(EffectiveHubUrl(config, **loaded), "https://hub.example.org");
  config.hub_url = "https://other.example.org";
  EXPECT_EQ(EffectiveHubUrl(config, **loaded), "https://other.example.org");

  // A full disk on re-enrolment: the error says so and names the file; the old credentials still work.
  FaultEnv full;
  full.FailNextWrites(1, ENOSPC);
  Enrollment next = e;
  next.token = "new-token";
  Status refused = SaveEnrollment(dir.path(), next, &full);
  EXPECT_EQ(refused.code(), StatusCode::kResourceExhausted);
  EXPECT_NE(refused.message().find(CredentialsPath(dir.path())), std::string::npos) << refused.message();
  EXPECT_EQ((*LoadEnrollment(dir.path()))->token, "secret-token");

  testing::WriteFile(CredentialsPath(dir.path()), "{not json");
  auto corrupt = LoadEnrollment(dir.path());
  EXPECT_FALSE(corrupt.ok());
  EXPECT_NE(corrupt.status().message().find("enrol the kiosk again"), std::string::npos);
}

TEST(HubClientTest, GzipRoundTripAndTruncationDetected) {
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "{\"id\":\"record-" + std::to_string(i) + "\"},";
  auto packed = GzipCompress(text);
  ASSERT_TRUE(packed.ok());
  EXPECT_LT(packed->size(), text.size() / 4);
  EXPECT_EQ(uint8_t((*packed)[0]), 0x1f);
  EXPECT_EQ(uint8_t((*packed)[1]), 0x8b);
  auto unpacked = GzipDecompress(*packed);
  ASSERT_TRUE(unpacked.ok());
  EXPECT_EQ(*unpacked, text);
  EXPECT_FALSE(GzipDecompress(packed->substr(0, packed->size() / 2)).ok());
}

TEST(HubClientTest, OnlyAnswersWithTheProtocolHeaderAreTheHubs) {
  HubResponse portal;
  portal.http_status = 200;
  portal.body = "<html>sign in</html>";
  Status s = ExpectHub(portal);
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_EQ(s.message(), "the network answered with a web page, not the hub (captive portal?)");

  HubResponse ok = portal;
  ok.from_hub = true;
  EXPECT_TRUE(ExpectHub(ok).ok());
  HubResponse busy = ok;
  busy.http_status = 503;
  busy.body = R"({"error":{"code":"overloaded","message":"the hub is busy; retry later"}})";
  EXPECT_EQ(ExpectHub(busy).code(), StatusCode::kUnavailable);
  EXPECT_NE(ExpectHub(busy).message().find("busy"), std::string::npos);
  HubResponse revoked = ok;
  revoked.http_status = 403;
  EXPECT_EQ(ExpectHub(revoked).code(), StatusCode::kPermissionDenied);
  HubResponse old = ok;
  old.http_status = 426;
  EXPECT_EQ(ExpectHub(old).code(), StatusCode::kFailedPrecondition);
}

TEST(HubClientTest, RefusesPlainHttpToARemoteHostAndReportsRefusedConnections) {
  EXPECT_FALSE(HubClient::Create({.base_url = "http://hub.example.org"}).ok());
  // A port nothing listens on (bound and closed just now is not guaranteed; port 1 needs root to bind).
  auto client = HubClient::Create({.base_url = "http://127.0.0.1:1", .connect_timeout_ms = 2000});
  ASSERT_TRUE(client.ok());
  auto r = client->Send({.path = "/healthz"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "hub not reachable: connection refused");
}

// The outbox's side of the sync: a store with the demo catalogue and check-ins.
class OutboxSyncTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = KioskStore::Open(dir_.path());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_.emplace(std::move(*store));
    auto catalog = LoadCatalogFile(testing::DemoCatalogPath(), 1'800'000'000'000);
    ASSERT_TRUE(catalog.ok());
    ASSERT_TRUE(CatalogStore(db()).Replace(*catalog, 1'800'000'000'000).ok());
    session_ = catalog->sessions.front().id;
  }
  Database& db() { return store_->db(); }
  std::vector<std::string> AddCheckIns(int n, int first = 0) {
    AttendanceStore attendance(db(), CheckInPolicy("[0-9A-Za-z-]{4,32}", 30));
    std::vector<std::string> ids;
    for (int i = first; i < first + n; ++i) {
      auto r = attendance.AddManualCheckIn("L" + std::to_string(100000 + i), session_, "test", 1'800'000'000'000 + i);
      EXPECT_TRUE(r.ok()) << r.status().ToString();
      if (r.ok()) ids.push_back(r->record.id);
    }
    return ids;
  }
  std::vector<OutboxResult> AckAll(const OutboxBatch& batch) {
    std::vector<OutboxResult> results;
    for (const auto& r : batch.records) results.push_back({r.id, OutboxResolution::kAcked, "accepted", ""});
    return results;
  }
  testing::TempDir dir_;
  std::optional<KioskStore> store_;
  std::string session_;
};

TEST_F(OutboxSyncTest, ClaimsOldestFirstAndResendsTheSameBatchUntilAnswered) {
  auto ids = AddCheckIns(12);
  Outbox outbox(db());
  auto first = outbox.ClaimBatch(5, "batch-1", 1);
  ASSERT_TRUE(first.ok() && first->has_value());
  EXPECT_FALSE((*first)->resend);
  ASSERT_EQ((*first)->records.size(), 5u);
  for (size_t i = 0; i < 5; ++i) EXPECT_EQ((*first)->records[i].id, ids[i]);

  // Not answered (a crash, a timeout): the same batch comes back, nothing new is claimed.
  auto again = outbox.ClaimBatch(5, "batch-2", 2);
  ASSERT_TRUE(again.ok() && again->has_value());
  EXPECT_TRUE((*again)->resend);
  EXPECT_EQ((*again)->batch_id, "batch-1");
  EXPECT_EQ((*again)->records, (*first)->records);
  auto stats = outbox.Stats();
  EXPECT_EQ(stats->pending, 12);
  EXPECT_EQ(stats->in_flight, 5);

  // Partly answered: answered records leave, the rest stay in flight under the same id.
  std::vector<OutboxResult> results = {{ids[0], OutboxResolution::kAcked, "accepted", ""},
                                       {ids[1], OutboxResolution::kAcked, "duplicate", ""},
                                       {ids[2], OutboxResolution::kSetAside, "rejected", "unknown_session"},
                                       {ids[9], OutboxResolution::kAcked, "accepted", ""}};  // not in this batch
  auto changed = outbox.Resolve("batch-1", results, 3);
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(*changed, 3);
  auto rest = outbox.ClaimBatch(5, "batch-3", 4);
  ASSERT_TRUE(rest.ok() && rest->has_value());
  EXPECT_EQ((*rest)->batch_id, "batch-1");
  ASSERT_EQ((*rest)->records.size(), 2u);
  EXPECT_EQ((*rest)->records[0].id, ids[3]);
  ASSERT_TRUE(outbox.Resolve("batch-1", AckAll(**rest), 5).ok());

  auto next = outbox.ClaimBatch(5, "batch-4", 6);
  ASSERT_TRUE(next.ok() && next->has_value());
  EXPECT_EQ((*next)->batch_id, "batch-4");
  EXPECT_EQ((*next)->records.front().id, ids[5]);
  ASSERT_TRUE(outbox.Resolve("batch-4", AckAll(**next), 7).ok());
  auto last = outbox.ClaimBatch(5, "batch-5", 8);
  ASSERT_TRUE(last.ok() && last->has_value());
  EXPECT_EQ((*last)->records.size(), 2u);
  ASSERT_TRUE(outbox.Resolve("batch-5", AckAll(**last), 9).ok());
  auto none = outbox.ClaimBatch(5, "batch-6", 10);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());

  stats = outbox.Stats();
  EXPECT_EQ(stats->pending, 0);
  EXPECT_EQ(stats->set_aside, 1);
  EXPECT_EQ(stats->acked, 11);
  auto aside = outbox.SetAside(10);
  ASSERT_TRUE(aside.ok());
  ASSERT_EQ(aside->size(), 1u);
  EXPECT_EQ((*aside)[0].record.id, ids[2]);
  EXPECT_EQ((*aside)[0].reason, "unknown_session");
}

TEST_F(OutboxSyncTest, DepthMatchesStatsAndNamesTheOldestPendingRecord) {
  AddCheckIns(7);
  Outbox outbox(db());
  auto depth = outbox.Depth();
  ASSERT_TRUE(depth.ok());
  EXPECT_EQ(depth->pending, 7);
  EXPECT_EQ(depth->oldest_pending_at, 1'800'000'000'000);
  auto batch = outbox.ClaimBatch(3, "b", 1);
  ASSERT_TRUE(outbox.Resolve("b", {{(*batch)->records[0].id, OutboxResolution::kAcked, "accepted", ""}}, 2).ok());
  depth = outbox.Depth();
  auto stats = outbox.Stats();
  EXPECT_EQ(depth->pending, stats->pending);
  EXPECT_EQ(depth->pending, 6);
  EXPECT_EQ(depth->oldest_pending_at, stats->oldest_pending_at);
  EXPECT_EQ(depth->oldest_pending_at, 1'800'000'000'001);
}

TEST_F(OutboxSyncTest, PruneDeletesOnlyOldAcknowledgedRecordsAndKeepsVoidTargetsWithTheirVoids) {
  auto ids = AddCheckIns(6);
  AttendanceStore attendance(db(), CheckInPolicy("[0-9A-Za-z-]{4,32}", 30));
  // ids[0] voided long ago (void also old); ids[1] voided recently (void is new: keep both).
  auto old_void = attendance.Void(ids[0], "mistake", 1'800'000'000'100);
  auto new_void = attendance.Void(ids[1], "mistake", 1'900'000'000'000);
  ASSERT_TRUE(old_void.ok() && new_void.ok());
  Outbox outbox(db());
  // Acknowledge everything except ids[5].
  for (int n = 0;; ++n) {
    auto batch = outbox.ClaimBatch(100, "b" + std::to_string(n), 1);
    ASSERT_TRUE(batch.ok());
    if (!batch->has_value()) break;
    std::vector<OutboxResult> results;
    for (const auto& r : (*batch)->records) {
      if (r.id != ids[5]) results.push_back({r.id, OutboxResolution::kAcked, "accepted", ""});
    }
    ASSERT_TRUE(outbox.Resolve((*batch)->batch_id, results, 2).ok());
    if (results.size() < (*batch)->records.size()) break;
  }
  auto pruned = outbox.PruneAcked(1'850'000'000'000);
  ASSERT_TRUE(pruned.ok()) << pruned.status().ToString();
  // Gone: ids[0] + its void, ids[2..4]. Kept: ids[1] (its void is recent), the new void, ids[5] (pending).
  EXPECT_EQ(*pruned, 5);
  std::set<std::string> left;
  auto s = db().Prepare("SELECT id FROM attendance");
  while (*s->Step()) left.insert(s->ColumnText(0));
  EXPECT_EQ(left, (std::set<std::string>{ids[1], new_void->id, ids[5]}));
  EXPECT_EQ(*db().QueryInt("SELECT COUNT(*) FROM outbox"), 3);
}

}  // namespace
}  // namespace lk::sync
