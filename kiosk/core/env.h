// Env: what the product asks of the operating system besides SQLite and sockets (LevelDB's idea): the
// clocks and the few file operations it does. Code that reads the time or writes a whole file takes an
// Env (default Env::Default()), so tests can hand it a FaultEnv (kiosk/core/fault_env.h) that freezes or
// jumps the clock, fails writes or reports a full disk, instead of sleeping or mounting a small disk.
//
// Env::Default() is the real one, shared by the whole process. Its wall clock honours `LK_FAKE_NOW`
// (RFC 3339) in the environment, read once: tests that run kioskctl, the kiosk or learning-hub as a
// real process pin "now" that way (a session "later today" whatever the hour); unset, it is the system
// clock. The monotonic clock is never shifted.
//
// Thread-safety: every method of every Env may be called from any thread. Ownership: Default() lives
// for the whole process; code that takes an Env* borrows it.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "kiosk/core/domain.h"
#include "kiosk/core/status.h"

namespace lk {

struct WriteFileOptions {
  mode_t mode = 0644;  // of the new file, whatever the umask (a file system without modes may ignore it)
};

class Env {
 public:
  virtual ~Env() = default;

  // The real environment (see above).
  static Env* Default();

  // Milliseconds since 1970-01-01T00:00:00Z; may jump (NTP, an operator) in either direction.
  virtual TimeMs WallNowMs() = 0;
  // Milliseconds since an arbitrary start; never goes back. For rates, timeouts and intervals.
  virtual int64_t MonotonicMs() = 0;

  // Replaces `path` with `bytes` so that a crash or a power cut leaves the old file or the new one,
  // never a mix: a temporary file in the same directory, every byte written, fsync, a checked close,
  // rename over `path`, fsync of the directory. On failure the temporary file is removed and `path` is
  // as it was. Errors name the path: ResourceExhausted when the disk is full (ENOSPC, EDQUOT, EFBIG),
  // NotFound when the directory does not exist, IoError otherwise with the system's reason.
  [[nodiscard]] virtual Status WriteFileAtomically(const std::string& path, std::string_view bytes,
                                                   const WriteFileOptions& options = {}) = 0;

  // Bytes an unprivileged writer may still use in the file system holding `dir`.
  virtual Result<uint64_t> FreeBytes(const std::string& dir) = 0;
};

// The Status for system call `action` ("write", "rename", ...) failing with `err` on `path`, as
// WriteFileAtomically reports it: "cannot <action> <path>: <reason>". Shared with FaultEnv, so an
// injected fault reads exactly like a real one.
Status FileError(int err, std::string_view action, const std::string& path);

// The directory part of `path` ("." when it has none).
std::string ParentDir(const std::string& path);

}  // namespace lk
