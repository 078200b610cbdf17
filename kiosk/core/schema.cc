#include "kiosk/core/schema.h"

#include <string>
#include <vector>

namespace lk {
namespace {

// Append only: a released migration is never edited. Version N is kMigrations[N-1].
const std::vector<const char*>& Migrations() {
  static const std::vector<const char*> migrations = {
      // 1: catalogue, attendance (append-only), outbox, settings, device state, audit log.
      R"sql(
CREATE TABLE centre (
  id TEXT PRIMARY KEY,
  name_zh TEXT NOT NULL, name_en TEXT NOT NULL,
  time_zone TEXT NOT NULL
);
CREATE TABLE category (
  id TEXT PRIMARY KEY,
  name_zh TEXT NOT NULL, name_en TEXT NOT NULL,
  sort_order INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE course (
  id TEXT PRIMARY KEY,
  category_id TEXT NOT NULL REFERENCES category(id),
  title_zh TEXT NOT NULL, title_en TEXT NOT NULL,
  summary_zh TEXT NOT NULL, summary_en TEXT NOT NULL,
  teacher_zh TEXT NOT NULL, teacher_en TEXT NOT NULL,
  credit_hours REAL NOT NULL DEFAULT 0
);
CREATE TABLE session (
  id TEXT PRIMARY KEY,
  course_id TEXT NOT NULL REFERENCES course(id),
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  room_zh TEXT NOT NULL, room_en TEXT NOT NULL,
  capacity INTEGER NOT NULL DEFAULT 0,
  CHECK (ends_at > starts_at)
);
CREATE INDEX session_by_start ON session(starts_at);
CREATE INDEX session_by_course ON session(course_id, starts_at);
CREATE TABLE catalog_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version TEXT NOT NULL,
  cursor TEXT NOT NULL DEFAULT '',
  etag TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL
);

-- Append-only: rows are inserted, never updated; deletion only by retention pruning of synced rows.
-- Session ids are not foreign keys: a record outlives its session leaving the catalogue.
CREATE TABLE attendance (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('checkin', 'void', 'correction')),
  learner_id TEXT NOT NULL,
  session_id TEXT NOT NULL,
  recorded_at INTEGER NOT NULL,
  refers_to TEXT REFERENCES attendance(id),
  reason TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL,
  credit_hours REAL NOT NULL DEFAULT 0,
  session_starts_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX attendance_by_session ON attendance(session_id, learner_id);
CREATE INDEX attendance_by_learner ON attendance(learner_id, recorded_at);
CREATE INDEX attendance_by_time ON attendance(session_starts_at);

-- Sync state of each record, kept apart so attendance stays append-only.
CREATE TABLE outbox (
  record_id TEXT PRIMARY KEY REFERENCES attendance(id) ON DELETE CASCADE,
  state TEXT NOT NULL CHECK (state IN ('pending', 'in_flight', 'acked', 'set_aside')),
  batch_id TEXT,
  hub_result TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  changed_at INTEGER NOT NULL
);
CREATE INDEX outbox_by_state ON outbox(state, record_id);
CREATE INDEX outbox_by_batch ON outbox(batch_id);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE device_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT ''
);
)sql",
      // 2: voids are found by the record they point at (the active-check-in test runs on every check-in).
      R"sql(
CREATE INDEX attendance_by_refers_to ON attendance(refers_to) WHERE refers_to IS NOT NULL;
)sql",
      // 3: fewer pages per durable check-in: the outbox is keyed by its record id alone (no rowid b-tree
      // beside the primary key's), and its batch index holds only records in a batch (a new one is not).
      R"sql(
CREATE TABLE outbox_v3 (
  record_id TEXT PRIMARY KEY REFERENCES attendance(id) ON DELETE CASCADE,
  state TEXT NOT NULL CHECK (state IN ('pending', 'in_flight', 'acked', 'set_aside')),
  batch_id TEXT,
  hub_result TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  changed_at INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO outbox_v3(record_id, state, batch_id, hub_result, reason, changed_at)
  SELECT record_id, state, batch_id, hub_result, reason, changed_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v3 RENAME TO outbox;
CREATE INDEX outbox_by_state ON outbox(state, record_id);
CREATE INDEX outbox_by_batch ON outbox(batch_id) WHERE batch_id IS NOT NULL;
)sql",
  };
  return migrations;
}

}  // namespace

int LatestSchemaVersion() { return int(Migrations().size()); }

Result<int> SchemaVersion(Database& db) {
  LK_ASSIGN_OR_RETURN(int64_t version, db.QueryInt("PRAGMA user_version"));
  return int(version);
}

Status MigrateSchema(Database& db, int target_version) {
  const int latest = LatestSchemaVersion();
  if (target_version < 0) target_version = latest;
  LK_ASSIGN_OR_RETURN(int current, SchemaVersion(db));
  if (current > latest) {
    return Status::FailedPrecondition("database " + db.path() + " has schema version " + std::to_string(current) +
                                      ", newer than this program's " + std::to_string(latest) +
                                      "; install the newer learning-kiosk (the file was not modified)");
  }
  while (current < target_version) {
    LK_ASSIGN_OR_RETURN(Transaction txn, db.Begin(TransactionMode::kImmediate));
    // Another process may have migrated while we waited for the write lock.
    LK_ASSIGN_OR_RETURN(current, SchemaVersion(db));
    if (current >= target_version) break;
    LK_RETURN_IF_ERROR(db.Exec(Migrations()[size_t(current)]));
    LK_RETURN_IF_ERROR(db.Exec("PRAGMA user_version = " + std::to_string(current + 1)));
    LK_RETURN_IF_ERROR(txn.Commit());
    ++current;
  }
  return Status::Ok();
}

}  // namespace lk
