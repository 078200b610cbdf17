#include "sync/hub/sqlite_hub_schema.h"

#include <iterator>

#include "sync/hub/sqlite_reset.h"

namespace lk::hub::sqlite {
namespace {

// Stepped migrations, append only: version N is kMigrations[N-1], each applied in its own transaction.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE IF NOT EXISTS centres(
  id TEXT PRIMARY KEY,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  epoch TEXT NOT NULL,
  catalog_version TEXT NOT NULL DEFAULT '',
  catalog_seq INTEGER NOT NULL DEFAULT 0,
  horizon_seq INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS catalog_items(
  centre_id TEXT NOT NULL REFERENCES centres(id),
  type INTEGER NOT NULL,
  id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0,
  body TEXT NOT NULL,
  changed_at INTEGER NOT NULL,
  PRIMARY KEY(centre_id, type, id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS catalog_items_by_seq ON catalog_items(centre_id, seq);
CREATE TABLE IF NOT EXISTS sessions(
  centre_id TEXT NOT NULL REFERENCES centres(id),
  id TEXT NOT NULL,
  course_id TEXT NOT NULL,
  course_title_zh TEXT NOT NULL,
  course_title_en TEXT NOT NULL,
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  capacity INTEGER NOT NULL,
  credit_hours REAL NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(centre_id, id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS sessions_by_start ON sessions(centre_id, starts_at);
CREATE TABLE IF NOT EXISTS enroll_codes(
  code_hash TEXT PRIMARY KEY,
  centre_id TEXT NOT NULL REFERENCES centres(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  device_id TEXT);
CREATE TABLE IF NOT EXISTS devices(
  id TEXT PRIMARY KEY,
  centre_id TEXT NOT NULL REFERENCES centres(id),
  token_hash TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL DEFAULT '',
  enrolled_at INTEGER NOT NULL,
  revoked_at INTEGER,
  last_seen_at INTEGER,
  heartbeat_at INTEGER,
  queue_depth INTEGER NOT NULL DEFAULT 0,
  oldest_pending_s INTEGER NOT NULL DEFAULT 0,
  app_version TEXT NOT NULL DEFAULT '',
  clock_skew_ms INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS batches(
  device_id TEXT NOT NULL,
  batch_id TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  records INTEGER NOT NULL,
  PRIMARY KEY(device_id, batch_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS records(
  id TEXT PRIMARY KEY,
  centre_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  batch_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  learner_id TEXT NOT NULL,
  session_id TEXT NOT NULL,
  recorded_at INTEGER NOT NULL,
  refers_to TEXT,
  reason TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL,
  flags TEXT NOT NULL DEFAULT '',
  received_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS records_by_session ON records(centre_id, session_id);
CREATE INDEX IF NOT EXISTS records_by_refers_to ON records(refers_to) WHERE refers_to IS NOT NULL;
CREATE TABLE IF NOT EXISTS attendance(
  centre_id TEXT NOT NULL,
  session_id TEXT NOT NULL,
  learner_id TEXT NOT NULL,
  record_id TEXT NOT NULL,
  PRIMARY KEY(centre_id, session_id, learner_id, record_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS attendance_by_learner ON attendance(learner_id);
CREATE TABLE IF NOT EXISTS conflicts(
  n INTEGER PRIMARY KEY,
  record_id TEXT NOT NULL,
  centre_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  batch_id TEXT NOT NULL,
  content TEXT NOT NULL,
  received_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS conflicts_by_record ON conflicts(record_id);
)sql";

// 2: records are keyed by (centre, id), not by id alone: a centre's record ids are its own, and another
// centre pushing the same id first can neither own nor spoil them.
constexpr const char* kSchemaV2 = R"sql(
CREATE TABLE records_v2(
  id TEXT NOT NULL,
  centre_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  batch_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  learner_id TEXT NOT NULL,
  session_id TEXT NOT NULL,
  recorded_at INTEGER NOT NULL,
  refers_to TEXT,
  reason TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL,
  flags TEXT NOT NULL DEFAULT '',
  received_at INTEGER NOT NULL,
  PRIMARY KEY(centre_id, id)) WITHOUT ROWID;
INSERT INTO records_v2 SELECT id, centre_id, device_id, batch_id, seq, kind, learner_id, session_id, recorded_at,
  refers_to, reason, source, flags, received_at FROM records;
DROP TABLE records;
ALTER TABLE records_v2 RENAME TO records;
CREATE INDEX records_by_session ON records(centre_id, session_id);
CREATE INDEX records_by_refers_to ON records(centre_id, refers_to) WHERE refers_to IS NOT NULL;
)sql";

// 3: the hub console (console_store.h): its accounts, login sessions and audit log, centres' districts,
// and the indexes its city-wide views read sessions by (start or end time, across centres).
constexpr const char* kSchemaV3 = R"sql(
CREATE TABLE console_users(
  login TEXT PRIMARY KEY,
  role TEXT NOT NULL,
  district TEXT NOT NULL DEFAULT '',
  centre_id TEXT NOT NULL DEFAULT '',
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  password_hash TEXT NOT NULL,
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  lockout_rounds INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER NOT NULL DEFAULT 0);
CREATE TABLE console_sessions(
  token_hash TEXT PRIMARY KEY,
  login TEXT NOT NULL REFERENCES console_users(login),
  csrf_token TEXT NOT NULL,
  address TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL);
CREATE INDEX console_sessions_by_expiry ON console_sessions(expires_at);
CREATE INDEX console_sessions_by_login ON console_sessions(login);
CREATE TABLE audit_log(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  login TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  detail TEXT NOT NULL,
  address TEXT NOT NULL);
CREATE INDEX audit_log_by_login ON audit_log(login, id);
CREATE INDEX audit_log_by_action ON audit_log(action, id);
ALTER TABLE centres ADD COLUMN district TEXT NOT NULL DEFAULT '';
CREATE INDEX centres_by_district ON centres(district);
CREATE INDEX sessions_by_time ON sessions(starts_at);
CREATE INDEX sessions_by_end ON sessions(ends_at);
)sql";

// 4: each session keeps its count of distinct learners counted (what kSessionCheckins counted from
// attendance on every read), kept by ingest in the same transaction as the attendance rows it counts,
// so the console's city-wide views sum a column instead of counting attendance per session. The by-time
// index carries the count (and the centre), so the daily totals read the index alone.
constexpr const char* kSchemaV4 = R"sql(
ALTER TABLE sessions ADD COLUMN checkins INTEGER NOT NULL DEFAULT 0;
UPDATE sessions SET checkins=(SELECT COUNT(DISTINCT learner_id) FROM attendance a
  WHERE a.centre_id=sessions.centre_id AND a.session_id=sessions.id);
DROP INDEX sessions_by_time;
CREATE INDEX sessions_by_time ON sessions(starts_at, centre_id, checkins);
)sql";

// 5: change marks (settled_checkins.h): a version a writer bumps in the transaction of a rare change, so
// a cache of figures that change only with it knows when it is stale.
constexpr const char* kSchemaV5 = R"sql(
CREATE TABLE change_marks(name TEXT PRIMARY KEY, version INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO change_marks VALUES('settled_checkins', 0);
)sql";

// 6: the learner's record to take home (the /me/TOKEN page): the hub's secret keys (the record link's,
// made once by `serve`, so every replica and restart reads the same) and the page's views per learner,
// keyed by a keyed hash of the learner id (never the id in clear).
constexpr const char* kSchemaV6 = R"sql(
CREATE TABLE hub_keys(
  name TEXT PRIMARY KEY,
  secret TEXT NOT NULL,
  created_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE record_page_views(
  learner_key TEXT PRIMARY KEY,
  views INTEGER NOT NULL,
  last_viewed_at INTEGER NOT NULL) WITHOUT ROWID;
)sql";

// 7: the credit journal for the city's Credit Bank (credit-export, sync/CREDIT_EXPORT.md): one entry each
// time a learner's attendance of a session becomes effective (+1) or is withdrawn (-1), appended by ingest
// in the batch's transaction, never changed. The attendance already counted is journalled once, now.
constexpr const char* kSchemaV7 = R"sql(
CREATE TABLE credit_journal(
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  centre_id TEXT NOT NULL,
  session_id TEXT NOT NULL,
  learner_id TEXT NOT NULL,
  change INTEGER NOT NULL,
  record_id TEXT NOT NULL,
  at INTEGER NOT NULL);
INSERT INTO credit_journal(centre_id, session_id, learner_id, change, record_id, at)
  SELECT centre_id, session_id, learner_id, 1, MIN(record_id), 0 FROM attendance
  GROUP BY centre_id, session_id, learner_id ORDER BY centre_id, session_id, learner_id;
)sql";

constexpr const char* kMigrations[] = {kSchemaV1, kSchemaV2, kSchemaV3, kSchemaV4, kSchemaV5, kSchemaV6,
                                       kSchemaV7};
constexpr int kSchemaVersion = int(std::size(kMigrations));

}  // namespace

int SchemaVersion() { return kSchemaVersion; }
const char* MigrationSql(int version) { return kMigrations[version - 1]; }

const std::string& SchemaSql() {
  static const std::string all = [] {
    std::string sql;
    for (const char* step : kMigrations) sql += step;
    return sql;
  }();
  return all;
}

Status Migrate(Database& db, const std::string& path) {
  LK_ASSIGN_OR_RETURN(int64_t version, db.QueryInt("PRAGMA user_version"));
  if (version > kSchemaVersion) {
    return Status::FailedPrecondition("database " + path + " has schema version " + std::to_string(version) +
                                      ", newer than this learning-hub understands (" +
                                      std::to_string(kSchemaVersion) + ")");
  }
  for (int next = int(version) + 1; next <= kSchemaVersion; ++next) {
    LK_ASSIGN_OR_RETURN(Transaction txn, db.Begin());
    LK_RETURN_IF_ERROR(db.Exec(kMigrations[next - 1]));
    LK_RETURN_IF_ERROR(db.Exec("PRAGMA user_version=" + std::to_string(next)));
    LK_RETURN_IF_ERROR(ResetAndCommit(db, txn));
  }
  return Status::Ok();
}

}  // namespace lk::hub::sqlite
