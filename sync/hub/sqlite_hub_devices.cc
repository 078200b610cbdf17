#include "sync/hub/sqlite_hub_devices.h"

#include "sync/hub/sqlite_hub_rows.h"
#include "sync/hub/sqlite_reset.h"

namespace lk::hub::sqlite {

Status AddEnrollCode(Database& writer, const std::string& centre_id, const std::string& code_hash, TimeMs now,
                     TimeMs expires_at) {
  LK_ASSIGN_OR_RETURN(Transaction txn, writer.Begin());
  LK_RETURN_IF_ERROR(ReadCentre(writer, centre_id).status());
  LK_ASSIGN_OR_RETURN(auto s, writer.Cached(
      "INSERT INTO enroll_codes(code_hash, centre_id, created_at, expires_at) VALUES(?,?,?,?)"));
  s->Bind(1, code_hash).Bind(2, centre_id).Bind(3, now).Bind(4, expires_at);
  LK_RETURN_IF_ERROR(s->Run());
  return ResetAndCommit(writer, txn);
}

Result<Centre> Enroll(Database& writer, const std::string& code_hash, const std::string& device_id,
                      const std::string& token_hash, const sync::EnrollRequest& request, TimeMs now) {
  LK_ASSIGN_OR_RETURN(Transaction txn, writer.Begin());
  LK_ASSIGN_OR_RETURN(auto find, writer.Cached(
      "SELECT centre_id FROM enroll_codes WHERE code_hash=? AND used_at IS NULL AND expires_at>?"));
  find->Bind(1, code_hash).Bind(2, now);
  LK_ASSIGN_OR_RETURN(bool row, find->Step());
  if (!row) return Status::NotFound("unknown, used or expired enrolment code");
  std::string centre_id = find->ColumnText(0);
  find->Reset();
  LK_ASSIGN_OR_RETURN(auto use, writer.Cached(
      "UPDATE enroll_codes SET used_at=?, device_id=? WHERE code_hash=?"));
  use->Bind(1, now).Bind(2, device_id).Bind(3, code_hash);
  LK_RETURN_IF_ERROR(use->Run());
  LK_ASSIGN_OR_RETURN(auto add, writer.Cached(
      "INSERT INTO devices(id, centre_id, token_hash, name, enrolled_at, last_seen_at, app_version) "
      "VALUES(?,?,?,?,?,?,?)"));
  add->Bind(1, device_id).Bind(2, centre_id).Bind(3, token_hash).Bind(4, request.device_name).Bind(5, now)
      .Bind(6, now).Bind(7, request.app_version);
  LK_RETURN_IF_ERROR(add->Run());
  LK_ASSIGN_OR_RETURN(Centre centre, ReadCentre(writer, centre_id));
  LK_RETURN_IF_ERROR(ResetAndCommit(writer, txn));
  return centre;
}

Result<DeviceIdentity> Authenticate(Database& reader, const std::string& token_hash) {
  LK_ASSIGN_OR_RETURN(auto s, reader.Cached(
      "SELECT id, centre_id, revoked_at IS NOT NULL FROM devices WHERE token_hash=?"));
  s->Bind(1, token_hash);
  LK_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return Status::NotFound("unknown token");
  DeviceIdentity id{s->ColumnText(0), s->ColumnText(1), s->ColumnInt(2) != 0};
  s->Reset();
  return id;
}

Status RecordHeartbeat(Database& writer, const std::string& device_id, const sync::HeartbeatRequest& hb,
                       int64_t clock_skew_ms, TimeMs now) {
  LK_ASSIGN_OR_RETURN(auto s, writer.Cached(
      "UPDATE devices SET last_seen_at=?, heartbeat_at=?, queue_depth=?, oldest_pending_s=?, app_version=?, "
      "clock_skew_ms=? WHERE id=?"));
  s->Bind(1, now).Bind(2, now).Bind(3, hb.queue_depth).Bind(4, hb.oldest_pending_age_s).Bind(5, hb.app_version)
      .Bind(6, clock_skew_ms).Bind(7, device_id);
  return s->Run();
}

Result<std::vector<DeviceInfo>> ListDevices(Database& reader) {
  LK_ASSIGN_OR_RETURN(auto s, reader.Cached(std::string("SELECT ") + kDeviceColumns +
                                            " FROM devices d ORDER BY d.centre_id, d.id"));
  std::vector<DeviceInfo> out;
  while (true) {
    LK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    out.push_back(ReadDevice(*s, 0));
  }
  return out;
}

Status RevokeDevice(Database& writer, const std::string& device_id, TimeMs now) {
  LK_ASSIGN_OR_RETURN(auto s, writer.Cached(
      "UPDATE devices SET revoked_at=IFNULL(revoked_at, ?) WHERE id=?"));
  s->Bind(1, now).Bind(2, device_id);
  LK_RETURN_IF_ERROR(s->Run());
  if (writer.Changes() == 0) return Status::NotFound("no device \"" + device_id + "\"");
  return Status::Ok();
}

}  // namespace lk::hub::sqlite
