#include "tests/reliability/rel_util.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "kiosk/core/catalog_store.h"
#include "kiosk/core/kiosk_store.h"
#include "kiosk/core/time_zone.h"

namespace lk::rel {

const TimeMs kNow = *ParseRfc3339("2026-11-29T09:00:00+08:00");

Catalog TestCatalog(TimeMs now, int sessions) {
  Catalog c;
  c.version = "rel-1";
  c.centre = {"centre-rel", {"可靠性测试中心", "Reliability Centre"}, "Asia/Shanghai"};
  c.categories = {{"cat-1", {"书法", "Calligraphy"}, 0}};
  c.courses = {{"c-1", "cat-1", {"书法入门", "Calligraphy"}, {}, {"王老师", "Teacher Wang"}, 1.5}};
  for (int i = 0; i < sessions; ++i) {
    TimeMs start = now + 10 * kMsPerMinute;
    c.sessions.push_back({"s-" + std::to_string(i + 1), "c-1", start, start + 2 * kMsPerHour, {"教室", "Room"}, 0});
  }
  return c;
}

Status SeedStore(const std::string& dir, int sessions) {
  LK_ASSIGN_OR_RETURN(KioskStore store, KioskStore::Open(dir));
  return CatalogStore(store.db()).Replace(TestCatalog(kNow, sessions), kNow);
}

std::string LearnerId(int64_t n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "L%06lld", static_cast<long long>(n));
  return buf;
}

pid_t ForkChild(const std::function<int()>& body) {
  std::fflush(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    int rc = 99;
    try {
      rc = body();
    } catch (...) {
      rc = 98;
    }
    _exit(rc);
  }
  return pid;
}

int WaitChild(pid_t pid, int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  int status = 0;
  while (true) {
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) return status;
    if (r < 0) return -1;
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));  // a bounded wait on the child process
  }
}

bool CopyFile(const std::string& from, const std::string& to) {
  std::error_code ec;
  if (!std::filesystem::exists(from)) {
    std::filesystem::remove(to, ec);
    return false;
  }
  std::filesystem::copy_file(from, to, std::filesystem::copy_options::overwrite_existing, ec);
  return !ec;
}

int64_t FileSize(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return -1;
  return st.st_size;
}

int64_t DirBytes(const std::string& dir, const std::string& prefix) {
  int64_t total = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file()) continue;
    if (entry.path().filename().string().rfind(prefix, 0) != 0) continue;
    total += int64_t(entry.file_size());
  }
  return total;
}

namespace {
uint32_t Be32(const unsigned char* p) { return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3]; }
uint32_t Le32(const unsigned char* p) { return uint32_t(p[3]) << 24 | uint32_t(p[2]) << 16 | uint32_t(p[1]) << 8 | p[0]; }
void WalChecksum(bool big_endian, const unsigned char* data, size_t n, uint32_t* s0, uint32_t* s1) {
  for (size_t i = 0; i + 8 <= n; i += 8) {
    uint32_t x0 = big_endian ? Be32(data + i) : Le32(data + i);
    uint32_t x1 = big_endian ? Be32(data + i + 4) : Le32(data + i + 4);
    *s0 += x0 + *s1;
    *s1 += x1 + *s0;
  }
}
}  // namespace

int64_t WalCommittedEnd(const std::string& wal_path) {
  std::string wal;
  {
    FILE* f = std::fopen(wal_path.c_str(), "rb");
    if (!f) return 0;
    char buf[65536];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) wal.append(buf, n);
    std::fclose(f);
  }
  const auto* p = reinterpret_cast<const unsigned char*>(wal.data());
  if (wal.size() < 32) return 0;
  uint32_t magic = Be32(p);
  if ((magic & 0xFFFFFFFE) != 0x377f0682) return 0;
  bool big_endian = magic & 1;
  uint32_t page_size = Be32(p + 8);
  if (page_size == 1) page_size = 65536;
  if (page_size < 512 || (page_size & (page_size - 1)) != 0) return 0;
  uint32_t s0 = 0, s1 = 0;
  WalChecksum(big_endian, p, 24, &s0, &s1);
  if (s0 != Be32(p + 24) || s1 != Be32(p + 28)) return 0;
  const uint32_t salt1 = Be32(p + 16), salt2 = Be32(p + 20);
  int64_t committed_end = 32;
  for (size_t off = 32; off + 24 + page_size <= wal.size(); off += 24 + page_size) {
    const unsigned char* h = p + off;
    if (Be32(h + 8) != salt1 || Be32(h + 12) != salt2 || Be32(h) == 0) break;
    WalChecksum(big_endian, h, 8, &s0, &s1);
    WalChecksum(big_endian, h + 24, page_size, &s0, &s1);
    if (s0 != Be32(h + 16) || s1 != Be32(h + 20)) break;
    if (Be32(h + 4) != 0) committed_end = int64_t(off + 24 + page_size);  // a commit frame
  }
  return committed_end;
}

std::vector<std::string> RecordIds(Database& db) {
  std::vector<std::string> ids;
  auto s = db.Prepare("SELECT id FROM attendance ORDER BY seq");
  if (!s.ok()) return ids;
  while (true) {
    auto row = s->Step();
    if (!row.ok() || !*row) break;
    ids.push_back(s->ColumnText(0));
  }
  return ids;
}

std::string IntegrityCheck(Database& db) {
  auto r = db.QueryText("PRAGMA integrity_check");
  return r.ok() ? *r : r.status().ToString();
}

int64_t OutboxOrphans(Database& db) {
  auto a = db.QueryInt("SELECT COUNT(*) FROM attendance a LEFT JOIN outbox o ON o.record_id = a.id "
                       "WHERE o.record_id IS NULL");
  auto b = db.QueryInt("SELECT COUNT(*) FROM outbox o LEFT JOIN attendance a ON o.record_id = a.id "
                       "WHERE a.id IS NULL");
  if (!a.ok() || !b.ok()) return -1;
  return *a + *b;
}

LineReader::LineReader(int fd) : fd_(fd) { fcntl(fd_, F_SETFL, fcntl(fd_, F_GETFL) | O_NONBLOCK); }
LineReader::~LineReader() { close(fd_); }

bool LineReader::Poll(int timeout_ms, std::vector<std::string>* lines) {
  if (eof_) return false;
  pollfd p{fd_, POLLIN, 0};
  if (poll(&p, 1, timeout_ms) <= 0) return true;
  char buf[8192];
  while (true) {
    ssize_t n = read(fd_, buf, sizeof buf);
    if (n > 0) {
      partial_.append(buf, size_t(n));
      continue;
    }
    if (n == 0) eof_ = true;
    break;  // EAGAIN or EOF
  }
  size_t start = 0, nl;
  while ((nl = partial_.find('\n', start)) != std::string::npos) {
    lines->push_back(partial_.substr(start, nl - start));
    start = nl + 1;
  }
  partial_.erase(0, start);
  return !eof_;
}

void Figures(const std::string& name, const std::map<std::string, int64_t>& values) {
  std::string line = "[figures] " + name;
  for (const auto& [k, v] : values) line += " " + k + "=" + std::to_string(v);
  std::printf("%s\n", line.c_str());
  std::fflush(stdout);
}

}  // namespace lk::rel
