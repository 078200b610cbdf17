// Screen: one page of the kiosk. Each screen lives in its own file and is registered in screen_list.cc.
//
// The App draws the current screen every frame inside one full-screen ImGui window; a screen draws with
// the widget helpers (widgets.h) and the shared chrome (chrome.h), reads what the resident chose from
// UiContext::flow(), and moves on by asking the Navigator. Screens hold only transient drawing state
// (a page number); anything the idle reset must forget lives in the flow. UI thread only.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/app/checkin_flow.h"
#include "kiosk/app/scan_detector.h"
#include "kiosk/app/ui_context.h"

namespace lk::ui {

class Screen {
 public:
  virtual ~Screen() = default;
  virtual std::string_view id() const = 0;
  // Each time the screen becomes the current one (also when Back returns to it).
  virtual void OnEnter(UiContext&) {}
  virtual void Draw(UiContext& ctx) = 0;
  // A scanned code while this screen is showing; return false to let the App ask which session.
  virtual bool OnScan(UiContext&, const std::string&) { return false; }
  // Text or Enter typed on a physical keyboard (slower than a scanner).
  virtual void OnTyped(UiContext&, const KeyInput&) {}
  // Backspace on a physical keyboard.
  virtual void OnBackspace(UiContext&) {}
  // Sets up a representative state from the catalogue alone, for `--screen` (documentation screenshots
  // and tests); writes nothing to the store.
  virtual void Preview(UiContext&) {}
};

using ScreenFactory = std::unique_ptr<Screen> (*)();

// Every screen the kiosk has, resident screens first (screen_list.cc).
std::vector<std::unique_ptr<Screen>> MakeAllScreens();

}  // namespace lk::ui
