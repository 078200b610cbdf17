// StoreWorker: the one way the kiosk app does work off the UI thread (in the spirit of ImHex's task
// manager). A task is `work(KioskStore&) -> Result<T>`, run on the worker thread, and `done(Result<T>)`,
// posted back to the UiInbox and run on the UI thread when the frame loop drains it. Check-ins, staff mode's
// reads and writes, and the catalogue refresh all go this way, so drawing never waits on I/O and only the
// worker touches its database connection.
//
// The worker opens the store first (Options::open; a failure is kept, and every task's `done` then gets
// it). After each task, and every `refresh_interval` or when poked, it runs Options::refresh, which
// re-reads what the task or another process changed (the catalogue and its counts, the outbox) and posts
// what changed, then lets SQLite copy the WAL into the database (after the resident has their answer,
// never inside their commit).
// Tasks run one at a time in the order they were given, except that a resident's (a check-in) goes ahead
// of staff work still queued: the person at the screen never waits behind an export.
//
// Thread-safety: Run, Poke, outstanding() on the UI thread (outstanding counts tasks whose `done` has not
// run yet); the waits from any thread. Ownership: the worker owns its thread and the store; the destructor
// finishes the task in progress, drops queued ones and joins. Closures still waiting in the inbox refer to
// the worker, so the inbox must not be drained after the worker is gone.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "kiosk/app/ui_inbox.h"
#include "kiosk/core/kiosk_store.h"
#include "kiosk/core/status.h"

namespace lk::ui {

class StoreWorker {
 public:
  struct Options {
    std::function<Result<KioskStore>()> open;
    std::function<void(KioskStore&)> refresh;  // may be empty
    std::chrono::milliseconds refresh_interval{5000};
  };

  StoreWorker(Options options, UiInbox& inbox);
  ~StoreWorker();
  StoreWorker(const StoreWorker&) = delete;
  StoreWorker& operator=(const StoreWorker&) = delete;

  enum class Turn { kInOrder, kResidentFirst };

  template <typename T>
  void Run(std::function<Result<T>(KioskStore&)> work, std::function<void(Result<T>)> done,
           Turn turn = Turn::kInOrder) {
    ++outstanding_;
    Enqueue(turn, [this, work = std::move(work), done = std::move(done)](KioskStore* store) {
      auto result = std::make_shared<Result<T>>(store ? work(*store) : Result<T>(NotOpen()));
      inbox_.Post([this, done, result] {
        --outstanding_;
        done(std::move(*result));
        return true;  // a task's result is always news for its screen
      });
    });
  }

  // Runs the refresh now rather than at the next interval (after staff corrections, say).
  void Poke();
  int outstanding() const { return outstanding_; }
  // True once the store was opened (or failed to open) and refreshed for the first time.
  bool started() const;
  bool WaitUntilStarted(std::chrono::milliseconds timeout);
  // Blocks until the worker has started and has nothing queued or running (its results may still wait in
  // the inbox). For tests and screenshots.
  void WaitUntilIdle();

 private:
  using Job = std::function<void(KioskStore*)>;
  void Enqueue(Turn turn, Job job);
  Status NotOpen() const;  // worker thread
  void AfterWork();        // worker thread
  void Loop();

  const Options options_;
  UiInbox& inbox_;
  int outstanding_ = 0;  // UI thread
  std::optional<KioskStore> store_;  // worker thread
  Status open_error_;                // worker thread, set before any job runs

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Job> resident_jobs_;  // taken before jobs_
  std::deque<Job> jobs_;
  bool started_ = false;
  bool busy_ = false;
  bool poked_ = false;
  bool stopping_ = false;
  std::thread thread_;  // last: starts after every other member is ready
};

}  // namespace lk::ui
