#include "kiosk/core/config.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <regex>
#include <sstream>

#include <toml++/toml.h>

#include "kiosk/core/time_zone.h"

namespace lk {
namespace {

// One key's reader: checks type and range, stores into the config, or returns what was expected.
using KeyReader = std::function<std::string(const toml::node&, KioskConfig&)>;

KeyReader Integer(int KioskConfig::*field, int lo, int hi) {
  return [=](const toml::node& node, KioskConfig& config) -> std::string {
    std::string expected = "an integer from " + std::to_string(lo) + " to " + std::to_string(hi);
    auto value = node.value_exact<int64_t>();
    if (!value || *value < lo || *value > hi) return expected;
    config.*field = int(*value);
    return {};
  };
}

KeyReader Boolean(bool KioskConfig::*field) {
  return [=](const toml::node& node, KioskConfig& config) -> std::string {
    auto value = node.value_exact<bool>();
    if (!value) return "true or false";
    config.*field = *value;
    return {};
  };
}

KeyReader Text(std::string KioskConfig::*field, std::function<std::string(const std::string&)> check = nullptr) {
  return [=](const toml::node& node, KioskConfig& config) -> std::string {
    auto value = node.value_exact<std::string>();
    if (!value) return "a string";
    if (check) {
      if (std::string problem = check(*value); !problem.empty()) return problem;
    }
    config.*field = *value;
    return {};
  };
}

std::string CheckTimeZone(const std::string& name) {
  auto zone = TimeZone::Load(name);
  return zone.ok() ? "" : "a time zone name such as \"Asia/Shanghai\" (" + zone.status().message() + ")";
}

std::string CheckPattern(const std::string& pattern) {
  // libstdc++ compiles a regex recursively, one stack frame per atom: a pattern of ~100 000 characters
  // overflows the stack and kills the process (found by tests/fuzz, fuzz_kiosk_config). No learner id
  // pattern needs more than a few dozen characters.
  if (pattern.size() > 256) return "a regular expression of at most 256 characters";
  try {
    std::regex re(pattern);
  } catch (const std::regex_error& e) {
    return std::string("a regular expression (ECMAScript syntax): ") + e.what();
  }
  return pattern.empty() ? "a non-empty regular expression" : "";
}

std::string CheckCorner(const std::string& corner) {
  static const char* kCorners[] = {"top-left", "top-right", "bottom-left", "bottom-right"};
  for (const char* c : kCorners) {
    if (corner == c) return "";
  }
  return "one of \"top-left\", \"top-right\", \"bottom-left\", \"bottom-right\"";
}

std::string CheckHubUrl(const std::string& url) {
  if (url.empty() || url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0) return "";
  return "an http:// or https:// URL";
}

std::string CheckPin(const std::string& pin) {
  if (pin.empty() || pin.rfind("sha256//", 0) == 0) return "";
  return "a public key pin of the form \"sha256//BASE64\"";
}

const std::map<std::string, std::map<std::string, KeyReader>>& Schema() {
  static const std::map<std::string, std::map<std::string, KeyReader>> schema = {
      {"kiosk",
       {
           {"time_zone", Text(&KioskConfig::time_zone, CheckTimeZone)},
           {"language",
            [](const toml::node& node, KioskConfig& config) -> std::string {
              auto value = node.value_exact<std::string>();
              auto language = value ? ParseLanguageCode(*value) : std::nullopt;
              if (!language) return "\"zh\" or \"en\"";
              config.language = *language;
              return {};
            }},
           {"large_text", Boolean(&KioskConfig::large_text)},
           {"handwriting_model", Text(&KioskConfig::handwriting_model)},
       }},
      {"checkin",
       {
           {"learner_id_pattern", Text(&KioskConfig::learner_id_pattern, CheckPattern)},
           {"open_before_minutes", Integer(&KioskConfig::open_before_minutes, 0, 24 * 60)},
       }},
      {"display",
       {
           {"fullscreen", Boolean(&KioskConfig::fullscreen)},
           {"hide_cursor", Boolean(&KioskConfig::hide_cursor)},
           {"renderer",
            [](const toml::node& node, KioskConfig& config) -> std::string {
              auto value = node.value_exact<std::string>();
              if (value && *value == "software") {
                config.renderer = RendererChoice::kSoftware;
              } else if (value && *value == "gpu") {
                config.renderer = RendererChoice::kGpu;
              } else {
                return "\"software\" or \"gpu\"";
              }
              return {};
            }},
           {"rotation_degrees",
            [](const toml::node& node, KioskConfig& config) -> std::string {
              auto value = node.value_exact<int64_t>();
              if (!value || (*value != 0 && *value != 90 && *value != 180 && *value != 270)) return "0, 90, 180 or 270";
              config.rotation_degrees = int(*value);
              return {};
            }},
           {"touch_calibration",
            [](const toml::node& node, KioskConfig& config) -> std::string {
              const char* expected = "an array of 6 numbers (a libinput calibration matrix), or []";
              const toml::array* array = node.as_array();
              if (!array || (!array->empty() && array->size() != 6)) return expected;
              std::vector<double> matrix;
              for (const toml::node& item : *array) {
                auto number = item.value<double>();
                if (!number || !std::isfinite(*number)) return expected;  // TOML allows nan and inf
                matrix.push_back(*number);
              }
              config.touch_calibration = std::move(matrix);
              return {};
            }},
           {"idle_prompt_seconds", Integer(&KioskConfig::idle_prompt_seconds, 10, 3600)},
           {"idle_countdown_seconds", Integer(&KioskConfig::idle_countdown_seconds, 5, 600)},
           {"scanner_max_key_interval_ms", Integer(&KioskConfig::scanner_max_key_interval_ms, 5, 500)},
       }},
      {"accessibility",
       {
           {"volume", Integer(&KioskConfig::speech_volume, 0, 100)},
           {"speech_words_per_minute", Integer(&KioskConfig::speech_words_per_minute, 80, 300)},
           {"read_titles", Boolean(&KioskConfig::read_titles)},
       }},
      {"staff",
       {
           {"gesture_corner", Text(&KioskConfig::staff_gesture_corner, CheckCorner)},
           {"gesture_seconds", Integer(&KioskConfig::staff_gesture_seconds, 1, 30)},
           {"card_ids",
            [](const toml::node& node, KioskConfig& config) -> std::string {
              const char* expected = "an array of strings";
              const toml::array* array = node.as_array();
              if (!array) return expected;
              std::vector<std::string> ids;
              for (const toml::node& item : *array) {
                auto id = item.value_exact<std::string>();
                if (!id || id->empty()) return expected;
                ids.push_back(*id);
              }
              config.staff_card_ids = std::move(ids);
              return {};
            }},
           {"pin_max_attempts", Integer(&KioskConfig::pin_max_attempts, 1, 100)},
           {"pin_lockout_minutes", Integer(&KioskConfig::pin_lockout_minutes, 1, 24 * 60)},
           {"auto_lock_seconds", Integer(&KioskConfig::staff_auto_lock_seconds, 15, 3600)},
           {"export_dir", Text(&KioskConfig::export_dir)},
       }},
      {"sync",
       {
           {"hub_url", Text(&KioskConfig::hub_url, CheckHubUrl)},
           {"ca_file", Text(&KioskConfig::ca_file)},
           {"pinned_public_key", Text(&KioskConfig::pinned_public_key, CheckPin)},
           {"heartbeat_seconds", Integer(&KioskConfig::heartbeat_seconds, 10, 24 * 3600)},
           {"connect_timeout_seconds", Integer(&KioskConfig::connect_timeout_seconds, 1, 300)},
           {"transfer_timeout_seconds", Integer(&KioskConfig::transfer_timeout_seconds, 5, 3600)},
           {"retention_days", Integer(&KioskConfig::retention_days, 1, 3650)},
       }},
  };
  return schema;
}

}  // namespace

Result<KioskConfig> ParseKioskConfig(std::string_view toml_text, const std::string& path) {
  toml::table table;
  try {
    table = toml::parse(toml_text, path);
  } catch (const toml::parse_error& e) {
    std::ostringstream os;
    os << path << ":" << e.source().begin.line << ":" << e.source().begin.column << ": not valid TOML: "
       << e.description();
    return Status::InvalidArgument(os.str());
  }
  KioskConfig config;
  config.source_path = path;
  const auto& schema = Schema();
  for (const auto& [section_key, section_node] : table) {
    std::string section(section_key.str());
    auto known = schema.find(section);
    if (known == schema.end()) {
      return Status::InvalidArgument(path + ": unknown section [" + section +
                                     "] (expected kiosk, checkin, display, accessibility, staff or sync)");
    }
    const toml::table* keys = section_node.as_table();
    if (!keys) return Status::InvalidArgument(path + ": " + section + ": expected a [" + section + "] table");
    for (const auto& [key_name, value] : *keys) {
      std::string key(key_name.str());
      std::string full = section + "." + key;
      auto reader = known->second.find(key);
      if (reader == known->second.end()) return Status::InvalidArgument(path + ": unknown key " + full);
      if (std::string expected = reader->second(value, config); !expected.empty()) {
        return Status::InvalidArgument(path + ": " + full + ": expected " + expected);
      }
    }
  }
  return config;
}

Result<KioskConfig> LoadKioskConfig(const std::string& path, bool missing_ok) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    if (missing_ok) return KioskConfig{};
    return Status::NotFound(path + ": config file not found");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(path + ": cannot read the config file");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return ParseKioskConfig(text, path);
}

}  // namespace lk
