// SettingsPanel: the staff settings (the residents' default language and text size, the idle prompt's
// timing), read at start and on entry, saved (and audited) as StoreWorker tasks; saved values reach the App
// through StaffDesk::ApplySettings.
// Owned by StaffMode; UI thread only.
#pragma once

#include <optional>

#include "kiosk/app/staff/staff_desk.h"
#include "kiosk/core/staff/settings_store.h"

namespace lk::ui {

class SettingsPanel {
 public:
  explicit SettingsPanel(StaffDesk& desk) : desk_(desk) {}

  const std::optional<StaffSettings>& saved() const { return saved_; }
  StaffSettings& edited() { return edited_; }
  // Reads the stored settings (at start: applies them when they differ from the config).
  void Load();
  void Open(UiContext& ctx);
  void Save(UiContext& ctx);

 private:
  StaffDesk& desk_;
  std::optional<StaffSettings> saved_;
  StaffSettings edited_;
};

}  // namespace lk::ui
