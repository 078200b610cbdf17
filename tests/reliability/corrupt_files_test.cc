// Corrupt files: whatever state the data directory is in, KioskStore::Open(dir, check_integrity=true)
// never crashes; a damaged database is detected, moved aside (kept, never deleted), reported, and every
// attendance record still readable from it is salvaged into a fresh database that passes
// integrity_check and queues the salvaged records for sync. Damage SQLite cannot see (the WAL's
// checksums make a damaged log end early) leaves a healthy prefix. tests/core/store_recovery_test.cc has
// the basic case (an index page smashed); this goes through the rest.
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <set>

#include <gtest/gtest.h>

#include "kiosk/core/attendance_store.h"
#include "kiosk/core/catalog_store.h"
#include "kiosk/core/kiosk_store.h"
#include "kiosk/core/outbox.h"
#include "tests/reliability/rel_util.h"
#include "tests/testing/test_util.h"

namespace lk {
namespace {

namespace fs = std::filesystem;

constexpr int kRecords = 400;     // check-ins in kiosk.db itself
constexpr int kVoids = 20;        // voids of the first kVoids check-ins
constexpr int kWalRecords = 60;   // further check-ins left in the WAL (variant with a WAL)

struct Original {
  std::string learner_id, session_id, kind, refers_to;
};

// Builds the template once per test: a data directory with kRecords + kVoids records checkpointed into
// kiosk.db and, with `with_wal`, kWalRecords more that are only in kiosk.db-wal (the writer "crashed").
class CorruptFilesTest : public ::testing::Test {
 protected:
  void Build(bool with_wal) {
    ASSERT_TRUE(rel::SeedStore(tmpl_).ok());
    auto store = KioskStore::Open(tmpl_);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE(store->db().Exec("PRAGMA synchronous=OFF").ok());  // the template needs no durability
    AttendanceStore attendance(store->db(), CheckInPolicy::FromConfig(KioskConfig{}));
    std::vector<std::string> ids;
    for (int i = 0; i < kRecords; ++i) {
      auto r = attendance.CheckIn(rel::LearnerId(i), "s-" + std::to_string(i % 8 + 1), rel::kNow + i,
                                  RecordSource::kScanner);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      ids.push_back(r->record.id);
    }
    for (int i = 0; i < kVoids; ++i) {
      ASSERT_TRUE(attendance.Void(ids[size_t(i)], "wrong card; 'quoted' -- \"reason\"", rel::kNow + kRecords + i).ok());
    }
    ASSERT_TRUE(store->db().Exec("PRAGMA wal_checkpoint(TRUNCATE)").ok());
    checkpointed_ = rel::RecordIds(store->db()).size();
    if (with_wal) {
      ASSERT_TRUE(store->db().Exec("PRAGMA wal_autocheckpoint=0").ok());
      ASSERT_EQ(sqlite3_db_config(store->db().handle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr), SQLITE_OK);
      for (int i = kRecords; i < kRecords + kWalRecords; ++i) {
        ASSERT_TRUE(attendance.CheckIn(rel::LearnerId(i), "s-1", rel::kNow + i, RecordSource::kKeypad).ok());
      }
    }
    auto all = store->db().Prepare("SELECT id, learner_id, session_id, kind, COALESCE(refers_to, '') FROM attendance ORDER BY seq");
    ASSERT_TRUE(all.ok());
    while (*all->Step()) {
      originals_[all->ColumnText(0)] = {all->ColumnText(1), all->ColumnText(2), all->ColumnText(3), all->ColumnText(4)};
      order_.push_back(all->ColumnText(0));
    }
    page_size_ = *store->db().QueryInt("PRAGMA page_size");
    auto leaves = store->db().Prepare(
        "SELECT pageno, ncell FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno");
    ASSERT_TRUE(leaves.ok());
    for (const char* table : {"attendance", "outbox", "attendance_by_session"}) {
      leaves->Bind(1, table);
      while (*leaves->Step()) leaf_pages_[table].push_back({leaves->ColumnInt(0), leaves->ColumnInt(1)});
    }
    ASSERT_GE(leaf_pages_["attendance"].size(), 3u);
    // The store is closed here without a checkpoint when with_wal: the WAL stays.
  }

