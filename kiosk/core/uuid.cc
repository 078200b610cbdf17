#include "kiosk/core/uuid.h"

#include <cstdio>

#include <sodium.h>

namespace lk {

namespace {

// Random bits from libsodium (getrandom): record ids must not be predictable from earlier ones, or a
// device could make a record with the id of another centre's future record.
uint64_t RandomBits() {
  static const bool ready = sodium_init() >= 0;  // thread-safe, idempotent
  (void)ready;
  uint64_t bits;
  randombytes_buf(&bits, sizeof bits);
  return bits;
}

}  // namespace

Uuid7Generator::Uuid7Generator() = default;

std::string Uuid7Generator::Next(TimeMs now) {
  std::lock_guard lock(mutex_);
  if (now > last_ms_) {
    last_ms_ = now;
    counter_ = uint32_t(RandomBits() & 0x3ff);  // random start, headroom for 3000+ ids per ms
  } else if (++counter_ > 0xfff) {
    ++last_ms_;  // counter exhausted (or clock stepped back): borrow from the next millisecond
    counter_ = 0;
  }
  uint64_t ms = uint64_t(last_ms_) & 0xffffffffffffULL;
  uint64_t rand = RandomBits();
  uint64_t high = (ms << 16) | (0x7ULL << 12) | counter_;
  uint64_t low = (0x2ULL << 62) | (rand >> 2);
  char buf[37];
  std::snprintf(buf, sizeof buf, "%08llx-%04llx-%04llx-%04llx-%012llx", (unsigned long long)(high >> 32),
                (unsigned long long)((high >> 16) & 0xffff), (unsigned long long)(high & 0xffff),
                (unsigned long long)(low >> 48), (unsigned long long)(low & 0xffffffffffffULL));
  return buf;
}

std::string NewUuid7(TimeMs now) {
  static Uuid7Generator generator;
  return generator.Next(now);
}

bool IsUuid7(std::string_view text) {
  if (text.size() != 36) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  char variant = text[19];
  return text[14] == '7' && (variant == '8' || variant == '9' || variant == 'a' || variant == 'b' ||
                             variant == 'A' || variant == 'B');
}

TimeMs Uuid7Time(std::string_view text) {
  if (!IsUuid7(text)) return 0;
  std::string hex = std::string(text.substr(0, 8)) + std::string(text.substr(9, 4));
  return TimeMs(std::stoull(hex, nullptr, 16));
}

}  // namespace lk
