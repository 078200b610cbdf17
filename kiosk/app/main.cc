// learning-kiosk: the resident touch screen of a community learning centre.
#include <iostream>
#include <variant>

#include "kiosk/app/app.h"
#include "kiosk/app/app_options.h"
#include "kiosk/app/exit_signal.h"
#ifdef LK_HAVE_SYNC
#include "sync/client/sync_worker.h"

namespace {

// The background sync (sync/client/sync_worker.h) when this data directory is enrolled with a hub: its
// own thread and database connection; it finds new check-ins through the database's change counter
// within half a second, and posts its status to the App's UI thread after every step.
std::unique_ptr<lk::sync::SyncWorker> StartSync(const lk::ui::AppOptions& options, lk::ui::App& app) {
  if (options.demo || !app.config_as_read() || !lk::sync::SyncWorker::IsEnrolled(options.data_dir)) return nullptr;
  lk::sync::SyncWorkerOptions sync_options;
  sync_options.data_dir = options.data_dir;
  sync_options.config = *app.config_as_read();
  sync_options.data_version_poll_ms = 500;
  sync_options.on_status = [&app](const lk::SyncStatus& status) { app.PostSyncStatus(status); };
  auto worker = std::make_unique<lk::sync::SyncWorker>(std::move(sync_options));
  worker->Start();
  return worker;
}

}  // namespace
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
  std::unique_ptr<lk::sync::SyncWorker> sync = StartSync(options, **app);
  if (sync) (*app)->SetSyncNow([&sync] { sync->Poke(); });  // the staff sync panel's "Sync now"
  int code = (*app)->Run();
  if (sync) sync->Stop();  // before the app it posts to goes
  return code;
#else
  return (*app)->Run();
#endif
}
