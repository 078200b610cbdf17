// Unit tests of the hub's store and catalogue cursors (no network): catalogue diffs and the change feed,
// and the attendance rules (duplicate, conflict, resend, capacity, void ordering), through OpenHubStore on
// the database LK_HUB_BACKEND names (HubTestDb: ctest runs them on SQLite and on PostgreSQL); a database
// from a newer build is refused by both. HubStoreMigrationTest is about the SQLite file's own migrations
// (SQLite only; the PostgreSQL run leaves it out).
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "kiosk/core/uuid.h"
#include "sync/hub/catalog_cursor.h"
#include "sync/hub/credentials.h"
#include "sync/hub/hub_store_open.h"
#include "sync/hub/sqlite_hub_schema.h"
#include "sync/hub/sqlite_hub_store.h"
#include "tests/testing/hub_test_db.h"
#include "tests/testing/test_util.h"

namespace lk::hub {
namespace {

constexpr TimeMs kNow = 1795000000000;

Catalog MakeCatalog(int capacity = 2) {
  Catalog c;
  c.version = "v1";
  c.centre = {"a", {"甲", "A"}, "Asia/Shanghai"};
  c.categories = {{"cat", {"书法", "Calligraphy"}, 1}};
  c.courses = {{"course-1", "cat", {"楷书", "Kaishu"}, {}, {}, 2.0}};
  c.sessions = {{"s-1", "course-1", kNow, kNow + kMsPerHour, {}, capacity},
                {"s-2", "course-1", kNow + kMsPerDay, kNow + kMsPerDay + kMsPerHour, {}, 0}};
  return c;
}

class HubStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = OpenHubStore(db_.uri());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
    ASSERT_TRUE(store_->AddCentre({"a", {"甲", "A"}, "Asia/Shanghai"}, kNow).ok());
    ASSERT_TRUE(store_->ImportCatalog("a", MakeCatalog(), kNow, kMsPerDay).ok());
    device_ = {"dev-1", "a", false};
  }

  AttendanceRecord Checkin(const std::string& learner, const std::string& session = "s-1") {
    AttendanceRecord r;
    r.id = NewUuid7(kNow);
    r.kind = RecordKind::kCheckIn;
    r.learner_id = learner;
    r.session_id = session;
    r.recorded_at = kNow;
    return r;
  }

  sync::BatchResponse Push(const std::vector<AttendanceRecord>& records, std::string batch_id = "") {
    sync::ParsedBatch batch;
    batch.batch_id = batch_id.empty() ? NewUuid7(kNow) : batch_id;
    for (const auto& r : records) batch.records.push_back({r.id, r, "", ""});
    auto response = store_->PushBatch(device_, batch, kNow);
    EXPECT_TRUE(response.ok()) << response.status().ToString();
    return response.ok() ? *response : sync::BatchResponse{};
  }

  testing::HubTestDb db_;
  std::unique_ptr<HubStore> store_;
  DeviceIdentity device_;
};

TEST_F(HubStoreTest, ReimportOnlyBumpsChangedItems) {
  auto state = store_->GetCatalogState("a");
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(state->max_seq, 4);
  auto same = store_->ImportCatalog("a", MakeCatalog(), kNow, kMsPerDay);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->unchanged, 4);
  EXPECT_EQ(same->max_seq, 4);

  Catalog next = MakeCatalog(30);  // s-1 capacity changes
  next.sessions.pop_back();        // s-2 removed
  auto diff = store_->ImportCatalog("a", next, kNow + 1000, kMsPerDay);
  ASSERT_TRUE(diff.ok());
  EXPECT_EQ(diff->changed, 1);
  EXPECT_EQ(diff->removed, 1);
  EXPECT_EQ(diff->unchanged, 2);

  CatalogState snapshot;
  std::vector<CatalogChange> changes;
  ASSERT_TRUE(store_->ListCatalogChanges("a", 4, false, 100, &snapshot, &changes).ok());
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].item.id, "s-1");
  EXPECT_FALSE(changes[0].item.deleted);
  EXPECT_EQ(changes[1].item.id, "s-2");
  EXPECT_TRUE(changes[1].item.deleted);
  // A full listing leaves tombstones out.
  ASSERT_TRUE(store_->ListCatalogChanges("a", 0, true, 100, &snapshot, &changes).ok());
  EXPECT_EQ(changes.size(), 3u);
}

