// Backend: the UI's worker thread. It alone touches the kiosk database, so drawing never waits for I/O.
//
// The worker opens its own KioskStore (importing the demo catalogue first in --demo), publishes the
// catalogue as an immutable CatalogSnapshot, executes check-ins (with the learner's summary for the year),
// and every `refresh_interval` (or when poked) re-reads the catalogue if CatalogStore::State() says it
// changed (sync, kioskctl), refreshes today's check-in counts, and reports the outbox's pending count to
// the SyncStatusBoard. It also runs jobs posted by staff mode (Post), in turn with the check-ins. Each
// result wakes the UI through the `wake` callback (called on the worker thread).
//
// Thread-safety: every public method may be called from any thread; in practice the UI thread submits
// and takes results. Ownership: the Backend owns its thread; the destructor finishes the command in
// progress, drops queued ones and joins.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "kiosk/app/catalog_snapshot.h"
#include "kiosk/app/sync_status.h"
#include "kiosk/app/ui_clock.h"
#include "kiosk/core/attendance_store.h"
#include "kiosk/core/checkin_policy.h"
#include "kiosk/core/kiosk_store.h"
#include "kiosk/core/status.h"
#include "kiosk/core/time_zone.h"

namespace lk::ui {

struct CheckInReply {
  uint64_t request_id = 0;
  std::string learner_id;
  std::string session_id;
  Status status;                  // ok, or why nothing was written
  CheckInResult result;           // when ok
  LearnerSummary year_summary;    // when ok: this learner's check-ins on this kiosk this calendar year
};

class Backend {
 public:
  struct Options {
    std::string data_dir;
    std::string import_catalog_path;  // --demo: replace the catalogue with this file first
    CheckInPolicy policy{"[0-9A-Za-z-]{4,32}", 30};
    TimeZone zone = TimeZone::Utc();
    int refresh_interval_ms = 5000;
  };

  Backend(Options options, const UiClock& clock, SyncStatusBoard& sync_status, std::function<void()> wake);
  ~Backend();
  Backend(const Backend&) = delete;
  Backend& operator=(const Backend&) = delete;

  // Queues a check-in at `now`; the reply carries the returned id.
  uint64_t SubmitCheckIn(std::string learner_id, std::string session_id, RecordSource source, TimeMs now);
  // Asks for a refresh now rather than at the next interval.
  void Poke();
  // Runs `job` on the worker, in turn with the check-ins, with the worker's store (null when it could not
  // be opened); the UI is woken after it. Staff mode's reads, corrections and exports go this way.
  void Post(std::function<void(KioskStore*)> job);

  // The newest snapshot (Empty() until the first load finishes).
  std::shared_ptr<const CatalogSnapshot> snapshot() const;
  // True once the first load finished or failed.
  bool started() const;
  // Waits up to `timeout` for started(); returns started().
  bool WaitUntilStarted(std::chrono::milliseconds timeout);
  // Set when the store could not be opened or read; check-ins then fail with it.
  std::optional<Status> store_error() const;
  std::vector<CheckInReply> TakeReplies();
  // Blocks until the first load is over and no command is queued or running (tests, screenshots).
  void WaitUntilIdle();

 private:
  struct Command {
    uint64_t id;
    std::string learner_id, session_id;
    RecordSource source;
    TimeMs now;
  };
  struct Worker;  // the worker thread's own state (store, last seen catalogue state)

  void Run();
  void Publish(std::shared_ptr<const CatalogSnapshot> snapshot);

  const Options options_;
  const UiClock& clock_;
  SyncStatusBoard& sync_status_;
  const std::function<void()> wake_;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Command> commands_;
  std::deque<std::function<void(KioskStore*)>> jobs_;
  std::vector<CheckInReply> replies_;
  std::shared_ptr<const CatalogSnapshot> snapshot_;
  std::optional<Status> store_error_;
  uint64_t next_id_ = 1;
  bool started_ = false;
  bool busy_ = false;
  bool poked_ = false;
  bool stopping_ = false;
  std::thread thread_;  // last: starts after every other member is ready
};

}  // namespace lk::ui
