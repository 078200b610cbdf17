#include "kiosk/app/kiosk_window.h"

#include <backends/imgui_impl_sdl.h>
#include <backends/imgui_impl_sdlrenderer.h>

#include <algorithm>
#include <cstring>
#include <iostream>
#include <string>

namespace lk::ui {

Result<std::unique_ptr<KioskWindow>> KioskWindow::Open(const Options& options) {
  std::unique_ptr<KioskWindow> window(new KioskWindow());
  LK_RETURN_IF_ERROR(window->OpenSdl(options));
  window->OpenImGui();
  return window;
}

KioskWindow::~KioskWindow() {
  if (imgui_) {
    ImGui_ImplSDLRenderer_Shutdown();
    ImGui_ImplSDL2_Shutdown();
    ImGui::DestroyContext(imgui_);
  }
  renderer_.reset();
  frame_.reset();
  presenter_.reset();
  window_.reset();
  sdl_.reset();
}

ImVec2 KioskWindow::size() const {
  int w = 0, h = 0;
  SDL_GetWindowSize(window_.get(), &w, &h);
  return ImVec2(float(w), float(h));
}

Status KioskWindow::OpenSdl(const Options& options) {
  SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
  SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "1");  // a finger moves the mouse: one path for taps
  SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
  SDL_SetHint(SDL_HINT_MOUSE_FOCUS_CLICKTHROUGH, "1");
  SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
  sdl_.emplace(SDL_INIT_VIDEO | SDL_INIT_EVENTS);
  if (!sdl_->ok()) return Status::Unavailable(std::string("cannot start SDL: ") + SDL_GetError());

  const bool windowed = options.width > 0 || !options.fullscreen;
  const int w = options.width > 0 ? options.width : 1920;
  const int h = options.height > 0 ? options.height : 1080;
  const char* driver = SDL_GetCurrentVideoDriver();
  const bool shared_memory =
      options.renderer == RendererChoice::kSoftware && driver != nullptr && std::strcmp(driver, "wayland") == 0;
  // Borderless: asked for decorations, cage answers "client side", and SDL 2.26 then remaps the window
  // through libdecor, which never maps a window that draws without GL.
  // Resizable when windowed: the layout follows any size, and cage gives every window the whole output.
  const Uint32 flags = SDL_WINDOW_SHOWN | (windowed ? SDL_WINDOW_RESIZABLE : SDL_WINDOW_FULLSCREEN_DESKTOP) |
                       (shared_memory ? SDL_WINDOW_BORDERLESS : 0);
  window_.reset(SDL_CreateWindow("learning-kiosk", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags));
  if (!window_) return Status::Unavailable(std::string("cannot open the window: ") + SDL_GetError());
  if (shared_memory) {
    auto presenter = ShmPresenter::Open(window_.get());
    if (presenter.ok()) {
      presenter_ = std::move(presenter).value();
      LK_RETURN_IF_ERROR(OpenFrameRenderer());
    } else {
      std::cerr << "learning-kiosk: " << presenter.status().message()
                << ": the software renderer draws through SDL's window surface instead\n";
    }
  }
  if (!renderer_ && options.renderer == RendererChoice::kGpu) {
    renderer_.reset(SDL_CreateRenderer(window_.get(), -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC));
  }
  if (!renderer_) renderer_.reset(SDL_CreateRenderer(window_.get(), -1, SDL_RENDERER_SOFTWARE));
  if (!renderer_) return Status::Unavailable(std::string("cannot create a renderer: ") + SDL_GetError());

  SDL_DisableScreenSaver();
  SDL_StartTextInput();  // a scanner types: its keys arrive as text
  if (options.hide_cursor && !windowed) SDL_ShowCursor(SDL_DISABLE);
  return Status::Ok();
}

Status KioskWindow::OpenFrameRenderer() {
  int w = 0, h = 0;
  SDL_GetWindowSize(window_.get(), &w, &h);
  frame_.reset(SDL_CreateRGBSurfaceWithFormat(0, std::max(w, 1), std::max(h, 1), 32, SDL_PIXELFORMAT_RGB888));
  if (!frame_) return Status::Unavailable(std::string("cannot allocate the frame: ") + SDL_GetError());
  renderer_.reset(SDL_CreateSoftwareRenderer(frame_.get()));
  if (!renderer_) return Status::Unavailable(std::string("cannot create the software renderer: ") + SDL_GetError());
  return Status::Ok();
}

Status KioskWindow::Present() {
  SDL_RenderPresent(renderer_.get());  // runs the queued drawing; a renderer on frame_ shows nothing itself
  if (!presenter_) return Status::Ok();
  return presenter_->Present(*frame_);
}

Result<bool> KioskWindow::FollowWindowSize() {
  if (!presenter_) return false;  // SDL's own renderers follow the window
  int w = 0, h = 0;
  SDL_GetWindowSize(window_.get(), &w, &h);
  if (w == frame_->w && h == frame_->h) return false;
  ImGui_ImplSDLRenderer_Shutdown();
  renderer_.reset();
  LK_RETURN_IF_ERROR(OpenFrameRenderer());
  ImGui_ImplSDLRenderer_Init(renderer_.get());
  return true;
}

void KioskWindow::OpenImGui() {
  IMGUI_CHECKVERSION();
  imgui_ = ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.LogFilename = nullptr;
  io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;  // the kiosk decides whether a cursor shows
  ImGuiStyle& style = ImGui::GetStyle();
  style.WindowPadding = ImVec2(0, 0);
  style.WindowBorderSize = 0;
  style.WindowRounding = 0;
  style.ItemSpacing = ImVec2(0, 0);
  style.DisabledAlpha = 1.0f;  // disabled buttons draw their own readable colours
  // SDL's software renderer turns plain rectangles into fast fills and copies but rasterizes any other
  // triangle pixel by pixel; ImGui's anti-aliasing fringes are thousands of those.
  SDL_RendererInfo info{};
  if (SDL_GetRendererInfo(renderer_.get(), &info) == 0 && (info.flags & SDL_RENDERER_SOFTWARE)) {
    style.AntiAliasedFill = false;
    style.AntiAliasedLines = false;
    style.AntiAliasedLinesUseTex = false;
  }
  ImGui_ImplSDL2_InitForSDLRenderer(window_.get());
  ImGui_ImplSDLRenderer_Init(renderer_.get());
}

}  // namespace lk::ui
