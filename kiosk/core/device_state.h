// DeviceState: small named values the kiosk keeps about itself (last sync, clock skew, PIN lockout,
// enrolment facts that are not secrets), and Settings: staff-editable values, each change audited.
//
// Borrows a Database; use from the thread that owns it. Each Set is its own transaction unless the
// caller already holds one.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/domain.h"
#include "kiosk/core/sqlite_db.h"
#include "kiosk/core/status.h"

namespace lk {

class DeviceState {
 public:
  explicit DeviceState(Database& db) : db_(db) {}
  Result<std::optional<std::string>> Get(const std::string& key);
  Status Set(const std::string& key, const std::string& value, TimeMs now);
  Status Erase(const std::string& key);

 private:
  Database& db_;
};

struct AuditEntry {
  int64_t id = 0;
  TimeMs at = 0;
  std::string actor, action, detail;
};

class AuditLog {
 public:
  explicit AuditLog(Database& db) : db_(db) {}
  Status Append(const std::string& actor, const std::string& action, const std::string& detail, TimeMs now);
  Result<std::vector<AuditEntry>> Recent(int limit);

 private:
  Database& db_;
};

}  // namespace lk
