// Full disk: the data directory is a small tmpfs. Check-ins run until SQLite reports SQLITE_FULL; the
// store must say kResourceExhausted with a message that says the disk is full (the UI turns it into the
// resident's and staff's words), keep every record committed before, never report the database as
// corrupt (and so never move it aside), and accept check-ins again -- on the same connection, as the
// running kiosk would -- once space returns (the tmpfs is remounted larger).
// Needs root (mount); skipped otherwise.
//
// Sizes: every check-in commit appends ~8 pages (32 KiB) to the WAL (attendance, its 3 indexes, the
// outbox and its 2 indexes, sqlite_sequence), and the WAL is only checkpointed and reused after 1000
// pages, so a kiosk needs ~4 MiB free for its WAL on top of kiosk.db before SQLITE_FULL.
#include <errno.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>

#include <gtest/gtest.h>

#include "kiosk/core/attendance_store.h"
#include "kiosk/core/catalog_store.h"
#include "kiosk/core/kiosk_store.h"
#include "kiosk/core/outbox.h"
#include "kiosk/core/uuid.h"
#include "tests/reliability/rel_util.h"
#include "tests/testing/test_util.h"

namespace lk {
namespace {

namespace fs = std::filesystem;

class TmpfsMount {
 public:
  TmpfsMount(const std::string& dir, const std::string& size) : dir_(dir) {
    fs::create_directories(dir);
    std::string opts = "size=" + size + ",mode=0755";
    if (mount("tmpfs", dir.c_str(), "tmpfs", 0, opts.c_str()) == 0) {
      mounted_ = true;
    } else {
      error_ = std::strerror(errno);
    }
  }
  ~TmpfsMount() {
    if (mounted_) umount2(dir_.c_str(), MNT_DETACH);
  }
  bool Resize(const std::string& size) {
    std::string opts = "size=" + size;
    return mount("tmpfs", dir_.c_str(), "tmpfs", MS_REMOUNT, opts.c_str()) == 0;
  }
  bool mounted() const { return mounted_; }
  const std::string& error() const { return error_; }

