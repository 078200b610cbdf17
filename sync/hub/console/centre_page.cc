// Centre (/console/centre/ID): its sessions on a day with live counts, one session's roster (learner
// ids masked; revealing one is audited), its kiosks, and attendance by category and by course over a
// period, with charts.
#include <map>

#include "sync/hub/console/console_pages.h"
#include "sync/protocol/protocol.h"
#include "sync/hub/console/form_data.h"
#include "sync/hub/console/page_util.h"
#include "sync/protocol/attendance_messages.h"

namespace lk::hub::console {
namespace {

constexpr int kDefaultPeriodDays = 30;

// The centre named by the route, or a refusal already written (404 unknown, 403 out of scope).
std::optional<CentreRow> RouteCentre(ConsoleApp& app, PageCall& call, const std::string& id) {
  auto centre = app.VisibleCentre(call.viewer, id);
  if (!centre.ok()) {
    app.StoreError(call, centre.status());
    return std::nullopt;
  }
  if (!*centre) {
    // Out of scope and unknown look the same, so ids of other centres cannot be probed.
    app.Refuse(call, 403, "forbidden");
    return std::nullopt;
  }
  return **centre;
}

Result<nlohmann::json> SessionsModel(ConsoleApp& app, PageCall& call, const CentreRow& centre, LocalDate* day) {
  const TimeZone& zone = app.Zone(centre.centre.time_zone);
  *day = zone.DateOf(call.now);
  if (std::string text = call.req.query_value("day"); !text.empty()) {
    auto parsed = ParseLocalDate(text);
    if (!parsed.ok()) return Status::InvalidArgument("day: expected YYYY-MM-DD");
    *day = *parsed;
  }
  LK_ASSIGN_OR_RETURN(std::vector<ConsoleSessionRow> rows,
                      app.store().Sessions(CentreFilter::OneCentre(centre.centre.id), zone.StartOfDay(*day),
                                           zone.StartOfDay(AddDays(*day, 1))));
  nlohmann::json sessions = nlohmann::json::array();
  const std::string selected = call.req.query_value("session");
  for (const ConsoleSessionRow& r : rows) {
    nlohmann::json s = SessionModel(r.summary, zone, call.lang);
    s["selected"] = r.summary.session_id == selected;
    s["roster_url"] = "/console/centre/" + sync::UrlEncode(centre.centre.id) + "?day=" + day->ToString() +
                      "&session=" + sync::UrlEncode(r.summary.session_id) + "#roster";
    sessions.push_back(std::move(s));
  }
  return nlohmann::json{{"sessions", sessions},
                        {"has_sessions", !sessions.empty()},
                        {"day", day->ToString()},
                        {"updated_at", zone.FormatTime(call.now)},
                        {"centre_id", centre.centre.id}};
}

}  // namespace

void CentrePage(ConsoleApp& app, PageCall& call) {
  auto centre = RouteCentre(app, call, call.req.path_params.at(0));
  if (!centre) return;
  const TimeZone& zone = app.Zone(centre->centre.time_zone);
  LocalDate day;
  auto model = SessionsModel(app, call, *centre, &day);
  if (!model.ok()) {
    if (model.status().code() == StatusCode::kInvalidArgument) return app.Refuse(call, 400, "bad_request", model.status().message());
    return app.StoreError(call, model.status());
  }
  nlohmann::json& m = *model;
  m["name"] = LocalizedName(centre->centre.name, call.lang);
  m["district"] = centre->district;
  m["time_zone"] = centre->centre.time_zone;
  m["live_url"] = "/console/live/centre/" + sync::UrlEncode(centre->centre.id) + "?day=" + day.ToString() +
                  "&session=" + sync::UrlEncode(call.req.query_value("session"));

  // Kiosks.
  auto devices = app.store().ListDevices(CentreFilter::OneCentre(centre->centre.id));
  if (!devices.ok()) return app.StoreError(call, devices.status());
  const std::string newest = NewestVersion(*devices);
  nlohmann::json kiosks = nlohmann::json::array();
  std::map<std::string, std::string> kiosk_names;
  for (const DeviceInfo& d : *devices) {
    kiosks.push_back(DeviceModel(d, AssessDevice(d, call.now, newest), call.now, zone, call.lang));
    kiosk_names[d.device_id] = d.name.empty() ? d.device_id.substr(0, 8) : d.name;
  }
  m["kiosks"] = kiosks;

  // The roster of the selected session.
  if (std::string session_id = call.req.query_value("session"); !session_id.empty()) {
    auto roster = app.store().SessionRoster(centre->centre.id, session_id);
    if (!roster.ok() && roster.status().code() != StatusCode::kNotFound) return app.StoreError(call, roster.status());
    nlohmann::json rows = nlohmann::json::array();
    for (const ReportRow& r : roster.ok() ? *roster : std::vector<ReportRow>{}) {
      std::string flags;
      for (const std::string& f : r.flags) flags += (flags.empty() ? "" : ", ") + f;
      rows.push_back({{"record_id", r.record.id},
                      {"masked", MaskLearnerId(r.record.learner_id)},
                      {"time", zone.FormatTime(r.record.recorded_at)},
                      {"kind", Text(call.lang, std::string("kind_") + RecordKindName(r.record.kind))},
                      {"flags", flags},
                      {"device", kiosk_names.count(r.device_id) ? kiosk_names[r.device_id] : r.device_id}});
    }
    std::string title = session_id;
    for (const auto& s : m["sessions"]) {
      if (s["session_id"] == session_id) title = s["title"].get<std::string>() + " " + s["time"].get<std::string>();
    }
    m["roster"] = {{"session_id", session_id}, {"title", title}, {"rows", rows}, {"empty", rows.empty()}};
  }

  // Attendance over the period.
  LocalDate from, to;
  if (!PeriodFromQuery(call.req, zone, call.now, kDefaultPeriodDays, &from, &to)) {
    return app.Refuse(call, 400, "bad_request", "from/to: expected YYYY-MM-DD");
  }
  auto courses = app.store().AttendanceByCourse(centre->centre.id, zone.StartOfDay(from),
                                                zone.StartOfDay(AddDays(to, 1)));
  if (!courses.ok()) return app.StoreError(call, courses.status());
  nlohmann::json by_course = nlohmann::json::array();
  struct CategoryTotal {
    std::string name;
    int64_t checkins = 0, learners = 0;
    double hours = 0;
  };
  std::map<std::string, CategoryTotal> categories;
  for (const CourseAttendance& c : *courses) {
    by_course.push_back({{"title", LocalizedName(c.course_title, call.lang)},
                         {"category", LocalizedName(c.category_name, call.lang)},
                         {"checkins", c.checkins},
                         {"learners", c.learners},
                         {"credit_hours", c.credit_hours}});
    CategoryTotal& t = categories[c.category_id];
    t.name = LocalizedName(c.category_name, call.lang);
    t.checkins += c.checkins;
    t.learners += c.learners;  // learners of several courses count once per course
    t.hours += c.credit_hours;
  }
  nlohmann::json by_category = nlohmann::json::array();
  for (const auto& [id, t] : categories) {
    by_category.push_back({{"name", t.name}, {"checkins", t.checkins}, {"learners", t.learners}, {"credit_hours", t.hours}});
  }
  auto chart = [&](const nlohmann::json& rows, const char* label_key) {
    nlohmann::json labels = nlohmann::json::array(), values = nlohmann::json::array();
    for (const auto& r : rows) {
      labels.push_back(r[label_key]);
      values.push_back(r["checkins"]);
    }
    return nlohmann::json{{"labels", labels}, {"values", values}, {"label", Text(call.lang, "checkins")},
                          {"x_title", Text(call.lang, label_key == std::string("name") ? "category" : "course")},
                          {"y_title", Text(call.lang, "checkins")}}
        .dump();
  };
  m["period"] = {{"from", from.ToString()}, {"to", to.ToString()}};
  m["by_course"] = by_course;
  m["by_category"] = by_category;
  m["has_attendance"] = !by_course.empty();
  m["course_chart_json"] = chart(by_course, "title");
  m["category_chart_json"] = chart(by_category, "name");
  app.Render(call, "centre", std::move(m), "today");
}

void CentreLive(ConsoleApp& app, PageCall& call) {
  auto centre = RouteCentre(app, call, call.req.path_params.at(0));
  if (!centre) return;
  LocalDate day;
  auto model = SessionsModel(app, call, *centre, &day);
  if (!model.ok()) {
    if (model.status().code() == StatusCode::kInvalidArgument) return app.Refuse(call, 400, "bad_request", model.status().message());
    return app.StoreError(call, model.status());
  }
  app.Render(call, "_centre_live", std::move(*model), "today");
}

void RevealLearner(ConsoleApp& app, PageCall& call) {
  const std::string centre_id = call.form["centre"], session_id = call.form["session"], record_id = call.form["record"];
  auto centre = app.VisibleCentre(call.viewer, centre_id);
  if (!centre.ok()) return app.StoreError(call, centre.status());
  if (!*centre) {
    call.res.status = 403;
    return ConsoleApp::Json(call.res, {{"error", "forbidden"}});
  }
  auto roster = app.store().SessionRoster(centre_id, session_id);
  if (!roster.ok() && roster.status().code() != StatusCode::kNotFound) return app.StoreError(call, roster.status());
  for (const ReportRow& r : roster.ok() ? *roster : std::vector<ReportRow>{}) {
    if (r.record.id != record_id) continue;
    Status audited = app.Audit(call, "learner.reveal", centre_id + "/" + session_id + "/" + record_id,
                               "learner id shown in full: " + MaskLearnerId(r.record.learner_id));
    if (!audited.ok()) return app.StoreError(call, audited);  // no reveal without its audit entry
    return ConsoleApp::Json(call.res, {{"learner_id", r.record.learner_id}});
  }
  call.res.status = 404;
  ConsoleApp::Json(call.res, {{"error", "no such record"}});
}

}  // namespace lk::hub::console
