#include "kiosk/core/roster_csv.h"

#include "kiosk/core/csv_writer.h"

namespace lk {

std::string RosterToCsv(const std::vector<RosterEntry>& entries, const TimeZone& zone, const CsvOptions& options) {
  CsvWriter csv(options.byte_order_mark);
  csv.Row({"session_start", "checked_in_at", "session_id", "course_zh", "course_en", "learner_id", "kind", "source",
           "record_id", "voided", "void_reason"});
  for (const auto& e : entries) {
    const AttendanceRecord& r = e.record;
    std::string learner = options.mask_learner_ids ? MaskLearnerId(r.learner_id) : r.learner_id;
    csv.Row({zone.FormatDateTime(e.session_starts_at), zone.FormatDateTime(r.recorded_at), r.session_id,
             e.course_title_zh, e.course_title_en, learner, RecordKindName(r.kind), RecordSourceName(r.source), r.id,
             e.voided ? "yes" : "no", e.void_reason});
  }
  return csv.Take();
}

}  // namespace lk
