// StaffMode: the staff side of the kiosk - the way in (PIN pad), the lock, and the models behind the
// staff screens, each in its own file and each posting its own StoreWorker tasks:
//   PinPad (pin_pad.h)  DayRoster: day, roster, corrections (day_roster.h)  ExportPanel (export_panel.h)
//   SettingsPanel (settings_panel.h)  SyncPanel (sync_panel.h)
//
// - Way in: the App's staff gate (corner hold or staff card) calls Open, which forgets any resident and
//   shows the PIN pad. Only the PIN pad may show until the PIN was given.
// - While a staff screen shows, the resident idle prompt does not apply; instead staff mode locks itself
//   (back to the welcome screen, everything forgotten) after [staff] auto_lock_seconds without input.
// - Entering, locking and leaving the app are audited as "staff" (corrections, exports and settings audit
//   themselves).
//
// Ownership: the App owns StaffMode and lends it the worker and config (both outlive it).
// UI thread only.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "kiosk/app/staff/day_roster.h"
#include "kiosk/app/staff/export_panel.h"
#include "kiosk/app/staff/pin_pad.h"
#include "kiosk/app/staff/settings_panel.h"
#include "kiosk/app/staff/staff_desk.h"
#include "kiosk/app/staff/staff_gate.h"
#include "kiosk/app/staff/sync_panel.h"

namespace lk::ui {

namespace staff_screen {
inline constexpr std::string_view kPin = "staff-pin";
inline constexpr std::string_view kToday = "staff-today";
inline constexpr std::string_view kDate = "staff-date";
inline constexpr std::string_view kRoster = "staff-roster";
inline constexpr std::string_view kAdd = "staff-add";
inline constexpr std::string_view kVoid = "staff-void";
inline constexpr std::string_view kExport = "staff-export";
inline constexpr std::string_view kSync = "staff-sync";
inline constexpr std::string_view kSettings = "staff-settings";
inline constexpr std::string_view kExit = "staff-exit";
}  // namespace staff_screen

bool IsStaffScreen(std::string_view screen_id);

class StaffMode {
 public:
  explicit StaffMode(StaffDesk::Host host);
  StaffMode(const StaffMode&) = delete;
  StaffMode& operator=(const StaffMode&) = delete;

  // ---- For the App ----
  // The staff gate: forgets the resident and shows the PIN pad.
  void Open(UiContext& ctx, StaffEntry entry);
  // Applies the auto-lock and follows the sync status; true when the screen should be drawn again.
  bool Update(UiContext& ctx, uint64_t now_ms);
  void OnInput(uint64_t now_ms) { last_input_ms_ = now_ms; }
  bool active(UiContext& ctx) const { return IsStaffScreen(ctx.nav().current()); }
  // When Update must run next for the auto-lock (nullopt when staff mode is not showing).
  std::optional<uint64_t> Deadline(UiContext& ctx) const;
  // For `--screen` previews of staff screens: unlocked, showing today, nothing written.
  void PreviewUnlocked(UiContext& ctx);

  // ---- For the screens ----
  void SubmitPin(UiContext& ctx);
  // Leaves staff mode: everything forgotten, back to the welcome screen. `why`: kCancelled, kLocked or
  // kAutoLocked, for the audit log.
  void Lock(UiContext& ctx, StaffEvent why);
  // Audits, then ends the app (exit code 0).
  void ConfirmExit(UiContext& ctx);

  StaffDesk desk;
  PinPad pin{desk};
  DayRoster day{desk};
  ExportPanel exports{desk};
  SettingsPanel settings{desk};
  SyncPanel sync{desk};

 private:
  void Forget();

  uint64_t last_input_ms_ = 0;
  uint64_t last_update_ms_ = 0;
  bool unlocked_ = false;
};

}  // namespace lk::ui
