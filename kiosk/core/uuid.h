// UUIDv7 (RFC 9562): time-ordered record ids made on the kiosk.
//
// 48 bits of Unix milliseconds, then a 12-bit counter that keeps ids made within one millisecond (or
// after the clock stepped back) strictly increasing from one generator, then 62 random bits from libsodium. Text form
// is the usual lowercase 8-4-4-4-12, so ids sort as strings in creation order.
// Uuid7Generator is thread-safe (one mutex); the free functions are stateless.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include "kiosk/core/domain.h"

namespace lk {

class Uuid7Generator {
 public:
  Uuid7Generator();
  std::string Next(TimeMs now);

 private:
  std::mutex mutex_;
  TimeMs last_ms_ = 0;
  uint32_t counter_ = 0;
};

// Process-wide generator.
std::string NewUuid7(TimeMs now);
// True for a well-formed lowercase or uppercase UUID whose version nibble is 7 and variant is 10xx.
bool IsUuid7(std::string_view text);
// The millisecond timestamp in a UUIDv7 (0 when not one).
TimeMs Uuid7Time(std::string_view text);

}  // namespace lk
