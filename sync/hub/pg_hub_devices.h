// The PostgreSQL store's enrolment codes and devices: adding a code, enrolling with one (single-use
// across replicas: the code is consumed by one conditional UPDATE, which a second replica's concurrent
// attempt waits for and then finds used), authenticating tokens, heartbeats, listing and revoking.
// Each function runs on the connection it is given, in one transaction where it writes several rows.
// Thread-safety: the connection's owner thread. Ownership: borrows the connection for the call.
#pragma once

#include <string>
#include <vector>

#include "kiosk/core/domain.h"
#include "kiosk/core/status.h"
#include "sync/hub/hub_store.h"
#include "sync/hub/pg_connection.h"

namespace lk::hub::pg {

Status AddEnrollCode(Connection& conn, const std::string& centre_id, const std::string& code_hash, TimeMs now,
                     TimeMs expires_at);
Result<Centre> Enroll(Connection& conn, const std::string& code_hash, const std::string& device_id,
                      const std::string& token_hash, const sync::EnrollRequest& request, TimeMs now);
Result<DeviceIdentity> Authenticate(Connection& conn, const std::string& token_hash);
Status RecordHeartbeat(Connection& conn, const std::string& device_id, const sync::HeartbeatRequest& heartbeat,
                       int64_t clock_skew_ms, TimeMs now);
Result<std::vector<DeviceInfo>> ListDevices(Connection& conn);
Status RevokeDevice(Connection& conn, const std::string& device_id, TimeMs now);

}  // namespace lk::hub::pg
