// Config loader (kiosk/core/config.h): any bytes are either a configuration within the documented
// ranges or an error naming the file; never an exception or a crash.
#include <cmath>
#include <string>

#include "kiosk/core/config.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto config = lk::ParseKioskConfig(AsView(data, size), "fuzz.toml");
  if (!config.ok()) {
    LK_FUZZ_CHECK(config.status().message().find("fuzz.toml") != std::string::npos,
                  "the error does not name the file: %s", config.status().message().c_str());
    return 0;
  }
  const lk::KioskConfig& c = *config;
  LK_FUZZ_CHECK(c.rotation_degrees == 0 || c.rotation_degrees == 90 || c.rotation_degrees == 180 ||
                    c.rotation_degrees == 270, "rotation %d", c.rotation_degrees);
  LK_FUZZ_CHECK(c.touch_calibration.empty() || c.touch_calibration.size() == 6, "calibration of %zu numbers",
                c.touch_calibration.size());
  for (double v : c.touch_calibration) LK_FUZZ_CHECK(std::isfinite(v), "non-finite calibration value");
  LK_FUZZ_CHECK(c.pin_max_attempts > 0, "pin_max_attempts %d", c.pin_max_attempts);
  LK_FUZZ_CHECK(c.retention_days > 0, "retention_days %d", c.retention_days);
  LK_FUZZ_CHECK(c.open_before_minutes >= 0, "open_before_minutes %d", c.open_before_minutes);
  return 0;
}
