#include "kiosk/core/staff/staff_events.h"

namespace lk {

const char* StaffEventAction(StaffEvent event) {
  switch (event) {
    case StaffEvent::kEntered:
      return "staff.entered";
    case StaffEvent::kCancelled:
      return "staff.cancelled";
    case StaffEvent::kLocked:
      return "staff.locked";
    case StaffEvent::kAutoLocked:
      return "staff.auto_locked";
    case StaffEvent::kExitApp:
      return "staff.exit_app";
  }
  return "staff.unknown";
}

Status AuditStaffEvent(AuditLog& log, StaffEvent event, const std::string& detail, TimeMs now) {
  return log.Append(kStaffActor, StaffEventAction(event), detail, now);
}

}  // namespace lk
