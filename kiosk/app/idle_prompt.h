// The "are you still there?" prompt drawn over the current screen while the idle countdown runs: a calm
// question, the seconds left, and one big Continue button. UI thread only, while drawing.
#pragma once

#include "kiosk/app/ui_context.h"

namespace lk::ui {

// Draws the prompt on the overlay layer; true when Continue was tapped.
bool DrawIdlePrompt(UiContext& ctx, int seconds_left);

}  // namespace lk::ui
