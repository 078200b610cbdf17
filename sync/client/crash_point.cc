#include "sync/client/crash_point.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <string>

namespace lk::sync {
namespace {

struct Config {
  std::string point;
  long after = 1;
};

const Config& GetConfig() {
  static const Config config = [] {
    Config c;
    if (const char* p = std::getenv("LK_SYNC_CRASH_AT")) c.point = p;
    if (const char* n = std::getenv("LK_SYNC_CRASH_AFTER")) c.after = std::max(1L, std::atol(n));
    return c;
  }();
  return config;
}

std::atomic<long> hits{0};

}  // namespace

void CrashPoint(const char* name) {
  const Config& c = GetConfig();
  if (c.point.empty() || c.point != name) return;
  if (hits.fetch_add(1) + 1 >= c.after) {
    kill(getpid(), SIGKILL);
    _exit(137);  // not reached
  }
}

}  // namespace lk::sync
