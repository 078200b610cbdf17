// Today (/console/): check-ins so far per centre against the same weekday last week (up to the same
// time of day), sessions running now against capacity, what needs attention (silent centres, kiosks
// with a backlog, a skewed clock or an old version), and a 30-day chart of daily check-ins.
#include <algorithm>
#include <map>

#include "sync/hub/console/console_pages.h"
#include "sync/hub/console/page_util.h"

namespace lk::hub::console {
namespace {

constexpr int kChartDays = 30;
constexpr size_t kMaxCentreRows = 200;  // a city has thousands: the busiest first, then a count
constexpr size_t kMaxRunningRows = 30;
constexpr size_t kMaxAttentionRows = 20;  // kiosks per kind of trouble; the Devices page lists them all

// `with_chart`: the whole page; without it the live part only, which polls every 10 s and shows no
// chart, so it reads no daily totals.
Result<nlohmann::json> TodayModel(ConsoleApp& app, PageCall& call, bool with_chart) {
  ConsoleStore& store = app.store();
  const CentreFilter filter = call.viewer.Filter();
  LK_ASSIGN_OR_RETURN(std::vector<CentreRow> centres, store.ListCentres(filter));
  const TimeZone& zone = app.Zone(centres.empty() ? "Asia/Shanghai" : centres.front().centre.time_zone);
  const TimeMs offset = TimeMs(zone.OffsetSecondsAt(call.now)) * 1000;
  const LocalDate today = zone.DateOf(call.now);
  const TimeMs today_start = zone.StartOfDay(today);
  const TimeMs tomorrow_start = zone.StartOfDay(AddDays(today, 1));
  const TimeMs week = 7 * kMsPerDay;

  LK_ASSIGN_OR_RETURN(std::vector<DayCount> today_counts,
                      store.CheckinsPerDay(filter, today_start, tomorrow_start, offset));
  LK_ASSIGN_OR_RETURN(std::vector<DayCount> last_week,
                      store.CheckinsPerDay(filter, today_start - week, call.now - week, offset));
  std::vector<DayTotal> days;  // the chart's, city-wide (or district-wide) totals per day
  if (with_chart) {
    LK_ASSIGN_OR_RETURN(days, app.daily_totals().Totals(store, filter,
                                                        zone.StartOfDay(AddDays(today, -(kChartDays - 1))),
                                                        tomorrow_start, call.now, offset));
  }
  LK_ASSIGN_OR_RETURN(std::vector<ConsoleSessionRow> running, store.SessionsRunning(filter, call.now));
  LK_ASSIGN_OR_RETURN(std::vector<DeviceInfo> devices, store.ListDevices(filter));

  std::map<std::string, int64_t> today_by_centre, last_week_by_centre;
  for (const DayCount& d : today_counts) today_by_centre[d.centre_id] += d.checkins;
  std::map<TimeMs, int64_t> per_day;
  for (const DayTotal& d : days) per_day[d.day_start] = d.checkins;
  for (const DayCount& d : last_week) last_week_by_centre[d.centre_id] += d.checkins;

  std::map<std::string, const CentreRow*> by_id;
  for (const CentreRow& c : centres) by_id[c.centre.id] = &c;
  auto centre_name = [&](const std::string& id) {
    auto it = by_id.find(id);
    return it == by_id.end() ? id : LocalizedName(it->second->centre.name, call.lang);
  };

  // Kiosks per centre, and what needs attention (the first kMaxAttentionRows of each kind, formatted).
  const std::string newest = NewestVersion(devices);
  std::map<std::string, int> kiosks, live_kiosks;
  std::map<std::string, TimeMs> last_contact;
  nlohmann::json backlog = nlohmann::json::array(), skewed = nlohmann::json::array(),
                 old_version = nlohmann::json::array();
  size_t attention_more = 0;
  for (const DeviceInfo& d : devices) {
    const DeviceState state = AssessDevice(d, call.now, newest);
    if (state.revoked) continue;
    ++kiosks[d.centre_id];
    if (d.last_seen_at) last_contact[d.centre_id] = std::max(last_contact[d.centre_id], *d.last_seen_at);
    if (state.online()) ++live_kiosks[d.centre_id];
    for (auto [flag, list] : {std::pair{state.backlog, &backlog}, std::pair{state.skewed, &skewed},
                              std::pair{state.old_version, &old_version}}) {
      if (!flag) continue;
      if (list->size() == kMaxAttentionRows) {
        ++attention_more;
        continue;
      }
      nlohmann::json m = DeviceModel(d, state, call.now, zone, call.lang);
      m["centre_name"] = centre_name(d.centre_id);
      list->push_back(std::move(m));
    }
  }
  nlohmann::json silent = nlohmann::json::array();
  for (const auto& [id, n] : kiosks) {
    auto seen = last_contact.find(id);
    if (live_kiosks[id] == 0) {
      silent.push_back({{"centre_id", id},
                        {"centre_name", centre_name(id)},
                        {"since", seen == last_contact.end() ? Text(call.lang, "never") : zone.FormatDateTime(seen->second)}});
    }
  }

  std::vector<const CentreRow*> order;
  for (const CentreRow& c : centres) order.push_back(&c);
  std::stable_sort(order.begin(), order.end(), [&](const CentreRow* a, const CentreRow* b) {
    return today_by_centre[a->centre.id] > today_by_centre[b->centre.id];
  });
  nlohmann::json rows = nlohmann::json::array();
  for (size_t i = 0; i < order.size() && i < kMaxCentreRows; ++i) {
    const std::string& id = order[i]->centre.id;
    rows.push_back({{"centre_id", id},
                    {"name", LocalizedName(order[i]->centre.name, call.lang)},
                    {"district", order[i]->district},
                    {"today", today_by_centre[id]},
                    {"last_week", last_week_by_centre[id]},
                    {"kiosks", kiosks[id]},
                    {"silent", kiosks[id] > 0 && live_kiosks[id] == 0}});
  }

  // The fullest sessions first (those are the ones to act on), at most kMaxRunningRows of them.
  std::stable_sort(running.begin(), running.end(), [](const ConsoleSessionRow& a, const ConsoleSessionRow& b) {
    auto fill = [](const SessionSummary& s) { return s.capacity > 0 ? double(s.checkins) / s.capacity : 0.0; };
    return fill(a.summary) > fill(b.summary);
  });
  nlohmann::json sessions = nlohmann::json::array();
  for (const ConsoleSessionRow& r : running) {
    if (sessions.size() == kMaxRunningRows) break;
    nlohmann::json s = SessionModel(r.summary, zone, call.lang);
    s["centre_id"] = r.centre_id;
    s["centre_name"] = centre_name(r.centre_id);
    sessions.push_back(std::move(s));
  }

  nlohmann::json labels = nlohmann::json::array(), values = nlohmann::json::array();
  int64_t total_today = 0;
  for (int i = 0; with_chart && i < kChartDays; ++i) {
    LocalDate day = AddDays(today, i - (kChartDays - 1));
    auto it = per_day.find(zone.StartOfDay(day));
    labels.push_back(day.ToString().substr(5));
    values.push_back(it == per_day.end() ? 0 : it->second);
  }
  for (const auto& [id, n] : today_by_centre) total_today += n;
  int64_t total_last_week = 0;
  for (const auto& [id, n] : last_week_by_centre) total_last_week += n;

  const bool attention = !silent.empty() || !backlog.empty() || !skewed.empty() || !old_version.empty();
  return nlohmann::json{
      {"today_date", today.ToString()},
      {"updated_at", zone.FormatTime(call.now)},
      {"total_today", total_today},
      {"total_last_week", total_last_week},
      {"centres", rows},
      {"centres_more", order.size() > kMaxCentreRows ? nlohmann::json(order.size() - kMaxCentreRows) : nullptr},
      {"running", sessions},
      {"has_running", !sessions.empty()},
      {"running_more", running.size() > kMaxRunningRows ? nlohmann::json(running.size() - kMaxRunningRows) : nullptr},
      {"attention", attention},
      {"silent", silent},
      {"backlog", backlog},
      {"skewed", skewed},
      {"old_version", old_version},
      {"has_silent", !silent.empty()},
      {"has_backlog", !backlog.empty()},
      {"has_skewed", !skewed.empty()},
      {"has_old_version", !old_version.empty()},
      {"attention_more", attention_more > 0 ? nlohmann::json(attention_more) : nullptr},
      {"chart_json", nlohmann::json{{"labels", labels}, {"values", values},
                                    {"label", Text(call.lang, "checkins")},
                                    {"x_title", Text(call.lang, "date")},
                                    {"y_title", Text(call.lang, "checkins")}}.dump()}};
}

}  // namespace

void TodayPage(ConsoleApp& app, PageCall& call) {
  auto model = TodayModel(app, call, /*with_chart=*/true);
  if (!model.ok()) return app.StoreError(call, model.status());
  app.Render(call, "today", std::move(*model), "today");
}

void TodayLive(ConsoleApp& app, PageCall& call) {
  auto model = TodayModel(app, call, /*with_chart=*/false);
  if (!model.ok()) return app.StoreError(call, model.status());
  app.Render(call, "_today_live", std::move(*model), "today");
}

}  // namespace lk::hub::console
