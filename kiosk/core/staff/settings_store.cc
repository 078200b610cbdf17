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

std::optional<int> ParseSeconds(const std::string& text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  if (value < kMinIdleTimeoutSeconds || value > kMaxIdleTimeoutSeconds) return std::nullopt;
  return value;
}

// Each stored setting as text, in a fixed order.
std::vector<std::pair<const char*, std::string>> AsText(const StaffSettings& s) {
  return {{kLanguageKey, LanguageCode(s.language)},
          {kLargeTextKey, s.large_text ? "true" : "false"},
          {kIdleTimeoutKey, std::to_string(s.idle_timeout_seconds)}};
}

}  // namespace

StaffSettings SettingsFromConfig(const KioskConfig& config) {
  return {config.language, config.large_text, config.idle_prompt_seconds};
}

void ApplySettings(const StaffSettings& settings, KioskConfig& config) {
  config.language = settings.language;
  config.large_text = settings.large_text;
  config.idle_prompt_seconds = settings.idle_timeout_seconds;
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
      if (value == "true" || value == "false") settings.large_text = value == "true";
    } else if (key == kIdleTimeoutKey) {
      if (auto seconds = ParseSeconds(value)) settings.idle_timeout_seconds = *seconds;
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
