// SyncStatus: what the kiosk knows about its sync with the hub, as one plain value.
//
// The sync worker publishes a fresh snapshot after every step; the resident screens show the calm
// indicator (IndicatorText: online, or offline with N waiting), staff screens and `kioskctl status` the
// rest. `pending` is read from SQLite (pending + in flight), never counted separately.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "kiosk/core/domain.h"

namespace lk::sync {

// device_state keys (kioskctl status reads the same names).
constexpr const char* kLastSuccessKey = "sync.last_success";
constexpr const char* kLastErrorKey = "sync.last_error";
constexpr const char* kLastErrorAtKey = "sync.last_error_at";

struct SyncStatus {
  bool enrolled = false;
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
};

// "learning-kiosk/0.1.0": the app version sent in heartbeats and as the User-Agent.
std::string DefaultAppVersion();

// The resident screens' indicator: "在线" / "Online", or "离线 · 3 条记录待上传" / "Offline · 3 waiting".
std::string IndicatorText(const SyncStatus& status, Language language);

}  // namespace lk::sync
