#include "kiosk/app/app.h"

#include <backends/imgui_impl_sdl.h>
#include <backends/imgui_impl_sdlrenderer.h>
#include <imgui.h>
#include <time.h>

#include <cstdlib>
#include <iostream>
#include <utility>

#include "kiosk/app/display_link.h"
#include "kiosk/app/exit_signal.h"
#include "kiosk/app/idle_prompt.h"
#include "kiosk/app/screenshot.h"
#include "kiosk/core/catalog_json.h"
#include "kiosk/core/catalog_store.h"
#include "kiosk/core/outbox.h"

namespace lk::ui {
namespace {

constexpr uint64_t kMaxSleepMs = 1000;

// Stands for a 64-bit monotonic time of an SDL event from its 32-bit timestamp (which wraps every 49 days).
uint64_t EventTimeMs(Uint32 timestamp, uint64_t now_ms) {
  Uint32 age = Uint32(now_ms) - timestamp;
  return now_ms >= age ? now_ms - age : 0;
}

}  // namespace

App::App(AppOptions options, std::unique_ptr<UiClock> clock) : options_(std::move(options)), clock_(std::move(clock)) {}

Result<std::unique_ptr<App>> App::Create(AppOptions options, std::unique_ptr<UiClock> clock) {
  std::unique_ptr<App> app(new App(std::move(options), std::move(clock)));
  LK_RETURN_IF_ERROR(app->Init());
  return app;
}

App::~App() {
  screens_.clear();
  ctx_.reset();
  worker_.reset();  // before the inbox, the watch and the demo directory it uses
  speaker_.reset();  // before SDL
  fonts_.reset();    // before the ImGui context, which gets its own atlas back
  window_.reset();
}

Status App::Init() {
  if (options_.assets_dir.empty()) options_.assets_dir = FindAssetsDir();
  if (options_.font_path.empty()) options_.font_path = kDefaultFontPath;
  auto strings = Strings::Load(options_.assets_dir + "/i18n");
  if (!strings.ok()) return strings.status();
  strings_ = std::move(strings).value();

  AppConfig loaded = LoadAppConfig(options_);
  config_ = std::move(loaded.config);
  zone_ = std::move(loaded.zone);
  config_problem_ = std::move(loaded.problem);
  config_as_read_ = std::move(loaded.as_read);
  policy_.emplace(CheckInPolicy::FromConfig(config_));
  if (options_.demo && config_problem_.empty()) {
    auto demo = DemoDir::Create();
    if (!demo.ok()) return demo.status();
    demo_dir_.emplace(std::move(demo).value());
  }
  // The worker starts reading the catalogue while SDL and the fonts come up.
  if (config_problem_.empty()) StartWorker();

  LK_ASSIGN_OR_RETURN(window_, KioskWindow::Open({options_.window_width, options_.window_height, config_.fullscreen,
                                                  config_.hide_cursor, config_.renderer}));
  waiter_.UseCurrentVideoDriver();
  auto speaker = Speaker::Open(config_.speech_volume, config_.speech_words_per_minute);
  if (speaker.ok()) {
    speaker_ = std::move(speaker).value();
  } else {
    std::cerr << "learning-kiosk: no read-aloud: " << speaker.status().message() << "\n";
  }
  auto fonts = FontSet::Open(options_.font_path, kDefaultFontFace, inbox_);
  if (!fonts.ok()) return fonts.status();
  fonts_ = std::move(fonts).value();

  const uint64_t now = clock_->MonotonicMs();
  scan_.emplace(config_.scanner_max_key_interval_ms);
  idle_.emplace(int64_t(config_.idle_prompt_seconds) * 1000, int64_t(config_.idle_countdown_seconds) * 1000, now);
  corner_.emplace(config_.staff_gesture_corner, config_.staff_gesture_seconds * 1000);

  UiContext::Services services{&*strings_, &*fonts_, clock_.get(), &config_, &zone_, &*policy_, config_problem_};
  ctx_ = std::make_unique<UiContext>(
      services, std::string(config_problem_.empty() ? screen_id::kWelcome : screen_id::kConfigError));
  checkin_ = std::make_unique<CheckInFlow>(*ctx_, worker_.get());
  ctx_->set_checkin(checkin_.get());
  ctx_->set_speaker(speaker_.get());
  handwriting_ = std::make_unique<HandwritingPad>(worker_.get(),
                                                  ModelPath(std::getenv("LK_ZINNIA_MODEL"), config_.handwriting_model));
  ctx_->set_handwriting(handwriting_.get());  // the search screen opens its model on first entry
  ctx_->set_screen_size(ScreenSize());
  ctx_->set_theme(MakeTheme(config_.large_text, std::min(ScreenSize().x / 1920.0f, ScreenSize().y / 1080.0f)));
  staff_ = std::make_unique<StaffMode>(StaffDesk::Host{worker_.get(), &config_, &zone_,
                                                       [this](int code) { RequestExit(code); },
                                                       [this](const StaffSettings& s) { ApplyStaffSettings(s); }});
  ctx_->set_staff(staff_.get());
  ctx_->set_staff_gate([this](UiContext& ctx, StaffEntry entry) { staff_->Open(ctx, entry); });
  for (auto& screen : MakeAllScreens()) {
    std::string id(screen->id());
    screens_.emplace(std::move(id), std::move(screen));
  }

  // The first frame shows the catalogue: give the worker a moment to read it.
  if (worker_) {
    worker_->WaitUntilStarted(std::chrono::seconds(3));
    inbox_.Drain();
  }
  CurrentScreen()->OnEnter(*ctx_);
  if (!options_.start_screen.empty() && config_problem_.empty()) {
    if (!screens_.contains(options_.start_screen)) {
      return Status::InvalidArgument("--screen: no screen '" + options_.start_screen + "'");
    }
    OpenScreen(options_.start_screen, /*preview=*/true);
  }
  LK_RETURN_IF_ERROR(BuildFirstFonts());
  RequestFrames();
  return Status::Ok();
}

void App::StartWorker() {
  catalog_watch_.emplace(*policy_, zone_);
  StoreWorker::Options options;
  const std::string data_dir = demo_dir_ ? demo_dir_->path() : options_.data_dir;
  const std::string demo_catalog = demo_dir_ ? options_.assets_dir + "/demo/catalog.json" : "";
  options.open = [data_dir, demo_catalog, clock = clock_.get()]() -> Result<KioskStore> {
    LK_ASSIGN_OR_RETURN(KioskStore store, KioskStore::Open(data_dir));
    if (!demo_catalog.empty()) {
      const TimeMs now = clock->WallNow();
      LK_ASSIGN_OR_RETURN(Catalog catalog, LoadCatalogFile(demo_catalog, now));
      LK_RETURN_IF_ERROR(CatalogStore(store.db()).Replace(catalog, now));
    }
    return store;
  };
  // On the worker: what the residents see of the store (the catalogue and its counts, the records
  // waiting to be uploaded), posted to the UI thread when it changed. A read error is logged when it
  // first appears, not on every round.
  options.refresh = [this, logged_error = std::string()](KioskStore& store) mutable {
    auto snapshot = catalog_watch_->Refresh(store, clock_->WallNow());
    const std::string error = snapshot.ok() ? "" : snapshot.status().ToString();
    if (!error.empty() && error != logged_error) {
      std::cerr << "learning-kiosk: the catalogue could not be read: " << error << "\n";
    }
    logged_error = error;
    if (snapshot.ok() && *snapshot) {
      inbox_.Post([this, fresh = *snapshot] {
        ApplySnapshot(fresh);
        return true;
      });
    }
    if (auto stats = Outbox(store.db()).Stats(); stats.ok()) {
      inbox_.Post([this, pending = stats->pending] {
        if (ctx_->sync_status().pending == pending) return false;
        SyncStatus status = ctx_->sync_status();
        status.pending = pending;
        ctx_->set_sync_status(std::move(status));
        return true;
      });
    }
  };
  worker_ = std::make_unique<StoreWorker>(std::move(options), inbox_);
}

void App::ApplySnapshot(std::shared_ptr<const CatalogSnapshot> snapshot) {
  ctx_->set_snapshot(std::move(snapshot));
  if (fonts_ && !fonts_->wanted().Covers(AtlasContents::Full(ctx_->m(), NeededGlyphs()))) fonts_dirty_ = true;
}

void App::PostSyncStatus(SyncStatus status) {
  inbox_.Post([this, status = std::move(status)]() mutable {
    if (status == ctx_->sync_status()) return false;
    ctx_->set_sync_status(std::move(status));
    return true;
  });
}

void App::SetHubSummary(HubSummarySource ask) {
  HubSummarySource on_ui_thread;
  if (ask) {
    on_ui_thread = [this, ask = std::move(ask)](const std::string& learner_id,
                                                std::function<void(std::optional<CityYear>)> done) {
      ask(learner_id, [this, done = std::move(done)](std::optional<CityYear> city) {
        inbox_.Post([done, city = std::move(city)] {
          done(city);
          return true;
        });
      });
    };
  }
  checkin_->set_hub_summary(on_ui_thread);
  staff_->day.set_hub_summary(std::move(on_ui_thread));
}

GlyphSet App::NeededGlyphs() const {
  GlyphSet glyphs;
  glyphs.AddUtf8(strings_->AllText());
  glyphs.AddUtf8(config_problem_);
  for (char32_t cp : ctx_->catalog().glyphs().code_points()) glyphs.Add(cp);
  return glyphs;
}

Status App::BuildFirstFonts() {
  // What the first screen draws, from a frame laid out with a stand-in atlas and never shown: only that is
  // rasterised before the first frame (a few dozen characters instead of thousands), the rest right after.
  LK_RETURN_IF_ERROR(fonts_->BuildNow(AtlasContents::StandIn(ctx_->m())));
  DrawUi();
  LK_RETURN_IF_ERROR(fonts_->BuildNow(AtlasContents::Drawn(ctx_->m(), fonts_->DrawnIn(ctx_->widgets()))));
  fonts_dirty_ = false;
  return Status::Ok();
}

void App::RequestFonts() {
  // Rasterised on the font set's thread; until it arrives the screens draw with the atlas they have.
  fonts_->Request(AtlasContents::Full(ctx_->m(), NeededGlyphs()));
  for (char32_t cp : ctx_->catalog().glyphs().unsupported()) {
    std::cerr << "learning-kiosk: the catalogue uses U+" << std::hex << uint32_t(cp) << std::dec
              << ", which the kiosk cannot show\n";
  }
  fonts_dirty_ = false;
}

ImVec2 App::ScreenSize() const { return window_->size(); }

Screen* App::CurrentScreen() { return screens_.at(ctx_->nav().current()).get(); }

void App::SetStaffGate(StaffGate gate) { ctx_->set_staff_gate(std::move(gate)); }

void App::ApplyStaffSettings(const StaffSettings& settings) {
  const bool waiting = !IdleApplies() && !staff_->active(*ctx_);  // no resident, no staff at the screen
  const Language language = config_.language;
  const bool large_text = config_.large_text;
  ApplySettings(settings, config_);
  ApplyCommandLine(options_, config_);  // the command line wins
  if (speaker_) speaker_->set_volume(config_.speech_volume);
  idle_.emplace(int64_t(config_.idle_prompt_seconds) * 1000, int64_t(config_.idle_countdown_seconds) * 1000,
                clock_->MonotonicMs());
  // A kiosk waiting for the next resident shows the new defaults at once.
  if (waiting && (config_.language != language || config_.large_text != large_text)) ResetKiosk();
}

void App::RequestExit(int exit_code) {
  exit_requested_ = true;
  exit_code_ = exit_code;
  waiter_.Wake();
}

void App::RequestFrames(int n) { frames_pending_ = std::max(frames_pending_, n); }

int App::Run() {
  while (!exit_requested_) Step(/*wait=*/true);
  return exit_code_;
}

void App::Step(bool wait) {
  std::vector<SDL_Event> events;
  // The wait is capped so that an idle kiosk still pings the systemd watchdog in time.
  waiter_.Wait(wait ? notifier_.MaxWaitMs(TimeoutMs()) : 0, &events);
  for (const SDL_Event& event : events) HandleEvent(event);
  Update();
  const bool render = frames_pending_ > 0 && !exit_requested_;
  if (render) RenderFrame();
  notifier_.Tick(SDL_GetTicks64(), render);
  if (!options_.screenshot_path.empty() && !exit_requested_ && Settled()) {
    Status written = CaptureFrame(options_.screenshot_path);
    if (!written.ok()) std::cerr << "learning-kiosk: " << written.message() << "\n";
    RequestExit(written.ok() ? 0 : 3);
  }
}

void App::HandleEvent(const SDL_Event& event) {
  const uint64_t now = clock_->MonotonicMs();
  auto input = [&] {
    idle_->OnInput(now);
    staff_->OnInput(now);
    RequestFrames();
  };
  switch (event.type) {
    case SDL_QUIT:  // the window manager, Alt+F4: residents cannot close the kiosk (a lost display: Update)
      return;
    case SDL_WINDOWEVENT:
      if (event.window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
        if (auto renewed = window_->FollowWindowSize(); !renewed.ok()) {
          std::cerr << "learning-kiosk: " << renewed.status().ToString() << "\n";
        } else if (*renewed) {
          // The new renderer has no font texture yet: what the screen shows is rasterised again now, and
          // the full atlas asked for again.
          if (Status built = fonts_->RendererLost(ctx_->widgets()); !built.ok()) {
            std::cerr << "learning-kiosk: " << built.ToString() << "\n";
          }
        }
        ctx_->set_screen_size(ScreenSize());
        Theme theme = MakeTheme(ctx_->large_text(), std::min(ScreenSize().x / 1920.0f, ScreenSize().y / 1080.0f));
        if (theme.metrics.body != ctx_->m().body) fonts_dirty_ = true;
        ctx_->set_theme(theme);
      }
      RequestFrames();  // exposed, resized, focus: redraw (SDL_WINDOWEVENT_CLOSE is ignored)
      return;
    case SDL_MOUSEBUTTONDOWN:
      if (event.button.button != SDL_BUTTON_LEFT) return;
      raw_pointer_down_ = true;
      raw_pointer_pos_ = ImVec2(float(event.button.x), float(event.button.y));
      if (speaker_) speaker_->Stop();  // any touch interrupts the speech (a tap on the speaker starts it again)
      if (idle_prompt_showing_) {  // any touch answers "are you still there?"
        swallow_until_release_ = true;
        idle_prompt_showing_ = false;
        return input();
      }
      pointer_.Press(raw_pointer_pos_);
      return input();
    case SDL_MOUSEMOTION:
      raw_pointer_pos_ = ImVec2(float(event.motion.x), float(event.motion.y));
      if (raw_pointer_down_ && !swallow_until_release_) {
        pointer_.Move(raw_pointer_pos_);
        input();
      }
      return;
    case SDL_MOUSEBUTTONUP:
      if (event.button.button != SDL_BUTTON_LEFT) return;
      raw_pointer_down_ = false;
      raw_pointer_pos_ = ImVec2(float(event.button.x), float(event.button.y));
      if (swallow_until_release_) {
        swallow_until_release_ = false;
        return input();
      }
      pointer_.Release(raw_pointer_pos_);
      return input();
    case SDL_TEXTINPUT: {
      std::vector<KeyInput> out;
      scan_->OnText(event.text.text, EventTimeMs(event.text.timestamp, now), &out);
      for (const KeyInput& k : out) Dispatch(k);
      return input();
    }
    case SDL_KEYDOWN: {
      std::vector<KeyInput> out;
      const SDL_Keycode key = event.key.keysym.sym;
      if (key == SDLK_RETURN || key == SDLK_KP_ENTER) {
        scan_->OnEnter(EventTimeMs(event.key.timestamp, now), &out);
      } else if (key == SDLK_BACKSPACE) {
        scan_->Flush(&out);
        for (const KeyInput& k : out) Dispatch(k);
        out.clear();
        CurrentScreen()->OnBackspace(*ctx_);
      }
      // Escape and Alt+F4 do nothing on purpose.
      for (const KeyInput& k : out) Dispatch(k);
      return input();
    }
    default:
      return;  // finger events (taps arrive as mouse events), the inbox's wake-ups, ...
  }
}

void App::Dispatch(const KeyInput& input) {
  if (input.kind != KeyInput::Kind::kScan) {
    CurrentScreen()->OnTyped(*ctx_, input);
    return;
  }
  std::string code = input.text;
  while (!code.empty() && (code.back() == ' ' || code.back() == '\t')) code.pop_back();
  while (!code.empty() && (code.front() == ' ' || code.front() == '\t')) code.erase(code.begin());
  for (const std::string& staff_card : config_.staff_card_ids) {
    if (code == staff_card) return ctx_->RequestStaffMode(StaffEntry::kStaffCard);
  }
  if (CurrentScreen()->OnScan(*ctx_, code)) return;
  if (ctx_->nav().current() == screen_id::kWelcome) ctx_->nav().Home();
  checkin_->CheckInScannedIdSomewhere(code);
}

bool App::IdleApplies() const {
  if (staff_->active(*ctx_)) return false;  // staff mode locks itself instead
  return ctx_->nav().stack().size() > 1 || ctx_->nav().has_pending() || ctx_->language() != config_.language ||
         ctx_->large_text() != config_.large_text || !ctx_->flow().entered_id.empty();
}

void App::ResetKiosk() {
  if (speaker_) speaker_->Stop();
  title_to_read_ = false;  // nothing of the last resident's screens is read after the reset
  ctx_->ForgetResident();
  handwriting_->Clear();
  scan_->Clear();
  pointer_.Reset();
  swallow_until_release_ = raw_pointer_down_;
  idle_prompt_showing_ = false;
  idle_->OnInput(clock_->MonotonicMs());
  RequestFrames();
}

void App::Update() {
  if (ExitSignalled()) RequestExit(0);
  if (!exit_requested_ && DisplayLost(window_ ? window_->window() : nullptr)) {
    std::cerr << "learning-kiosk: the display (Wayland compositor) is gone; exiting so the session restarts\n";
    RequestExit(4);
  }
  const uint64_t now = clock_->MonotonicMs();

  std::vector<KeyInput> typed;
  scan_->Poll(now, &typed);
  for (const KeyInput& k : typed) Dispatch(k);
  if (!typed.empty()) RequestFrames();

  if (inbox_.Drain()) RequestFrames();  // finished tasks, new snapshots, the sync status
  if (staff_->Update(*ctx_, now)) RequestFrames();

  if (corner_->Update(raw_pointer_down_, raw_pointer_pos_, ScreenSize(), ctx_->m().target, now)) {
    pointer_.Reset();  // the hold must not also tap what lies under the finger
    swallow_until_release_ = true;
    ctx_->RequestStaffMode(StaffEntry::kCornerHold);
    RequestFrames();
  }

  if (!IdleApplies()) {
    idle_->OnInput(now);
    idle_prompt_showing_ = false;
  } else {
    switch (idle_->PhaseAt(now)) {
      case IdleTimer::Phase::kActive:
        if (idle_prompt_showing_) RequestFrames();
        idle_prompt_showing_ = false;
        break;
      case IdleTimer::Phase::kPrompt:
        if (!idle_prompt_showing_ || idle_->SecondsLeft(now) != idle_seconds_shown_) RequestFrames();
        idle_prompt_showing_ = true;
        break;
      case IdleTimer::Phase::kExpired:
        ResetKiosk();
        break;
    }
  }

  const int64_t minute = clock_->WallNow() / kMsPerMinute;
  if (minute != minute_shown_) {
    minute_shown_ = minute;
    RequestFrames();
  }
  if (pointer_.HasQueued() || ctx_->nav().has_pending()) RequestFrames(1);
}

int App::TimeoutMs() const {
  if (frames_pending_ > 0 || exit_requested_ || ExitSignalled()) return 0;
  const uint64_t now = clock_->MonotonicMs();
  const TimeMs wall = clock_->WallNow();
  uint64_t deadline = now + uint64_t(kMsPerMinute - wall % kMsPerMinute) + 5;  // the clock's next minute
  if (IdleApplies()) deadline = std::min(deadline, idle_->NextChangeAt(now));
  if (auto d = scan_->Deadline()) deadline = std::min(deadline, *d);
  if (auto d = corner_->Deadline()) deadline = std::min(deadline, *d);
  if (auto d = staff_->Deadline(*ctx_)) deadline = std::min(deadline, *d);
  // A signal cannot wake the wait safely, so never sleep longer than a second (SIGTERM is seen within it).
  deadline = std::min(deadline, now + kMaxSleepMs);
  return deadline > now ? int(deadline - now) : 0;
}

void App::DrawUi() {
  ImGuiIO& io = ImGui::GetIO();
  ImGui_ImplSDLRenderer_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  pointer_.ApplyTo(io);
  ImGui::NewFrame();

  ctx_->widgets().BeginFrame();
  fonts_->ReleaseRetired();  // atlases replaced before this frame: the log that referred to them is gone
  ctx_->set_screen_size(io.DisplaySize);
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(io.DisplaySize);
  // No window background: the renderer clears to the same colour, and a full-screen blended fill costs
  // the software renderer milliseconds every frame.
  ImGui::Begin("##screen", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoScrollWithMouse |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoBackground);
  ImGui::PushID(ctx_->nav().current().c_str());
  ctx_->set_title("");
  CurrentScreen()->Draw(*ctx_);
  ImGui::PopID();
  if (std::exchange(title_to_read_, false)) ReadTitle();
  ImGui::End();
  if (idle_prompt_showing_) {
    const uint64_t now = clock_->MonotonicMs();
    idle_seconds_shown_ = idle_->SecondsLeft(now);
    if (DrawIdlePrompt(*ctx_, idle_seconds_shown_)) {
      idle_->OnInput(now);
      idle_prompt_showing_ = false;
    }
  }
  ImGui::Render();
}

void App::RenderFrame() {
  const auto started = std::chrono::steady_clock::now();
  if (auto large = ctx_->TakeLargeTextRequest(); large && *large != ctx_->large_text()) {
    ctx_->set_theme(MakeTheme(*large, std::min(ScreenSize().x / 1920.0f, ScreenSize().y / 1080.0f)));
    fonts_dirty_ = true;
  }
  if (fonts_dirty_) RequestFonts();
  DrawUi();

  const ImVec4 bg = ctx_->colors().background;
  SDL_SetRenderDrawColor(window_->renderer(), Uint8(bg.x * 255), Uint8(bg.y * 255), Uint8(bg.z * 255), 255);
  SDL_RenderClear(window_->renderer());
  ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
  if (!capture_path_.empty()) {
    capture_status_ = WriteRendererPng(window_->renderer(), capture_path_);
    capture_path_.clear();
  }
  if (Status shown = window_->Present(); !shown.ok()) {
    std::cerr << "learning-kiosk: " << shown.ToString() << "\n";  // a lost compositor: Update() ends the app
  }
  ++frames_rendered_;
  last_frame_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  if (frames_rendered_ == 1 && std::getenv("LK_REPORT_FIRST_FRAME")) {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    std::cerr << "learning-kiosk: first-frame monotonic_ns=" << (int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec) << "\n";
  }
  if (frames_rendered_ == 1) RequestFonts();  // the full atlas, now that the first screen is up
  --frames_pending_;
  ApplyNavigation();
}

void App::ApplyNavigation() {
  if (!ctx_->nav().ApplyPending()) return;
  if (speaker_) speaker_->Stop();  // what was read belongs to the screen just left
  CurrentScreen()->OnEnter(*ctx_);
  title_to_read_ = true;
  RequestFrames();
}

void App::ReadTitle() {
  if (!speaker_ || !config_.read_titles || !ctx_->large_text() || staff_->active(*ctx_)) return;
  if (idle_prompt_showing_ || ctx_->title().empty()) return;  // the welcome screen has no title
  speaker_->Speak(ctx_->title(), ctx_->language());
}

void App::OpenScreen(std::string_view id, bool preview) {
  if (id == screen_id::kWelcome) {
    ctx_->nav().ResetToRoot();
  } else {
    ctx_->nav().Home();
    if (id != screen_id::kHome) ctx_->nav().Push(id);
  }
  ApplyNavigation();
  if (preview) CurrentScreen()->Preview(*ctx_);
  RequestFrames();
}

Status App::CaptureFrame(const std::string& path) {
  capture_path_ = path;
  capture_status_ = Status::Ok();
  RequestFrames(1);
  RenderFrame();
  return capture_status_;
}

bool App::Settled() const {
  if (fonts_dirty_ || !fonts_->idle() || pointer_.HasQueued() || ctx_->nav().has_pending() || frames_pending_ > 0) {
    return false;
  }
  return !worker_ || (worker_->started() && worker_->outstanding() == 0);
}

}  // namespace lk::ui
