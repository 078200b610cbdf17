// Check-in commit latency (durable: WAL + synchronous=FULL) against its physical floor measured in the
// same run on the same file system: appending a small record to a file and fsyncing it.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "kiosk/core/attendance_store.h"
#include "kiosk/core/catalog_store.h"
#include "kiosk/core/kiosk_store.h"
#include "tests/bench/bench_util.h"

namespace {

using lk::bench::NowSeconds;
using lk::bench::Quantile;

std::vector<double> FsyncAppendMs(const std::string& path, int count) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  std::string record(160, 'r');
  record.back() = '\n';
  std::vector<double> ms;
  for (int i = 0; i < count; ++i) {
    double t0 = NowSeconds();
    if (write(fd, record.data(), record.size()) != ssize_t(record.size()) || fsync(fd) != 0) std::abort();
    ms.push_back((NowSeconds() - t0) * 1000);
  }
  close(fd);
  return ms;
}

}  // namespace

int main(int argc, char** argv) {
  const char* quick = std::getenv("LK_BENCH_QUICK");  // tests/bench/run.sh --quick: fewer commits
  int count = argc > 1 ? std::atoi(argv[1]) : (quick && *quick ? 100 : 400);
  std::string dir = std::filesystem::temp_directory_path() / ("lk-checkin-bench-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  auto store = lk::KioskStore::Open(dir);
  if (!store.ok()) return std::fprintf(stderr, "%s\n", store.status().ToString().c_str()), 1;
  lk::TimeMs now = 1'800'000'000'000;
  lk::Catalog catalog;
  catalog.version = "bench";
  catalog.centre = {"c", {"中心", "Centre"}, "Asia/Shanghai"};
  catalog.categories = {{"cat", {"书法", "Calligraphy"}, 0}};
  catalog.courses = {{"course", "cat", {"书法", "Calligraphy"}, {}, {}, 2}};
  catalog.sessions = {{"s", "course", now, now + lk::kMsPerHour, {}, 0}};
  if (!lk::CatalogStore(store->db()).Replace(catalog, now).ok()) return 1;
  lk::AttendanceStore attendance(store->db(), lk::CheckInPolicy::FromConfig(lk::KioskConfig{}));
  // As the kiosk's StoreWorker does: checkpoints after the resident has their answer, not inside a commit.
  store->db().DeferCheckpoints();

  // Interleave the two so that drift in the machine's state hits both alike.
  std::vector<double> checkin_ms, fsync_ms;
  for (int round = 0; round < 4; ++round) {
    auto reference = FsyncAppendMs(dir + "/append.log", count / 4);
    fsync_ms.insert(fsync_ms.end(), reference.begin(), reference.end());
    for (int i = 0; i < count / 4; ++i) {
      std::string learner = "BJ" + std::to_string(100000 + round * count + i);
      double t0 = NowSeconds();
      auto r = attendance.CheckIn(learner, "s", now, lk::RecordSource::kScanner);
      checkin_ms.push_back((NowSeconds() - t0) * 1000);
      if (!r.ok()) return std::fprintf(stderr, "%s\n", r.status().ToString().c_str()), 1;
      if (!store->db().CheckpointIfDue().ok()) return 1;
    }
  }
  std::filesystem::remove_all(dir);
  double c50 = Quantile(checkin_ms, 0.5), c99 = Quantile(checkin_ms, 0.99);
  double f50 = Quantile(fsync_ms, 0.5), f99 = Quantile(fsync_ms, 0.99);
  lk::bench::Row("check-in commit latency p50 (durable)", lk::bench::Format("%.2f ms", c50),
                 lk::bench::Format("fsync of appended record %.2f ms", f50), lk::bench::Format("%.2fx", c50 / f50),
                 "within 1.3x", c50 <= 1.3 * f50);
  lk::bench::Row("check-in commit latency p99 (durable)", lk::bench::Format("%.2f ms", c99),
                 lk::bench::Format("fsync of appended record %.2f ms", f99), lk::bench::Format("%.2fx", c99 / f99),
                 "within 3x", c99 <= 3 * f99);
  return 0;
}
