// Exit signals: SIGTERM and SIGINT end the kiosk's frame loop cleanly. SDL's own handlers are disabled
// (they would turn a signal into an SDL_QUIT, which the kiosk ignores: residents cannot close it), so
// these set a flag the loop reads at least once a second. Async-signal-safe; any thread may read.
#pragma once

namespace lk::ui {

void InstallExitSignalHandlers();
bool ExitSignalled();

}  // namespace lk::ui
