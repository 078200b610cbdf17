// The reference for the kiosk's start-up in a cage session: an empty SDL + Dear ImGui frame drawn and
// shown the way the kiosk draws and shows its frames (kiosk/app/kiosk_window.h: the same window, renderer
// and presenter for `--renderer`, ImGui's default font), then READY=1 to $NOTIFY_SOCKET, as the kiosk sends
// it after its first frame. It then idles until cage goes away. session_bench times both from launch.
//   empty_frame [--renderer software|gpu]
#include <cstring>
#include <iostream>

#include <backends/imgui_impl_sdl.h>
#include <backends/imgui_impl_sdlrenderer.h>

#include "kiosk/app/display_link.h"
#include "kiosk/app/kiosk_window.h"
#include "kiosk/app/watchdog.h"

int main(int argc, char** argv) {
  lk::ui::KioskWindow::Options options;
  if (argc == 3 && std::strcmp(argv[1], "--renderer") == 0) {
    options.renderer = std::strcmp(argv[2], "gpu") == 0 ? lk::RendererChoice::kGpu : lk::RendererChoice::kSoftware;
  }
  auto window = lk::ui::KioskWindow::Open(options);
  if (!window.ok()) {
    std::cerr << "empty_frame: " << window.status().ToString() << "\n";
    return 1;
  }
  ImGui_ImplSDLRenderer_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  ImGui::NewFrame();
  ImGui::Render();
  SDL_RenderClear((*window)->renderer());
  ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
  if (lk::Status shown = (*window)->Present(); !shown.ok()) {
    std::cerr << "empty_frame: " << shown.ToString() << "\n";
    return 1;
  }
  lk::ui::SystemdNotifier notifier;
  notifier.Notify("READY=1");
  SDL_Event event;
  while (!lk::ui::DisplayLost((*window)->window())) SDL_WaitEventTimeout(&event, 200);
  return 0;
}
