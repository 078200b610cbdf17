// Screenshot: reads what the renderer drew this frame and writes it as a PNG (stb_image_write).
// Call after rendering and before SDL_RenderPresent. UI thread only.
#pragma once

#include <string>

#include <SDL.h>

#include "kiosk/core/status.h"

namespace lk::ui {

Status WriteRendererPng(SDL_Renderer* renderer, const std::string& path);

}  // namespace lk::ui
