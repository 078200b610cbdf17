// SyncReport: what the staff sync panel shows, read from the kiosk database in one snapshot: the
// outbox counts, the sync client's last success / last error / clock skew (device_state `sync.*`, as
// sync/client writes them), and the records the hub set aside with its reasons.
//
// Plain values; LoadSyncReport borrows a Database; call it from the thread that owns it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/domain.h"
#include "kiosk/core/outbox.h"
#include "kiosk/core/sqlite_db.h"
#include "kiosk/core/status.h"

namespace lk {

struct SetAsideRecord {
  AttendanceRecord record;
  std::string hub_result;  // the hub's verdict, e.g. "rejected" or "conflict"
  std::string reason;      // the hub's words
  TimeMs set_aside_at = 0;
};

struct SyncReport {
  OutboxStats outbox;
  std::optional<TimeMs> last_success;     // parsed from `sync.last_success` (RFC 3339 or epoch ms)
  std::string last_success_text;          // as stored, for a value that does not parse
  std::string last_error;                 // in the sync client's words; "" when there was none yet
  std::optional<TimeMs> last_error_at;    // `sync.last_error_at`; an error older than last_success is past
  std::optional<int64_t> clock_skew_ms;   // kiosk minus hub; positive: kiosk ahead
  std::vector<SetAsideRecord> set_aside;  // newest first, at most the limit asked for
};

Result<SyncReport> LoadSyncReport(Database& db, int set_aside_limit);

}  // namespace lk
