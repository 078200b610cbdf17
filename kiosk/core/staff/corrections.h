// Staff corrections: a check-in added by hand and a void with a reason, each also written to the audit
// log with its time and who made it (the staff UI or kioskctl).
//
// Both are new attendance records queued for sync (AttendanceStore::AddManualCheckIn / Void); the
// record they correct is never changed or deleted. The audit entry follows the record's commit (the
// store owns that transaction); if the entry cannot be written, the error says the record itself was.
// A manual check-in for a learner who is already checked in writes nothing and is not audited.
// Borrows the store and the log; use from the thread that owns their Database.
#pragma once

#include <string>

#include "kiosk/core/attendance_store.h"
#include "kiosk/core/device_state.h"
#include "kiosk/core/status.h"

namespace lk {

class StaffCorrections {
 public:
  StaffCorrections(AttendanceStore& attendance, AuditLog& audit, std::string actor)
      : attendance_(attendance), audit_(audit), actor_(std::move(actor)) {}

  // Audited as "attendance.add": record id, session, masked learner id, reason.
  Result<CheckInResult> AddCheckIn(const std::string& learner_id, const std::string& session_id,
                                   const std::string& reason, TimeMs now);
  // Audited as "attendance.void": the void's id, the voided record's id, reason.
  Result<AttendanceRecord> Void(const std::string& record_id, const std::string& reason, TimeMs now);

 private:
  AttendanceStore& attendance_;
  AuditLog& audit_;
  std::string actor_;
};

}  // namespace lk
