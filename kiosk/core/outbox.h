// Outbox: the sync state of each attendance record (pending, in flight under a batch id, acknowledged
// by the hub, or set aside with the hub's reason).
//
// Records enter as pending in the same transaction that writes them (AttendanceStore). The sync worker
// moves them on with the operations below, each one transaction:
//   ClaimBatch  pending -> in_flight under a new batch id; but when a batch is already in flight (the
//               worker crashed or failed before recording the hub's answer) that batch comes back, with
//               the same id and the same records, and nothing new is claimed. Batches in `exclude` (the
//               ones another sender of this process has on the wire) do not count: past them, new
//               records are claimed while those are still in flight.
//   Resolve     in_flight -> acked (accepted/duplicate) or set_aside (rejected/conflict, with reason);
//               records without an answer stay in flight and are resent under the same batch id.
//   Release     in_flight -> pending for a whole batch the hub refused unread (413: the client claims
//               smaller batches); nothing of it reached the hub, so a new batch id is safe.
//   PruneAcked  deletes acknowledged records older than the retention cut-off (never pending or set-aside
//               ones, never one that a kept record refers to).
// Borrows a Database; use from the thread that owns it.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "kiosk/core/domain.h"
#include "kiosk/core/sqlite_db.h"
#include "kiosk/core/status.h"

namespace lk {

struct OutboxStats {
  int64_t pending = 0;      // waiting to be sent, in flight included
  int64_t in_flight = 0;
  int64_t set_aside = 0;    // rejected or conflicting at the hub; need staff attention
  int64_t acked = 0;
  TimeMs oldest_pending_at = 0;  // 0 when nothing is pending
};

// The cheap subset of OutboxStats the sync worker refreshes after every batch.
struct OutboxDepth {
  int64_t pending = 0;           // pending + in flight
  TimeMs oldest_pending_at = 0;  // 0 when nothing is pending
};

struct OutboxBatch {
  std::string batch_id;
  std::vector<AttendanceRecord> records;  // in the kiosk's order (seq)
  bool resend = false;                    // the batch was already in flight before this claim
};

enum class OutboxResolution { kAcked, kSetAside };

struct OutboxResult {
  std::string record_id;
  OutboxResolution resolution = OutboxResolution::kAcked;
  std::string hub_result;  // the hub's word: accepted, duplicate, rejected, conflict
  std::string reason;      // set aside: why, for staff
};

struct SetAsideEntry {
  AttendanceRecord record;
  std::string hub_result;
  std::string reason;
  TimeMs changed_at = 0;
};

class Outbox {
 public:
  explicit Outbox(Database& db) : db_(db) {}
  Result<OutboxStats> Stats();
  Result<OutboxDepth> Depth();

  // The batch to send next: the one already in flight (oldest first), else up to `max_records` pending
  // records (oldest first) moved to in_flight under `new_batch_id`. nullopt when nothing is waiting.
  // While a batch is in flight, a claim returns it and claims nothing new; only `exclude` (batches another
  // sender of this process has on the wire right now, skipped) lets a second sender claim beside it.
  Result<std::optional<OutboxBatch>> ClaimBatch(size_t max_records, const std::string& new_batch_id, TimeMs now,
                                                const std::set<std::string>& exclude = {});
  // Records the hub's answers for `batch_id` in one transaction. Results for records not in flight
  // under that batch are ignored. Returns how many records changed state.
  Result<int64_t> Resolve(const std::string& batch_id, const std::vector<OutboxResult>& results, TimeMs now);
  // Moves the records in flight under `batch_id` back to pending; returns how many.
  Result<int64_t> Release(const std::string& batch_id, TimeMs now);
  // Records the hub set aside, newest first, for staff.
  Result<std::vector<SetAsideEntry>> SetAside(int limit);
  // Deletes acknowledged records recorded before `cutoff`; returns how many were deleted.
  Result<int64_t> PruneAcked(TimeMs cutoff);

 private:
  Result<std::optional<OutboxBatch>> LoadBatch(const std::string& batch_id);
  Database& db_;
};

}  // namespace lk
