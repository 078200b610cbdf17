#include "kiosk/app/screenshot.h"

#include <vector>

#include <stb_image_write.h>

namespace lk::ui {

Status WriteRendererPng(SDL_Renderer* renderer, const std::string& path) {
  int w = 0, h = 0;
  if (SDL_GetRendererOutputSize(renderer, &w, &h) != 0 || w <= 0 || h <= 0) {
    return Status::Internal(std::string("cannot read the renderer's size: ") + SDL_GetError());
  }
  std::vector<unsigned char> pixels(size_t(w) * size_t(h) * 3);
  if (SDL_RenderReadPixels(renderer, nullptr, SDL_PIXELFORMAT_RGB24, pixels.data(), w * 3) != 0) {
    return Status::Internal(std::string("cannot read the frame: ") + SDL_GetError());
  }
  if (!stbi_write_png(path.c_str(), w, h, 3, pixels.data(), w * 3)) {
    return Status::IoError("cannot write " + path);
  }
  return Status::Ok();
}

}  // namespace lk::ui
