#include "kiosk/core/record_rules.h"

#include <string>

#include "kiosk/core/catalog_json.h"

namespace lk {

bool IsValidId(std::string_view id) {
  if (id.empty() || id.size() > kMaxIdBytes) return false;
  for (char c : id) {
    auto u = static_cast<unsigned char>(c);
    if (u <= ' ' || u == 0x7f || c == '"' || c == '\\') return false;
  }
  return IsCleanUtf8(id);
}

bool IsValidReason(std::string_view reason) { return reason.size() <= kMaxReasonBytes && IsCleanUtf8(reason); }

Status CheckRecordTexts(const AttendanceRecord& record) {
  if (!IsValidId(record.learner_id)) {
    return Status::InvalidArgument("learner id: expected 1..64 bytes of UTF-8 text without spaces or quotes");
  }
  if (!IsValidId(record.session_id)) {
    return Status::InvalidArgument("session id: expected 1..64 bytes of UTF-8 text without spaces or quotes");
  }
  if (record.reason.size() > kMaxReasonBytes) {
    return Status::InvalidArgument("reason: at most " + std::to_string(kMaxReasonBytes) + " bytes (this one has " +
                                   std::to_string(record.reason.size()) + ")");
  }
  if (!IsCleanUtf8(record.reason)) {
    return Status::InvalidArgument("reason: not UTF-8 text (is the terminal set to another encoding, such as GBK?)");
  }
  return Status::Ok();
}

}  // namespace lk
