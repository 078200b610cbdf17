#include "kiosk/app/app_options.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include <CLI/CLI.hpp>

namespace lk::ui {

std::variant<AppOptions, int> ParseCommandLine(int argc, char** argv) {
  AppOptions options;
  CLI::App cli{"learning-kiosk: the resident touch screen of a community learning centre"};
  cli.add_option_function<std::string>(
      "--config", [&](const std::string& path) { options.config_path = path, options.config_path_given = true; },
      "config file (default " + std::string(kDefaultConfigPath) + ")");
  cli.add_option("--data-dir", options.data_dir, "kiosk data directory")->capture_default_str();
  cli.add_flag("--demo", options.demo, "run on the demo catalogue in a temporary data directory");
  cli.add_option_function<std::string>(
      "--windowed",
      [&](const std::string& size) {
        int w = 0, h = 0;
        char x = 0;
        if (std::sscanf(size.c_str(), "%d%c%d", &w, &x, &h) != 3 || (x != 'x' && x != 'X') || w < 320 || h < 240 ||
            w > 16384 || h > 16384) {
          throw CLI::ValidationError("--windowed", "expected WIDTHxHEIGHT, e.g. 1920x1080");
        }
        options.window_width = w, options.window_height = h;
      },
      "a window of this size instead of fullscreen, e.g. 1920x1080");
  cli.add_option("--screenshot", options.screenshot_path, "write a PNG of the first settled frame and exit");
  cli.add_option("--screen", options.start_screen, "open this screen (welcome, home, category, course, search, "
                                                   "session-picker, checkin, confirmation, problem)");
  cli.add_option_function<std::string>(
         "--lang", [&](const std::string& lang) { options.language = lang == "en" ? Language::kEn : Language::kZh; },
         "zh or en")
      ->check(CLI::IsMember({"zh", "en"}));
  cli.add_flag("--large-text", options.large_text, "large text, high contrast");
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = cli.exit(e);
    return code == 0 ? 0 : 2;
  }
  // A staff screen opened this way is unlocked: only for a picture or the demo, never on a real kiosk.
  bool staff_screen = options.start_screen.rfind("staff-", 0) == 0 && options.start_screen != "staff-pin";
  if (staff_screen && options.screenshot_path.empty() && !options.demo) {
    std::fprintf(stderr, "learning-kiosk: --screen %s opens staff mode without the PIN; it needs --screenshot or --demo\n",
                 options.start_screen.c_str());
    return 2;
  }
  return options;
}

std::string FindAssetsDir() {
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    std::filesystem::path installed = exe.parent_path().parent_path() / "share" / "learning-kiosk";
    if (std::filesystem::is_directory(installed / "i18n", ec)) return installed.string();
  }
  return LK_BUILD_TREE_ASSETS_DIR;
}

}  // namespace lk::ui
