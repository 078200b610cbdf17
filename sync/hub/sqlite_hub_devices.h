// The SQLite store's enrolment codes and devices: codes, enrolment (code consumed and device created in
// one transaction), token authentication, heartbeats, the device list and revocation.
//
// Writers take the store's one writer connection and must be called under its write lock; readers take
// a pooled reader. Ownership: borrows the connection for the call.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kiosk/core/domain.h"
#include "kiosk/core/sqlite_db.h"
#include "kiosk/core/status.h"
#include "sync/hub/hub_store.h"
#include "sync/protocol/device_messages.h"

namespace lk::hub::sqlite {

Status AddEnrollCode(Database& writer, const std::string& centre_id, const std::string& code_hash, TimeMs now,
                     TimeMs expires_at);
Result<Centre> Enroll(Database& writer, const std::string& code_hash, const std::string& device_id,
                      const std::string& token_hash, const sync::EnrollRequest& request, TimeMs now);
Result<DeviceIdentity> Authenticate(Database& reader, const std::string& token_hash);
Status RecordHeartbeat(Database& writer, const std::string& device_id, const sync::HeartbeatRequest& heartbeat,
                       int64_t clock_skew_ms, TimeMs now);
Result<std::vector<DeviceInfo>> ListDevices(Database& reader);
Status RevokeDevice(Database& writer, const std::string& device_id, TimeMs now);

}  // namespace lk::hub::sqlite
