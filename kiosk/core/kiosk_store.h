// KioskStore: opens the kiosk's data directory and its SQLite database, ready for use.
//
// Opening creates the directory and the database when missing, refuses a schema newer than this build,
// and migrates an older one. The database is `<data_dir>/kiosk.db`. With `check_integrity`, a file that
// fails `PRAGMA integrity_check` (or is not a database at all) is moved aside as `kiosk.db.corrupt-<time>`,
// every attendance record still readable from it is copied into a fresh database (so nothing committed
// is silently dropped), and `recovery()` says what happened. What of the catalogue still reads is
// copied too, with the sync cursor cleared so that the next pull is a full one.
//
// One KioskStore per thread: the UI's worker, the sync thread and kioskctl each open their own (WAL lets
// them run side by side). The repositories (CatalogStore, AttendanceStore, Outbox, DeviceState, ...)
// borrow `db()`.
#pragma once

#include <string>

#include "kiosk/core/sqlite_db.h"
#include "kiosk/core/status.h"

namespace lk {

constexpr const char* kDatabaseFileName = "kiosk.db";

struct StoreRecovery {
  bool recovered = false;       // the database was corrupt and has been replaced
  std::string moved_to;         // where the corrupt file now is
  std::string problem;          // what quick_check or SQLite said
  int64_t records_salvaged = 0; // attendance records copied from the corrupt file
};

class KioskStore {
 public:
  static Result<KioskStore> Open(const std::string& data_dir, bool check_integrity = false);

  Database& db() { return db_; }
  const std::string& data_dir() const { return data_dir_; }
  std::string database_path() const { return data_dir_ + "/" + kDatabaseFileName; }
  const StoreRecovery& recovery() const { return recovery_; }

 private:
  KioskStore(std::string data_dir, Database db) : data_dir_(std::move(data_dir)), db_(std::move(db)) {}
  std::string data_dir_;
  Database db_;
  StoreRecovery recovery_;
};

}  // namespace lk
