// SyncWorker: the kiosk's background sync, on its own thread with its own SQLite connection
// (SyncEngine); it never touches the UI's connection and never blocks drawing.
//
// When it works:
// - at start, then whenever Poke() says a check-in was written, or the database changed under another
//   connection (checked every few seconds with PRAGMA data_version), or the network came back
//   (netlink): push everything pending;
// - after a failure: exponential backoff with full jitter (2 s .. 10 min), at least the hub's
//   Retry-After; a Poke or a network change retries at once unless the hub asked to wait (Retry-After);
// - every heartbeat interval ([sync] heartbeat_seconds): heartbeat and catalogue pull;
// - once a day: prune acknowledged records older than [sync] retention_days.
// Status: a SyncStatus snapshot (status()) and the optional on_status callback after every step.
// The hub's learner summary for the confirmation screen is fetched on a second small thread with its
// own connection within a time budget (FetchLearnerSummary), so it never waits behind a push; asked to,
// it first lets a push round carry the check-in just made (the hub answers only about a learner the
// centre has seen, and the year should include today), waiting for it at most two thirds of the budget.
// Thread-safety: all public methods may be called from any thread. Stop() (and the destructor) abort
// a transfer in progress and join within about a second.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "kiosk/core/config.h"
#include "kiosk/core/env.h"
#include "kiosk/core/status.h"
#include "sync/client/backoff.h"
#include "sync/client/learner_summary_client.h"
#include "sync/client/sync_status.h"
#include "sync/protocol/learner_summary.h"

namespace lk::sync {

struct SyncWorkerOptions {
  std::string data_dir;
  KioskConfig config;
  std::string app_version = DefaultAppVersion();
  uint64_t seed = 0;                 // backoff jitter; 0: from std::random_device
  bool watch_network = true;         // netlink: retry at once when an interface or address comes up
  int data_version_poll_ms = 2000;   // how often to look for check-ins written by other processes
  Env* env = Env::Default();          // the clock its schedule and status read (borrowed; the engine's too)
  // Called on the worker thread after every step with the new snapshot; keep it short (copy and return).
  std::function<void(const SyncStatus&)> on_status;
};

using LearnerSummaryCallback = std::function<void(const std::string& learner_id, Result<LearnerSummary> summary)>;

struct LearnerSummaryRequest {
  int budget_ms = kLearnerSummaryTimeoutMs;  // the whole request, the push it waits for included
  bool after_push = false;  // poke a push and wait (within the budget) for a round begun after the request
};

class SyncWorker {
 public:
  explicit SyncWorker(SyncWorkerOptions options);
  ~SyncWorker();
  SyncWorker(const SyncWorker&) = delete;
  SyncWorker& operator=(const SyncWorker&) = delete;

  // True when the data directory holds enrolment credentials (the worker has something to do).
  static bool IsEnrolled(const std::string& data_dir);

  void Start();
  void Stop();
  // A check-in was written: push promptly.
  void Poke();
  // The network changed (the netlink watcher calls this; callers may too).
  void NetworkChanged();
  SyncStatus status() const;

  // Asks the hub for `learner_id`'s learning record; `done` runs on the summary thread (within about
  // the budget once the request is taken up) with the summary, or an error (then show the local count
  // and say it is local). A newer request replaces one not yet started (whose `done` gets an error).
  void FetchLearnerSummary(const std::string& learner_id, LearnerSummaryCallback done,
                           LearnerSummaryRequest how = {});

 private:
  void Run();
  void RunSummaries();
  void WatchNetwork();
  void Publish(const SyncStatus& status);

  SyncWorkerOptions options_;
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool poked_ = false;
  bool network_changed_ = false;
  SyncStatus status_;
  std::thread thread_;
  std::thread net_thread_;

  std::mutex summary_mutex_;
  std::condition_variable summary_wake_;
  struct SummaryJob {
    std::string learner_id;
    LearnerSummaryCallback done;
    LearnerSummaryRequest how;
    uint64_t push_round_needed = 0;  // after_push: pushes_finished_ must reach this
  };
  std::deque<SummaryJob> summary_requests_;
  // Push rounds begun and finished (guarded by mutex_; push_done_ is told when one finishes).
  uint64_t pushes_started_ = 0;
  uint64_t pushes_finished_ = 0;
  std::condition_variable push_done_;
  std::thread summary_thread_;
  bool started_ = false;
};

}  // namespace lk::sync
