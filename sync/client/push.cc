#include "sync/client/push.h"

#include <chrono>
#include <unordered_map>

#include "kiosk/core/outbox.h"
#include "kiosk/core/uuid.h"
#include "sync/client/crash_point.h"
#include "sync/protocol/attendance_messages.h"

namespace lk::sync {

namespace {
double MsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}
}  // namespace

Result<PushResult> Pusher::PushOne(TimeMs now) {
  auto t0 = std::chrono::steady_clock::now();
  Outbox outbox(db_);
  std::unique_lock<std::mutex> lock;
  if (shared_) lock = std::unique_lock<std::mutex>(shared_->mutex);
  static const std::set<std::string> kNone;
  LK_ASSIGN_OR_RETURN(std::optional<OutboxBatch> batch,
                      outbox.ClaimBatch(batch_size_, NewUuid7(now), now, shared_ ? shared_->sending : kNone));
  PushResult result;
  if (!batch) return result;
  // While this batch is on the wire no other sender of this process takes it; released on every exit.
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

  BatchRequest request;
  request.batch_id = batch->batch_id;
  request.records = std::move(batch->records);
  HubRequest http;
  http.method = "POST";
  http.path = kBatchesPath;
  http.body = BatchRequestToJson(request);
  http.gzip_body = true;
  LK_ASSIGN_OR_RETURN(HubResponse response, client_.Send(http));
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

  std::unordered_map<std::string, const RecordResult*> by_id;
  for (const auto& r : parsed->results) by_id[r.id] = &r;
  // PROTOCOL.md §5: an acknowledgement has one result per record sent; anything else is not one.
  bool complete = parsed->results.size() == request.records.size() && by_id.size() == request.records.size();
  for (const auto& record : request.records) complete = complete && by_id.count(record.id);
  if (!complete) {
    return Status::Unavailable("the hub's answer to batch " + request.batch_id +
                               " does not cover every record sent; the batch will be resent");
  }
  std::vector<OutboxResult> resolved;
  resolved.reserve(request.records.size());
  for (const auto& record : request.records) {
    auto it = by_id.find(record.id);
    if (it == by_id.end()) {
      ++result.unanswered;
      continue;
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
  if (shared_) lock = std::unique_lock<std::mutex>(shared_->mutex);
  Status recorded = outbox.Resolve(request.batch_id, resolved, now).status();
  if (shared_) {
    shared_->sending.erase(request.batch_id);
    sending.shared = nullptr;  // already released, under the lock we hold
  }
  if (lock.owns_lock()) lock.unlock();
  LK_RETURN_IF_ERROR(recorded);
  CrashPoint("after_ack");
  result.resolve_ms = MsSince(t0);
  return result;
}

}  // namespace lk::sync
