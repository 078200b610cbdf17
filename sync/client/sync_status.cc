#include "sync/client/sync_status.h"

namespace lk::sync {

std::string DefaultAppVersion() { return std::string("learning-kiosk/") + LK_SYNC_APP_VERSION; }

}  // namespace lk::sync
