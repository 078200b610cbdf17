#include "kiosk/app/ui_clock.h"

#include <SDL.h>

#include "kiosk/core/clock.h"

namespace lk::ui {

TimeMs SystemUiClock::WallNow() const { return NowMs(); }
uint64_t SystemUiClock::MonotonicMs() const { return SDL_GetTicks64(); }

}  // namespace lk::ui
