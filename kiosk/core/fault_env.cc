#include "kiosk/core/fault_env.h"

namespace lk {

TimeMs FaultEnv::WallNowMs() {
  std::lock_guard lock(mutex_);
  return frozen_wall_ ? *frozen_wall_ : base_->WallNowMs() + wall_offset_;
}

int64_t FaultEnv::MonotonicMs() {
  std::lock_guard lock(mutex_);
  return frozen_monotonic_ ? *frozen_monotonic_ : base_->MonotonicMs() + monotonic_offset_;
}

Status FaultEnv::WriteFileAtomically(const std::string& path, std::string_view bytes, const WriteFileOptions& options) {
  {
    std::lock_guard lock(mutex_);
    ++writes_;
    if (failing_writes_ > 0) {
      --failing_writes_;
      return FileError(failure_errno_, "write", path);
    }
  }
  return base_->WriteFileAtomically(path, bytes, options);
}

Result<uint64_t> FaultEnv::FreeBytes(const std::string& dir) {
  {
    std::lock_guard lock(mutex_);
    if (free_bytes_) return *free_bytes_;
  }
  return base_->FreeBytes(dir);
}

void FaultEnv::Freeze() {
  TimeMs wall = WallNowMs();
  int64_t monotonic = MonotonicMs();
  std::lock_guard lock(mutex_);
  frozen_wall_ = wall;
  frozen_monotonic_ = monotonic;
}

void FaultEnv::Advance(TimeMs ms) {
  if (ms < 0) ms = 0;  // time does not pass backwards; JumpWall steps the wall clock back
  std::lock_guard lock(mutex_);
  (frozen_wall_ ? *frozen_wall_ : wall_offset_) += ms;
  (frozen_monotonic_ ? *frozen_monotonic_ : monotonic_offset_) += ms;
}

void FaultEnv::JumpWall(TimeMs delta_ms) {
  std::lock_guard lock(mutex_);
  (frozen_wall_ ? *frozen_wall_ : wall_offset_) += delta_ms;
}

void FaultEnv::SetWallMs(TimeMs wall_ms) {
  JumpWall(wall_ms - WallNowMs());
}

void FaultEnv::FailNextWrites(int count, int err) {
  std::lock_guard lock(mutex_);
  failing_writes_ = count;
  failure_errno_ = err;
}

void FaultEnv::SetFreeBytes(std::optional<uint64_t> bytes) {
  std::lock_guard lock(mutex_);
  free_bytes_ = bytes;
}

int FaultEnv::writes() const {
  std::lock_guard lock(mutex_);
  return writes_;
}

}  // namespace lk
