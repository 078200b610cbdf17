// Power cut: what the disk holds at an arbitrary instant while check-ins are being written must open as
// a healthy database holding a prefix of the committed check-ins, with every check-in the kiosk reported
// as written present.
//
// Emulation, and why it is faithful. A power cut loses the page cache; what survives is what reached the
// disk. The kiosk runs SQLite in WAL mode with synchronous=FULL, so
//   - a commit returns only after the WAL frames of the transaction were written AND fsync'ed;
//   - a checkpoint fsyncs the WAL before copying frames into kiosk.db and fsyncs kiosk.db before the WAL
//     may be restarted, so a lost (unsynced) write to kiosk.db is always repaired by replaying the WAL;
//   - kiosk.db-shm is rebuilt from the WAL by the first connection after boot, so it is not copied.
// The only bytes whose loss matters are therefore the WAL bytes written after the last completed commit
// (the transaction in flight). The test freezes the writer and the sync worker with SIGSTOP at random
// moments (so the files are an instant's state, not a copy racing the writer), copies kiosk.db and
// kiosk.db-wal, and makes up to three images of that instant:
//   A  "everything in the page cache reached the disk": the files as they are;
//   B  "the in-flight transaction's writes were lost": the WAL cut just after its last valid commit
//      frame (found by parsing the WAL: salts and checksum chain, as SQLite's recovery does), when
//      anything follows it;
//   C  "torn write": those tail bytes present but overwritten, from a random point, with random bytes
//      (sectors that never reached the platter, or reached it half-written).
// (Cutting the WAL at the writer's last *reported* size instead would be wrong: the sync worker commits
// too, and a checkpoint may already have copied its frames into kiosk.db.)
// Each image is opened the way the kiosk opens its data at boot (KioskStore::Open with the integrity
// check) and must: not need recovery, pass integrity_check, hold attendance ids that are a prefix (in
// seq order) of the final committed sequence, at least as long as what had been reported committed
// when the writer was frozen, and have exactly one outbox row per record.
// Finally both processes are SIGKILLed (a crash at a random point) and the real directory is checked
// the same way.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <thread>

#include <gtest/gtest.h>

#include "kiosk/core/attendance_store.h"
#include "kiosk/core/kiosk_store.h"
#include "kiosk/core/outbox.h"
#include "kiosk/core/uuid.h"
#include "tests/reliability/rel_util.h"
#include "tests/testing/test_util.h"

