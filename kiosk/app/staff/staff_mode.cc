#include "kiosk/app/staff/staff_mode.h"

#include <iostream>

#include "kiosk/core/device_state.h"

namespace lk::ui {

bool IsStaffScreen(std::string_view screen_id) { return screen_id.starts_with("staff-"); }

StaffMode::StaffMode(StaffDesk::Host host) : desk(std::move(host)) {
  if (desk.has_store()) settings.Load();
}

std::optional<uint64_t> StaffMode::Deadline(UiContext& ctx) const {
  if (!active(ctx)) return std::nullopt;
  return last_input_ms_ + uint64_t(desk.config().staff_auto_lock_seconds) * 1000;
}

void StaffMode::Forget() {
  unlocked_ = false;
  pin.Reset();
  day.Reset();
  exports.Reset();
  sync.Reset();
  desk.ClearNotice();
  desk.set_working(false);
}

void StaffMode::Open(UiContext& ctx, StaffEntry entry) {
  if (active(ctx)) return;
  if (!desk.has_store()) {
    std::cerr << "learning-kiosk: staff mode needs the kiosk database, which is not available\n";
    return;
  }
  Forget();
  ctx.ForgetResident();
  ctx.nav().Push(staff_screen::kPin);
  last_input_ms_ = last_update_ms_;
  desk.Audit(StaffEvent::kEntered, StaffEntryName(entry), ctx.now());
}

void StaffMode::PreviewUnlocked(UiContext& ctx) {
  if (unlocked_) return;
  Forget();
  unlocked_ = true;
  last_input_ms_ = last_update_ms_;
  day.Preview(ctx);
}

void StaffMode::SubmitPin(UiContext& ctx) {
  pin.Submit(ctx, [this](UiContext& ctx) {
    unlocked_ = true;
    day.Select(ctx.zone().DateOf(ctx.now()));  // the today screen reads it on entry
    ctx.nav().ResetToRoot();
    ctx.nav().Push(staff_screen::kToday);
  });
}

void StaffMode::Lock(UiContext& ctx, StaffEvent why) {
  const std::string detail = why == StaffEvent::kAutoLocked
                                 ? std::to_string(desk.config().staff_auto_lock_seconds) + " s without input"
                                 : std::string(unlocked_ ? "staff mode closed" : "PIN pad closed");
  desk.Audit(why, detail, ctx.now());
  Forget();
  ctx.ForgetResident();
}

bool StaffMode::Update(UiContext& ctx, uint64_t now_ms) {
  last_update_ms_ = now_ms;
  if (!active(ctx)) return false;
  if (now_ms >= *Deadline(ctx)) {
    Lock(ctx, StaffEvent::kAutoLocked);
    return true;
  }
  if (!unlocked_ && ctx.nav().current() != staff_screen::kPin) {
    Lock(ctx, StaffEvent::kLocked);
    return true;
  }
  return sync.Follow(ctx);
}

void StaffMode::ConfirmExit(UiContext& ctx) {
  if (desk.working()) return;
  desk.set_working(true);
  const TimeMs now = ctx.now();
  desk.Run<bool>(
      [now](KioskStore& store) -> Result<bool> {
        AuditLog log(store.db());
        LK_RETURN_IF_ERROR(AuditStaffEvent(log, StaffEvent::kExitApp, "closed from staff mode", now));
        return true;
      },
      [this](Result<bool> audited) {
        desk.set_working(false);
        if (!audited.ok()) std::cerr << "learning-kiosk: exit not audited: " << audited.status().ToString() << "\n";
        desk.RequestExit(0);
      });
}

}  // namespace lk::ui
