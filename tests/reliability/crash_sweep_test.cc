// Crash sweep: kill -9 the kiosk's writer (`kioskctl checkin`) and its sync worker (`kioskctl sync`, the
// same SyncEngine the kiosk's SyncWorker thread runs) at many points -- during a check-in, after a
// batch is claimed, after the hub answered but before the answer is recorded, after it is recorded, in
// the middle of a catalogue pull and after a pull page, and at random moments of all of them, also with
// a writer and the sync running at once. After every kill the kiosk restarts its sync (drains), and the
// hub's records are compared with the kiosk's: nothing lost, nothing doubled, nothing left pending or set
// aside, integrity_check ok, the catalogue one whole version.
//
// Kill points: LK_REL_CRASH_POINTS (default 200). A round whose process finished before its random kill
// moment is not a kill point; rounds go on until the points are reached (at most twice as many rounds).
// Seed: LK_REL_SEED. LK_REL_CRASH_MIX=hub keeps only the rounds that kill at a named point of the push or
// the pull (LK_SYNC_CRASH_AT: after_claim, after_send_before_ack, after_ack, mid_pull, after_pull_page),
// in turn: the rounds where the hub's store must answer a resend or serve a resumed pull, without the
// kiosk-only writer rounds and the timed kills. ctest's PostgreSQL run (reliability_crash_sweep_pg) is
// that subset (tests/reliability/README.md).
// The hub runs on the database LK_HUB_BACKEND names (SyncTestEnv, HubTestDb).
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "kiosk/core/catalog_store.h"
#include "kiosk/core/clock.h"
#include "kiosk/core/kiosk_store.h"
#include "kiosk/core/time_zone.h"
#include "tests/reliability/rel_util.h"
#include "tests/sync/sync_test_env.h"