TEST_F(HubStoreTest, CursorsOutsideTheFeedMeanFullResync) {
  auto state = store_->GetCatalogState("a");
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(DecodeCursor(EncodeCursor(state->epoch, 3), *state), 3);
  EXPECT_FALSE(DecodeCursor("", *state));
  EXPECT_FALSE(DecodeCursor("garbage", *state));
  EXPECT_FALSE(DecodeCursor(EncodeCursor("otherepoch", 3), *state));
  EXPECT_FALSE(DecodeCursor(EncodeCursor(state->epoch, 99), *state));  // ahead of the feed
  Catalog next = MakeCatalog();
  next.sessions.pop_back();
  ASSERT_TRUE(store_->ImportCatalog("a", next, kNow, /*retention=*/0).ok());  // tombstone expires at once
  state = store_->GetCatalogState("a");
  EXPECT_EQ(state->horizon_seq, 5);
  EXPECT_FALSE(DecodeCursor(EncodeCursor(state->epoch, 3), *state));
  EXPECT_EQ(DecodeCursor(EncodeCursor(state->epoch, 5), *state), 5);
}

TEST_F(HubStoreTest, EtagChangesWithTheFeed) {
  auto state = store_->GetCatalogState("a");
  std::string etag = CatalogEtag(*state, "", 200);
  EXPECT_EQ(etag, CatalogEtag(*state, "", 200));
  EXPECT_NE(etag, CatalogEtag(*state, "", 100));
  EXPECT_TRUE(IfNoneMatchHits(etag, etag));
  EXPECT_TRUE(IfNoneMatchHits("\"x\", W/" + etag, etag));
  EXPECT_FALSE(IfNoneMatchHits("\"x\"", etag));
  ASSERT_TRUE(store_->ImportCatalog("a", MakeCatalog(9), kNow, kMsPerDay).ok());
  EXPECT_NE(etag, CatalogEtag(*store_->GetCatalogState("a"), "", 200));
}

TEST_F(HubStoreTest, DuplicateConflictResendAndCapacity) {
  auto a = Checkin("L-1"), b = Checkin("L-2"), c = Checkin("L-3");
  std::string batch = NewUuid7(kNow);
  auto first = Push({a, b, c}, batch);
  ASSERT_EQ(first.results.size(), 3u);
  EXPECT_FALSE(first.resent);
  for (const auto& r : first.results) EXPECT_EQ(r.outcome, sync::RecordOutcome::kAccepted);
  EXPECT_TRUE(first.results[2].flags == std::vector<std::string>{"over_capacity"});

  auto again = Push({a, b, c}, batch);  // the reply was lost: same batch id
  EXPECT_TRUE(again.resent);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(again.results[i].outcome, first.results[i].outcome);
    EXPECT_EQ(again.results[i].flags, first.results[i].flags);
  }

  auto dup = Push({a});
  EXPECT_EQ(dup.results[0].outcome, sync::RecordOutcome::kDuplicate);
  AttendanceRecord changed = a;
  changed.learner_id = "L-9";
  auto conflict = Push({changed});
  EXPECT_EQ(conflict.results[0].outcome, sync::RecordOutcome::kConflict);
  auto rows = store_->Report("a", kNow - kMsPerDay, kNow + kMsPerDay);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].record.learner_id, "L-1");  // never overwritten

  auto repeat = Push({Checkin("L-1")});
  EXPECT_TRUE(repeat.results[0].flags == std::vector<std::string>{"repeat_checkin"});

  auto summary = store_->ReportSummary("a", kNow - kMsPerDay, kNow + kMsPerDay);
  ASSERT_TRUE(summary.ok());
  ASSERT_EQ(summary->size(), 1u);
  EXPECT_EQ((*summary)[0].checkins, 3);
  EXPECT_EQ((*summary)[0].records, 4);
  EXPECT_EQ((*summary)[0].over_capacity, 1);
  EXPECT_EQ((*summary)[0].conflicts, 1);
}

