#include "sync/hub/pg_hub_schema.h"

#include <iterator>
#include <string>

#include "sync/hub/pg_transaction.h"

namespace lk::hub::pg {
namespace {

// Stepped migrations, append only: version N is kMigrations[N-1].
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE centres(
  id text COLLATE "C" PRIMARY KEY,
  name_zh text NOT NULL,
  name_en text NOT NULL,
  time_zone text NOT NULL,
  epoch text NOT NULL,
  catalog_version text NOT NULL DEFAULT '',
  catalog_seq bigint NOT NULL DEFAULT 0,
  horizon_seq bigint NOT NULL DEFAULT 0,
  created_at bigint NOT NULL);
CREATE TABLE catalog_items(
  centre_id text COLLATE "C" NOT NULL REFERENCES centres(id),
  type integer NOT NULL,
  id text COLLATE "C" NOT NULL,
  seq bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  body text NOT NULL,
  changed_at bigint NOT NULL,
  PRIMARY KEY(centre_id, type, id));
CREATE INDEX catalog_items_by_seq ON catalog_items(centre_id, seq);
CREATE TABLE sessions(
  centre_id text COLLATE "C" NOT NULL REFERENCES centres(id),
  id text COLLATE "C" NOT NULL,
  course_id text COLLATE "C" NOT NULL,
  course_title_zh text NOT NULL,
  course_title_en text NOT NULL,
  starts_at bigint NOT NULL,
  ends_at bigint NOT NULL,
  capacity bigint NOT NULL,
  credit_hours double precision NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  PRIMARY KEY(centre_id, id));
CREATE INDEX sessions_by_start ON sessions(centre_id, starts_at);
CREATE TABLE enroll_codes(
  code_hash text COLLATE "C" PRIMARY KEY,
  centre_id text COLLATE "C" NOT NULL REFERENCES centres(id),
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  used_at bigint,
  device_id text COLLATE "C");
CREATE TABLE devices(
  id text COLLATE "C" PRIMARY KEY,
  centre_id text COLLATE "C" NOT NULL REFERENCES centres(id),
  token_hash text COLLATE "C" NOT NULL UNIQUE,
  name text NOT NULL DEFAULT '',
  enrolled_at bigint NOT NULL,
  revoked_at bigint,
  last_seen_at bigint,
  heartbeat_at bigint,
  queue_depth bigint NOT NULL DEFAULT 0,
  oldest_pending_s bigint NOT NULL DEFAULT 0,
  app_version text NOT NULL DEFAULT '',
  clock_skew_ms bigint NOT NULL DEFAULT 0);
CREATE TABLE batches(
  device_id text COLLATE "C" NOT NULL,
  batch_id text COLLATE "C" NOT NULL,
  received_at bigint NOT NULL,
  records bigint NOT NULL,
  PRIMARY KEY(device_id, batch_id));
CREATE TABLE records(
  id text COLLATE "C" NOT NULL,
  centre_id text COLLATE "C" NOT NULL,
  device_id text COLLATE "C" NOT NULL,
  batch_id text COLLATE "C" NOT NULL,
  seq bigint NOT NULL,
  kind text NOT NULL,
  learner_id text COLLATE "C" NOT NULL,
  session_id text COLLATE "C" NOT NULL,
  recorded_at bigint NOT NULL,
  refers_to text COLLATE "C",
  reason text NOT NULL DEFAULT '',
  source text NOT NULL,
  flags text NOT NULL DEFAULT '',
  received_at bigint NOT NULL,
  PRIMARY KEY(centre_id, id));
CREATE INDEX records_by_session ON records(centre_id, session_id);
CREATE INDEX records_by_refers_to ON records(centre_id, refers_to) WHERE refers_to IS NOT NULL;
CREATE TABLE attendance(
  centre_id text COLLATE "C" NOT NULL,
  session_id text COLLATE "C" NOT NULL,
  learner_id text COLLATE "C" NOT NULL,
  record_id text COLLATE "C" NOT NULL,
  PRIMARY KEY(centre_id, session_id, learner_id, record_id));
CREATE INDEX attendance_by_learner ON attendance(learner_id);
CREATE TABLE conflicts(
  n bigserial PRIMARY KEY,
  record_id text COLLATE "C" NOT NULL,
  centre_id text COLLATE "C" NOT NULL,
  device_id text COLLATE "C" NOT NULL,
  batch_id text COLLATE "C" NOT NULL,
  content text NOT NULL,
  received_at bigint NOT NULL);
CREATE INDEX conflicts_by_record ON conflicts(centre_id, record_id);
)sql";

// 2: the hub console (console_store.h): its accounts, login sessions and audit log, centres' districts,
// and the indexes its city-wide views read sessions by across centres: by start, and the sessions
// running at an instant (a GiST index of [start, end): a b-tree on either end would read every session
// that started before, or ends after, that instant).
constexpr const char* kSchemaV2 = R"sql(
CREATE TABLE console_users(
  login text COLLATE "C" PRIMARY KEY,
  role text NOT NULL,
  district text COLLATE "C" NOT NULL DEFAULT '',
  centre_id text COLLATE "C" NOT NULL DEFAULT '',
  disabled boolean NOT NULL DEFAULT false,
  created_at bigint NOT NULL,
  password_hash text NOT NULL,
  failed_attempts bigint NOT NULL DEFAULT 0,
  lockout_rounds bigint NOT NULL DEFAULT 0,
  locked_until bigint NOT NULL DEFAULT 0);
CREATE TABLE console_sessions(
  token_hash text COLLATE "C" PRIMARY KEY,
  login text COLLATE "C" NOT NULL REFERENCES console_users(login),
  csrf_token text NOT NULL,
  address text NOT NULL,
  created_at bigint NOT NULL,
  last_seen_at bigint NOT NULL,
  expires_at bigint NOT NULL);
CREATE INDEX console_sessions_by_expiry ON console_sessions(expires_at);
CREATE INDEX console_sessions_by_login ON console_sessions(login);
CREATE TABLE audit_log(
  id bigserial PRIMARY KEY,
  at bigint NOT NULL,
  login text COLLATE "C" NOT NULL,
  action text COLLATE "C" NOT NULL,
  target text NOT NULL,
  detail text NOT NULL,
  address text NOT NULL);
CREATE INDEX audit_log_by_login ON audit_log(login, id);
CREATE INDEX audit_log_by_action ON audit_log(action, id);
ALTER TABLE centres ADD COLUMN district text COLLATE "C" NOT NULL DEFAULT '';
CREATE INDEX centres_by_district ON centres(district);
CREATE INDEX sessions_by_time ON sessions(starts_at);
CREATE INDEX sessions_running ON sessions USING gist (int8range(starts_at, GREATEST(starts_at, ends_at)));
)sql";

