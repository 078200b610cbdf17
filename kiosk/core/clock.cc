#include "kiosk/core/clock.h"

#include "kiosk/core/env.h"

namespace lk {

TimeMs NowMs() { return Env::Default()->WallNowMs(); }

}  // namespace lk