TEST_F(HubStoreTest, VoidsStopCountingInAnyOrder) {
  auto a = Checkin("L-1");
  AttendanceRecord v = Checkin("L-1");
  v.kind = RecordKind::kVoid;
  v.refers_to = a.id;
  auto early = Push({v});  // the void arrives first (another kiosk's queue)
  EXPECT_TRUE(early.results[0].flags == std::vector<std::string>{"refers_to_unknown"});
  Push({a});
  auto credit = store_->LearnerSummary("L-1", kNow - kMsPerDay, kNow + kMsPerDay);
  ASSERT_TRUE(credit.ok());
  EXPECT_EQ(credit->checkins, 0);

  auto b = Checkin("L-2");
  Push({b});
  credit = store_->LearnerSummary("L-2", kNow - kMsPerDay, kNow + kMsPerDay);
  EXPECT_EQ(credit->checkins, 1);
  EXPECT_DOUBLE_EQ(credit->credit_hours, 2.0);
  AttendanceRecord fix = Checkin("L-2", "s-2");  // staff moves the attendance to s-2
  fix.kind = RecordKind::kCorrection;
  fix.refers_to = b.id;
  Push({fix});
  credit = store_->LearnerSummary("L-2", kNow - kMsPerDay, kNow + 2 * kMsPerDay);
  EXPECT_EQ(credit->checkins, 1);
  auto rows = store_->Report("a", kNow - kMsPerDay, kNow + 2 * kMsPerDay);
  ASSERT_TRUE(rows.ok());
  bool replaced = false;
  for (const auto& r : *rows) {
    if (r.record.id == b.id) replaced = r.flags == std::vector<std::string>{"replaced"};
  }
  EXPECT_TRUE(replaced);
}

// The session's count of learners (sessions.checkins, what the console sums and the capacity check
// reads) as ingest keeps it, beside the attendance rows it counts.
#define EXPECT_SESSION_COUNT(db, session, n)                                                              \
  do {                                                                                                    \
    EXPECT_EQ((db).QueryInt("SELECT checkins FROM sessions WHERE centre_id='a' AND id='" session "'"), n); \
    EXPECT_EQ((db).QueryInt("SELECT COUNT(DISTINCT learner_id) FROM attendance WHERE centre_id='a' AND "   \
                            "session_id='" session "'"),                                                  \
              n);                                                                                         \
  } while (0)

