// SyncStatus: what the kiosk knows about its sync with the hub, as one plain value.
//
// The sync worker (sync/client/sync_worker.h) makes a fresh one after every step; the kiosk app keeps the
// newest on its UI thread (posted through its UiInbox) for the resident screens' calm indicator and the
// staff sync panel, and `kioskctl status` prints the same facts. `pending` is read from SQLite (pending +
// in flight), never counted separately; the app's store worker refreshes it after every check-in too.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "kiosk/core/domain.h"

namespace lk {

struct SyncStatus {
  bool enrolled = false;             // false: no hub configured (or nothing reported yet)
  bool online = false;               // the last exchange with the hub succeeded
  bool busy = false;                 // a push or pull is under way
  int64_t pending = 0;               // waiting to be sent (in flight included), from SQLite
  TimeMs oldest_pending_at = 0;      // 0 when nothing is pending
  int64_t set_aside = 0;             // rejected/conflicting at the hub: staff attention
  TimeMs last_success_at = 0;        // 0: never
  std::string last_error;            // in words, "" when none yet
  TimeMs last_error_at = 0;
  std::optional<int64_t> clock_skew_ms;  // kiosk minus hub, from the last heartbeat
  std::string catalog_version;
  uint64_t catalog_generation = 0;   // increases whenever the worker wrote a new catalogue
  TimeMs next_attempt_at = 0;        // when the worker will try again after a failure (0: not waiting)
  std::string hub_url;
  std::string device_id;
  bool operator==(const SyncStatus&) const = default;
};

}  // namespace lk
