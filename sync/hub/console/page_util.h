// Small pieces several console pages use: how a session row and a kiosk look in a page model, a kiosk's
// state, and reading a period from the query. Pure functions: thread-safe.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk/core/time_zone.h"
#include "sync/hub/console_store.h"
#include "sync/hub/http_server.h"

namespace lk::hub::console {

constexpr TimeMs kSilentAfterMs = 15 * kMsPerMinute;
constexpr int64_t kSkewLimitMs = 2 * 60 * 1000;

// {session_id, title, time, count, capacity, pct, full, unlimited, removed}
// The model of the `_centre_choice` partial: a field `field_id` naming one of `centres` (value `selected`),
// a list to pick from, or, for more than kMaxCentreChoices (a city's thousands, which would make every
// form a long download and an unusable list), a box for the centre's id. `allow_all`: "" is a choice too.
constexpr size_t kMaxCentreChoices = 200;
nlohmann::json CentreChoice(const std::vector<CentreRow>& centres, const std::string& selected,
                            const std::string& field_id, bool allow_all, Language lang);

nlohmann::json SessionModel(const SessionSummary& s, const TimeZone& zone, Language lang);
// What a kiosk's row says about it, without formatting anything (a city has thousands: pages assess them
// all and format only those they show). `newest_version` marks older ones.
struct DeviceState {
  bool revoked = false, silent = false, skewed = false, backlog = false, old_version = false;
  bool online() const { return !revoked && !silent; }
  bool needs_attention() const { return silent || skewed || backlog || old_version; }
};
DeviceState AssessDevice(const DeviceInfo& d, TimeMs now, const std::string& newest_version);
// {device_id, centre_id, name, last_heartbeat, last_push, queue, oldest_pending, version, skew, state,
//  state_text, online, silent, revoked, backlog, skewed, old_version}.
nlohmann::json DeviceModel(const DeviceInfo& d, const DeviceState& state, TimeMs now, const TimeZone& zone,
                           Language lang);
// The highest app version among kiosks not revoked (dotted numbers compared as numbers).
std::string NewestVersion(const std::vector<DeviceInfo>& devices);
bool VersionLess(const std::string& a, const std::string& b);
// [from, to] as local dates from the query's `from`/`to` (YYYY-MM-DD), default the last `days` days
// ending today; false when a given date does not parse.
bool PeriodFromQuery(const HttpRequest& req, const TimeZone& zone, TimeMs now, int days, LocalDate* from,
                     LocalDate* to);

}  // namespace lk::hub::console
