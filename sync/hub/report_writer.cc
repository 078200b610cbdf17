#include "sync/hub/report_writer.h"

#include <cstdio>
#include <sstream>

#include <nlohmann/json.hpp>

#include "kiosk/core/csv_writer.h"

namespace lk::hub {

using nlohmann::json;

namespace {

std::string Join(const std::vector<std::string>& items, char sep) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

}  // namespace

std::string FormatHours(double h) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", h);
  return buf;
}

std::string FormatReport(const std::vector<ReportRow>& rows, const TimeZone& zone, ReportFormat format) {
  if (format == ReportFormat::kJson) {
    json out = json::array();
    for (const auto& r : rows) {
      out.push_back({{"session_id", r.session_id},
                     {"session_start", zone.FormatRfc3339(r.session_start)},
                     {"course_id", r.course_id},
                     {"course_title", {{"zh", r.course_title.zh}, {"en", r.course_title.en}}},
                     {"learner_id", r.record.learner_id},
                     {"recorded_at", zone.FormatRfc3339(r.record.recorded_at)},
                     {"kind", RecordKindName(r.record.kind)},
                     {"record_id", r.record.id},
                     {"refers_to", r.record.refers_to},
                     {"reason", r.record.reason},
                     {"source", RecordSourceName(r.record.source)},
                     {"device_id", r.device_id},
                     {"flags", r.flags}});
    }
    return out.dump(2) + "\n";
  }
  CsvWriter csv;
  csv.Row({"session_id", "session_start", "course_id", "learner_id", "recorded_at", "kind", "record_id", "refers_to",
           "source", "device_id", "flags"});
  for (const auto& r : rows) {
    csv.Row({r.session_id, zone.FormatRfc3339(r.session_start), r.course_id, r.record.learner_id,
             zone.FormatRfc3339(r.record.recorded_at), RecordKindName(r.record.kind), r.record.id, r.record.refers_to,
             RecordSourceName(r.record.source), r.device_id, Join(r.flags, ';')});
  }
  return csv.Take();
}

std::string FormatReportSummary(const std::vector<SessionSummary>& sessions, const TimeZone& zone,
                                ReportFormat format) {
  if (format == ReportFormat::kJson) {
    json out = json::array();
    for (const auto& s : sessions) {
      out.push_back({{"session_id", s.session_id},
                     {"session_start", zone.FormatRfc3339(s.session_start)},
                     {"course_id", s.course_id},
                     {"course_title", {{"zh", s.course_title.zh}, {"en", s.course_title.en}}},
                     {"capacity", s.capacity},
                     {"credit_hours", s.credit_hours},
                     {"checkins", s.checkins},
                     {"records", s.records},
                     {"voided", s.voided},
                     {"over_capacity", s.over_capacity},
                     {"conflicts", s.conflicts},
                     {"removed", s.removed}});
    }
    return out.dump(2) + "\n";
  }
  CsvWriter csv;
  csv.Row({"session_id", "session_start", "course_id", "capacity", "credit_hours", "checkins", "records", "voided",
           "over_capacity", "conflicts", "removed"});
  for (const auto& s : sessions) {
    csv.Row({s.session_id, zone.FormatRfc3339(s.session_start), s.course_id, std::to_string(s.capacity),
             FormatHours(s.credit_hours), std::to_string(s.checkins), std::to_string(s.records), std::to_string(s.voided),
             std::to_string(s.over_capacity), std::to_string(s.conflicts), s.removed ? "yes" : "no"});
  }
  return csv.Take();
}

std::string FormatDevices(const std::vector<DeviceInfo>& devices, TimeMs now, bool as_json) {
  auto time_or_null = [](const std::optional<TimeMs>& t) { return t ? json(FormatRfc3339Utc(*t)) : json(nullptr); };
  if (as_json) {
    json out = json::array();
    for (const auto& d : devices) {
      out.push_back({{"device_id", d.device_id},
                     {"centre_id", d.centre_id},
                     {"name", d.name},
                     {"enrolled_at", FormatRfc3339Utc(d.enrolled_at)},
                     {"revoked_at", time_or_null(d.revoked_at)},
                     {"last_seen_at", time_or_null(d.last_seen_at)},
                     {"last_heartbeat_at", time_or_null(d.last_heartbeat_at)},
                     {"queue_depth", d.queue_depth},
                     {"oldest_pending_age_s", d.oldest_pending_age_s},
                     {"app_version", d.app_version},
                     {"clock_skew_ms", d.clock_skew_ms}});
    }
    return out.dump(2) + "\n";
  }
  auto age = [now](const std::optional<TimeMs>& t) -> std::string {
    if (!t) return "never";
    int64_t s = (now - *t) / 1000;
    if (s < 120) return std::to_string(s) + "s ago";
    if (s < 7200) return std::to_string(s / 60) + "m ago";
    if (s < 172800) return std::to_string(s / 3600) + "h ago";
    return std::to_string(s / 86400) + "d ago";
  };
  std::ostringstream out;
  char line[512];
  std::snprintf(line, sizeof line, "%-36s  %-20s  %-12s  %-10s  %6s  %9s  %-10s  %9s  %s\n", "DEVICE", "CENTRE",
                "HEARTBEAT", "SEEN", "QUEUE", "OLDEST_S", "VERSION", "SKEW_MS", "STATE");
  out << line;
  for (const auto& d : devices) {
    std::snprintf(line, sizeof line, "%-36s  %-20s  %-12s  %-10s  %6lld  %9lld  %-10s  %9lld  %s\n",
                  d.device_id.c_str(), d.centre_id.c_str(), age(d.last_heartbeat_at).c_str(),
                  age(d.last_seen_at).c_str(), (long long)d.queue_depth, (long long)d.oldest_pending_age_s,
                  d.app_version.empty() ? "-" : d.app_version.c_str(), (long long)d.clock_skew_ms,
                  d.revoked_at ? "revoked" : "active");
    out << line;
  }
  return out.str();
}

}  // namespace lk::hub
