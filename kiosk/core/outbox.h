// Outbox: the sync state of each attendance record (pending, in flight under a batch id, acknowledged
// by the hub, or set aside with the hub's reason).
//
// Records enter as pending in the same transaction that writes them (AttendanceStore). The sync worker
// moves them on; this class holds the queries both sides share. Borrows a Database; use from the thread
// that owns it.
#pragma once

#include <string>

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

class Outbox {
 public:
  explicit Outbox(Database& db) : db_(db) {}
  Result<OutboxStats> Stats();

 private:
  Database& db_;
};

}  // namespace lk
