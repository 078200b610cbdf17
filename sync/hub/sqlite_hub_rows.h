// How hub values sit in the SQLite schema's columns, for the store's parts that share them: a centre
// (with its catalogue feed state) read by id, and the select lists with their readers of a report row,
// a session summary and a device, which the reports and the console's views both select. (Record flags
// are sync/hub/flag_list.h; a record's own columns are read with kiosk/core/record_columns.h.)
// Free functions; a Database is used by one thread at a time.
#pragma once

#include <string>
#include <vector>

#include "kiosk/core/domain.h"
#include "kiosk/core/sqlite_db.h"
#include "kiosk/core/status.h"
#include "sync/hub/flag_list.h"
#include "sync/hub/hub_store.h"

namespace lk::hub::sqlite {

// A centre's columns (id, name_zh, name_en, time_zone) from `first`.
Centre CentreFromRow(const Statement& s, int first);
// kNotFound when the centre is unknown.
Result<Centre> ReadCentre(Database& db, const std::string& centre_id);
Result<CatalogState> ReadCatalogState(Database& db, const std::string& centre_id);

// A report row of record `r` in session `s` (FROM records r JOIN sessions s ...), read from column 0.
// INDEXED BY: left to itself SQLite's planner answers "what acts on r" by scanning all of the centre's
// records (its primary key) for every row, so a report took minutes at 50,000 records.
inline constexpr const char* kReportRowColumns =
    "r.session_id, s.starts_at, s.course_id, s.course_title_zh, s.course_title_en, r.id, r.seq, r.kind, "
    "r.learner_id, r.session_id, r.recorded_at, IFNULL(r.refers_to,''), r.reason, r.source, r.device_id, r.flags, "
    "r.received_at, (SELECT v.kind FROM records v INDEXED BY records_by_refers_to "
    "WHERE v.refers_to=r.id AND v.centre_id=r.centre_id ORDER BY v.id LIMIT 1)";
ReportRow ReadReportRow(const Statement& s);

// Distinct learners counted in session `s`: the count ingest keeps beside the attendance rows.
inline const std::string kSessionCheckins = "s.checkins";

// The counts of session `s` (FROM sessions s) as `report --summary` shows them. INDEXED BY: for the
// flags test the planner otherwise walks all of the centre's records (its primary key) per session,
// 120 ms for a day of 20 sessions at a centre with 80,000 records.
inline const std::string kSessionSummaryColumns =
    "s.id, s.starts_at, s.course_id, s.course_title_zh, s.course_title_en, s.capacity, s.credit_hours, s.deleted, "
    "(SELECT COUNT(*) FROM records r WHERE r.centre_id=s.centre_id AND r.session_id=s.id), " + kSessionCheckins + ", "
    "(SELECT COUNT(*) FROM records r WHERE r.centre_id=s.centre_id AND r.session_id=s.id "
    "   AND EXISTS (SELECT 1 FROM records v WHERE v.refers_to=r.id AND v.centre_id=r.centre_id)), "
    "(SELECT COUNT(*) FROM records r INDEXED BY records_by_session WHERE r.centre_id=s.centre_id "
    "   AND r.session_id=s.id AND (',' || r.flags || ',') LIKE '%,over_capacity,%'), "
    "(SELECT COUNT(*) FROM conflicts k JOIN records r ON r.centre_id=k.centre_id AND r.id=k.record_id "
    "   WHERE r.centre_id=s.centre_id AND r.session_id=s.id)";
// The same columns with only the live count read (records, voided, over capacity and conflicts 0): what
// a list of many centres' sessions needs, without four look-ups into records per session.
inline const std::string kSessionCountColumns =
    "s.id, s.starts_at, s.course_id, s.course_title_zh, s.course_title_en, s.capacity, s.credit_hours, s.deleted, "
    "0, " + kSessionCheckins + ", 0, 0, 0";
SessionSummary ReadSessionSummary(const Statement& s, int first);

// Device `d` (FROM devices d) as the device list shows it.
inline constexpr const char* kDeviceColumns =
    "d.id, d.centre_id, d.name, d.enrolled_at, d.revoked_at, d.last_seen_at, d.heartbeat_at, d.queue_depth, "
    "d.oldest_pending_s, d.app_version, d.clock_skew_ms";
DeviceInfo ReadDevice(const Statement& s, int first);

}  // namespace lk::hub::sqlite
