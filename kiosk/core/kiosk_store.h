// KioskStore: opens the kiosk's data directory and its SQLite database, ready for use.
//
// Opening creates the directory and the database when missing, refuses a schema newer than this build,
// and migrates an older one. The database is `<data_dir>/kiosk.db`. One KioskStore per thread: the UI's
// worker, the sync thread and kioskctl each open their own (SQLite's WAL lets them run side by side).
// The repositories (CatalogStore, AttendanceStore, Outbox, DeviceState, ...) borrow `db()`.
#pragma once

#include <string>

#include "kiosk/core/sqlite_db.h"
#include "kiosk/core/status.h"

namespace lk {

constexpr const char* kDatabaseFileName = "kiosk.db";

class KioskStore {
 public:
  static Result<KioskStore> Open(const std::string& data_dir);

  Database& db() { return db_; }
  const std::string& data_dir() const { return data_dir_; }
  std::string database_path() const { return data_dir_ + "/" + kDatabaseFileName; }

 private:
  KioskStore(std::string data_dir, Database db) : data_dir_(std::move(data_dir)), db_(std::move(db)) {}
  std::string data_dir_;
  Database db_;
};

}  // namespace lk
