// The SQLite store's reads for the console's pages (console_store.h): centres with their districts, and
// the views over attendance (check-ins per day, sessions with their counts, a session's roster,
// attendance per course, the device list, a catalogue import's preview). Every view that lists centres'
// data applies its CentreFilter in its query. SetCentreDistrict is the one writer.
//
// Readers take a pooled reader (the last committed state; several statements in one snapshot where a
// view needs more than one); SetCentreDistrict takes the writer under its write lock. Ownership:
// borrows the connection for the call.
#pragma once

#include <string>
#include <vector>

#include "kiosk/core/domain.h"
#include "kiosk/core/sqlite_db.h"
#include "kiosk/core/status.h"
#include "sync/hub/console_store.h"

namespace lk::hub::sqlite {

Result<std::vector<CentreRow>> ListCentres(Database& reader, const CentreFilter& filter);
Status SetCentreDistrict(Database& writer, const std::string& centre_id, const std::string& district);

Result<std::vector<DayCount>> CheckinsPerDay(Database& reader, const CentreFilter& filter, TimeMs from, TimeMs to,
                                             TimeMs utc_offset_ms);
Result<std::vector<DayTotal>> DailyCheckins(Database& reader, const CentreFilter& filter, TimeMs from, TimeMs to,
                                            TimeMs utc_offset_ms);
Result<std::vector<ConsoleSessionRow>> Sessions(Database& reader, const CentreFilter& filter, TimeMs from, TimeMs to);
Result<std::vector<ConsoleSessionRow>> SessionsRunning(Database& reader, const CentreFilter& filter, TimeMs now);
Result<std::vector<ReportRow>> SessionRoster(Database& reader, const std::string& centre_id,
                                             const std::string& session_id);
Result<std::vector<CourseAttendance>> AttendanceByCourse(Database& reader, const std::string& centre_id, TimeMs from,
                                                         TimeMs to);
Result<std::vector<DeviceInfo>> ListDevices(Database& reader, const CentreFilter& filter);
Result<CatalogPreview> PreviewCatalog(Database& reader, const std::string& centre_id, const Catalog& catalog);

}  // namespace lk::hub::sqlite
