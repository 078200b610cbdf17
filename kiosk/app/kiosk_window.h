// KioskWindow: the kiosk's window - SDL (video and events), the full-screen window (or a window of a
// given size for tests and previews), its renderer and the Dear ImGui context with its SDL platform and
// SDL_Renderer backends, set up for a touch kiosk: taps as mouse events, no screensaver, text input on
// (scanners type), no ImGui ini or log files, no anti-aliasing fringes on the software renderer (it would
// rasterise each one pixel by pixel).
//
// The renderer ([display] renderer): kGpu is SDL's accelerated renderer with vsync (the software one
// when there is none). kSoftware is SDL's software renderer: on Wayland it draws into a frame surface of
// the window's size that a ShmPresenter hands to the compositor (no GL context at all), elsewhere (X11,
// KMSDRM, the dummy driver of the UI tests) into SDL's own window framebuffer. Call Present() once per
// frame after drawing, and FollowWindowSize() when SDL reports a new window size.
//
// Owns all of them (RAII, torn down in reverse order). One per process; UI thread only.
#pragma once

#include <memory>
#include <optional>

#include <SDL.h>
#include <imgui.h>

#include "kiosk/app/sdl_handles.h"
#include "kiosk/app/shm_presenter.h"
#include "kiosk/core/config.h"
#include "kiosk/core/status.h"

namespace lk::ui {

class KioskWindow {
 public:
  struct Options {
    int width = 0, height = 0;  // 0: full screen (when `fullscreen`) or 1920x1080
    bool fullscreen = true;
    bool hide_cursor = true;    // full screen only
    RendererChoice renderer = RendererChoice::kSoftware;
  };
  static Result<std::unique_ptr<KioskWindow>> Open(const Options& options);
  ~KioskWindow();
  KioskWindow(const KioskWindow&) = delete;
  KioskWindow& operator=(const KioskWindow&) = delete;

  SDL_Window* window() const { return window_.get(); }
  SDL_Renderer* renderer() const { return renderer_.get(); }
  ImVec2 size() const;
  // True when frames go to the compositor through shared memory (kSoftware on Wayland).
  bool presents_shared_memory() const { return presenter_ != nullptr; }

  // Shows what was drawn since the last call.
  [[nodiscard]] Status Present();
  // After a resize: a shared-memory frame surface of the new size, with a new renderer (its textures,
  // the font atlas among them, are gone: true means the caller must upload them again).
  [[nodiscard]] Result<bool> FollowWindowSize();

 private:
  KioskWindow() = default;
  Status OpenSdl(const Options& options);
  Status OpenFrameRenderer();  // the frame surface and the software renderer drawing into it
  void OpenImGui();

  std::optional<SdlLibrary> sdl_;
  SdlWindow window_;
  std::unique_ptr<ShmPresenter> presenter_;
  SdlSurface frame_;  // what the renderer draws into when presenter_ shows it
  SdlRenderer renderer_;
  ImGuiContext* imgui_ = nullptr;
};

}  // namespace lk::ui
