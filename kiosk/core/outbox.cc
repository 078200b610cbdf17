#include "kiosk/core/outbox.h"

#include "kiosk/core/record_columns.h"

namespace lk {
namespace {

constexpr const char* kRecordColumns =
    "a.id, a.seq, a.kind, a.learner_id, a.session_id, a.recorded_at, a.refers_to, a.reason, a.source";

}  // namespace

Result<OutboxStats> Outbox::Stats() {
  LK_ASSIGN_OR_RETURN(auto s, db_.Cached(
      "SELECT COALESCE(SUM(o.state IN ('pending', 'in_flight')), 0), COALESCE(SUM(o.state = 'in_flight'), 0), "
      "COALESCE(SUM(o.state = 'set_aside'), 0), COALESCE(SUM(o.state = 'acked'), 0), "
      "COALESCE(MIN(CASE WHEN o.state IN ('pending', 'in_flight') THEN a.recorded_at END), 0) "
      "FROM outbox o JOIN attendance a ON a.id = o.record_id"));
  LK_ASSIGN_OR_RETURN(bool row, s->Step());
  OutboxStats stats;
  if (row) {
    stats.pending = s->ColumnInt(0);
    stats.in_flight = s->ColumnInt(1);
    stats.set_aside = s->ColumnInt(2);
    stats.acked = s->ColumnInt(3);
    stats.oldest_pending_at = s->ColumnInt(4);
  }
  return stats;
}

Result<OutboxDepth> Outbox::Depth() {
  OutboxDepth depth;
  LK_ASSIGN_OR_RETURN(Transaction txn, db_.Begin(TransactionMode::kDeferred));  // one snapshot
  {
    LK_ASSIGN_OR_RETURN(auto s, db_.Cached(
        "SELECT (SELECT COUNT(*) FROM outbox WHERE state = 'pending') + "
        "(SELECT COUNT(*) FROM outbox WHERE state = 'in_flight')"));
    LK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (row) depth.pending = s->ColumnInt(0);
  }
  if (depth.pending > 0) {
    // Both index scans stop at their first row; recorded_at is a column of the joined record.
    LK_ASSIGN_OR_RETURN(auto s, db_.Cached(
        "SELECT MIN(t) FROM ("
        "SELECT (SELECT a.recorded_at FROM attendance a WHERE a.id = o.record_id) AS t FROM outbox o "
        "WHERE o.state = 'pending' ORDER BY o.record_id LIMIT 1) "
        "UNION ALL SELECT MIN(t) FROM ("
        "SELECT (SELECT a.recorded_at FROM attendance a WHERE a.id = o.record_id) AS t FROM outbox o "
        "WHERE o.state = 'in_flight' ORDER BY o.record_id LIMIT 1)"));
    while (true) {
      LK_ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      if (s->ColumnIsNull(0)) continue;
      TimeMs t = s->ColumnInt(0);
      if (depth.oldest_pending_at == 0 || t < depth.oldest_pending_at) depth.oldest_pending_at = t;
    }
  }
  LK_RETURN_IF_ERROR(txn.Commit());
  return depth;
}

Result<std::optional<OutboxBatch>> Outbox::LoadBatch(const std::string& batch_id) {
  LK_ASSIGN_OR_RETURN(auto s, db_.Cached(
      std::string("SELECT ") + kRecordColumns + " FROM outbox o JOIN attendance a ON a.id = o.record_id "
      "WHERE o.batch_id = ? AND o.state = 'in_flight' ORDER BY a.seq"));
  s->Bind(1, batch_id);
  OutboxBatch batch;
  batch.batch_id = batch_id;
  while (true) {
    LK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    batch.records.push_back(ReadRecordColumns(*s));
  }
  if (batch.records.empty()) return std::optional<OutboxBatch>();
  return std::optional<OutboxBatch>(std::move(batch));
}

Result<std::optional<OutboxBatch>> Outbox::ClaimBatch(size_t max_records, const std::string& new_batch_id,
                                                      TimeMs now, const std::set<std::string>& exclude) {
  LK_ASSIGN_OR_RETURN(Transaction txn, db_.Begin(TransactionMode::kImmediate));
  {
    // A batch still in flight goes first, unchanged: same id, same records (oldest batch first).
    std::string batch_id;
    {
      LK_ASSIGN_OR_RETURN(auto s, db_.Cached(
          "SELECT batch_id FROM outbox WHERE state = 'in_flight' ORDER BY record_id"));
      while (true) {
        LK_ASSIGN_OR_RETURN(bool row, s->Step());
        if (!row) break;
        std::string id = s->ColumnText(0);
        if (!exclude.count(id)) {
          batch_id = std::move(id);
          break;
        }
      }
    }
    if (!batch_id.empty()) {
      LK_ASSIGN_OR_RETURN(std::optional<OutboxBatch> batch, LoadBatch(batch_id));
      LK_RETURN_IF_ERROR(txn.Commit());
      if (batch) batch->resend = true;
      return batch;
    }
  }
  // record_id is a UUIDv7 made from the record's time: the state index yields pending records oldest
  // first without sorting the whole queue.
  LK_ASSIGN_OR_RETURN(auto claim, db_.Cached(
      "UPDATE outbox SET state = 'in_flight', batch_id = ?, changed_at = ? WHERE record_id IN ("
      "SELECT record_id FROM outbox WHERE state = 'pending' ORDER BY record_id LIMIT ?)"));
  LK_RETURN_IF_ERROR(claim->Bind(1, new_batch_id).Bind(2, now).Bind(3, int64_t(max_records)).Run());
  if (db_.Changes() == 0) {
    LK_RETURN_IF_ERROR(txn.Commit());
    return std::optional<OutboxBatch>();
  }
  LK_ASSIGN_OR_RETURN(std::optional<OutboxBatch> batch, LoadBatch(new_batch_id));
  LK_RETURN_IF_ERROR(txn.Commit());
  return batch;
}

Result<int64_t> Outbox::Resolve(const std::string& batch_id, const std::vector<OutboxResult>& results, TimeMs now) {
  LK_ASSIGN_OR_RETURN(Transaction txn, db_.Begin(TransactionMode::kImmediate));
  LK_ASSIGN_OR_RETURN(auto s, db_.Cached(
      "UPDATE outbox SET state = ?, hub_result = ?, reason = ?, changed_at = ? "
      "WHERE record_id = ? AND batch_id = ? AND state = 'in_flight'"));
  int64_t changed = 0;
  for (const auto& r : results) {
    const char* state = r.resolution == OutboxResolution::kAcked ? "acked" : "set_aside";
    LK_RETURN_IF_ERROR(s->Bind(1, state).Bind(2, r.hub_result).Bind(3, r.reason).Bind(4, now).Bind(5, r.record_id)
                           .Bind(6, batch_id).Run());
    changed += db_.Changes();
  }
  LK_RETURN_IF_ERROR(txn.Commit());
  return changed;
}

Result<int64_t> Outbox::Release(const std::string& batch_id, TimeMs now) {
  LK_ASSIGN_OR_RETURN(auto s, db_.Cached(
      "UPDATE outbox SET state = 'pending', batch_id = NULL, changed_at = ? WHERE batch_id = ? AND state = 'in_flight'"));
  LK_RETURN_IF_ERROR(s->Bind(1, now).Bind(2, batch_id).Run());
  return int64_t(db_.Changes());
}

Result<std::vector<SetAsideEntry>> Outbox::SetAside(int limit) {
  LK_ASSIGN_OR_RETURN(auto s, db_.Cached(
      std::string("SELECT ") + kRecordColumns + ", o.hub_result, o.reason, o.changed_at "
      "FROM outbox o JOIN attendance a ON a.id = o.record_id WHERE o.state = 'set_aside' "
      "ORDER BY o.changed_at DESC, a.seq DESC LIMIT ?"));
  s->Bind(1, limit);
  std::vector<SetAsideEntry> entries;
  while (true) {
    LK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    entries.push_back({ReadRecordColumns(*s), s->ColumnText(9), s->ColumnText(10), s->ColumnInt(11)});
  }
  return entries;
}

Result<int64_t> Outbox::PruneAcked(TimeMs cutoff) {
  // A record another record refers to (a void's or correction's target) goes only after the referrer:
  // each pass deletes the prunable records nobody refers to, until a pass deletes nothing. Deletion
  // cascades to the outbox rows. Chunks keep the write lock short for the check-in path.
  int64_t total = 0;
  LK_RETURN_IF_ERROR(db_.Exec("CREATE TEMP TABLE IF NOT EXISTS prune_referenced(id TEXT PRIMARY KEY)"));
  while (true) {
    LK_RETURN_IF_ERROR(db_.Exec(
        "DELETE FROM prune_referenced; INSERT OR IGNORE INTO prune_referenced "
        "SELECT refers_to FROM attendance WHERE refers_to IS NOT NULL"));
    int64_t pass = 0;
    while (true) {
      LK_ASSIGN_OR_RETURN(auto s, db_.Cached(
          "DELETE FROM attendance WHERE id IN (SELECT o.record_id FROM outbox o JOIN attendance a ON a.id = o.record_id "
          "WHERE o.state = 'acked' AND a.recorded_at < ? AND o.record_id NOT IN (SELECT id FROM prune_referenced) "
          "LIMIT 2000)"));
      LK_RETURN_IF_ERROR(s->Bind(1, cutoff).Run());
      int changed = db_.Changes();
      pass += changed;
      if (changed == 0) break;
    }
    total += pass;
    if (pass == 0) break;
  }
  return total;
}

}  // namespace lk
