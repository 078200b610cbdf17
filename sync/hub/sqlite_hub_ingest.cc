#include "sync/hub/sqlite_hub_ingest.h"

#include "kiosk/core/record_columns.h"
#include "sync/hub/hub_ingest.h"
#include "sync/hub/settled_checkins.h"
#include "sync/hub/sqlite_change_marks.h"
#include "sync/hub/sqlite_hub_rows.h"
#include "sync/hub/sqlite_reset.h"

namespace lk::hub::sqlite {
namespace {

// IngestStorage on the writer connection, inside the transaction CommitBatches opened, for a batch
// received at `now`.
class WriterIngestStorage : public IngestStorage {
 public:
  WriterIngestStorage(Database& db, TimeMs now) : db_(db), settled_before_(now - kSettledAfter) {}

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
    LK_ASSIGN_OR_RETURN(auto s, db_.Cached("SELECT capacity FROM sessions WHERE centre_id=? AND id=?"));
    s->Bind(1, centre_id).Bind(2, session_id);
    LK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) return std::optional<int64_t>();
    return std::optional<int64_t>(s->ColumnInt(0));
  }

  Result<std::optional<StoredRecord>> FindRecord(const std::string& centre_id,
                                                 const std::string& record_id) override {
    LK_ASSIGN_OR_RETURN(auto s, db_.Cached(
        "SELECT id, seq, kind, learner_id, session_id, recorded_at, IFNULL(refers_to,''), reason, source, "
        "device_id, batch_id, flags FROM records WHERE centre_id=? AND id=?"));
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
    LK_ASSIGN_OR_RETURN(auto s, db_.Cached("SELECT 1 FROM records WHERE refers_to=? AND centre_id=? LIMIT 1"));
    s->Bind(1, record_id).Bind(2, centre_id);
    return s->Step();
  }

  Status InsertRecord(const std::string& centre_id, const std::string& device_id, const std::string& batch_id,
                      const AttendanceRecord& r, const std::vector<std::string>& flags, TimeMs now) override {
    LK_ASSIGN_OR_RETURN(auto s, db_.Cached(
        "INSERT INTO records(id, centre_id, device_id, batch_id, seq, kind, learner_id, session_id, recorded_at, "
        "refers_to, reason, source, flags, received_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
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
    LK_ASSIGN_OR_RETURN(auto s, db_.Cached(
        "SELECT 1 FROM attendance WHERE centre_id=? AND session_id=? AND learner_id=? LIMIT 1"));
    s->Bind(1, centre_id).Bind(2, session_id).Bind(3, learner_id);
    return s->Step();
  }

  Result<int64_t> CountLearners(const std::string& centre_id, const std::string& session_id,
                                int64_t limit) override {
    LK_ASSIGN_OR_RETURN(auto s, db_.Cached(
        "SELECT COUNT(*) FROM (SELECT DISTINCT learner_id FROM attendance WHERE centre_id=? AND session_id=? "
        "LIMIT ?)"));
    s->Bind(1, centre_id).Bind(2, session_id).Bind(3, limit);
    LK_ASSIGN_OR_RETURN(bool row, s->Step());
    return row ? s->ColumnInt(0) : 0;
  }

  // Both keep the session's `checkins` (distinct learners counted) in step with its attendance rows.
  Status AddAttendance(const std::string& centre_id, const std::string& session_id, const std::string& learner_id,
                       const std::string& record_id) override {
    LK_ASSIGN_OR_RETURN(bool was_counted, LearnerCounted(centre_id, session_id, learner_id));
    LK_ASSIGN_OR_RETURN(auto s, db_.Cached(
        "INSERT INTO attendance(centre_id, session_id, learner_id, record_id) VALUES(?,?,?,?)"));
    s->Bind(1, centre_id).Bind(2, session_id).Bind(3, learner_id).Bind(4, record_id);
    LK_RETURN_IF_ERROR(s->Run());
    return was_counted ? Status::Ok() : AddToCount(centre_id, session_id, +1);
  }

  Status RemoveAttendance(const std::string& centre_id, const std::string& session_id,
                          const std::string& learner_id, const std::string& record_id) override {
    LK_ASSIGN_OR_RETURN(auto s, db_.Cached(
        "DELETE FROM attendance WHERE centre_id=? AND session_id=? AND learner_id=? AND record_id=?"));
    s->Bind(1, centre_id).Bind(2, session_id).Bind(3, learner_id).Bind(4, record_id);
    LK_RETURN_IF_ERROR(s->Run());
    if (db_.Changes() == 0) return Status::Ok();
    LK_ASSIGN_OR_RETURN(bool still_counted, LearnerCounted(centre_id, session_id, learner_id));
    return still_counted ? Status::Ok() : AddToCount(centre_id, session_id, -1);
  }

  Status AppendCredit(const std::string& centre_id, const std::string& session_id, const std::string& learner_id,
                      int change, const std::string& record_id, TimeMs now) override {
    LK_ASSIGN_OR_RETURN(auto s, db_.Cached(
        "INSERT INTO credit_journal(centre_id, session_id, learner_id, change, record_id, at) VALUES(?,?,?,?,?,?)"));
    s->Bind(1, centre_id).Bind(2, session_id).Bind(3, learner_id).Bind(4, int64_t(change)).Bind(5, record_id).Bind(6, now);
    return s->Run();
  }

 private:
  // A settled session's count changing bumps the mark (settled_checkins.h).
  Status AddToCount(const std::string& centre_id, const std::string& session_id, int delta) {
    bool settled = false;
    {
      LK_ASSIGN_OR_RETURN(auto s, db_.Cached(
          "UPDATE sessions SET checkins=checkins+? WHERE centre_id=? AND id=? RETURNING starts_at"));
      s->Bind(1, delta).Bind(2, centre_id).Bind(3, session_id);
      LK_ASSIGN_OR_RETURN(bool row, s->Step());
      settled = row && s->ColumnInt(0) < settled_before_;
    }
    return settled ? BumpChangeMark(db_, kSettledCheckinsMark) : Status::Ok();
  }

  Database& db_;
  const TimeMs settled_before_;
};

}  // namespace

void CommitBatches(Database& writer, const std::vector<PendingBatch*>& group) {
  auto txn = writer.Begin(TransactionMode::kImmediate);
  if (!txn.ok()) {
    for (PendingBatch* p : group) p->result = txn.status();
    return;
  }
  for (PendingBatch* p : group) {
    WriterIngestStorage storage(writer, p->now);
    Status opened = writer.Exec("SAVEPOINT batch");
    if (!opened.ok()) {
      p->result = opened;
      continue;
    }
    p->result = IngestBatch(storage, *p->device, *p->batch, p->now);
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
