#include "kiosk/core/staff/corrections.h"

#include "kiosk/core/checkin_policy.h"

namespace lk {
namespace {

// The record is committed; say so, so nobody adds or voids it a second time.
Status AuditFailed(const std::string& record_id, const Status& status) {
  return Status(status.code(),
                "record " + record_id + " was written, but its audit entry was not: " + status.message());
}

}  // namespace

Result<CheckInResult> StaffCorrections::AddCheckIn(const std::string& learner_id, const std::string& session_id,
                                                   const std::string& reason, TimeMs now) {
  LK_ASSIGN_OR_RETURN(CheckInResult result, attendance_.AddManualCheckIn(learner_id, session_id, reason, now));
  if (result.outcome == CheckInOutcome::kCheckedIn) {
    Status audited = audit_.Append(actor_, "attendance.add",
                                   "record " + result.record.id + " session " + session_id + " learner " +
                                       MaskLearnerId(learner_id) + " reason: " + reason,
                                   now);
    if (!audited.ok()) return AuditFailed(result.record.id, audited);
  }
  return result;
}

Result<AttendanceRecord> StaffCorrections::Void(const std::string& record_id, const std::string& reason, TimeMs now) {
  LK_ASSIGN_OR_RETURN(AttendanceRecord voided, attendance_.Void(record_id, reason, now));
  Status audited = audit_.Append(
      actor_, "attendance.void",
      "record " + voided.id + " voids " + record_id + " session " + voided.session_id + " reason: " + reason, now);
  if (!audited.ok()) return AuditFailed(voided.id, audited);
  return voided;
}

}  // namespace lk
