#include "sync/hub/sqlite_hub_store.h"

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

namespace lk::hub {

using nlohmann::json;

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

constexpr const char* kMigrations[] = {kSchemaV1, kSchemaV2};
constexpr int kSchemaVersion = int(std::size(kMigrations));

std::string RandomHex(size_t bytes) {
  std::random_device rd;
  std::string out;
  static const char* kHex = "0123456789abcdef";
  for (size_t i = 0; i < bytes; ++i) {
    unsigned v = rd() & 0xff;
    out += kHex[v >> 4];
    out += kHex[v & 15];
  }
  return out;
}

std::string JoinFlags(const std::vector<std::string>& flags) {
  std::string out;
  for (const auto& f : flags) {
    if (!out.empty()) out += ',';
    out += f;
  }
  return out;
}

std::vector<std::string> SplitFlags(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

// Resets every statement of a connection. A cached statement left mid-result would keep its read
// transaction, and with it an old snapshot, open on that connection.
void ResetAll(Database& db) {
  for (sqlite3_stmt* s = sqlite3_next_stmt(db.handle(), nullptr); s; s = sqlite3_next_stmt(db.handle(), s)) {
    sqlite3_reset(s);
  }
}

// Commits a writer transaction after releasing its statements.
Status CommitAll(Database& db, Transaction& txn) {
  ResetAll(db);
  return txn.Commit();
}

Centre CentreFromRow(const Statement& s, int first) {
  Centre c;
  c.id = s.ColumnText(first);
  c.name.zh = s.ColumnText(first + 1);
  c.name.en = s.ColumnText(first + 2);
  c.time_zone = s.ColumnText(first + 3);
  return c;
}

}  // namespace

// A reader connection borrowed from the pool; returned on destruction.
class SqliteHubStore::ReaderLease {
 public:
  ReaderLease(SqliteHubStore* store, std::unique_ptr<Database> db) : store_(store), db_(std::move(db)) {}
  ReaderLease(ReaderLease&&) = default;
  ~ReaderLease() {
    if (db_) store_->ReleaseReader(std::move(db_));
  }
  Database& operator*() { return *db_; }
  Database* operator->() { return db_.get(); }

 private:
  SqliteHubStore* store_;
  std::unique_ptr<Database> db_;
};

const char* SqliteHubStore::MigrationSql(int version) { return kMigrations[version - 1]; }
int SqliteHubStore::SchemaVersion() { return kSchemaVersion; }

const std::string& SqliteHubStore::SchemaSql() {
  static const std::string all = [] {
    std::string sql;
    for (const char* step : kMigrations) sql += step;
    return sql;
  }();
  return all;
}

SqliteHubStore::SqliteHubStore(std::string path, Database writer) : path_(std::move(path)), writer_(std::move(writer)) {}
SqliteHubStore::~SqliteHubStore() = default;

Result<std::unique_ptr<SqliteHubStore>> SqliteHubStore::Open(const std::string& path) {
  LK_ASSIGN_OR_RETURN(Database db, Database::Open(path));
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
    LK_RETURN_IF_ERROR(CommitAll(db, txn));
  }
  return std::unique_ptr<SqliteHubStore>(new SqliteHubStore(path, std::move(db)));
}

Result<SqliteHubStore::ReaderLease> SqliteHubStore::AcquireReader() {
  {
    std::lock_guard lock(readers_mutex_);
    if (!idle_readers_.empty()) {
      auto db = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return ReaderLease(this, std::move(db));
    }
  }
  LK_ASSIGN_OR_RETURN(Database db, Database::Open(path_, OpenOptions{.create_if_missing = false}));
  return ReaderLease(this, std::make_unique<Database>(std::move(db)));
}

void SqliteHubStore::ReleaseReader(std::unique_ptr<Database> db) {
  ResetAll(*db);
  std::lock_guard lock(readers_mutex_);
  if (idle_readers_.size() < 64) idle_readers_.push_back(std::move(db));
}

Result<Centre> SqliteHubStore::ReadCentre(Database& db, const std::string& centre_id) {
  LK_ASSIGN_OR_RETURN(auto s, db.Cached("SELECT id, name_zh, name_en, time_zone FROM centres WHERE id=?"));
  s->Bind(1, centre_id);
  LK_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return Status::NotFound("no centre \"" + centre_id + "\"");
  return CentreFromRow(*s, 0);
}

Result<CatalogState> SqliteHubStore::ReadCatalogState(Database& db, const std::string& centre_id) {
  LK_ASSIGN_OR_RETURN(auto s, db.Cached(
      "SELECT id, name_zh, name_en, time_zone, catalog_version, epoch, catalog_seq, horizon_seq "
      "FROM centres WHERE id=?"));
  s->Bind(1, centre_id);
  LK_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return Status::NotFound("no centre \"" + centre_id + "\"");
  CatalogState state;
  state.centre = CentreFromRow(*s, 0);
  state.catalog_version = s->ColumnText(4);
  state.epoch = s->ColumnText(5);
  state.max_seq = s->ColumnInt(6);
  state.horizon_seq = s->ColumnInt(7);
  return state;
}

