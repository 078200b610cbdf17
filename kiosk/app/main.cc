// learning-kiosk: the resident touch screen of a community learning centre.
#include <iostream>
#include <variant>

#include "kiosk/app/app.h"
#include "kiosk/app/app_options.h"
#ifdef LK_HAVE_SYNC
#include "kiosk/core/clock.h"
#include "kiosk/core/config.h"
#include "sync/client/sync_worker.h"

namespace {

// The background sync (sync/client/sync_worker.h) when this data directory is enrolled with a hub: its
// own thread and database connection; it finds new check-ins through the database's change counter
// within half a second, and reports to the resident screens' SyncStatusBoard.
std::unique_ptr<lk::sync::SyncWorker> StartSync(const lk::ui::AppOptions& options, lk::ui::SyncStatusBoard& board) {
  if (options.demo || !lk::sync::SyncWorker::IsEnrolled(options.data_dir)) return nullptr;
  auto config = lk::LoadKioskConfig(options.config_path, /*missing_ok=*/!options.config_path_given);
  if (!config.ok()) return nullptr;  // the app shows the config error itself
  lk::sync::SyncWorkerOptions sync_options;
  sync_options.data_dir = options.data_dir;
  sync_options.config = *config;
  sync_options.data_version_poll_ms = 500;
  sync_options.on_status = [&board](const lk::sync::SyncStatus& s) {
    board.SetConnection(s.online ? lk::ui::SyncConnection::kOnline : lk::ui::SyncConnection::kOffline, lk::NowMs());
    board.SetPending(s.pending);
    board.SetLastError(s.last_error);
  };
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
#ifdef LK_HAVE_SYNC
  const lk::ui::AppOptions options = std::get<lk::ui::AppOptions>(parsed);
#endif
  auto app = lk::ui::App::Create(std::get<lk::ui::AppOptions>(std::move(parsed)),
                                 std::make_unique<lk::ui::SystemUiClock>());
  if (!app.ok()) {
    std::cerr << "learning-kiosk: " << app.status().message() << "\n";
    return 3;
  }
#ifdef LK_HAVE_SYNC
  std::unique_ptr<lk::sync::SyncWorker> sync = StartSync(options, (*app)->sync_status());
  if (sync) (*app)->SetSyncNow([&sync] { sync->Poke(); });  // the staff sync panel's "Sync now"
  int code = (*app)->Run();
  if (sync) sync->Stop();  // before the app and its status board go
  return code;
#else
  return (*app)->Run();
#endif
}
