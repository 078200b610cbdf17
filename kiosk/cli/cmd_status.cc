// kioskctl status, check-config.
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli_context.h"
#include "kiosk/core/catalog_store.h"
#include "kiosk/core/clock.h"
#include "kiosk/core/device_state.h"
#include "kiosk/core/outbox.h"

namespace lk::cli {
namespace {

void ShowStatus(CliContext& ctx, bool json_output) {
  TimeMs now = NowMs();
  Database& db = ctx.store().db();
  OutboxStats stats = ctx.Check(Outbox(db).Stats());
  CatalogState catalog = ctx.Check(CatalogStore(db).State());
  DeviceState device(db);
  auto value = [&](const char* key) { return ctx.Check(device.Get(key)).value_or(""); };
  int64_t oldest_age_s = stats.oldest_pending_at ? (now - stats.oldest_pending_at) / 1000 : 0;
  std::string last_success = value(device_key::kLastSyncSuccess), last_error = value(device_key::kLastSyncError);
  if (json_output) {
    nlohmann::json j = {{"data_dir", ctx.data_dir},
                        {"pending", stats.pending},
                        {"in_flight", stats.in_flight},
                        {"set_aside", stats.set_aside},
                        {"acknowledged", stats.acked},
                        {"oldest_pending_age_seconds", oldest_age_s},
                        {"catalog_version", catalog.version},
                        {"catalog_updated_at", catalog.updated_at ? ctx.zone().FormatRfc3339(catalog.updated_at) : ""},
                        {"last_sync_success", last_success},
                        {"last_sync_error", last_error},
                        {"clock_skew_ms", value(device_key::kClockSkewMs)},
                        {"enrolled", !value(device_key::kDeviceId).empty()}};
    std::cout << j.dump(2) << "\n";
    return;
  }
  std::cout << "data directory:   " << ctx.data_dir << "\n"
            << "pending records:  " << stats.pending << " (in flight " << stats.in_flight << ")\n"
            << "oldest pending:   " << (stats.pending ? std::to_string(oldest_age_s) + " s ago" : "-") << "\n"
            << "set aside by hub: " << stats.set_aside << "\n"
            << "acknowledged:     " << stats.acked << "\n"
            << "catalogue:        " << (catalog.version.empty() ? "(none)" : catalog.version) << "\n"
            << "last sync:        " << (last_success.empty() ? "never" : last_success) << "\n"
            << "last sync error:  " << (last_error.empty() ? "-" : last_error) << "\n"
            << "clock skew:       " << (value(device_key::kClockSkewMs).empty() ? "-" : value(device_key::kClockSkewMs) +
                                        " ms (kiosk minus hub)") << "\n";
}

}  // namespace

void AddStatusCommands(CLI::App& app, CliContext& ctx) {
  auto* status = app.add_subcommand("status", "pending records, catalogue version, sync state");
  static bool json_output = false;
  status->add_flag("--json", json_output, "JSON output");
  status->callback([&ctx] { ShowStatus(ctx, json_output); });

  auto* check = app.add_subcommand("check-config", "validate the config file; exit 0 when it is usable");
  check->callback([&ctx] {
    const KioskConfig& config = ctx.config();
    ctx.zone();
    std::cout << (config.source_path.empty() ? "no config file; using defaults" : config.source_path + ": ok")
              << "\n";
  });
}

}  // namespace lk::cli
