#include "sync/hub/credit_export.h"

#include <charconv>

#include <nlohmann/json.hpp>

#include "kiosk/core/csv_writer.h"
#include "kiosk/core/time_zone.h"

namespace lk::hub {
namespace {

bool ParseInt(std::string_view text, int64_t* out) {
  if (text.empty() || text.size() > 19) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size() && *out >= 0;
}

const char* KindOf(const CreditChange& c) { return c.change > 0 ? "credit" : "withdraw"; }

}  // namespace

Result<CreditCursor> ParseCreditCursor(const std::string& text) {
  CreditCursor cursor;
  if (text.empty() || text == "0") return cursor;
  const size_t colon = text.find(':');
  if (colon == std::string::npos || !ParseInt(std::string_view(text).substr(0, colon), &cursor.txid) ||
      !ParseInt(std::string_view(text).substr(colon + 1), &cursor.seq)) {
    return Status::InvalidArgument("--since: expected 0 or a cursor a previous credit-export printed (N:M), got \"" +
                                   text + "\"");
  }
  return cursor;
}

std::string FormatCreditCursor(const CreditCursor& cursor) {
  return std::to_string(cursor.txid) + ":" + std::to_string(cursor.seq);
}

std::string FormatCreditExport(const CreditPage& page, ReportFormat format) {
  if (format == ReportFormat::kJson) {
    nlohmann::json entries = nlohmann::json::array();
    for (const CreditChange& c : page.changes) {
      entries.push_back({{"entry", c.entry},
                         {"kind", KindOf(c)},
                         {"learner_id", c.learner_id},
                         {"centre_id", c.centre_id},
                         {"session_id", c.session_id},
                         {"course_id", c.course_id},
                         {"session_start", FormatRfc3339Utc(c.session_starts_at)},
                         {"credit_hours", c.credit_hours},
                         {"record_id", c.record_id},
                         {"received_at", c.at > 0 ? nlohmann::json(FormatRfc3339Utc(c.at)) : nlohmann::json(nullptr)},
                         {"cursor", c.cursor}});
    }
    return nlohmann::json{{"entries", std::move(entries)}, {"next_cursor", page.next_cursor}}.dump(2) + "\n";
  }
  CsvWriter csv;
  csv.Row({"cursor", "entry", "kind", "learner_id", "centre_id", "session_id", "course_id", "session_start",
           "credit_hours", "record_id", "received_at"});
  for (const CreditChange& c : page.changes) {
    csv.Row({c.cursor, std::to_string(c.entry), KindOf(c), c.learner_id, c.centre_id, c.session_id, c.course_id,
             FormatRfc3339Utc(c.session_starts_at), FormatHours(c.credit_hours), c.record_id,
             c.at > 0 ? FormatRfc3339Utc(c.at) : std::string()});
  }
  return csv.Take();
}

}  // namespace lk::hub
