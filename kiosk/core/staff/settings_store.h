// SettingsStore: the settings staff may change on the kiosk (default language, large text, idle
// timeout, read-aloud volume, reading screen titles on entry), stored in the `settings` table as overrides on top of the config file.
//
// Load returns the config's values with any stored override applied; a stored value this build cannot
// read is ignored (the config's value wins) rather than stopping the kiosk. Save writes only the values
// that changed, each with one audit entry ("setting.changed", "language: zh -> en"), all in one
// transaction. Borrows a Database; use from the thread that owns it.
#pragma once

#include <string>

#include "kiosk/core/config.h"
#include "kiosk/core/domain.h"
#include "kiosk/core/sqlite_db.h"
#include "kiosk/core/status.h"

namespace lk {

constexpr int kMinIdleTimeoutSeconds = 10;  // same range as [display] idle_prompt_seconds
constexpr int kMaxIdleTimeoutSeconds = 3600;
constexpr int kMinSpeechVolume = 0;  // same range as [accessibility] volume
constexpr int kMaxSpeechVolume = 100;

struct StaffSettings {
  Language language = Language::kZh;  // [kiosk] language: shown after the idle reset
  bool large_text = false;            // [kiosk] large_text
  int idle_timeout_seconds = 60;      // [display] idle_prompt_seconds
  int speech_volume = 80;             // [accessibility] volume, percent of full scale
  bool read_titles = false;           // [accessibility] read_titles
  bool operator==(const StaffSettings&) const = default;
};

StaffSettings SettingsFromConfig(const KioskConfig& config);
// Writes `settings` into the matching config fields.
void ApplySettings(const StaffSettings& settings, KioskConfig& config);

class SettingsStore {
 public:
  explicit SettingsStore(Database& db) : db_(db) {}

  Result<StaffSettings> Load(const KioskConfig& config);
  // InvalidArgument (nothing saved) when idle_timeout_seconds is outside [10, 3600] or speech_volume
  // outside [0, 100].
  Status Save(const StaffSettings& settings, const KioskConfig& config, const std::string& actor, TimeMs now);

 private:
  Database& db_;
};

}  // namespace lk
