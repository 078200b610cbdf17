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
std::unique_ptr<Screen> MakeStaffPinScreen();       // staff_pin.cc
std::unique_ptr<Screen> MakeStaffTodayScreen();     // staff_today.cc
std::unique_ptr<Screen> MakeStaffDateScreen();      // staff_today.cc
std::unique_ptr<Screen> MakeStaffRosterScreen();    // staff_roster.cc
std::unique_ptr<Screen> MakeStaffAddScreen();       // staff_correction.cc
std::unique_ptr<Screen> MakeStaffVoidScreen();      // staff_correction.cc
std::unique_ptr<Screen> MakeStaffExportScreen();    // staff_export.cc
std::unique_ptr<Screen> MakeStaffSyncScreen();      // staff_sync.cc
std::unique_ptr<Screen> MakeStaffSettingsScreen();  // staff_settings.cc
std::unique_ptr<Screen> MakeStaffExitScreen();      // staff_exit.cc

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
    MakeStaffPinScreen,
    MakeStaffTodayScreen,
    MakeStaffDateScreen,
    MakeStaffRosterScreen,
    MakeStaffAddScreen,
    MakeStaffVoidScreen,
    MakeStaffExportScreen,
    MakeStaffSyncScreen,
    MakeStaffSettingsScreen,
    MakeStaffExitScreen,
};

}  // namespace

std::vector<std::unique_ptr<Screen>> MakeAllScreens() {
  std::vector<std::unique_ptr<Screen>> screens;
  for (ScreenFactory make : kFactories) screens.push_back(make());
  return screens;
}

}  // namespace lk::ui
