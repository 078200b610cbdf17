#include "sync/hub/sqlite_hub_ingest.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "kiosk/core/record_columns.h"
#include "sync/hub/flag_list.h"
#include "sync/hub/hub_ingest.h"
#include "sync/hub/settled_checkins.h"
#include "sync/hub/sqlite_change_marks.h"
#include "sync/hub/sqlite_hub_rows.h"
#include "sync/hub/sqlite_reset.h"

namespace lk::hub::sqlite {
namespace {

// The SQL of the statements run once or more per record, each a std::string made once: Database::Cached
// finds a statement by its text, and a literal would be copied into a new string on every call.
const std::string kFindRecordSql =
    "SELECT id, seq, kind, learner_id, session_id, recorded_at, IFNULL(refers_to,''), reason, source, "
    "device_id, batch_id, flags FROM records WHERE centre_id=? AND id=?";
const std::string kIsReferredToSql = "SELECT 1 FROM records WHERE refers_to=? AND centre_id=? LIMIT 1";
const std::string kInsertRecordSql =
    "INSERT INTO records(id, centre_id, device_id, batch_id, seq, kind, learner_id, session_id, recorded_at, "
    "refers_to, reason, source, flags, received_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
const std::string kLearnerCountedSql =
    "SELECT 1 FROM attendance WHERE centre_id=? AND session_id=? AND learner_id=? LIMIT 1";
const std::string kInsertAttendanceSql =
    "INSERT INTO attendance(centre_id, session_id, learner_id, record_id) VALUES(?,?,?,?)";
const std::string kDeleteAttendanceSql =
    "DELETE FROM attendance WHERE centre_id=? AND session_id=? AND learner_id=? AND record_id=?";
const std::string kAppendCreditSql =
    "INSERT INTO credit_journal(centre_id, session_id, learner_id, change, record_id, at) VALUES(?,?,?,?,?,?)";
const std::string kSessionSql = "SELECT capacity, checkins FROM sessions WHERE centre_id=? AND id=?";
const std::string kAddToCountSql =
    "UPDATE sessions SET checkins=checkins+? WHERE centre_id=? AND id=? RETURNING starts_at";

// "?,?,...,?": `n` placeholders.
std::string Placeholders(size_t n) {
  std::string out;
  out.reserve(2 * n);
  for (size_t i = 0; i < n; ++i) out += i ? ",?" : "?";
  return out;
}

using IdSet = std::unordered_set<std::string_view>;

struct PairHash {
  size_t operator()(const std::pair<std::string_view, std::string_view>& p) const noexcept {
    size_t h = std::hash<std::string_view>()(p.first);
    return h ^ (std::hash<std::string_view>()(p.second) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
  }
};
// (session_id, learner_id)
using PairSet = std::unordered_set<std::pair<std::string_view, std::string_view>, PairHash>;

// The ids of `keys` that `sql` (its parameters: the centre, then `keys`) does not return in its first
// column. Views into `keys`' strings.
Result<IdSet> Unreturned(Database& db, const std::string& sql, const std::string& centre_id,
                         const std::vector<std::string_view>& keys) {
  IdSet missing(keys.begin(), keys.end());
  if (keys.empty()) return missing;
  LK_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
  s.Bind(1, centre_id);
  for (size_t i = 0; i < keys.size(); ++i) s.Bind(int(i) + 2, keys[i]);
  for (;;) {
    LK_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    missing.erase(s.ColumnText(0));
  }
  return missing;
}

std::vector<std::string_view> SortedUnique(std::vector<std::string_view> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

// IngestStorage on the writer connection, inside the transaction CommitBatches opened, for one batch of a
// device of `centre_id` received at `now`.
//
// Prefetch reads, in one statement each, which of the batch's record ids and the ids they refer to the
// centre has stored, which of the batch's ids a stored record refers to, and which of the batch's
// (session, learner) pairs already count. A key Prefetch found absent is answered "absent" without a
// query until this storage writes it; every other key is looked up as it comes. That is exact because
// nothing else writes while the transaction is open (CommitBatches runs under the store's write lock,
// in an IMMEDIATE transaction). A session's row is read once per batch; the changes to its count of
// learners are added up and written by Finish, one UPDATE per session, before the batch's savepoint
// is released.
class WriterIngestStorage : public IngestStorage {
 public:
  WriterIngestStorage(Database& db, std::string centre_id, TimeMs now)
      : db_(db), centre_(std::move(centre_id)), settled_before_(now - kSettledAfter) {}

  // Must be called before IngestBatch, with the batch it is given; `batch` must outlive this storage.
  Status Prefetch(const sync::ParsedBatch& batch) {
    std::vector<std::string_view> ids, lookups;
    std::vector<std::pair<std::string_view, std::string_view>> pairs;
    for (const auto& parsed : batch.records) {
      if (!parsed.record) continue;
      const AttendanceRecord& r = *parsed.record;
      ids.push_back(r.id);
      lookups.push_back(r.id);
      if (!r.refers_to.empty()) lookups.push_back(r.refers_to);
      pairs.emplace_back(r.session_id, r.learner_id);
    }
    ids = SortedUnique(std::move(ids));
    lookups = SortedUnique(std::move(lookups));
    LK_ASSIGN_OR_RETURN(absent_ids_, Unreturned(db_, "SELECT id FROM records WHERE centre_id=? AND id IN (" +
                                                         Placeholders(lookups.size()) + ")",
                                                centre_, lookups));
    LK_ASSIGN_OR_RETURN(unreferred_ids_,
                        Unreturned(db_, "SELECT refers_to FROM records WHERE centre_id=? AND refers_to IN (" +
                                            Placeholders(ids.size()) + ")",
                                   centre_, ids));
    uncounted_pairs_ = PairSet(pairs.begin(), pairs.end());
    if (pairs.empty()) return Status::Ok();
    std::string values;
    values.reserve(6 * uncounted_pairs_.size());
    for (size_t i = 0; i < uncounted_pairs_.size(); ++i) values += i ? ",(?,?)" : "(?,?)";
    // CROSS JOIN keeps the pairs as the outer loop: each is one search of attendance's primary key.
    LK_ASSIGN_OR_RETURN(Statement s, db_.Prepare(
        "WITH p(s, l) AS (VALUES " + values + ") SELECT a.session_id, a.learner_id FROM p CROSS JOIN attendance a "
        "ON a.centre_id=? AND a.session_id=p.s AND a.learner_id=p.l"));
    int n = 0;
    for (const auto& [session, learner] : uncounted_pairs_) {
      s.Bind(++n, session);
      s.Bind(++n, learner);
    }
    s.Bind(n + 1, centre_);
    for (;;) {
      LK_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      std::string session = s.ColumnText(0), learner = s.ColumnText(1);
      uncounted_pairs_.erase({session, learner});
    }
    return Status::Ok();
  }

  // Writes each session's count change; a settled session's change bumps the mark (settled_checkins.h).
  Status Finish() {
    bool settled = false;
    for (const auto& [session_id, row] : sessions_) {
      if (row.delta == 0) continue;
      LK_ASSIGN_OR_RETURN(auto s, db_.Cached(kAddToCountSql));
      s->Bind(1, row.delta).Bind(2, centre_).Bind(3, session_id);
      LK_ASSIGN_OR_RETURN(bool found, s->Step());
      if (found && s->ColumnInt(0) < settled_before_) settled = true;
    }
    sessions_.clear();
    return settled ? BumpChangeMark(db_, kSettledCheckinsMark) : Status::Ok();
  }

  Result<bool> BatchSeen(const std::string& device_id, const std::string& batch_id) override {
    LK_ASSIGN_OR_RETURN(auto s, db_.Cached("SELECT 1 FROM batches WHERE device_id=? AND batch_id=?"));
    s->Bind(1, device_id).Bind(2, batch_id);
    return s->Step();
  }

  Status RememberBatch(const std::string& device_id, const std::string& batch_id, TimeMs now,
                       int64_t records) override {
    LK_ASSIGN_OR_RETURN(auto s, db_.Cached(
        "INSERT INTO batches(device_id, batch_id, received_at, records) VALUES(?,?,?,?)"));
    s->Bind(1, device_id).Bind(2, batch_id).Bind(3, now).Bind(4, records);
    return s->Run();
  }

  Status TouchDevice(const std::string& device_id, TimeMs now) override {
    LK_ASSIGN_OR_RETURN(auto s, db_.Cached("UPDATE devices SET last_seen_at=? WHERE id=?"));
    s->Bind(1, now).Bind(2, device_id);
    return s->Run();
  }

  Result<std::optional<int64_t>> SessionCapacity(const std::string& centre_id,
                                                 const std::string& session_id) override {
    LK_ASSIGN_OR_RETURN(const SessionRow* row, Session(centre_id, session_id));
    if (!row->exists) return std::optional<int64_t>();
    return std::optional<int64_t>(row->capacity);
  }

  Result<std::optional<StoredRecord>> FindRecord(const std::string& centre_id,
                                                 const std::string& record_id) override {
    if (centre_id == centre_ && absent_ids_.count(record_id)) return std::optional<StoredRecord>();
    LK_ASSIGN_OR_RETURN(auto s, db_.Cached(kFindRecordSql));
    s->Bind(1, centre_id).Bind(2, record_id);
    LK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) return std::optional<StoredRecord>();
    StoredRecord stored;
    stored.record = ReadRecordColumns(*s, 0);
    stored.device_id = s->ColumnText(kRecordColumnCount);
    stored.batch_id = s->ColumnText(kRecordColumnCount + 1);
    stored.flags = SplitFlags(s->ColumnText(kRecordColumnCount + 2));
    return std::optional<StoredRecord>(std::move(stored));
  }

  Result<bool> IsReferredTo(const std::string& centre_id, const std::string& record_id) override {
    if (centre_id == centre_ && unreferred_ids_.count(record_id)) return false;
    LK_ASSIGN_OR_RETURN(auto s, db_.Cached(kIsReferredToSql));
    s->Bind(1, record_id).Bind(2, centre_id);
    return s->Step();
  }

  Status InsertRecord(const std::string& centre_id, const std::string& device_id, const std::string& batch_id,
                      const AttendanceRecord& r, const std::vector<std::string>& flags, TimeMs now) override {
    if (centre_id == centre_) {
      absent_ids_.erase(r.id);
      if (!r.refers_to.empty()) unreferred_ids_.erase(r.refers_to);
    }
    LK_ASSIGN_OR_RETURN(auto s, db_.Cached(kInsertRecordSql));
    s->Bind(1, r.id).Bind(2, centre_id).Bind(3, device_id).Bind(4, batch_id).Bind(5, r.seq)
        .Bind(6, RecordKindName(r.kind)).Bind(7, r.learner_id).Bind(8, r.session_id).Bind(9, r.recorded_at)
        .BindOptional(10, r.refers_to).Bind(11, r.reason).Bind(12, RecordSourceName(r.source))
        .Bind(13, JoinFlags(flags)).Bind(14, now);
    return s->Run();
  }

  Status KeepConflict(const std::string& centre_id, const std::string& record_id, const std::string& device_id,
                      const std::string& batch_id, const std::string& content, TimeMs now) override {
    {
      LK_ASSIGN_OR_RETURN(auto known, db_.Cached(
          "SELECT 1 FROM conflicts WHERE record_id=? AND device_id=? AND batch_id=? AND content=?"));
      known->Bind(1, record_id).Bind(2, device_id).Bind(3, batch_id).Bind(4, content);
      LK_ASSIGN_OR_RETURN(bool already, known->Step());
      if (already) return Status::Ok();
    }
    LK_ASSIGN_OR_RETURN(auto add, db_.Cached(
        "INSERT INTO conflicts(record_id, centre_id, device_id, batch_id, content, received_at) "
        "VALUES(?,?,?,?,?,?)"));
    add->Bind(1, record_id).Bind(2, centre_id).Bind(3, device_id).Bind(4, batch_id).Bind(5, content).Bind(6, now);
    return add->Run();
  }

  Result<bool> LearnerCounted(const std::string& centre_id, const std::string& session_id,
                              const std::string& learner_id) override {
    if (centre_id == centre_ && uncounted_pairs_.count({session_id, learner_id})) return false;
    LK_ASSIGN_OR_RETURN(auto s, db_.Cached(kLearnerCountedSql));
    s->Bind(1, centre_id).Bind(2, session_id).Bind(3, learner_id);
    return s->Step();
  }

  // The session's count (sessions.checkins, kept by the two below) instead of counting its attendance.
  Result<int64_t> CountLearners(const std::string& centre_id, const std::string& session_id,
                                int64_t limit) override {
    LK_ASSIGN_OR_RETURN(const SessionRow* row, Session(centre_id, session_id));
    return std::min(row->checkins + row->delta, limit);
  }

  // Both keep the session's `checkins` (distinct learners counted) in step with its attendance rows.
  Status AddAttendance(const std::string& centre_id, const std::string& session_id, const std::string& learner_id,
                       const std::string& record_id) override {
    LK_ASSIGN_OR_RETURN(bool was_counted, LearnerCounted(centre_id, session_id, learner_id));
    LK_ASSIGN_OR_RETURN(auto s, db_.Cached(kInsertAttendanceSql));
    s->Bind(1, centre_id).Bind(2, session_id).Bind(3, learner_id).Bind(4, record_id);
    LK_RETURN_IF_ERROR(s->Run());
    if (centre_id == centre_) uncounted_pairs_.erase({session_id, learner_id});
    return was_counted ? Status::Ok() : AddToCount(centre_id, session_id, +1);
  }

  Status RemoveAttendance(const std::string& centre_id, const std::string& session_id,
                          const std::string& learner_id, const std::string& record_id) override {
    LK_ASSIGN_OR_RETURN(auto s, db_.Cached(kDeleteAttendanceSql));
    s->Bind(1, centre_id).Bind(2, session_id).Bind(3, learner_id).Bind(4, record_id);
    LK_RETURN_IF_ERROR(s->Run());
    if (db_.Changes() == 0) return Status::Ok();
    LK_ASSIGN_OR_RETURN(bool still_counted, LearnerCounted(centre_id, session_id, learner_id));
    return still_counted ? Status::Ok() : AddToCount(centre_id, session_id, -1);
  }

  Status AppendCredit(const std::string& centre_id, const std::string& session_id, const std::string& learner_id,
                      int change, const std::string& record_id, TimeMs now) override {
    LK_ASSIGN_OR_RETURN(auto s, db_.Cached(kAppendCreditSql));
    s->Bind(1, centre_id).Bind(2, session_id).Bind(3, learner_id).Bind(4, int64_t(change)).Bind(5, record_id).Bind(6, now);
    return s->Run();
  }

 private:
  struct SessionRow {
    bool exists = false;
    int64_t capacity = 0;
    int64_t checkins = 0;  // as stored
    int64_t delta = 0;     // the change Finish writes
  };

  // The session's row, read once per batch. Only the batch's own centre is kept.
  Result<SessionRow*> Session(const std::string& centre_id, const std::string& session_id) {
    if (centre_id != centre_) return Status::Internal("ingest storage of centre " + centre_ + " asked for " + centre_id);
    auto [it, added] = sessions_.try_emplace(session_id);
    if (added) {
      LK_ASSIGN_OR_RETURN(auto s, db_.Cached(kSessionSql));
      s->Bind(1, centre_id).Bind(2, session_id);
      auto row = s->Step();
      if (!row.ok()) {
        sessions_.erase(it);
        return row.status();
      }
      if (*row) it->second = SessionRow{true, s->ColumnInt(0), s->ColumnInt(1), 0};
    }
    return &it->second;
  }

  Status AddToCount(const std::string& centre_id, const std::string& session_id, int delta) {
    LK_ASSIGN_OR_RETURN(SessionRow* row, Session(centre_id, session_id));
    row->delta += delta;
    return Status::Ok();
  }

  Database& db_;
  const std::string centre_;
  const TimeMs settled_before_;
  IdSet absent_ids_;       // looked-up ids the centre has no record of
  IdSet unreferred_ids_;   // the batch's ids no record of the centre refers to
  PairSet uncounted_pairs_;  // the batch's (session, learner) pairs with no attendance entry
  std::unordered_map<std::string, SessionRow> sessions_;
};

}  // namespace

void CommitBatches(Database& writer, const std::vector<PendingBatch*>& group) {
  auto txn = writer.Begin(TransactionMode::kImmediate);
  if (!txn.ok()) {
    for (PendingBatch* p : group) p->result = txn.status();
    return;
  }
  for (PendingBatch* p : group) {
    Status opened = writer.Exec("SAVEPOINT batch");
    if (!opened.ok()) {
      p->result = opened;
      continue;
    }
    WriterIngestStorage storage(writer, p->device->centre_id, p->now);
    Status prefetched = storage.Prefetch(*p->batch);
    if (prefetched.ok()) {
      p->result = IngestBatch(storage, *p->device, *p->batch, p->now);
      if (p->result.ok()) {
        Status finished = storage.Finish();
        if (!finished.ok()) p->result = finished;
      }
    } else {
      p->result = prefetched;
    }
    ResetStatements(writer);
    if (!p->result.ok()) writer.Exec("ROLLBACK TO batch").IgnoreError();
    writer.Exec("RELEASE batch").IgnoreError();
  }
  Status committed = ResetAndCommit(writer, *txn);
  if (!committed.ok()) {
    for (PendingBatch* p : group) p->result = committed;  // rolled back: nothing was stored
  }
}

}  // namespace lk::hub::sqlite