  // A fresh copy of the template to damage.
  std::string Copy(const std::string& name) {
    std::string dir = tmp_.File(name);
    fs::create_directories(dir);
    for (const char* suffix : {"", "-wal"}) {
      rel::CopyFile(tmpl_ + "/kiosk.db" + suffix, dir + "/kiosk.db" + suffix);
    }
    return dir;
  }

  void Overwrite(const std::string& path, int64_t offset, const std::string& bytes) {
    int fd = open(path.c_str(), O_WRONLY);
    ASSERT_GE(fd, 0) << path;
    ASSERT_EQ(pwrite(fd, bytes.data(), bytes.size(), offset), ssize_t(bytes.size()));
    close(fd);
  }

  // Opens `dir` as the kiosk does at boot and checks what must hold whatever the damage was; returns the
  // records now in the store.
  std::vector<std::string> OpenAndCheck(const std::string& dir, bool expect_recovered, StoreRecovery* out = nullptr) {
    auto store = KioskStore::Open(dir, /*check_integrity=*/true);
    EXPECT_TRUE(store.ok()) << dir << ": " << store.status().ToString();
    if (!store.ok()) return {};
    const StoreRecovery& rec = store->recovery();
    if (out) *out = rec;
    EXPECT_EQ(rec.recovered, expect_recovered) << dir << ": " << rec.problem;
    if (rec.recovered) {
      EXPECT_FALSE(rec.problem.empty());
      EXPECT_TRUE(fs::exists(rec.moved_to)) << "the damaged file must be kept for the technician: " << rec.moved_to;
    }
    EXPECT_EQ(rel::IntegrityCheck(store->db()), "ok") << dir;
    EXPECT_EQ(rel::OutboxOrphans(store->db()), 0) << dir;
    std::vector<std::string> ids = rel::RecordIds(store->db());
    // Nothing invented: every record present is one that was written, with the same facts.
    auto s = store->db().Prepare("SELECT id, learner_id, session_id, kind, COALESCE(refers_to, '') FROM attendance");
    EXPECT_TRUE(s.ok());
    int64_t foreign = 0, altered = 0;
    while (s.ok() && *s->Step()) {
      auto it = originals_.find(s->ColumnText(0));
      if (it == originals_.end()) {
        ++foreign;
        continue;
      }
      const Original& o = it->second;
      if (o.learner_id != s->ColumnText(1) || o.session_id != s->ColumnText(2) || o.kind != s->ColumnText(3)) ++altered;
    }
    EXPECT_EQ(foreign, 0) << dir << ": records that were never written";
    if (rec.recovered) {
      // Salvaged records are queued again (the hub answers "duplicate" for those it has).
      auto pending = Outbox(store->db()).Stats();
      EXPECT_TRUE(pending.ok());
      if (pending.ok()) {
        EXPECT_EQ(pending->pending, int64_t(ids.size()));
      }
      EXPECT_EQ(altered, 0) << dir;
    }
    // The kiosk can carry on: re-import the catalogue (the hub's pull does this for real) and check in.
    EXPECT_TRUE(CatalogStore(store->db()).Replace(rel::TestCatalog(rel::kNow), rel::kNow).ok());
    AttendanceStore attendance(store->db(), CheckInPolicy::FromConfig(KioskConfig{}));
    auto r = attendance.CheckIn("AFTER-DAMAGE", "s-2", rel::kNow, RecordSource::kKeypad);
    EXPECT_TRUE(r.ok()) << dir << ": " << r.status().ToString();
    return ids;
  }

  bool IsPrefix(const std::vector<std::string>& ids) const {
    if (ids.size() > order_.size()) return false;
    for (size_t i = 0; i < ids.size(); ++i) {
      if (ids[i] != order_[i]) return false;
    }
    return true;
  }

