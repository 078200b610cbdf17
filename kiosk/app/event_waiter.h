// EventWaiter: sleeps until SDL has an event, another thread wakes the UI, or a deadline passes - without
// spinning, so an idle kiosk uses almost no CPU.
//
// SDL_WaitEventTimeout blocks properly only on video drivers that can wait (x11, wayland, windows, cocoa);
// elsewhere it polls every millisecond. On the headless drivers (offscreen, dummy), which have no input of
// their own, this waits on a condition variable that Wake() signals; on other drivers that cannot wait
// (kmsdrm) it pumps SDL's events at a short interval.
// Wake() may be called from any thread (also before UseCurrentVideoDriver); everything else on the UI
// thread.
#pragma once

#include <SDL.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <vector>

namespace lk::ui {

class EventWaiter {
 public:
  // Picks how to wait from SDL_GetCurrentVideoDriver(); call once the video subsystem is up.
  void UseCurrentVideoDriver();
  // Waits up to `timeout_ms` (0: just poll) and appends every pending event to `events`.
  void Wait(int timeout_ms, std::vector<SDL_Event>* events);
  // Ends a Wait early (also pushes an SDL_USEREVENT, which wakes drivers that can wait; Wait drops it).
  void Wake();

 private:
  enum class Mode { kSdlWait, kConditionVariable, kPoll };
  std::atomic<Mode> mode_{Mode::kPoll};
  std::mutex mutex_;
  std::condition_variable cv_;
  bool woken_ = false;
};

}  // namespace lk::ui
