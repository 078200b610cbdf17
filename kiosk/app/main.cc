// learning-kiosk: the resident touch screen of a community learning centre.
#include <iostream>
#include <variant>

#include "kiosk/app/app.h"
#include "kiosk/app/app_options.h"

int main(int argc, char** argv) {
  auto parsed = lk::ui::ParseCommandLine(argc, argv);
  if (std::holds_alternative<int>(parsed)) return std::get<int>(parsed);
  lk::ui::InstallExitSignalHandlers();
  auto app = lk::ui::App::Create(std::get<lk::ui::AppOptions>(std::move(parsed)),
                                 std::make_unique<lk::ui::SystemUiClock>());
  if (!app.ok()) {
    std::cerr << "learning-kiosk: " << app.status().message() << "\n";
    return 3;
  }
  return (*app)->Run();
}
