// Attendance ingest: the rules by which the hub applies a pushed batch (sync/PROTOCOL.md §5), shared by
// every HubStore backend. A backend supplies IngestStorage, the few reads and writes the rules need, run
// inside the one transaction the batch is committed in; IngestBatch decides every outcome.
//
// The rules, per record: a record the parser refused, or for a session its centre's catalogue never had,
// is rejected. A record id the centre has stored before answers duplicate (same content; accepted when
// it is the very batch that first committed it) or conflict (different content: the copy is kept once
// for review); it never overwrites. Otherwise the record is stored; a void or correction stops its target
// from counting, when the target is the centre's; a check-in or correction counts as the learner's
// attendance unless a void/correction of it came first; repeat check-ins and check-ins beyond the
// capacity are accepted and flagged. Everything is scoped to the device's centre: another centre's
// record with the same id is another record.
//
// Thread-safety: IngestBatch is stateless; one IngestStorage is used by one thread at a time.
// Ownership: IngestBatch borrows its arguments for the call only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/domain.h"
#include "kiosk/core/status.h"
#include "sync/hub/hub_store.h"
#include "sync/protocol/attendance_messages.h"

namespace lk::hub {

// A record as the store holds it, with the device and batch that first committed it.
struct StoredRecord {
  AttendanceRecord record;
  std::string device_id;
  std::string batch_id;
  std::vector<std::string> flags;
};

// The storage operations of ingest. Each acts only on rows of `centre_id` where it takes one. Errors are
// storage failures; IngestBatch passes them on and the backend rolls the batch back.
class IngestStorage {
 public:
  virtual ~IngestStorage() = default;

  // Whether the device committed a batch with this id before, and remembering that it did.
  virtual Result<bool> BatchSeen(const std::string& device_id, const std::string& batch_id) = 0;
  virtual Status RememberBatch(const std::string& device_id, const std::string& batch_id, TimeMs now,
                               int64_t records) = 0;
  // Sets the device's last_seen_at.
  virtual Status TouchDevice(const std::string& device_id, TimeMs now) = 0;

  // The session's capacity (0: unlimited), also for sessions removed from the catalogue since;
  // nullopt when the centre never had the session.
  virtual Result<std::optional<int64_t>> SessionCapacity(const std::string& centre_id,
                                                         const std::string& session_id) = 0;
  virtual Result<std::optional<StoredRecord>> FindRecord(const std::string& centre_id,
                                                         const std::string& record_id) = 0;
  // Whether a stored record of the centre refers to `record_id` (voids or corrects it).
  virtual Result<bool> IsReferredTo(const std::string& centre_id, const std::string& record_id) = 0;
  virtual Status InsertRecord(const std::string& centre_id, const std::string& device_id, const std::string& batch_id,
                              const AttendanceRecord& record, const std::vector<std::string>& flags, TimeMs now) = 0;
  // Keeps `content` (the record's JSON) for review, unless this device's batch already left the same copy.
  virtual Status KeepConflict(const std::string& centre_id, const std::string& record_id, const std::string& device_id,
                              const std::string& batch_id, const std::string& content, TimeMs now) = 0;

  // Effective attendance: (session, learner, record) entries, one per record that counts.
  virtual Result<bool> LearnerCounted(const std::string& centre_id, const std::string& session_id,
                                      const std::string& learner_id) = 0;
  // Distinct learners counted in the session, counting no further than `limit`.
  virtual Result<int64_t> CountLearners(const std::string& centre_id, const std::string& session_id, int64_t limit) = 0;
  virtual Status AddAttendance(const std::string& centre_id, const std::string& session_id,
                               const std::string& learner_id, const std::string& record_id) = 0;
  virtual Status RemoveAttendance(const std::string& centre_id, const std::string& session_id,
                                  const std::string& learner_id, const std::string& record_id) = 0;
  // The credit journal (credit-export, sync/CREDIT_EXPORT.md): the learner's attendance of the session
  // became effective (+1, by `record_id`) or was withdrawn (-1, by the void or correction `record_id`).
  // Entries are appended in the order IngestBatch makes them and never change.
  virtual Status AppendCredit(const std::string& centre_id, const std::string& session_id,
                              const std::string& learner_id, int change, const std::string& record_id,
                              TimeMs now) = 0;
};

// Applies `batch` for `device` through `storage` and returns one result per record, in order. A non-ok
// Result is a storage failure; the caller must then roll back everything the call wrote.
Result<sync::BatchResponse> IngestBatch(IngestStorage& storage, const DeviceIdentity& device,
                                        const sync::ParsedBatch& batch, TimeMs now);

}  // namespace lk::hub
