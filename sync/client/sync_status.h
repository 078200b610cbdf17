// The sync client's name for its status (the value itself is lk::SyncStatus, kiosk/core/sync_status.h; the
// device_state keys it keeps it under are in kiosk/core/device_state.h), and the app version it reports.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "kiosk/core/domain.h"
#include "kiosk/core/sync_status.h"

namespace lk::sync {

// "learning-kiosk/0.1.0": the app version sent in heartbeats and as the User-Agent.
std::string DefaultAppVersion();

}  // namespace lk::sync