namespace lk {
namespace {

namespace fs = std::filesystem;

uint32_t Seed() {
  const char* s = std::getenv("LK_REL_SEED");
  return s && *s ? uint32_t(std::strtoul(s, nullptr, 10)) : uint32_t(std::random_device{}());
}

// Writes check-ins until killed; after each commit reports "<record id>" on `fd`.
int WriterMain(const std::string& dir, int fd) {
  auto store = KioskStore::Open(dir);
  if (!store.ok()) return 2;
  if (!store->db().Exec("PRAGMA wal_autocheckpoint=32").ok()) return 3;  // checkpoints and WAL restarts often
  AttendanceStore attendance(store->db(), CheckInPolicy::FromConfig(KioskConfig{}));
  for (int64_t i = 0; i < 1000000; ++i) {
    auto r = attendance.CheckIn(rel::LearnerId(i), "s-" + std::to_string(i % 8 + 1), rel::kNow + i,
                                RecordSource::kKeypad);
    if (!r.ok()) {
      std::fprintf(stderr, "writer: check-in %lld: %s\n", static_cast<long long>(i), r.status().ToString().c_str());
      return 4;
    }
    if (r->outcome != CheckInOutcome::kCheckedIn) return 6;
    std::string line = r->record.id + "\n";
    if (write(fd, line.data(), line.size()) != ssize_t(line.size())) return 5;
  }
  return 0;
}

// The sync worker's share of the writes: claims batches and acknowledges them, until killed.
int SyncerMain(const std::string& dir) {
  auto store = KioskStore::Open(dir);
  if (!store.ok()) return 2;
  if (!store->db().Exec("PRAGMA wal_autocheckpoint=32").ok()) return 3;
  Outbox outbox(store->db());
  while (true) {
    TimeMs now = rel::kNow;
    auto batch = outbox.ClaimBatch(40, NewUuid7(now), now);
    if (!batch.ok()) {
      std::fprintf(stderr, "sync worker: %s\n", batch.status().ToString().c_str());
      return 4;
    }
    if (*batch) {
      std::vector<OutboxResult> results;
      for (const auto& r : (*batch)->records) results.push_back({r.id, OutboxResolution::kAcked, "accepted", ""});
      if (!outbox.Resolve((*batch)->batch_id, results, now).ok()) return 5;
    }
    usleep(2000);  // the sync worker child's pace between claims; the parent power-cuts it at random
  }
}

struct Image {
  std::string dir;
  char kind;            // 'A', 'B' or 'C' (see the file comment)
  size_t reported = 0;  // check-ins reported committed when the image was taken
};

void StopAndWait(pid_t pid) {
  ASSERT_EQ(kill(pid, SIGSTOP), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, WUNTRACED), pid);
  ASSERT_TRUE(WIFSTOPPED(status)) << "child ended early, status " << status;
}

// Checks one image; returns the number of records it holds.
size_t CheckImage(const Image& image, const std::vector<std::string>& committed) {
  auto store = KioskStore::Open(image.dir, /*check_integrity=*/true);
  EXPECT_TRUE(store.ok()) << image.dir << ": " << store.status().ToString();
  if (!store.ok()) return 0;
  EXPECT_FALSE(store->recovery().recovered) << image.dir << ": " << store->recovery().problem;
  EXPECT_EQ(rel::IntegrityCheck(store->db()), "ok") << image.dir;
  std::vector<std::string> ids = rel::RecordIds(store->db());
  EXPECT_GE(ids.size(), image.reported) << image.dir << " (" << image.kind << ") lost reported check-ins";
  EXPECT_LE(ids.size(), committed.size()) << image.dir;
  size_t n = std::min(ids.size(), committed.size());
  for (size_t i = 0; i < n; ++i) {
    if (ids[i] != committed[i]) {
      ADD_FAILURE() << image.dir << " (" << image.kind << "): record #" << i << " is " << ids[i]
                    << ", the committed sequence has " << committed[i];
      break;
    }
  }
  EXPECT_EQ(rel::OutboxOrphans(store->db()), 0) << image.dir;
  return ids.size();
}

TEST(PowerCutTest, ImagesTakenWhileWritingOpenAndHoldAPrefixOfCommittedCheckIns) {
  constexpr int kSnapshots = 60;
  const uint32_t seed = Seed();
  SCOPED_TRACE("LK_REL_SEED=" + std::to_string(seed));
  std::mt19937 rng(seed);
  testing::TempDir tmp;
  std::string data = tmp.File("data");
  ASSERT_TRUE(rel::SeedStore(data).ok());
  std::string db_path = data + "/kiosk.db";

  int fds[2];
  ASSERT_EQ(pipe2(fds, O_CLOEXEC), 0);
  pid_t writer = rel::ForkChild([&] {
    close(fds[0]);
    return WriterMain(data, fds[1]);
  });
  close(fds[1]);
  pid_t syncer = rel::ForkChild([&] { return SyncerMain(data); });
  ASSERT_GT(writer, 0);
  ASSERT_GT(syncer, 0);

  rel::LineReader reader(fds[0]);
  std::vector<std::string> reported;
  auto drain = [&](int timeout_ms) {
    std::vector<std::string> lines;
    reader.Poll(timeout_ms, &lines);
    for (const auto& line : lines) {
      reported.push_back(line);
    }
  };

  std::vector<Image> images;
  int torn_tails = 0;
  std::uniform_int_distribution<int> pause_ms(1, 25);
  for (int snap = 0; snap < kSnapshots && !HasFatalFailure(); ++snap) {
    auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(pause_ms(rng));
    while (std::chrono::steady_clock::now() < until) drain(1);
    StopAndWait(writer);
    StopAndWait(syncer);
    drain(0);  // everything written to the pipe before the freeze
    drain(0);
    std::string base = tmp.File("snap-" + std::to_string(snap));
    Image a{base + "-A", 'A', reported.size()};
    fs::create_directories(a.dir);
    rel::CopyFile(db_path + "-wal", a.dir + "/kiosk.db-wal");
    ASSERT_TRUE(rel::CopyFile(db_path, a.dir + "/kiosk.db"));
    images.push_back(a);
    int64_t wal_now = rel::FileSize(a.dir + "/kiosk.db-wal");
    int64_t wal_synced = rel::WalCommittedEnd(a.dir + "/kiosk.db-wal");
    if (wal_synced >= 32 && wal_now > wal_synced) {
      ++torn_tails;
      Image b{base + "-B", 'B', reported.size()};
      Image c{base + "-C", 'C', reported.size()};
      for (Image* img : {&b, &c}) {
        fs::create_directories(img->dir);
        ASSERT_TRUE(rel::CopyFile(a.dir + "/kiosk.db", img->dir + "/kiosk.db"));
        ASSERT_TRUE(rel::CopyFile(a.dir + "/kiosk.db-wal", img->dir + "/kiosk.db-wal"));
      }
      ASSERT_EQ(truncate((b.dir + "/kiosk.db-wal").c_str(), wal_synced), 0);
      int64_t torn_at = std::uniform_int_distribution<int64_t>(wal_synced, wal_now - 1)(rng);
      std::string junk(size_t(wal_now - torn_at), '\0');
      for (char& ch : junk) ch = char(rng());
      int fd = open((c.dir + "/kiosk.db-wal").c_str(), O_WRONLY);
      ASSERT_GE(fd, 0);
      ASSERT_EQ(pwrite(fd, junk.data(), junk.size(), torn_at), ssize_t(junk.size()));
      close(fd);
      images.push_back(b);
      images.push_back(c);
    }
    kill(writer, SIGCONT);
    kill(syncer, SIGCONT);
  }

  // The last instant: a crash of both processes at a random point.
  drain(5);
  kill(writer, SIGKILL);
  kill(syncer, SIGKILL);
  int ws = rel::WaitChild(writer), ss = rel::WaitChild(syncer);
  EXPECT_TRUE(WIFSIGNALED(ws)) << "writer ended by itself with status " << ws;
  EXPECT_TRUE(WIFSIGNALED(ss)) << "sync worker ended by itself with status " << ss;
  drain(0);
  drain(0);

  std::vector<std::string> committed;
  {
    auto store = KioskStore::Open(data, /*check_integrity=*/true);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    EXPECT_FALSE(store->recovery().recovered) << store->recovery().problem;
    EXPECT_EQ(rel::IntegrityCheck(store->db()), "ok");
    EXPECT_EQ(rel::OutboxOrphans(store->db()), 0);
    committed = rel::RecordIds(store->db());
  }
  ASSERT_GE(committed.size(), reported.size());
  for (size_t i = 0; i < reported.size(); ++i) {
    ASSERT_EQ(committed[i], reported[i]) << "reported check-in #" << i << " is not where it was committed";
  }
  ASSERT_GT(reported.size(), 50u) << "the writer made too little progress to test anything";

  int64_t records_checked = 0;
  for (const Image& image : images) records_checked += int64_t(CheckImage(image, committed));
  rel::Figures("power_cut", {{"snapshots", kSnapshots},
                             {"images_opened", int64_t(images.size())},
                             {"wal_tails_cut", torn_tails},
                             {"committed", int64_t(committed.size())},
                             {"records_checked", records_checked},
                             {"seed", seed}});
}

}  // namespace
}  // namespace lk
