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

// The DeviceState keys more than one part reads (the sync client writes them; the staff sync panel and
// `kioskctl status` read them), in one place so that no part spells one differently.
namespace device_key {
inline constexpr const char* kLastSyncSuccess = "sync.last_success";  // RFC 3339, UTC
inline constexpr const char* kLastSyncError = "sync.last_error";      // in words
inline constexpr const char* kLastSyncErrorAt = "sync.last_error_at"; // RFC 3339, UTC
inline constexpr const char* kClockSkewMs = "sync.clock_skew_ms";     // kiosk minus hub, from the heartbeat
inline constexpr const char* kDeviceId = "enrol.device_id";           // set once enrolled with a hub
inline constexpr const char* kCentreId = "enrol.centre_id";
inline constexpr const char* kHubUrl = "enrol.hub_url";
}  // namespace device_key

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
