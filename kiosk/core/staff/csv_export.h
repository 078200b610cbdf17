// Attendance export: a date range's roster as CSV (UTF-8 with a byte order mark, so spreadsheet programs
// show Chinese course titles), written where staff can carry it away (a USB stick's mount point).
//
// The file is written with Env::WriteFileAtomically (temporary file, fsync, rename, fsync of the
// directory), after a check that the file system has room for it. On any failure no partial export is
// ever left behind and an earlier export of the same name stays intact. Errors, meant to be shown to staff:
//   NotFound           the directory does not exist (no USB stick plugged in)
//   ResourceExhausted  the disk is full (or has less free space than the export needs)
//   InvalidArgument    `from` is after `to`
//   IoError            anything else (not a directory, read-only, no permission), with the OS's reason
// Stateless apart from the store it borrows; call from the thread that owns the store's Database.
#pragma once

#include <string>

#include "kiosk/core/attendance_store.h"
#include "kiosk/core/device_state.h"
#include "kiosk/core/env.h"
#include "kiosk/core/status.h"
#include "kiosk/core/time_zone.h"

namespace lk {

struct ExportRange {
  LocalDate from, to;  // inclusive, in the centre's time zone
};

struct ExportResult {
  std::string path;  // the file written
  int rows = 0;      // attendance rows (the header excluded)
  size_t bytes = 0;
};

// "attendance-<centre>-<from>_<to>.csv"; characters other than A-Z a-z 0-9 - _ in the centre id become '_'.
std::string ExportFileName(const std::string& centre_id, const ExportRange& range);

// Writes the range's records to `dir`/ExportFileName(centre_id, range), replacing a file of that name.
Result<ExportResult> ExportAttendanceToDir(AttendanceStore& attendance, const TimeZone& zone, const ExportRange& range,
                                           const std::string& centre_id, const std::string& dir,
                                           Env* env = Env::Default());
// Writes the range's records to `file`, replacing it.
Result<ExportResult> ExportAttendanceToFile(AttendanceStore& attendance, const TimeZone& zone, const ExportRange& range,
                                            const std::string& file, Env* env = Env::Default());

// Records a finished export in the audit log ("attendance.export": the range, the rows, the file).
Status AuditExport(AuditLog& log, const std::string& actor, const ExportRange& range, const ExportResult& result,
                   TimeMs now);

}  // namespace lk
