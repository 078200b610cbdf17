// StaffMode: the state behind the staff screens (PIN pad, attendance by day, corrections, export, sync,
// settings, exit) and the one way their work reaches the database: jobs on the Backend's worker thread.
//
// - Way in: the App's staff gate (corner hold or staff card) calls Open, which forgets any resident and
//   shows the PIN pad. The PIN is checked on the worker (StaffAuth: Argon2id, lockout kept in the store).
// - While a staff screen shows, the resident idle prompt does not apply; instead staff mode locks itself
//   (back to the welcome screen, everything forgotten) after [staff] auto_lock_seconds without input.
// - Every store access is a job posted to the Backend; its result is applied on the UI thread in Update,
//   so drawing never waits on I/O. Corrections, exports, settings, lock and exit are audited as "staff".
// - Settings saved here (language, large text, idle timeout) are loaded at start and handed to the App
//   through Host::apply_settings.
//
// Ownership: the App owns StaffMode and lends it the Backend and config (both outlive it). Jobs share
// only the inbox (a shared_ptr), so a job finishing after StaffMode is gone is harmless.
// Thread-safety: UI thread only, except the inbox, which worker jobs fill under its mutex.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/app/backend.h"
#include "kiosk/app/staff_gate.h"
#include "kiosk/app/ui_context.h"
#include "kiosk/core/attendance_store.h"
#include "kiosk/core/staff/csv_export.h"
#include "kiosk/core/staff/settings_store.h"
#include "kiosk/core/staff/staff_auth.h"
#include "kiosk/core/staff/staff_events.h"
#include "kiosk/core/staff/sync_report.h"
#include "kiosk/core/time_zone.h"

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

// A short message at the top of a staff screen after an action ("Check-in added for ****1234").
struct StaffNotice {
  std::string text;
  bool problem = false;
};

// What the PIN pad shows.
struct PinPadView {
  bool checking = false;             // a PIN is being checked
  std::optional<PinPadState> state;  // the pad's stored state (nullopt while loading)
  std::optional<PinVerdict> last;    // the last attempt's outcome
  std::string error;                 // the store could not be read
};

// One day's attendance as the staff screens show it.
struct StaffDay {
  LocalDate date;
  bool loading = true;
  std::string error;
  std::vector<RosterEntry> entries;  // check-ins and corrections of sessions starting that day
};

// Export ranges offered on the export screen.
enum class ExportSpan { kDay, kWeek, kMonth };

class StaffMode {
 public:
  struct Host {
    Backend* backend = nullptr;  // null: no store (configuration error); staff mode cannot open
    const KioskConfig* config = nullptr;
    const TimeZone* zone = nullptr;
    std::function<void(int exit_code)> request_exit;
    std::function<void(const StaffSettings&)> apply_settings;
  };
  explicit StaffMode(Host host);
  StaffMode(const StaffMode&) = delete;
  StaffMode& operator=(const StaffMode&) = delete;

  // ---- For the App ----
  // The staff gate: forgets the resident and shows the PIN pad.
  void Open(UiContext& ctx, StaffEntry entry);
  // Applies finished jobs and the auto-lock; true when the screen should be drawn again.
  bool Update(UiContext& ctx, uint64_t now_ms);
  void OnInput(uint64_t now_ms) { last_input_ms_ = now_ms; }
  bool active(UiContext& ctx) const { return IsStaffScreen(ctx.nav().current()); }
  // When Update must run next for the auto-lock (nullopt when staff mode is not showing).
  std::optional<uint64_t> Deadline(UiContext& ctx) const;
  // For `--screen` previews of staff screens: unlocked, showing today, nothing written.
  void PreviewUnlocked(UiContext& ctx);
  // Jobs posted and not yet applied.
  bool busy() const { return outstanding_ > 0; }

  // ---- PIN pad ----
  const PinPadView& pad() const { return pad_; }
  // Reads the pad's stored state (lockout) again; the PIN screen does on entry.
  void RefreshPad(UiContext& ctx);
  std::string& pin_entry() { return pin_entry_; }
  void SubmitPin(UiContext& ctx);
  // Leaves staff mode: everything forgotten, back to the welcome screen. `why`: kCancelled, kLocked or
  // kAutoLocked, for the audit log.
  void Lock(UiContext& ctx, StaffEvent why);

