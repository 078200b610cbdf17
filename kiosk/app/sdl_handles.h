// Move-only owners of SDL handles: the library itself (SDL_Init/SDL_Quit), a window, a renderer, a surface.
// Destroy in reverse order of creation (declare them in creation order). UI thread only.
#pragma once

#include <memory>

#include <SDL.h>

namespace lk::ui {

struct SdlWindowDeleter {
  void operator()(SDL_Window* w) const { SDL_DestroyWindow(w); }
};
struct SdlRendererDeleter {
  void operator()(SDL_Renderer* r) const { SDL_DestroyRenderer(r); }
};
struct SdlSurfaceDeleter {
  void operator()(SDL_Surface* s) const { SDL_FreeSurface(s); }
};
using SdlWindow = std::unique_ptr<SDL_Window, SdlWindowDeleter>;
using SdlRenderer = std::unique_ptr<SDL_Renderer, SdlRendererDeleter>;
using SdlSurface = std::unique_ptr<SDL_Surface, SdlSurfaceDeleter>;

// SDL_Init(flags) on construction (check ok()), SDL_Quit on destruction.
class SdlLibrary {
 public:
  explicit SdlLibrary(Uint32 flags) : ok_(SDL_Init(flags) == 0) {}
  ~SdlLibrary() {
    if (ok_) SDL_Quit();
  }
  SdlLibrary(SdlLibrary&& other) noexcept : ok_(other.ok_) { other.ok_ = false; }
  SdlLibrary& operator=(SdlLibrary&&) = delete;
  SdlLibrary(const SdlLibrary&) = delete;
  SdlLibrary& operator=(const SdlLibrary&) = delete;
  bool ok() const { return ok_; }

 private:
  bool ok_;
};

}  // namespace lk::ui
