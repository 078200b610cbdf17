// App: the learning-kiosk application - SDL window and renderer, Dear ImGui, the screens, and the
// event-driven frame loop.
//
// The loop sleeps until something happens (input, a finished task, the clock's minute, the idle prompt's
// next second) and then renders a few frames for ImGui to settle, so an idle kiosk uses almost no CPU.
// Quitting is not a resident's business: SDL_QUIT, the window's close request, Alt+F4 and Escape are
// swallowed; the loop ends only through RequestExit() (staff mode, SIGTERM/SIGINT via
// InstallExitSignalHandlers, or --screenshot once its PNG is written).
//
// Work off the UI thread goes through one task API: the StoreWorker (store_worker.h) runs it and posts the
// result to the UiInbox, which Update drains once per frame; the sync worker posts its status the same way.
// Start-up steps live in their own units (app_config.h, demo_dir.h, exit_signal.h, watchdog.h).
// UI thread only, except PostSyncStatus and the answers of SetHubSummary's source. UiDriver (ui_driver.h)
// runs the same loop frame by frame for tests and the benchmark.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <SDL.h>

#include "kiosk/app/app_config.h"
#include "kiosk/app/app_options.h"
#include "kiosk/app/catalog_watch.h"
#include "kiosk/app/checkin_flow.h"
#include "kiosk/app/handwriting_pad.h"
#include "kiosk/app/demo_dir.h"
#include "kiosk/app/watchdog.h"
#include "kiosk/app/event_waiter.h"
#include "kiosk/app/font_set.h"
#include "kiosk/app/idle_timer.h"
#include "kiosk/app/kiosk_window.h"
#include "kiosk/app/pointer_input.h"
#include "kiosk/app/scan_detector.h"
#include "kiosk/app/speaker.h"
#include "kiosk/app/screens/screen.h"
#include "kiosk/app/staff/staff_gate.h"
#include "kiosk/app/staff/staff_mode.h"
#include "kiosk/app/strings.h"
#include "kiosk/app/ui_clock.h"
#include "kiosk/app/ui_context.h"
#include "kiosk/app/ui_inbox.h"
#include "kiosk/core/config.h"
#include "kiosk/core/status.h"
#include "kiosk/core/sync_status.h"
#include "kiosk/core/time_zone.h"

namespace lk::ui {

class App {
 public:
  // Starts everything up to the first frame: configuration (a bad one is shown on screen, not fatal),
  // the StoreWorker, SDL, ImGui and the fonts. Fails only when the kiosk cannot show anything at all.
  static Result<std::unique_ptr<App>> Create(AppOptions options, std::unique_ptr<UiClock> clock);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Runs the loop until RequestExit; returns the exit code.
  int Run();
  void RequestExit(int exit_code = 0);
  bool exit_requested() const { return exit_requested_; }
  // Staff mode's way in (see staff_gate.h); by default it opens staff mode's PIN pad (staff_mode.h).
  void SetStaffGate(StaffGate gate);
  // What the staff sync panel's "Sync now" does (the sync worker's Poke); unset, the button is disabled.
  void SetSyncNow(std::function<void()> sync_now) { staff_->sync.set_sync_now(std::move(sync_now)); }
  // Where the confirmation's (and the staff roster's) city-wide year comes from (main.cc: the sync
  // worker's summary thread, see sync_link.h). `ask`'s `done` may run on any thread, within about 1.5 s; the App applies the answer on
  // the UI thread at the next frame (through the UiInbox), so nothing waits for the hub.
  void SetHubSummary(HubSummarySource ask);
  // The configuration file as read (nullopt when it could not be): what the sync worker runs on.
  const std::optional<KioskConfig>& config_as_read() const { return config_as_read_; }
  // The sync worker's status, from its thread: applied on the UI thread at the next frame.
  void PostSyncStatus(SyncStatus status);

  // One iteration of the loop: wait for events (up to the next deadline when `wait`), handle them, update
  // timers and finished tasks, and render a frame if one is due.
  void Step(bool wait);
  // How the loop handles one SDL event (UiDriver feeds synthetic events through here too).
  void HandleEvent(const SDL_Event& event);
  // Renders `n` more frames (ImGui needs a few to settle after a change).
  void RequestFrames(int n = kSettleFrames);
  // Opens a screen by id; with `preview` it first fills in representative content (--screen).
  void OpenScreen(std::string_view id, bool preview);
  // Writes the next rendered frame to `path` (rendering one now).
  Status CaptureFrame(const std::string& path);
  // True when nothing is pending: the atlas asked for shown (font_set.h), navigation applied, input
  // consumed, frames settled, the StoreWorker's first load finished and no task's result outstanding.
  bool Settled() const;