  // ---- Attendance by day ----
  const StaffDay& day() const { return day_; }
  void ShowDay(LocalDate date);
  // Reads the day again, keeping what shows until the new rows arrive.
  void ReloadDay();
  const std::string& session_id() const { return session_id_; }
  void OpenRoster(UiContext& ctx, const std::string& session_id);
  bool revealed(const std::string& record_id) const { return revealed_.contains(record_id); }
  void ToggleReveal(const std::string& record_id);

  // ---- Corrections (a manual check-in needs no reason; a void does) ----
  std::string& learner_entry() { return learner_entry_; }
  const std::string& reason_key() const { return reason_key_; }
  void set_reason_key(std::string key) { reason_key_ = std::move(key); }
  bool working() const { return working_; }
  void OpenAdd(UiContext& ctx);
  void SubmitAdd(UiContext& ctx);
  const RosterEntry* void_target() const;
  void OpenVoid(UiContext& ctx, const std::string& record_id);
  void SubmitVoid(UiContext& ctx);

  // ---- Export ----
  ExportSpan export_span() const { return export_span_; }
  void set_export_span(ExportSpan span) { export_span_ = span; }
  ExportRange ExportRangeFor(ExportSpan span) const;
  void SubmitExport(UiContext& ctx);

  // ---- Sync ----
  const std::optional<SyncReport>& sync_report() const { return sync_report_; }
  void OpenSync(UiContext& ctx);
  // What Sync now does (the sync worker's Poke); unset, the button is disabled.
  void set_sync_now(std::function<void()> sync_now) { sync_now_ = std::move(sync_now); }
  bool can_sync_now() const { return static_cast<bool>(sync_now_); }
  void SyncNow(UiContext& ctx);

  // ---- Settings ----
  const std::optional<StaffSettings>& saved_settings() const { return saved_settings_; }
  StaffSettings& edited_settings() { return edited_settings_; }
  void OpenSettings(UiContext& ctx);
  void SaveSettings(UiContext& ctx);

  // ---- Exit ----
  void ConfirmExit(UiContext& ctx);

  // ---- Shared ----
  const StaffNotice& notice() const { return notice_; }
  void ClearNotice() { notice_ = {}; }
  const KioskConfig& config() const { return *host_.config; }
  const TimeZone& zone() const { return *host_.zone; }
  // Navigates to a staff screen, clearing the last notice.
  void Go(UiContext& ctx, std::string_view screen);
  // The reasons offered for a void (text keys).
  static const std::vector<std::string_view>& VoidReasonKeys();
  // A reason as stored with the record: both languages, "忘带学员卡 / Forgot the card".
  static std::string StoredReason(UiContext& ctx, std::string_view key);

 private:
  struct Inbox {
    std::mutex mutex;
    std::vector<std::function<void(StaffMode&, UiContext&)>> done;
  };
  // Runs `work` on the Backend's worker with its store; `done` runs on the UI thread in Update.
  template <typename T>
  void Post(std::function<Result<T>(KioskStore&)> work, std::function<void(StaffMode&, UiContext&, Result<T>)> done);
  // Writes a staff event to the audit log (fire and forget; a failure is logged to stderr).
  void Audit(StaffEvent event, std::string detail, TimeMs now);
  void LoadSettings();
  void Forget();

  Host host_;
  std::function<void()> sync_now_;
  std::shared_ptr<Inbox> inbox_ = std::make_shared<Inbox>();
  int outstanding_ = 0;
  uint64_t last_input_ms_ = 0;
  uint64_t last_update_ms_ = 0;
  bool unlocked_ = false;

  PinPadView pad_;
  std::string pin_entry_;

  StaffDay day_;
  uint64_t day_generation_ = 0;  // a reply for an older request is dropped
  std::string session_id_;
  std::set<std::string> revealed_;

  std::string learner_entry_;
  std::string reason_key_;
  std::string void_record_id_;
  bool working_ = false;

  ExportSpan export_span_ = ExportSpan::kDay;
  std::optional<SyncReport> sync_report_;
  SyncStatus sync_seen_;  // the board's value the report was last read for
  std::optional<StaffSettings> saved_settings_;
  StaffSettings edited_settings_;
  StaffNotice notice_;
};

}  // namespace lk::ui
