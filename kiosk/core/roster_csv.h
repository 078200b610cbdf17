// Attendance as CSV (RFC 4180, formula-safe: csv_writer.h), for `kioskctl roster --format csv`, `kioskctl export` and the staff
// export: one row per check-in or correction with the local time, session, course, learner id, kind,
// and whether and why it was voided. Stateless; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "kiosk/core/attendance_store.h"
#include "kiosk/core/time_zone.h"

namespace lk {

struct CsvOptions {
  bool byte_order_mark = false;  // UTF-8 BOM so spreadsheet programs read Chinese correctly
  bool mask_learner_ids = false;
};

std::string RosterToCsv(const std::vector<RosterEntry>& entries, const TimeZone& zone, const CsvOptions& options);

}  // namespace lk
