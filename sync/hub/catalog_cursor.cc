#include "sync/hub/catalog_cursor.h"

#include "sync/hub/credentials.h"

namespace lk::hub {

std::string EncodeCursor(const std::string& epoch, int64_t seq) { return "1." + epoch + "." + std::to_string(seq); }

std::optional<int64_t> DecodeCursor(std::string_view cursor, const CatalogState& state) {
  if (cursor.size() > 64 || cursor.substr(0, 2) != "1.") return std::nullopt;
  cursor.remove_prefix(2);
  size_t dot = cursor.find('.');
  if (dot == std::string_view::npos || cursor.substr(0, dot) != state.epoch) return std::nullopt;
  std::string_view digits = cursor.substr(dot + 1);
  if (digits.empty() || digits.size() > 18) return std::nullopt;
  int64_t seq = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    seq = seq * 10 + (c - '0');
  }
  if (seq > state.max_seq || seq < state.horizon_seq) return std::nullopt;
  return seq;
}

std::string CatalogEtag(const CatalogState& state, std::string_view since, size_t limit) {
  std::string key = state.centre.id + '\n' + state.centre.name.zh + '\n' + state.centre.name.en + '\n' +
                    state.centre.time_zone + '\n' + state.catalog_version + '\n' + state.epoch + '\n' +
                    std::to_string(state.max_seq) + '\n' + std::to_string(state.horizon_seq) + '\n' +
                    std::string(since) + '\n' + std::to_string(limit);
  return "\"" + Sha256Hex(key).substr(0, 32) + "\"";
}

bool IfNoneMatchHits(std::string_view header, std::string_view etag) {
  size_t pos = 0;
  while (pos <= header.size()) {
    size_t comma = header.find(',', pos);
    std::string_view item = header.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.substr(0, 2) == "W/") item.remove_prefix(2);
    if (item == "*" || item == etag) return true;
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return false;
}

}  // namespace lk::hub