  UiContext& context() { return *ctx_; }
  PointerInput& pointer() { return pointer_; }
  const WidgetLog& widgets() const { return ctx_->widgets(); }
  const std::string& current_screen() const { return ctx_->nav().current(); }
  StoreWorker* worker() { return worker_.get(); }
  Speaker* speaker() { return speaker_.get(); }
  const FontSet& fonts() const { return *fonts_; }
  bool idle_prompt_showing() const { return idle_prompt_showing_; }
  // Wall-clock duration of the last rendered frame (NewFrame to Present), in milliseconds.
  double last_frame_ms() const { return last_frame_ms_; }
  int frames_rendered() const { return frames_rendered_; }
  SDL_Renderer* renderer() { return window_->renderer(); }

  static constexpr int kSettleFrames = 3;

 private:
  App(AppOptions options, std::unique_ptr<UiClock> clock);
  Status Init();
  // Before the first frame: an atlas of just what the first screen draws (on this thread).
  Status BuildFirstFonts();
  // Any later atlas (the full one, new catalogue characters, other sizes): asked of the font set's thread.
  void RequestFonts();
  GlyphSet NeededGlyphs() const;
  // NewFrame to Render: lays out the current screen and fills the widget log (RenderFrame draws the result).
  void DrawUi();
  void Update();
  void RenderFrame();
  void ApplyNavigation();
  // After the first frame of a screen just entered: reads its title aloud when staff turned that on
  // ([accessibility] read_titles or the staff setting) and the resident has large text on.
  void ReadTitle();
  void Dispatch(const KeyInput& input);
  void ResetKiosk();
  void StartWorker();
  void ApplySnapshot(std::shared_ptr<const CatalogSnapshot> snapshot);
  // Staff mode's settings over the config: the resident defaults and the idle prompt's timing.
  void ApplyStaffSettings(const StaffSettings& settings);
  bool IdleApplies() const;
  int TimeoutMs() const;
  ImVec2 ScreenSize() const;
  Screen* CurrentScreen();

  AppOptions options_;
  std::unique_ptr<UiClock> clock_;
  KioskConfig config_;
  std::string config_problem_;
  std::optional<KioskConfig> config_as_read_;
  TimeZone zone_ = TimeZone::Utc();
  std::optional<CheckInPolicy> policy_;
  std::optional<Strings> strings_;
  std::optional<DemoDir> demo_dir_;  // --demo: removed at exit
  EventWaiter waiter_;
  UiInbox inbox_{[this] { waiter_.Wake(); }};
  SystemdNotifier notifier_;  // READY=1 and watchdog pings for learning-kiosk.service
  std::optional<CatalogWatch> catalog_watch_;  // the worker's thread only
  std::unique_ptr<StoreWorker> worker_;        // after inbox_ and catalog_watch_, which it uses
  std::unique_ptr<KioskWindow> window_;
  std::unique_ptr<Speaker> speaker_;  // after window_ (SDL): destroyed before it; null without audio
  std::unique_ptr<FontSet> fonts_;  // after inbox_, to which its thread posts
  std::unordered_map<std::string, std::unique_ptr<Screen>> screens_;
  std::unique_ptr<UiContext> ctx_;
  std::optional<ScanDetector> scan_;
  std::optional<IdleTimer> idle_;
  std::optional<CornerHold> corner_;
  std::unique_ptr<CheckInFlow> checkin_;
  std::unique_ptr<HandwritingPad> handwriting_;
  std::unique_ptr<StaffMode> staff_;
  PointerInput pointer_;
  bool raw_pointer_down_ = false;      // the pointer as the events say, before the per-frame queue
  ImVec2 raw_pointer_pos_{0, 0};
  bool swallow_until_release_ = false;  // the press that dismissed the idle prompt
  bool idle_prompt_showing_ = false;
  int idle_seconds_shown_ = 0;
  int64_t minute_shown_ = -1;
  bool fonts_dirty_ = false;
  bool title_to_read_ = false;  // a screen was entered and its first frame not drawn yet
  int frames_pending_ = 0;
  int frames_rendered_ = 0;
  double last_frame_ms_ = 0;
  std::string capture_path_;
  Status capture_status_;
  bool exit_requested_ = false;
  int exit_code_ = 0;
};

}  // namespace lk::ui
