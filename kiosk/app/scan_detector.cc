#include "kiosk/app/scan_detector.h"

namespace lk::ui {

ScanDetector::ScanDetector(int max_key_interval_ms, size_t min_length)
    : max_interval_(static_cast<uint64_t>(max_key_interval_ms < 0 ? 0 : max_key_interval_ms)), min_length_(min_length) {}

void ScanDetector::OnText(std::string_view utf8, uint64_t t_ms, std::vector<KeyInput>* out) {
  if (utf8.empty()) return;
  Poll(t_ms, out);
  for (unsigned char c : utf8) {
    if ((c & 0xC0) != 0x80) ++held_chars_;  // count characters, not UTF-8 continuation bytes
  }
  held_.append(utf8);
  last_t_ = t_ms;
}

void ScanDetector::OnEnter(uint64_t t_ms, std::vector<KeyInput>* out) {
  if (!held_.empty() && t_ms - last_t_ <= max_interval_ && held_chars_ >= min_length_) {
    out->push_back({KeyInput::Kind::kScan, std::move(held_)});
    held_.clear();
    held_chars_ = 0;
    return;
  }
  Flush(out);
  out->push_back({KeyInput::Kind::kEnter, {}});
}

void ScanDetector::Poll(uint64_t now_ms, std::vector<KeyInput>* out) {
  if (!held_.empty() && now_ms - last_t_ > max_interval_) Flush(out);
}

void ScanDetector::Flush(std::vector<KeyInput>* out) {
  if (held_.empty()) return;
  out->push_back({KeyInput::Kind::kTyped, std::move(held_)});
  held_.clear();
  held_chars_ = 0;
}

std::optional<uint64_t> ScanDetector::Deadline() const {
  if (held_.empty()) return std::nullopt;
  return last_t_ + max_interval_ + 1;
}

}  // namespace lk::ui