// 3: each session keeps its count of distinct learners counted (what kSessionCheckins counted from
// attendance on every read), kept by ingest in the same transaction as the attendance rows it counts
// (under the centre's lock). The by-start index carries the count, so the city-wide day totals read
// the index alone once vacuum has marked past days' pages all-visible.
constexpr const char* kSchemaV3 = R"sql(
ALTER TABLE sessions ADD COLUMN checkins bigint NOT NULL DEFAULT 0;
UPDATE sessions s SET checkins=t.n FROM (
  SELECT centre_id, session_id, COUNT(DISTINCT learner_id) AS n FROM attendance GROUP BY centre_id, session_id) t
  WHERE s.centre_id=t.centre_id AND s.id=t.session_id;
DROP INDEX sessions_by_time;
CREATE INDEX sessions_by_time ON sessions(starts_at) INCLUDE (centre_id, checkins);
)sql";

// 4: change marks (settled_checkins.h): a version a writer bumps in the transaction of a rare change, so
// a cache of figures that change only with it knows when it is stale.
constexpr const char* kSchemaV4 = R"sql(
CREATE TABLE change_marks(name text COLLATE "C" PRIMARY KEY, version bigint NOT NULL);
INSERT INTO change_marks VALUES('settled_checkins', 0);
)sql";

