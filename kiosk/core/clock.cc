#include "kiosk/core/clock.h"

#include <chrono>
#include <cstdlib>

#include "kiosk/core/time_zone.h"

namespace lk {

TimeMs NowMs() {
  static const TimeMs offset = [] {
    const char* fake = std::getenv("LK_FAKE_NOW");
    if (!fake || !*fake) return TimeMs{0};
    auto pinned = ParseRfc3339(fake);
    auto real = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch()).count();
    return pinned.ok() ? *pinned - real : TimeMs{0};
  }();
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch()).count() + offset;
}

}  // namespace lk
