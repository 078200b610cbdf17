#include "sync/hub/console/page_util.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "sync/hub/console/console_app.h"

namespace lk::hub::console {

nlohmann::json CentreChoice(const std::vector<CentreRow>& centres, const std::string& selected,
                            const std::string& field_id, bool allow_all, Language lang) {
  nlohmann::json options = nlohmann::json::array();
  const bool as_list = centres.size() <= kMaxCentreChoices;
  if (as_list) {
    for (const CentreRow& c : centres) {
      options.push_back(
          {{"id", c.centre.id}, {"name", LocalizedName(c.centre.name, lang)}, {"selected", c.centre.id == selected}});
    }
  }
  return {{"field_id", field_id}, {"as_list", as_list}, {"options", std::move(options)}, {"value", selected},
          {"allow_all", allow_all}};
}

nlohmann::json SessionModel(const SessionSummary& s, const TimeZone& zone, Language lang) {
  const bool unlimited = s.capacity <= 0;
  const int pct = unlimited ? 0 : int(std::min<int64_t>(100, s.checkins * 100 / s.capacity));
  return {{"session_id", s.session_id},
          {"title", LocalizedName(s.course_title, lang)},
          {"time", zone.FormatTime(s.session_start)},
          {"count", s.checkins},
          {"capacity", s.capacity},
          {"pct", pct},
          {"full", !unlimited && s.checkins >= s.capacity},
          {"unlimited", unlimited},
          {"removed", s.removed},
          {"voided", s.voided},
          {"credit_hours", s.credit_hours}};
}

namespace {

std::string Ago(std::optional<TimeMs> at, TimeMs now, const TimeZone& zone, Language lang) {
  if (!at) return Text(lang, "never");
  TimeMs age = now - *at;
  if (age >= 0 && age < kMsPerMinute) return Text(lang, "just_now");
  if (age >= 0 && age < kMsPerHour) return std::to_string(age / kMsPerMinute) + " " + Text(lang, "minutes_ago");
  return zone.FormatDateTime(*at);
}

}  // namespace

bool VersionLess(const std::string& a, const std::string& b) {
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    long x = 0, y = 0;
    while (i < a.size() && a[i] >= '0' && a[i] <= '9') x = x * 10 + (a[i++] - '0');
    while (j < b.size() && b[j] >= '0' && b[j] <= '9') y = y * 10 + (b[j++] - '0');
    if (x != y) return x < y;
    if (i < a.size() && a[i] != '.') return a.substr(i) < b.substr(std::min(j, b.size()));  // non-numeric tails
    if (i < a.size()) ++i;
    if (j < b.size()) ++j;
  }
  return false;
}

std::string NewestVersion(const std::vector<DeviceInfo>& devices) {
  std::string newest;
  for (const DeviceInfo& d : devices) {
    if (!d.revoked_at && !d.app_version.empty() && (newest.empty() || VersionLess(newest, d.app_version))) {
      newest = d.app_version;
    }
  }
  return newest;
}

DeviceState AssessDevice(const DeviceInfo& d, TimeMs now, const std::string& newest_version) {
  DeviceState state;
  state.revoked = d.revoked_at.has_value();
  if (state.revoked) return state;
  state.silent = !d.last_seen_at || now - *d.last_seen_at > kSilentAfterMs;
  state.skewed = std::abs(d.clock_skew_ms) > kSkewLimitMs;
  state.backlog = d.queue_depth > 0;
  state.old_version = !newest_version.empty() && VersionLess(d.app_version, newest_version);
  return state;
}

nlohmann::json DeviceModel(const DeviceInfo& d, const DeviceState& state, TimeMs now, const TimeZone& zone,
                           Language lang) {
  const char* state_name = state.revoked ? "revoked" : state.silent ? "silent" : "online";
  char skew[32];
  std::snprintf(skew, sizeof skew, "%+lld s", static_cast<long long>(std::llround(double(d.clock_skew_ms) / 1000)));
  return {{"device_id", d.device_id},
          {"centre_id", d.centre_id},
          {"name", d.name},
          {"last_heartbeat", Ago(d.last_heartbeat_at, now, zone, lang)},
          {"last_push", Ago(d.last_seen_at, now, zone, lang)},
          {"queue", d.queue_depth},
          {"oldest_pending", d.queue_depth > 0 ? std::to_string(d.oldest_pending_age_s / 60) + " min" : "-"},
          {"version", d.app_version},
          {"skew", skew},
          {"skewed", state.skewed},
          {"state", state_name},
          {"state_text", Text(lang, state_name)},
          {"online", state.online()},
          {"silent", state.silent},
          {"revoked", state.revoked},
          {"backlog", state.backlog},
          {"old_version", state.old_version}};
}

bool PeriodFromQuery(const HttpRequest& req, const TimeZone& zone, TimeMs now, int days, LocalDate* from,
                     LocalDate* to) {
  *to = zone.DateOf(now);
  *from = AddDays(*to, -(days - 1));
  for (auto [key, date] : {std::pair{"from", from}, std::pair{"to", to}}) {
    std::string text = req.query_value(key);
    if (text.empty()) continue;
    auto parsed = ParseLocalDate(text);
    if (!parsed.ok()) return false;
    *date = *parsed;
  }
  if (*to < *from) std::swap(*from, *to);
  return true;
}

}  // namespace lk::hub::console
