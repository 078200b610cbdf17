#include "kiosk/app/demo_dir.h"

#include <cstdlib>
#include <filesystem>
#include <vector>

namespace lk::ui {

Result<DemoDir> DemoDir::Create() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base && *base ? base : "/tmp") + "/learning-kiosk-demo-XXXXXX";
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  if (!mkdtemp(buf.data())) return Status::IoError("cannot create a temporary directory under " + pattern);
  return DemoDir(std::string(buf.data()));
}

DemoDir::~DemoDir() {
  if (path_.empty()) return;
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace lk::ui
