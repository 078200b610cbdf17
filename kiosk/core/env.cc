#include "kiosk/core/env.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "kiosk/core/time_zone.h"

namespace lk {
namespace {

TimeMs SystemWallMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Writes all of `bytes` to `fd`, retrying short writes and EINTR; returns 0 or errno.
int WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    bytes.remove_prefix(size_t(n));
  }
  return 0;
}

class PosixEnv final : public Env {
 public:
  TimeMs WallNowMs() override { return SystemWallMs() + fake_offset_; }

  int64_t MonotonicMs() override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }

  Status WriteFileAtomically(const std::string& path, std::string_view bytes, const WriteFileOptions& options) override {
    const std::string dir = ParentDir(path);
    const size_t slash = path.rfind('/');
    std::string temp = dir + "/." + (slash == std::string::npos ? path : path.substr(slash + 1)) + ".tmp-XXXXXX";
    std::vector<char> name(temp.begin(), temp.end());
    name.push_back('\0');
    int fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd < 0) return FileError(errno, "create a file in", dir);
    temp = name.data();
    ::fchmod(fd, options.mode);  // FAT sticks refuse chmod, which is harmless

    int err = WriteAll(fd, bytes);
    const char* action = "write";
    if (err == 0 && ::fsync(fd) != 0) err = errno, action = "flush";
    if (::close(fd) != 0 && err == 0) err = errno, action = "close";
    if (err != 0) {
      ::unlink(temp.c_str());
      return FileError(err, action, path);
    }
    if (::rename(temp.c_str(), path.c_str()) != 0) {
      err = errno;
      ::unlink(temp.c_str());
      return FileError(err, "replace", path);
    }
    // Make the rename itself durable (before staff pull a USB stick out, before a power cut).
    int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd < 0) return FileError(errno, "open folder", dir);
    int rc = ::fsync(dir_fd);
    int sync_err = errno;
    ::close(dir_fd);
    // EINVAL: a file system that cannot sync a directory (some FUSE ones); the rename is all there is.
    if (rc != 0 && sync_err != EINVAL) return FileError(sync_err, "flush folder", dir);
    return Status::Ok();
  }

  Result<uint64_t> FreeBytes(const std::string& dir) override {
    struct statvfs st;
    if (::statvfs(dir.c_str(), &st) != 0) return FileError(errno, "measure the free space of", dir);
    return uint64_t(st.f_bavail) * uint64_t(st.f_frsize);
  }

 private:
  // LK_FAKE_NOW's distance from the system clock, fixed at start-up (see env.h).
  const TimeMs fake_offset_ = [] {
    const char* fake = std::getenv("LK_FAKE_NOW");
    if (!fake || !*fake) return TimeMs{0};
    auto pinned = ParseRfc3339(fake);
    return pinned.ok() ? *pinned - SystemWallMs() : TimeMs{0};
  }();
};

}  // namespace

Env* Env::Default() {
  static PosixEnv* env = new PosixEnv;  // never destroyed: threads may read the clock during exit
  return env;
}

Status FileError(int err, std::string_view action, const std::string& path) {
  std::string what = "cannot " + std::string(action) + " " + path;
  if (err == ENOSPC || err == EDQUOT || err == EFBIG) return Status::ResourceExhausted(what + ": the disk is full");
  if (err == ENOENT) return Status::NotFound(what + ": " + std::strerror(err));
  return Status::IoError(what + ": " + std::strerror(err));
}

std::string ParentDir(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace lk
