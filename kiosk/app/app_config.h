// AppConfig: the configuration the kiosk app runs on, loaded once at start. A configuration that cannot be
// used does not stop the kiosk: it runs on the defaults, shows the problem on screen (the config-error
// screen, naming file, key and expectation) and refuses check-ins. Command-line overrides (--language,
// --large-text) are applied on top. Plain values; UI thread.
#pragma once

#include <optional>
#include <string>

#include "kiosk/app/app_options.h"
#include "kiosk/core/config.h"
#include "kiosk/core/time_zone.h"

namespace lk::ui {

struct AppConfig {
  KioskConfig config;
  TimeZone zone = TimeZone::Utc();
  std::string problem;  // why the configuration could not be used ("" when it could)
  // The file as read, when it could be read at all: the sync worker runs on it even when the kiosk
  // itself cannot (an unknown time zone stops check-ins, not the upload of those already taken).
  std::optional<KioskConfig> as_read;
};

AppConfig LoadAppConfig(const AppOptions& options);
// The command line's --language and --large-text over `config` (they win over staff settings too).
void ApplyCommandLine(const AppOptions& options, KioskConfig& config);

}  // namespace lk::ui
