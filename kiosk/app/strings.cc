#include "kiosk/app/strings.h"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace lk::ui {
namespace {

Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot open " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Status ParseTable(std::string_view json_text, const std::string& source, std::map<std::string, std::string, std::less<>>* table) {
  nlohmann::json json = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return Status::InvalidArgument(source + ": expected a JSON object of key -> text");
  for (const auto& [key, value] : json.items()) {
    if (!value.is_string()) return Status::InvalidArgument(source + ": " + key + ": expected a string");
    (*table)[key] = value.get<std::string>();
  }
  return Status::Ok();
}

}  // namespace

Result<Strings> Strings::Load(const std::string& dir) {
  LK_ASSIGN_OR_RETURN(std::string zh, ReadWholeFile(dir + "/zh.json"));
  LK_ASSIGN_OR_RETURN(std::string en, ReadWholeFile(dir + "/en.json"));
  return Parse(zh, en, dir);
}

Result<Strings> Strings::Parse(std::string_view zh_json, std::string_view en_json, const std::string& source) {
  Strings strings;
  LK_RETURN_IF_ERROR(ParseTable(zh_json, source + "/zh.json", &strings.zh_));
  LK_RETURN_IF_ERROR(ParseTable(en_json, source + "/en.json", &strings.en_));
  return strings;
}

std::string_view Strings::Get(Language lang, std::string_view key) const {
  const Table& t = table(lang);
  if (auto it = t.find(key); it != t.end()) return it->second;
  return key;  // a bug the i18n test catches; showing the key beats showing nothing
}

std::string Strings::Format(Language lang, std::string_view key, std::initializer_list<TextArg> args) const {
  return FillPlaceholders(Get(lang, key), args);
}

bool Strings::Has(Language lang, std::string_view key) const { return table(lang).contains(key); }

std::vector<std::string> Strings::Keys(Language lang) const {
  std::vector<std::string> keys;
  for (const auto& [key, text] : table(lang)) keys.push_back(key);
  return keys;
}

std::string Strings::AllText() const {
  std::string all;
  for (const Table* t : {&zh_, &en_}) {
    for (const auto& [key, text] : *t) all += text;
  }
  return all;
}

std::string FillPlaceholders(std::string_view text, std::initializer_list<TextArg> args) {
  std::string out;
  out.reserve(text.size() + 16);
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '{') {
      size_t close = text.find('}', i + 1);
      if (close != std::string_view::npos) {
        std::string_view name = text.substr(i + 1, close - i - 1);
        const TextArg* match = nullptr;
        for (const TextArg& arg : args) {
          if (arg.name == name) match = &arg;
        }
        if (match) {
          out += match->value;
          i = close + 1;
          continue;
        }
      }
    }
    out += text[i++];
  }
  return out;
}

}  // namespace lk::ui
