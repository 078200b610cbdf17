#include "sync/hub/console/daily_totals_cache.h"

#include <algorithm>

#include "sync/hub/settled_checkins.h"

namespace lk::hub::console {
namespace {

// How far a replica's clock may be behind the one that read a figure (NTP keeps them within seconds).
constexpr TimeMs kClockMargin = 10 * kMsPerMinute;

}  // namespace

TimeMs DailyTotalsCache::SettledCut(TimeMs now, TimeMs utc_offset_ms) {
  const TimeMs settled = now - kSettledAfter - kClockMargin + utc_offset_ms;
  return (settled >= 0 ? settled / kMsPerDay : (settled - kMsPerDay + 1) / kMsPerDay) * kMsPerDay - utc_offset_ms;
}

Result<std::vector<DayTotal>> DailyTotalsCache::Totals(ConsoleStore& store, const CentreFilter& filter, TimeMs from,
                                                       TimeMs to, TimeMs now, TimeMs utc_offset_ms) {
  const TimeMs cut = std::clamp(SettledCut(now, utc_offset_ms), from, to);
  std::vector<DayTotal> days;
  if (cut > from) {
    // The mark first: a change committed after it is read bumps it, so the entry is refreshed next time.
    LK_ASSIGN_OR_RETURN(int64_t mark, store.SettledCheckinsMark());
    const Key key{filter.district.value_or("\x01"), filter.centre_id.value_or("\x01"), from, cut, utc_offset_ms};
    bool cached = false;
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = entries_.find(key);
      if (it != entries_.end() && it->second.mark == mark) {
        days = it->second.days;
        cached = true;
      }
    }
    if (!cached) {
      LK_ASSIGN_OR_RETURN(days, store.DailyCheckins(filter, from, cut, utc_offset_ms));
      std::lock_guard<std::mutex> lock(mu_);
      if (entries_.size() >= kMaxEntries) entries_.clear();
      Entry& entry = entries_[key];
      if (entry.mark <= mark) entry = {mark, days};
    }
  }
  if (cut < to) {
    LK_ASSIGN_OR_RETURN(std::vector<DayTotal> recent, store.DailyCheckins(filter, cut, to, utc_offset_ms));
    days.insert(days.end(), recent.begin(), recent.end());
  }
  return days;
}

}  // namespace lk::hub::console
