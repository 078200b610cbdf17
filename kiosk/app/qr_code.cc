#include "kiosk/app/qr_code.h"

#include <qrencode.h>

#include <memory>
#include <string>

namespace lk::ui {

std::optional<QrCode> QrCode::Encode(std::string_view text) {
  if (text.empty()) return std::nullopt;
  const std::string data(text);
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeData(int(data.size()), reinterpret_cast<const unsigned char*>(data.data()), 0, QR_ECLEVEL_M),
      &QRcode_free);
  if (!code) return std::nullopt;
  QrCode out;
  out.width = code->width;
  out.dark.resize(size_t(code->width) * size_t(code->width));
  for (size_t i = 0; i < out.dark.size(); ++i) out.dark[i] = (code->data[i] & 1) != 0;  // bit 0: dark module
  return out;
}

}  // namespace lk::ui