  testing::TempDir tmp_;
  std::string tmpl_ = tmp_.File("template");
  std::map<std::string, Original> originals_;
  std::vector<std::string> order_;
  size_t checkpointed_ = 0;
  int64_t page_size_ = 4096;
  std::map<std::string, std::vector<std::pair<int64_t, int64_t>>> leaf_pages_;  // table -> (page, cells)
};

TEST_F(CorruptFilesTest, AFileThatIsNotSqliteIsMovedAsideAndTheKioskStartsEmpty) {
  Build(false);
  std::string dir = tmp_.File("text");
  fs::create_directories(dir);
  std::string junk;
  for (int i = 0; i < 200; ++i) junk += "this is not a database, it is a shopping list: 大米, 酱油\n";
  testing::WriteFile(dir + "/kiosk.db", junk);
  StoreRecovery rec;
  EXPECT_TRUE(OpenAndCheck(dir, true, &rec).empty());
  EXPECT_EQ(rec.records_salvaged, 0);
  EXPECT_EQ(testing::ReadFile(rec.moved_to), junk) << "the original bytes must be kept";
}

TEST_F(CorruptFilesTest, AZeroLengthFileIsAnEmptyDatabase) {
  Build(false);
  std::string dir = tmp_.File("empty");
  fs::create_directories(dir);
  testing::WriteFile(dir + "/kiosk.db", "");
  EXPECT_TRUE(OpenAndCheck(dir, false).empty());
}

TEST_F(CorruptFilesTest, ASmashedHeaderIsDetected) {
  Build(false);
  std::string dir = Copy("header");
  Overwrite(dir + "/kiosk.db", 0, std::string(100, '\x5A'));
  OpenAndCheck(dir, true);
}

// The schema format number (header bytes 44..47) out of range: SQLite says "unsupported file format", a
// plain SQLITE_ERROR, which must count as corruption too (the random-damage test found it).
TEST_F(CorruptFilesTest, ADamagedSchemaFormatNumberIsDetected) {
  Build(false);
  std::string dir = Copy("format");
  Overwrite(dir + "/kiosk.db", 44, std::string("\x7f\x7f\x7f\x7f", 4));
  OpenAndCheck(dir, true);
}

TEST_F(CorruptFilesTest, TruncatedFilesAreDetectedAndWhatIsLeftIsSalvaged) {
  Build(false);
  int64_t size = rel::FileSize(tmpl_ + "/kiosk.db");
  for (int64_t cut : {size / 2, page_size_, page_size_ + 1000, size - page_size_ / 2, int64_t(50)}) {
    SCOPED_TRACE("cut at " + std::to_string(cut) + " of " + std::to_string(size));
    std::string dir = Copy("cut-" + std::to_string(cut));
    ASSERT_EQ(truncate((dir + "/kiosk.db").c_str(), cut), 0);
    auto store = KioskStore::Open(dir, true);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    EXPECT_EQ(rel::IntegrityCheck(store->db()), "ok");
    EXPECT_TRUE(store->recovery().recovered) << "truncation not detected";
  }
}

// Damage that leaves every b-tree well formed but an index out of step with its table: quick_check
// (which does not compare indexes with tables) passes it. Two forms: the file lost its last byte (the
// last page is an index page; SQLite reads the missing byte as zero), and one learner id inside the
// attendance_by_session index changed (still in key order). The second is the dangerous one: the
// "already checked in?" lookup goes through that index, so the resident's second tap is written as a
// second check-in -- counted twice. Opening with check_integrity must catch both (integrity_check, or
// REINDEX when only indexes disagree).
TEST_F(CorruptFilesTest, IndexDamageThatQuickCheckCannotSeeIsCaughtAtStart) {
  Build(false);
  {
    std::string dir = Copy("cut-last-byte");
    ASSERT_EQ(truncate((dir + "/kiosk.db").c_str(), rel::FileSize(dir + "/kiosk.db") - 1), 0);
    auto store = KioskStore::Open(dir, true);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    EXPECT_EQ(rel::IntegrityCheck(store->db()), "ok") << "the kiosk runs on a database with a broken index";
  }
  std::string dir = Copy("index-entry");
  // Learners of session s-1 are L000000, L000008, L000016, L000024, L000032, ...: L000024 -> L000029
  // keeps the key order (L000008 is voided in the template, so it could check in again legitimately).
  std::string path = dir + "/kiosk.db";
  std::string bytes = testing::ReadFile(path);
  int patched = 0;
  for (auto [page, cells] : leaf_pages_["attendance_by_session"]) {
    size_t begin = size_t((page - 1) * page_size_);
    size_t at = bytes.find("s-1L000024", begin);
    if (at != std::string::npos && at < begin + size_t(page_size_)) {
      Overwrite(path, int64_t(at) + 9, "9");
      ++patched;
    }
  }
  ASSERT_EQ(patched, 1) << "index entry not found";
  auto store = KioskStore::Open(dir, true);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ(rel::IntegrityCheck(store->db()), "ok") << "the kiosk runs on a database with a broken index";
  AttendanceStore attendance(store->db(), CheckInPolicy::FromConfig(KioskConfig{}));
  auto again = attendance.CheckIn("L000024", "s-1", rel::kNow + 100000, RecordSource::kKeypad);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->outcome, CheckInOutcome::kAlreadyCheckedIn) << "L000024 was counted twice for s-1";
  EXPECT_EQ(*store->db().QueryInt("SELECT COUNT(*) FROM attendance WHERE learner_id = 'L000024' AND session_id = 's-1' "
                                  "AND kind = 'checkin'"),
            1);
}

// One leaf page of the attendance table is garbage. quick_check sees it; the records on every other
// page are intact on disk and must be salvaged, not only those before the damaged page.
TEST_F(CorruptFilesTest, RecordsOnUndamagedPagesAreSalvagedWhenOneAttendancePageIsGarbage) {
  Build(false);
  const auto& leaves = leaf_pages_["attendance"];
  auto [page, cells] = leaves[leaves.size() / 2];
  std::string dir = Copy("attendance-leaf");
  Overwrite(dir + "/kiosk.db", (page - 1) * page_size_, std::string(size_t(page_size_), '\xA5'));
  StoreRecovery rec;
  std::vector<std::string> ids = OpenAndCheck(dir, true, &rec);
  rel::Figures("corrupt_attendance_leaf", {{"records", int64_t(order_.size())},
                                           {"on_damaged_page", cells},
                                           {"salvaged", rec.records_salvaged}});
  EXPECT_GE(rec.records_salvaged, int64_t(order_.size()) - cells)
      << "records on the " << leaves.size() - 1 << " undamaged attendance pages were dropped";
}

TEST_F(CorruptFilesTest, ADamagedOutboxKeepsEveryRecordAndRequeuesThem) {
  Build(false);
  const auto& leaves = leaf_pages_["outbox"];
  ASSERT_FALSE(leaves.empty());
  std::string dir = Copy("outbox-leaf");
  Overwrite(dir + "/kiosk.db", (leaves[0].first - 1) * page_size_, std::string(16, '\xFF'));
  StoreRecovery rec;
  std::vector<std::string> ids = OpenAndCheck(dir, true, &rec);
  EXPECT_EQ(rec.records_salvaged, int64_t(order_.size()));
  EXPECT_EQ(ids, order_);
}

TEST_F(CorruptFilesTest, VoidsKeepPointingAtTheirRecordsAfterSalvage) {
  Build(false);
  const auto& leaves = leaf_pages_["outbox"];
  std::string dir = Copy("void-links");
  Overwrite(dir + "/kiosk.db", (leaves.back().first - 1) * page_size_, std::string(32, '\xFF'));
  auto store = KioskStore::Open(dir, true);
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE(store->recovery().recovered);
  EXPECT_EQ(*store->db().QueryInt("SELECT COUNT(*) FROM attendance WHERE kind = 'void' AND refers_to IS NOT NULL"),
            kVoids);
  EXPECT_EQ(*store->db().QueryInt("SELECT COUNT(*) FROM attendance WHERE reason LIKE '%''quoted'' -- \"reason\"'"),
            kVoids);
}

// Damage inside the WAL: SQLite stops replaying at the first frame whose checksum fails, so the store
// opens healthy with a prefix of the records (at least those checkpointed into kiosk.db).
TEST_F(CorruptFilesTest, DamageInTheWalLeavesAHealthyPrefix) {
  Build(true);
  int64_t wal_size = rel::FileSize(tmpl_ + "/kiosk.db-wal");
  ASSERT_GT(wal_size, 32 + page_size_);
  std::mt19937 rng(12345);
  int cases = 0;
  for (int64_t offset : {int64_t(0), int64_t(8), int64_t(32), int64_t(32 + 24 + 100), wal_size / 2, wal_size - 100}) {
    SCOPED_TRACE("garbage at " + std::to_string(offset));
    std::string dir = Copy("wal-garbage-" + std::to_string(offset));
    std::string junk(64, '\0');
    for (char& c : junk) c = char(rng());
    Overwrite(dir + "/kiosk.db-wal", offset, junk);
    std::vector<std::string> ids = OpenAndCheck(dir, false);
    EXPECT_TRUE(IsPrefix(ids));
    EXPECT_GE(ids.size(), checkpointed_);
    ++cases;
  }
  for (int64_t cut : {int64_t(0), int64_t(31), int64_t(32), int64_t(32 + 24 + 7), wal_size / 3, wal_size - 1}) {
    SCOPED_TRACE("WAL cut at " + std::to_string(cut));
    std::string dir = Copy("wal-cut-" + std::to_string(cut));
    ASSERT_EQ(truncate((dir + "/kiosk.db-wal").c_str(), cut), 0);
    std::vector<std::string> ids = OpenAndCheck(dir, false);
    EXPECT_TRUE(IsPrefix(ids));
    EXPECT_GE(ids.size(), checkpointed_);
    ++cases;
  }
  // Intact: everything, WAL included.
  EXPECT_EQ(OpenAndCheck(Copy("wal-intact"), false), order_);
  rel::Figures("corrupt_wal", {{"cases", cases}});
}

TEST_F(CorruptFilesTest, AGarbageShmFileIsRebuilt) {
  Build(true);
  std::string dir = Copy("shm");
  testing::WriteFile(dir + "/kiosk.db-shm", std::string(32768, '\x77'));
  EXPECT_EQ(OpenAndCheck(dir, false), order_);
}

// A technician restores kiosk.db from a backup and leaves the current WAL behind: the WAL's frames do
// not belong to this file. Whatever SQLite makes of it, the store must come up healthy.
TEST_F(CorruptFilesTest, AStaleWalNextToARestoredBackupNeverCrashes) {
  Build(true);
  std::string backup = tmp_.File("backup");
  ASSERT_TRUE(rel::SeedStore(backup).ok());  // a different, smaller database
  std::string dir = Copy("stale-wal");
  ASSERT_TRUE(rel::CopyFile(backup + "/kiosk.db", dir + "/kiosk.db"));
  auto store = KioskStore::Open(dir, true);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ(rel::IntegrityCheck(store->db()), "ok");
}

TEST_F(CorruptFilesTest, ANewerSchemaIsRefusedAndTheFileLeftUntouched) {
  Build(false);
  std::string dir = Copy("newer");
  {
    auto db = Database::Open(dir + "/kiosk.db");
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db->Exec("PRAGMA user_version = 999").ok());
  }
  std::string before = testing::ReadFile(dir + "/kiosk.db");
  auto store = KioskStore::Open(dir, true);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(store.status().message().find("newer"), std::string::npos) << store.status().message();
  EXPECT_EQ(testing::ReadFile(dir + "/kiosk.db"), before);
}

