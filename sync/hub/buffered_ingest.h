// BufferedIngestStorage: an IngestStorage that answers every read of IngestBatch from rows fetched in
// bulk beforehand (an IngestSnapshot) and collects every write (IngestWrites) for the backend to flush in
// a few set-based statements. A client-server database pays a round trip per statement; this turns the
// per-record reads and writes of a batch of 500 into about a dozen round trips in all.
//
// Correct only while nobody else changes the centre's attendance rows between the snapshot and the
// flush: the backend takes the centre's lock first, reads the snapshot, runs IngestBatch, flushes and
// commits, all in one transaction.
//
// What the snapshot must hold, for one centre and one device's batch (IngestKeys says which keys):
// - whether the device sent the batch before, and (when it did) the conflict copies that batch left;
// - the capacity of each of the batch's sessions the centre has;
// - the stored records among the batch's record ids and the ids they refer to;
// - the batch's record ids that a stored record refers to;
// - every attendance entry of the (session, learner) pairs of the batch's records and of those stored
//   records, and the number of distinct learners counted in each of the batch's sessions (the sessions'
//   `checkins`, which the flush must set to IngestWrites::session_checkins).
// Thread-safety: one thread. Ownership: owns its snapshot and writes.
#pragma once

#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "sync/hub/hub_ingest.h"

namespace lk::hub {

// (session_id, learner_id)
using LearnerInSession = std::pair<std::string, std::string>;
// (session_id, learner_id, record_id): one record that counts as the learner's attendance.
using AttendanceEntry = std::tuple<std::string, std::string, std::string>;

// The keys a batch's snapshot is read for.
struct IngestKeys {
  std::vector<std::string> record_ids;     // the batch's records
  std::vector<std::string> lookup_ids;     // record_ids and the ids they refer to
  std::vector<std::string> session_ids;    // the batch's sessions
};
IngestKeys KeysOf(const sync::ParsedBatch& batch);

// The (session, learner) pairs whose attendance entries the snapshot needs, once `records` (the stored
// records found for lookup_ids) is known.
std::vector<LearnerInSession> PairsOf(const sync::ParsedBatch& batch, const std::map<std::string, StoredRecord>& records);

struct IngestSnapshot {
  bool batch_seen = false;
  std::set<std::pair<std::string, std::string>> batch_conflicts;  // (record_id, content) this batch left
  std::map<std::string, int64_t> capacity;                         // by session id
  std::map<std::string, StoredRecord> records;                     // by record id
  std::set<std::string> referred_to;
  std::set<AttendanceEntry> attendance;
  std::map<std::string, int64_t> learners;                         // distinct learners by session id
};

struct NewRecord {
  AttendanceRecord record;
  std::vector<std::string> flags;
};

// A credit journal entry (IngestStorage::AppendCredit), in the order ingest made it.
struct NewCredit {
  std::string session_id;
  std::string learner_id;
  int change = 0;
  std::string record_id;
};

struct NewConflict {
  std::string record_id;
  std::string content;
};

// Everything IngestBatch wrote, netted: an entry added and removed in the same batch is in neither list.
struct IngestWrites {
  std::vector<NewRecord> records;        // in the order they were inserted
  std::vector<AttendanceEntry> attendance_added;
  std::vector<AttendanceEntry> attendance_removed;
  std::map<std::string, int64_t> session_checkins;  // by session id: the new count of each that changed
  std::vector<NewCredit> credits;        // appended in this order (never netted)
  std::vector<NewConflict> conflicts;
  bool remember_batch = false;
  int64_t batch_records = 0;
  bool touch_device = false;
};

class BufferedIngestStorage : public IngestStorage {
 public:
  explicit BufferedIngestStorage(IngestSnapshot snapshot) : s_(std::move(snapshot)) {}

  IngestWrites TakeWrites();

  Result<bool> BatchSeen(const std::string& device_id, const std::string& batch_id) override;
  Status RememberBatch(const std::string& device_id, const std::string& batch_id, TimeMs now,
                       int64_t records) override;
  Status TouchDevice(const std::string& device_id, TimeMs now) override;
  Result<std::optional<int64_t>> SessionCapacity(const std::string& centre_id, const std::string& session_id) override;
  Result<std::optional<StoredRecord>> FindRecord(const std::string& centre_id, const std::string& record_id) override;
  Result<bool> IsReferredTo(const std::string& centre_id, const std::string& record_id) override;
  Status InsertRecord(const std::string& centre_id, const std::string& device_id, const std::string& batch_id,
                      const AttendanceRecord& record, const std::vector<std::string>& flags, TimeMs now) override;
  Status KeepConflict(const std::string& centre_id, const std::string& record_id, const std::string& device_id,
                      const std::string& batch_id, const std::string& content, TimeMs now) override;
  Result<bool> LearnerCounted(const std::string& centre_id, const std::string& session_id,
                              const std::string& learner_id) override;
  Result<int64_t> CountLearners(const std::string& centre_id, const std::string& session_id, int64_t limit) override;
  Status AddAttendance(const std::string& centre_id, const std::string& session_id, const std::string& learner_id,
                       const std::string& record_id) override;
  Status RemoveAttendance(const std::string& centre_id, const std::string& session_id,
                          const std::string& learner_id, const std::string& record_id) override;
  Status AppendCredit(const std::string& centre_id, const std::string& session_id, const std::string& learner_id,
                      int change, const std::string& record_id, TimeMs now) override;

 private:
  bool Counted(const std::string& session_id, const std::string& learner_id) const;

  IngestSnapshot s_;  // kept current: every write is applied to it as well
  IngestWrites w_;
  std::set<AttendanceEntry> added_, removed_;
  std::set<std::string> recounted_;  // sessions whose count of learners changed
};

}  // namespace lk::hub
