// StaffDesk: what the staff models share - the StoreWorker their tasks run on, the config and zone, the
// notice line shown after an action, navigation between staff screens, and the audit log.
//
// Each staff model (pin_pad.h, day_roster.h, export_panel.h, settings_panel.h, sync_panel.h) posts its own
// tasks through Run; their `done` runs on the UI thread when the frame loop drains the inbox. After every
// task the worker refreshes the residents' view, so a correction's new counts need no extra step.
// Ownership: StaffMode owns the desk; the App lends it the worker and config (both outlive it).
// UI thread only.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "kiosk/app/store_worker.h"
#include "kiosk/app/ui_context.h"
#include "kiosk/core/config.h"
#include "kiosk/core/staff/settings_store.h"
#include "kiosk/core/staff/staff_events.h"
#include "kiosk/core/time_zone.h"

namespace lk::ui {

// A short message at the top of a staff screen after an action ("Check-in added for ****1234").
struct StaffNotice {
  std::string text;
  bool problem = false;
};

class StaffDesk {
 public:
  struct Host {
    StoreWorker* worker = nullptr;  // null: no store (configuration error); staff mode cannot open
    const KioskConfig* config = nullptr;
    const TimeZone* zone = nullptr;
    std::function<void(int exit_code)> request_exit;
    std::function<void(const StaffSettings&)> apply_settings;
  };
  explicit StaffDesk(Host host) : host_(std::move(host)) {}

  bool has_store() const { return host_.worker != nullptr; }
  template <typename T>
  void Run(std::function<Result<T>(KioskStore&)> work, std::function<void(Result<T>)> done) {
    host_.worker->Run<T>(std::move(work), std::move(done));
  }
  // Writes a staff event to the audit log (fire and forget; a failure is logged to stderr).
  void Audit(StaffEvent event, std::string detail, TimeMs now);

  const KioskConfig& config() const { return *host_.config; }
  const TimeZone& zone() const { return *host_.zone; }
  void RequestExit(int code) { host_.request_exit(code); }
  void ApplySettings(const StaffSettings& settings) { host_.apply_settings(settings); }

  // One staff action at a time: an add, a void, an export, a settings save or the exit; their buttons
  // are disabled while one is under way.
  bool working() const { return working_; }
  void set_working(bool working) { working_ = working; }

  const StaffNotice& notice() const { return notice_; }
  void Tell(std::string text, bool problem) { notice_ = {std::move(text), problem}; }
  // Staff-facing words for a failed store operation, as a problem notice.
  void TellProblem(UiContext& ctx, const Status& status);
  void ClearNotice() { notice_ = {}; }
  // Navigates to a staff screen, clearing the last notice.
  void Go(UiContext& ctx, std::string_view screen);

 private:
  Host host_;
  StaffNotice notice_;
  bool working_ = false;
};

}  // namespace lk::ui