Status SqliteHubStore::AddCentre(const Centre& centre, TimeMs now) {
  std::lock_guard lock(write_mutex_);
  LK_ASSIGN_OR_RETURN(Transaction txn, writer_.Begin());
  LK_ASSIGN_OR_RETURN(auto exists, writer_.Cached("SELECT 1 FROM centres WHERE id=?"));
  exists->Bind(1, centre.id);
  LK_ASSIGN_OR_RETURN(bool row, exists->Step());
  if (row) return Status::AlreadyExists("centre \"" + centre.id + "\" already exists");
  LK_ASSIGN_OR_RETURN(auto s, writer_.Cached(
      "INSERT INTO centres(id, name_zh, name_en, time_zone, epoch, created_at) VALUES(?,?,?,?,?,?)"));
  s->Bind(1, centre.id).Bind(2, centre.name.zh).Bind(3, centre.name.en).Bind(4, centre.time_zone)
      .Bind(5, RandomHex(6)).Bind(6, now);
  LK_RETURN_IF_ERROR(s->Run());
  return CommitAll(writer_, txn);
}

Result<Centre> SqliteHubStore::GetCentre(const std::string& centre_id) {
  LK_ASSIGN_OR_RETURN(ReaderLease db, AcquireReader());
  return ReadCentre(*db, centre_id);
}

Result<ImportStats> SqliteHubStore::ImportCatalog(const std::string& centre_id, const Catalog& catalog, TimeMs now,
                                                  TimeMs tombstone_retention_ms) {
  std::lock_guard lock(write_mutex_);
  LK_ASSIGN_OR_RETURN(Transaction txn, writer_.Begin());
  LK_ASSIGN_OR_RETURN(CatalogState state, ReadCatalogState(writer_, centre_id));

  struct Existing {
    bool deleted;
    std::string body;
  };
  std::map<std::pair<int, std::string>, Existing> existing;
  {
    LK_ASSIGN_OR_RETURN(auto s, writer_.Cached(
        "SELECT type, id, deleted, body FROM catalog_items WHERE centre_id=?"));
    s->Bind(1, centre_id);
    while (true) {
      LK_ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      existing[{int(s->ColumnInt(0)), s->ColumnText(1)}] = {s->ColumnInt(2) != 0, s->ColumnText(3)};
    }
  }

  ImportStats stats;
  int64_t seq = state.max_seq;
  std::set<std::pair<int, std::string>> present;
  LK_ASSIGN_OR_RETURN(auto upsert, writer_.Cached(
      "INSERT INTO catalog_items(centre_id, type, id, seq, deleted, body, changed_at) VALUES(?,?,?,?,0,?,?) "
      "ON CONFLICT(centre_id, type, id) DO UPDATE SET seq=excluded.seq, deleted=0, body=excluded.body, "
      "changed_at=excluded.changed_at"));
  for (const auto& item : sync::CatalogItems(catalog)) {
    std::pair<int, std::string> key{int(item.type), item.id};
    present.insert(key);
    std::string body = item.body.dump();
    auto it = existing.find(key);
    if (it != existing.end() && !it->second.deleted && it->second.body == body) {
      ++stats.unchanged;
      continue;
    }
    (it == existing.end() || it->second.deleted) ? ++stats.added : ++stats.changed;
    upsert->Bind(1, centre_id).Bind(2, key.first).Bind(3, item.id).Bind(4, ++seq).Bind(5, body).Bind(6, now);
    LK_RETURN_IF_ERROR(upsert->Run());
  }
  LK_ASSIGN_OR_RETURN(auto tombstone, writer_.Cached(
      "UPDATE catalog_items SET deleted=1, seq=?, changed_at=? WHERE centre_id=? AND type=? AND id=?"));
  for (const auto& [key, old] : existing) {
    if (old.deleted || present.count(key)) continue;
    ++stats.removed;
    tombstone->Bind(1, ++seq).Bind(2, now).Bind(3, centre_id).Bind(4, key.first).Bind(5, key.second);
    LK_RETURN_IF_ERROR(tombstone->Run());
  }

  // The denormalised session table used to validate, count and report attendance. Removed sessions stay
  // (deleted=1): a kiosk may still push check-ins made before it heard of the removal.
  std::map<std::string, const Course*> courses;
  for (const auto& c : catalog.courses) courses[c.id] = &c;
  {
    LK_ASSIGN_OR_RETURN(auto mark, writer_.Cached("UPDATE sessions SET deleted=1 WHERE centre_id=?"));
    mark->Bind(1, centre_id);
    LK_RETURN_IF_ERROR(mark->Run());
  }
  LK_ASSIGN_OR_RETURN(auto session, writer_.Cached(
      "INSERT OR REPLACE INTO sessions(centre_id, id, course_id, course_title_zh, course_title_en, starts_at, "
      "ends_at, capacity, credit_hours, deleted) VALUES(?,?,?,?,?,?,?,?,?,0)"));
  for (const auto& s : catalog.sessions) {
    const Course* course = courses.at(s.course_id);  // ParseCatalogJson checked the reference
    session->Bind(1, centre_id).Bind(2, s.id).Bind(3, s.course_id).Bind(4, course->title.zh)
        .Bind(5, course->title.en).Bind(6, s.starts_at).Bind(7, s.ends_at).Bind(8, s.capacity)
        .Bind(9, course->credit_hours);
    LK_RETURN_IF_ERROR(session->Run());
  }

  int64_t horizon = state.horizon_seq;
  {
    LK_ASSIGN_OR_RETURN(auto s, writer_.Cached(
        "SELECT IFNULL(MAX(seq), 0) FROM catalog_items WHERE centre_id=? AND deleted=1 AND changed_at<=?"));
    s->Bind(1, centre_id).Bind(2, now - tombstone_retention_ms);
    LK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (row) horizon = std::max(horizon, s->ColumnInt(0));
  }
  LK_ASSIGN_OR_RETURN(auto update, writer_.Cached(
      "UPDATE centres SET catalog_seq=?, horizon_seq=?, catalog_version=?, time_zone=? WHERE id=?"));
  update->Bind(1, seq).Bind(2, horizon).Bind(3, catalog.version).Bind(4, catalog.centre.time_zone).Bind(5, centre_id);
  LK_RETURN_IF_ERROR(update->Run());
  LK_RETURN_IF_ERROR(CommitAll(writer_, txn));
  stats.max_seq = seq;
  return stats;
}

