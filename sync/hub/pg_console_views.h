// The PostgreSQL store's reads for the console's pages (console_store.h): centres with their districts,
// and the views over attendance (check-ins per day, sessions with their counts, a session's roster,
// attendance per course, the device list, a catalogue import's preview). Every view that lists centres'
// data applies its CentreFilter in its query. The SQL is the SQLite store's (sqlite_console_views.cc),
// so both backends give the same rows in the same order. SetCentreDistrict is the one writer.
//
// A view of more than one statement reads them in one REPEATABLE READ snapshot.
// Thread-safety: the connection's owner thread. Ownership: borrows the connection for the call.
#pragma once

#include <string>
#include <vector>

#include "kiosk/core/domain.h"
#include "kiosk/core/status.h"
#include "sync/hub/console_store.h"
#include "sync/hub/pg_connection.h"

namespace lk::hub::pg {

Result<std::vector<CentreRow>> ListCentres(Connection& conn, const CentreFilter& filter);
Status SetCentreDistrict(Connection& conn, const std::string& centre_id, const std::string& district);

Result<std::vector<DayCount>> CheckinsPerDay(Connection& conn, const CentreFilter& filter, TimeMs from, TimeMs to,
                                             TimeMs utc_offset_ms);
Result<std::vector<DayTotal>> DailyCheckins(Connection& conn, const CentreFilter& filter, TimeMs from, TimeMs to,
                                            TimeMs utc_offset_ms);
Result<std::vector<ConsoleSessionRow>> Sessions(Connection& conn, const CentreFilter& filter, TimeMs from, TimeMs to);
Result<std::vector<ConsoleSessionRow>> SessionsRunning(Connection& conn, const CentreFilter& filter, TimeMs now);
Result<std::vector<ReportRow>> SessionRoster(Connection& conn, const std::string& centre_id,
                                             const std::string& session_id);
Result<std::vector<CourseAttendance>> AttendanceByCourse(Connection& conn, const std::string& centre_id, TimeMs from,
                                                         TimeMs to);
Result<std::vector<DeviceInfo>> ListDevices(Connection& conn, const CentreFilter& filter);
Result<CatalogPreview> PreviewCatalog(Connection& conn, const std::string& centre_id, const Catalog& catalog);

}  // namespace lk::hub::pg
