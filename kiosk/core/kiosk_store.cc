#include "kiosk/core/kiosk_store.h"

#include <algorithm>
#include <filesystem>

#include "kiosk/core/clock.h"
#include "kiosk/core/schema.h"
#include "kiosk/core/uuid.h"

namespace lk {
namespace {

// Ok when the file passes the check; Corruption saying what is wrong when it does not; any other
// error (a full disk, a permission problem) as itself, since those are no reason to move a healthy
// file aside. integrity_check rather than quick_check: quick_check does not compare indexes with their
// tables, and a damaged index on attendance would let a learner be counted twice.
Status CheckIntegrity(const std::string& path) {
  auto db = Database::Open(path, {.create_if_missing = false});
  if (!db.ok()) return db.status();
  auto check = db->QueryText("PRAGMA integrity_check(20)");
  if (!check.ok()) return check.status();
  return *check == "ok" ? Status::Ok() : Status::Corruption(*check);
}

// The highest sequence number the damaged file may hold, from whichever source still reads.
int64_t HighestSeq(Database& db) {
  int64_t highest = 0;
  for (const char* sql :
       {"SELECT seq FROM old.sqlite_sequence WHERE name = 'attendance'", "SELECT MAX(seq) FROM old.attendance"}) {
    highest = std::max(highest, db.QueryInt(sql).value_or(0));
  }
  return highest;
}

// Copies what of the catalogue still reads, table by table, so an offline kiosk can carry on; the
// cursor is cleared so that the next pull from the hub is a full one and restores anything missing.
void SalvageCatalog(Database& db) {
  for (const char* sql : {
           "INSERT OR IGNORE INTO centre SELECT id, name_zh, name_en, time_zone FROM old.centre",
           "INSERT OR IGNORE INTO category SELECT id, name_zh, name_en, sort_order FROM old.category",
           "INSERT OR IGNORE INTO course SELECT id, category_id, title_zh, title_en, summary_zh, summary_en, "
           "teacher_zh, teacher_en, credit_hours FROM old.course",
           "INSERT OR IGNORE INTO session SELECT id, course_id, starts_at, ends_at, room_zh, room_en, capacity "
           "FROM old.session",
           "INSERT OR IGNORE INTO catalog_state(id, version, cursor, etag, updated_at) "
           "SELECT 1, version, '', '', updated_at FROM old.catalog_state",
       }) {
    db.Exec(sql).IgnoreError();  // a table that cannot be read comes back with the next pull or import
  }
}

// Copies every attendance record (and the catalogue) still readable in `corrupt_path` into `db`, one record at a time
// so that a damaged page costs only the records on it. Each salvaged record is queued for sync again (the hub answers
// "duplicate" for those it already has).
int64_t SalvageAttendance(Database& db, const std::string& corrupt_path) {
  if (corrupt_path.find('\'') != std::string::npos) return 0;  // the path is ours; never quote-escaped
  if (!db.Exec("ATTACH DATABASE 'file:" + corrupt_path + "?mode=ro' AS old").ok()) return 0;
  SalvageCatalog(db);
  int64_t salvaged = 0;
  int64_t highest = HighestSeq(db);
  {  // the statements are finalized before DETACH
    auto read = db.Prepare(
        "SELECT id, kind, learner_id, session_id, recorded_at, refers_to, reason, source, credit_hours, "
        "session_starts_at FROM old.attendance WHERE seq = ?");
    auto write = db.Prepare(
        "INSERT OR IGNORE INTO attendance(id, kind, learner_id, session_id, recorded_at, refers_to, reason, source, "
        "credit_hours, session_starts_at) VALUES (?, ?, ?, ?, ?, "
        "(SELECT id FROM attendance WHERE id = ?), ?, ?, ?, ?)");
    auto queue = db.Prepare("INSERT OR IGNORE INTO outbox(record_id, state, changed_at) VALUES (?, 'pending', ?)");
    if (read.ok() && write.ok() && queue.ok() && db.Exec("BEGIN IMMEDIATE").ok()) {
      // Ascending order: a void's target (always written earlier) is in place before the void.
      for (int64_t seq = 1; seq <= highest; ++seq) {
        auto row = read->Bind(1, seq).Step();
        if (!row.ok()) {
          // A read error leaves the damaged file's pager in its error state until the transaction
          // ends: keep what was copied and start afresh for the next record.
          db.Exec("COMMIT").IgnoreError();
          db.Exec("BEGIN IMMEDIATE").IgnoreError();
          continue;
        }
        if (!*row) continue;
        std::string id = read->ColumnText(0);
        // A row can read back with damaged bytes in it; an id that is no longer a UUIDv7 would reach the
        // hub as a record nobody made.
        const std::string refers_to = read->ColumnText(5);
        if (!IsUuid7(id) || (!refers_to.empty() && !IsUuid7(refers_to))) continue;
        write->Bind(1, id)
            .Bind(2, read->ColumnText(1))
            .Bind(3, read->ColumnText(2))
            .Bind(4, read->ColumnText(3))
            .Bind(5, read->ColumnInt(4))
            .Bind(6, refers_to)
            .Bind(7, read->ColumnText(6))
            .Bind(8, read->ColumnText(7))
            .Bind(9, read->ColumnDouble(8))
            .Bind(10, read->ColumnInt(9));
        if (write->Run().ok() && db.Changes() == 1) {
          ++salvaged;
          queue->Bind(1, id).Bind(2, read->ColumnInt(4)).Run().IgnoreError();
        }
      }
      db.Exec("COMMIT").IgnoreError();
    }
  }
  db.Exec("DETACH DATABASE old").IgnoreError();
  return salvaged;
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
    Status integrity = CheckIntegrity(path);
    if (integrity.code() == StatusCode::kCorruption) {
      recovery.recovered = true;
      recovery.problem = integrity.message();
      recovery.moved_to = path + ".corrupt-" + std::to_string(NowMs());
      for (const char* suffix : {"", "-wal", "-shm"}) {
        if (fs::exists(path + suffix)) fs::rename(path + suffix, recovery.moved_to + suffix, ec);
        if (ec) return Status::IoError("cannot move the corrupt database " + path + " aside: " + ec.message());
      }
    } else if (!integrity.ok()) {
      return integrity;
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
