// The wall clock, in one place so tests and tools can shift it.
//
// `LK_FAKE_NOW` (RFC 3339) in the environment pins "now" for kioskctl and the kiosk in tests that need
// a particular time of day; unset, this is the system clock. Thread-safe.
#pragma once

#include "kiosk/core/domain.h"

namespace lk {

TimeMs NowMs();

}  // namespace lk