TEST_F(HubStoreTest, OneBatchsVoidsCorrectionsAndRepeatsMoveTheCountAndTheCapacityCheck) {
  // s-1 holds 2. In one batch: L-1 and L-2 fill it, L-1's check-in is voided (a place is free again),
  // L-3 takes it and checks in twice, L-4 is over capacity, and L-2's check-in is corrected (L-2 stops
  // counting, then counts again by the correction: over capacity, as the session is full).
  auto a = Checkin("L-1"), b = Checkin("L-2"), c = Checkin("L-3"), c2 = Checkin("L-3"), d = Checkin("L-4");
  AttendanceRecord void_a = Checkin("L-1");
  void_a.kind = RecordKind::kVoid;
  void_a.refers_to = a.id;
  AttendanceRecord fix_b = Checkin("L-2");
  fix_b.kind = RecordKind::kCorrection;
  fix_b.refers_to = b.id;
  const std::string batch = NewUuid7(kNow);
  const std::vector<AttendanceRecord> records = {a, b, void_a, c, c2, d, fix_b};
  auto first = Push(records, batch);
  ASSERT_EQ(first.results.size(), records.size());
  const std::vector<std::vector<std::string>> flags = {{}, {}, {}, {}, {"repeat_checkin"}, {"over_capacity"},
                                                       {"over_capacity"}};
  for (size_t i = 0; i < records.size(); ++i) {
    EXPECT_EQ(first.results[i].outcome, sync::RecordOutcome::kAccepted) << i;
    EXPECT_EQ(first.results[i].flags, flags[i]) << i;
  }
  EXPECT_SESSION_COUNT(db_, "s-1", 3);  // L-2 (by the correction), L-3, L-4

  auto again = Push(records, batch);  // the reply was lost
  EXPECT_TRUE(again.resent);
  for (size_t i = 0; i < records.size(); ++i) {
    EXPECT_EQ(again.results[i].outcome, sync::RecordOutcome::kAccepted) << i;
    EXPECT_EQ(again.results[i].flags, flags[i]) << i;
  }
  auto dup = Push({a, d});  // another batch with the same records
  EXPECT_EQ(dup.results[0].outcome, sync::RecordOutcome::kDuplicate);
  EXPECT_EQ(dup.results[1].outcome, sync::RecordOutcome::kDuplicate);
  EXPECT_SESSION_COUNT(db_, "s-1", 3);

  // Later batches read the count the first one wrote.
  auto e = Push({Checkin("L-5")});
  EXPECT_EQ(e.results[0].flags, std::vector<std::string>{"over_capacity"});
  EXPECT_SESSION_COUNT(db_, "s-1", 4);
  AttendanceRecord void_d = Checkin("L-4");
  void_d.kind = RecordKind::kVoid;
  void_d.refers_to = d.id;
  AttendanceRecord void_fix = Checkin("L-2");
  void_fix.kind = RecordKind::kVoid;
  void_fix.refers_to = fix_b.id;
  Push({void_d, void_fix});
  EXPECT_SESSION_COUNT(db_, "s-1", 2);  // L-3, L-5
  auto f = Push({Checkin("L-6"), Checkin("L-7", "s-2")});
  EXPECT_EQ(f.results[0].flags, std::vector<std::string>{"over_capacity"});
  EXPECT_TRUE(f.results[1].flags.empty());
  EXPECT_SESSION_COUNT(db_, "s-1", 3);
  EXPECT_SESSION_COUNT(db_, "s-2", 1);
}

TEST_F(HubStoreTest, ConcurrentBatchesFromTwoStoresCountEveryLearnerOnceAndFillTheSessionExactly) {
  // Two stores on the one database (two replicas of the city, or `serve` and an admin command), four
  // kiosks each pushing 5 batches of 10 check-ins into s-1 (capacity 30), drawn from 50 learners: every
  // learner counts once, exactly 30 are within capacity, and every other check-in is a repeat.
  ASSERT_TRUE(store_->ImportCatalog("a", MakeCatalog(30), kNow, kMsPerDay).ok());
  auto second = OpenHubStore(db_.uri());
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  std::vector<std::thread> kiosks;
  std::vector<std::vector<sync::BatchResponse>> answers(4);
  std::atomic<int> failures{0};
  for (int k = 0; k < 4; ++k) {
    kiosks.emplace_back([&, k] {
      HubStore& store = k % 2 ? **second : *store_;
      DeviceIdentity device{"dev-" + std::to_string(k), "a", false};
      for (int b = 0; b < 5; ++b) {
        sync::ParsedBatch batch;
        batch.batch_id = NewUuid7(kNow);
        for (int i = 0; i < 10; ++i) {
          AttendanceRecord r = Checkin("L-" + std::to_string((k * 13 + b * 10 + i) % 50));
          batch.records.push_back({r.id, r, "", ""});
        }
        auto response = store.PushBatch(device, batch, kNow);
        if (!response.ok()) {
          ++failures;
          continue;
        }
        answers[size_t(k)].push_back(*response);
      }
    });
  }
  for (auto& t : kiosks) t.join();
  ASSERT_EQ(failures.load(), 0);
  int plain = 0, over = 0, repeats = 0;
  for (const auto& kiosk : answers) {
    for (const auto& response : kiosk) {
      for (const auto& r : response.results) {
        ASSERT_EQ(r.outcome, sync::RecordOutcome::kAccepted);
        if (r.flags.empty()) ++plain;
        if (r.flags == std::vector<std::string>{"over_capacity"}) ++over;
        if (r.flags == std::vector<std::string>{"repeat_checkin"}) ++repeats;
      }
    }
  }
  EXPECT_EQ(plain, 30);
  EXPECT_EQ(over, 20);
  EXPECT_EQ(repeats, 150);
  EXPECT_SESSION_COUNT(db_, "s-1", 50);
  EXPECT_EQ(db_.QueryInt("SELECT COUNT(*) FROM records WHERE centre_id='a'"), 200);
}

