#include "kiosk/app/display_link.h"

#include <SDL_syswm.h>
#include <wayland-client-core.h>

#include <cstring>

namespace lk::ui {

bool DisplayLost(SDL_Window* window) {
  const char* driver = SDL_GetCurrentVideoDriver();
  if (window == nullptr || driver == nullptr || std::strcmp(driver, "wayland") != 0) return false;
  SDL_SysWMinfo info;
  SDL_VERSION(&info.version);
  if (!SDL_GetWindowWMInfo(window, &info) || info.subsystem != SDL_SYSWM_WAYLAND) return false;
  return info.info.wl.display != nullptr && wl_display_get_error(info.info.wl.display) != 0;
}

}  // namespace lk::ui
