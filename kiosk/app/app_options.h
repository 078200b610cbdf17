// AppOptions: learning-kiosk's command line.
//
//   learning-kiosk [--config FILE] [--data-dir DIR] [--demo] [--windowed WxH] [--screenshot FILE]
//                  [--screen NAME] [--lang zh|en] [--large-text]
//
// --demo runs on the built-in demo catalogue in a fresh temporary data directory (removed at exit);
// --screenshot writes a PNG of the first settled frame and exits; --screen / --lang / --large-text open any
// screen directly (with representative content) for documentation and checks. Plain value type.
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "kiosk/core/config.h"
#include "kiosk/core/domain.h"

namespace lk::ui {

struct AppOptions {
  std::string config_path = kDefaultConfigPath;
  bool config_path_given = false;  // a named config must exist; the default one may be missing
  std::string data_dir = kDefaultDataDir;
  bool demo = false;
  int window_width = 0;  // --windowed; 0: fullscreen unless the config says otherwise
  int window_height = 0;
  std::string screenshot_path;
  std::string start_screen;
  std::optional<Language> language;
  bool large_text = false;          // --large-text (otherwise the config's setting)
  std::string assets_dir;           // i18n tables and the demo catalogue; FindAssetsDir() when empty
  std::string font_path;            // the CJK font; kDefaultFontPath when empty
};

// Parses argv. On --help or a usage error, prints the message and returns the exit code (0 or 2).
std::variant<AppOptions, int> ParseCommandLine(int argc, char** argv);

// The assets directory: `<prefix>/share/learning-kiosk` next to an installed binary, else the source tree's
// assets/ (for binaries run from the build tree).
std::string FindAssetsDir();

}  // namespace lk::ui
