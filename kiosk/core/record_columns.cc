#include "kiosk/core/record_columns.h"

namespace lk {

AttendanceRecord ReadRecordColumns(const Statement& s, int first) {
  AttendanceRecord r;
  r.id = s.ColumnText(first);
  r.seq = s.ColumnInt(first + 1);
  r.kind = ParseRecordKind(s.ColumnText(first + 2)).value_or(RecordKind::kCheckIn);
  r.learner_id = s.ColumnText(first + 3);
  r.session_id = s.ColumnText(first + 4);
  r.recorded_at = s.ColumnInt(first + 5);
  r.refers_to = s.ColumnText(first + 6);
  r.reason = s.ColumnText(first + 7);
  r.source = ParseRecordSource(s.ColumnText(first + 8)).value_or(RecordSource::kKeypad);
  return r;
}

}  // namespace lk
