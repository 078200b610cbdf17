#include "kiosk/core/kiosk_store.h"

#include <filesystem>

#include "kiosk/core/clock.h"
#include "kiosk/core/schema.h"

namespace lk {
namespace {

// Empty when the file passes quick_check; otherwise what is wrong.
std::string IntegrityProblem(const std::string& path) {
  auto db = Database::Open(path, {.create_if_missing = false});
  if (!db.ok()) return db.status().message();
  auto check = db->QueryText("PRAGMA quick_check");
  if (!check.ok()) return check.status().message();
  return *check == "ok" ? "" : *check;
}

// Copies every attendance row (and its outbox state) still readable in `corrupt_path` into `db`.
// Rows that cannot be read are skipped; rows already present are kept as they are.
int64_t SalvageAttendance(Database& db, const std::string& corrupt_path) {
  std::string attach = "ATTACH DATABASE '" + corrupt_path + "' AS old";  // path is ours, no quotes in it
  if (corrupt_path.find('\'') != std::string::npos || !db.Exec(attach).ok()) return 0;
  int64_t before = db.QueryInt("SELECT COUNT(*) FROM attendance").value_or(0);
  // Row by row would survive more damage, but a failing statement here means the table itself is
  // unreadable; either way what was copied stays.
  db.Exec("INSERT OR IGNORE INTO attendance(id, kind, learner_id, session_id, recorded_at, refers_to, reason, "
          "source, credit_hours, session_starts_at) SELECT id, kind, learner_id, session_id, recorded_at, NULL, "
          "reason, source, credit_hours, session_starts_at FROM old.attendance ORDER BY seq")
      .IgnoreError();
  db.Exec("UPDATE attendance SET refers_to = (SELECT o.refers_to FROM old.attendance o WHERE o.id = attendance.id "
          "AND o.refers_to IN (SELECT id FROM attendance))")
      .IgnoreError();
  // Salvaged records are re-sent; the hub answers "duplicate" for the ones it already has.
  db.Exec("INSERT OR IGNORE INTO outbox(record_id, state, changed_at) SELECT id, 'pending', recorded_at "
          "FROM attendance")
      .IgnoreError();
  db.Exec("DETACH DATABASE old").IgnoreError();
  return db.QueryInt("SELECT COUNT(*) FROM attendance").value_or(0) - before;
}

}  // namespace

Result<KioskStore> KioskStore::Open(const std::string& data_dir, bool check_integrity) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(data_dir, ec);
  if (ec) return Status::IoError("cannot create data directory " + data_dir + ": " + ec.message());
  std::string path = data_dir + "/" + kDatabaseFileName;

  StoreRecovery recovery;
  if (check_integrity && fs::exists(path)) {
    std::string problem = IntegrityProblem(path);
    if (!problem.empty()) {
      recovery.recovered = true;
      recovery.problem = problem;
      recovery.moved_to = path + ".corrupt-" + std::to_string(NowMs());
      for (const char* suffix : {"", "-wal", "-shm"}) {
        if (fs::exists(path + suffix)) fs::rename(path + suffix, recovery.moved_to + suffix, ec);
        if (ec) return Status::IoError("cannot move the corrupt database " + path + " aside: " + ec.message());
      }
    }
  }
  LK_ASSIGN_OR_RETURN(Database db, Database::Open(path));
  LK_RETURN_IF_ERROR(MigrateSchema(db));
  if (recovery.recovered) recovery.records_salvaged = SalvageAttendance(db, recovery.moved_to);
  KioskStore store(data_dir, std::move(db));
  store.recovery_ = std::move(recovery);
  return store;
}

}  // namespace lk
