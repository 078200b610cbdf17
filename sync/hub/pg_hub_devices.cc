#include "sync/hub/pg_hub_devices.h"

#include "sync/hub/pg_hub_rows.h"
#include "sync/hub/pg_transaction.h"

namespace lk::hub::pg {

Status AddEnrollCode(Connection& conn, const std::string& centre_id, const std::string& code_hash, TimeMs now,
                     TimeMs expires_at) {
  LK_RETURN_IF_ERROR(ReadCentre(conn, centre_id).status());
  return conn.Query("INSERT INTO enroll_codes(code_hash, centre_id, created_at, expires_at) VALUES($1, $2, $3, $4)",
                    Params().Add(code_hash).Add(centre_id).Add(now).Add(expires_at)).status();
}

Result<Centre> Enroll(Connection& conn, const std::string& code_hash, const std::string& device_id,
                      const std::string& token_hash, const sync::EnrollRequest& request, TimeMs now) {
  LK_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(conn));
  LK_ASSIGN_OR_RETURN(Rows used, conn.Query(
      "UPDATE enroll_codes SET used_at=$1, device_id=$2 WHERE code_hash=$3 AND used_at IS NULL AND expires_at>$1 "
      "RETURNING centre_id",
      Params().Add(now).Add(device_id).Add(code_hash)));
  if (used.empty()) return Status::NotFound("unknown, used or expired enrolment code");
  std::string centre_id = used.Text(0, 0);
  LK_RETURN_IF_ERROR(conn.Query(
      "INSERT INTO devices(id, centre_id, token_hash, name, enrolled_at, last_seen_at, app_version) "
      "VALUES($1, $2, $3, $4, $5, $5, $6)",
      Params().Add(device_id).Add(centre_id).Add(token_hash).Add(request.device_name).Add(now)
          .Add(request.app_version)).status());
  LK_ASSIGN_OR_RETURN(Centre centre, ReadCentre(conn, centre_id));
  LK_RETURN_IF_ERROR(txn.Commit());
  return centre;
}

Result<DeviceIdentity> Authenticate(Connection& conn, const std::string& token_hash) {
  LK_ASSIGN_OR_RETURN(Rows rows, conn.Query(
      "SELECT id, centre_id, revoked_at IS NOT NULL FROM devices WHERE token_hash=$1", Params().Add(token_hash)));
  if (rows.empty()) return Status::NotFound("unknown token");
  return DeviceIdentity{rows.Text(0, 0), rows.Text(0, 1), rows.Bool(0, 2)};
}

Status RecordHeartbeat(Connection& conn, const std::string& device_id, const sync::HeartbeatRequest& hb,
                       int64_t clock_skew_ms, TimeMs now) {
  return conn.Query(
      "UPDATE devices SET last_seen_at=$1, heartbeat_at=$1, queue_depth=$2, oldest_pending_s=$3, app_version=$4, "
      "clock_skew_ms=$5 WHERE id=$6",
      Params().Add(now).Add(int64_t(hb.queue_depth)).Add(int64_t(hb.oldest_pending_age_s)).Add(hb.app_version)
          .Add(clock_skew_ms).Add(device_id)).status();
}

Result<std::vector<DeviceInfo>> ListDevices(Connection& conn) {
  LK_ASSIGN_OR_RETURN(Rows rows, conn.Query(std::string("SELECT ") + kDeviceColumns +
                                            " FROM devices d ORDER BY d.centre_id, d.id"));
  std::vector<DeviceInfo> out;
  out.reserve(size_t(rows.size()));
  for (int i = 0; i < rows.size(); ++i) {
    out.push_back(ReadDevice(rows, i, 0));
  }
  return out;
}

Status RevokeDevice(Connection& conn, const std::string& device_id, TimeMs now) {
  LK_ASSIGN_OR_RETURN(Rows revoked, conn.Query("UPDATE devices SET revoked_at=COALESCE(revoked_at, $1) WHERE id=$2",
                                               Params().Add(now).Add(device_id)));
  if (revoked.affected() == 0) return Status::NotFound("no device \"" + device_id + "\"");
  return Status::Ok();
}

}  // namespace lk::hub::pg
