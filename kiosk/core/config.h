// KioskConfig: the operator's settings from one TOML file (`/etc/learning-kiosk/kiosk.toml` by default).
//
// Every key has a default fit for the demo, so an empty or missing file is a valid configuration when
// the caller allows it. An unknown section or key, a wrong type or a value out of range is an error
// whose message names the file, the key and what was expected. config/kiosk.example.toml documents
// every key. Plain value type: copy freely, no shared state.
#pragma once

#include <string>
#include <vector>

#include "kiosk/core/domain.h"
#include "kiosk/core/status.h"

namespace lk {

constexpr const char* kDefaultConfigPath = "/etc/learning-kiosk/kiosk.toml";
constexpr const char* kDefaultDataDir = "/var/lib/learning-kiosk";

// How frames reach the screen ([display] renderer). Measured under cage in tests/bench/RESULTS.md.
enum class RendererChoice {
  kSoftware,  // SDL's software renderer; on Wayland into shared memory with no GL (kiosk/app/shm_presenter.h)
  kGpu,       // SDL's accelerated renderer (GLES/GL) with vsync; the software one when there is none
};

struct KioskConfig {
  // [kiosk]
  std::string time_zone = "Asia/Shanghai";
  Language language = Language::kZh;  // language shown after the idle reset
  bool large_text = false;
  std::string handwriting_model;  // zinnia model for the search pad; "" = the default (handwriting/recognizer.h)

  // [checkin]
  std::string learner_id_pattern = "[0-9A-Za-z-]{4,32}";  // must match the whole id
  int open_before_minutes = 30;                          // check-in opens this long before the start

  // [display]
  bool fullscreen = true;
  bool hide_cursor = true;
  RendererChoice renderer = RendererChoice::kSoftware;
  int rotation_degrees = 0;                  // 0, 90, 180 or 270 (passed to the compositor)
  std::vector<double> touch_calibration;     // empty, or 6 numbers: libinput calibration matrix
  int idle_prompt_seconds = 60;              // no input for this long: "are you still there?"
  int idle_countdown_seconds = 20;           // then this long before resetting to the welcome screen
  int scanner_max_key_interval_ms = 40;      // keys faster than this, ending in Enter, are a scan

  // [staff]
  std::string staff_gesture_corner = "top-left";  // top-left, top-right, bottom-left, bottom-right
  int staff_gesture_seconds = 3;
  std::vector<std::string> staff_card_ids;
  int pin_max_attempts = 5;
  int pin_lockout_minutes = 5;
  int staff_auto_lock_seconds = 120;
  std::string export_dir = "/media/learning-kiosk";

  // [accessibility]
  int speech_volume = 80;              // percent of full scale for read-aloud
  int speech_words_per_minute = 150;   // read-aloud speed
  bool read_titles = false;            // in large text, each screen's title is read aloud on entry

  // [sync]
  std::string hub_url;            // empty: use the URL stored by `kioskctl enroll`
  std::string ca_file;            // extra CA bundle for the hub's certificate
  std::string pinned_public_key;  // "sha256//BASE64" (libcurl CURLOPT_PINNEDPUBLICKEY)
  int heartbeat_seconds = 60;
  int connect_timeout_seconds = 10;
  int transfer_timeout_seconds = 60;
  int retention_days = 90;        // acknowledged records older than this are pruned

  std::string source_path;  // the file this came from ("" for defaults)
};

// Parses TOML text; `path` names the source in messages.
Result<KioskConfig> ParseKioskConfig(std::string_view toml_text, const std::string& path);
// Reads `path`. A missing file is an error unless `missing_ok` (then the defaults are returned).
Result<KioskConfig> LoadKioskConfig(const std::string& path, bool missing_ok);

}  // namespace lk
