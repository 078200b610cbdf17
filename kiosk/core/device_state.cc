#include "kiosk/core/device_state.h"

namespace lk {

Result<std::optional<std::string>> DeviceState::Get(const std::string& key) {
  LK_ASSIGN_OR_RETURN(auto s, db_.Cached("SELECT value FROM device_state WHERE key = ?"));
  s->Bind(1, key);
  LK_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(s->ColumnText(0));
}

Status DeviceState::Set(const std::string& key, const std::string& value, TimeMs now) {
  LK_ASSIGN_OR_RETURN(auto s, db_.Cached(
      "INSERT INTO device_state(key, value, updated_at) VALUES (?, ?, ?) "
      "ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at"));
  return s->Bind(1, key).Bind(2, value).Bind(3, now).Run();
}

Status DeviceState::Erase(const std::string& key) {
  LK_ASSIGN_OR_RETURN(auto s, db_.Cached("DELETE FROM device_state WHERE key = ?"));
  return s->Bind(1, key).Run();
}

Status AuditLog::Append(const std::string& actor, const std::string& action, const std::string& detail, TimeMs now) {
  LK_ASSIGN_OR_RETURN(auto s, db_.Cached("INSERT INTO audit_log(at, actor, action, detail) VALUES (?, ?, ?, ?)"));
  return s->Bind(1, now).Bind(2, actor).Bind(3, action).Bind(4, detail).Run();
}

Result<std::vector<AuditEntry>> AuditLog::Recent(int limit) {
  LK_ASSIGN_OR_RETURN(auto s, db_.Cached(
      "SELECT id, at, actor, action, detail FROM audit_log ORDER BY id DESC LIMIT ?"));
  s->Bind(1, limit);
  std::vector<AuditEntry> entries;
  while (true) {
    LK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    entries.push_back({s->ColumnInt(0), s->ColumnInt(1), s->ColumnText(2), s->ColumnText(3), s->ColumnText(4)});
  }
  return entries;
}

}  // namespace lk
