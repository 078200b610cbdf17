#include "sync/protocol/protocol.h"

#include <cctype>

#include <nlohmann/json.hpp>

#include "kiosk/core/catalog_json.h"

namespace lk::sync {

std::string DumpJson(const nlohmann::json& message) {
  return message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string ErrorBodyToJson(const ErrorBody& error) {
  nlohmann::json j = {{"error", {{"code", error.code}, {"message", error.message}}}};
  return DumpJson(j);
}

std::optional<ErrorBody> ParseErrorBody(std::string_view body) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  auto e = j.find("error");
  if (e == j.end() || !e->is_object()) return std::nullopt;
  auto code = e->find("code");
  auto message = e->find("message");
  if (code == e->end() || !code->is_string()) return std::nullopt;
  ErrorBody out;
  out.code = code->get<std::string>();
  if (message != e->end() && message->is_string()) out.message = message->get<std::string>();
  return out;
}

std::optional<int> ParseProtocolVersion(std::string_view value) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  if (value.empty() || value.size() > 4) return std::nullopt;
  int v = 0;
  for (char c : value) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  if (v < 1) return std::nullopt;
  return v;
}

Result<int64_t> IntegerAt(const nlohmann::json& object, const char* key, int64_t min, int64_t max) {
  auto it = object.find(key);
  const std::string range = "an integer from " + std::to_string(min) + " to " + std::to_string(max);
  if (it == object.end()) return Status::InvalidArgument(std::string(key) + ": missing, expected " + range);
  bool in_range = it->is_number_integer() && !(it->is_number_unsigned() && it->get<uint64_t>() > uint64_t(INT64_MAX)) &&
                  it->get<int64_t>() >= min && it->get<int64_t>() <= max;
  if (!in_range) return Status::InvalidArgument(std::string(key) + ": expected " + range);
  return it->get<int64_t>();
}

std::string UrlEncode(std::string_view text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(char(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

}  // namespace lk::sync
