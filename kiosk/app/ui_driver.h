// UiDriver: runs the real learning-kiosk App headless, frame by frame, for the UI tests and the benchmark.
//
// It selects SDL's dummy video driver and the software renderer (unless the environment already chose),
// gives the App a ManualUiClock (time moves only when told: the idle countdown is tested without sleeping),
// and feeds input through the same path as the event loop: taps go through App::HandleEvent as SDL mouse
// events (and from there through PointerInput, which sets ImGui's mouse after the platform NewFrame);
// keystrokes go through it as SDL text and key events stamped with the manual clock, so "scanner speed"
// is a matter of the interval between them. Widgets are found by label or id in the last frame's WidgetLog.
// Single-threaded; one UiDriver (one App) at a time per process.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

#include "kiosk/app/app.h"
#include "kiosk/app/ui_clock.h"
#include "kiosk/core/status.h"

namespace lk::ui {

class UiDriver {
 public:
  // Starts the App with `options` at wall time `wall_start` (the demo catalogue's relative times are
  // resolved against it) and, with `settle`, settles the first frames (without, no frame is drawn yet).
  static Result<std::unique_ptr<UiDriver>> Start(AppOptions options, TimeMs wall_start, bool settle = true);

  App& app() { return *app_; }
  ManualUiClock& clock() { return *clock_; }
  const WidgetLog& widgets() const { return app_->widgets(); }
  const std::string& screen() const { return app_->current_screen(); }

  // Runs the loop (without sleeping) until nothing is pending, the StoreWorker and the font set's atlas
  // included.
  void Settle();
  // Taps the centre of the widget whose label (or any of its lines) is `label` / whose id is `id`, on the
  // top layer, then settles. False when there is no such enabled widget.
  bool TapLabel(std::string_view label);
  bool TapId(std::string_view id);
  // Presses and releases at a point (then settles).
  void TapAt(float x, float y);
  // A finger drawing: presses at the first point, moves through the others (a frame each) and lifts at the
  // last, then settles. `points` must not be empty.
  void Drag(const std::vector<ImVec2>& points);
  // Types `text` one character every `interval_ms` (manual-clock time), then Enter if `enter`; settles.
  void Type(std::string_view text, int interval_ms, bool enter);
  // Sends one SDL event through the loop's event path, then settles.
  void Send(const SDL_Event& event);
  // Moves the clock forward (in steps of at most a second, running the loop after each) and settles.
  void Advance(int64_t ms);
  // Writes the current frame as a PNG.
  Status Screenshot(const std::string& path);

 private:
  UiDriver(std::unique_ptr<App> app, ManualUiClock* clock) : app_(std::move(app)), clock_(clock) {}
  bool Tap(const WidgetRecord* widget);
  std::unique_ptr<App> app_;
  ManualUiClock* clock_;  // owned by the App
};

}  // namespace lk::ui
