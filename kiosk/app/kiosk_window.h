// KioskWindow: the kiosk's window - SDL (video and events), the full-screen window (or a window of a
// given size for tests and previews), its renderer (accelerated with vsync, else software) and the Dear
// ImGui context with its SDL platform and SDL_Renderer backends, set up for a touch kiosk: taps as mouse
// events, no screensaver, text input on (scanners type), no ImGui ini or log files, no anti-aliasing
// fringes on the software renderer (it would rasterise each one pixel by pixel).
//
// Owns all of them (RAII, torn down in reverse order). One per process; UI thread only.
#pragma once

#include <memory>
#include <optional>

#include <SDL.h>
#include <imgui.h>

#include "kiosk/app/sdl_handles.h"
#include "kiosk/core/status.h"

namespace lk::ui {

class KioskWindow {
 public:
  struct Options {
    int width = 0, height = 0;  // 0: full screen (when `fullscreen`) or 1920x1080
    bool fullscreen = true;
    bool hide_cursor = true;    // full screen only
  };
  static Result<std::unique_ptr<KioskWindow>> Open(const Options& options);
  ~KioskWindow();
  KioskWindow(const KioskWindow&) = delete;
  KioskWindow& operator=(const KioskWindow&) = delete;

  SDL_Window* window() const { return window_.get(); }
  SDL_Renderer* renderer() const { return renderer_.get(); }
  ImVec2 size() const;

 private:
  KioskWindow() = default;
  Status OpenSdl(const Options& options);
  void OpenImGui();

  std::optional<SdlLibrary> sdl_;
  SdlWindow window_;
  SdlRenderer renderer_;
  ImGuiContext* imgui_ = nullptr;
};

}  // namespace lk::ui
