// SyncPanel: the staff sync panel's data - the SyncReport read from the store (records waiting and since
// when, last success and error, clock skew, what the hub set aside), read again whenever the sync status
// the App holds changes while the panel shows, and "Sync now" (the sync worker's Poke, when there is one).
// Owned by StaffMode; UI thread only.
#pragma once

#include <functional>
#include <optional>

#include "kiosk/app/staff/staff_desk.h"
#include "kiosk/core/staff/sync_report.h"
#include "kiosk/core/sync_status.h"

namespace lk::ui {

class SyncPanel {
 public:
  explicit SyncPanel(StaffDesk& desk) : desk_(desk) {}

  const std::optional<SyncReport>& report() const { return report_; }
  void Open(UiContext& ctx);
  // Reads the report again when the sync status changed since it was read; true when it did.
  bool Follow(UiContext& ctx);
  // What Sync now does; unset, the button is disabled.
  void set_sync_now(std::function<void()> sync_now) { sync_now_ = std::move(sync_now); }
  bool can_sync_now() const { return static_cast<bool>(sync_now_); }
  void SyncNow(UiContext& ctx);
  void Reset() { report_.reset(); }

 private:
  StaffDesk& desk_;
  std::function<void()> sync_now_;
  std::optional<SyncReport> report_;
  SyncStatus seen_;  // the status the report was last read for
};

}  // namespace lk::ui
