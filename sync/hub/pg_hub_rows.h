// How hub values sit in the PostgreSQL schema's columns, for the store's parts that share them: a
// record's columns (in kiosk/core/record_columns.h's order) with the device, batch and flags it was
// stored with, a centre (with its catalogue feed state) read by id, and the select lists with their
// readers of a report row, a session summary and a device, which the reports and the console's views
// both select (the SQLite store's, sqlite_hub_rows.h, in the same order).
// Free functions; a Connection is used by one thread at a time.
#pragma once

#include <string>

#include "kiosk/core/domain.h"
#include "kiosk/core/status.h"
#include "sync/hub/hub_ingest.h"
#include "sync/hub/hub_store.h"
#include "sync/hub/pg_connection.h"

namespace lk::hub::pg {

// A record's columns, then device_id, batch_id, flags (prefix-free: for a query on `records` alone).
inline constexpr const char* kStoredRecordColumns =
    "id, seq, kind, learner_id, session_id, recorded_at, COALESCE(refers_to, ''), reason, source, device_id, "
    "batch_id, flags";
inline constexpr int kRecordColumns = 9;  // the AttendanceRecord part of kStoredRecordColumns

AttendanceRecord ReadRecord(const Rows& rows, int row, int first);
StoredRecord ReadStoredRecord(const Rows& rows, int row, int first);

// A centre's columns, in this order, and their reader (from column 0).
inline constexpr const char* kCentreColumns = "id, name_zh, name_en, time_zone";
Centre CentreFromRow(const Rows& rows, int row);
// kNotFound when the centre is unknown.
Result<Centre> ReadCentre(Connection& conn, const std::string& centre_id);
Result<CatalogState> ReadCatalogState(Connection& conn, const std::string& centre_id);

// A report row of record `r` in session `s` (FROM records r JOIN sessions s ...), read from column 0.
inline constexpr const char* kReportRowColumns =
    "r.session_id, s.starts_at, s.course_id, s.course_title_zh, s.course_title_en, r.id, r.seq, r.kind, "
    "r.learner_id, r.session_id, r.recorded_at, COALESCE(r.refers_to, ''), r.reason, r.source, r.device_id, "
    "r.flags, r.received_at, (SELECT v.kind FROM records v WHERE v.refers_to=r.id AND v.centre_id=r.centre_id "
    "ORDER BY v.id LIMIT 1)";
ReportRow ReadReportRow(const Rows& rows, int row);

// Distinct learners counted in session `s`: the count ingest keeps beside the attendance rows.
inline const std::string kSessionCheckins = "s.checkins";

// The counts of session `s` (FROM sessions s) as `report --summary` shows them.
inline const std::string kSessionSummaryColumns =
    "s.id, s.starts_at, s.course_id, s.course_title_zh, s.course_title_en, s.capacity, s.credit_hours, s.deleted, "
    "(SELECT COUNT(*) FROM records r WHERE r.centre_id=s.centre_id AND r.session_id=s.id), " + kSessionCheckins + ", "
    "(SELECT COUNT(*) FROM records r WHERE r.centre_id=s.centre_id AND r.session_id=s.id "
    "   AND EXISTS (SELECT 1 FROM records v WHERE v.refers_to=r.id AND v.centre_id=r.centre_id)), "
    "(SELECT COUNT(*) FROM records r WHERE r.centre_id=s.centre_id AND r.session_id=s.id "
    "   AND (',' || r.flags || ',') LIKE '%,over_capacity,%'), "
    "(SELECT COUNT(*) FROM conflicts k JOIN records r ON r.centre_id=k.centre_id AND r.id=k.record_id "
    "   WHERE r.centre_id=s.centre_id AND r.session_id=s.id)";
// The same columns with only the live count read (records, voided, over capacity and conflicts 0): what
// a list of many centres' sessions needs, without four look-ups into records per session.
inline const std::string kSessionCountColumns =
    "s.id, s.starts_at, s.course_id, s.course_title_zh, s.course_title_en, s.capacity, s.credit_hours, s.deleted, "
    "0, " + kSessionCheckins + ", 0, 0, 0";
SessionSummary ReadSessionSummary(const Rows& rows, int row, int first);

// Device `d` (FROM devices d) as the device list shows it.
inline constexpr const char* kDeviceColumns =
    "d.id, d.centre_id, d.name, d.enrolled_at, d.revoked_at, d.last_seen_at, d.heartbeat_at, d.queue_depth, "
    "d.oldest_pending_s, d.app_version, d.clock_skew_ms";
DeviceInfo ReadDevice(const Rows& rows, int row, int first);

}  // namespace lk::hub::pg
