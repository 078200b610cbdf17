// DisplayLink: tells an SDL_QUIT that means "the compositor is gone" from one a window manager sent, and
// notices a lost compositor that SDL never reported.
//
// Residents must not be able to close the kiosk, so SDL_QUIT is normally ignored. But when cage (the
// Wayland compositor) dies, the app must exit non-zero so systemd restarts the session. SDL 2.26 reports
// the lost connection as SDL_QUIT only sometimes: in tests/session/cage_session_test.cc the app also went
// on with no SDL_QUIT at all, its loop spinning on the hung-up socket. So the Wayland connection itself is
// asked: libwayland-client records a fatal error on it (EPIPE when the compositor closed the socket) the
// first time SDL reads events from it. (Under X11, Xlib ends the process itself when the server goes
// away.) Stateless; UI thread (the window's).
#pragma once

#include <SDL.h>

#include <optional>

struct wl_display;
struct wl_surface;

namespace lk::ui {

// The Wayland objects behind an SDL window.
struct WaylandWindow {
  wl_display* display = nullptr;
  wl_surface* surface = nullptr;
};
// `window`'s Wayland display and surface, or nothing when SDL does not run it on Wayland. (Kept here so
// that SDL_syswm.h, which pulls in Xlib and its `Status` macro, stays out of every other file.)
std::optional<WaylandWindow> WaylandOf(SDL_Window* window);

// True when SDL runs `window` on Wayland and that connection to the compositor has failed
// (wl_display_get_error). Cheap (no system call): called on every pass of the frame loop.
bool DisplayLost(SDL_Window* window);

}  // namespace lk::ui
