#include "sync/hub/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace lk::hub {

int RateLimiter::Acquire(const std::string& key) {
  if (rate_ <= 0) return 0;
  auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  if (now - last_sweep_ > std::chrono::seconds(60)) {
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      it = now - it->second.last > std::chrono::seconds(60) ? buckets_.erase(it) : std::next(it);
    }
    last_sweep_ = now;
  }
  auto [it, inserted] = buckets_.try_emplace(key, Bucket{burst_, now});
  Bucket& b = it->second;
  if (!inserted) {
    double elapsed = std::chrono::duration<double>(now - b.last).count();
    b.tokens = std::min(burst_, b.tokens + elapsed * rate_);
    b.last = now;
  }
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return 0;
  }
  return std::max(1, int(std::ceil((1 - b.tokens) / rate_)));
}

}  // namespace lk::hub
