// The one list of the kiosk's screens. To add a screen: write screens/<name>_screen.cc defining its
// factory, declare the factory here and add it to kFactories.
#include "kiosk/app/screens/screen.h"

namespace lk::ui {

std::unique_ptr<Screen> MakeWelcomeScreen();
std::unique_ptr<Screen> MakeHomeScreen();
std::unique_ptr<Screen> MakeCategoryScreen();
std::unique_ptr<Screen> MakeCourseScreen();
std::unique_ptr<Screen> MakeSearchScreen();
std::unique_ptr<Screen> MakeSessionPickerScreen();
std::unique_ptr<Screen> MakeCheckInScreen();
std::unique_ptr<Screen> MakeConfirmationScreen();
std::unique_ptr<Screen> MakeProblemScreen();
std::unique_ptr<Screen> MakeConfigErrorScreen();

namespace {

constexpr ScreenFactory kFactories[] = {
    MakeWelcomeScreen,
    MakeHomeScreen,
    MakeCategoryScreen,
    MakeCourseScreen,
    MakeSearchScreen,
    MakeSessionPickerScreen,
    MakeCheckInScreen,
    MakeConfirmationScreen,
    MakeProblemScreen,
    MakeConfigErrorScreen,
};

}  // namespace

std::vector<std::unique_ptr<Screen>> MakeAllScreens() {
  std::vector<std::unique_ptr<Screen>> screens;
  for (ScreenFactory make : kFactories) screens.push_back(make());
  return screens;
}

}  // namespace lk::ui