namespace lk::testing {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

int EnvInt(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::atoi(v) : fallback;
}

// The demo catalogue plus three sessions open from 12 hours before the import to 12 hours after it (so
// `kioskctl checkin` always finds one open, also across local midnight), as version `version`; `variant` changes titles and drops the last demo
// sessions so that consecutive versions differ in several pages.
json Catalogue(const std::string& version, int variant, std::set<std::string>* session_ids) {
  json j = json::parse(ReadFile(DemoCatalogPath()));
  j["version"] = version;
  for (int i = 0; i < variant % 4; ++i) j["sessions"].erase(j["sessions"].size() - 1);
  for (auto& course : j["courses"]) course["title"]["en"] = course["title"]["en"].get<std::string>() + " v" + version;
  for (int i = 1; i <= 3; ++i) {
    j["sessions"].push_back({{"id", "open-all-day-" + std::to_string(i)},
                             {"course", j["courses"][0]["id"]},
                             {"relative", {{"from_load_minutes", -12 * 60}, {"minutes", 24 * 60}}},
                             {"capacity", 0}});
  }
  session_ids->clear();
  for (const auto& s : j["sessions"]) session_ids->insert(s["id"].get<std::string>());
  return j;
}

class CrashSweepTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* s = std::getenv("LK_REL_SEED");
    seed_ = s && *s ? uint32_t(std::strtoul(s, nullptr, 10)) : std::random_device{}();
    rng_.seed(seed_);
    env_.SetUpHub({"--rate", "0", "--page-size", "8"});
    PublishCatalogue();
    env_.EnrollKiosk();
    ProcessResult r = env_.Kioskctl({"sync", "--once"});
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
    CheckCatalogue();
    // Bulk records go to every session that stays in every version (a centre's records spread over its
    // sessions; the writer rounds use the open-all-day ones).
    json demo = json::parse(ReadFile(DemoCatalogPath()));
    for (size_t i = 0; i + 4 < demo["sessions"].size(); ++i) bulk_sessions_.push_back(demo["sessions"][i]["id"]);
    ASSERT_FALSE(bulk_sessions_.empty());
  }

  // A new catalogue version at the hub (the next pull fetches several pages of changes).
  void PublishCatalogue() {
    ++version_;
    std::set<std::string> ids;
    json j = Catalogue("v" + std::to_string(version_), version_, &ids);
    versions_["v" + std::to_string(version_)] = ids;
    std::string file = env_.dir().File("catalogue.json");
    WriteFile(file, j.dump());
    env_.ImportHubCatalog(file);
  }

  // The kiosk's catalogue is one whole version: its sessions are exactly those of the version it names.
  void CheckCatalogue() {
    auto store = KioskStore::Open(env_.kiosk_dir());
    ASSERT_TRUE(store.ok());
    auto state = CatalogStore(store->db()).State();
    ASSERT_TRUE(state.ok());
    auto it = versions_.find(state->version);
    ASSERT_NE(it, versions_.end()) << "the kiosk names a catalogue version never published: " << state->version;
    auto sessions = store->db().Prepare("SELECT id FROM session");
    std::set<std::string> ids;
    while (*sessions->Step()) ids.insert(sessions->ColumnText(0));
    EXPECT_EQ(ids, it->second) << "the kiosk shows a half-applied catalogue (version " << state->version << ")";
  }

  // After a kill: restart the sync until it succeeds, then compare.
  void DrainAndCompare(const std::string& what) {
    ProcessResult r = env_.Kioskctl({"sync", "--timeout", "60"});
    ASSERT_EQ(r.exit_code, 0) << what << ": the drain failed: " << r.err << r.out;
    ++drains_;
    std::set<std::string> kiosk = env_.KioskRecordIds();
    std::multiset<std::string> hub = env_.HubRecordIds();
    std::set<std::string> hub_set(hub.begin(), hub.end());
    for (const auto& id : kiosk) {
      if (!hub_set.count(id)) ++lost_;
    }
    doubled_ += int64_t(hub.size() - hub_set.size());
    for (const auto& id : hub_set) {
      if (!kiosk.count(id)) ++unknown_at_hub_;
    }
    ASSERT_EQ(lost_, 0) << what << ": a kiosk record never reached the hub";
    ASSERT_EQ(doubled_, 0) << what << ": a record is doubled at the hub";
    ASSERT_EQ(unknown_at_hub_, 0) << what << ": the hub holds a record the kiosk does not";
    ASSERT_EQ(env_.KioskPending(), 0) << what;
    ASSERT_EQ(env_.KioskCount("SELECT COUNT(*) FROM outbox WHERE state = 'set_aside'"), 0) << what;
    // Every learner the writer was asked to check in is there exactly once.
    ASSERT_EQ(env_.KioskCount("SELECT COUNT(*) FROM (SELECT learner_id, session_id FROM attendance WHERE kind = "
                              "'checkin' GROUP BY 1, 2 HAVING COUNT(*) > 1)"),
              0)
        << what << ": a learner is counted twice at the kiosk";
    CheckCatalogue();
  }

  // `code`: Child::Wait's (-signal when killed) or RunProcess's (-1 when killed by a signal).
  void ExpectKilled(int code, const std::string& what) {
    if (code == -SIGKILL || code == -1) {
      ++kills_[what];
    } else {
      ++not_reached_[what];  // the process finished before the point or the timer
    }
  }

  // kill -9 a `kioskctl checkin` after a random delay; then the resident taps again (to completion).
  void WriterRound(int64_t n) {
    char learner_buf[16];
    std::snprintf(learner_buf, sizeof learner_buf, "W%06lld", static_cast<long long>(n));
    std::string learner = learner_buf;
    std::string session = "open-all-day-" + std::to_string(1 + n % 3);
    Child child(env_.KioskctlArgv({"checkin", "--learner", learner, "--session", session}), {},
                env_.dir().File("writer.log"));
    // Not a wait: a random moment (within a check-in's time) for a real kill -9 of the real process.
    std::this_thread::sleep_for(std::chrono::microseconds(std::uniform_int_distribution<int>(0, checkin_us_)(rng_)));
    child.Kill9();
    int code = child.Wait();
    ExpectKilled(code, "checkin");
    if (code == 0) ++committed_checkins_;
    ProcessResult again = env_.Kioskctl({"checkin", "--learner", learner, "--session", session});
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_EQ(env_.KioskCount("SELECT COUNT(*) FROM attendance WHERE learner_id = '" + learner + "'"), 1)
        << learner << " after a kill and a second tap";
  }

  // kill -9 at a deterministic point of the push (LK_SYNC_CRASH_AT).
  void PushPointRound(const char* point) {
    // Mostly a few records (one batch); one round in four more than a batch, to kill at the 2nd passage.
    bool two_batches = std::uniform_int_distribution<int>(0, 3)(rng_) == 0;
    int records = two_batches ? std::uniform_int_distribution<int>(501, 650)(rng_)
                              : std::uniform_int_distribution<int>(1, 60)(rng_);
    env_.AddCheckIns(records, BulkSession(), "P" + std::to_string(++prefix_) + "-");
    int nth = two_batches ? std::uniform_int_distribution<int>(1, 2)(rng_) : 1;
    ProcessResult r = env_.Kioskctl({"sync", "--once"}, {std::string("LK_SYNC_CRASH_AT=") + point,
                                                         "LK_SYNC_CRASH_AFTER=" + std::to_string(nth)});
    ExpectKilled(r.exit_code, point);
  }

  // kill -9 at a deterministic point of the catalogue pull, after a new version was published.
  void PullPointRound(const char* point) {
    PublishCatalogue();
    // mid_pull is passed once per page fetched; after_pull_page once per pull (all pages are applied in
    // one transaction after the last one).
    int nth = std::string(point) == "mid_pull" ? std::uniform_int_distribution<int>(1, 3)(rng_) : 1;
    ProcessResult r = env_.Kioskctl({"sync", "--once"}, {std::string("LK_SYNC_CRASH_AT=") + point,
                                                         "LK_SYNC_CRASH_AFTER=" + std::to_string(nth)});
    ExpectKilled(r.exit_code, point);
    CheckCatalogue();  // before the drain: what the kiosk shows right after the crash
  }

  // kill -9 a running `kioskctl sync` after a random delay (pushing, acknowledging or pulling).
  void RandomSyncRound(bool with_writer) {
    env_.AddCheckIns(std::uniform_int_distribution<int>(50, 700)(rng_), BulkSession(),
                     "R" + std::to_string(++prefix_) + "-");
    if (std::uniform_int_distribution<int>(0, 2)(rng_) == 0) PublishCatalogue();
    Child sync(env_.KioskctlArgv({"sync"}), {}, env_.dir().File("sync.log"));
    std::unique_ptr<Child> writer;
    int64_t n = ++writer_n_;
    if (with_writer) {
      writer = std::make_unique<Child>(
          env_.KioskctlArgv({"checkin", "--learner", "C" + std::to_string(n), "--session", "open-all-day-1"}),
          std::vector<std::string>{}, env_.dir().File("writer.log"));
    }
    // The writer dies at its own random moment (within a check-in's time), the sync at another.
    auto start = Clock::now();
    auto sync_at = start + std::chrono::milliseconds(std::uniform_int_distribution<int>(0, sync_ms_)(rng_));
    if (writer) {
      // Not a wait: the writer's random moment for a real kill -9, as above.
      std::this_thread::sleep_for(std::chrono::microseconds(std::uniform_int_distribution<int>(0, checkin_us_)(rng_)));
      writer->Kill9();
      ExpectKilled(writer->Wait(), "checkin_during_sync");
    }
    std::this_thread::sleep_until(sync_at);
    sync.Kill9();
    ExpectKilled(sync.Wait(), with_writer ? "random_sync_with_writer" : "random_sync");
    if (writer) {
      ProcessResult again = env_.Kioskctl({"checkin", "--learner", "C" + std::to_string(n), "--session", "open-all-day-1"});
      ASSERT_EQ(again.exit_code, 0) << again.err;
    }
  }

  int64_t TotalKills() const {
    int64_t total = 0;
    for (const auto& [what, n] : kills_) total += n;
    return total;
  }

  const std::string& BulkSession() { return bulk_sessions_[size_t(++bulk_n_) % bulk_sessions_.size()]; }

  // How long a complete `kioskctl checkin` and a complete sync of ~600 records take here (ASan or not):
  // the random kill delays are drawn from [0, that].
  void Calibrate() {
    auto start = Clock::now();
    for (int i = 0; i < 3; ++i) {
      ProcessResult r = env_.Kioskctl({"checkin", "--learner", "CAL" + std::to_string(i), "--session", "open-all-day-3"});
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    checkin_us_ = int(std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count() / 3);
    env_.AddCheckIns(600, BulkSession(), "CAL-");
    start = Clock::now();
    ProcessResult r = env_.Kioskctl({"sync"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    sync_ms_ = int(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count());
  }

  SyncTestEnv env_;
  uint32_t seed_ = 0;
  std::mt19937 rng_;
  int version_ = 0;
  std::map<std::string, std::set<std::string>> versions_;
  std::vector<std::string> bulk_sessions_;
  size_t bulk_n_ = 0;
  int prefix_ = 0;
  int64_t writer_n_ = 1000000;
  int checkin_us_ = 50000, sync_ms_ = 300;
  int64_t lost_ = 0, doubled_ = 0, unknown_at_hub_ = 0, drains_ = 0, committed_checkins_ = 0;
  std::map<std::string, int64_t> kills_, not_reached_;
};

TEST_F(CrashSweepTest, KillNineAtTwoHundredPointsLosesAndDoublesNothing) {
  SCOPED_TRACE("LK_REL_SEED=" + std::to_string(seed_));
  Calibrate();
  const int target_kills = EnvInt("LK_REL_CRASH_POINTS", 200);
  const char* mix = std::getenv("LK_REL_CRASH_MIX");
  const bool named_points_only = mix && std::string(mix) == "hub";
  // The mix: writers, each push point, each pull point, random moments alone and with a writer.
  const char* push_points[] = {"after_claim", "after_send_before_ack", "after_ack"};
  const char* pull_points[] = {"mid_pull", "after_pull_page"};
  int rounds = 0;
  for (; TotalKills() < target_kills && rounds < 2 * target_kills && !HasFatalFailure(); ++rounds) {
    const int round = rounds;
    // 0-2 writer, 3-5 push points, 6-7 pull points, 8-10 random moments.
    int kind = named_points_only ? 3 + round % 5 : round % 11;
    std::string what;
    if (kind < 3) {
      WriterRound(round);
      what = "checkin";
    } else if (kind < 6) {
      what = push_points[kind - 3];
      PushPointRound(push_points[kind - 3]);
    } else if (kind < 8) {
      what = pull_points[kind - 6];
      PullPointRound(pull_points[kind - 6]);
    } else {
      what = kind == 10 ? "random_sync_with_writer" : "random_sync";
      RandomSyncRound(kind == 10);
    }
    if (HasFatalFailure()) break;
    DrainAndCompare("round " + std::to_string(round) + " (" + what + ")");
  }
  const int64_t total_kills = TotalKills();
  std::map<std::string, int64_t> figures;
  for (const auto& [k, v] : kills_) figures["killed_" + k] = v;
  for (const auto& [k, v] : not_reached_) figures["not_reached_" + k] = v;
  figures["kill_points"] = total_kills;
  figures["rounds"] = rounds;
  figures["drains"] = drains_;
  figures["records"] = int64_t(env_.KioskRecordIds().size());
  figures["lost"] = lost_;
  figures["doubled"] = doubled_;
  figures["catalogue_versions"] = version_;
  figures["checkin_us"] = checkin_us_;
  figures["seed"] = seed_;
  figures["named_points_only"] = named_points_only;
  rel::Figures("crash_sweep", figures);
  EXPECT_GE(total_kills, target_kills) << "too few rounds ended in a kill";

  // The hub's report (what the centre sees) agrees with the kiosk too, on every day with records.
  std::multiset<std::string> report;
  {
    auto kiosk_db = Database::Open(env_.kiosk_dir() + "/kiosk.db", OpenOptions{.create_if_missing = false});
    ASSERT_TRUE(kiosk_db.ok());
    auto days = kiosk_db->Prepare("SELECT DISTINCT session_starts_at FROM attendance");
    std::set<std::string> dates;
    auto zone = TimeZone::Load("Asia/Shanghai");
    while (*days->Step()) dates.insert(zone->DateOf(days->ColumnInt(0)).ToString());
    for (const auto& date : dates) {
      ProcessResult r = env_.HubCli({"report", "--center", SyncTestEnv::kCentre, "--date", date, "--format", "json"});
      ASSERT_EQ(r.exit_code, 0) << r.err;
      for (const auto& row : json::parse(r.out)) report.insert(row.at("record_id").get<std::string>());
    }
  }
  std::set<std::string> kiosk = env_.KioskRecordIds();
  EXPECT_EQ(report.size(), kiosk.size());
  EXPECT_TRUE(std::equal(kiosk.begin(), kiosk.end(), report.begin(), report.end())) << "report and kiosk differ";
  EXPECT_EQ(env_.hub_db().QueryInt("SELECT COUNT(*) FROM conflicts"), 0) << "a resend was taken for a conflicting copy";
  auto kiosk_db = KioskStore::Open(env_.kiosk_dir(), /*check_integrity=*/true);
  ASSERT_TRUE(kiosk_db.ok());
  EXPECT_FALSE(kiosk_db->recovery().recovered) << kiosk_db->recovery().problem;
  EXPECT_EQ(rel::IntegrityCheck(kiosk_db->db()), "ok");
}

}  // namespace
}  // namespace lk::testing
