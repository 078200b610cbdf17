#include "kiosk/core/staff/staff_events.h"

#include "kiosk/core/enum_names.h"

namespace lk {

namespace {
constexpr EnumName<StaffEvent> kStaffEventActions[] = {{StaffEvent::kEntered, "staff.entered"},
                                                       {StaffEvent::kCancelled, "staff.cancelled"},
                                                       {StaffEvent::kLocked, "staff.locked"},
                                                       {StaffEvent::kAutoLocked, "staff.auto_locked"},
                                                       {StaffEvent::kExitApp, "staff.exit_app"},
                                                       {StaffEvent::kCityYear, "staff.city_year"}};
}  // namespace

const char* StaffEventAction(StaffEvent event) { return NameOf(kStaffEventActions, event); }

Status AuditStaffEvent(AuditLog& log, StaffEvent event, const std::string& detail, TimeMs now) {
  return log.Append(kStaffActor, StaffEventAction(event), detail, now);
}

}  // namespace lk