TEST_F(HubStoreTest, UnknownSessionAndRemovedSession) {
  auto r = Push({Checkin("L-1", "s-404")});
  EXPECT_EQ(r.results[0].outcome, sync::RecordOutcome::kRejected);
  EXPECT_EQ(r.results[0].reason, "unknown_session");
  Catalog next = MakeCatalog();
  next.sessions.pop_back();
  ASSERT_TRUE(store_->ImportCatalog("a", next, kNow, kMsPerDay).ok());
  r = Push({Checkin("L-1", "s-2")});  // removed since, but the kiosk saw it
  EXPECT_EQ(r.results[0].outcome, sync::RecordOutcome::kAccepted);
}

TEST_F(HubStoreTest, EnrolmentCodesAreSingleUse) {
  std::string code = NewEnrollCode();
  ASSERT_TRUE(store_->AddEnrollCode("a", HashEnrollCode(code), kNow, kNow + kMsPerHour).ok());
  auto centre = store_->Enroll(HashEnrollCode(code), "dev-2", HashToken("t"), {}, kNow);
  ASSERT_TRUE(centre.ok()) << centre.status().ToString();
  EXPECT_EQ(centre->id, "a");
  EXPECT_EQ(store_->Enroll(HashEnrollCode(code), "dev-3", HashToken("u"), {}, kNow).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(HashEnrollCode(code), HashEnrollCode(" " + code.substr(0, 4) + code.substr(5)));
  auto who = store_->Authenticate(HashToken("t"));
  ASSERT_TRUE(who.ok());
  EXPECT_EQ(who->device_id, "dev-2");
  ASSERT_TRUE(store_->RevokeDevice("dev-2", kNow).ok());
  EXPECT_TRUE(store_->Authenticate(HashToken("t"))->revoked);
  std::string expired = NewEnrollCode();
  ASSERT_TRUE(store_->AddEnrollCode("a", HashEnrollCode(expired), kNow, kNow + 1).ok());
  EXPECT_FALSE(store_->Enroll(HashEnrollCode(expired), "dev-4", HashToken("v"), {}, kNow + 2).ok());
}

}  // namespace
}  // namespace lk::hub

