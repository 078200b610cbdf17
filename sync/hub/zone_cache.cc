#include "sync/hub/zone_cache.h"

namespace lk::hub {

Result<const TimeZone*> ZoneCache::Get(const std::string& name) {
  std::lock_guard lock(mutex_);
  auto it = zones_.find(name);
  if (it == zones_.end()) {
    LK_ASSIGN_OR_RETURN(TimeZone zone, TimeZone::Load(name));
    it = zones_.emplace(name, std::move(zone)).first;
  }
  return &it->second;
}

}  // namespace lk::hub
