// DailyTotalsCache: the Today chart's daily check-in totals (ConsoleStore::DailyCheckins) without
// re-summing a city's month of sessions on every page view. Days whose sessions are all settled
// (settled_checkins.h: started more than kSettledAfter before `now`, with a margin for the replicas'
// clocks) are summed once per (scope, first day, cut, zone offset) and kept while the store's
// settled-checkins mark is unchanged; the later days (two to three) are summed on every call. The
// answer is always what DailyCheckins would give now.
//
// Thread-safety: Totals may be called from any thread (one mutex over the map; the store is read
// outside it). Borrows nothing: the store is passed per call.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

#include "kiosk/core/status.h"
#include "sync/hub/console_store.h"

namespace lk::hub::console {

class DailyTotalsCache {
 public:
  // As store.DailyCheckins(filter, from, to, utc_offset_ms) at `now`; `from` and `to` are local midnights.
  Result<std::vector<DayTotal>> Totals(ConsoleStore& store, const CentreFilter& filter, TimeMs from, TimeMs to,
                                       TimeMs now, TimeMs utc_offset_ms);

  // The first local midnight after which sessions may not be settled at `now`: settled days end there.
  static TimeMs SettledCut(TimeMs now, TimeMs utc_offset_ms);

 private:
  // (district, centre, from, cut, offset); "\x01" for "no district/centre" (ids are never that).
  using Key = std::tuple<std::string, std::string, TimeMs, TimeMs, TimeMs>;
  struct Entry {
    int64_t mark = 0;
    std::vector<DayTotal> days;
  };
  static constexpr size_t kMaxEntries = 1024;  // scopes x days x zones: a city has ~20 districts

  std::mutex mu_;
  std::map<Key, Entry> entries_;
};

}  // namespace lk::hub::console