Result<CatalogState> SqliteHubStore::GetCatalogState(const std::string& centre_id) {
  LK_ASSIGN_OR_RETURN(ReaderLease db, AcquireReader());
  return ReadCatalogState(*db, centre_id);
}

Status SqliteHubStore::ListCatalogChanges(const std::string& centre_id, int64_t after_seq, bool live_only,
                                          size_t limit, CatalogState* state, std::vector<CatalogChange>* changes) {
  LK_ASSIGN_OR_RETURN(ReaderLease db, AcquireReader());
  LK_ASSIGN_OR_RETURN(Transaction txn, db->Begin(TransactionMode::kDeferred));  // one snapshot
  LK_ASSIGN_OR_RETURN(*state, ReadCatalogState(*db, centre_id));
  LK_ASSIGN_OR_RETURN(auto s, db->Cached(
      "SELECT type, id, seq, deleted, body FROM catalog_items WHERE centre_id=? AND seq>? AND (deleted=0 OR ?=0) "
      "ORDER BY seq LIMIT ?"));
  s->Bind(1, centre_id).Bind(2, after_seq).Bind(3, live_only ? 1 : 0).Bind(4, int64_t(limit));
  changes->clear();
  while (true) {
    LK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    CatalogChange change;
    change.item.type = sync::ItemType(s->ColumnInt(0));
    change.item.id = s->ColumnText(1);
    change.seq = s->ColumnInt(2);
    change.item.deleted = s->ColumnInt(3) != 0;
    if (!change.item.deleted) change.item.body = json::parse(s->ColumnText(4));
    changes->push_back(std::move(change));
  }
  return CommitAll(*db, txn);
}

Status SqliteHubStore::AddEnrollCode(const std::string& centre_id, const std::string& code_hash, TimeMs now,
                                     TimeMs expires_at) {
  std::lock_guard lock(write_mutex_);
  LK_ASSIGN_OR_RETURN(Transaction txn, writer_.Begin());
  LK_RETURN_IF_ERROR(ReadCentre(writer_, centre_id).status());
  LK_ASSIGN_OR_RETURN(auto s, writer_.Cached(
      "INSERT INTO enroll_codes(code_hash, centre_id, created_at, expires_at) VALUES(?,?,?,?)"));
  s->Bind(1, code_hash).Bind(2, centre_id).Bind(3, now).Bind(4, expires_at);
  LK_RETURN_IF_ERROR(s->Run());
  return CommitAll(writer_, txn);
}

