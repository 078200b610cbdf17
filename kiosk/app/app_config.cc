#include "kiosk/app/app_config.h"

#include <iostream>

namespace lk::ui {

AppConfig LoadAppConfig(const AppOptions& options) {
  AppConfig loaded;
  auto config = LoadKioskConfig(options.config_path, /*missing_ok=*/!options.config_path_given);
  if (config.ok()) {
    loaded.as_read = *config;
    loaded.config = std::move(config).value();
    auto zone = TimeZone::Load(loaded.config.time_zone);
    if (zone.ok()) {
      loaded.zone = std::move(zone).value();
    } else {
      loaded.problem = zone.status().message();
    }
  } else {
    loaded.problem = config.status().message();
  }
  if (!loaded.problem.empty()) {
    std::cerr << "learning-kiosk: configuration error: " << loaded.problem << "\n";
    loaded.config = KioskConfig{};
    if (auto zone = TimeZone::Load(loaded.config.time_zone); zone.ok()) loaded.zone = std::move(zone).value();
  }
  ApplyCommandLine(options, loaded.config);
  return loaded;
}

void ApplyCommandLine(const AppOptions& options, KioskConfig& config) {
  if (options.language) config.language = *options.language;
  if (options.large_text) config.large_text = true;
}

}  // namespace lk::ui
