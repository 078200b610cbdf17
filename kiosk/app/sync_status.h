// SyncStatusBoard: the one place the resident screens read how uploading stands, for a calm indicator
// ("在线 / Online" or "离线，N 条待上传 / Offline, N waiting").
//
// Writers: the UI's Backend worker fills `pending` from Outbox::Stats(); the sync thread (its own issue) will
// set the connection and last error. Every setter wakes the UI (the callback given to SetWake) when the
// value changes. Thread-safe: any thread may read or write.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>

#include "kiosk/core/domain.h"

namespace lk::ui {

enum class SyncConnection {
  kUnknown,  // nothing reported yet (no sync configured, or the first attempt has not finished)
  kOnline,
  kOffline,
};

struct SyncStatus {
  SyncConnection connection = SyncConnection::kUnknown;
  int64_t pending = 0;     // check-ins waiting to be uploaded
  std::string last_error;  // for staff screens; resident screens do not show it
  TimeMs last_success_at = 0;
  bool operator==(const SyncStatus&) const = default;
};

class SyncStatusBoard {
 public:
  SyncStatus Get() const;
  void SetConnection(SyncConnection connection, TimeMs at);
  void SetPending(int64_t pending);
  void SetLastError(std::string error);
  // `wake` runs (on the writer's thread) after a change; it must not call back into the board.
  void SetWake(std::function<void()> wake);

 private:
  void Change(const std::function<void(SyncStatus&)>& edit);
  mutable std::mutex mutex_;
  SyncStatus status_;
  std::function<void()> wake_;
};

}  // namespace lk::ui