Result<Centre> SqliteHubStore::Enroll(const std::string& code_hash, const std::string& device_id,
                                      const std::string& token_hash, const sync::EnrollRequest& request,
                                      TimeMs now) {
  std::lock_guard lock(write_mutex_);
  LK_ASSIGN_OR_RETURN(Transaction txn, writer_.Begin());
  LK_ASSIGN_OR_RETURN(auto find, writer_.Cached(
      "SELECT centre_id FROM enroll_codes WHERE code_hash=? AND used_at IS NULL AND expires_at>?"));
  find->Bind(1, code_hash).Bind(2, now);
  LK_ASSIGN_OR_RETURN(bool row, find->Step());
  if (!row) return Status::NotFound("unknown, used or expired enrolment code");
  std::string centre_id = find->ColumnText(0);
  find->Reset();
  LK_ASSIGN_OR_RETURN(auto use, writer_.Cached(
      "UPDATE enroll_codes SET used_at=?, device_id=? WHERE code_hash=?"));
  use->Bind(1, now).Bind(2, device_id).Bind(3, code_hash);
  LK_RETURN_IF_ERROR(use->Run());
  LK_ASSIGN_OR_RETURN(auto add, writer_.Cached(
      "INSERT INTO devices(id, centre_id, token_hash, name, enrolled_at, last_seen_at, app_version) "
      "VALUES(?,?,?,?,?,?,?)"));
  add->Bind(1, device_id).Bind(2, centre_id).Bind(3, token_hash).Bind(4, request.device_name).Bind(5, now)
      .Bind(6, now).Bind(7, request.app_version);
  LK_RETURN_IF_ERROR(add->Run());
  LK_ASSIGN_OR_RETURN(Centre centre, ReadCentre(writer_, centre_id));
  LK_RETURN_IF_ERROR(CommitAll(writer_, txn));
  return centre;
}

Result<DeviceIdentity> SqliteHubStore::Authenticate(const std::string& token_hash) {
  LK_ASSIGN_OR_RETURN(ReaderLease db, AcquireReader());
  LK_ASSIGN_OR_RETURN(auto s, db->Cached(
      "SELECT id, centre_id, revoked_at IS NOT NULL FROM devices WHERE token_hash=?"));
  s->Bind(1, token_hash);
  LK_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return Status::NotFound("unknown token");
  DeviceIdentity id{s->ColumnText(0), s->ColumnText(1), s->ColumnInt(2) != 0};
  s->Reset();
  return id;
}

Status SqliteHubStore::RecordHeartbeat(const std::string& device_id, const sync::HeartbeatRequest& hb,
                                       int64_t clock_skew_ms, TimeMs now) {
  std::lock_guard lock(write_mutex_);
  LK_ASSIGN_OR_RETURN(auto s, writer_.Cached(
      "UPDATE devices SET last_seen_at=?, heartbeat_at=?, queue_depth=?, oldest_pending_s=?, app_version=?, "
      "clock_skew_ms=? WHERE id=?"));
  s->Bind(1, now).Bind(2, now).Bind(3, hb.queue_depth).Bind(4, hb.oldest_pending_age_s).Bind(5, hb.app_version)
      .Bind(6, clock_skew_ms).Bind(7, device_id);
  return s->Run();
}

Result<std::vector<DeviceInfo>> SqliteHubStore::ListDevices() {
  LK_ASSIGN_OR_RETURN(ReaderLease db, AcquireReader());
  LK_ASSIGN_OR_RETURN(auto s, db->Cached(
      "SELECT id, centre_id, name, enrolled_at, revoked_at, last_seen_at, heartbeat_at, queue_depth, "
      "oldest_pending_s, app_version, clock_skew_ms FROM devices ORDER BY centre_id, id"));
  std::vector<DeviceInfo> out;
  while (true) {
    LK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    DeviceInfo d;
    d.device_id = s->ColumnText(0);
    d.centre_id = s->ColumnText(1);
    d.name = s->ColumnText(2);
    d.enrolled_at = s->ColumnInt(3);
    if (!s->ColumnIsNull(4)) d.revoked_at = s->ColumnInt(4);
    if (!s->ColumnIsNull(5)) d.last_seen_at = s->ColumnInt(5);
    if (!s->ColumnIsNull(6)) d.last_heartbeat_at = s->ColumnInt(6);
    d.queue_depth = s->ColumnInt(7);
    d.oldest_pending_age_s = s->ColumnInt(8);
    d.app_version = s->ColumnText(9);
    d.clock_skew_ms = s->ColumnInt(10);
    out.push_back(std::move(d));
  }
  return out;
}

Status SqliteHubStore::RevokeDevice(const std::string& device_id, TimeMs now) {
  std::lock_guard lock(write_mutex_);
  LK_ASSIGN_OR_RETURN(auto s, writer_.Cached(
      "UPDATE devices SET revoked_at=IFNULL(revoked_at, ?) WHERE id=?"));
  s->Bind(1, now).Bind(2, device_id);
  LK_RETURN_IF_ERROR(s->Run());
  if (writer_.Changes() == 0) return Status::NotFound("no device \"" + device_id + "\"");
  return Status::Ok();
}

