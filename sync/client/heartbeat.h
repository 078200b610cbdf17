// Heartbeat: POST /v1/heartbeat (sync/PROTOCOL.md §6) with the queue depth, the oldest pending record's
// age, the app version and the kiosk's clock; the hub answers with its time and the clock skew, which
// is stored (device_state `sync.clock_skew_ms`) and shown to staff.
#pragma once

#include <string>

#include "kiosk/core/domain.h"
#include "kiosk/core/sqlite_db.h"
#include "kiosk/core/status.h"
#include "sync/client/hub_client.h"
#include "sync/protocol/device_messages.h"

namespace lk::sync {

constexpr const char* kHeartbeatPath = "/v1/heartbeat";

// Sends one heartbeat built from the outbox in `db`, stores the skew, returns the hub's answer.
Result<HeartbeatResponse> SendHeartbeat(Database& db, HubClient& client, const std::string& app_version, TimeMs now);

}  // namespace lk::sync