// 5: the learner's record to take home (the /me/TOKEN page): the hub's secret keys (the record link's,
// made once by `serve`, so every replica and restart reads the same) and the page's views per learner,
// keyed by a keyed hash of the learner id (never the id in clear). As SQLite's 6.
constexpr const char* kSchemaV5 = R"sql(
CREATE TABLE hub_keys(
  name text COLLATE "C" PRIMARY KEY,
  secret text NOT NULL,
  created_at bigint NOT NULL);
CREATE TABLE record_page_views(
  learner_key text COLLATE "C" PRIMARY KEY,
  views bigint NOT NULL,
  last_viewed_at bigint NOT NULL);
)sql";

// 6: the credit journal for the city's Credit Bank (credit-export, sync/CREDIT_EXPORT.md), as SQLite's 7.
// Sequence numbers of concurrent centres' transactions commit out of order, so each entry keeps the id of
// the transaction that wrote it: an export reads only entries of transactions older than every one still
// running (the snapshot's xmin), in (txid, seq) order, and nothing can later appear behind its cursor.
constexpr const char* kSchemaV6 = R"sql(
CREATE TABLE credit_journal(
  seq bigserial PRIMARY KEY,
  txid bigint NOT NULL DEFAULT txid_current(),
  centre_id text COLLATE "C" NOT NULL,
  session_id text COLLATE "C" NOT NULL,
  learner_id text COLLATE "C" NOT NULL,
  change bigint NOT NULL,
  record_id text COLLATE "C" NOT NULL,
  at bigint NOT NULL);
CREATE INDEX credit_journal_by_txid ON credit_journal(txid, seq);
INSERT INTO credit_journal(centre_id, session_id, learner_id, change, record_id, at)
  SELECT centre_id, session_id, learner_id, 1, MIN(record_id), 0 FROM attendance
  GROUP BY centre_id, session_id, learner_id ORDER BY centre_id, session_id, learner_id;
)sql";

constexpr const char* kMigrations[] = {kSchemaV1, kSchemaV2, kSchemaV3, kSchemaV4, kSchemaV5, kSchemaV6};
constexpr int kSchemaVersion = int(std::size(kMigrations));

Result<int64_t> CurrentVersion(Connection& conn) {
  LK_ASSIGN_OR_RETURN(Rows rows, conn.Query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
  return rows.Int(0, 0);
}

// One step in one transaction, under the migration lock; false when another replica applied it first.
Result<bool> ApplyStep(Connection& conn, int version) {
  LK_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(conn));
  LK_RETURN_IF_ERROR(conn.Query("SELECT pg_advisory_xact_lock($1, 0)", Params().Add(kMigrationLock)).status());
  LK_RETURN_IF_ERROR(conn.Exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations(version integer PRIMARY KEY, "
      "applied_at timestamptz NOT NULL DEFAULT now())"));
  LK_ASSIGN_OR_RETURN(int64_t current, CurrentVersion(conn));
  if (current > kSchemaVersion) {
    return Status::FailedPrecondition("the hub database has schema version " + std::to_string(current) +
                                      ", newer than this learning-hub understands (" +
                                      std::to_string(kSchemaVersion) + ")");
  }
  if (current >= version) return false;
  LK_RETURN_IF_ERROR(conn.Exec(kMigrations[version - 1]));
  LK_RETURN_IF_ERROR(conn.Query("INSERT INTO schema_migrations(version) VALUES($1)", Params().Add(version)).status());
  LK_RETURN_IF_ERROR(txn.Commit());
  return true;
}

}  // namespace

int SchemaVersion() { return kSchemaVersion; }

Status Migrate(Connection& conn) {
  // Step 1's check also refuses a newer database: every step re-reads the version under the lock.
  for (int version = 1; version <= kSchemaVersion; ++version) {
    LK_RETURN_IF_ERROR(ApplyStep(conn, version).status());
  }
  return Status::Ok();
}

}  // namespace lk::hub::pg
