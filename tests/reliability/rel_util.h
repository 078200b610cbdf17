// Helpers for the reliability suite: a small catalogue whose sessions are open at a fixed instant,
// forked writer processes, file snapshots, reading a database's records in commit order, and the
// "figures" lines every test prints for the closing report (grep '^\[figures\]' in the ctest log).
//
// Single-threaded use per test; the fork helpers must be called while the calling process has no other
// threads and no open SQLite connections it will use again in the child.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "kiosk/core/domain.h"
#include "kiosk/core/sqlite_db.h"
#include "kiosk/core/status.h"

namespace lk::rel {

// 2026-11-29 09:00 +08:00. Every session of TestCatalog(kNow) is open for check-in at kNow.
extern const TimeMs kNow;

// `sessions` sessions of one course, all open at `now` (starting 10 min later, lasting 2 h).
Catalog TestCatalog(TimeMs now, int sessions = 8);

// Creates `dir`'s database and loads TestCatalog(kNow).
Status SeedStore(const std::string& dir, int sessions = 8);

// "L000123": a valid learner id for the default policy.
std::string LearnerId(int64_t n);

// fork(); the child runs `body` and _exit()s with its return value (never returns to the caller).
pid_t ForkChild(const std::function<int()>& body);
// waitpid with a timeout; kills (SIGKILL) and reaps on timeout. Returns the wait status, or -1.
int WaitChild(pid_t pid, int timeout_ms = 60000);

// Byte copy of `from` to `to` (missing `from`: `to` removed, returns false).
bool CopyFile(const std::string& from, const std::string& to);
int64_t FileSize(const std::string& path);  // -1 when missing
// Size of every regular file under `dir` whose name starts with `prefix` (e.g. "kiosk.db").
int64_t DirBytes(const std::string& dir, const std::string& prefix = "");

// The end of the last committed transaction in a WAL file: the byte offset just after the last frame
// that has a valid salt and checksum chain (https://sqlite.org/fileformat2.html#walformat) and is a
// commit frame. 32 when the header is valid but holds no commit of the current generation, 0 when the
// header itself is invalid or the file is missing. Bytes beyond it belong to a transaction that had not
// committed (with synchronous=FULL: not yet fsync'ed) or to an older generation of the log.
int64_t WalCommittedEnd(const std::string& wal_path);

// Attendance ids in seq order.
std::vector<std::string> RecordIds(Database& db);
// PRAGMA integrity_check's first row ("ok" when healthy) or the error.
std::string IntegrityCheck(Database& db);
// Attendance rows without an outbox row plus outbox rows without an attendance row (0 when consistent).
int64_t OutboxOrphans(Database& db);

// Non-blocking line reader for a pipe fed by a child.
class LineReader {
 public:
  explicit LineReader(int fd);
  ~LineReader();
  // Reads whatever is available (waiting up to `timeout_ms` for the first byte); appends complete lines.
  // Returns false at end of file.
  bool Poll(int timeout_ms, std::vector<std::string>* lines);
  int fd() const { return fd_; }

 private:
  int fd_;
  std::string partial_;
  bool eof_ = false;
};

// One "[figures] name key=value ..." line on stdout (and in ctest's log).
void Figures(const std::string& name, const std::map<std::string, int64_t>& values);

}  // namespace lk::rel
