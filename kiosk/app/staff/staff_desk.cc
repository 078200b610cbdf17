#include "kiosk/app/staff/staff_desk.h"

#include <iostream>

#include "kiosk/core/device_state.h"

namespace lk::ui {

void StaffDesk::Audit(StaffEvent event, std::string detail, TimeMs now) {
  Run<bool>(
      [event, detail, now](KioskStore& store) -> Result<bool> {
        AuditLog log(store.db());
        LK_RETURN_IF_ERROR(AuditStaffEvent(log, event, detail, now));
        return true;
      },
      [event](Result<bool> written) {
        if (!written.ok()) {
          std::cerr << "learning-kiosk: audit entry " << StaffEventAction(event)
                    << " not written: " << written.status().ToString() << "\n";
        }
      });
}

void StaffDesk::TellProblem(UiContext& ctx, const Status& status) {
  std::string text;
  switch (status.code()) {
    case StatusCode::kInvalidArgument: text = ctx.T("staff.error.invalid_id"); break;
    case StatusCode::kNotFound: text = ctx.T("staff.error.not_found"); break;
    case StatusCode::kAlreadyExists: text = ctx.T("staff.error.already_voided"); break;
    case StatusCode::kResourceExhausted: text = ctx.T("staff.error.disk_full"); break;
    default: text = ctx.Tf("staff.error.other", {{"message", status.message()}}); break;
  }
  Tell(std::move(text), true);
}

void StaffDesk::Go(UiContext& ctx, std::string_view screen) {
  notice_ = {};
  ctx.nav().Push(screen);
}

}  // namespace lk::ui
