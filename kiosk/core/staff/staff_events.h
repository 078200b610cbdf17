// The audit trail of a staff session in the kiosk app, besides what StaffAuth (PIN attempts),
// StaffCorrections (added and voided records) and AuditExport write: how staff mode was entered, how it
// ended, and closing the app. Stateless; call from the thread that owns the log's Database.
#pragma once

#include <string>

#include "kiosk/core/device_state.h"
#include "kiosk/core/domain.h"
#include "kiosk/core/status.h"

namespace lk {

constexpr const char* kStaffActor = "staff";  // the kiosk app's staff mode in the audit log

enum class StaffEvent {
  kEntered,     // the way in was used (corner hold or staff card); the PIN pad opened
  kCancelled,   // the PIN pad was left without a PIN
  kLocked,      // staff locked staff mode
  kAutoLocked,  // staff mode locked itself after the configured time without input
  kExitApp,     // staff closed the kiosk app
  kCityYear,    // staff asked the hub for a learner's city-wide year (detail: the record it was asked from)
};
const char* StaffEventAction(StaffEvent event);  // "staff.entered", "staff.cancelled", ...

// Appends the event as kStaffActor with `detail` (how staff came in, how long the wait was).
Status AuditStaffEvent(AuditLog& log, StaffEvent event, const std::string& detail, TimeMs now);

}  // namespace lk
