// DemoDir: the throw-away data directory of `learning-kiosk --demo` - made under $TMPDIR (or /tmp) at
// start, its store filled from the demo catalogue by the StoreWorker, removed with everything in it when
// the kiosk ends. Owns the directory (RAII); move-only.
#pragma once

#include <string>

#include "kiosk/core/status.h"

namespace lk::ui {

class DemoDir {
 public:
  static Result<DemoDir> Create();
  DemoDir(DemoDir&& other) noexcept : path_(std::exchange(other.path_, {})) {}
  DemoDir& operator=(DemoDir&&) = delete;
  DemoDir(const DemoDir&) = delete;
  ~DemoDir();

  const std::string& path() const { return path_; }

 private:
  explicit DemoDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

}  // namespace lk::ui