TEST_F(CorruptFilesTest, UnusableDataDirectoriesAreErrorsNotCrashes) {
  testing::TempDir tmp;
  // The data directory is a file.
  testing::WriteFile(tmp.File("file"), "x");
  auto a = KioskStore::Open(tmp.File("file"), true);
  EXPECT_FALSE(a.ok());
  // kiosk.db is a directory: an error, or moved aside like any unreadable database.
  fs::create_directories(tmp.File("dir/kiosk.db"));
  auto b = KioskStore::Open(tmp.File("dir"), true);
  if (b.ok()) {
    EXPECT_TRUE(b->recovery().recovered);
    EXPECT_TRUE(fs::is_directory(b->recovery().moved_to)) << b->recovery().moved_to;
    EXPECT_EQ(rel::IntegrityCheck(b->db()), "ok");
  } else {
    EXPECT_NE(b.status().message().find("kiosk.db"), std::string::npos) << b.status().message();
  }
}

// Random damage: byte runs of random length at random places. Never a crash; either the damage is seen
// (moved aside, salvaged) or the store is healthy; nothing is invented.
TEST_F(CorruptFilesTest, RandomDamageNeverCrashesAndNeverInventsRecords) {
  Build(false);
  const char* env = std::getenv("LK_REL_SEED");
  uint32_t seed = env && *env ? uint32_t(std::strtoul(env, nullptr, 10)) : std::random_device{}();
  SCOPED_TRACE("LK_REL_SEED=" + std::to_string(seed));
  std::mt19937 rng(seed);
  int64_t size = rel::FileSize(tmpl_ + "/kiosk.db");
  int detected = 0, undetected = 0, missed_by_quick_check = 0;
  int64_t salvaged = 0;
  constexpr int kRounds = 60;
  for (int round = 0; round < kRounds; ++round) {
    std::string dir = Copy("random-" + std::to_string(round));
    int runs = std::uniform_int_distribution<int>(1, 4)(rng);
    for (int i = 0; i < runs; ++i) {
      int64_t offset = std::uniform_int_distribution<int64_t>(0, size - 1)(rng);
      size_t len = size_t(std::uniform_int_distribution<int64_t>(1, std::min<int64_t>(512, size - offset))(rng));
      std::string junk(len, '\0');
      for (char& c : junk) c = char(rng());
      Overwrite(dir + "/kiosk.db", offset, junk);
    }
    auto store = KioskStore::Open(dir, true);
    ASSERT_TRUE(store.ok()) << "round " << round << ": " << store.status().ToString();
    if (store->recovery().recovered) {
      ++detected;
      salvaged += store->recovery().records_salvaged;
      EXPECT_EQ(rel::IntegrityCheck(store->db()), "ok") << "round " << round;
    } else {
      ++undetected;
      // quick_check passed. integrity_check also compares indexes with their tables; count what only
      // it would have seen (a kiosk working from a stale index could miss an existing check-in).
      if (rel::IntegrityCheck(store->db()) != "ok") ++missed_by_quick_check;
    }
    std::set<std::string> known(order_.begin(), order_.end());
    for (const auto& id : rel::RecordIds(store->db())) {
      // A damaged id byte in a row quick_check cannot fault is damage, not invention, when the store
      // did not recover. After recovery every salvaged id must be real.
      if (!known.count(id) && store->recovery().recovered) {
        ADD_FAILURE() << "round " << round << ": unknown record " << id;
      }
    }
  }
  rel::Figures("corrupt_random", {{"rounds", kRounds}, {"detected", detected}, {"undetected", undetected},
                                  {"missed_by_quick_check", missed_by_quick_check}, {"salvaged", salvaged},
                                  {"seed", seed}});
}

}  // namespace
}  // namespace lk
