#include "kiosk/app/event_waiter.h"

#include <algorithm>
#include <chrono>
#include <string_view>

namespace lk::ui {
namespace {

constexpr int kPollIntervalMs = 10;

}  // namespace

void EventWaiter::UseCurrentVideoDriver() {
  const char* driver = SDL_GetCurrentVideoDriver();
  std::string_view name = driver ? driver : "";
  if (name == "x11" || name == "wayland" || name == "windows" || name == "cocoa") {
    mode_ = Mode::kSdlWait;
  } else if (name == "offscreen" || name == "dummy") {
    mode_ = Mode::kConditionVariable;
  } else {
    mode_ = Mode::kPoll;
  }
}

void EventWaiter::Wait(int timeout_ms, std::vector<SDL_Event>* events) {
  SDL_Event event;
  auto drain = [&] {
    while (SDL_PollEvent(&event)) {
      if (event.type != SDL_USEREVENT) events->push_back(event);
    }
  };
  timeout_ms = std::max(0, timeout_ms);
  if (mode_ == Mode::kSdlWait) {
    if (timeout_ms > 0 && SDL_WaitEventTimeout(&event, timeout_ms) && event.type != SDL_USEREVENT) events->push_back(event);
    drain();
    return;
  }
  drain();
  if (!events->empty() || timeout_ms == 0) return;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  std::unique_lock lock(mutex_);
  while (!woken_) {
    auto until = mode_ == Mode::kPoll
                     ? std::min(deadline, std::chrono::steady_clock::now() + std::chrono::milliseconds(kPollIntervalMs))
                     : deadline;
    cv_.wait_until(lock, until, [this] { return woken_; });
    if (woken_ || std::chrono::steady_clock::now() >= deadline) break;
    lock.unlock();
    drain();
    lock.lock();
    if (!events->empty()) break;
  }
  woken_ = false;
  lock.unlock();
  drain();
}

void EventWaiter::Wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  cv_.notify_one();
  if (mode_ == Mode::kSdlWait) {
    SDL_Event event{};
    event.type = SDL_USEREVENT;
    SDL_PushEvent(&event);
  }
}

}  // namespace lk::ui
