// ZoneCache: the centres' time zones, each loaded once from the system's TZif files (time_zone.h) and
// then shared, for the API's learner summaries and the console's pages alike.
//
// Thread-safety: safe for concurrent use. A returned zone lives as long as the cache.
#pragma once

#include <map>
#include <mutex>
#include <string>

#include "kiosk/core/status.h"
#include "kiosk/core/time_zone.h"

namespace lk::hub {

class ZoneCache {
 public:
  // The zone named `name`, or the error of loading it (an unknown name is not cached).
  Result<const TimeZone*> Get(const std::string& name);

 private:
  std::mutex mutex_;
  std::map<std::string, TimeZone> zones_;  // nodes never move: pointers to them stay valid
};

}  // namespace lk::hub
