#include "kiosk/core/staff/settings_store.h"

#include <charconv>
#include <optional>
#include <vector>

#include "kiosk/core/device_state.h"

namespace lk {
namespace {

constexpr const char* kLanguageKey = "kiosk.language";
constexpr const char* kLargeTextKey = "kiosk.large_text";
constexpr const char* kIdleTimeoutKey = "display.idle_timeout_seconds";
constexpr const char* kVolumeKey = "accessibility.volume";
constexpr const char* kReadTitlesKey = "accessibility.read_titles";

std::optional<int> ParseInt(const std::string& text, int min, int max) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  if (value < min || value > max) return std::nullopt;
  return value;
}

std::optional<bool> ParseBool(const std::string& text) {
  if (text == "true" || text == "false") return text == "true";
  return std::nullopt;
}

// Each stored setting as text, in a fixed order.
std::vector<std::pair<const char*, std::string>> AsText(const StaffSettings& s) {
  return {{kLanguageKey, LanguageCode(s.language)},
          {kLargeTextKey, s.large_text ? "true" : "false"},
          {kIdleTimeoutKey, std::to_string(s.idle_timeout_seconds)},
          {kVolumeKey, std::to_string(s.speech_volume)},
          {kReadTitlesKey, s.read_titles ? "true" : "false"}};
}

}  // namespace

StaffSettings SettingsFromConfig(const KioskConfig& config) {
  return {config.language, config.large_text, config.idle_prompt_seconds, config.speech_volume, config.read_titles};
}

void ApplySettings(const StaffSettings& settings, KioskConfig& config) {
  config.language = settings.language;
  config.large_text = settings.large_text;
  config.idle_prompt_seconds = settings.idle_timeout_seconds;
  config.speech_volume = settings.speech_volume;
  config.read_titles = settings.read_titles;
}

Result<StaffSettings> SettingsStore::Load(const KioskConfig& config) {
  StaffSettings settings = SettingsFromConfig(config);
  LK_ASSIGN_OR_RETURN(auto s, db_.Cached("SELECT key, value FROM settings"));
  while (true) {
    LK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    std::string key = s->ColumnText(0), value = s->ColumnText(1);
    if (key == kLanguageKey) {
      if (auto language = ParseLanguageCode(value)) settings.language = *language;
    } else if (key == kLargeTextKey) {
      if (auto on = ParseBool(value)) settings.large_text = *on;
    } else if (key == kIdleTimeoutKey) {
      if (auto seconds = ParseInt(value, kMinIdleTimeoutSeconds, kMaxIdleTimeoutSeconds)) {
        settings.idle_timeout_seconds = *seconds;
      }
    } else if (key == kVolumeKey) {
      if (auto volume = ParseInt(value, kMinSpeechVolume, kMaxSpeechVolume)) settings.speech_volume = *volume;
    } else if (key == kReadTitlesKey) {
      if (auto on = ParseBool(value)) settings.read_titles = *on;
    }
  }
  return settings;
}

Status SettingsStore::Save(const StaffSettings& settings, const KioskConfig& config, const std::string& actor,
                           TimeMs now) {
  if (settings.idle_timeout_seconds < kMinIdleTimeoutSeconds ||
      settings.idle_timeout_seconds > kMaxIdleTimeoutSeconds) {
    return Status::InvalidArgument("idle timeout " + std::to_string(settings.idle_timeout_seconds) + " s is outside " +
                                   std::to_string(kMinIdleTimeoutSeconds) + " to " +
                                   std::to_string(kMaxIdleTimeoutSeconds) + " s");
  }
  if (settings.speech_volume < kMinSpeechVolume || settings.speech_volume > kMaxSpeechVolume) {
    return Status::InvalidArgument("volume " + std::to_string(settings.speech_volume) + "% is outside " +
                                   std::to_string(kMinSpeechVolume) + " to " + std::to_string(kMaxSpeechVolume) +
                                   "%");
  }
  LK_ASSIGN_OR_RETURN(Transaction txn, db_.Begin(TransactionMode::kImmediate));
  LK_ASSIGN_OR_RETURN(StaffSettings current, Load(config));
  auto before = AsText(current), after = AsText(settings);
  LK_ASSIGN_OR_RETURN(
      auto upsert,
      db_.Cached("INSERT INTO settings(key, value, updated_at) VALUES (?, ?, ?) "
                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at"));
  AuditLog audit(db_);
  for (size_t i = 0; i < after.size(); ++i) {
    if (before[i].second == after[i].second) continue;
    LK_RETURN_IF_ERROR(upsert->Bind(1, after[i].first).Bind(2, after[i].second).Bind(3, now).Run());
    LK_RETURN_IF_ERROR(audit.Append(actor, "setting.changed",
                                    std::string(after[i].first) + ": " + before[i].second + " -> " + after[i].second,
                                    now));
  }
  return txn.Commit();
}

}  // namespace lk
