// The wall clock of the real environment: NowMs() is Env::Default()->WallNowMs() (kiosk/core/env.h),
// honouring `LK_FAKE_NOW`, for code that has no Env of its own (kioskctl's commands). Thread-safe.
#pragma once

#include "kiosk/core/domain.h"

namespace lk {

TimeMs NowMs();

}  // namespace lk
