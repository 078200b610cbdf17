// Long offline: a kiosk cut off for 30 days keeps taking 2,000 check-ins a day (60,000 records queued),
// then the network returns and everything drains to the hub exactly once; acknowledged records older
// than the retention are pruned, and the space they held is reused.
//
// The check-ins go through AttendanceStore::CheckIn (the real rules and writes, one transaction each)
// on a connection with synchronous=OFF: durability is the power-cut test's subject, this one is about
// size and drain, and 60,000 fsyncs would take minutes. Sizes are measured after a checkpoint (the
// kiosk.db file) and as the WAL is left (kiosk.db-wal) at every stage; the figures line and
// tests/reliability/README.md give them.
#include <chrono>
#include <cstdio>

#include <gtest/gtest.h>

#include "kiosk/core/attendance_store.h"
#include "kiosk/core/catalog_json.h"
#include "kiosk/core/catalog_store.h"
#include "kiosk/core/clock.h"
#include "kiosk/core/config.h"
#include "kiosk/core/kiosk_store.h"
#include "kiosk/core/outbox.h"
#include "sync/client/sync_engine.h"
#include "tests/reliability/rel_util.h"
#include "tests/sync/sync_test_env.h"

namespace lk::testing {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kDays = 30;
constexpr int kSessionsPerDay = 10;
constexpr int kLearnersPerSession = 200;  // 2,000 check-ins a day

// Documented bound (README): the kiosk database needs at most this many bytes per record it holds
// (attendance row, its three indexes, the outbox row and its two indexes), plus the catalogue.
constexpr int64_t kMaxBytesPerRecord = 600;

struct Sizes {
  int64_t db = 0, wal = 0, pages = 0, free_pages = 0;
};

Sizes Measure(const std::string& dir) {
  Sizes s;
  auto store = KioskStore::Open(dir);
  if (!store.ok()) return s;
  s.wal = rel::FileSize(dir + "/kiosk.db-wal");
  (void)store->db().Exec("PRAGMA wal_checkpoint(PASSIVE)");
  s.db = rel::FileSize(dir + "/kiosk.db");
  s.pages = store->db().QueryInt("PRAGMA page_count").value_or(0);
  s.free_pages = store->db().QueryInt("PRAGMA freelist_count").value_or(0);
  return s;
}

TEST(LongOfflineTest, ThirtyDaysOfCheckInsQueueDrainExactlyOnceAndArePrunedAfterTheRetention) {
  SyncTestEnv env;
  env.SetUpHub({"--rate", "0"});
  // The centre's last 30 days: 10 sessions a day, the day's sessions from 08:00 at one-hour steps.
  const TimeMs now = NowMs();
  auto demo = LoadCatalogFile(DemoCatalogPath(), now);
  ASSERT_TRUE(demo.ok());
  Catalog catalog = *demo;
  catalog.version = "thirty-days";
  catalog.sessions.clear();
  for (int d = 1; d <= kDays; ++d) {
    for (int i = 0; i < kSessionsPerDay; ++i) {
      TimeMs start = now - d * kMsPerDay - (i + 1) * kMsPerHour;
      catalog.sessions.push_back({"d" + std::to_string(d) + "-s" + std::to_string(i),
                                  catalog.courses[size_t(i) % catalog.courses.size()].id, start, start + kMsPerHour,
                                  {"教室", "Room"}, 0});
    }
  }
  WriteFile(env.dir().File("thirty.json"), CatalogToJson(catalog));
  env.ImportHubCatalog(env.dir().File("thirty.json"));
  env.EnrollKiosk();
  ASSERT_EQ(env.Kioskctl({"sync", "--once"}).exit_code, 0);
  Sizes empty = Measure(env.kiosk_dir());

  // The hub is gone for a month.
  env.StopHub();
  auto t0 = Clock::now();
  int64_t written = 0;
  {
    auto store = KioskStore::Open(env.kiosk_dir());
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE(store->db().Exec("PRAGMA synchronous=OFF").ok());
    AttendanceStore attendance(store->db(), CheckInPolicy::FromConfig(KioskConfig{}));
    auto day_start = Clock::now();
    for (size_t si = 0; si < catalog.sessions.size(); ++si) {
      const Session& s = catalog.sessions[si];
      if (si % kSessionsPerDay == 0) {
        // A day's 2,000 check-ins take well under a second each way; if they start taking tens of
        // seconds, check-ins slow down with the table's size: stop instead of running for hours.
        double day_s = std::chrono::duration<double>(Clock::now() - day_start).count();
        ASSERT_LT(day_s, 30) << "2,000 check-ins took " << day_s << " s with " << written
                             << " records in the table (see ScaleTest)";
        day_start = Clock::now();
      }
      for (int l = 0; l < kLearnersPerSession; ++l) {
        char learner[32];
        std::snprintf(learner, sizeof learner, "CB%06d", int(l + (written / 20000) * 1000));
        auto r = attendance.CheckIn(learner, s.id, s.starts_at + l * 1000, RecordSource::kScanner);
        ASSERT_TRUE(r.ok()) << r.status().ToString();
        ASSERT_EQ(r->outcome, CheckInOutcome::kCheckedIn);
        ++written;
      }
    }
  }
  double write_s = std::chrono::duration<double>(Clock::now() - t0).count();
  ASSERT_EQ(written, int64_t(kDays) * kSessionsPerDay * kLearnersPerSession);
  Sizes queued = Measure(env.kiosk_dir());
  EXPECT_EQ(env.KioskPending(), written);

  // The network is back: drain.
  env.StartHub({"--rate", "0"});
  env.WriteKioskConfig({.hub_url = env.hub_url(), .transfer_timeout_s = 60});
  auto t1 = Clock::now();
  ProcessResult r = env.Kioskctl({"sync", "--timeout", "600"});
  double drain_s = std::chrono::duration<double>(Clock::now() - t1).count();
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_EQ(env.KioskPending(), 0);
  std::multiset<std::string> hub = env.HubRecordIds();
  std::set<std::string> hub_set(hub.begin(), hub.end());
  EXPECT_EQ(int64_t(hub.size()), written);
  EXPECT_EQ(hub.size(), hub_set.size()) << "doubled at the hub";
  EXPECT_EQ(env.KioskRecordIds(), hub_set);
  Sizes drained = Measure(env.kiosk_dir());

  // Retention: 7 days. Records recorded more than 7 days ago go (they are acknowledged).
  int64_t expected_kept = 0;
  for (const Session& s : catalog.sessions) {
    if (s.starts_at >= NowMs() - 7 * kMsPerDay + kMsPerHour) expected_kept += kLearnersPerSession;
  }
  int64_t pruned = 0;
  {
    sync::SyncEngineOptions options;
    options.data_dir = env.kiosk_dir();
    auto config = LoadKioskConfig(env.config_path(), false);
    ASSERT_TRUE(config.ok()) << config.status().ToString();
    options.config = *config;
    options.config.retention_days = 7;
    auto engine = sync::SyncEngine::Open(std::move(options));
    ASSERT_TRUE(engine.ok()) << engine.status().ToString();
    auto p = (*engine)->Prune();
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    pruned = *p;
  }
  EXPECT_EQ(pruned, written - expected_kept);
  EXPECT_EQ(env.KioskCount("SELECT COUNT(*) FROM attendance"), expected_kept);
  Sizes after_prune = Measure(env.kiosk_dir());

  // The freed pages are reused: another day offline (2,000 check-ins) does not grow the file.
  {
    auto store = KioskStore::Open(env.kiosk_dir());
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE(store->db().Exec("PRAGMA synchronous=OFF").ok());
    AttendanceStore attendance(store->db(), CheckInPolicy::FromConfig(KioskConfig{}));
    for (int i = 0; i < kSessionsPerDay; ++i) {
      const Session& s = catalog.sessions[size_t(i)];
      for (int l = 0; l < kLearnersPerSession; ++l) {
        char learner[32];
        std::snprintf(learner, sizeof learner, "NEW%06d", l);
        auto c = attendance.CheckIn(learner, s.id, s.starts_at + l * 1000, RecordSource::kKeypad);
        ASSERT_TRUE(c.ok()) << c.status().ToString();
      }
    }
  }
  Sizes reused = Measure(env.kiosk_dir());
  EXPECT_LE(reused.db, after_prune.db) << "the file grew although " << after_prune.free_pages << " pages were free";

  // The documented bound.
  EXPECT_LE(queued.db, empty.db + written * kMaxBytesPerRecord)
      << "60,000 queued records take " << (queued.db - empty.db) / written << " bytes each";
  rel::Figures("long_offline", {{"records", written},
                                {"write_seconds", int64_t(write_s)},
                                {"drain_seconds", int64_t(drain_s)},
                                {"db_bytes_empty", empty.db},
                                {"db_bytes_queued", queued.db},
                                {"wal_bytes_queued", queued.wal},
                                {"db_bytes_drained", drained.db},
                                {"wal_bytes_drained", drained.wal},
                                {"db_bytes_after_prune", after_prune.db},
                                {"wal_bytes_after_prune", after_prune.wal},
                                {"free_pages_after_prune", after_prune.free_pages},
                                {"db_bytes_after_another_day", reused.db},
                                {"bytes_per_record", (queued.db - empty.db) / written},
                                {"pruned", pruned},
                                {"kept", expected_kept}});
}

}  // namespace
}  // namespace lk::testing
