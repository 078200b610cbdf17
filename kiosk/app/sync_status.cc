#include "kiosk/app/sync_status.h"

namespace lk::ui {

SyncStatus SyncStatusBoard::Get() const {
  std::lock_guard lock(mutex_);
  return status_;
}

void SyncStatusBoard::SetConnection(SyncConnection connection, TimeMs at) {
  Change([&](SyncStatus& s) {
    s.connection = connection;
    if (connection == SyncConnection::kOnline) s.last_success_at = at;
  });
}

void SyncStatusBoard::SetPending(int64_t pending) {
  Change([&](SyncStatus& s) { s.pending = pending; });
}

void SyncStatusBoard::SetLastError(std::string error) {
  Change([&](SyncStatus& s) { s.last_error = std::move(error); });
}

void SyncStatusBoard::SetWake(std::function<void()> wake) {
  std::lock_guard lock(mutex_);
  wake_ = std::move(wake);
}

void SyncStatusBoard::Change(const std::function<void(SyncStatus&)>& edit) {
  std::function<void()> wake;
  {
    std::lock_guard lock(mutex_);
    SyncStatus before = status_;
    edit(status_);
    if (status_ == before) return;
    wake = wake_;
  }
  if (wake) wake();
}

}  // namespace lk::ui
