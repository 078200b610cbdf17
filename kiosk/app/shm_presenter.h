// ShmPresenter: puts frames drawn by SDL's software renderer on a Wayland window through shared memory
// (wl_shm buffers attached to the window's own wl_surface), with no GL on the way.
//
// Why it exists: SDL 2.26's Wayland backend has no window framebuffer of its own, so SDL's software
// renderer would still hand every frame to a GLES renderer (Mesa llvmpipe, ~55 MiB of libLLVM touched,
// shader compilation, a GL context's heap) just to copy pixels. Here the frame is drawn into an ordinary
// SDL_Surface and copied into a free shared-memory buffer that the compositor reads directly. SDL still
// initialises EGL when it creates any Wayland window (Wayland_CreateWindow forces SDL_WINDOW_OPENGL), so
// Mesa is mapped, but no GL context is ever made.
//
// Buffers: two, reused. A buffer the compositor has not released yet is not written: Present() waits for
// a release (the compositor frees the older buffer once it has shown the newer one, so this paces frames
// to the output as vsync would), at most 50 ms; a compositor that stalls longer gets the older buffer
// overwritten and committed at once, a torn frame at worst, never a stale one. Resizes are followed by
// recreating buffers of the frame's size as they come free.
//
// Thread-safety: UI thread only (the window's). The presenter uses its own Wayland event queue, so SDL's
// event pump never runs its callbacks, and it dispatches that queue only inside Present(). Owns its
// queue, the wl_shm binding and the buffers (RAII); the SDL window must outlive it.
#pragma once

#include <memory>
#include <vector>

#include <SDL.h>

#include "kiosk/core/status.h"

struct wl_display;
struct wl_surface;
struct wl_event_queue;
struct wl_shm;

namespace lk::ui {

class ShmPresenter {
 public:
  // Fails (Unavailable) when `window` is not an SDL window on Wayland or the compositor offers no wl_shm.
  static Result<std::unique_ptr<ShmPresenter>> Open(SDL_Window* window);
  ~ShmPresenter();
  ShmPresenter(const ShmPresenter&) = delete;
  ShmPresenter& operator=(const ShmPresenter&) = delete;

  // Copies `frame` (SDL_PIXELFORMAT_RGB888, i.e. XRGB8888, any size) into a free buffer and commits it
  // to the window's surface. An error means the connection to the compositor failed.
  [[nodiscard]] Status Present(const SDL_Surface& frame);

 private:
  struct Buffer;
  ShmPresenter() = default;
  Buffer* FreeBuffer(int width, int height);
  // Reads and dispatches this presenter's events, waiting up to `timeout_ms` for some; false when the
  // connection failed.
  bool WaitForEvents(int timeout_ms);

  wl_display* display_ = nullptr;
  wl_surface* surface_ = nullptr;
  wl_event_queue* queue_ = nullptr;
  wl_shm* shm_ = nullptr;
  std::vector<std::unique_ptr<Buffer>> buffers_;
  uint64_t commits_ = 0;
};

}  // namespace lk::ui
