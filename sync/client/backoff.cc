#include "sync/client/backoff.h"

#include <algorithm>

namespace lk::sync {

TimeMs Backoff::Ceiling() const {
  TimeMs ceiling = options_.base_ms;
  for (int i = 0; i < failures_ && ceiling < options_.cap_ms; ++i) ceiling *= 2;
  return std::min(ceiling, options_.cap_ms);
}

TimeMs Backoff::Failure(TimeMs retry_after_ms) {
  TimeMs ceiling = Ceiling();
  if (failures_ < 64) ++failures_;
  std::uniform_int_distribution<TimeMs> pick(0, ceiling);
  TimeMs delay = pick(random_);
  if (retry_after_ms >= 0) delay = std::max(delay, std::min(retry_after_ms, options_.max_retry_after_ms));
  return delay;
}

}  // namespace lk::sync