namespace lk::hub {
namespace {

// A database of schema version 1 (records keyed by id alone) is migrated step by step, its records
// kept.
TEST(HubStoreMigrationTest, AVersionOneDatabaseKeepsItsRecordsAndIsKeyedByCentre) {
  lk::testing::TempDir dir;
  std::string path = dir.File("old.db");
  {
    auto db = Database::Open(path);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db->Exec(sqlite::MigrationSql(1)).ok());
    ASSERT_TRUE(db->Exec("PRAGMA user_version=1").ok());
    ASSERT_TRUE(db->Exec("INSERT INTO records(id, centre_id, device_id, batch_id, seq, kind, learner_id, session_id, "
                         "recorded_at, source, received_at) VALUES ('0190c7a0-0000-7000-8000-000000000001', 'a', 'd', "
                         "'b', 1, 'checkin', 'L-1', 's-1', 1, 'keypad', 2)")
                    .ok());
  }
  ASSERT_TRUE(SqliteHubStore::Open(path).ok());
  auto db = Database::Open(path);
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(*db->QueryInt("PRAGMA user_version"), sqlite::SchemaVersion());
  EXPECT_EQ(*db->QueryInt("SELECT COUNT(*) FROM records WHERE centre_id = 'a' AND learner_id = 'L-1'"), 1);
  // The same id in another centre is another record now.
  EXPECT_TRUE(db->Exec("INSERT INTO records(id, centre_id, device_id, batch_id, seq, kind, learner_id, session_id, "
                       "recorded_at, source, received_at) VALUES ('0190c7a0-0000-7000-8000-000000000001', 'b', 'e', "
                       "'c', 1, 'checkin', 'L-2', 'b-1', 1, 'keypad', 2)")
                  .ok());
}

// Attendance counted before the credit journal existed (schema 5) is journalled once by migration 6:
// one credit per learner and session, whatever the number of records counting them.
TEST(HubStoreMigrationTest, AttendanceFromBeforeTheCreditJournalIsCreditedOnce) {
  lk::testing::TempDir dir;
  std::string path = dir.File("old.db");
  {
    auto db = Database::Open(path);
    ASSERT_TRUE(db.ok());
    for (int v = 1; v <= 5; ++v) ASSERT_TRUE(db->Exec(sqlite::MigrationSql(v)).ok()) << v;
    ASSERT_TRUE(db->Exec("PRAGMA user_version=5").ok());
    ASSERT_TRUE(db->Exec("INSERT INTO attendance(centre_id, session_id, learner_id, record_id) VALUES "
                         "('a', 's-1', 'L-1', 'r-1'), ('a', 's-1', 'L-1', 'r-2'), ('a', 's-2', 'L-1', 'r-3'), "
                         "('b', 's-1', 'L-2', 'r-4')")
                    .ok());
  }
  ASSERT_TRUE(SqliteHubStore::Open(path).ok());
  auto db = Database::Open(path);
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(*db->QueryInt("SELECT COUNT(*) FROM credit_journal WHERE change=1 AND at=0"), 3);
  EXPECT_EQ(*db->QueryInt("SELECT COUNT(*) FROM credit_journal WHERE session_id='s-1' AND learner_id='L-1' "
                          "AND record_id='r-1'"), 1);
}

// A database a newer build migrated (SQLite's user_version, PostgreSQL's schema_migrations) is refused,
// and left as it was.
TEST(HubStoreSchemaTest, ADatabaseFromANewerBuildIsRefusedAndKeepsItsData) {
  lk::testing::HubTestDb db;
  {
    auto store = OpenHubStore(db.uri());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ASSERT_TRUE((*store)->AddCentre({"a", {"甲", "A"}, "Asia/Shanghai"}, kNow).ok());
  }
  if (db.backend() == lk::testing::HubBackend::kSqlite) {
    db.Exec("PRAGMA user_version=" + std::to_string(sqlite::SchemaVersion() + 1));
  } else {
    db.Exec("INSERT INTO schema_migrations(version) SELECT MAX(version) + 1 FROM schema_migrations");
  }
  const std::string before = db.Dump();
  auto newer = OpenHubStore(db.uri());
  EXPECT_EQ(newer.status().code(), StatusCode::kFailedPrecondition) << newer.status().ToString();
  EXPECT_EQ(db.Dump(), before);
  EXPECT_EQ(db.QueryInt("SELECT COUNT(*) FROM centres"), 1);
}

}  // namespace
}  // namespace lk::hub
