#include "kiosk/app/kiosk_window.h"

#include <backends/imgui_impl_sdl.h>
#include <backends/imgui_impl_sdlrenderer.h>

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
  const Uint32 flags = SDL_WINDOW_SHOWN | (windowed ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP);
  window_.reset(SDL_CreateWindow("learning-kiosk", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags));
  if (!window_) return Status::Unavailable(std::string("cannot open the window: ") + SDL_GetError());
  renderer_.reset(SDL_CreateRenderer(window_.get(), -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC));
  if (!renderer_) renderer_.reset(SDL_CreateRenderer(window_.get(), -1, SDL_RENDERER_SOFTWARE));
  if (!renderer_) return Status::Unavailable(std::string("cannot create a renderer: ") + SDL_GetError());

  SDL_DisableScreenSaver();
  SDL_StartTextInput();  // a scanner types: its keys arrive as text
  if (options.hide_cursor && !windowed) SDL_ShowCursor(SDL_DISABLE);
  return Status::Ok();
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