 private:
  std::string dir_;
  bool mounted_ = false;
  std::string error_;
};

// Fills the file system holding `dir` with a filler file until ENOSPC; returns its size.
int64_t FillUp(const std::string& path) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  if (fd < 0) return -1;
  std::string block(4096, 'F');
  int64_t total = 0;
  for (size_t chunk : {size_t(4096), size_t(512), size_t(1)}) {
    while (write(fd, block.data(), chunk) == ssize_t(chunk)) total += int64_t(chunk);
  }
  close(fd);
  return total;
}

#define SKIP_UNLESS_MOUNTED(m) \
  if (!(m).mounted()) GTEST_SKIP() << "cannot mount a tmpfs here (" << (m).error() << "); needs root"

TEST(FullDiskTest, CheckInsStopWithAClearErrorKeepEverythingAndResumeWhenSpaceReturns) {
  testing::TempDir tmp;
  std::string data = tmp.File("data");
  TmpfsMount disk(data, "1m");
  SKIP_UNLESS_MOUNTED(disk);
  ASSERT_TRUE(rel::SeedStore(data).ok());

  auto kiosk = KioskStore::Open(data, true);  // the running kiosk's connection, kept open throughout
  ASSERT_TRUE(kiosk.ok()) << kiosk.status().ToString();
  AttendanceStore attendance(kiosk->db(), CheckInPolicy::FromConfig(KioskConfig{}));
  std::vector<std::string> committed;
  Status full;
  int64_t n = 0;
  for (; n < 100000; ++n) {
    auto r = attendance.CheckIn(rel::LearnerId(n), "s-" + std::to_string(n % 8 + 1), rel::kNow + n,
                                RecordSource::kScanner);
    if (!r.ok()) {
      full = r.status();
      break;
    }
    ASSERT_EQ(r->outcome, CheckInOutcome::kCheckedIn);
    committed.push_back(r->record.id);
  }
  ASSERT_FALSE(full.ok()) << "the 1 MiB file system never filled up";
  EXPECT_EQ(full.code(), StatusCode::kResourceExhausted) << full.ToString();
  EXPECT_NE(full.message().find("disk is full"), std::string::npos) << full.message();
  ASSERT_GT(committed.size(), 10u);

  // While full: more check-ins and the sync worker's bookkeeping fail cleanly, the same way; reads work.
  int refused = 1;
  for (int i = 0; i < 20; ++i, ++refused) {
    auto r = attendance.CheckIn(rel::LearnerId(n + 1 + i), "s-1", rel::kNow + n + i, RecordSource::kKeypad);
    ASSERT_FALSE(r.ok()) << "a check-in succeeded on a full disk: fine only if space was freed";
    EXPECT_EQ(r.status().code(), StatusCode::kResourceExhausted) << r.status().ToString();
  }
  // A resident who already checked in is told so (a read), not "disk full".
  auto repeat = attendance.CheckIn(rel::LearnerId(0), "s-1", rel::kNow + n, RecordSource::kKeypad);
  ASSERT_TRUE(repeat.ok()) << repeat.status().ToString();
  EXPECT_EQ(repeat->outcome, CheckInOutcome::kAlreadyCheckedIn);
  EXPECT_EQ(attendance.Roster(0, rel::kNow + kMsPerDay)->size(), committed.size());

  // A second process starting now (kioskctl, the sync worker after a restart) sees a healthy database.
  {
    auto other = KioskStore::Open(data, true);
    ASSERT_TRUE(other.ok()) << other.status().ToString();
    EXPECT_FALSE(other->recovery().recovered) << "a full disk was taken for corruption: " << other->recovery().problem;
    EXPECT_EQ(rel::RecordIds(other->db()), committed);
  }

  // Space returns: the same connection writes again.
  ASSERT_TRUE(disk.Resize("4m"));
  for (int64_t i = 0; i < 50; ++i) {
    auto r = attendance.CheckIn(rel::LearnerId(200000 + i), "s-2", rel::kNow + i, RecordSource::kKeypad);
    ASSERT_TRUE(r.ok()) << "after freeing space: " << r.status().ToString();
    committed.push_back(r->record.id);
  }
  kiosk = Status::Internal("closed");

  auto reopened = KioskStore::Open(data, true);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  EXPECT_FALSE(reopened->recovery().recovered);
  EXPECT_EQ(rel::IntegrityCheck(reopened->db()), "ok");
  EXPECT_EQ(rel::RecordIds(reopened->db()), committed);
  EXPECT_EQ(Outbox(reopened->db()).Stats()->pending, int64_t(committed.size()));
  rel::Figures("full_disk", {{"committed_before_full", int64_t(committed.size()) - 50}, {"refused_while_full", refused}});
}

// The sync worker fills the disk with outbox bookkeeping: Resolve must fail cleanly and the batch stay in
// flight (to be resent under the same id), never half-resolved.
TEST(FullDiskTest, SyncBookkeepingOnAFullDiskFailsWithoutLosingTheBatch) {
  constexpr int kBatch = 50;
  testing::TempDir tmp;
  std::string data = tmp.File("data");
  TmpfsMount disk(data, "4m");
  SKIP_UNLESS_MOUNTED(disk);
  ASSERT_TRUE(rel::SeedStore(data).ok());
  auto store = KioskStore::Open(data);
  ASSERT_TRUE(store.ok());
  AttendanceStore attendance(store->db(), CheckInPolicy::FromConfig(KioskConfig{}));
  for (int i = 0; i < kBatch; ++i) {
    auto r = attendance.CheckIn(rel::LearnerId(i), "s-3", rel::kNow + i, RecordSource::kKeypad);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }
  Outbox outbox(store->db());
  auto batch = outbox.ClaimBatch(kBatch, NewUuid7(rel::kNow), rel::kNow);
  ASSERT_TRUE(batch.ok() && *batch);
  ASSERT_GT(FillUp(tmp.File("data/filler")), 0);
  std::vector<OutboxResult> results;
  for (const auto& r : (*batch)->records) results.push_back({r.id, OutboxResolution::kAcked, "accepted", ""});
  // A long reason per record makes the resolve transaction big enough to need new pages.
  for (auto& r : results) r.reason = std::string(300, 'r');
  auto resolved = outbox.Resolve((*batch)->batch_id, results, rel::kNow);
  if (resolved.ok()) {
    GTEST_SKIP() << "the resolve fitted in the free pages; nothing to check";
  }
  EXPECT_EQ(resolved.status().code(), StatusCode::kResourceExhausted) << resolved.status().ToString();
  auto stats = outbox.Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->in_flight, kBatch) << "the failed resolve was partly applied";
  EXPECT_EQ(stats->acked, 0);
  // Space returns (the filler is removed): the same batch comes back and resolves.
  fs::remove(tmp.File("data/filler"));
  auto again = outbox.ClaimBatch(kBatch, NewUuid7(rel::kNow), rel::kNow);
  ASSERT_TRUE(again.ok() && *again);
  EXPECT_TRUE((*again)->resend);
  EXPECT_EQ((*again)->batch_id, (*batch)->batch_id);
  auto ok = outbox.Resolve((*again)->batch_id, results, rel::kNow);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(*ok, kBatch);
}

