#include "kiosk/core/roster_csv.h"

namespace lk {

std::string CsvField(const std::string& field) {
  // A leading =, +, - or @ would be a formula in spreadsheet programs: quote and prefix it.
  bool formula = !field.empty() && (field[0] == '=' || field[0] == '+' || field[0] == '@');
  if (!formula && field.find_first_of(",\"\r\n") == std::string::npos) return field;
  std::string out = "\"";
  if (formula) out += '\'';
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string RosterToCsv(const std::vector<RosterEntry>& entries, const TimeZone& zone, const CsvOptions& options) {
  std::string out = options.byte_order_mark ? "\xEF\xBB\xBF" : "";
  out += "session_start,checked_in_at,session_id,course_zh,course_en,learner_id,kind,source,record_id,voided,"
         "void_reason\r\n";
  for (const auto& e : entries) {
    const AttendanceRecord& r = e.record;
    std::string learner = options.mask_learner_ids ? MaskLearnerId(r.learner_id) : r.learner_id;
    std::string fields[] = {zone.FormatDateTime(e.session_starts_at), zone.FormatDateTime(r.recorded_at),
                            r.session_id, e.course_title_zh, e.course_title_en, learner, RecordKindName(r.kind),
                            RecordSourceName(r.source), r.id, e.voided ? "yes" : "no", e.void_reason};
    bool first = true;
    for (const auto& f : fields) {
      if (!first) out += ',';
      out += CsvField(f);
      first = false;
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace lk
