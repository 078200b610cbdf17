// learning-kiosk: the resident touch screen of a community learning centre.
#include <iostream>
#include <variant>

#include "kiosk/app/app.h"
#include "kiosk/app/app_options.h"
#include "kiosk/app/exit_signal.h"
#ifdef LK_HAVE_SYNC
#include "kiosk/app/sync_link.h"
#endif

int main(int argc, char** argv) {
  auto parsed = lk::ui::ParseCommandLine(argc, argv);
  if (std::holds_alternative<int>(parsed)) return std::get<int>(parsed);
  lk::ui::InstallExitSignalHandlers();
  const lk::ui::AppOptions options = std::get<lk::ui::AppOptions>(parsed);
  auto app = lk::ui::App::Create(options, std::make_unique<lk::ui::SystemUiClock>());
  if (!app.ok()) {
    std::cerr << "learning-kiosk: " << app.status().message() << "\n";
    return 3;
  }
#ifdef LK_HAVE_SYNC
  // The background sync, when this data directory is enrolled with a hub (sync_link.h).
  std::unique_ptr<lk::sync::SyncWorker> sync = lk::ui::StartSync(options, **app);
  int code = (*app)->Run();
  if (sync) sync->Stop();  // before the app it posts to goes
  return code;
#else
  return (*app)->Run();
#endif
}
