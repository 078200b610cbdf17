// FaultEnv: an Env for tests that wraps a real one (Env::Default() unless told) and can
//   - freeze both clocks, move them on (Advance: time passes), or jump the wall clock alone
//     (JumpWall, SetWallMs: NTP or an operator stepped it, forward or back);
//   - fail the next N WriteFileAtomically calls with a chosen errno (ENOSPC, EIO, EROFS ...): the call
//     returns what the real Env returns for that error (FileError) and leaves the disk untouched, the
//     state a real failure leaves (old file intact, no temporary file);
//   - report a chosen free space.
// Everything not faulted goes to the wrapped Env. Thread-safe (one mutex); borrows the wrapped Env.
#pragma once

#include <mutex>
#include <optional>

#include "kiosk/core/env.h"

namespace lk {

class FaultEnv final : public Env {
 public:
  explicit FaultEnv(Env* base = Env::Default()) : base_(base) {}

  TimeMs WallNowMs() override;
  int64_t MonotonicMs() override;
  Status WriteFileAtomically(const std::string& path, std::string_view bytes,
                             const WriteFileOptions& options = {}) override;
  Result<uint64_t> FreeBytes(const std::string& dir) override;

  // Both clocks stop where they are (later calls to Advance, JumpWall and SetWallMs move them).
  void Freeze();
  // Both clocks move forward by `ms` (>= 0) from wherever they are; they stay frozen if they were.
  void Advance(TimeMs ms);
  // The wall clock alone jumps by `delta_ms` (either sign); the monotonic clock is untouched.
  void JumpWall(TimeMs delta_ms);
  // The wall clock jumps to `wall_ms`.
  void SetWallMs(TimeMs wall_ms);

  // The next `count` WriteFileAtomically calls fail with `err` (an errno).
  void FailNextWrites(int count, int err);
  // FreeBytes answers `bytes` (nullopt: the wrapped Env's answer).
  void SetFreeBytes(std::optional<uint64_t> bytes);
  // WriteFileAtomically calls so far, failed ones included.
  int writes() const;

 private:
  Env* const base_;
  mutable std::mutex mutex_;
  // A clock reads the wrapped one plus its offset, or its frozen value.
  TimeMs wall_offset_ = 0, monotonic_offset_ = 0;
  std::optional<TimeMs> frozen_wall_, frozen_monotonic_;
  int failing_writes_ = 0, failure_errno_ = 0, writes_ = 0;
  std::optional<uint64_t> free_bytes_;
};

}  // namespace lk
