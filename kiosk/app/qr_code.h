// QrCode: a QR code's modules for the screen, made with Debian's libqrencode (8-bit mode, error
// correction level M, the smallest version that holds the text). Plain value; Encode is a pure function
// (libqrencode keeps no state between calls), cheap enough for the UI thread (well under a millisecond
// for a URL), and thread-safe.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace lk::ui {

struct QrCode {
  int width = 0;              // modules per side, without the quiet zone
  std::vector<bool> dark;     // width * width, row by row

  bool at(int x, int y) const { return dark[size_t(y) * size_t(width) + size_t(x)]; }
  // nullopt when the text cannot be encoded (empty, or too long for any version).
  static std::optional<QrCode> Encode(std::string_view text);
};

}  // namespace lk::ui
