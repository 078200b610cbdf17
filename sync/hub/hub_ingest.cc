#include "sync/hub/hub_ingest.h"

#include <utility>

namespace lk::hub {
namespace {

sync::RecordResult Rejected(const std::string& id, std::string reason, std::string message) {
  sync::RecordResult result;
  result.id = id;
  result.outcome = sync::RecordOutcome::kRejected;
  result.reason = std::move(reason);
  result.message = std::move(message);
  return result;
}

// The answer to a record whose id the centre has stored before, decided from what is stored: duplicate
// or, for a resend of the batch that first committed it, accepted (with the stored flags); conflict when
// the content differs.
sync::RecordResult KnownIdResult(const StoredRecord& stored, const AttendanceRecord& incoming,
                                 const std::string& device_id, const std::string& batch_id) {
  sync::RecordResult result;
  result.id = incoming.id;
  if (sync::SameRecordContent(stored.record, incoming)) {
    // A resend of the batch that first committed it gets the first answer back.
    bool same_send = stored.device_id == device_id && stored.batch_id == batch_id;
    result.outcome = same_send ? sync::RecordOutcome::kAccepted : sync::RecordOutcome::kDuplicate;
    result.flags = stored.flags;
    return result;
  }
  result.outcome = sync::RecordOutcome::kConflict;
  result.message = "a different record with this id was received before; this copy is kept for review";
  return result;
}

// Same id seen before in this centre: never overwrite. (Records are keyed by centre and id: another
// centre's record with this id is another record, so nobody can take or spoil an id of a centre that is
// not theirs.)
Result<sync::RecordResult> AnswerKnownId(IngestStorage& storage, const DeviceIdentity& device,
                                         const std::string& batch_id, const StoredRecord& stored,
                                         const AttendanceRecord& r, TimeMs now) {
  sync::RecordResult result = KnownIdResult(stored, r, device.device_id, batch_id);
  if (result.outcome == sync::RecordOutcome::kConflict) {
    LK_RETURN_IF_ERROR(
        storage.KeepConflict(device.centre_id, r.id, device.device_id, batch_id, sync::RecordToJson(r).dump(), now));
  }
  return result;
}

// A void or correction: its target stops counting (voided, or replaced by this correction). Only this
// centre's records are looked at: another centre's record is "unknown" here.
// When the learner's last counting record of that session goes, the session's credit is withdrawn.
Status ActOnTarget(IngestStorage& storage, const std::string& centre_id, const AttendanceRecord& r,
                   std::vector<std::string>* flags, TimeMs now) {
  if (r.refers_to.empty()) return Status::Ok();
  LK_ASSIGN_OR_RETURN(std::optional<StoredRecord> target, storage.FindRecord(centre_id, r.refers_to));
  if (!target) {
    flags->push_back(sync::record_flag::kUnknownTarget);
    return Status::Ok();
  }
  const std::string& session = target->record.session_id;
  const std::string& learner = target->record.learner_id;
  LK_ASSIGN_OR_RETURN(bool counted_before, storage.LearnerCounted(centre_id, session, learner));
  LK_RETURN_IF_ERROR(storage.RemoveAttendance(centre_id, session, learner, r.refers_to));
  LK_ASSIGN_OR_RETURN(bool counted_after, storage.LearnerCounted(centre_id, session, learner));
  if (counted_before && !counted_after) return storage.AppendCredit(centre_id, session, learner, -1, r.id, now);
  return Status::Ok();
}

// A check-in or correction counts as the learner's attendance, flagged when the learner already counts
// or the session is full, unless a void/correction of it from the same centre arrived before it. Another
// centre's record with this id never acts on it: its refers_to stays unknown for good.
// A learner not counted before earns the session's credit.
Status CountAttendance(IngestStorage& storage, const std::string& centre_id, const AttendanceRecord& r,
                       int64_t capacity, std::vector<std::string>* flags, TimeMs now) {
  LK_ASSIGN_OR_RETURN(bool superseded, storage.IsReferredTo(centre_id, r.id));
  if (superseded) return Status::Ok();
  LK_ASSIGN_OR_RETURN(bool present, storage.LearnerCounted(centre_id, r.session_id, r.learner_id));
  if (present) {
    if (r.kind == RecordKind::kCheckIn) flags->push_back(sync::record_flag::kRepeatCheckin);
  } else if (capacity > 0) {
    // Counting stops at the capacity: a full count per insert made a session's ingest quadratic.
    LK_ASSIGN_OR_RETURN(int64_t learners, storage.CountLearners(centre_id, r.session_id, capacity));
    // Over capacity is accepted and flagged, never dropped: the learner was in the room.
    if (learners >= capacity) flags->push_back(sync::record_flag::kOverCapacity);
  }
  LK_RETURN_IF_ERROR(storage.AddAttendance(centre_id, r.session_id, r.learner_id, r.id));
  if (!present) return storage.AppendCredit(centre_id, r.session_id, r.learner_id, +1, r.id, now);
  return Status::Ok();
}

Result<sync::RecordResult> IngestRecord(IngestStorage& storage, const DeviceIdentity& device,
                                        const std::string& batch_id, const sync::ParsedRecord& parsed, TimeMs now) {
  // Validation: the parser's verdict, then the session.
  if (!parsed.record) return Rejected(parsed.id, parsed.reject_reason, parsed.message);
  const AttendanceRecord& r = *parsed.record;
  // The session must exist in THIS centre's catalogue (sessions removed since are still known).
  LK_ASSIGN_OR_RETURN(std::optional<int64_t> capacity, storage.SessionCapacity(device.centre_id, r.session_id));
  if (!capacity) {
    return Rejected(parsed.id, sync::reject_reason::kUnknownSession,
                    "session_id: no session \"" + r.session_id + "\" in centre " + device.centre_id);
  }
  // Same-id lookup.
  LK_ASSIGN_OR_RETURN(std::optional<StoredRecord> stored, storage.FindRecord(device.centre_id, r.id));
  if (stored) {
    LK_ASSIGN_OR_RETURN(sync::RecordResult known, AnswerKnownId(storage, device, batch_id, *stored, r, now));
    known.id = parsed.id;  // every answer carries the id as sent
    return known;
  }

  // A new record: its effect on attendance, then the record itself.
  sync::RecordResult result;
  result.id = parsed.id;
  LK_RETURN_IF_ERROR(ActOnTarget(storage, device.centre_id, r, &result.flags, now));
  if (r.kind != RecordKind::kVoid) {
    LK_RETURN_IF_ERROR(CountAttendance(storage, device.centre_id, r, *capacity, &result.flags, now));
  }
  LK_RETURN_IF_ERROR(storage.InsertRecord(device.centre_id, device.device_id, batch_id, r, result.flags, now));
  result.outcome = sync::RecordOutcome::kAccepted;
  return result;
}

}  // namespace

Result<sync::BatchResponse> IngestBatch(IngestStorage& storage, const DeviceIdentity& device,
                                        const sync::ParsedBatch& batch, TimeMs now) {
  sync::BatchResponse response;
  response.batch_id = batch.batch_id;
  LK_ASSIGN_OR_RETURN(response.resent, storage.BatchSeen(device.device_id, batch.batch_id));
  response.results.reserve(batch.records.size());
  for (const auto& parsed : batch.records) {
    LK_ASSIGN_OR_RETURN(sync::RecordResult result, IngestRecord(storage, device, batch.batch_id, parsed, now));
    response.results.push_back(std::move(result));
  }
  if (!response.resent) {
    LK_RETURN_IF_ERROR(storage.RememberBatch(device.device_id, batch.batch_id, now, int64_t(batch.records.size())));
  }
  LK_RETURN_IF_ERROR(storage.TouchDevice(device.device_id, now));
  response.server_time = now;
  return response;
}

}  // namespace lk::hub
