#include "kiosk/app/staff/export_panel.h"

#include "kiosk/core/checkin_policy.h"
#include "kiosk/core/device_state.h"
#include "kiosk/core/staff/staff_events.h"

namespace lk::ui {

ExportRange ExportRangeFor(ExportSpan span, LocalDate date) {
  switch (span) {
    case ExportSpan::kDay: return {date, date};
    case ExportSpan::kWeek: {
      const LocalDate monday = AddDays(date, -DaysSinceMonday(date));
      return {monday, AddDays(monday, 6)};
    }
    case ExportSpan::kMonth: return {LocalDate{date.year, date.month, 1}, AddDays(FirstOfNextMonth(date), -1)};
  }
  return {date, date};
}

void ExportPanel::Submit(UiContext& ctx, LocalDate date) {
  if (desk_.working()) return;
  desk_.set_working(true);
  desk_.ClearNotice();
  const CheckInPolicy policy = CheckInPolicy::FromConfig(desk_.config());
  const TimeZone zone = desk_.zone();
  const ExportRange range = ExportRangeFor(span_, date);
  const std::string centre = ctx.catalog().centre().id, dir = desk_.config().export_dir;
  const TimeMs now = ctx.now();
  desk_.Run<ExportResult>(
      [policy, zone, range, centre, dir, now](KioskStore& store) -> Result<ExportResult> {
        AttendanceStore attendance(store.db(), policy);
        LK_ASSIGN_OR_RETURN(ExportResult result, ExportAttendanceToDir(attendance, zone, range, centre, dir));
        AuditLog log(store.db());
        LK_RETURN_IF_ERROR(AuditExport(log, kStaffActor, range, result, now));
        return result;
      },
      [this, &ctx, dir](Result<ExportResult> exported) {
        desk_.set_working(false);
        if (exported.ok()) {
          desk_.Tell(ctx.Tf("staff.export.done", {{"count", std::to_string(exported->rows)}, {"path", exported->path}}),
                     false);
        } else if (exported.status().code() == StatusCode::kNotFound) {
          desk_.Tell(ctx.Tf("staff.export.no_stick", {{"dir", dir}}), true);
        } else if (exported.status().code() == StatusCode::kResourceExhausted) {
          desk_.Tell(std::string(ctx.T("staff.export.full")), true);
        } else {
          desk_.Tell(ctx.Tf("staff.export.failed", {{"message", exported.status().message()}}), true);
        }
      });
}

}  // namespace lk::ui
