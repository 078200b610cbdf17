// ScanDetector: tells a barcode/QR scanner from a person typing on a keyboard.
//
// A USB scanner "types" the code followed by Enter, each key a few milliseconds after the last. Characters
// that arrive at most `max_key_interval_ms` apart and end with Enter, at least `min_length` of them, are a
// scan. Anything slower is ordinary typing: held characters are released as typed text once the gap since
// the last one exceeds the interval (the caller polls at Deadline()), and an Enter that ends no scan is a
// typed Enter. Times are in one monotonic millisecond base (SDL event timestamps).
//
// Pure logic, no SDL: single-threaded, owned by the UI thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lk::ui {

struct KeyInput {
  enum class Kind {
    kTyped,  // text typed by a person (one or more characters)
    kEnter,  // Enter typed by a person
    kScan,   // a complete scan: `text` is the code without the Enter
  };
  Kind kind;
  std::string text;
  bool operator==(const KeyInput&) const = default;
};

class ScanDetector {
 public:
  explicit ScanDetector(int max_key_interval_ms, size_t min_length = 4);

  // `utf8` is one text-input event (usually one character); each character is timed at `t_ms`.
  void OnText(std::string_view utf8, uint64_t t_ms, std::vector<KeyInput>* out);
  void OnEnter(uint64_t t_ms, std::vector<KeyInput>* out);
  // Releases held characters as typed text if the gap since the last one has passed.
  void Poll(uint64_t now_ms, std::vector<KeyInput>* out);
  // Releases held characters unconditionally (before a non-text key such as Backspace).
  void Flush(std::vector<KeyInput>* out);
  // When Poll next has something to release; nullopt when nothing is held.
  std::optional<uint64_t> Deadline() const;
  // Forgets held characters (the kiosk reset to its welcome screen).
  void Clear() {
    held_.clear();
    held_chars_ = 0;
  }

 private:
  const uint64_t max_interval_;
  const size_t min_length_;
  std::string held_;  // characters that may still turn out to be a scan
  size_t held_chars_ = 0;
  uint64_t last_t_ = 0;
};

}  // namespace lk::ui