// Group commit: the first caller to find no commit in progress becomes the leader, takes every batch
// queued so far, applies each in its own savepoint and commits them with ONE fsync; the others wait for
// its signal. With one client this is a plain transaction per batch; with many, concurrent kiosks share
// the cost of the fsync. Nobody is answered before the commit that holds their batch.
Result<sync::BatchResponse> SqliteHubStore::PushBatch(const DeviceIdentity& device, const sync::ParsedBatch& batch,
                                                      TimeMs now) {
  PendingBatch mine{&device, &batch, now, Status::Internal("batch not processed"), false};
  std::unique_lock lock(group_mutex_);
  group_queue_.push_back(&mine);
  while (!mine.done) {
    if (group_leader_active_) {
      group_cv_.wait(lock);
      continue;
    }
    group_leader_active_ = true;
    std::vector<PendingBatch*> group;
    group.swap(group_queue_);
    lock.unlock();
    // Whatever happens in the commit, the group is answered and the leader's place freed: an escaping
    // exception would leave group_leader_active_ set and every later push waiting forever.
    try {
      CommitGroup(group);
    } catch (const std::exception& e) {
      for (PendingBatch* p : group) p->result = Status::Internal(std::string("batch commit failed: ") + e.what());
    } catch (...) {
      for (PendingBatch* p : group) p->result = Status::Internal("batch commit failed");
    }
    lock.lock();
    for (PendingBatch* p : group) p->done = true;
    group_leader_active_ = false;
    group_cv_.notify_all();
  }
  return std::move(mine.result);
}

void SqliteHubStore::CommitGroup(const std::vector<PendingBatch*>& group) {
  std::lock_guard lock(write_mutex_);
  auto txn = writer_.Begin(TransactionMode::kImmediate);
  if (!txn.ok()) {
    for (PendingBatch* p : group) p->result = txn.status();
    return;
  }
  for (PendingBatch* p : group) {
    Status opened = writer_.Exec("SAVEPOINT batch");
    if (!opened.ok()) {
      p->result = opened;
      continue;
    }
    p->result = ApplyBatch(*p->device, *p->batch, p->now);
    ResetAll(writer_);
    if (!p->result.ok()) writer_.Exec("ROLLBACK TO batch").IgnoreError();
    writer_.Exec("RELEASE batch").IgnoreError();
  }
  Status committed = CommitAll(writer_, *txn);
  if (!committed.ok()) {
    for (PendingBatch* p : group) p->result = committed;  // rolled back: nothing was stored
  }
}

Result<sync::BatchResponse> SqliteHubStore::ApplyBatch(const DeviceIdentity& device, const sync::ParsedBatch& batch,
                                                       TimeMs now) {
  sync::BatchResponse response;
  response.batch_id = batch.batch_id;
  {
    LK_ASSIGN_OR_RETURN(auto seen, writer_.Cached("SELECT 1 FROM batches WHERE device_id=? AND batch_id=?"));
    seen->Bind(1, device.device_id).Bind(2, batch.batch_id);
    LK_ASSIGN_OR_RETURN(bool row, seen->Step());
    response.resent = row;
  }
  response.results.reserve(batch.records.size());
  for (const auto& parsed : batch.records) {
    LK_ASSIGN_OR_RETURN(sync::RecordResult result, ApplyRecord(device, batch.batch_id, parsed, now));
    response.results.push_back(std::move(result));
  }
  if (!response.resent) {
    LK_ASSIGN_OR_RETURN(auto add, writer_.Cached(
        "INSERT INTO batches(device_id, batch_id, received_at, records) VALUES(?,?,?,?)"));
    add->Bind(1, device.device_id).Bind(2, batch.batch_id).Bind(3, now).Bind(4, int64_t(batch.records.size()));
    LK_RETURN_IF_ERROR(add->Run());
  }
  LK_ASSIGN_OR_RETURN(auto seen, writer_.Cached("UPDATE devices SET last_seen_at=? WHERE id=?"));
  seen->Bind(1, now).Bind(2, device.device_id);
  LK_RETURN_IF_ERROR(seen->Run());
  response.server_time = now;
  return response;
}

