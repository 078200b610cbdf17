// Settled check-ins: what the hub's writers promise the console's caches of settled figures (the Today
// chart's past days, console/daily_totals_cache.h).
//
// A session's check-in count is settled once the session started more than kSettledAfter before: a
// change after that is rare (a kiosk back online after days, a late void). Every such change, every
// catalogue import that moves a session with check-ins from or to a settled time, and every change of a
// centre's district bumps the change mark kSettledCheckinsMark (table change_marks) in the same
// transaction. So a reader that read the mark,
// then a figure over settled sessions only, knows the figure is still right while the mark is unchanged.
#pragma once

#include "kiosk/core/domain.h"

namespace lk::hub {

constexpr TimeMs kSettledAfter = 48 * kMsPerHour;
constexpr const char* kSettledCheckinsMark = "settled_checkins";

}  // namespace lk::hub
