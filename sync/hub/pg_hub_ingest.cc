#include "sync/hub/pg_hub_ingest.h"

#include "sync/hub/buffered_ingest.h"
#include "sync/hub/flag_list.h"
#include "sync/hub/hub_ingest.h"
#include "sync/hub/pg_hub_rows.h"
#include "sync/hub/settled_checkins.h"
#include "sync/hub/pg_hub_schema.h"
#include "sync/hub/pg_transaction.h"

namespace lk::hub::pg {
namespace {

Result<IngestSnapshot> ReadSnapshot(Connection& conn, const DeviceIdentity& device, const sync::ParsedBatch& batch) {
  const std::string& centre = device.centre_id;
  IngestKeys keys = KeysOf(batch);
  IngestSnapshot s;
  {
    LK_ASSIGN_OR_RETURN(Rows rows, conn.Query("SELECT 1 FROM batches WHERE device_id=$1 AND batch_id=$2",
                                              Params().Add(device.device_id).Add(batch.batch_id)));
    s.batch_seen = !rows.empty();
  }
  if (s.batch_seen) {
    LK_ASSIGN_OR_RETURN(Rows rows, conn.Query("SELECT record_id, content FROM conflicts WHERE device_id=$1 AND batch_id=$2",
                                              Params().Add(device.device_id).Add(batch.batch_id)));
    for (int i = 0; i < rows.size(); ++i) s.batch_conflicts.emplace(rows.Text(i, 0), rows.Text(i, 1));
  }
  if (keys.record_ids.empty()) return s;  // every record was refused by the parser
  {
    LK_ASSIGN_OR_RETURN(Rows rows, conn.Query(std::string("SELECT ") + kStoredRecordColumns +
                                                  " FROM records WHERE centre_id=$1 AND id=ANY($2::text[])",
                                              Params().Add(centre).AddArray(keys.lookup_ids)));
    for (int i = 0; i < rows.size(); ++i) {
      StoredRecord stored = ReadStoredRecord(rows, i, 0);
      std::string id = stored.record.id;
      s.records.emplace(std::move(id), std::move(stored));
    }
  }
  {
    LK_ASSIGN_OR_RETURN(Rows rows, conn.Query(
        "SELECT DISTINCT refers_to FROM records WHERE centre_id=$1 AND refers_to=ANY($2::text[])",
        Params().Add(centre).AddArray(keys.record_ids)));
    for (int i = 0; i < rows.size(); ++i) s.referred_to.insert(rows.Text(i, 0));
  }
  {
    // The batch's sessions and those of the stored records it voids or corrects: the counts of both
    // may change.
    std::vector<std::string> sessions = keys.session_ids;
    for (const auto& [id, stored] : s.records) sessions.push_back(stored.record.session_id);
    LK_ASSIGN_OR_RETURN(Rows rows, conn.Query(
        "SELECT id, capacity, checkins FROM sessions WHERE centre_id=$1 AND id=ANY($2::text[])",
        Params().Add(centre).AddArray(sessions)));
    for (int i = 0; i < rows.size(); ++i) {
      s.capacity[rows.Text(i, 0)] = rows.Int(i, 1);
      s.learners[rows.Text(i, 0)] = rows.Int(i, 2);
    }
  }
  {
    std::vector<std::string> sessions, learners;
    for (const auto& [session, learner] : PairsOf(batch, s.records)) {
      sessions.push_back(session);
      learners.push_back(learner);
    }
    LK_ASSIGN_OR_RETURN(Rows rows, conn.Query(
        "SELECT a.session_id, a.learner_id, a.record_id FROM attendance a "
        "JOIN unnest($2::text[], $3::text[]) AS p(s, l) ON a.session_id=p.s AND a.learner_id=p.l "
        "WHERE a.centre_id=$1",
        Params().Add(centre).AddArray(sessions).AddArray(learners)));
    for (int i = 0; i < rows.size(); ++i) s.attendance.emplace(rows.Text(i, 0), rows.Text(i, 1), rows.Text(i, 2));
  }
  return s;
}

Status InsertRecords(Connection& conn, const DeviceIdentity& device, const std::string& batch_id,
                     const std::vector<NewRecord>& records, TimeMs now) {
  if (records.empty()) return Status::Ok();
  std::vector<std::string> ids, kinds, learners, sessions, refers_to, reasons, sources, flags;
  std::vector<int64_t> seqs, recorded_at;
  for (const auto& [r, f] : records) {
    ids.push_back(r.id);
    seqs.push_back(r.seq);
    kinds.push_back(RecordKindName(r.kind));
    learners.push_back(r.learner_id);
    sessions.push_back(r.session_id);
    recorded_at.push_back(r.recorded_at);
    refers_to.push_back(r.refers_to);
    reasons.push_back(r.reason);
    sources.push_back(RecordSourceName(r.source));
    flags.push_back(JoinFlags(f));
  }
  LK_ASSIGN_OR_RETURN(Rows inserted, conn.Query(
      "INSERT INTO records(centre_id, device_id, batch_id, received_at, id, seq, kind, learner_id, session_id, "
      "recorded_at, refers_to, reason, source, flags) "
      "SELECT $1, $2, $3, $4, t.id, t.seq, t.kind, t.learner, t.session, t.recorded_at, NULLIF(t.refers_to, ''), "
      "t.reason, t.source, t.flags FROM unnest($5::text[], $6::bigint[], $7::text[], $8::text[], $9::text[], "
      "$10::bigint[], $11::text[], $12::text[], $13::text[], $14::text[]) "
      "AS t(id, seq, kind, learner, session, recorded_at, refers_to, reason, source, flags) "
      "ON CONFLICT DO NOTHING",
      Params().Add(device.centre_id).Add(device.device_id).Add(batch_id).Add(now).AddArray(ids).AddArray(seqs)
          .AddArray(kinds).AddArray(learners).AddArray(sessions).AddArray(recorded_at).AddArray(refers_to)
          .AddArray(reasons).AddArray(sources).AddArray(flags)));
  // The centre's lock is held: a record id that appeared since the snapshot means the lock did not hold.
  if (inserted.affected() != int64_t(records.size())) {
    return Status::Unavailable("records of centre " + device.centre_id + " changed during the batch; retry");
  }
  return Status::Ok();
}

Status WriteAttendance(Connection& conn, const std::string& centre, const std::vector<AttendanceEntry>& entries,
                       bool add) {
  if (entries.empty()) return Status::Ok();
  std::vector<std::string> sessions, learners, records;
  for (const auto& [s, l, r] : entries) {
    sessions.push_back(s);
    learners.push_back(l);
    records.push_back(r);
  }
  Params params;
  params.Add(centre).AddArray(sessions).AddArray(learners).AddArray(records);
  if (add) {
    return conn.Query("INSERT INTO attendance(centre_id, session_id, learner_id, record_id) "
                      "SELECT $1, s, l, r FROM unnest($2::text[], $3::text[], $4::text[]) AS t(s, l, r) "
                      "ON CONFLICT DO NOTHING", params).status();
  }
  return conn.Query("DELETE FROM attendance a USING unnest($2::text[], $3::text[], $4::text[]) AS t(s, l, r) "
                    "WHERE a.centre_id=$1 AND a.session_id=t.s AND a.learner_id=t.l AND a.record_id=t.r",
                    params).status();
}

// A settled session's count changing bumps the mark (settled_checkins.h), in the same statement.
Status WriteSessionCheckins(Connection& conn, const std::string& centre,
                            const std::map<std::string, int64_t>& checkins, TimeMs now) {
  if (checkins.empty()) return Status::Ok();
  std::vector<std::string> sessions;
  std::vector<int64_t> counts;
  for (const auto& [session, count] : checkins) {
    sessions.push_back(session);
    counts.push_back(count);
  }
  return conn.Query("WITH changed AS (UPDATE sessions s SET checkins=t.n "
                    "FROM unnest($2::text[], $3::bigint[]) AS t(id, n) WHERE s.centre_id=$1 AND s.id=t.id "
                    "RETURNING s.starts_at) "
                    "UPDATE change_marks SET version=version+1 "
                    "WHERE name=$4 AND EXISTS(SELECT 1 FROM changed WHERE starts_at<$5)",
                    Params().Add(centre).AddArray(sessions).AddArray(counts).Add(kSettledCheckinsMark)
                        .Add(now - kSettledAfter)).status();
}

Status Flush(Connection& conn, const DeviceIdentity& device, const std::string& batch_id, const IngestWrites& w,
             TimeMs now) {
  LK_RETURN_IF_ERROR(InsertRecords(conn, device, batch_id, w.records, now));
  LK_RETURN_IF_ERROR(WriteAttendance(conn, device.centre_id, w.attendance_removed, /*add=*/false));
  LK_RETURN_IF_ERROR(WriteAttendance(conn, device.centre_id, w.attendance_added, /*add=*/true));
  LK_RETURN_IF_ERROR(WriteSessionCheckins(conn, device.centre_id, w.session_checkins, now));
  if (!w.credits.empty()) {
    std::vector<std::string> sessions, learners, records;
    std::vector<int64_t> changes;
    for (const auto& c : w.credits) {
      sessions.push_back(c.session_id);
      learners.push_back(c.learner_id);
      changes.push_back(c.change);
      records.push_back(c.record_id);
    }
    // In ingest's order (the sequence numbers follow it); txid_current() is the default of txid.
    LK_RETURN_IF_ERROR(conn.Query(
        "INSERT INTO credit_journal(centre_id, session_id, learner_id, change, record_id, at) "
        "SELECT $1, s, l, c, r, $2 FROM unnest($3::text[], $4::text[], $5::bigint[], $6::text[]) "
        "WITH ORDINALITY AS t(s, l, c, r, n) ORDER BY n",
        Params().Add(device.centre_id).Add(now).AddArray(sessions).AddArray(learners).AddArray(changes)
            .AddArray(records)).status());
  }
  if (!w.conflicts.empty()) {
    std::vector<std::string> ids, contents;
    for (const auto& c : w.conflicts) {
      ids.push_back(c.record_id);
      contents.push_back(c.content);
    }
    LK_RETURN_IF_ERROR(conn.Query(
        "INSERT INTO conflicts(record_id, centre_id, device_id, batch_id, content, received_at) "
        "SELECT r, $2, $3, $4, c, $5 FROM unnest($1::text[], $6::text[]) AS t(r, c)",
        Params().AddArray(ids).Add(device.centre_id).Add(device.device_id).Add(batch_id).Add(now)
            .AddArray(contents)).status());
  }
  if (w.remember_batch) {
    LK_RETURN_IF_ERROR(conn.Query(
        "INSERT INTO batches(device_id, batch_id, received_at, records) VALUES($1, $2, $3, $4)",
        Params().Add(device.device_id).Add(batch_id).Add(now).Add(w.batch_records)).status());
  }
  if (w.touch_device) {
    LK_RETURN_IF_ERROR(conn.Query("UPDATE devices SET last_seen_at=$1 WHERE id=$2",
                                  Params().Add(now).Add(device.device_id)).status());
  }
  return Status::Ok();
}

}  // namespace

Result<sync::BatchResponse> PushBatch(Connection& conn, const DeviceIdentity& device, const sync::ParsedBatch& batch,
                                      TimeMs now) {
  LK_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(conn));
  LK_RETURN_IF_ERROR(conn.Query("SELECT pg_advisory_xact_lock($1, hashtext($2))",
                                Params().Add(kCentreLock).Add(device.centre_id)).status());
  LK_ASSIGN_OR_RETURN(IngestSnapshot snapshot, ReadSnapshot(conn, device, batch));
  BufferedIngestStorage storage(std::move(snapshot));
  LK_ASSIGN_OR_RETURN(sync::BatchResponse response, IngestBatch(storage, device, batch, now));
  LK_RETURN_IF_ERROR(Flush(conn, device, batch.batch_id, storage.TakeWrites(), now));
  LK_RETURN_IF_ERROR(txn.Commit());
  return response;
}

}  // namespace lk::hub::pg