Result<sync::RecordResult> SqliteHubStore::ApplyRecord(const DeviceIdentity& device, const std::string& batch_id,
                                                       const sync::ParsedRecord& parsed, TimeMs now) {
  sync::RecordResult result;
  result.id = parsed.id;
  auto reject = [&](std::string reason, std::string message) {
    result.outcome = sync::RecordOutcome::kRejected;
    result.reason = std::move(reason);
    result.message = std::move(message);
    return result;
  };
  if (!parsed.record) return reject(parsed.reject_reason, parsed.message);
  const AttendanceRecord& r = *parsed.record;
  Database& db = writer_;

  // The session must exist in THIS centre's catalogue (sessions removed since are still known).
  int64_t capacity = 0;
  {
    LK_ASSIGN_OR_RETURN(auto s, db.Cached("SELECT capacity FROM sessions WHERE centre_id=? AND id=?"));
    s->Bind(1, device.centre_id).Bind(2, r.session_id);
    LK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) {
      return reject(sync::reject_reason::kUnknownSession,
                    "session_id: no session \"" + r.session_id + "\" in centre " + device.centre_id);
    }
    capacity = s->ColumnInt(0);
    s->Reset();
  }

  // Same id seen before in this centre: duplicate when the content is the same, conflict otherwise. Never
  // overwrite. (Records are keyed by centre and id: another centre's record with this id is another
  // record, so nobody can take or spoil an id of a centre that is not theirs.)
  {
    LK_ASSIGN_OR_RETURN(auto s, db.Cached(
        "SELECT centre_id, device_id, batch_id, kind, learner_id, session_id, recorded_at, IFNULL(refers_to,''), "
        "reason, source, flags FROM records WHERE centre_id=? AND id=?"));
    s->Bind(1, device.centre_id).Bind(2, r.id);
    LK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (row) {
      AttendanceRecord old;
      old.id = r.id;
      old.kind = ParseRecordKind(s->ColumnText(3)).value_or(RecordKind::kCheckIn);
      old.learner_id = s->ColumnText(4);
      old.session_id = s->ColumnText(5);
      old.recorded_at = s->ColumnInt(6);
      old.refers_to = s->ColumnText(7);
      old.reason = s->ColumnText(8);
      old.source = ParseRecordSource(s->ColumnText(9)).value_or(RecordSource::kKeypad);
      bool same_send = s->ColumnText(1) == device.device_id && s->ColumnText(2) == batch_id;
      std::vector<std::string> flags = SplitFlags(s->ColumnText(10));
      s->Reset();
      if (sync::SameRecordContent(old, r)) {
        // A resend of the batch that first committed it gets the first answer back.
        result.outcome = same_send ? sync::RecordOutcome::kAccepted : sync::RecordOutcome::kDuplicate;
        result.flags = std::move(flags);
        return result;
      }
      std::string content = sync::RecordToJson(r).dump();
      LK_ASSIGN_OR_RETURN(auto known, db.Cached(
          "SELECT 1 FROM conflicts WHERE record_id=? AND device_id=? AND batch_id=? AND content=?"));
      known->Bind(1, r.id).Bind(2, device.device_id).Bind(3, batch_id).Bind(4, content);
      LK_ASSIGN_OR_RETURN(bool already, known->Step());
      known->Reset();
      if (!already) {
        LK_ASSIGN_OR_RETURN(auto add, db.Cached(
            "INSERT INTO conflicts(record_id, centre_id, device_id, batch_id, content, received_at) "
            "VALUES(?,?,?,?,?,?)"));
        add->Bind(1, r.id).Bind(2, device.centre_id).Bind(3, device.device_id).Bind(4, batch_id).Bind(5, content)
            .Bind(6, now);
        LK_RETURN_IF_ERROR(add->Run());
      }
      result.outcome = sync::RecordOutcome::kConflict;
      result.message = "a different record with this id was received before; this copy is kept for review";
      return result;
    }
  }

  std::vector<std::string> flags;
  if (!r.refers_to.empty()) {
    // Only this centre's records are looked at: another centre's record is "unknown" here.
    LK_ASSIGN_OR_RETURN(auto s, db.Cached(
        "SELECT session_id, learner_id FROM records WHERE centre_id=? AND id=?"));
    s->Bind(1, device.centre_id).Bind(2, r.refers_to);
    LK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (row) {
      std::string session = s->ColumnText(0), learner = s->ColumnText(1);
      s->Reset();
      // The target stops counting: voided, or replaced by this correction.
      LK_ASSIGN_OR_RETURN(auto del, db.Cached(
          "DELETE FROM attendance WHERE centre_id=? AND session_id=? AND learner_id=? AND record_id=?"));
      del->Bind(1, device.centre_id).Bind(2, session).Bind(3, learner).Bind(4, r.refers_to);
      LK_RETURN_IF_ERROR(del->Run());
    } else {
      s->Reset();
      flags.push_back(sync::record_flag::kUnknownTarget);
    }
  }

  if (r.kind != RecordKind::kVoid) {
    // A void/correction of this record from the same centre arrived before it. Another centre's record
    // with this id never acts on it: its refers_to stays unknown for good.
    bool superseded = false;
    {
      LK_ASSIGN_OR_RETURN(auto s, db.Cached("SELECT 1 FROM records WHERE refers_to=? AND centre_id=? LIMIT 1"));
      s->Bind(1, r.id).Bind(2, device.centre_id);
      LK_ASSIGN_OR_RETURN(superseded, s->Step());
      s->Reset();
    }
    if (!superseded) {
      LK_ASSIGN_OR_RETURN(auto s, db.Cached(
          "SELECT 1 FROM attendance WHERE centre_id=? AND session_id=? AND learner_id=? LIMIT 1"));
      s->Bind(1, device.centre_id).Bind(2, r.session_id).Bind(3, r.learner_id);
      LK_ASSIGN_OR_RETURN(bool present, s->Step());
      s->Reset();
      if (present) {
        if (r.kind == RecordKind::kCheckIn) flags.push_back(sync::record_flag::kRepeatCheckin);
      } else if (capacity > 0) {
        // Counting stops at the capacity: a full count per insert made a session's ingest quadratic.
        LK_ASSIGN_OR_RETURN(auto count, db.Cached(
            "SELECT COUNT(*) FROM (SELECT DISTINCT learner_id FROM attendance WHERE centre_id=? AND session_id=? "
            "LIMIT ?)"));
        count->Bind(1, device.centre_id).Bind(2, r.session_id).Bind(3, capacity);
        LK_ASSIGN_OR_RETURN(bool row, count->Step());
        int64_t learners = row ? count->ColumnInt(0) : 0;
        count->Reset();
        // Over capacity is accepted and flagged, never dropped: the learner was in the room.
        if (learners >= capacity) flags.push_back(sync::record_flag::kOverCapacity);
      }
      LK_ASSIGN_OR_RETURN(auto add, db.Cached(
          "INSERT INTO attendance(centre_id, session_id, learner_id, record_id) VALUES(?,?,?,?)"));
      add->Bind(1, device.centre_id).Bind(2, r.session_id).Bind(3, r.learner_id).Bind(4, r.id);
      LK_RETURN_IF_ERROR(add->Run());
    }
  }

  LK_ASSIGN_OR_RETURN(auto insert, db.Cached(
      "INSERT INTO records(id, centre_id, device_id, batch_id, seq, kind, learner_id, session_id, recorded_at, "
      "refers_to, reason, source, flags, received_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
  insert->Bind(1, r.id).Bind(2, device.centre_id).Bind(3, device.device_id).Bind(4, batch_id).Bind(5, r.seq)
      .Bind(6, RecordKindName(r.kind)).Bind(7, r.learner_id).Bind(8, r.session_id).Bind(9, r.recorded_at)
      .BindOptional(10, r.refers_to).Bind(11, r.reason).Bind(12, RecordSourceName(r.source))
      .Bind(13, JoinFlags(flags)).Bind(14, now);
  LK_RETURN_IF_ERROR(insert->Run());
  result.outcome = sync::RecordOutcome::kAccepted;
  result.flags = std::move(flags);
  return result;
}

Result<bool> SqliteHubStore::LearnerKnownAt(const std::string& centre_id, const std::string& learner_id) {
  LK_ASSIGN_OR_RETURN(ReaderLease db, AcquireReader());
  LK_ASSIGN_OR_RETURN(auto s, db->Cached("SELECT 1 FROM attendance WHERE learner_id=? AND centre_id=? LIMIT 1"));
  s->Bind(1, learner_id).Bind(2, centre_id);
  LK_ASSIGN_OR_RETURN(bool row, s->Step());
  s->Reset();
  return row;
}

Result<sync::LearnerSummary> SqliteHubStore::LearnerSummary(const std::string& learner_id, TimeMs from, TimeMs to) {
  LK_ASSIGN_OR_RETURN(ReaderLease db, AcquireReader());
  LK_ASSIGN_OR_RETURN(auto s, db->Cached(
      "SELECT a.centre_id, c.name_zh, c.name_en, COUNT(*), TOTAL(s.credit_hours) "
      "FROM (SELECT DISTINCT centre_id, session_id FROM attendance WHERE learner_id=?) a "
      "JOIN sessions s ON s.centre_id=a.centre_id AND s.id=a.session_id "
      "JOIN centres c ON c.id=a.centre_id "
      "WHERE s.starts_at>=? AND s.starts_at<? GROUP BY a.centre_id ORDER BY a.centre_id"));
  s->Bind(1, learner_id).Bind(2, from).Bind(3, to);
  sync::LearnerSummary out;
  out.learner_id = learner_id;
  while (true) {
    LK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    sync::CentreCredit c;
    c.centre_id = s->ColumnText(0);
    c.centre_name = {s->ColumnText(1), s->ColumnText(2)};
    c.checkins = s->ColumnInt(3);
    c.credit_hours = s->ColumnDouble(4);
    out.checkins += c.checkins;
    out.credit_hours += c.credit_hours;
    out.centres.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<ReportRow>> SqliteHubStore::Report(const std::string& centre_id, TimeMs from, TimeMs to) {
  LK_ASSIGN_OR_RETURN(ReaderLease db, AcquireReader());
  LK_RETURN_IF_ERROR(ReadCentre(*db, centre_id).status());
  LK_ASSIGN_OR_RETURN(auto s, db->Cached(
      "SELECT r.session_id, s.starts_at, s.course_id, s.course_title_zh, s.course_title_en, r.id, r.seq, r.kind, "
      "r.learner_id, r.recorded_at, IFNULL(r.refers_to,''), r.reason, r.source, r.device_id, r.flags, "
      "r.received_at, (SELECT v.kind FROM records v WHERE v.refers_to=r.id AND v.centre_id=r.centre_id "
      "ORDER BY v.id LIMIT 1) "
      "FROM records r JOIN sessions s ON s.centre_id=r.centre_id AND s.id=r.session_id "
      "WHERE r.centre_id=? AND s.starts_at>=? AND s.starts_at<? ORDER BY s.starts_at, r.session_id, r.id"));
  s->Bind(1, centre_id).Bind(2, from).Bind(3, to);
  std::vector<ReportRow> out;
  while (true) {
    LK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    ReportRow r;
    r.session_id = s->ColumnText(0);
    r.session_start = s->ColumnInt(1);
    r.course_id = s->ColumnText(2);
    r.course_title = {s->ColumnText(3), s->ColumnText(4)};
    r.record.id = s->ColumnText(5);
    r.record.seq = s->ColumnInt(6);
    r.record.kind = ParseRecordKind(s->ColumnText(7)).value_or(RecordKind::kCheckIn);
    r.record.learner_id = s->ColumnText(8);
    r.record.session_id = r.session_id;
    r.record.recorded_at = s->ColumnInt(9);
    r.record.refers_to = s->ColumnText(10);
    r.record.reason = s->ColumnText(11);
    r.record.source = ParseRecordSource(s->ColumnText(12)).value_or(RecordSource::kKeypad);
    r.device_id = s->ColumnText(13);
    r.flags = SplitFlags(s->ColumnText(14));
    r.received_at = s->ColumnInt(15);
    if (!s->ColumnIsNull(16)) r.flags.push_back(s->ColumnText(16) == "void" ? "voided" : "replaced");
    out.push_back(std::move(r));
  }
  return out;
}

Result<std::vector<SessionSummary>> SqliteHubStore::ReportSummary(const std::string& centre_id, TimeMs from,
                                                                  TimeMs to) {
  LK_ASSIGN_OR_RETURN(ReaderLease db, AcquireReader());
  LK_RETURN_IF_ERROR(ReadCentre(*db, centre_id).status());
  LK_ASSIGN_OR_RETURN(auto s, db->Cached(
      "SELECT s.id, s.starts_at, s.course_id, s.course_title_zh, s.course_title_en, s.capacity, s.credit_hours, "
      "s.deleted, "
      "(SELECT COUNT(*) FROM records r WHERE r.centre_id=s.centre_id AND r.session_id=s.id), "
      "(SELECT COUNT(DISTINCT learner_id) FROM attendance a WHERE a.centre_id=s.centre_id AND a.session_id=s.id), "
      "(SELECT COUNT(*) FROM records r WHERE r.centre_id=s.centre_id AND r.session_id=s.id "
      "   AND EXISTS (SELECT 1 FROM records v WHERE v.refers_to=r.id AND v.centre_id=r.centre_id)), "
      "(SELECT COUNT(*) FROM records r WHERE r.centre_id=s.centre_id AND r.session_id=s.id "
      "   AND (',' || r.flags || ',') LIKE '%,over_capacity,%'), "
      "(SELECT COUNT(*) FROM conflicts k JOIN records r ON r.centre_id=k.centre_id AND r.id=k.record_id "
      "   WHERE r.centre_id=s.centre_id AND r.session_id=s.id) "
      "FROM sessions s WHERE s.centre_id=? AND s.starts_at>=? AND s.starts_at<? ORDER BY s.starts_at, s.id"));
  s->Bind(1, centre_id).Bind(2, from).Bind(3, to);
  std::vector<SessionSummary> out;
  while (true) {
    LK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    SessionSummary m;
    m.session_id = s->ColumnText(0);
    m.session_start = s->ColumnInt(1);
    m.course_id = s->ColumnText(2);
    m.course_title = {s->ColumnText(3), s->ColumnText(4)};
    m.capacity = int(s->ColumnInt(5));
    m.credit_hours = s->ColumnDouble(6);
    m.removed = s->ColumnInt(7) != 0;
    m.records = s->ColumnInt(8);
    m.checkins = s->ColumnInt(9);
    m.voided = s->ColumnInt(10);
    m.over_capacity = s->ColumnInt(11);
    m.conflicts = s->ColumnInt(12);
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace lk::hub
