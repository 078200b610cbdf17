#include "kiosk/app/ui_driver.h"

#include <cstdlib>

namespace lk::ui {

Result<std::unique_ptr<UiDriver>> UiDriver::Start(AppOptions options, TimeMs wall_start, bool settle) {
  setenv("SDL_VIDEODRIVER", "dummy", /*overwrite=*/0);
  setenv("SDL_RENDER_DRIVER", "software", 0);
  setenv("SDL_AUDIODRIVER", "dummy", 0);  // read-aloud plays into nothing, at real-time pace
  if (options.window_width == 0) options.window_width = 1920, options.window_height = 1080;
  auto clock = std::make_unique<ManualUiClock>(wall_start, 1'000'000);
  ManualUiClock* clock_ptr = clock.get();
  LK_ASSIGN_OR_RETURN(std::unique_ptr<App> app, App::Create(std::move(options), std::move(clock)));
  std::unique_ptr<UiDriver> driver(new UiDriver(std::move(app), clock_ptr));
  if (settle) driver->Settle();
  return driver;
}

void UiDriver::Settle() {
  for (int i = 0; i < 200; ++i) {
    app_->Step(/*wait=*/false);
    if (!app_->Settled()) {
      if (app_->worker()) app_->worker()->WaitUntilIdle();  // e.g. a PIN check on the worker
      app_->fonts().WaitUntilBuilt();                       // an atlas on the font set's thread
      continue;
    }
    if (!app_->worker()) return;
    app_->worker()->WaitUntilIdle();
    app_->Step(false);  // take what the worker finished (a refresh it ran on its own)
    if (app_->Settled()) return;
  }
}

bool UiDriver::Tap(const WidgetRecord* widget) {
  if (!widget || !widget->enabled) return false;
  ImVec2 c = widget->rect.GetCenter();
  TapAt(c.x, c.y);
  return true;
}

bool UiDriver::TapLabel(std::string_view label) { return Tap(widgets().FindByLabel(label)); }
bool UiDriver::TapId(std::string_view id) { return Tap(widgets().FindById(id)); }

void UiDriver::TapAt(float x, float y) {
  SDL_Event event{};
  event.type = SDL_MOUSEBUTTONDOWN;
  event.button.button = SDL_BUTTON_LEFT;
  event.button.state = SDL_PRESSED;
  event.button.x = int(x), event.button.y = int(y);
  event.button.which = SDL_TOUCH_MOUSEID;  // as a finger's tap arrives
  event.button.timestamp = Uint32(clock_->MonotonicMs());
  app_->HandleEvent(event);
  event.type = SDL_MOUSEBUTTONUP;
  event.button.state = SDL_RELEASED;
  app_->HandleEvent(event);
  Settle();
}

void UiDriver::Drag(const std::vector<ImVec2>& points) {
  SDL_Event event{};
  event.type = SDL_MOUSEBUTTONDOWN;
  event.button.button = SDL_BUTTON_LEFT;
  event.button.state = SDL_PRESSED;
  event.button.x = int(points.front().x), event.button.y = int(points.front().y);
  event.button.which = SDL_TOUCH_MOUSEID;
  event.button.timestamp = Uint32(clock_->MonotonicMs());
  app_->HandleEvent(event);
  app_->Step(false);
  for (size_t i = 1; i < points.size(); ++i) {
    SDL_Event motion{};
    motion.type = SDL_MOUSEMOTION;
    motion.motion.which = SDL_TOUCH_MOUSEID;
    motion.motion.state = SDL_BUTTON_LMASK;
    motion.motion.x = int(points[i].x), motion.motion.y = int(points[i].y);
    motion.motion.timestamp = Uint32(clock_->MonotonicMs());
    app_->HandleEvent(motion);
    app_->Step(false);
  }
  event.type = SDL_MOUSEBUTTONUP;
  event.button.state = SDL_RELEASED;
  event.button.x = int(points.back().x), event.button.y = int(points.back().y);
  app_->HandleEvent(event);
  Settle();
}

void UiDriver::Type(std::string_view text, int interval_ms, bool enter) {
  for (char c : text) {
    SDL_Event event{};
    event.type = SDL_TEXTINPUT;
    event.text.timestamp = Uint32(clock_->MonotonicMs());
    event.text.text[0] = c;
    app_->HandleEvent(event);
    app_->Step(false);
    clock_->Advance(interval_ms);
  }
  if (enter) {
    SDL_Event event{};
    event.type = SDL_KEYDOWN;
    event.key.timestamp = Uint32(clock_->MonotonicMs());
    event.key.keysym.sym = SDLK_RETURN;
    event.key.keysym.scancode = SDL_SCANCODE_RETURN;
    app_->HandleEvent(event);
  } else {
    clock_->Advance(1000);  // let the scanner detector release the held characters as typing
  }
  Settle();
}

void UiDriver::Send(const SDL_Event& event) {
  app_->HandleEvent(event);
  Settle();
}

void UiDriver::Advance(int64_t ms) {
  while (ms > 0) {
    int64_t step = std::min<int64_t>(ms, 1000);
    clock_->Advance(step);
    ms -= step;
    app_->Step(false);
  }
  Settle();
}

Status UiDriver::Screenshot(const std::string& path) { return app_->CaptureFrame(path); }

}  // namespace lk::ui
