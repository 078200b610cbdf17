// Push: sends queued attendance records to the hub, POST /v1/attendance/batches (sync/PROTOCOL.md §5).
//
// One call sends one batch of up to 500 records, gzip-compressed. The outbox marks the batch in flight
// under its batch id BEFORE it is sent; after a crash or a failed send the same batch (same id, same
// records) is sent again, so the hub recognises it. A record leaves the queue only on the hub's own
// answer (a response with X-Learning-Protocol and a result for that record): accepted/duplicate ->
// acknowledged; rejected/conflict -> set aside with the reason for staff (never blocks the queue).
// Records the protocol cannot carry are set aside before sending (hub_result "unsendable"). A 413 halves
// the batch size (the records go back to pending) until a batch fits; a single record that does not fit
// is set aside (hub_result "payload_too_large").
// Borrows the Database and the HubClient; one Pusher per thread (see SharedOutbox for several).
#pragma once

#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "kiosk/core/domain.h"
#include "kiosk/core/outbox.h"
#include "kiosk/core/sqlite_db.h"
#include "kiosk/core/status.h"
#include "sync/client/hub_client.h"
#include "sync/protocol/attendance_messages.h"

namespace lk::sync {

constexpr const char* kBatchesPath = "/v1/attendance/batches";
// hub_result of a record set aside by the kiosk itself because the protocol cannot carry it.
constexpr const char* kUnsendableResult = "unsendable";

struct PushResult {
  bool sent = false;     // false: nothing was waiting
  std::string batch_id;
  bool resend = false;   // the batch had been in flight before (crash or failure)
  size_t records = 0;
  size_t acked = 0;      // accepted or duplicate
  size_t set_aside = 0;  // rejected, conflict, unsendable or too large
  // Where the time went (for sync_bench): claiming in SQLite, the HTTP exchange, recording answers.
  double claim_ms = 0, send_ms = 0, resolve_ms = 0;
};

// Senders sharing one Database from several threads (SyncEngine::PushAll sends two batches at once)
// pass the same SharedOutbox: its mutex serialises the database work, and `sending` keeps one sender
// from resending a batch another one has on the wire.
struct SharedOutbox {
  std::mutex mutex;
  std::set<std::string> sending;
};

class Pusher {
 public:
  Pusher(Database& db, HubClient& client, size_t batch_size = 500, SharedOutbox* shared = nullptr)
      : db_(db), client_(client), batch_size_(batch_size), shared_(shared) {}

  // Sends the next batch. A non-ok Status (hub unreachable, not the hub, an error answer, a malformed
  // answer) leaves the batch in flight for a resend.
  Result<PushResult> PushOne(TimeMs now);
  size_t batch_size() const { return batch_size_; }

 private:
  Result<PushResult> TooLarge(const BatchRequest& request, TimeMs now, PushResult result);
  // Record answers / release a batch, under the shared mutex when there is one.
  Status Record(const std::string& batch_id, const std::vector<OutboxResult>& results, TimeMs now);
  Status Release(const std::string& batch_id, TimeMs now);

  Database& db_;
  HubClient& client_;
  size_t batch_size_;
  SharedOutbox* shared_;
};

}  // namespace lk::sync
