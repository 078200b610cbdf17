// DisplayLink: tells an SDL_QUIT that means "the compositor is gone" from one a window manager sent.
//
// Residents must not be able to close the kiosk, so SDL_QUIT is normally ignored. But when cage (the
// Wayland compositor) dies, SDL reports the lost connection as SDL_QUIT too; ignoring that would leave
// learning-kiosk running without a screen. Under Wayland the compositor's socket is tried: nobody
// listening there means the display is gone and the app exits non-zero so systemd restarts the session.
// (Under X11, Xlib ends the process itself when the server goes away.) Stateless; thread-safe.
#pragma once

namespace lk::ui {

// True when SDL runs on Wayland and the compositor's socket ($XDG_RUNTIME_DIR/$WAYLAND_DISPLAY, or an
// absolute $WAYLAND_DISPLAY) no longer accepts connections.
bool DisplayLost();

}  // namespace lk::ui