// The kiosk boots with the disk already full to the last byte (e.g. logs filled it while it was off).
// Opening must not mistake "cannot create the WAL" for corruption and move the database aside.
TEST(FullDiskTest, BootingOnAFullDiskNeverTakesTheDatabaseForCorrupt) {
  testing::TempDir tmp;
  std::string data = tmp.File("data");
  TmpfsMount disk(data, "2m");
  SKIP_UNLESS_MOUNTED(disk);
  ASSERT_TRUE(rel::SeedStore(data).ok());
  std::vector<std::string> committed;
  {
    auto store = KioskStore::Open(data);
    ASSERT_TRUE(store.ok());
    AttendanceStore attendance(store->db(), CheckInPolicy::FromConfig(KioskConfig{}));
    for (int i = 0; i < 30; ++i) {
      auto r = attendance.CheckIn(rel::LearnerId(i), "s-4", rel::kNow + i, RecordSource::kKeypad);
      ASSERT_TRUE(r.ok());
      committed.push_back(r->record.id);
    }
  }  // closed: checkpointed, WAL and shm removed
  ASSERT_FALSE(fs::exists(data + "/kiosk.db-wal"));
  ASSERT_GT(FillUp(data + "/filler"), 0);

  auto store = KioskStore::Open(data, true);
  if (store.ok()) {
    EXPECT_FALSE(store->recovery().recovered) << "a full disk was taken for corruption and the database moved aside: "
                                              << store->recovery().problem;
    EXPECT_EQ(rel::RecordIds(store->db()), committed);
  } else {
    EXPECT_EQ(store.status().code(), StatusCode::kResourceExhausted) << store.status().ToString();
    std::printf("boot on a full disk: %s\n", store.status().ToString().c_str());
  }
  std::vector<std::string> moved;
  for (const auto& e : fs::directory_iterator(data)) {
    if (e.path().filename().string().find(".corrupt-") != std::string::npos) moved.push_back(e.path());
  }
  EXPECT_TRUE(moved.empty()) << "the healthy database was moved aside as " << moved.front()
                             << "; once space returns the kiosk starts on an empty database";
  store = Status::Internal("closed");

  // Space returns: the kiosk starts normally with everything.
  fs::remove(data + "/filler");
  auto later = KioskStore::Open(data, true);
  ASSERT_TRUE(later.ok()) << later.status().ToString();
  EXPECT_FALSE(later->recovery().recovered);
  EXPECT_EQ(rel::RecordIds(later->db()), committed);
}

}  // namespace
}  // namespace lk
