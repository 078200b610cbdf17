#include "sync/hub/buffered_ingest.h"

#include <algorithm>

namespace lk::hub {
namespace {

void SortUnique(std::vector<std::string>* v) {
  std::sort(v->begin(), v->end());
  v->erase(std::unique(v->begin(), v->end()), v->end());
}

}  // namespace

IngestKeys KeysOf(const sync::ParsedBatch& batch) {
  IngestKeys keys;
  for (const auto& parsed : batch.records) {
    if (!parsed.record) continue;
    keys.record_ids.push_back(parsed.record->id);
    keys.lookup_ids.push_back(parsed.record->id);
    if (!parsed.record->refers_to.empty()) keys.lookup_ids.push_back(parsed.record->refers_to);
    keys.session_ids.push_back(parsed.record->session_id);
  }
  SortUnique(&keys.record_ids);
  SortUnique(&keys.lookup_ids);
  SortUnique(&keys.session_ids);
  return keys;
}

std::vector<LearnerInSession> PairsOf(const sync::ParsedBatch& batch,
                                      const std::map<std::string, StoredRecord>& records) {
  std::set<LearnerInSession> pairs;
  for (const auto& parsed : batch.records) {
    if (parsed.record) pairs.emplace(parsed.record->session_id, parsed.record->learner_id);
  }
  for (const auto& [id, stored] : records) pairs.emplace(stored.record.session_id, stored.record.learner_id);
  return {pairs.begin(), pairs.end()};
}

IngestWrites BufferedIngestStorage::TakeWrites() {
  w_.attendance_added.assign(added_.begin(), added_.end());
  w_.attendance_removed.assign(removed_.begin(), removed_.end());
  for (const std::string& session : recounted_) w_.session_checkins[session] = s_.learners[session];
  added_.clear();
  removed_.clear();
  recounted_.clear();
  return std::move(w_);
}

Result<bool> BufferedIngestStorage::BatchSeen(const std::string&, const std::string&) { return s_.batch_seen; }

Status BufferedIngestStorage::RememberBatch(const std::string&, const std::string&, TimeMs, int64_t records) {
  w_.remember_batch = true;
  w_.batch_records = records;
  return Status::Ok();
}

Status BufferedIngestStorage::TouchDevice(const std::string&, TimeMs) {
  w_.touch_device = true;
  return Status::Ok();
}

Result<std::optional<int64_t>> BufferedIngestStorage::SessionCapacity(const std::string&,
                                                                      const std::string& session_id) {
  auto found = s_.capacity.find(session_id);
  if (found == s_.capacity.end()) return std::optional<int64_t>();
  return std::optional<int64_t>(found->second);
}

Result<std::optional<StoredRecord>> BufferedIngestStorage::FindRecord(const std::string&,
                                                                      const std::string& record_id) {
  auto found = s_.records.find(record_id);
  if (found == s_.records.end()) return std::optional<StoredRecord>();
  return std::optional<StoredRecord>(found->second);
}

Result<bool> BufferedIngestStorage::IsReferredTo(const std::string&, const std::string& record_id) {
  return s_.referred_to.count(record_id) > 0;
}

Status BufferedIngestStorage::InsertRecord(const std::string&, const std::string& device_id,
                                           const std::string& batch_id, const AttendanceRecord& record,
                                           const std::vector<std::string>& flags, TimeMs) {
  w_.records.push_back({record, flags});
  s_.records[record.id] = StoredRecord{record, device_id, batch_id, flags};
  if (!record.refers_to.empty()) s_.referred_to.insert(record.refers_to);
  return Status::Ok();
}

Status BufferedIngestStorage::KeepConflict(const std::string&, const std::string& record_id, const std::string&,
                                           const std::string&, const std::string& content, TimeMs) {
  if (s_.batch_conflicts.emplace(record_id, content).second) w_.conflicts.push_back({record_id, content});
  return Status::Ok();
}

bool BufferedIngestStorage::Counted(const std::string& session_id, const std::string& learner_id) const {
  auto it = s_.attendance.lower_bound({session_id, learner_id, std::string()});
  return it != s_.attendance.end() && std::get<0>(*it) == session_id && std::get<1>(*it) == learner_id;
}

Result<bool> BufferedIngestStorage::LearnerCounted(const std::string&, const std::string& session_id,
                                                   const std::string& learner_id) {
  return Counted(session_id, learner_id);
}

Result<int64_t> BufferedIngestStorage::CountLearners(const std::string&, const std::string& session_id,
                                                     int64_t limit) {
  auto found = s_.learners.find(session_id);
  return std::min(found == s_.learners.end() ? int64_t(0) : found->second, limit);
}

Status BufferedIngestStorage::AddAttendance(const std::string&, const std::string& session_id,
                                            const std::string& learner_id, const std::string& record_id) {
  AttendanceEntry entry{session_id, learner_id, record_id};
  bool was_counted = Counted(session_id, learner_id);
  if (!s_.attendance.insert(entry).second) return Status::Ok();
  if (!was_counted) {
    ++s_.learners[session_id];
    recounted_.insert(session_id);
  }
  if (removed_.erase(entry) == 0) added_.insert(entry);
  return Status::Ok();
}

Status BufferedIngestStorage::RemoveAttendance(const std::string&, const std::string& session_id,
                                               const std::string& learner_id, const std::string& record_id) {
  AttendanceEntry entry{session_id, learner_id, record_id};
  if (s_.attendance.erase(entry) == 0) return Status::Ok();  // the snapshot holds every entry of the pair
  if (!Counted(session_id, learner_id)) {
    --s_.learners[session_id];
    recounted_.insert(session_id);
  }
  if (added_.erase(entry) == 0) removed_.insert(entry);
  return Status::Ok();
}

Status BufferedIngestStorage::AppendCredit(const std::string&, const std::string& session_id,
                                           const std::string& learner_id, int change, const std::string& record_id,
                                           TimeMs) {
  w_.credits.push_back({session_id, learner_id, change, record_id});
  return Status::Ok();
}

}  // namespace lk::hub
