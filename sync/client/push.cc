#include "sync/client/push.h"

#include <algorithm>
#include <chrono>
#include <unordered_map>

#include "kiosk/core/outbox.h"
#include "kiosk/core/uuid.h"
#include "sync/client/crash_point.h"
#include "sync/protocol/attendance_messages.h"
#include "sync/protocol/protocol.h"

namespace lk::sync {

namespace {
double MsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}
}  // namespace

Status Pusher::Record(const std::string& batch_id, const std::vector<OutboxResult>& results, TimeMs now) {
  std::unique_lock<std::mutex> lock;
  if (shared_) lock = std::unique_lock<std::mutex>(shared_->mutex);
  return Outbox(db_).Resolve(batch_id, results, now).status();
}

Status Pusher::Release(const std::string& batch_id, TimeMs now) {
  std::unique_lock<std::mutex> lock;
  if (shared_) lock = std::unique_lock<std::mutex>(shared_->mutex);
  return Outbox(db_).Release(batch_id, now).status();
}

Result<PushResult> Pusher::PushOne(TimeMs now) {
  auto t0 = std::chrono::steady_clock::now();
  std::unique_lock<std::mutex> lock;
  if (shared_) lock = std::unique_lock<std::mutex>(shared_->mutex);
  static const std::set<std::string> kNone;
  LK_ASSIGN_OR_RETURN(std::optional<OutboxBatch> batch,
                      Outbox(db_).ClaimBatch(batch_size_, NewUuid7(now), now, shared_ ? shared_->sending : kNone));
  PushResult result;
  if (!batch) return result;
  // While this batch is on the wire no other sender of this process takes it; released on every exit,
  // after its answers are recorded (by then it is no longer in flight).
  struct Sending {
    SharedOutbox* shared;
    std::string id;
    ~Sending() {
      if (!shared) return;
      std::lock_guard<std::mutex> guard(shared->mutex);
      shared->sending.erase(id);
    }
  };
  if (shared_) shared_->sending.insert(batch->batch_id);
  Sending sending{shared_, batch->batch_id};
  if (lock.owns_lock()) lock.unlock();
  CrashPoint("after_claim");
  result.claim_ms = MsSince(t0);
  t0 = std::chrono::steady_clock::now();
  result.sent = true;
  result.batch_id = batch->batch_id;
  result.resend = batch->resend;
  result.records = batch->records.size();

  // A record the protocol cannot carry (written before the store checked its texts, or by hand) would
  // fail every resend and hold back everything behind it: it is set aside here, with the reason.
  BatchRequest request;
  request.batch_id = batch->batch_id;
  std::vector<OutboxResult> unsendable;
  for (auto& record : batch->records) {
    if (auto problem = ValidateRecord(record)) {
      unsendable.push_back({record.id, OutboxResolution::kSetAside, kUnsendableResult,
                            "cannot be sent to the hub: " + problem->second});
    } else {
      request.records.push_back(std::move(record));
    }
  }
  if (!unsendable.empty()) {
    LK_RETURN_IF_ERROR(Record(request.batch_id, unsendable, now));
    result.set_aside += unsendable.size();
  }
  if (request.records.empty()) return result;

  HubRequest http;
  http.method = "POST";
  http.path = kBatchesPath;
  http.body = BatchRequestToJson(request);
  http.gzip_body = true;
  LK_ASSIGN_OR_RETURN(HubResponse response, client_.Send(http));
  if (response.from_hub && response.http_status == 413) return TooLarge(request, now, std::move(result));
  LK_RETURN_IF_ERROR(ExpectHub(response, {200}));
  auto parsed = ParseBatchResponse(response.body);
  if (!parsed.ok()) {
    return Status::Unavailable("the hub's answer to a batch could not be read (" + parsed.status().message() + ")");
  }
  if (parsed->batch_id != request.batch_id) {
    return Status::Unavailable("the hub answered for batch " + parsed->batch_id + ", not " + request.batch_id);
  }
  CrashPoint("after_send_before_ack");
  result.send_ms = MsSince(t0);
  t0 = std::chrono::steady_clock::now();

  // PROTOCOL.md §5: an acknowledgement has a result for every record sent; anything else is not one.
  // (A resent batch's answer is the first one's, which may also cover records set aside since.)
  std::unordered_map<std::string, const RecordResult*> by_id;
  for (const auto& r : parsed->results) by_id[r.id] = &r;
  std::vector<OutboxResult> resolved;
  resolved.reserve(request.records.size());
  for (const auto& record : request.records) {
    auto it = by_id.find(record.id);
    if (it == by_id.end()) {
      return Status::Unavailable("the hub's answer to batch " + request.batch_id +
                                 " does not cover every record sent; the batch will be resent");
    }
    const RecordResult& r = *it->second;
    OutboxResult out;
    out.record_id = record.id;
    out.hub_result = RecordOutcomeName(r.outcome);
    switch (r.outcome) {
      case RecordOutcome::kAccepted:
      case RecordOutcome::kDuplicate:
        out.resolution = OutboxResolution::kAcked;
        ++result.acked;
        break;
      case RecordOutcome::kConflict:
      case RecordOutcome::kRejected:
        out.resolution = OutboxResolution::kSetAside;
        out.reason = r.message.empty() ? r.reason : (r.reason.empty() ? r.message : r.reason + ": " + r.message);
        if (r.outcome == RecordOutcome::kConflict && out.reason.empty()) {
          out.reason = "the hub holds a different record with the same id";
        }
        ++result.set_aside;
        break;
    }
    resolved.push_back(std::move(out));
  }
  LK_RETURN_IF_ERROR(Record(request.batch_id, resolved, now));
  CrashPoint("after_ack");
  result.resolve_ms = MsSince(t0);
  return result;
}

Result<PushResult> Pusher::TooLarge(const BatchRequest& request, TimeMs now, PushResult result) {
  // 413 (PROTOCOL.md §5): the hub read none of it. Halve until a batch fits; one record that still does
  // not fit can never be sent and is set aside. Nothing of the batch was applied, so its records may go
  // again under new batch ids.
  if (request.records.size() == 1) {
    LK_RETURN_IF_ERROR(Record(request.batch_id,
                              {{request.records[0].id, OutboxResolution::kSetAside, error_code::kPayloadTooLarge,
                                "larger than the hub accepts in one request (413)"}},
                              now));
    ++result.set_aside;
    return result;
  }
  LK_RETURN_IF_ERROR(Release(request.batch_id, now));
  batch_size_ = std::max<size_t>(1, request.records.size() / 2);
  result.records = 0;
  return result;
}

}  // namespace lk::sync
