// Export (/console/export): CSV for a date range, of one centre or of every centre the viewer may see
// in a district: one row per record, or one per session. UTF-8 with a BOM (spreadsheet programs then
// read Chinese right) and formula-safe cells (csv_writer.h). Every export is audited.
#include <set>

#include "kiosk/core/csv_writer.h"
#include "sync/hub/console/form_data.h"
#include "sync/hub/console/console_pages.h"
#include "sync/protocol/protocol.h"
#include "sync/hub/console/page_util.h"

namespace lk::hub::console {
namespace {

constexpr int kDefaultDays = 7;
constexpr int kMaxDays = 366;

std::string Hours(double h) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", h);
  return text;
}

}  // namespace

void ExportPage(ConsoleApp& app, PageCall& call) {
  auto centres = app.VisibleCentres(call.viewer);
  if (!centres.ok()) return app.StoreError(call, centres.status());
  nlohmann::json options = nlohmann::json::array();
  std::set<std::string> districts;
  for (const CentreRow& c : *centres) {
    options.push_back({{"value", "centre:" + c.centre.id}, {"name", LocalizedName(c.centre.name, call.lang)}});
    if (!c.district.empty()) districts.insert(c.district);
  }
  nlohmann::json district_options = nlohmann::json::array();
  for (const std::string& d : districts) district_options.push_back({{"value", "district:" + d}, {"name", d}});
  const TimeZone& zone = app.Zone(centres->empty() ? "Asia/Shanghai" : centres->front().centre.time_zone);
  LocalDate from, to;
  PeriodFromQuery(call.req, zone, call.now, kDefaultDays, &from, &to);
  app.Render(call, "export",
             {{"centres", options},
              {"districts", district_options},
              {"has_districts", !district_options.empty()},
              {"from", from.ToString()},
              {"to", to.ToString()}},
             "export");
}

void ExportCsv(ConsoleApp& app, PageCall& call) {
  // The scope: "centre:ID" or "district:NAME", each within the viewer's own.
  const std::string scope = call.req.query_value("scope");
  auto visible = app.VisibleCentres(call.viewer);
  if (!visible.ok()) return app.StoreError(call, visible.status());
  std::vector<CentreRow> centres;
  for (const CentreRow& c : *visible) {
    if (scope == "centre:" + c.centre.id || (!c.district.empty() && scope == "district:" + c.district)) {
      centres.push_back(c);
    }
  }
  if (centres.empty()) return app.Refuse(call, 403, "forbidden");
  const TimeZone& zone = app.Zone(centres.front().centre.time_zone);
  LocalDate from, to;
  if (call.req.query_value("from").empty() || call.req.query_value("to").empty() ||
      !PeriodFromQuery(call.req, zone, call.now, kDefaultDays, &from, &to)) {
    return app.Refuse(call, 400, "bad_request", "from/to: expected YYYY-MM-DD");
  }
  if (DaysFromCivil(to) - DaysFromCivil(from) >= kMaxDays) {
    return app.Refuse(call, 400, "bad_request", "at most " + std::to_string(kMaxDays) + " days at once");
  }
  const bool summary = call.req.query_value("kind") == "summary";
  CsvWriter csv(/*byte_order_mark=*/true);
  if (summary) {
    csv.Row({"centre_id", "centre", "session_id", "session_start", "course_id", "course", "capacity", "checkins",
             "records", "voided", "over_capacity", "conflicts", "credit_hours", "removed"});
  } else {
    csv.Row({"centre_id", "centre", "session_id", "session_start", "course_id", "course", "record_id", "kind",
             "learner_id", "recorded_at", "refers_to", "reason", "device_id", "flags", "received_at"});
  }
  int64_t rows = 0;
  for (const CentreRow& c : centres) {
    const TimeZone& z = app.Zone(c.centre.time_zone);
    const TimeMs start = z.StartOfDay(from), end = z.StartOfDay(AddDays(to, 1));
    const std::string name = LocalizedName(c.centre.name, call.lang);
    if (summary) {
      auto sessions = app.hub().ReportSummary(c.centre.id, start, end);
      if (!sessions.ok()) return app.StoreError(call, sessions.status());
      for (const SessionSummary& s : *sessions) {
        csv.Row({c.centre.id, name, s.session_id, z.FormatRfc3339(s.session_start), s.course_id,
                 LocalizedName(s.course_title, call.lang), std::to_string(s.capacity), std::to_string(s.checkins),
                 std::to_string(s.records), std::to_string(s.voided), std::to_string(s.over_capacity),
                 std::to_string(s.conflicts), Hours(s.credit_hours), s.removed ? "yes" : "no"});
        ++rows;
      }
    } else {
      auto records = app.hub().Report(c.centre.id, start, end);
      if (!records.ok()) return app.StoreError(call, records.status());
      for (const ReportRow& r : *records) {
        std::string flags;
        for (const std::string& f : r.flags) flags += (flags.empty() ? "" : ";") + f;
        csv.Row({c.centre.id, name, r.session_id, z.FormatRfc3339(r.session_start), r.course_id,
                 LocalizedName(r.course_title, call.lang), r.record.id, RecordKindName(r.record.kind),
                 r.record.learner_id, z.FormatRfc3339(r.record.recorded_at), r.record.refers_to, r.record.reason,
                 r.device_id, flags, z.FormatRfc3339(r.received_at)});
        ++rows;
      }
    }
  }
  Status audited = app.Audit(call, "export.csv", scope,
                             std::string(summary ? "sessions" : "records") + " " + from.ToString() + " to " +
                                 to.ToString() + ": " + std::to_string(rows) + " rows");
  if (!audited.ok()) return app.StoreError(call, audited);
  const std::string file = "attendance-" + scope.substr(scope.find(':') + 1) + "-" + from.ToString() + "-" +
                           to.ToString() + (summary ? "-sessions" : "") + ".csv";
  call.res.content_type = "text/csv; charset=utf-8";
  call.res.set_header("Content-Disposition", "attachment; filename=\"attendance.csv\"; filename*=UTF-8''" + sync::UrlEncode(file));
  call.res.body = csv.Take();
}

}  // namespace lk::hub::console
