#include "kiosk/app/display_link.h"

#include <SDL_syswm.h>
#include <wayland-client-core.h>

#include <cstring>

namespace lk::ui {

std::optional<WaylandWindow> WaylandOf(SDL_Window* window) {
  const char* driver = SDL_GetCurrentVideoDriver();
  if (window == nullptr || driver == nullptr || std::strcmp(driver, "wayland") != 0) return std::nullopt;
  SDL_SysWMinfo info;
  SDL_VERSION(&info.version);
  if (!SDL_GetWindowWMInfo(window, &info) || info.subsystem != SDL_SYSWM_WAYLAND) return std::nullopt;
  return WaylandWindow{info.info.wl.display, info.info.wl.surface};
}

bool DisplayLost(SDL_Window* window) {
  std::optional<WaylandWindow> wayland = WaylandOf(window);
  return wayland && wayland->display != nullptr && wl_display_get_error(wayland->display) != 0;
}

}  // namespace lk::ui
