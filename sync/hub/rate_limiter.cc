#include "sync/hub/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace lk::hub {
namespace {

constexpr int64_t kIdleBucketMs = 60'000;

}  // namespace

int RateLimiter::Acquire(const std::string& key) {
  if (rate_ <= 0) return 0;
  const int64_t now = env_->MonotonicMs();
  std::lock_guard lock(mutex_);
  if (now - last_sweep_ms_ > kIdleBucketMs) {
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      it = now - it->second.last_ms > kIdleBucketMs ? buckets_.erase(it) : std::next(it);
    }
    last_sweep_ms_ = now;
  }
  auto [it, inserted] = buckets_.try_emplace(key, Bucket{burst_, now});
  Bucket& b = it->second;
  if (!inserted) {
    double elapsed_s = double(now - b.last_ms) / 1000;
    b.tokens = std::min(burst_, b.tokens + elapsed_s * rate_);
    b.last_ms = now;
  }
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return 0;
  }
  return std::max(1, int(std::ceil((1 - b.tokens) / rate_)));
}

}  // namespace lk::hub
