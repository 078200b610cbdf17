#include "kiosk/app/staff/settings_panel.h"

#include <iostream>

#include "kiosk/app/staff/staff_mode.h"
#include "kiosk/core/staff/staff_events.h"

namespace lk::ui {

void SettingsPanel::Load() {
  const KioskConfig config = desk_.config();
  desk_.Run<StaffSettings>([config](KioskStore& store) { return SettingsStore(store.db()).Load(config); },
                           [this](Result<StaffSettings> settings) {
                             if (!settings.ok()) {
                               std::cerr << "learning-kiosk: staff settings not read: "
                                         << settings.status().ToString() << "\n";
                               return;
                             }
                             saved_ = *settings;
                             edited_ = *settings;
                             if (*settings != SettingsFromConfig(desk_.config())) desk_.ApplySettings(*settings);
                           });
}

void SettingsPanel::Open(UiContext& ctx) {
  saved_.reset();
  desk_.Go(ctx, staff_screen::kSettings);
  Load();
}

void SettingsPanel::Save(UiContext& ctx) {
  if (desk_.working() || !saved_ || edited_ == *saved_) return;
  desk_.set_working(true);
  desk_.ClearNotice();
  const KioskConfig config = desk_.config();
  const StaffSettings wanted = edited_;
  const TimeMs now = ctx.now();
  desk_.Run<bool>(
      [config, wanted, now](KioskStore& store) -> Result<bool> {
        LK_RETURN_IF_ERROR(SettingsStore(store.db()).Save(wanted, config, kStaffActor, now));
        return true;
      },
      [this, &ctx, wanted](Result<bool> saved) {
        desk_.set_working(false);
        if (!saved.ok()) return desk_.TellProblem(ctx, saved.status());
        saved_ = wanted;
        desk_.ApplySettings(wanted);
        desk_.Tell(std::string(ctx.T("staff.settings.saved")), false);
      });
}

}  // namespace lk::ui
