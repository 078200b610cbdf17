#include "kiosk/core/domain.h"

namespace lk {

const char* RecordKindName(RecordKind kind) {
  switch (kind) {
    case RecordKind::kCheckIn: return "checkin";
    case RecordKind::kVoid: return "void";
    case RecordKind::kCorrection: return "correction";
  }
  return "checkin";
}

std::optional<RecordKind> ParseRecordKind(const std::string& name) {
  if (name == "checkin") return RecordKind::kCheckIn;
  if (name == "void") return RecordKind::kVoid;
  if (name == "correction") return RecordKind::kCorrection;
  return std::nullopt;
}

const char* RecordSourceName(RecordSource source) {
  switch (source) {
    case RecordSource::kKeypad: return "keypad";
    case RecordSource::kScanner: return "scanner";
    case RecordSource::kStaff: return "staff";
    case RecordSource::kCli: return "cli";
  }
  return "keypad";
}

std::optional<RecordSource> ParseRecordSource(const std::string& name) {
  if (name == "keypad") return RecordSource::kKeypad;
  if (name == "scanner") return RecordSource::kScanner;
  if (name == "staff") return RecordSource::kStaff;
  if (name == "cli") return RecordSource::kCli;
  return std::nullopt;
}

}  // namespace lk
