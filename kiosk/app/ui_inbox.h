// UiInbox: the UI thread's "do later" queue. Any thread posts a closure; the frame loop drains the queue
// once per frame (App::Update) and runs the closures there, so what they change (the screens' models,
// the catalogue snapshot, the sync indicator) is only ever touched on the UI thread. Each closure says
// whether it changed anything on screen; only then does the frame loop draw again (an idle kiosk whose
// background refresh found nothing new stays asleep).
//
// Posting wakes the frame loop through the `wake` callback (called on the posting thread). Closures that
// are still queued when the inbox is destroyed are dropped without running: everything a closure refers
// to is owned by the App, which destroys the threads that post before the inbox.
// Thread-safety: Post from any thread; Drain on the UI thread only.
#pragma once

#include <functional>
#include <mutex>
#include <vector>

namespace lk::ui {

class UiInbox {
 public:
  explicit UiInbox(std::function<void()> wake) : wake_(std::move(wake)) {}
  UiInbox(const UiInbox&) = delete;
  UiInbox& operator=(const UiInbox&) = delete;

  // `apply` returns true when it changed what the screens show.
  void Post(std::function<bool()> apply);
  // Runs what was posted before the call, in order; true when any of it changed what is shown.
  bool Drain();

 private:
  const std::function<void()> wake_;
  std::mutex mutex_;
  std::vector<std::function<bool()>> queued_;
};

}  // namespace lk::ui
